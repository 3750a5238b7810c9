// The clinic admin's side, called directly: staff and accounts of one's own
// clinic only, the audit search with its filters and pages, the clinic's
// settings and their checks, the emergency number each person gets, and a
// patient without a clinic joining one with its code.
#include "app/clinic_admin.h"

#include <gtest/gtest.h>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

class ClinicAdminTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    a_ = MakeClinic("A");
    b_ = MakeClinic("B");
    MakeUser("ada", Role::kAdmin, a_, &ada_);
    MakeUser("lee", Role::kClinician, a_, &lee_);
    MakeUser("maria", Role::kPatient, a_, &maria_);
    MakeUser("adb", Role::kAdmin, b_, &adb_);
    MakeUser("tom", Role::kPatient, b_, &tom_);
    MakeUser("sis", Role::kSupporter, "", &sis_);
    MakeUser("alone", Role::kPatient, "", &alone_);
    EXPECT_TRUE(store_->AddCareMember({maria_.id, sis_.id, "", clock_.Now()}).ok());
  }

  static std::vector<std::string> Names(const std::vector<AccountRow>& rows) {
    std::vector<std::string> out;
    for (const AccountRow& r : rows) out.push_back(r.display_name);
    return out;
  }

  // An invitation of `clinic`, made `age` seconds ago; the code handed out.
  std::string Invitation(const std::string& clinic, Timestamp age = 0) {
    User inviter;
    inviter.id = ada_.id;
    inviter.clinic_id = clinic;
    clock_.Advance(-age);
    auto invitation = api_->service().Invite(inviter);
    clock_.Advance(age);
    EXPECT_TRUE(invitation.ok());
    return invitation.ok() ? invitation->code : "";
  }

  // A thin wrapper over the service: made as it is needed.
  ClinicAdmin admin() { return ClinicAdmin(api_->service()); }

  std::string a_, b_;
  User ada_, lee_, maria_, adb_, tom_, sis_, alone_;
};

using Strings = std::vector<std::string>;

TEST(EmergencyNumberTest, OnlyDigitsAndPlusTwoToFifteenOfThem) {
  for (const char* good : {"", "112", "999", "+44999", "000", "123456789012345"}) {
    EXPECT_TRUE(CheckEmergencyNumber(good).ok()) << good;
  }
  for (const char* bad : {"1", "1234567890123456", "11a", "11 2", "tel:112", "-112"}) {
    Status s = CheckEmergencyNumber(bad);
    EXPECT_EQ(s.code(), StatusCode::kInvalidArgument) << bad;
    EXPECT_EQ(s.message(),
              "the emergency number may have only digits and +, 2 to 15 of them (such as 112 or "
              "999)");
  }
}

TEST_F(ClinicAdminTest, StaffAreTheClinicsOwnWithTheirState) {
  lee_.disabled = true;
  ASSERT_TRUE(store_->UpdateUser(lee_).ok());
  auto staff = admin().Staff(ada_);
  ASSERT_TRUE(staff.ok());
  EXPECT_EQ(Names(*staff), (Strings{"ada", "lee"}));
  EXPECT_TRUE((*staff)[1].disabled);
  EXPECT_EQ(Names(admin().Staff(adb_).value()), Strings{"adb"});
}

TEST_F(ClinicAdminTest, AccountsAreTheClinicsPatientsAndTheirSupporters) {
  auto accounts = admin().Accounts(ada_, 50);
  ASSERT_TRUE(accounts.ok());
  EXPECT_EQ(Names(accounts->accounts), (Strings{"maria", "sis"}));
  EXPECT_FALSE(accounts->next) << "one page holds them all";
  EXPECT_EQ(Names(admin().Accounts(adb_, 50)->accounts), Strings{"tom"});
}

// Pages by name then id: a walk meets every account once, in the order of
// one large page, also when accounts are added before and after the walk's
// place between its pages.
TEST_F(ClinicAdminTest, AccountsArePagedByNameThenId) {
  int made = 0;
  const auto patient = [&](const char* name) {
    User u;
    u.email = "p" + std::to_string(++made) + "@example.test";
    u.display_name = name;
    u.role = Role::kPatient;
    u.clinic_id = a_;
    EXPECT_TRUE(store_->CreateUser(u).ok());
    return u.id;
  };
  for (const char* name : {"Bea", "bea", "Abe", "Zoe", "Bea", "Cy", "Ann"}) patient(name);
  auto whole = admin().Accounts(ada_, 200);
  ASSERT_TRUE(whole.ok());
  ASSERT_EQ(whole->accounts.size(), 9u);  // maria and sis, and the seven above
  std::vector<std::string> expected;
  for (const auto& a : whole->accounts) expected.push_back(a.id);
  std::vector<std::string> walked;
  std::optional<AccountKey> after;
  int pages = 0;
  do {
    auto page = admin().Accounts(ada_, 2, after);
    ASSERT_TRUE(page.ok());
    ASSERT_LE(page->accounts.size(), 2u);
    for (const auto& a : page->accounts) walked.push_back(a.id);
    after = page->next;
    if (++pages == 2) {
      patient("Aaron");                    // before the walk's place: not met
      expected.push_back(patient("zed"));  // after it (and after every other): met, last
    }
  } while (after && pages < 20);
  EXPECT_EQ(walked, expected);
  EXPECT_EQ(pages, 5);
  EXPECT_EQ(admin().Accounts(ada_, 0).status().message(), "limit must be from 1 to 200");
  EXPECT_EQ(admin().Accounts(ada_, 201).status().message(), "limit must be from 1 to 200");
}

TEST_F(ClinicAdminTest, AnAdminMadeAlsoAClinicianIsKeptSo) {
  auto both = admin().CreateStaff(
      ada_, {"sam@example.test", "a long enough phrase", "Sam", Role::kAdmin, true});
  ASSERT_TRUE(both.ok()) << both.status().message();
  EXPECT_TRUE(both->also_clinician);
  EXPECT_TRUE(store_->GetUser(both->id)->also_clinician);
  EXPECT_EQ(store_->GetUser(both->id)->clinic_id, a_);
  auto clinician = admin().CreateStaff(
      ada_, {"kim@example.test", "a long enough phrase", "Kim", Role::kClinician, true});
  ASSERT_TRUE(clinician.ok());
  EXPECT_FALSE(clinician->also_clinician) << "only an admin carries the flag";
  auto patient = admin().CreateStaff(
      ada_, {"pat@example.test", "a long enough phrase", "Pat", Role::kPatient, false});
  EXPECT_EQ(patient.status().message(), "role must be clinician or admin");
}

TEST_F(ClinicAdminTest, AuditSearchFiltersPagesAndNamesOnlyTheClinicsAccounts) {
  auto& auditor = api_->auditor();
  auditor.Record(lee_.id, "GET /api/v1/patients/m/plan", maria_.id, "ok", "");
  auditor.Record(adb_.id, "GET /api/v1/patients/t/plan", tom_.id, "ok", "");
  clock_.Advance(86400);
  auditor.Record(maria_.id, "login", "", "ok", "");
  auditor.Record(adb_.id, "GET /api/v1/patients/m/plan", maria_.id, "not_found", "");
  auditor.Record(sis_.id, "GET /api/v1/patients/m/overview", maria_.id, "ok", "");
  ASSERT_TRUE(auditor.Flush().ok());

  AuditSearch all;
  auto page = admin().SearchAudit(ada_, all);
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->entries.size(), 4u);
  EXPECT_EQ(page->entries[0].actor_id, sis_.id) << "newest first";
  EXPECT_EQ(page->next_cursor, 0);
  EXPECT_EQ(page->names.at(sis_.id), "sis");
  EXPECT_EQ(page->names.at(maria_.id), "maria");
  EXPECT_EQ(page->names.count(adb_.id), 0u) << "another clinic's admin stays unnamed";

  AuditSearch by_actor;
  by_actor.actor_id = lee_.id;
  EXPECT_EQ(admin().SearchAudit(ada_, by_actor)->entries.size(), 1u);
  AuditSearch by_action;
  by_action.action = "/plan";
  EXPECT_EQ(admin().SearchAudit(ada_, by_action)->entries.size(), 2u);
  AuditSearch first_day;
  first_day.from = first_day.to = "2026-11-23";
  ASSERT_EQ(admin().SearchAudit(ada_, first_day)->entries.size(), 1u);
  EXPECT_EQ(admin().SearchAudit(ada_, first_day)->entries[0].actor_id, lee_.id);

  AuditSearch paged;
  paged.limit = 3;
  auto first = admin().SearchAudit(ada_, paged);
  ASSERT_EQ(first->entries.size(), 3u);
  ASSERT_NE(first->next_cursor, 0);
  paged.cursor = first->next_cursor;
  auto second = admin().SearchAudit(ada_, paged);
  ASSERT_EQ(second->entries.size(), 1u);
  EXPECT_EQ(second->entries[0].actor_id, lee_.id);
  EXPECT_EQ(second->next_cursor, 0);

  EXPECT_EQ(admin().SearchAudit(adb_, all)->entries.size(), 2u) << "B's own and B's patient's";
  AuditSearch bad_day;
  bad_day.from = "23/11/2026";
  EXPECT_EQ(admin().SearchAudit(ada_, bad_day).status().message(),
            "from must be a day such as 2026-11-23");
  AuditSearch bad_limit;
  bad_limit.limit = 0;
  EXPECT_EQ(admin().SearchAudit(ada_, bad_limit).status().message(),
            "limit must be a whole number from 1 to 200");
}

TEST_F(ClinicAdminTest, SettingsAreCheckedAndARefusalChangesNothing) {
  auto set = admin().UpdateSettings(ada_, {"Riverside", "999"});
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(store_->GetClinic(a_)->emergency_number, "999");
  EXPECT_EQ(store_->GetClinic(a_)->name, "Riverside");
  EXPECT_EQ(admin().UpdateSettings(ada_, {"Other", "99a"}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(admin().UpdateSettings(ada_, {"", "112"}).status().message(),
            "the clinic's name must be 1 to 100 characters");
  EXPECT_EQ(store_->GetClinic(a_)->name, "Riverside");
  EXPECT_EQ(store_->GetClinic(a_)->emergency_number, "999");
  EXPECT_EQ(store_->GetClinic(b_)->emergency_number, "") << "another clinic is untouched";
}

TEST_F(ClinicAdminTest, TheEmergencyNumberIsThePersonsClinicsOnly) {
  ASSERT_TRUE(admin().UpdateSettings(ada_, {"A", "999"}).ok());
  EXPECT_EQ(admin().EmergencyNumberFor(maria_).value(), "999");
  EXPECT_EQ(admin().EmergencyNumberFor(lee_).value(), "999");
  EXPECT_EQ(admin().EmergencyNumberFor(tom_).value(), "") << "B has set none";
  EXPECT_EQ(admin().EmergencyNumberFor(alone_).value(), "");
  EXPECT_EQ(admin().EmergencyNumberFor(sis_).value(), "") << "a supporter has no clinic";
}

TEST_F(ClinicAdminTest, APatientAloneJoinsAClinicOnceAndIsListedThere) {
  const std::string code = Invitation(a_);
  auto joined = api_->service().JoinClinic(alone_, code);
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  EXPECT_EQ(joined->id, a_);
  EXPECT_EQ(store_->GetUser(alone_.id)->clinic_id, a_);
  EXPECT_EQ(store_->GetSummary(alone_.id)->clinic_id, a_);
  auto listed = api_->service().ListPatients(lee_, "alone", 50);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->patients.size(), 1u);
  EXPECT_EQ(listed->patients[0].summary.patient_id, alone_.id);

  User another;
  MakeUser("another", Role::kPatient, "", &another);
  EXPECT_EQ(api_->service().JoinClinic(another, code).status().message(),
            "the invitation code is not valid or has been used");
  EXPECT_EQ(api_->service().JoinClinic(maria_, Invitation(b_)).status().message(),
            "your account is already with a clinic");
  EXPECT_EQ(api_->service().JoinClinic(another, Invitation(a_, 31 * 86400)).status().message(),
            "the invitation code has expired; ask your clinic for a new one");
  EXPECT_EQ(api_->service().JoinClinic(another, "nonsense").status().message(),
            "the invitation code is not valid or has been used");
  EXPECT_EQ(store_->GetUser(another.id)->clinic_id, "");
}

}  // namespace
}  // namespace backcoach
