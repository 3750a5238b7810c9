#include "http/log.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <sstream>

namespace backcoach {
namespace {

std::string FixedTime() { return "2026-11-23T09:00:00.000Z"; }

std::vector<nlohmann::json> Lines(const std::string& text) {
  std::vector<nlohmann::json> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(nlohmann::json::parse(line));
  return out;
}

http::RequestLogEntry Entry(int status) {
  return {"GET", "/api/v1/patients/abc/today", status, 1.23456, "127.0.0.1"};
}

TEST(LoggerTest, RequestsAreOneJsonObjectPerLine) {
  std::ostringstream out;
  Logger log(out, LogLevel::kRequests, &FixedTime);
  log.Request(Entry(200));
  log.Event("started", "serving on 127.0.0.1:8080");
  const auto lines = Lines(out.str());
  ASSERT_EQ(lines.size(), 2u);
  EXPECT_EQ(lines[0]["ts"], "2026-11-23T09:00:00.000Z");
  EXPECT_EQ(lines[0]["event"], "request");
  EXPECT_EQ(lines[0]["status"], 200);
  EXPECT_EQ(lines[0]["path"], "/api/v1/patients/abc/today");
  EXPECT_DOUBLE_EQ(lines[0]["ms"].get<double>(), 1.23);
  EXPECT_EQ(lines[1]["event"], "started");
  EXPECT_EQ(lines[1]["level"], "info");
}

TEST(LoggerTest, LevelsKeepWhatTheyPromise) {
  std::ostringstream errors_only, events, off;
  for (auto [out, level] :
       {std::pair{&errors_only, LogLevel::kErrors}, std::pair{&events, LogLevel::kEvents},
        std::pair{&off, LogLevel::kOff}}) {
    Logger log(*out, level, &FixedTime);
    log.Request(Entry(200));
    log.Request(Entry(503));
    log.Event("started", "up");
    log.Event("store", "the disk is full", /*error=*/true);
  }
  const auto e = Lines(errors_only.str());
  ASSERT_EQ(e.size(), 2u);
  EXPECT_EQ(e[0]["status"], 503);
  EXPECT_EQ(e[1]["level"], "error");
  EXPECT_EQ(Lines(events.str()).size(), 3u);  // the 503, the start, the error
  EXPECT_TRUE(off.str().empty());
}

TEST(LoggerTest, InvalidUtf8FromAClientCannotBreakALine) {
  std::ostringstream out;
  Logger log(out, LogLevel::kRequests, &FixedTime);
  auto entry = Entry(404);
  entry.path = "/caf\xe9";
  log.Request(entry);
  ASSERT_EQ(Lines(out.str()).size(), 1u);
}

TEST(LoggerTest, LevelNamesParseAndBadOnesAreRefused) {
  EXPECT_EQ(*ParseLogLevel("requests"), LogLevel::kRequests);
  EXPECT_EQ(*ParseLogLevel("off"), LogLevel::kOff);
  EXPECT_FALSE(ParseLogLevel("verbose").ok());
}

}  // namespace
}  // namespace backcoach
