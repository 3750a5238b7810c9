#include "core/common_passwords.h"

#include <algorithm>

#include "core/text.h"

namespace backcoach {

const char* const kCommonPasswordsFile = "common-passwords.txt";

Result<CommonPasswords> CommonPasswords::Parse(const std::string& text,
                                               const std::string& file_name) {
  CommonPasswords list;
  std::size_t start = 0;
  for (int line = 1; start < text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string word = text.substr(start, end - start);
    start = end + 1;
    if (!word.empty() && word.back() == '\r') word.pop_back();
    if (word.empty() || word.rfind("#!comment", 0) == 0) continue;
    const auto bad = [](unsigned char c) { return c < 0x20 || c == 0x7f; };
    if (word.size() > 256 || std::any_of(word.begin(), word.end(), bad)) {
      return Status::InvalidArgument(file_name + ": line " + std::to_string(line) +
                                     ": not a password (a control character, or over 256 bytes)");
    }
    list.words_.insert(LowerAscii(word));
  }
  if (list.words_.size() < 100) {
    return Status::InvalidArgument(file_name + ": the list has " +
                                   std::to_string(list.words_.size()) +
                                   " passwords; at least 100 are expected");
  }
  return list;
}

bool CommonPasswords::Contains(const std::string& password) const {
  return words_.count(LowerAscii(password)) > 0;
}

}  // namespace backcoach
