// Passwords: argon2id hashing (libsodium, INTERACTIVE limits) and checks.
//
// Hashing costs about 64 ms and 64 MiB, so at most one hash per core runs
// at a time; others wait their turn rather than exhaust memory.
#ifndef BACKCOACH_SERVER_PASSWORD_H_
#define BACKCOACH_SERVER_PASSWORD_H_

#include <string>

#include "core/status.h"

namespace backcoach {

// The shortest password accepted, and a check that says why one is refused.
constexpr std::size_t kMinPasswordLength = 10;
Status CheckPasswordStrength(const std::string& password);

Result<std::string> HashPassword(const std::string& password);
bool VerifyPassword(const std::string& hash, const std::string& password);

// Random bytes as lower-case hex (2 characters a byte).
std::string RandomHex(std::size_t bytes);
// SHA-256 as lower-case hex.
std::string Sha256Hex(const std::string& data);

}  // namespace backcoach

#endif  // BACKCOACH_SERVER_PASSWORD_H_
