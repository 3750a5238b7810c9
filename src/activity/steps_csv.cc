#include "activity/steps_csv.h"

#include <array>
#include <cctype>
#include <cmath>

namespace backcoach {

namespace {

// "Start Date" -> "startdate": header names compared without case or punctuation.
std::string Normalise(std::string_view name) {
  std::string out;
  for (unsigned char c : name) {
    if (std::isalnum(c)) out += static_cast<char>(std::tolower(c));
  }
  return out;
}

template <std::size_t N>
bool OneOf(const std::string& name, const std::array<const char*, N>& names) {
  for (const char* n : names) {
    if (name == n) return true;
  }
  return false;
}

constexpr std::array<const char*, 6> kDateNames = {"date",      "day",       "start",
                                                   "startdate", "timestamp", "datetime"};
constexpr std::array<const char*, 6> kStepsNames = {"steps",      "stepcount", "dailysteps",
                                                    "totalsteps", "count",     "stepstotal"};
constexpr std::array<const char*, 8> kMinutesNames = {
    "activeminutes", "minutesactive", "exerciseminutes", "activityminutes",
    "moveminutes",   "minutes",       "activetime",      "activeminutestotal"};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.front()))) {
    text.remove_prefix(1);
  }
  while (!text.empty() && std::isspace(static_cast<unsigned char>(text.back()))) {
    text.remove_suffix(1);
  }
  return text;
}

// "'<text>' is not a date (YYYY-MM-DD)", appended piece by piece: GCC 12
// misreports "'" + std::string(text) (a C string before a temporary) as an
// overlapping copy (-Wrestrict).
Status NotADate(std::string_view text) {
  std::string message = "'";
  message += text;
  message += "' is not a date (YYYY-MM-DD)";
  return Status::InvalidArgument(message);
}

// The day a date or date-time names, as written (no time-zone shift).
Result<Date> DayOf(std::string_view text) {
  text = Trim(text);
  if (text.size() > 10 && text[10] != ' ' && text[10] != 'T') return NotADate(text);
  auto date = Date::Parse(std::string(text.substr(0, 10)));
  if (!date.ok()) return NotADate(text.substr(0, 40));
  return date;
}

}  // namespace

std::optional<long long> ParseCount(std::string_view text) {
  text = Trim(text);
  if (text.empty()) return std::nullopt;
  long long value = 0;
  bool fraction = false;
  for (char c : text) {
    if (fraction) {
      if (c != '0') return std::nullopt;  // 12.0 is whole; 12.5 is not
    } else if (c == '.') {
      fraction = true;
    } else if (c == ',' || c == ' ') {
      continue;  // thousands separators
    } else if (c >= '0' && c <= '9') {
      if (value > 1'000'000'000'000LL) return std::nullopt;
      value = value * 10 + (c - '0');
    } else {
      return std::nullopt;
    }
  }
  return value;
}

StepsCsvImporter::StepsCsvImporter()
    : reader_([this](std::vector<std::string>& fields, long long line) {
        return OnRecord(fields, line);
      }) {
  import_.format = "csv";
}

Status StepsCsvImporter::Feed(std::string_view piece) { return reader_.Feed(piece); }

Status StepsCsvImporter::OnRecord(std::vector<std::string>& fields, long long line) {
  if (fields.size() == 1 && Trim(fields[0]).empty()) return Status::Ok();  // a blank line
  if (!have_header_) return ReadHeader(fields);
  ++import_.rows;
  ReadRow(fields, line);
  return Status::Ok();
}

Status StepsCsvImporter::ReadHeader(const std::vector<std::string>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    const std::string name = Normalise(fields[i]);
    const int column = static_cast<int>(i);
    if (date_column_ < 0 && OneOf(name, kDateNames)) date_column_ = column;
    if (steps_column_ < 0 && OneOf(name, kStepsNames)) steps_column_ = column;
    if (minutes_column_ < 0 && OneOf(name, kMinutesNames)) minutes_column_ = column;
  }
  if (date_column_ < 0 || steps_column_ < 0) {
    return Status::InvalidArgument(
        "line 1: the header needs a date column and a steps column (e.g. "
        "date,steps,active_minutes)");
  }
  have_header_ = true;
  return Status::Ok();
}

void StepsCsvImporter::ReadRow(const std::vector<std::string>& fields, long long line) {
  const auto field = [&](int column) -> std::string_view {
    if (column < 0 || column >= static_cast<int>(fields.size())) return {};
    return fields[column];
  };
  auto date = DayOf(field(date_column_));
  if (!date.ok()) return AddProblem(import_, line, date.status().message());
  const auto steps = ParseCount(field(steps_column_));
  if (!steps || *steps > kMaxDailySteps) {
    return AddProblem(import_, line,
                      "steps '" + std::string(field(steps_column_).substr(0, 40)) +
                          "' is not a whole number from 0 to " + std::to_string(kMaxDailySteps));
  }
  std::optional<long long> minutes;
  if (minutes_column_ >= 0 && !Trim(field(minutes_column_)).empty()) {
    minutes = ParseCount(field(minutes_column_));
    if (!minutes || *minutes > kMaxDailyMinutes) {
      return AddProblem(import_, line,
                        "active minutes '" + std::string(field(minutes_column_).substr(0, 40)) +
                            "' is not a whole number from 0 to " +
                            std::to_string(kMaxDailyMinutes));
    }
  }
  DayActivity& day = import_.days[*date];
  day.source = "csv";
  day.steps = std::min(kMaxDailySteps, std::max(0LL, day.steps) + *steps);
  if (minutes) {
    day.active_minutes = static_cast<int>(
        std::min<long long>(kMaxDailyMinutes, std::max(0, day.active_minutes) + *minutes));
  }
}

Result<ActivityImport> StepsCsvImporter::Finish() {
  if (Status s = reader_.Finish(); !s.ok()) return s;
  if (!have_header_) return Status::InvalidArgument("the file is empty");
  return std::move(import_);
}

}  // namespace backcoach
