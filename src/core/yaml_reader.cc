#include "core/yaml_reader.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <sstream>

namespace backcoach {

namespace {

// Appended piece by piece: GCC 12 at -O3 reports a false -Wrestrict for
// "'" + std::string(s) (an insert at the front of a temporary), which
// -Werror would turn into a failed Release build.
std::string Quote(std::string_view s) {
  std::string quoted = "'";
  quoted += s;
  quoted += '\'';
  return quoted;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

template <typename T>
std::optional<T> ScalarAs(const YAML::Node& node) {
  if (!node.IsScalar()) return std::nullopt;
  T value{};
  if (!YAML::convert<T>::decode(node, value)) return std::nullopt;
  return value;
}

std::string NumberText(double v) {
  std::ostringstream out;
  out << v;
  return out.str();
}

}  // namespace

Result<YAML::Node> ParseYaml(const std::string& text, const std::string& file_name) {
  try {
    return YAML::Load(text);
  } catch (const YAML::Exception& e) {
    return Status::InvalidArgument(file_name + ": line " + std::to_string(e.mark.line + 1) + ": " +
                                   e.msg);
  }
}

struct MapReader::Impl {
  YAML::Node node;
  YAML::Node scratch;
};

MapReader::MapReader(const YAML::Node& node, std::string where)
    : impl_(new Impl{node, YAML::Node()}), where_(std::move(where)) {
  if (!node.IsMap()) error_ = where_ + ": expected a mapping of fields";
}

MapReader::~MapReader() { delete impl_; }

bool MapReader::Has(std::string_view key) const {
  return impl_->node.IsMap() && impl_->node[std::string(key)].IsDefined() &&
         !impl_->node[std::string(key)].IsNull();
}

void MapReader::Fail(std::string_view key, const std::string& problem) {
  if (!error_.empty()) return;
  error_ = where_ + ": field " + Quote(key) + ": " + problem;
}

const YAML::Node* MapReader::Lookup(std::string_view key, bool required) {
  used_.emplace(key);
  if (!ok()) return nullptr;
  if (!Has(key)) {
    if (required) Fail(key, "is missing");
    return nullptr;
  }
  impl_->scratch.reset(impl_->node[std::string(key)]);
  return &impl_->scratch;
}

std::optional<std::string> MapReader::OptionalString(std::string_view key) {
  const YAML::Node* node = Lookup(key, false);
  if (node == nullptr) return std::nullopt;
  auto value = ScalarAs<std::string>(*node);
  if (!value || value->empty()) {
    Fail(key, "must be non-empty text");
    return std::nullopt;
  }
  return value;
}

std::string MapReader::String(std::string_view key) {
  const bool present = Has(key);
  auto value = OptionalString(key);
  if (!present) Fail(key, "is missing");
  return value.value_or("");
}

std::optional<int> MapReader::OptionalInt(std::string_view key, int min, int max) {
  const YAML::Node* node = Lookup(key, false);
  if (node == nullptr) return std::nullopt;
  auto value = ScalarAs<int>(*node);
  if (!value) {
    Fail(key, "must be a whole number");
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    Fail(key, "must be between " + std::to_string(min) + " and " + std::to_string(max) + ", got " +
                  std::to_string(*value));
    return std::nullopt;
  }
  return value;
}

int MapReader::Int(std::string_view key, int min, int max) {
  const bool present = Has(key);
  auto value = OptionalInt(key, min, max);
  if (!present) Fail(key, "is missing");
  return value.value_or(min);
}

std::optional<double> MapReader::OptionalNumber(std::string_view key, double min, double max) {
  const YAML::Node* node = Lookup(key, false);
  if (node == nullptr) return std::nullopt;
  auto value = ScalarAs<double>(*node);
  if (!value) {
    Fail(key, "must be a number");
    return std::nullopt;
  }
  if (*value < min || *value > max) {
    Fail(key, "must be between " + NumberText(min) + " and " + NumberText(max) + ", got " +
                  NumberText(*value));
    return std::nullopt;
  }
  return value;
}

double MapReader::Number(std::string_view key, double min, double max) {
  const bool present = Has(key);
  auto value = OptionalNumber(key, min, max);
  if (!present) Fail(key, "is missing");
  return value.value_or(min);
}

bool MapReader::OptionalBool(std::string_view key, bool default_value) {
  const YAML::Node* node = Lookup(key, false);
  if (node == nullptr) return default_value;
  auto value = ScalarAs<bool>(*node);
  if (!value) {
    Fail(key, "must be true or false");
    return default_value;
  }
  return *value;
}

bool MapReader::Bool(std::string_view key) {
  if (!Has(key)) {
    used_.emplace(key);
    Fail(key, "is missing");
    return false;
  }
  return OptionalBool(key, false);
}

std::optional<std::string> MapReader::OptionalEnum(std::string_view key,
                                                   const std::vector<std::string>& allowed) {
  auto value = OptionalString(key);
  if (!value) return std::nullopt;
  for (const auto& a : allowed) {
    if (a == *value) return value;
  }
  Fail(key, "must be one of " + Join(allowed) + ", got " + Quote(*value));
  return std::nullopt;
}

std::string MapReader::Enum(std::string_view key, const std::vector<std::string>& allowed) {
  const bool present = Has(key);
  auto value = OptionalEnum(key, allowed);
  if (!present) Fail(key, "is missing");
  return value.value_or("");
}

std::vector<std::string> MapReader::StringList(std::string_view key, bool required,
                                               const std::vector<std::string>& allowed) {
  std::vector<std::string> out;
  const YAML::Node* node = Lookup(key, required);
  if (node == nullptr) return out;
  if (!node->IsSequence()) {
    Fail(key, "must be a list");
    return out;
  }
  for (std::size_t i = 0; i < node->size(); ++i) {
    auto item = ScalarAs<std::string>((*node)[i]);
    if (!item || item->empty()) {
      Fail(key, "item " + std::to_string(i + 1) + " must be non-empty text");
      return {};
    }
    if (!allowed.empty() && std::find(allowed.begin(), allowed.end(), *item) == allowed.end()) {
      Fail(key, "item " + Quote(*item) + " must be one of " + Join(allowed));
      return {};
    }
    out.push_back(*item);
  }
  if (required && out.empty()) Fail(key, "must not be empty");
  return out;
}

YAML::Node MapReader::Child(std::string_view key, bool required) {
  const YAML::Node* node = Lookup(key, required);
  if (node == nullptr) return YAML::Node(YAML::NodeType::Undefined);
  return *node;
}

Status MapReader::Finish() {
  if (ok() && impl_->node.IsMap()) {
    for (const auto& kv : impl_->node) {
      const auto key = kv.first.as<std::string>();
      if (used_.find(key) == used_.end()) {
        error_ = where_ + ": unknown field " + Quote(key);
        break;
      }
    }
  }
  if (error_.empty()) return Status::Ok();
  return Status::InvalidArgument(error_);
}

}  // namespace backcoach
