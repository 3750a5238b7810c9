// Reminders and weekly summaries: the person's preferences (when to be
// reminded, by what), the in-app notices, the private calendar feed, and
// the week's summary for the person and their team.
#include <algorithm>

#include "app/ical.h"
#include "app/password.h"
#include "app/service.h"
#include "core/json_number.h"

namespace backcoach {

namespace {

const Status kNoFeed = Status::NotFound("no such calendar");

bool SameHash(const std::string& a, const std::string& b) {
  if (a.size() != b.size() || a.empty()) return false;
  unsigned char diff = 0;
  for (std::size_t i = 0; i < a.size(); ++i) diff |= static_cast<unsigned char>(a[i] ^ b[i]);
  return diff == 0;
}

// The newest of a patient's settings records of `kind`. Each carries a
// sequence number one above the one before, since two changes within one
// second would otherwise be ordered only by their random ids.
constexpr int kSettingsLookBack = 50;

Result<json> Latest(Store& store, const std::string& patient_id, RecordKind kind) {
  auto records = store.ListRecords(patient_id, kind, kSettingsLookBack);
  if (!records.ok()) return records.status();
  json latest = nullptr;
  for (const auto& r : *records) {
    json data = json::parse(r.payload, nullptr, false);
    if (data.is_discarded()) continue;
    if (latest.is_null() || data.value("seq", 0) >= latest.value("seq", 0)) latest = data;
  }
  return latest;
}

// Stores a new settings record of `kind`, after the latest one.
Status PutSettings(Store& store, const User& patient, RecordKind kind, json data, Date day,
                   Timestamp now) {
  auto latest = Latest(store, patient.id, kind);
  if (!latest.ok()) return latest.status();
  data["seq"] = (latest->is_null() ? 0 : latest->value("seq", 0)) + 1;
  Record record{"", patient.id, kind, day.ToString(), patient.id, data.dump(), now};
  return store.AddRecord(record);
}

// The preferences as their record keeps them (PreferencesOf reads them back).
json StoredPreferences(const Preferences& p) {
  return {{"reminder_times", p.reminder_times},
          {"utc_offset_minutes", p.utc_offset_minutes},
          {"email_reminders", p.email_reminders},
          {"email_summary", p.email_summary},
          {"since", p.since.ToString()}};
}

}  // namespace

Result<Preferences> Service::PreferencesOf(const std::string& patient_id) {
  auto data = Latest(store_, patient_id, RecordKind::kPreferences);
  if (!data.ok()) return data.status();
  Preferences p;
  if (data->is_null()) return p;
  p.reminder_times = data->value("reminder_times", std::vector<std::string>{});
  p.utc_offset_minutes = data->value("utc_offset_minutes", 0);
  p.email_reminders = data->value("email_reminders", false);
  p.email_summary = data->value("email_summary", false);
  auto since = Date::Parse(data->value("since", ""));
  p.since = since.ok() ? *since : clock_.Today();
  return p;
}

Result<Preferences> Service::SetPreferences(const User& patient, Preferences p) {
  std::sort(p.reminder_times.begin(), p.reminder_times.end());
  p.reminder_times.erase(std::unique(p.reminder_times.begin(), p.reminder_times.end()),
                         p.reminder_times.end());
  p.since = clock_.Today();
  if (Status s = PutSettings(store_, patient, RecordKind::kPreferences, StoredPreferences(p),
                             p.since, clock_.Now());
      !s.ok()) {
    return s;
  }
  return p;
}

Result<JsonPage<RecordKey>> Service::Notices(const std::string& patient_id, int limit,
                                             const std::optional<RecordKey>& after) {
  auto records = ReadRecordPage(store_, {patient_id, RecordKind::kNotice, after, limit});
  if (!records.ok()) return records.status();
  JsonPage<RecordKey> out;
  for (auto it = records->records.rbegin(); it != records->records.rend(); ++it) {
    json data = json::parse(it->payload, nullptr, false);
    if (data.is_discarded()) continue;
    data["id"] = it->id;
    data["created_at"] = it->created_at;
    out.items.push_back(data);
  }
  out.next = records->next;
  return out;
}

Status Service::AddNotice(const std::string& patient_id, const json& notice) {
  Record record{"", patient_id,    RecordKind::kNotice, clock_.Today().ToString(),
                "", notice.dump(), clock_.Now()};
  return store_.AddRecord(record);
}

Result<json> Service::Summaries(const Reach& reach) {
  auto notices = Notices(reach.patient.id);
  if (!notices.ok()) return notices.status();
  json out = json::array();
  for (const auto& n : notices->items) {
    if (n.value("type", "") == "weekly_summary") out.push_back(FilterSummary(n, reach.scopes));
  }
  return json{{"summaries", out}};
}

Result<CalendarLink> Service::CreateCalendar(const User& patient) {
  const std::string token = RandomHex(24);
  if (Status s = PutSettings(store_, patient, RecordKind::kCalendar,
                             {{"token_hash", Sha256Hex(token)}}, clock_.Today(), clock_.Now());
      !s.ok()) {
    return s;
  }
  return CalendarLink{"/api/v1/calendar/" + patient.id + "/" + token + ".ics"};
}

Status Service::RevokeCalendar(const User& patient) {
  return PutSettings(store_, patient, RecordKind::kCalendar, {{"token_hash", ""}}, clock_.Today(),
                     clock_.Now());
}

Result<std::string> Service::CalendarFor(const std::string& patient_id, std::string token) {
  if (token.size() > 4 && token.compare(token.size() - 4, 4, ".ics") == 0)
    token.resize(token.size() - 4);
  auto user = store_.GetUser(patient_id);
  if (!user.ok() || user->role != Role::kPatient) return kNoFeed;
  auto latest = Latest(store_, patient_id, RecordKind::kCalendar);
  if (!latest.ok()) return latest.status();
  if (latest->is_null() || !SameHash(latest->value("token_hash", ""), Sha256Hex(token))) {
    return kNoFeed;
  }
  auto prefs = PreferencesOf(patient_id);
  if (!prefs.ok()) return prefs.status();
  return CalendarFeed(
      {patient_id, prefs->reminder_times, prefs->utc_offset_minutes, prefs->since, clock_.Now()});
}

}  // namespace backcoach
