// CommonPasswords: the list of passwords too common to accept
// (content/common-passwords.txt), as NIST SP 800-63B asks a verifier to
// refuse passwords "known to be commonly used".
//
// The file has one password a line; lines starting "#!comment" are notes
// (the list's own header says where it comes from). Passwords are
// compared without regard to ASCII case: "Password1" is as common as
// "password1".
#ifndef BACKCOACH_CORE_COMMON_PASSWORDS_H_
#define BACKCOACH_CORE_COMMON_PASSWORDS_H_

#include <string>
#include <unordered_set>

#include "core/status.h"

namespace backcoach {

extern const char* const kCommonPasswordsFile;  // "common-passwords.txt"

class CommonPasswords {
 public:
  // InvalidArgument naming the file and line for a line with a control
  // character or longer than 256 bytes, or for a list of fewer than 100.
  static Result<CommonPasswords> Parse(const std::string& text, const std::string& file_name);

  bool Contains(const std::string& password) const;
  std::size_t size() const { return words_.size(); }

 private:
  std::unordered_set<std::string> words_;  // lower-cased
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_COMMON_PASSWORDS_H_
