#include "app/ical.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

CalendarFeedInput Input(std::vector<std::string> times, int offset = 0) {
  return {"p1", std::move(times), offset, Date::FromCivil(2026, 11, 23), 1795424400};
}

TEST(CalendarFeedTest, OneDailyEventWithAnAlarmPerTime) {
  const std::string feed = CalendarFeed(Input({"07:30", "18:00"}));
  EXPECT_EQ(feed.rfind("BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", 0), 0u);
  EXPECT_NE(feed.find("UID:p1-0730@backcoach\r\n"), std::string::npos);
  EXPECT_NE(feed.find("DTSTART:20261123T073000Z\r\n"), std::string::npos);
  EXPECT_NE(feed.find("DTSTART:20261123T180000Z\r\n"), std::string::npos);
  EXPECT_NE(feed.find("DTSTAMP:20261123T090000Z\r\n"), std::string::npos);
  std::size_t events = 0, alarms = 0, rules = 0;
  for (std::size_t at = 0; (at = feed.find("BEGIN:VEVENT", at)) != std::string::npos; ++at)
    ++events;
  for (std::size_t at = 0; (at = feed.find("BEGIN:VALARM", at)) != std::string::npos; ++at)
    ++alarms;
  for (std::size_t at = 0; (at = feed.find("RRULE:FREQ=DAILY", at)) != std::string::npos; ++at)
    ++rules;
  EXPECT_EQ(events, 2u);
  EXPECT_EQ(alarms, 2u);
  EXPECT_EQ(rules, 2u);
  EXPECT_TRUE(feed.size() > 2 && feed.compare(feed.size() - 15, 15, "END:VCALENDAR\r\n") == 0);
}

TEST(CalendarFeedTest, LocalTimesBecomeUtc) {
  // 07:30 in UTC+2 is 05:30 UTC; 00:30 in UTC+1 is 23:30 UTC the day before.
  EXPECT_NE(CalendarFeed(Input({"07:30"}, 120)).find("DTSTART:20261123T053000Z"),
            std::string::npos);
  EXPECT_NE(CalendarFeed(Input({"00:30"}, 60)).find("DTSTART:20261122T233000Z"), std::string::npos);
}

TEST(CalendarFeedTest, LinesAreFoldedAt75Octets) {
  const std::string feed = CalendarFeed(Input({"07:30"}));
  std::size_t start = 0;
  while (start < feed.size()) {
    const std::size_t end = feed.find("\r\n", start);
    ASSERT_NE(end, std::string::npos);
    EXPECT_LE(end - start, 75u) << feed.substr(start, end - start);
    start = end + 2;
  }
  EXPECT_NE(feed.find("\r\n "), std::string::npos);  // the description is long enough to fold
}

TEST(CalendarFeedTest, NeverMentionsSymptoms) {
  const std::string feed = CalendarFeed(Input({"07:30"}));
  for (const char* word : {"pain", "Pain", "symptom", "flag"}) {
    EXPECT_EQ(feed.find(word), std::string::npos) << word;
  }
}

TEST(CalendarFeedTest, TimesOfDayAreChecked) {
  EXPECT_EQ(MinutesOfDay("07:30"), 450);
  EXPECT_EQ(MinutesOfDay("23:59"), 1439);
  for (const char* bad : {"24:00", "7:30", "07:60", "0730", "ab:cd", ""}) {
    EXPECT_EQ(MinutesOfDay(bad), -1) << bad;
  }
}

}  // namespace
}  // namespace backcoach
