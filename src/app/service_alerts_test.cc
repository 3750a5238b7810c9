// Alerts, called directly: a clinician's typed change of an alert's state,
// how an alert is answered, and an alert of another patient.
#include "app/service_alerts.h"

#include <gtest/gtest.h>

#include "api/api_test_fixture.h"
#include "core/plan_request.h"
#include "storage/memory_store.h"
#include "testing/plan_fixtures.h"

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

// Counts, by rule, the alerts offered to the store; with `hidden`, lists
// no alerts (as if they had been lost) while still refusing duplicates.
class AlertCountingStore : public MemoryStore {
 public:
  Status AddAlert(Alert& alert) override {
    ++offered[alert.rule];
    return MemoryStore::AddAlert(alert);
  }
  Result<std::vector<Alert>> ListAlerts(const AlertQuery& query) override {
    if (hidden) return std::vector<Alert>{};
    return MemoryStore::ListAlerts(query);
  }
  bool hidden = false;
  int Stored(const std::string& patient_id, const std::string& rule) {
    auto alerts = MemoryStore::ListAlerts({patient_id, "", false, 100});
    EXPECT_TRUE(alerts.ok());
    int n = 0;
    for (const auto& a : *alerts) n += a.rule == rule ? 1 : 0;
    return n;
  }
  std::map<std::string, int> offered;
};

class RaisedAlertsTest : public ::testing::Test {
 protected:
  User Patient(const std::string& id) {
    User u;
    u.id = id;
    u.email = id + "@example.test";
    u.display_name = id;
    u.role = Role::kPatient;
    EXPECT_TRUE(store_.CreateUser(u).ok());
    auto intake =
        service_.SubmitIntake(u, IntakeInput{PlanRequestToJson(testing::MariaRequest()), ""});
    EXPECT_TRUE(intake.ok()) << intake.status().message();
    return u;
  }
  void Log(Service& service, const User& u, json log) {
    auto parsed = SessionLogFromJson(log);
    ASSERT_TRUE(parsed.ok()) << parsed.status().message();
    auto logged = service.LogSession(u, *parsed);
    ASSERT_TRUE(logged.ok()) << logged.status().message();
  }
  static json BadDay(const std::string& date) {
    return {{"date", date},
            {"bad_day", true},
            {"exercises", json::array()},
            {"pain_after", 6},
            {"effort", 3}};
  }

  AlertCountingStore store_;
  FakeClock clock_{1795424400};  // 2026-11-23 09:00 UTC
  Service service_{store_, testing::ShippedContent(), clock_};
};

// A session log offers the store every alert whose rule holds. One that is
// known to be stored already is not offered again by the same server (a
// write each time, refused as a duplicate); another server offers it once.
TEST_F(RaisedAlertsTest, AnAlertKnownToBeStoredIsNotOfferedAgain) {
  const User maria = Patient("maria");
  Log(service_, maria, BadDay("2026-11-23"));
  ASSERT_EQ(store_.offered["flare_up"], 1);
  ASSERT_EQ(store_.Stored(maria.id, "flare_up"), 1);
  Log(service_, maria, BadDay("2026-11-24"));
  ASSERT_TRUE(service_.RaiseAlerts(maria).ok());
  EXPECT_EQ(store_.offered["flare_up"], 1);
  Service other(store_, testing::ShippedContent(), clock_);
  ASSERT_TRUE(other.RaiseAlerts(maria).ok());
  ASSERT_TRUE(other.RaiseAlerts(maria).ok());
  EXPECT_EQ(store_.offered["flare_up"], 2) << "once by the other server, then known there";
  EXPECT_EQ(store_.Stored(maria.id, "flare_up"), 1);
}

// Whether a red flag is stored already is read from the store every time
// its rule holds, never taken from one server's memory: a red flag the
// store does not show is offered again.
TEST_F(RaisedAlertsTest, ARedFlagIsLookedUpInTheStoreEveryTime) {
  const User maria = Patient("maria");
  Log(service_, maria,
      {{"date", "2026-11-23"},
       {"exercises", json::array()},
       {"pain_after", 3},
       {"effort", 3},
       {"bladder_or_bowel_change", true}});
  ASSERT_EQ(store_.offered["red_flag"], 1);
  ASSERT_EQ(store_.Stored(maria.id, "red_flag"), 1);
  ASSERT_TRUE(service_.RaiseAlerts(maria).ok());
  EXPECT_EQ(store_.offered["red_flag"], 1) << "the store shows it: not offered again";
  store_.hidden = true;
  ASSERT_TRUE(service_.RaiseAlerts(maria).ok());
  ASSERT_TRUE(service_.RaiseAlerts(maria).ok());
  EXPECT_EQ(store_.offered["red_flag"], 3) << "not shown: offered each time";
  EXPECT_EQ(store_.Stored(maria.id, "red_flag"), 1);
}

}  // namespace
}  // namespace backcoach
