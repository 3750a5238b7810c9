// Reminders and summaries: when and how a person wants to be reminded, the
// in-app notices, the weekly summaries and the private calendar feed. Plain
// values: the API decodes and encodes them (api/service_json.h). The
// Service's members are in service.h (PreferencesOf, SetPreferences,
// Notices, Summaries, CreateCalendar, ...); service_reminders.cc and
// service_summary.cc hold their code. The notices and weekly summaries are
// documents the Service writes as JSON (their text is the product).
//
// Plain values: safe from any thread as any value is; the functions here
// never fail but where they say so.
#ifndef BACKCOACH_APP_SERVICE_REMINDERS_H_
#define BACKCOACH_APP_SERVICE_REMINDERS_H_

#include <string>
#include <vector>

#include "core/date.h"

namespace backcoach {

// When and how a person wants to be reminded (their "preferences" record).
// SetPreferences takes it without `since` (the day it arrives).
struct Preferences {
  std::vector<std::string> reminder_times;  // "HH:MM" in their local time, sorted
  int utc_offset_minutes = 0;               // their local time minus UTC
  bool email_reminders = false;             // besides the in-app list
  bool email_summary = false;               // the weekly summary by e-mail too
  Date since;                               // the day they were set
};

// At most this many reminder times a day; a UTC offset within this many
// minutes either way.
inline constexpr std::size_t kMaxReminderTimes = 4;
inline constexpr int kMaxUtcOffsetMinutes = 14 * 60;

// A new private calendar feed: the secret path to subscribe to
// ("/api/v1/calendar/<patient id>/<token>.ics"; only the token's hash is
// kept, so the path is shown once).
struct CalendarLink {
  std::string path;
};

}  // namespace backcoach

#endif  // BACKCOACH_APP_SERVICE_REMINDERS_H_
