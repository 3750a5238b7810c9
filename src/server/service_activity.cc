// The activity half of Service: imported daily steps and active minutes.
#include <algorithm>

#include "server/service.h"

namespace backcoach {

namespace {

constexpr int kAllRecords = 1000000;

json DayJson(const DayActivity& day) {
  return {{"steps", day.steps}, {"active_minutes", day.active_minutes}, {"source", day.source}};
}

json ProblemsJson(const ActivityImport& import) {
  json out = json::array();
  for (const auto& p : import.problems) out.push_back({{"line", p.line}, {"message", p.message}});
  return out;
}

}  // namespace

std::map<std::string, json> LatestActivity(const std::vector<Record>& records) {
  std::map<std::string, std::pair<std::pair<long long, Timestamp>, json>> newest;
  for (const auto& r : records) {
    if (r.kind != "steps") continue;
    json data = json::parse(r.payload, nullptr, false);
    if (!data.is_object()) continue;
    const std::pair<long long, Timestamp> order{data.value("import", 0LL), r.created_at};
    auto it = newest.find(r.date);
    if (it == newest.end() || it->second.first <= order) newest[r.date] = {order, std::move(data)};
  }
  std::map<std::string, json> days;
  for (auto& [date, entry] : newest) days[date] = std::move(entry.second);
  return days;
}

Result<std::map<std::string, json>> Service::DailyActivity(const std::string& patient_id) {
  auto records = store_.ListRecords(patient_id, "steps", kAllRecords);
  if (!records.ok()) return records.status();
  return LatestActivity(*records);
}

Result<json> Service::ImportActivity(const User& patient, const ActivityImport& import) {
  auto stored = DailyActivity(patient.id);
  if (!stored.ok()) return stored.status();
  long long number = 0;  // this import's: after every import stored before it
  for (const auto& [date, data] : *stored) number = std::max(number, data.value("import", 0LL));
  ++number;
  std::vector<Record> records;
  for (const auto& [date, day] : import.days) {
    json payload = DayJson(day);
    auto it = stored->find(date.ToString());
    if (it != stored->end()) {
      json before = it->second;
      before.erase("import");
      if (before == payload) continue;
    }
    payload["import"] = number;
    records.push_back(
        Record{"", patient.id, "steps", date.ToString(), patient.id, payload.dump(), clock_.Now()});
  }
  if (!records.empty()) {
    if (Status s = store_.AddRecords(records); !s.ok()) return s;
  }
  const auto count = static_cast<long long>(records.size());
  return json{{"format", import.format},
              {"rows", import.rows},
              {"days", import.days.size()},
              {"stored", count},
              {"unchanged", static_cast<long long>(import.days.size()) - count},
              {"skipped", import.skipped},
              {"problems", ProblemsJson(import)},
              {"first_day", import.days.empty() ? "" : import.days.begin()->first.ToString()},
              {"last_day", import.days.empty() ? "" : import.days.rbegin()->first.ToString()}};
}

}  // namespace backcoach
