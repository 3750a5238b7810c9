#include "api/patient_list_text.h"

#include <cstdint>
#include <cstring>

#include <nlohmann/json.hpp>

#include "core/json_writer.h"

namespace backcoach {

namespace {

using json = nlohmann::json;

// Whether none of the eight bytes at `p` is a quote, a backslash, a
// control character or a byte beyond ASCII: bytes that may be copied as
// they are. Eight at a time, since the stored reasons are long runs of
// such bytes and checking them one by one was a tenth of the list's time.
// Each test leaves a byte's high bit set where it finds one (the usual
// word-at-a-time tests; "below 0x20" is exact once no high bit is set).
bool AllPlain(const char* p) {
  constexpr std::uint64_t kOnes = 0x0101010101010101ull;
  constexpr std::uint64_t kHigh = 0x8080808080808080ull;
  std::uint64_t v;
  std::memcpy(&v, p, sizeof v);
  if ((v & kHigh) != 0) return false;
  auto has_zero_byte = [&](std::uint64_t x) { return ((x - kOnes) & ~x & kHigh) != 0; };
  const bool control = ((v - kOnes * 0x20) & ~v & kHigh) != 0;
  return !control && !has_zero_byte(v ^ (kOnes * '"')) && !has_zero_byte(v ^ (kOnes * '\\'));
}

// Whether `text` is a JSON array of ASCII strings exactly as
// nlohmann::json's dump() writes it: no spaces, and only the escapes it
// writes (\" \\ \b \f \n \r \t, and \u00xx in lower case for the other
// control characters). Such a text is its own dump.
bool IsDumpedArrayOfText(const std::string& text) {
  auto is_hex = [](char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'); };
  std::size_t i = 0;
  const std::size_t n = text.size();
  if (n < 2 || text[i++] != '[') return false;
  if (text[i] == ']') return i + 1 == n;
  while (true) {
    if (i >= n || text[i++] != '"') return false;
    while (true) {
      while (i + 8 <= n && AllPlain(text.data() + i)) i += 8;
      if (i >= n) return false;
      const unsigned char c = static_cast<unsigned char>(text[i++]);
      if (c == '"') break;
      if (c < 0x20 || c >= 0x80) return false;
      if (c != '\\') continue;
      if (i >= n) return false;
      const char e = text[i++];
      if (e == '"' || e == '\\' || e == 'b' || e == 'f' || e == 'n' || e == 'r' || e == 't') {
        continue;
      }
      if (e != 'u' || i + 4 > n || text[i] != '0' || text[i + 1] != '0' || !is_hex(text[i + 2]) ||
          !is_hex(text[i + 3])) {
        return false;
      }
      const int code = std::stoi(text.substr(i + 2, 2), nullptr, 16);
      i += 4;
      if (code >= 0x20 || code == '\b' || code == '\f' || code == '\n' || code == '\r' ||
          code == '\t') {
        return false;
      }
    }
    if (i >= n) return false;
    const char next = text[i++];
    if (next == ']') return i == n;
    if (next != ',') return false;
  }
}

// The stored reasons (the summary writer's own dump of a list of words):
// copied when they are already what dump() would write, otherwise through
// the tree, and [] when they are not an array.
void AppendReasons(std::string& out, const std::string& stored) {
  if (IsDumpedArrayOfText(stored)) {
    out += stored;
    return;
  }
  json reasons = json::parse(stored, nullptr, /*allow_exceptions=*/false);
  if (!reasons.is_array()) reasons = json::array();
  out += reasons.dump();
}

void AppendPatient(std::string& out, const PatientRow& row) {
  const PatientSummary& p = row.summary;
  JsonObjectText o(out);
  o.Field("attention") += std::to_string(p.attention);
  AppendJsonString(o.Field("id"), p.patient_id);
  AppendJsonString(o.Field("last_activity"), p.last_activity);
  o.Field("last_pain") += std::to_string(p.last_pain);
  AppendJsonString(o.Field("name"), p.display_name);
  AppendReasons(o.Field("reasons"), p.reasons);
  AppendJsonString(o.Field("status"), p.status);
  AppendJsonString(o.Field("triage"), p.triage);
  o.Field("unanswered_since") +=
      p.unanswered_since != 0 ? std::to_string(p.unanswered_since) : "null";
  o.Field("unread") += std::to_string(row.unread);
  o.Field("urgent") += row.urgent ? "true" : "false";
  o.Close();
}

}  // namespace

std::string PatientListText(const PatientList& list, const std::string& next_cursor) {
  std::string out;
  out.reserve(64 + next_cursor.size() + list.patients.size() * 512);
  JsonObjectText o(out);
  o.Field("limit") += std::to_string(list.limit);
  if (next_cursor.empty()) {
    o.Field("next_cursor") += "null";
  } else {
    AppendJsonString(o.Field("next_cursor"), next_cursor);
  }
  std::string& patients = o.Field("patients");
  patients += '[';
  for (std::size_t i = 0; i < list.patients.size(); ++i) {
    if (i > 0) out += ',';
    AppendPatient(out, list.patients[i]);
  }
  patients += ']';
  o.Field("total") += std::to_string(list.total);
  o.Close();
  return out;
}

}  // namespace backcoach
