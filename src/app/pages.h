// Pages of the lists that grow without end (a patient's records of one
// kind, alerts): read a page at a time from the store's index, newest
// first across pages, so that a reader reaches every entry and no answer
// is cut silently. The API turns the key where the next page starts into
// an opaque cursor (api/paging.h).
//
// Order: records by (date, created_at, id), alerts by (created_at, id);
// both keys are unique, so a walk of pages meets each entry once, however
// many are added between its pages (a newer one is simply not on the walk
// that started before it).
//
// Failures: the store's error; InvalidArgument for a limit below 1.
// Thread-safety: free functions over a Store, safe as the Store is.
#ifndef BACKCOACH_APP_PAGES_H_
#define BACKCOACH_APP_PAGES_H_

#include <functional>
#include <nlohmann/json.hpp>
#include <optional>
#include <vector>

#include "storage/store.h"

namespace backcoach {

// One page of records: those of the page, oldest first (the order the
// routes have always answered in), and the key the next, older page
// continues after (nullopt on the last page).
struct RecordPage {
  std::vector<Record> records;
  std::optional<RecordKey> next;
};

// The `query.limit` newest records after query.after that `keep` lets
// through (every one when `keep` is empty). Records `keep` refuses are
// skipped in the store's order, so a page is short only when it is the last.
Result<RecordPage> ReadRecordPage(Store& store, RecordPageQuery query,
                                  const std::function<bool(const Record&)>& keep = {});

// One page of alerts, newest first, and where the next page continues.
struct AlertPage {
  std::vector<Alert> alerts;
  std::optional<AlertKey> next;
};

// As ReadRecordPage, for alerts (query.after, query.limit).
Result<AlertPage> ReadAlertPage(Store& store, AlertQuery query,
                                const std::function<bool(const Alert&)>& keep = {});

// A page as a route answers it: its entries, encoded, and the key the next
// page continues after (nullopt on the last page).
template <typename Key>
struct JsonPage {
  nlohmann::json items = nlohmann::json::array();
  std::optional<Key> next;
};

// A record as the list routes answer it: {id, kind, date, author_id,
// created_at, data}, data its payload (null when it is not JSON).
nlohmann::json RecordJson(const Record& record);

// The key of a record or alert, as a page's `after` names it.
RecordKey KeyOf(const Record& record);
AlertKey KeyOf(const Alert& alert);

}  // namespace backcoach

#endif  // BACKCOACH_APP_PAGES_H_
