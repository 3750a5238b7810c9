#include "activity/apple_health.h"

#include <expat.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <limits>

namespace backcoach {

namespace {

constexpr const char* kStepType = "HKQuantityTypeIdentifierStepCount";
constexpr const char* kExerciseType = "HKQuantityTypeIdentifierAppleExerciseTime";

const char* Attribute(const char** attributes, const char* name) {
  for (int i = 0; attributes[i] != nullptr; i += 2) {
    if (std::strcmp(attributes[i], name) == 0) return attributes[i + 1];
  }
  return nullptr;
}

void XMLCALL StartElement(void* data, const XML_Char* name, const XML_Char** attributes) {
  static_cast<AppleHealthImporter*>(data)->OnElement(name, attributes);
}

void XMLCALL EndElement(void* data, const XML_Char*) {
  static_cast<AppleHealthImporter*>(data)->OnElementEnd();
}

// The source with the highest total, and that total.
std::pair<std::string, double> Highest(const std::map<std::string, double>& by_source) {
  std::pair<std::string, double> best{"", -1};
  for (const auto& [source, total] : by_source) {
    if (total > best.second) best = {source, total};
  }
  return best;
}

}  // namespace

struct AppleHealthImporter::Parser {
  XML_Parser xml = XML_ParserCreate(nullptr);
  ~Parser() { XML_ParserFree(xml); }
};

AppleHealthImporter::AppleHealthImporter() : parser_(std::make_unique<Parser>()) {
  import_.format = "apple-health";
  XML_SetUserData(parser_->xml, this);
  XML_SetElementHandler(parser_->xml, &StartElement, &EndElement);
}

void AppleHealthImporter::OnElementEnd() {
  last_element_ = static_cast<std::uint64_t>(XML_GetCurrentByteIndex(parser_->xml));
}

AppleHealthImporter::~AppleHealthImporter() = default;

void AppleHealthImporter::OnElement(const char* name, const char** attributes) {
  last_element_ = static_cast<std::uint64_t>(XML_GetCurrentByteIndex(parser_->xml));
  if (std::strcmp(name, "Record") != 0) return;
  const char* type = Attribute(attributes, "type");
  if (type == nullptr) return;
  const bool steps = std::strcmp(type, kStepType) == 0;
  if (!steps && std::strcmp(type, kExerciseType) != 0) return;
  ++import_.rows;
  const long long line = static_cast<long long>(XML_GetCurrentLineNumber(parser_->xml));
  const char* text = Attribute(attributes, "value");
  char* end = nullptr;
  const double value = text != nullptr ? std::strtod(text, &end) : -1;
  if (text == nullptr || end == text || *end != '\0' || !std::isfinite(value) || value < 0) {
    return AddProblem(import_, line, "the record has no valid value");
  }
  const char* start = Attribute(attributes, "startDate");
  const char* source = Attribute(attributes, "sourceName");
  double* total =
      TotalFor(steps, start != nullptr ? start : "", source != nullptr ? source : "unknown");
  if (total == nullptr) return AddProblem(import_, line, "the record has no valid startDate");
  *total += value;
}

double* AppleHealthImporter::TotalFor(bool steps, const char* start, const char* source) {
  // Records come in runs of one type, day and source: the last total found
  // is reused while they last, so most records cost no lookup.
  if (last_total_ != nullptr && last_steps_ == steps && std::strncmp(start, last_day_, 10) == 0 &&
      std::strlen(start) >= 10 && last_source_ == source) {
    return last_total_;
  }
  auto date = Date::Parse(std::string(start, strnlen(start, 10)));
  if (!date.ok()) return nullptr;
  last_total_ = &(steps ? steps_ : minutes_)[*date][source];
  last_steps_ = steps;
  std::memcpy(last_day_, start, 10);
  last_source_ = source;
  return last_total_;
}

Status AppleHealthImporter::ParseError() const {
  if (gap_) {
    return Status::InvalidArgument("line " +
                                   std::to_string(XML_GetCurrentLineNumber(parser_->xml)) +
                                   ": not a readable Apple Health export: no element opens or "
                                   "closes in over 1 MB");
  }
  return Status::InvalidArgument(
      "line " + std::to_string(XML_GetCurrentLineNumber(parser_->xml)) +
      ": not a readable Apple Health export: " + XML_ErrorString(XML_GetErrorCode(parser_->xml)));
}

Status AppleHealthImporter::Feed(std::string_view piece) {
  if (failed_) return ParseError();
  constexpr std::size_t kMaxPiece = std::numeric_limits<int>::max() / 2;
  while (!piece.empty()) {
    const std::size_t n = std::min(piece.size(), kMaxPiece);
    if (XML_Parse(parser_->xml, piece.data(), static_cast<int>(n), XML_FALSE) != XML_STATUS_OK) {
      failed_ = true;
      return ParseError();
    }
    fed_ += n;
    piece.remove_prefix(n);
    if (fed_ - last_element_ > kMaxXmlGap) {
      failed_ = true;
      gap_ = true;
      return ParseError();
    }
  }
  return Status::Ok();
}

Result<ActivityImport> AppleHealthImporter::Finish() {
  if (failed_ || XML_Parse(parser_->xml, nullptr, 0, XML_TRUE) != XML_STATUS_OK) {
    failed_ = true;
    return ParseError();
  }
  for (const auto& [date, by_source] : steps_) {
    const auto [source, total] = Highest(by_source);
    DayActivity& day = import_.days[date];
    day.steps = std::min(kMaxDailySteps, std::llround(total));
    day.source = source;
  }
  for (const auto& [date, by_source] : minutes_) {
    const auto [source, total] = Highest(by_source);
    DayActivity& day = import_.days[date];
    day.active_minutes =
        static_cast<int>(std::min<long long>(kMaxDailyMinutes, std::llround(total)));
    if (day.source.empty()) day.source = source;
  }
  return std::move(import_);
}

}  // namespace backcoach
