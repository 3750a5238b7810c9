#include "app/password.h"

#include <sodium.h>

#include <algorithm>
#include <cctype>
#include <condition_variable>
#include <mutex>
#include <string_view>
#include <thread>

#include "core/text.h"

namespace backcoach {

namespace {

// Caps the argon2id hashes running at once at the number of cores.
class HashGate {
 public:
  HashGate() : free_(std::max(1u, std::thread::hardware_concurrency())) {}
  void Enter() {
    std::unique_lock<std::mutex> lock(mu_);
    cv_.wait(lock, [&] { return free_ > 0; });
    --free_;
  }
  void Leave() {
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++free_;
    }
    cv_.notify_one();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  unsigned free_;
};

HashGate& Gate() {
  static HashGate gate;
  return gate;
}

struct GateHold {
  GateHold() { Gate().Enter(); }
  ~GateHold() { Gate().Leave(); }
};

void EnsureSodium() {
  static const int ready = sodium_init();
  (void)ready;
}

std::string ToHex(const unsigned char* data, std::size_t size) {
  std::string out(size * 2 + 1, '\0');
  sodium_bin2hex(out.data(), out.size(), data, size);
  out.pop_back();
  return out;
}

}  // namespace

namespace {

// Characters, not bytes: a password of accented letters is as long as it looks.
std::size_t Utf8Length(const std::string& s) {
  return static_cast<std::size_t>(
      std::count_if(s.begin(), s.end(), [](unsigned char c) { return (c & 0xC0) != 0x80; }));
}

// Whether `password` is `word` with at most a few characters added before
// or after it ("maria", "maria2026", "!maria!"): guessers try those first.
bool IsVariantOf(const std::string& password, const std::string& word) {
  if (word.size() < 3) return false;
  const auto at = password.find(word);
  return at != std::string::npos && password.size() - word.size() <= 6;
}

}  // namespace

Status CheckPassword(const std::string& password, const std::string& email, Role role,
                     const CommonPasswords& common) {
  const bool staff = role == Role::kClinician || role == Role::kAdmin;
  const std::size_t min = staff ? kMinStaffPasswordLength : kMinPasswordLength;
  if (Utf8Length(password) < min) {
    return Status::InvalidArgument("the password must have at least " + std::to_string(min) +
                                   " characters");
  }
  if (password.size() > kMaxPasswordLength) {
    return Status::InvalidArgument("the password must have at most " +
                                   std::to_string(kMaxPasswordLength) + " characters");
  }
  if (password.find_first_not_of(password[0]) == std::string::npos) {
    return Status::InvalidArgument(
        "the password is one character repeated; choose a phrase that is harder to guess");
  }
  if (password.find_first_not_of(" \t") == std::string::npos) {
    return Status::InvalidArgument("the password is only spaces; choose a phrase of words");
  }
  const std::string lower = LowerAscii(password);
  const std::string address = LowerAscii(email);
  const std::string local(std::string_view(address).substr(0, address.find('@')));
  if (!address.empty() && (IsVariantOf(lower, address) || IsVariantOf(lower, local))) {
    return Status::InvalidArgument(
        "the password is too close to your e-mail address; choose a phrase of your own");
  }
  if (common.Contains(password)) {
    return Status::InvalidArgument(
        "this password is on a list of common passwords that are tried first; choose another");
  }
  return Status::Ok();
}

Result<std::string> HashPassword(const std::string& password) {
  EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  GateHold hold;
  if (crypto_pwhash_str_alg(out, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return Status::Unavailable("not enough memory to hash the password; try again");
  }
  return std::string(out);
}

bool VerifyPassword(const std::string& hash, const std::string& password) {
  EnsureSodium();
  if (hash.empty()) return false;
  GateHold hold;
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string RandomHex(std::size_t bytes) {
  EnsureSodium();
  std::string buffer(bytes, '\0');
  randombytes_buf(buffer.data(), bytes);
  return ToHex(reinterpret_cast<const unsigned char*>(buffer.data()), bytes);
}

std::string Sha256Hex(const std::string& data) {
  EnsureSodium();
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(data.data()), data.size());
  return ToHex(digest, sizeof digest);
}

}  // namespace backcoach
