#include "app/ical.h"

#include <cstdio>

namespace backcoach {

namespace {

constexpr std::size_t kFoldAt = 75;
constexpr const char* kSummary = "Time for your back exercises";
constexpr const char* kDescription =
    "A few minutes of the exercises in backcoach. Go at your own pace; on a bad day the short "
    "session is enough.";

// Folds a content line at 75 octets (continuations start with a space),
// without splitting a UTF-8 character.
std::string Line(const std::string& text) {
  std::string out;
  std::size_t start = 0, width = kFoldAt;
  while (text.size() - start > width) {
    std::size_t cut = start + width;
    while (cut > start && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
    out += text.substr(start, cut - start) + "\r\n ";
    start = cut;
    width = kFoldAt - 1;
  }
  return out + text.substr(start) + "\r\n";
}

// TEXT values escape backslash, semicolon, comma and newline.
std::string Escape(const std::string& text) {
  std::string out;
  for (char c : text) {
    if (c == '\\' || c == ';' || c == ',') out += '\\';
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out += c;
  }
  return out;
}

std::string UtcStamp(Timestamp t) {
  const Date day = Date::FromDays(static_cast<int>(t / 86400));
  const int seconds = static_cast<int>(t % 86400);
  std::string date = day.ToString();
  date.erase(7, 1);
  date.erase(4, 1);
  char time[16];
  std::snprintf(time, sizeof time, "T%02d%02d%02dZ", seconds / 3600, seconds / 60 % 60,
                seconds % 60);
  return date + time;
}

std::string Event(const CalendarFeedInput& in, const std::string& hh_mm, int minutes) {
  const Timestamp local_start = static_cast<Timestamp>(in.first_day.days()) * 86400 + minutes * 60;
  const Timestamp start = local_start - in.utc_offset_minutes * 60;
  std::string out = Line("BEGIN:VEVENT");
  out +=
      Line("UID:" + in.uid_prefix + "-" + hh_mm.substr(0, 2) + hh_mm.substr(3, 2) + "@backcoach");
  out += Line("DTSTAMP:" + UtcStamp(in.now));
  out += Line("DTSTART:" + UtcStamp(start));
  out += Line("DURATION:PT15M");
  out += Line("RRULE:FREQ=DAILY");
  out += Line("SUMMARY:" + Escape(kSummary));
  out += Line("DESCRIPTION:" + Escape(kDescription));
  out += Line("TRANSP:TRANSPARENT");
  out += Line("BEGIN:VALARM");
  out += Line("ACTION:DISPLAY");
  out += Line("DESCRIPTION:" + Escape(kSummary));
  out += Line("TRIGGER:PT0M");
  out += Line("END:VALARM");
  out += Line("END:VEVENT");
  return out;
}

}  // namespace

int MinutesOfDay(const std::string& hh_mm) {
  if (hh_mm.size() != 5 || hh_mm[2] != ':') return -1;
  for (int i : {0, 1, 3, 4}) {
    if (hh_mm[i] < '0' || hh_mm[i] > '9') return -1;
  }
  const int hours = (hh_mm[0] - '0') * 10 + (hh_mm[1] - '0');
  const int minutes = (hh_mm[3] - '0') * 10 + (hh_mm[4] - '0');
  if (hours > 23 || minutes > 59) return -1;
  return hours * 60 + minutes;
}

std::string CalendarFeed(const CalendarFeedInput& input) {
  std::string out = Line("BEGIN:VCALENDAR");
  out += Line("VERSION:2.0");
  out += Line("PRODID:-//backcoach//reminders//EN");
  out += Line("CALSCALE:GREGORIAN");
  out += Line("METHOD:PUBLISH");
  out += Line("X-WR-CALNAME:backcoach reminders");
  for (const auto& time : input.times) {
    const int minutes = MinutesOfDay(time);
    if (minutes >= 0) out += Event(input, time, minutes);
  }
  out += Line("END:VCALENDAR");
  return out;
}

}  // namespace backcoach
