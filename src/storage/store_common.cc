#include "storage/store_common.h"

#include <sodium.h>

#include <chrono>
#include <cstdint>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/json_writer.h"

namespace backcoach::storage {

namespace {

// The Latin letters U+00C0..U+017F without their accents, in lower case
// ("É" -> "e", "ß" -> "ss"); nullptr for the two signs among them (× ÷).
constexpr char32_t kLatinFirst = 0xC0;
constexpr char32_t kLatinLast = 0x17F;
const char* const kLatinBase[kLatinLast - kLatinFirst + 1] = {
    "a", "a", "a",  "a",  "a", "a", "ae", "c",
    "e", "e", "e",  "e",  "i", "i", "i",  "i",  // U+00C0
    "d", "n", "o",  "o",  "o", "o", "o",  nullptr,
    "o", "u", "u",  "u",  "u", "y", "th", "ss",  // U+00D0
    "a", "a", "a",  "a",  "a", "a", "ae", "c",
    "e", "e", "e",  "e",  "i", "i", "i",  "i",  // U+00E0
    "d", "n", "o",  "o",  "o", "o", "o",  nullptr,
    "o", "u", "u",  "u",  "u", "y", "th", "y",  // U+00F0
    "a", "a", "a",  "a",  "a", "a", "c",  "c",
    "c", "c", "c",  "c",  "c", "c", "d",  "d",  // U+0100
    "d", "d", "e",  "e",  "e", "e", "e",  "e",
    "e", "e", "e",  "e",  "g", "g", "g",  "g",  // U+0110
    "g", "g", "g",  "g",  "h", "h", "h",  "h",
    "i", "i", "i",  "i",  "i", "i", "i",  "i",  // U+0120
    "i", "i", "ij", "ij", "j", "j", "k",  "k",
    "k", "l", "l",  "l",  "l", "l", "l",  "l",  // U+0130
    "l", "l", "l",  "n",  "n", "n", "n",  "n",
    "n", "n", "n",  "n",  "o", "o", "o",  "o",  // U+0140
    "o", "o", "oe", "oe", "r", "r", "r",  "r",
    "r", "r", "s",  "s",  "s", "s", "s",  "s",  // U+0150
    "s", "s", "t",  "t",  "t", "t", "t",  "t",
    "u", "u", "u",  "u",  "u", "u", "u",  "u",  // U+0160
    "u", "u", "u",  "u",  "w", "w", "y",  "y",
    "y", "z", "z",  "z",  "z", "z", "z",  "s",  // U+0170
};

// Greek and Cyrillic capitals to lower case; other code points unchanged.
char32_t LowerGreekCyrillic(char32_t c) {
  if (c >= 0x391 && c <= 0x3AB && c != 0x3A2) return c + 0x20;  // Α..Ϋ
  if (c >= 0x400 && c <= 0x40F) return c + 0x50;                // Ѐ..Џ
  if (c >= 0x410 && c <= 0x42F) return c + 0x20;                // А..Я
  return c;
}

// Appends a code point below U+0800 as UTF-8.
void AppendUtf8(char32_t c, std::string& out) {
  if (c < 0x80) {
    out += static_cast<char>(c);
    return;
  }
  out += static_cast<char>(0xC0 | (c >> 6));
  out += static_cast<char>(0x80 | (c & 0x3F));
}

bool IsContinuation(unsigned char b) { return (b & 0xC0) == 0x80; }

}  // namespace

std::string NewId() {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  unsigned char bytes[16];
  randombytes_buf(bytes, sizeof bytes);
  char hex[sizeof bytes * 2 + 1];
  sodium_bin2hex(hex, sizeof hex, bytes, sizeof bytes);
  return hex;
}

std::string NewRecordId() {
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(
                      std::chrono::system_clock::now().time_since_epoch())
                      .count();
  char time_hex[13];
  std::snprintf(time_hex, sizeof time_hex, "%012llx",
                static_cast<unsigned long long>(ms) & 0xffffffffffffULL);
  return time_hex + NewId().substr(12);
}

std::string LowerAscii(std::string_view text) {
  std::string out(text);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c + 0x20);
  }
  return out;
}

std::string FoldName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (std::size_t i = 0; i < name.size(); ++i) {
    const auto b0 = static_cast<unsigned char>(name[i]);
    if (b0 < 0x80) {
      out += static_cast<char>(b0 >= 'A' && b0 <= 'Z' ? b0 + 0x20 : b0);
      continue;
    }
    // Two-byte sequences hold every letter folded here; anything else
    // (longer sequences, invalid bytes) is copied a byte at a time.
    if (b0 < 0xC2 || b0 > 0xDF || i + 1 >= name.size() ||
        !IsContinuation(static_cast<unsigned char>(name[i + 1]))) {
      out += name[i];
      continue;
    }
    const char32_t c = ((b0 & 0x1F) << 6) | (static_cast<unsigned char>(name[i + 1]) & 0x3F);
    ++i;
    if (c >= kLatinFirst && c <= kLatinLast && kLatinBase[c - kLatinFirst] != nullptr) {
      out += kLatinBase[c - kLatinFirst];
    } else {
      AppendUtf8(LowerGreekCyrillic(c), out);
    }
  }
  return out;
}

std::optional<Role> RoleFromName(std::string_view name) {
  for (Role r : {Role::kPatient, Role::kClinician, Role::kAdmin, Role::kSupporter}) {
    if (name == RoleName(r)) return r;
  }
  return std::nullopt;
}

Status CheckListLimit(int limit) {
  if (limit < 1) {
    return Status::InvalidArgument("limit must be at least 1, got " + std::to_string(limit));
  }
  return Status::Ok();
}

Status CheckPatientQuery(const PatientQuery& query) { return CheckListLimit(query.limit); }

std::string IdsAsJson(const std::vector<std::string>& ids) {
  // Written straight to text, the bytes dump() would write: the clinic's
  // list sends its page's ids with every request, and building the tree
  // to dump it cost about a twentieth of the list's time.
  std::string out;
  out.reserve(2 + ids.size() * 40);
  out += '[';
  for (std::size_t i = 0; i < ids.size(); ++i) {
    if (i > 0) out += ',';
    AppendJsonString(out, ids[i]);
  }
  out += ']';
  return out;
}

Status NoClinic(const std::string& id) { return Status::NotFound("no clinic " + id); }
Status NoUser(const std::string& id) { return Status::NotFound("no user " + id); }
Status NoUserWithEmail(const std::string& email) {
  return Status::NotFound("no user with email " + email);
}
Status EmailTaken(const std::string& email) {
  return Status::Conflict("a user with email " + email + " already exists");
}
Status NoSession() { return Status::NotFound("no such session"); }
Status SessionExists() { return Status::Conflict("the session already exists"); }
Status NoInvitation(const std::string& code) { return Status::NotFound("no invitation " + code); }
Status NoToken() { return Status::NotFound("no such token"); }
Status TokenExists() { return Status::Conflict("the token already exists"); }
Status InvitationExists(const std::string& code) {
  return Status::Conflict("invitation " + code + " already exists");
}
Status InvitationUsed(const std::string& code) {
  return Status::Conflict("invitation " + code + " has already been used");
}
Status NoRecord(const std::string& id) { return Status::NotFound("no record " + id); }
Status AlreadyOnTeam(const std::string& member_id) {
  return Status::Conflict("user " + member_id + " is already on the care team");
}
Status NotOnTeam(const std::string& member_id) {
  return Status::NotFound("user " + member_id + " is not on the care team");
}
Status AlertExists(const std::string& rule, const std::string& period) {
  return Status::Conflict("alert " + rule + " for " + period + " already exists");
}
Status NoAlert(const std::string& id) { return Status::NotFound("no alert " + id); }
Status AlreadyClaimed(const std::string& kind, const std::string& period) {
  return Status::Conflict(kind + " for " + period + " is already claimed");
}
Status NoPlan(const std::string& patient_id) {
  return Status::NotFound("no plan for patient " + patient_id);
}
Status StalePlan(const std::string& patient_id, std::int64_t current, std::int64_t expected) {
  return Status::Conflict("the plan of patient " + patient_id + " is at version " +
                          std::to_string(current) + ", not " + std::to_string(expected) +
                          "; read it again");
}
Status NoSummary(const std::string& patient_id) {
  return Status::NotFound("no summary for patient " + patient_id);
}
Status SchemaTooNew(int found, int known) {
  return Status::Unavailable("the database schema is version " + std::to_string(found) +
                             ", newer than this backcoach knows (" + std::to_string(known) +
                             "); upgrade backcoach");
}

Status Unreadable(const Status& why) {
  return Status::Internal("a stored value cannot be read: " + why.message());
}

}  // namespace backcoach::storage
