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
  EXPECT_EQ((*invite)["scopes"], (json{"adherence", "messages", "progress"}));
  EXPECT_EQ((*invite)["expires_at"], kStart + 7 * 86400);

  auto joined = service().JoinCareTeam(ana_, (*invite)["code"].get<std::string>());
  ASSERT_TRUE(joined.ok()) << joined.status().message();
  EXPECT_EQ(joined->patient_id, maria_.id);
  EXPECT_EQ(joined->answer["patient"]["display_name"], maria_.display_name);

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
  const std::string code = (*invite)["code"];
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
  EXPECT_EQ((*set)["scopes"], (json{"adherence", "messages", "symptoms"}));
  EXPECT_EQ(service().Supported(ana_)->at(0).scopes,
            (Scopes{Scope::kAdherence, Scope::kMessages, Scope::kSymptoms}));
  auto stranger = service().SetScopes(maria_, "nobody", ShareInput{});
  EXPECT_EQ(stranger.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(stranger.status().message(), "no such member of your care team");
}

}  // namespace
}  // namespace backcoach
