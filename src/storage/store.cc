#include "storage/store.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <filesystem>
#include <iterator>
#include <system_error>

#include "storage/memory_store.h"
#include "storage/postgres_store.h"
#include "storage/sqlite_store.h"
#include "storage/store_common.h"

namespace backcoach {

namespace {

// "<length>:<bytes>," so that no two different entries serialise alike,
// whatever bytes their fields hold.
void AppendField(std::string& out, const std::string& field) {
  out += std::to_string(field.size());
  out += ':';
  out += field;
  out += ',';
}

bool StartsWith(const std::string& text, const char* prefix) { return text.rfind(prefix, 0) == 0; }

}  // namespace

const char* RoleName(Role r) {
  switch (r) {
    case Role::kPatient: return "patient";
    case Role::kClinician: return "clinician";
    case Role::kAdmin: return "admin";
    case Role::kSupporter: return "supporter";
  }
  return "patient";
}

PatientKey PatientKeyOf(const PatientSummary& summary) {
  return {summary.attention, storage::FoldName(summary.display_name), summary.display_name,
          summary.patient_id};
}

namespace {

// The one table of each kind's names, in the enum's order.
constexpr std::array<const char*, 2> kTokenKindNames = {"reset", "signup"};
constexpr std::array<const char*, 3> kAlertStateNames = {"new", "seen", "resolved"};
constexpr std::array<const char*, 17> kRecordKindNames = {
    "intake",     "session_log", "checkin", "pain",        "questionnaire", "note",
    "adjustment", "message",     "steps",   "step_goal",   "care_invite",   "pose_recording",
    "clearance",  "seen_report", "notice",  "preferences", "calendar"};
static_assert(kRecordKindNames.size() == static_cast<std::size_t>(RecordKind::kCalendar) + 1,
              "one name for each record kind");

template <typename Enum, std::size_t N>
Result<Enum> FromName(const std::array<const char*, N>& names, std::string_view name,
                      const char* what) {
  for (std::size_t i = 0; i < N; ++i) {
    if (name == names[i]) return static_cast<Enum>(i);
  }
  return Status::InvalidArgument(std::string("unknown ") + what + " '" + std::string(name) + "'");
}

}  // namespace

const char* TokenKindName(TokenKind kind) { return kTokenKindNames.at(static_cast<int>(kind)); }

Result<TokenKind> TokenKindFromName(std::string_view name) {
  return FromName<TokenKind>(kTokenKindNames, name, "token kind");
}

const char* AlertStateName(AlertState state) {
  return kAlertStateNames.at(static_cast<int>(state));
}

Result<AlertState> AlertStateFromName(std::string_view name) {
  return FromName<AlertState>(kAlertStateNames, name, "alert state");
}

const char* RecordKindName(RecordKind kind) { return kRecordKindNames.at(static_cast<int>(kind)); }

Result<RecordKind> RecordKindFromName(std::string_view name) {
  return FromName<RecordKind>(kRecordKindNames, name, "record kind");
}

Result<AlertKind> AlertKindFromName(std::string_view name) {
  // The names are the core's (AlertKindName), read back.
  for (AlertKind kind : {AlertKind::kConcern, AlertKind::kGoodNews}) {
    if (name == AlertKindName(kind)) return kind;
  }
  return Status::InvalidArgument("unknown alert kind '" + std::string(name) + "'");
}

namespace {

// The fields an audit hash covers, after the scheme's `version` tag.
std::string AuditFields(const char* version, const AuditEntry& entry) {
  std::string text = version;
  AppendField(text, std::to_string(entry.seq));
  AppendField(text, std::to_string(entry.at));
  AppendField(text, entry.actor_id);
  AppendField(text, entry.action);
  AppendField(text, entry.patient_id);
  AppendField(text, entry.outcome);
  AppendField(text, entry.detail);
  AppendField(text, entry.prev_hash);
  return text;
}

std::string Hex(const unsigned char* bytes, std::size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

}  // namespace

std::string AuditHash(const AuditEntry& entry) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  const std::string text = AuditFields("backcoach-audit-v1,", entry);
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(text.data()), text.size());
  return Hex(digest, sizeof digest);
}

std::string AuditMac(const AuditEntry& entry, const std::string& key) {
  static const bool ready = sodium_init() >= 0;
  (void)ready;
  const std::string text = AuditFields("backcoach-audit-v2,", entry);
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(key.data()),
                              key.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(text.data()),
                                text.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&state, mac);
  return Hex(mac, sizeof mac);
}

std::string ExpectedAuditHash(const AuditEntry& entry, std::int64_t keyed_from,
                              const std::string& key) {
  return entry.seq < keyed_from ? AuditHash(entry) : AuditMac(entry, key);
}

Result<std::vector<Record>> Store::ListRecords(const std::string& patient_id,
                                               std::optional<RecordKind> kind, int limit) {
  auto page = ListRecordPage({patient_id, kind, std::nullopt, limit});
  if (!page.ok()) return page;
  std::reverse(page->begin(), page->end());
  return page;
}

Result<std::vector<Record>> Store::AllRecords(const std::string& patient_id,
                                              std::optional<RecordKind> kind, int page) {
  std::vector<Record> out;
  RecordPageQuery query{patient_id, kind, std::nullopt, page};
  while (true) {
    auto records = ListRecordPage(query);
    if (!records.ok()) return records.status();
    const bool last = static_cast<int>(records->size()) < page;
    if (!records->empty()) {
      const Record& oldest = records->back();
      query.after = RecordKey{oldest.date, oldest.created_at, oldest.id};
    }
    out.insert(out.end(), std::make_move_iterator(records->begin()),
               std::make_move_iterator(records->end()));
    if (last) break;
  }
  std::reverse(out.begin(), out.end());
  return out;
}

Result<std::vector<Alert>> Store::AllAlerts(AlertQuery query) {
  std::vector<Alert> out;
  query.after = std::nullopt;
  while (true) {
    auto alerts = ListAlerts(query);
    if (!alerts.ok()) return alerts.status();
    const bool last = static_cast<int>(alerts->size()) < query.limit;
    if (!alerts->empty()) query.after = AlertKey{alerts->back().created_at, alerts->back().id};
    out.insert(out.end(), std::make_move_iterator(alerts->begin()),
               std::make_move_iterator(alerts->end()));
    if (last) break;
  }
  return out;
}

StoreKind StoreKindOf(const std::string& url) {
  if (StartsWith(url, "postgresql://") || StartsWith(url, "postgres://")) {
    return StoreKind::kPostgres;
  }
  if (url == ":memory:") return StoreKind::kMemory;
  return StoreKind::kSqlite;
}

Result<std::unique_ptr<Store>> OpenStore(const std::string& url) {
  switch (StoreKindOf(url)) {
    case StoreKind::kMemory: return std::unique_ptr<Store>(std::make_unique<MemoryStore>());
    case StoreKind::kPostgres: {
      auto store = PostgresStore::Open(url);
      if (!store.ok()) return store.status();
      return std::unique_ptr<Store>(std::move(store).value());
    }
    case StoreKind::kSqlite: break;
  }
  if (url.empty()) return Status::InvalidArgument("the database path is empty");
  // A "file:" URI is passed to SQLite as it is; a plain path gets its
  // directory created so a fresh install needs no setup.
  if (!StartsWith(url, "file:")) {
    const auto parent = std::filesystem::path(url).parent_path();
    std::error_code ec;
    if (!parent.empty() && !std::filesystem::exists(parent, ec)) {
      std::filesystem::create_directories(parent, ec);
      if (ec) {
        return Status::Unavailable("cannot create the directory " + parent.string() + ": " +
                                   ec.message());
      }
    }
  }
  auto store = SqliteStore::Open(url);
  if (!store.ok()) return store.status();
  return std::unique_ptr<Store>(std::move(store).value());
}

}  // namespace backcoach
