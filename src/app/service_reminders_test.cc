// Reminders, called directly: typed preferences kept sorted and dated, and
// read back as they were set.
#include "app/service_reminders.h"

#include <gtest/gtest.h>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

class RemindersServiceTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    MakeUser("maria", Role::kPatient, MakeClinic("Riverside"), &maria_);
  }

  Service& service() { return api_->service(); }

  User maria_;
};

TEST_F(RemindersServiceTest, WithoutPreferencesThereAreNoReminders) {
  auto p = service().PreferencesOf(maria_.id);
  ASSERT_TRUE(p.ok()) << p.status().message();
  EXPECT_TRUE(p->reminder_times.empty());
  EXPECT_FALSE(p->email_reminders);
}

TEST_F(RemindersServiceTest, PreferencesAreKeptSortedOnceEachAndDatedToday) {
  Preferences p;
  p.reminder_times = {"19:00", "07:30", "19:00"};
  p.utc_offset_minutes = 60;
  p.email_summary = true;
  p.since = Date::FromCivil(2020, 1, 1);  // not read: the day it arrives
  auto set = service().SetPreferences(maria_, p);
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->reminder_times, (std::vector<std::string>{"07:30", "19:00"}));
  EXPECT_EQ(set->since, Date::FromCivil(2026, 11, 23));

  auto back = service().PreferencesOf(maria_.id);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->reminder_times, (std::vector<std::string>{"07:30", "19:00"}));
  EXPECT_EQ(back->utc_offset_minutes, 60);
  EXPECT_FALSE(back->email_reminders);
  EXPECT_TRUE(back->email_summary);
  EXPECT_EQ(back->since, Date::FromCivil(2026, 11, 23));
}

TEST_F(RemindersServiceTest, ANewCalendarPathIsThePatientsAndTheOldOneStops) {
  auto first = service().CreateCalendar(maria_);
  ASSERT_TRUE(first.ok()) << first.status().message();
  const std::string prefix = "/api/v1/calendar/" + maria_.id + "/";
  ASSERT_EQ(first->path.rfind(prefix, 0), 0u) << first->path;
  const std::string token = first->path.substr(prefix.size());
  EXPECT_TRUE(service().CalendarFor(maria_.id, token).ok());
  auto second = service().CreateCalendar(maria_);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(second->path, first->path);
  EXPECT_EQ(service().CalendarFor(maria_.id, token).status().message(), "no such calendar");
}

}  // namespace
}  // namespace backcoach
