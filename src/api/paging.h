// Paging of the API's lists: the `limit` and `cursor` query parameters and
// the `next_cursor` of an answer (docs/api.md, "Pages").
//
// A cursor is opaque to clients: base64url (no padding) of a small JSON
// array naming the last entry of the page before by its sort key. It is
// checked when read: anything that is not one of ours is refused with a
// plain message, never trusted. Pure functions: safe from any thread.
#ifndef BACKCOACH_API_PAGING_H_
#define BACKCOACH_API_PAGING_H_

#include <nlohmann/json.hpp>
#include <optional>
#include <string>

#include "app/pages.h"
#include "core/status.h"
#include "http/http.h"
#include "storage/store.h"

namespace backcoach {

// A list's page size: what a request without `limit` gets, and the most a
// page holds (a larger `limit` is taken as this).
struct PageSize {
  int fallback = 50;
  int max = 200;
};

// The request's `limit`: `size.fallback` when absent, at most size.max.
// InvalidArgument "limit must be a whole number from 1 to MAX" for
// anything but a whole number of at least 1.
Result<int> PageLimit(const http::Request& request, PageSize size);

// The request's `cursor` as a record's or an alert's key; nullopt when
// absent or empty (the first page). InvalidArgument "cursor is not one
// this list gave out: start again without it" for anything else.
Result<std::optional<RecordKey>> RecordCursor(const http::Request& request);
Result<std::optional<AlertKey>> AlertCursor(const http::Request& request);

// The cursor of the next page for an answer: a string, or null on the last.
nlohmann::json NextCursor(const std::optional<RecordKey>& next);
nlohmann::json NextCursor(const std::optional<AlertKey>& next);

// The clinic's list of patients and the admin's list of accounts depend on
// more than the route: whose clinic, and what was searched. Their cursors
// carry the list's `scope` (ListScope: a hash of the clinic and the search,
// as given), and one read with another scope is refused with the same
// plain message, so a cursor never continues another clinic's list or
// another search.
std::string ListScope(const std::string& clinic_id, const std::string& search);

Result<std::optional<PatientKey>> PatientCursor(const http::Request& request,
                                                const std::string& scope);
Result<std::optional<AccountKey>> AccountCursor(const http::Request& request,
                                                const std::string& scope);
nlohmann::json NextCursor(const std::optional<PatientKey>& next, const std::string& scope);
nlohmann::json NextCursor(const std::optional<AccountKey>& next, const std::string& scope);

// The codec itself (exposed for tests).
std::string EncodeCursor(const RecordKey& key);
std::string EncodeCursor(const AlertKey& key);
std::string EncodeCursor(const PatientKey& key, const std::string& scope);
std::string EncodeCursor(const AccountKey& key, const std::string& scope);
Result<RecordKey> DecodeRecordCursor(const std::string& cursor);
Result<AlertKey> DecodeAlertCursor(const std::string& cursor);
Result<PatientKey> DecodePatientCursor(const std::string& cursor, const std::string& scope);
Result<AccountKey> DecodeAccountCursor(const std::string& cursor, const std::string& scope);

}  // namespace backcoach

#endif  // BACKCOACH_API_PAGING_H_
