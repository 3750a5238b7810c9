// Alerts, called directly: a clinician's typed change of an alert's state,
// how an alert is answered, and an alert of another patient.
#include "app/service_alerts.h"

#include <gtest/gtest.h>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

class AlertsServiceTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    MakeUser("maria", Role::kPatient, clinic_, &maria_);
    MakeUser("tom", Role::kPatient, clinic_, &tom_);
    MakeUser("lee", Role::kClinician, clinic_, &lee_);
    alert_ = Raise(maria_, "inactive");
  }

  Service& service() { return api_->service(); }

  Alert Raise(const User& patient, const std::string& rule) {
    Alert a;
    a.patient_id = patient.id;
    a.clinic_id = clinic_;
    a.rule = rule;
    a.period = "2026-11-23";
    a.kind = AlertKind::kConcern;
    a.reason = "No session for 7 days";
    a.source = "the rules";
    a.created_at = a.updated_at = clock_.Now();
    EXPECT_TRUE(store_->AddAlert(a).ok());
    return a;
  }

  AlertState StoredState(const std::string& id) {
    auto alerts = store_->ListAlerts({maria_.id, "", false, 10});
    EXPECT_TRUE(alerts.ok());
    for (const auto& a : *alerts) {
      if (a.id == id) return a.state;
    }
    ADD_FAILURE() << "no alert " << id;
    return AlertState::kNew;
  }

  std::string clinic_;
  User maria_, tom_, lee_;
  Alert alert_;
};

TEST_F(AlertsServiceTest, AClinicianMarksAnAlertSeenThenResolvesIt) {
  auto seen = service().SetAlertState(lee_, maria_, alert_.id, AlertChange{AlertState::kSeen, ""});
  ASSERT_TRUE(seen.ok()) << seen.status().message();
  EXPECT_EQ(seen->id, alert_.id);
  EXPECT_EQ(seen->state, AlertState::kSeen);
  EXPECT_EQ(seen->note, "");
  EXPECT_EQ(StoredState(alert_.id), AlertState::kSeen);

  auto resolved = service().SetAlertState(lee_, maria_, alert_.id,
                                          AlertChange{AlertState::kResolved, "phoned her"});
  ASSERT_TRUE(resolved.ok()) << resolved.status().message();
  EXPECT_EQ(resolved->state, AlertState::kResolved);
  EXPECT_EQ(resolved->note, "phoned her");
  EXPECT_EQ(StoredState(alert_.id), AlertState::kResolved);
  auto open = store_->ListAlerts({maria_.id, "", true, 10});
  ASSERT_TRUE(open.ok());
  EXPECT_TRUE(open->empty());
}

TEST_F(AlertsServiceTest, AnotherPatientsAlertIsNotFound) {
  Alert toms = Raise(tom_, "inactive");
  auto changed = service().SetAlertState(lee_, maria_, toms.id, AlertChange{AlertState::kSeen, ""});
  EXPECT_EQ(changed.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(changed.status().message(), "no such alert");
}

TEST_F(AlertsServiceTest, AnAlertIsAnsweredWithItsKindAndStateByName) {
  Alert good = alert_;
  good.kind = AlertKind::kGoodNews;
  good.state = AlertState::kResolved;
  const json j = AlertJson(good);
  EXPECT_EQ(j["kind"], "good_news");
  EXPECT_EQ(j["state"], "resolved");
  EXPECT_EQ(j["rule"], "inactive");
  EXPECT_FALSE(j.contains("clinic_id"));
  auto page = service().Alerts(maria_.id, 10);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0]["kind"], "concern");
  EXPECT_EQ(page->items[0]["state"], "new");
}

}  // namespace
}  // namespace backcoach
