// ICalendar: the reminder feed that calendar apps subscribe to (RFC 5545).
//
// One VEVENT per reminder time, repeating daily (RRULE:FREQ=DAILY), each
// with a VALARM that shows a notice at the time. The text is the same calm
// invitation to exercise for everyone: a reminder never says anything
// about symptoms, pain or the plan. Lines end in CRLF and are folded at 75
// octets, as the RFC asks.
//
// Pure functions: no I/O, no state, safe from any thread.
#ifndef BACKCOACH_APP_ICAL_H_
#define BACKCOACH_APP_ICAL_H_

#include <string>
#include <vector>

#include "core/date.h"
#include "storage/store.h"

namespace backcoach {

struct CalendarFeedInput {
  std::string uid_prefix;          // unique per person, e.g. their id
  std::vector<std::string> times;  // "HH:MM", the person's local time
  int utc_offset_minutes = 0;      // local time minus UTC
  Date first_day;                  // when the reminders start
  Timestamp now = 0;               // DTSTAMP
};

// The feed's text. Never fails: a time that is not "HH:MM" is left out.
std::string CalendarFeed(const CalendarFeedInput& input);

// "HH:MM" to minutes after midnight; -1 when it is not a time of day.
int MinutesOfDay(const std::string& hh_mm);

}  // namespace backcoach

#endif  // BACKCOACH_APP_ICAL_H_
