#include "api/paging.h"

#include "api/reply.h"

#include <sodium.h>

#include <charconv>
#include <cstdint>
#include <limits>

namespace backcoach {

namespace {

using json = nlohmann::json;

constexpr std::size_t kMaxCursor = 1024;  // a key is far shorter

Status NotACursor() {
  return Status::InvalidArgument("cursor is not one this list gave out: start again without it");
}

std::string Base64Url(const std::string& bytes) {
  std::string out(sodium_base64_encoded_len(bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING),
                  '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_URLSAFE_NO_PADDING);
  out.resize(out.size() - 1);  // the terminating NUL
  return out;
}

// The JSON array a cursor holds, or NotACursor.
Result<json> Unwrap(const std::string& cursor) {
  if (cursor.size() > kMaxCursor) return NotACursor();
  std::string bytes(cursor.size(), '\0');
  std::size_t length = 0;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bytes.data()), bytes.size(), cursor.data(),
                        cursor.size(), nullptr, &length, nullptr,
                        sodium_base64_VARIANT_URLSAFE_NO_PADDING) != 0) {
    return NotACursor();
  }
  bytes.resize(length);
  json parsed = json::parse(bytes, nullptr, false);
  if (parsed.is_discarded() || !parsed.is_array()) return NotACursor();
  return parsed;
}

}  // namespace

Result<int> PageLimit(const http::Request& request, PageSize size) {
  auto it = request.query.find("limit");
  if (it == request.query.end()) return size.fallback;
  const std::string& text = it->second;
  long long value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  const bool whole = !text.empty() && error != std::errc::invalid_argument &&
                     end == text.data() + text.size() && text.front() != '-';
  // A number too large for any page (past a long long included) is a full page.
  if (whole && error == std::errc::result_out_of_range) return size.max;
  if (!whole || value < 1) {
    return Status::InvalidArgument("limit must be a whole number from 1 to " +
                                   std::to_string(size.max));
  }
  if (value > size.max) return size.max;
  return static_cast<int>(value);
}

std::string EncodeCursor(const RecordKey& key) {
  return Base64Url(json::array({"r", key.date, key.created_at, key.id})
                       .dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string EncodeCursor(const AlertKey& key) {
  return Base64Url(json::array({"a", key.created_at, key.id})
                       .dump(-1, ' ', false, json::error_handler_t::replace));
}

Result<RecordKey> DecodeRecordCursor(const std::string& cursor) {
  auto parsed = Unwrap(cursor);
  if (!parsed.ok()) return parsed.status();
  const json& a = *parsed;
  if (a.size() != 4 || a[0] != "r" || !a[1].is_string() || !a[2].is_number_integer() ||
      !a[3].is_string() || a[3].get<std::string>().empty()) {
    return NotACursor();
  }
  return RecordKey{a[1].get<std::string>(), a[2].get<Timestamp>(), a[3].get<std::string>()};
}

Result<AlertKey> DecodeAlertCursor(const std::string& cursor) {
  auto parsed = Unwrap(cursor);
  if (!parsed.ok()) return parsed.status();
  const json& a = *parsed;
  if (a.size() != 3 || a[0] != "a" || !a[1].is_number_integer() || !a[2].is_string() ||
      a[2].get<std::string>().empty()) {
    return NotACursor();
  }
  return AlertKey{a[1].get<Timestamp>(), a[2].get<std::string>()};
}

std::string ListScope(const std::string& clinic_id, const std::string& search) {
  const std::string input =
      "backcoach-list-v1" + std::string(1, '\0') + clinic_id + std::string(1, '\0') + search;
  unsigned char hash[16];
  crypto_generichash(hash, sizeof hash, reinterpret_cast<const unsigned char*>(input.data()),
                     input.size(), nullptr, 0);
  return Base64Url(std::string(reinterpret_cast<const char*>(hash), sizeof hash));
}

std::string EncodeCursor(const PatientKey& key, const std::string& scope) {
  return Base64Url(
      json::array({"p", scope, key.attention, key.name_key, key.display_name, key.patient_id})
          .dump(-1, ' ', false, json::error_handler_t::replace));
}

std::string EncodeCursor(const AccountKey& key, const std::string& scope) {
  return Base64Url(json::array({"c", scope, key.display_name, key.id})
                       .dump(-1, ' ', false, json::error_handler_t::replace));
}

Result<PatientKey> DecodePatientCursor(const std::string& cursor, const std::string& scope) {
  auto parsed = Unwrap(cursor);
  if (!parsed.ok()) return parsed.status();
  const json& a = *parsed;
  if (a.size() != 6 || a[0] != "p" || a[1] != scope || !a[2].is_number_integer() ||
      !a[3].is_string() || !a[4].is_string() || !a[5].is_string() ||
      a[5].get<std::string>().empty()) {
    return NotACursor();
  }
  const auto attention = a[2].get<std::int64_t>();
  if (attention < std::numeric_limits<int>::min() || attention > std::numeric_limits<int>::max()) {
    return NotACursor();
  }
  return PatientKey{static_cast<int>(attention), a[3].get<std::string>(), a[4].get<std::string>(),
                    a[5].get<std::string>()};
}

Result<AccountKey> DecodeAccountCursor(const std::string& cursor, const std::string& scope) {
  auto parsed = Unwrap(cursor);
  if (!parsed.ok()) return parsed.status();
  const json& a = *parsed;
  if (a.size() != 4 || a[0] != "c" || a[1] != scope || !a[2].is_string() || !a[3].is_string() ||
      a[3].get<std::string>().empty()) {
    return NotACursor();
  }
  return AccountKey{a[2].get<std::string>(), a[3].get<std::string>()};
}

namespace {

// The request's `cursor` decoded by `decode`; nullopt when absent or empty
// (the first page).
template <typename Key, typename Decode>
Result<std::optional<Key>> OptionalCursor(const http::Request& request, Decode decode) {
  const std::string cursor = Query(request, "cursor");
  if (cursor.empty()) return std::optional<Key>();
  Result<Key> key = decode(cursor);
  if (!key.ok()) return key.status();
  return std::optional<Key>(std::move(key).value());
}

}  // namespace

Result<std::optional<PatientKey>> PatientCursor(const http::Request& request,
                                                const std::string& scope) {
  return OptionalCursor<PatientKey>(
      request, [&](const std::string& c) { return DecodePatientCursor(c, scope); });
}

Result<std::optional<AccountKey>> AccountCursor(const http::Request& request,
                                                const std::string& scope) {
  return OptionalCursor<AccountKey>(
      request, [&](const std::string& c) { return DecodeAccountCursor(c, scope); });
}

json NextCursor(const std::optional<PatientKey>& next, const std::string& scope) {
  return next ? json(EncodeCursor(*next, scope)) : json(nullptr);
}

json NextCursor(const std::optional<AccountKey>& next, const std::string& scope) {
  return next ? json(EncodeCursor(*next, scope)) : json(nullptr);
}

Result<std::optional<RecordKey>> RecordCursor(const http::Request& request) {
  return OptionalCursor<RecordKey>(request,
                                   [](const std::string& c) { return DecodeRecordCursor(c); });
}

Result<std::optional<AlertKey>> AlertCursor(const http::Request& request) {
  return OptionalCursor<AlertKey>(request,
                                  [](const std::string& c) { return DecodeAlertCursor(c); });
}

json NextCursor(const std::optional<RecordKey>& next) {
  return next ? json(EncodeCursor(*next)) : json(nullptr);
}

json NextCursor(const std::optional<AlertKey>& next) {
  return next ? json(EncodeCursor(*next)) : json(nullptr);
}

}  // namespace backcoach
