// What arrives in a URL or a header before any handler sees it: query
// strings, cookies, percent-encoding and dates.
#include <string>

#include "core/date.h"
#include "fuzz_support.h"
#include "http/http.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using namespace backcoach;
  const std::string text = fuzz::AsText(data, size);
  for (const auto& [key, value] : http::ParseQuery(text)) {
    fuzz::Require(key.size() <= text.size() && value.size() <= text.size(),
                  "decoding never makes text longer");
  }
  (void)http::ParseCookies(text);
  fuzz::Require(http::PercentDecode(text, true).size() <= text.size(),
                "percent-decoding never makes text longer");
  auto date = Date::Parse(text);
  if (date.ok()) {
    fuzz::Require(Date::Parse(date->ToString()).ok(), "a parsed date prints as a date");
    fuzz::Require(*Date::Parse(date->ToString()) == *date, "a date round-trips");
  }
  return 0;
}
