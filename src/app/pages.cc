#include "app/pages.h"

#include <algorithm>

namespace backcoach {

namespace {

// Reads the store's pages from query.after on, keeping what `keep` lets
// through, until one more than a page is kept or the list ends. `read`
// lists one store page; `key` names an entry's place.
template <typename T, typename Query, typename Read, typename Key>
Result<std::pair<std::vector<T>, bool>> Collect(Query query,
                                                const std::function<bool(const T&)>& keep,
                                                Read read, Key key) {
  const int want = query.limit;
  if (want < 1) return Status::InvalidArgument("limit must be at least 1");
  // One more than a page, to know whether another page follows; a filtered
  // list reads in larger steps, since some of what it reads is left out.
  query.limit = keep ? std::max(want + 1, 200) : want + 1;
  std::vector<T> kept;
  while (true) {
    auto read_batch = read(query);
    if (!read_batch.ok()) return read_batch.status();
    std::vector<T> batch = std::move(read_batch).value();
    const int read_count = static_cast<int>(batch.size());
    if (read_count > 0) query.after = key(batch.back());  // before its items are moved
    for (T& item : batch) {
      if (keep && !keep(item)) continue;
      kept.push_back(std::move(item));
      if (static_cast<int>(kept.size()) > want) break;
    }
    if (static_cast<int>(kept.size()) > want) {
      kept.resize(want);
      return std::make_pair(std::move(kept), true);
    }
    if (read_count < query.limit) break;  // the list ended
  }
  return std::make_pair(std::move(kept), false);
}

}  // namespace

nlohmann::json RecordJson(const Record& r) {
  nlohmann::json data = nlohmann::json::parse(r.payload, nullptr, false);
  return {{"id", r.id},
          {"kind", RecordKindName(r.kind)},
          {"date", r.date},
          {"author_id", r.author_id},
          {"created_at", r.created_at},
          {"data", data.is_discarded() ? nlohmann::json(nullptr) : data}};
}

RecordKey KeyOf(const Record& record) { return {record.date, record.created_at, record.id}; }

AlertKey KeyOf(const Alert& alert) { return {alert.created_at, alert.id}; }

Result<RecordPage> ReadRecordPage(Store& store, RecordPageQuery query,
                                  const std::function<bool(const Record&)>& keep) {
  auto got = Collect<Record>(
      std::move(query), keep, [&](const RecordPageQuery& q) { return store.ListRecordPage(q); },
      [](const Record& r) { return KeyOf(r); });
  if (!got.ok()) return got.status();
  RecordPage page;
  page.records = std::move(got->first);
  if (got->second) page.next = KeyOf(page.records.back());
  std::reverse(page.records.begin(), page.records.end());
  return page;
}

Result<AlertPage> ReadAlertPage(Store& store, AlertQuery query,
                                const std::function<bool(const Alert&)>& keep) {
  auto got = Collect<Alert>(
      std::move(query), keep, [&](const AlertQuery& q) { return store.ListAlerts(q); },
      [](const Alert& a) { return KeyOf(a); });
  if (!got.ok()) return got.status();
  AlertPage page;
  page.alerts = std::move(got->first);
  if (got->second) page.next = KeyOf(page.alerts.back());
  return page;
}

}  // namespace backcoach
