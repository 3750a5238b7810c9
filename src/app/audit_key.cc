#include "app/audit_key.h"

#include <fcntl.h>
#include <sodium.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "storage/store.h"

namespace backcoach {

namespace {

constexpr std::size_t kKeyBytes = 32;

std::string Beside(const std::string& db_url, const char* suffix) {
  if (StoreKindOf(db_url) == StoreKind::kSqlite) return db_url + "." + suffix;
  return std::string("backcoach.") + suffix;
}

Status CannotWrite(const std::string& path, int error) {
  return Status::Unavailable("cannot create the audit key file " + path + ": " +
                             std::strerror(error));
}

}  // namespace

std::string DefaultAuditKeyPath(const std::string& db_url) { return Beside(db_url, "audit-key"); }

std::string DefaultAuditAnchorPath(const std::string& db_url) {
  return Beside(db_url, "audit-anchors");
}

Result<std::string> ReadAuditKey(const std::string& path) {
  struct stat info {};
  if (::stat(path.c_str(), &info) != 0) {
    if (errno == ENOENT) return Status::NotFound("there is no audit key file " + path);
    return Status::Unavailable("cannot read the audit key file " + path + ": " +
                               std::strerror(errno));
  }
  if ((info.st_mode & 077) != 0) {
    return Status::InvalidArgument("the audit key file " + path +
                                   " may be read by others: make it mode 0600");
  }
  std::ifstream in(path);
  std::string hex;
  in >> hex;
  std::string key(kKeyBytes, '\0');
  std::size_t length = 0;
  if (!in || hex.size() != kKeyBytes * 2 ||
      sodium_hex2bin(reinterpret_cast<unsigned char*>(key.data()), key.size(), hex.data(),
                     hex.size(), nullptr, &length, nullptr) != 0 ||
      length != kKeyBytes) {
    return Status::InvalidArgument("the audit key file " + path +
                                   " does not hold a key (64 hex digits)");
  }
  return key;
}

Result<std::string> LoadOrCreateAuditKey(const std::string& path) {
  auto existing = ReadAuditKey(path);
  if (existing.ok() || existing.status().code() != StatusCode::kNotFound) return existing;
  if (sodium_init() < 0) return Status::Internal("libsodium did not start");
  std::error_code ec;
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  unsigned char key[kKeyBytes];
  randombytes_buf(key, sizeof key);
  char hex[kKeyBytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, key, sizeof key);
  const std::string line = std::string(hex) + "\n";
  // Written whole to a file of its own, then linked into place: a crash
  // leaves either no key file or a whole one, and when two servers start at
  // once, one link wins and the other reads its key.
  const std::string part = path + ".part-" + std::string(hex).substr(0, 16);
  const int fd = ::open(part.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
  if (fd < 0) return CannotWrite(path, errno);
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  int error = errno;
  ::close(fd);
  const bool linked = written && ::link(part.c_str(), path.c_str()) == 0;
  if (written && !linked) error = errno;
  ::unlink(part.c_str());
  if (!linked && written && error == EEXIST) return ReadAuditKey(path);
  if (!linked) return CannotWrite(path, error);
  return std::string(reinterpret_cast<const char*>(key), sizeof key);
}

}  // namespace backcoach
