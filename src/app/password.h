// Passwords: argon2id hashing (libsodium, INTERACTIVE limits) and checks.
//
// Hashing costs about 64 ms and 64 MiB, so at most one hash per core runs
// at a time; others wait their turn rather than exhaust memory.
//
// Thread-safety: every function may be called from any thread at once (the
// turns for hashing are taken inside).
#ifndef BACKCOACH_APP_PASSWORD_H_
#define BACKCOACH_APP_PASSWORD_H_

#include <string>

#include "core/common_passwords.h"
#include "core/status.h"
#include "storage/store.h"

namespace backcoach {

// The password policy, after NIST SP 800-63B: a length, and no password
// that is easy to guess, but no composition rules (no "one digit, one
// symbol"), which make passwords harder to remember and no harder to guess.
constexpr std::size_t kMinPasswordLength = 10;
constexpr std::size_t kMinStaffPasswordLength = 12;  // clinicians and admins see many patients
constexpr std::size_t kMaxPasswordLength = 256;

// OK, or InvalidArgument saying in plain words why `password` is refused
// for the account `email` of `role`: too short (10, or 12 for staff) or too
// long; one character repeated, or only spaces; the e-mail address itself,
// its part before the @, or either with characters added at the end or the
// start ("maria2026"); or on the list of common passwords.
Status CheckPassword(const std::string& password, const std::string& email, Role role,
                     const CommonPasswords& common);

// The argon2id hash of `password` in libsodium's encoded form; Unavailable
// "not enough memory to hash the password; try again" when it cannot.
Result<std::string> HashPassword(const std::string& password);
// Whether `password` matches `hash`; false, never an error, for a hash that
// is not one.
bool VerifyPassword(const std::string& hash, const std::string& password);

// Random bytes as lower-case hex (2 characters a byte). Never fails.
std::string RandomHex(std::size_t bytes);
// SHA-256 as lower-case hex. Never fails.
std::string Sha256Hex(const std::string& data);

}  // namespace backcoach

#endif  // BACKCOACH_APP_PASSWORD_H_
