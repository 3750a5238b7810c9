// Date: a calendar day, as days since 1970-01-01, with ISO 8601 text form.
//
// The engine never reads the clock: the dates it works with come from the
// person's logs and the plan's start date.
#ifndef BACKCOACH_CORE_DATE_H_
#define BACKCOACH_CORE_DATE_H_

#include <compare>
#include <string>

#include "core/status.h"

namespace backcoach {

class Date {
 public:
  Date() = default;
  static Date FromDays(int days_since_epoch) { return Date(days_since_epoch); }
  static Date FromCivil(int year, int month, int day);
  // Parses "YYYY-MM-DD"; rejects impossible days such as 2025-02-30.
  static Result<Date> Parse(const std::string& text);

  int days() const { return days_; }
  std::string ToString() const;
  // 0 = Monday ... 6 = Sunday.
  int Weekday() const;
  Date Plus(int days) const { return Date(days_ + days); }
  int DaysSince(Date earlier) const { return days_ - earlier.days_; }

  auto operator<=>(const Date&) const = default;

 private:
  explicit Date(int days) : days_(days) {}
  int days_ = 0;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_DATE_H_
