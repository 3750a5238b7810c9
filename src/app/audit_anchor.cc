#include "app/audit_anchor.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace backcoach {

namespace {

Status CannotAppend(const std::string& path, int error) {
  return Status::Unavailable("cannot write the audit anchor file " + path + ": " +
                             std::strerror(error));
}

// The value of "name=" in a line's words; false when it is not there.
bool Word(const std::string& line, const std::string& name, std::string& value) {
  std::istringstream words(line);
  std::string word;
  while (words >> word) {
    if (word.rfind(name + "=", 0) == 0) {
      value = word.substr(name.size() + 1);
      return true;
    }
  }
  return false;
}

bool Number(const std::string& text, std::int64_t& out) {
  if (text.empty() || text.size() > 18 || text.find_first_not_of("0123456789") != std::string::npos)
    return false;
  out = std::stoll(text);
  return true;
}

bool ParseLine(const std::string& line, AuditAnchor& out) {
  std::string seq, at, keyed_from;
  if (line.rfind("anchor ", 0) != 0 || !Word(line, "seq", seq) || !Word(line, "hash", out.hash) ||
      !Word(line, "at", at) || !Word(line, "keyed_from", keyed_from)) {
    return false;
  }
  std::int64_t when = 0;
  if (!Number(seq, out.seq) || !Number(at, when) || !Number(keyed_from, out.keyed_from)) {
    return false;
  }
  out.at = when;
  return out.hash.size() == 64;
}

}  // namespace

std::string AuditAnchorLine(const AuditAnchor& a) {
  return "anchor seq=" + std::to_string(a.seq) + " hash=" + a.hash + " at=" + std::to_string(a.at) +
         " keyed_from=" + std::to_string(a.keyed_from) + "\n";
}

Status AppendAuditAnchor(const std::string& path, const AuditAnchor& anchor) {
  std::error_code ec;
  const auto dir = std::filesystem::path(path).parent_path();
  if (!dir.empty()) std::filesystem::create_directories(dir, ec);
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
  if (fd < 0) return CannotAppend(path, errno);
  // One write of one short line: O_APPEND puts it whole at the end, even
  // with several servers appending to the same file.
  const std::string line = AuditAnchorLine(anchor);
  const bool written = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size()) &&
                       ::fsync(fd) == 0;
  const int error = errno;
  ::close(fd);
  return written ? Status::Ok() : CannotAppend(path, error);
}

Result<std::vector<AuditAnchor>> ReadAuditAnchors(const std::string& path) {
  std::vector<AuditAnchor> anchors;
  std::error_code ec;
  if (!std::filesystem::exists(path, ec)) return anchors;
  std::ifstream in(path);
  if (!in) return Status::Unavailable("cannot read the audit anchor file " + path);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    if (line.empty()) continue;
    AuditAnchor anchor;
    if (!ParseLine(line, anchor)) {
      return Status::InvalidArgument("the audit anchor file " + path + " line " +
                                     std::to_string(number) + " is not an anchor");
    }
    anchors.push_back(std::move(anchor));
  }
  return anchors;
}

Result<AuditAnchor> AnchorAuditChain(Store& store, const std::string& path, Timestamp now) {
  auto head = store.LastAudit();
  if (!head.ok()) return head.status();
  auto keyed_from = store.AuditKeyedFrom();
  if (!keyed_from.ok()) return keyed_from.status();
  AuditAnchor anchor{head->seq, head->hash, now, *keyed_from};
  if (Status s = AppendAuditAnchor(path, anchor); !s.ok()) return s;
  return anchor;
}

}  // namespace backcoach
