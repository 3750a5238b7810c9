#include "cli/args.h"

#include <cstdlib>
#include <fstream>
#include <iostream>
#include <sstream>

namespace backcoach::cli {

Result<Args> Args::Parse(const std::vector<std::string>& args, const std::vector<FlagSpec>& specs) {
  Args out;
  for (std::size_t i = 0; i < args.size(); ++i) {
    const std::string& arg = args[i];
    if (arg.size() < 3 || arg.rfind("--", 0) != 0) {
      out.positional_.push_back(arg);
      continue;
    }
    std::string name = arg.substr(2);
    std::optional<std::string> inline_value;
    if (auto eq = name.find('='); eq != std::string::npos) {
      inline_value = name.substr(eq + 1);
      name = name.substr(0, eq);
    }
    const FlagSpec* spec = nullptr;
    for (const auto& s : specs) {
      if (s.name == name) spec = &s;
    }
    if (spec == nullptr) return Status::InvalidArgument("unknown option --" + name);
    if (!spec->takes_value) {
      if (inline_value) return Status::InvalidArgument("option --" + name + " takes no value");
      out.values_[name] = "";
      continue;
    }
    if (inline_value) {
      out.values_[name] = *inline_value;
    } else if (i + 1 < args.size()) {
      out.values_[name] = args[++i];
    } else {
      return Status::InvalidArgument("option --" + name + " needs a value");
    }
  }
  return out;
}

std::optional<std::string> Args::Value(const std::string& flag) const {
  auto it = values_.find(flag);
  if (it == values_.end()) return std::nullopt;
  return it->second;
}

Result<long long> Args::Int(const std::string& flag, long long fallback, long long min,
                            long long max) const {
  auto text = Value(flag);
  if (!text) return fallback;
  char* end = nullptr;
  errno = 0;
  long long v = std::strtoll(text->c_str(), &end, 10);
  if (text->empty() || *end != '\0' || errno != 0 || v < min || v > max) {
    return Status::InvalidArgument("option --" + flag + " must be a whole number from " +
                                   std::to_string(min) + " to " + std::to_string(max) + ", got '" +
                                   *text + "'");
  }
  return v;
}

Result<std::string> ReadInput(const std::string& path, std::istream& in) {
  std::ostringstream buffer;
  if (path == "-") {
    buffer << in.rdbuf();
    return buffer.str();
  }
  std::ifstream file(path, std::ios::binary);
  if (!file) return Status::NotFound("cannot read " + path);
  buffer << file.rdbuf();
  return buffer.str();
}

std::string ContentDir(const Args& args) {
  if (auto dir = args.Value("content")) return *dir;
  if (const char* env = std::getenv("BACKCOACH_CONTENT"); env != nullptr && *env != '\0') {
    return env;
  }
  return BACKCOACH_DEFAULT_CONTENT_DIR;
}

}  // namespace backcoach::cli
