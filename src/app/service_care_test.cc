// The care team, called directly with typed inputs: an invitation sharing
// scopes, a supporter joining with its code, the patients they support and
// a change of what one sees.
#include "app/service_care.h"

#include <gtest/gtest.h>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

class CareServiceTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    MakeUser("maria", Role::kPatient, clinic_, &maria_);
    MakeUser("ana", Role::kSupporter, "", &ana_);
  }

  Service& service() { return api_->service(); }

  std::string clinic_;
  User maria_, ana_;
};

TEST_F(CareServiceTest, ASupporterJoinsWithTheCodeAndSeesWhatWasShared) {
  auto invite = service().InviteSupporter(maria_, ShareInput{"progress"});
  ASSERT_TRUE(invite.ok()) << invite.status().message();
  EXPECT_EQ(invite->scopes, (Scopes{Scope::kAdherence, Scope::kMessages, Scope::kProgress}));
  EXPECT_EQ(invite->expires_at, kStart + 7 * 86400);
  EXPECT_EQ(invite->code.rfind(maria_.id + "-", 0), 0u) << invite->code;

  auto joined = service().JoinCareTeam(ana_, invite->code);
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  EXPECT_EQ(joined->patient_id, maria_.id);
  EXPECT_EQ(joined->display_name, maria_.display_name);
  EXPECT_EQ(joined->scopes, invite->scopes);

  auto supported = service().Supported(ana_);
  ASSERT_TRUE(supported.ok()) << supported.status().message();
  ASSERT_EQ(supported->size(), 1u);
  EXPECT_EQ((*supported)[0].id, maria_.id);
  EXPECT_EQ((*supported)[0].display_name, maria_.display_name);
  EXPECT_EQ((*supported)[0].scopes,
            (Scopes{Scope::kAdherence, Scope::kMessages, Scope::kProgress}));
}

TEST_F(CareServiceTest, ACodeJoinsOnce) {
  auto invite = service().InviteSupporter(maria_, ShareInput{});
  ASSERT_TRUE(invite.ok());
  const std::string code = invite->code;
  ASSERT_TRUE(service().JoinCareTeam(ana_, code).ok());
  User ben;
  MakeUser("ben", Role::kSupporter, "", &ben);
  auto again = service().JoinCareTeam(ben, code);
  EXPECT_EQ(again.status().message(), "the supporter code is not valid or has been used");
  EXPECT_TRUE(service().Supported(ben)->empty());
}

TEST_F(CareServiceTest, ThePatientChangesWhatAMemberSees) {
  ASSERT_TRUE(store_->AddCareMember({maria_.id, ana_.id, "progress", clock_.Now()}).ok());
  auto set = service().SetScopes(maria_, ana_.id, ShareInput{"symptoms"});
  ASSERT_TRUE(set.ok()) << set.status().message();
  EXPECT_EQ(set->id, ana_.id);
  EXPECT_EQ(set->scopes, (Scopes{Scope::kAdherence, Scope::kMessages, Scope::kSymptoms}));
  EXPECT_EQ(service().Supported(ana_)->at(0).scopes,
            (Scopes{Scope::kAdherence, Scope::kMessages, Scope::kSymptoms}));
  auto stranger = service().SetScopes(maria_, "nobody", ShareInput{});
  EXPECT_EQ(stranger.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(stranger.status().message(), "no such member of your care team");
}

TEST_F(CareServiceTest, TheTeamIsTheClinicAndTheSupportersStillThere) {
  auto alone = service().CareTeam(maria_);
  ASSERT_TRUE(alone.ok()) << alone.status().message();
  ASSERT_TRUE(alone->clinic.has_value());
  EXPECT_EQ(alone->clinic->id, clinic_);
  EXPECT_EQ(alone->clinic->name, "Riverside");
  EXPECT_TRUE(alone->supporters.empty());

  ASSERT_TRUE(store_->AddCareMember({maria_.id, ana_.id, "symptoms", clock_.Now()}).ok());
  auto team = service().CareTeam(maria_);
  ASSERT_TRUE(team.ok()) << team.status().message();
  ASSERT_EQ(team->supporters.size(), 1u);
  EXPECT_EQ(team->supporters[0].id, ana_.id);
  EXPECT_EQ(team->supporters[0].display_name, ana_.display_name);
  EXPECT_EQ(team->supporters[0].scopes,
            (Scopes{Scope::kAdherence, Scope::kMessages, Scope::kSymptoms}));
  EXPECT_EQ(team->supporters[0].added_at, clock_.Now());

  User solo;
  MakeUser("solo", Role::kPatient, "", &solo);
  auto without = service().CareTeam(solo);
  ASSERT_TRUE(without.ok());
  EXPECT_FALSE(without->clinic.has_value());
}

TEST_F(CareServiceTest, TheTeamIsWrittenAsTheRouteAndTheExportShowIt) {
  CareTeamView team;
  team.clinic = TeamClinic{"c1", "Riverside"};
  team.supporters.push_back({"u2", "Ana", Scopes{Scope::kAdherence, Scope::kMessages}, 17});
  EXPECT_EQ(CareTeamJson(team).dump(),
            R"({"clinic":{"id":"c1","name":"Riverside","scopes":"everything clinical"},)"
            R"("supporters":[{"added_at":17,"display_name":"Ana","id":"u2","role":"supporter",)"
            R"("scopes":["adherence","messages"]}]})");
  EXPECT_EQ(CareTeamJson(CareTeamView{}).dump(), R"({"clinic":null,"supporters":[]})");
}

}  // namespace
}  // namespace backcoach
