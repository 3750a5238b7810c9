#include "core/date.h"

#include <cstdio>

namespace backcoach {

// Howard Hinnant's days-from-civil algorithm (public domain).
Date Date::FromCivil(int y, int m, int d) {
  y -= m <= 2;
  const int era = (y >= 0 ? y : y - 399) / 400;
  const int yoe = y - era * 400;
  const int doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const int doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return Date(era * 146097 + doe - 719468);
}

std::string Date::ToString() const {
  int z = days_ + 719468;
  const int era = (z >= 0 ? z : z - 146096) / 146097;
  const int doe = z - era * 146097;
  const int yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  int y = yoe + era * 400;
  const int doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const int mp = (5 * doy + 2) / 153;
  const int d = doy - (153 * mp + 2) / 5 + 1;
  const int m = mp + (mp < 10 ? 3 : -9);
  y += m <= 2;
  if (y < 0 || y > 9999) {
    char buffer[40];
    std::snprintf(buffer, sizeof buffer, "%04d-%02d-%02d", y, m, d);
    return buffer;
  }
  // Digit by digit: snprintf was most of the cost, and the engine writes a
  // date into the text of every flare-up step.
  std::string text = "0000-00-00";
  auto put = [&text](std::size_t end, int value) {
    for (std::size_t i = end; value > 0; value /= 10) {
      text[--i] = static_cast<char>('0' + value % 10);
    }
  };
  put(4, y);
  put(7, m);
  put(10, d);
  return text;
}

int Date::Weekday() const {
  // 1970-01-01 was a Thursday (3 when Monday is 0).
  const int w = (days_ + 3) % 7;
  return w < 0 ? w + 7 : w;
}

Result<Date> Date::Parse(const std::string& text) {
  int y = 0, m = 0, d = 0;
  char tail = 0;
  const bool shaped = text.size() == 10 && text[4] == '-' && text[7] == '-' &&
                      std::sscanf(text.c_str(), "%4d-%2d-%2d%c", &y, &m, &d, &tail) == 3;
  if (!shaped || y < 1900 || y > 2200 || m < 1 || m > 12 || d < 1 || d > 31) {
    return Status::InvalidArgument("'" + text + "' is not a date of the form YYYY-MM-DD");
  }
  Date date = FromCivil(y, m, d);
  if (date.ToString() != text) {
    return Status::InvalidArgument("'" + text + "' is not a real calendar day");
  }
  return date;
}

}  // namespace backcoach
