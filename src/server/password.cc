#include "server/password.h"

#include <sodium.h>

#include <condition_variable>
#include <mutex>
#include <thread>

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

Status CheckPasswordStrength(const std::string& password) {
  if (password.size() < kMinPasswordLength) {
    return Status::InvalidArgument("the password must have at least " +
                                   std::to_string(kMinPasswordLength) + " characters");
  }
  if (password.size() > 256) return Status::InvalidArgument("the password is too long");
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
