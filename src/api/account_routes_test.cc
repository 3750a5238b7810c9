// Accounts over the API: a change of password, signing out everywhere,
// reset links (a clinic admin's, and by e-mail), disabling supporters,
// sign-up by e-mail that answers alike for known and unknown addresses,
// sign-ups slowed per address, and clinic invitation codes kept as hashes.
#include <gtest/gtest.h>

#include <algorithm>

#include "api/api_test_fixture.h"
#include "app/password.h"

namespace backcoach {
namespace {

using testing::kTestPassword;

// Keeps what would have been sent.
class FakeMailer : public Mailer {
 public:
  Status Send(const Mail& mail) override {
    sent.push_back(mail);
    return Status::Ok();
  }
  std::vector<Mail> sent;
};

// The token of the link in a mail or a path ("...#token=HEX").
std::string TokenIn(const std::string& text) {
  const auto at = text.find("#token=");
  if (at == std::string::npos) return "";
  return text.substr(at + 7, 64);
}

class AccountRoutesTest : public testing::ApiFixture {
 protected:
  // The API again, with e-mail on.
  void WithMail() {
    router_ = http::Router();
    ApiOptions options;
    options.mailer = &mailer_;
    options.public_url = "https://care.example.test/";
    api_ = std::make_unique<Api>(*store_, testing::ShippedContent(), clock_, options);
    api_->Register(router_);
  }

  http::Response Post(const std::string& token, const std::string& path, const json& body) {
    return As(token, "POST", path, body.dump());
  }

  http::Response Login(const std::string& email, const std::string& password) {
    return Call("POST", "/api/v1/auth/login",
                json{{"email", email}, {"password", password}}.dump());
  }

  std::string Message(const http::Response& r) {
    return Body(r)["error"]["message"].get<std::string>();
  }

  std::vector<std::string> AuditActions() {
    EXPECT_TRUE(api_->auditor().Flush().ok());
    std::vector<std::string> out;
    const std::vector<AuditEntry> rows = store_->ListAudit(0, 1000).value();
    for (const auto& e : rows) out.push_back(e.action + " " + e.outcome);
    return out;
  }

  FakeMailer mailer_;
};

TEST_F(AccountRoutesTest, ChangingThePasswordNeedsTheCurrentOneAndEndsOtherSessions) {
  User maria;
  const std::string token = MakeUser("maria", Role::kPatient, "", &maria);
  const std::string other = api_->auth().StartSession(maria).value().token;
  auto r = Post(token, "/api/v1/auth/password",
                {{"current_password", "not it at all"}, {"new_password", "a river at dawn"}});
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Message(r), "the current password is not right");
  r = Post(token, "/api/v1/auth/password",
           {{"current_password", kTestPassword}, {"new_password", "maria2026"}});
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Message(r), "the password must have at least 10 characters");
  r = Post(token, "/api/v1/auth/password",
           {{"current_password", kTestPassword}, {"new_password", "a river at dawn"}});
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(As(token, "GET", "/api/v1/me").status, 200) << "this session goes on";
  EXPECT_EQ(As(other, "GET", "/api/v1/me").status, 401) << "every other one ends";
  EXPECT_EQ(Login("maria@example.test", kTestPassword).status, 401);
  EXPECT_EQ(Login("maria@example.test", "a river at dawn").status, 200);
  const auto actions = AuditActions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "change password denied"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "change password ok"), actions.end());
}

TEST_F(AccountRoutesTest, SignOutEverywhereEndsEverySession) {
  User maria;
  const std::string token = MakeUser("maria", Role::kPatient, "", &maria);
  const std::string other = api_->auth().StartSession(maria).value().token;
  auto r = Post(token, "/api/v1/auth/logout-everywhere", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(As(token, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(As(other, "GET", "/api/v1/me").status, 401);
  const auto actions = AuditActions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "sign out everywhere ok"), actions.end());
}

TEST_F(AccountRoutesTest, AnAdminsResetLinkWorksOnceAndEndsEverySession) {
  const std::string a = MakeClinic("A"), b = MakeClinic("B");
  User patient;
  const std::string patient_token = MakeUser("maria", Role::kPatient, a, &patient);
  const std::string admin = MakeUser("ada", Role::kAdmin, a);
  const std::string clinician = MakeUser("cla", Role::kClinician, a);
  const std::string other_admin = MakeUser("adb", Role::kAdmin, b);
  const std::string path = "/api/v1/admin/users/" + patient.id + "/reset-link";
  EXPECT_EQ(Post(clinician, path, json::object()).status, 403);
  EXPECT_EQ(Post(other_admin, path, json::object()).status, 404);
  auto r = Post(admin, path, json::object());
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string token = TokenIn(Body(r)["path"].get<std::string>());
  ASSERT_EQ(token.size(), 64u);
  EXPECT_EQ(Body(r)["expires_at"], clock_.Now() + 24 * 3600);

  r = Call("POST", "/api/v1/auth/reset/confirm",
           json{{"token", token}, {"password", "qwertyuiop"}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Message(r),
            "this password is on a list of common passwords that are tried first; choose another");
  r = Call("POST", "/api/v1/auth/reset/confirm",
           json{{"token", token}, {"password", "a brand new phrase"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body << " (a refused password leaves the link usable)";
  EXPECT_EQ(As(patient_token, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(Login("maria@example.test", "a brand new phrase").status, 200);
  r = Call("POST", "/api/v1/auth/reset/confirm",
           json{{"token", token}, {"password", "another new phrase"}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Message(r), "the link is not valid or has expired; ask for a new one");
  // Stored as a hash only.
  EXPECT_EQ(store_->GetAccountToken(token).status().code(), StatusCode::kNotFound);

  r = Post(admin, path, json::object());
  const std::string late = TokenIn(Body(r)["path"].get<std::string>());
  clock_.Advance(24 * 3600 + 1);
  r = Call("POST", "/api/v1/auth/reset/confirm",
           json{{"token", late}, {"password", "another new phrase"}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Message(r), "the link is not valid or has expired; ask for a new one");
}

TEST_F(AccountRoutesTest, AnAdminDisablesTheSupportersOfTheClinicsPatients) {
  const std::string a = MakeClinic("A"), b = MakeClinic("B");
  User patient, elsewhere, supporter, other_supporter;
  MakeUser("maria", Role::kPatient, a, &patient);
  MakeUser("bea", Role::kPatient, b, &elsewhere);
  const std::string supporter_token = MakeUser("sam", Role::kSupporter, "", &supporter);
  MakeUser("sol", Role::kSupporter, "", &other_supporter);
  ASSERT_TRUE(store_->AddCareMember({patient.id, supporter.id, "", clock_.Now()}).ok());
  ASSERT_TRUE(store_->AddCareMember({elsewhere.id, other_supporter.id, "", clock_.Now()}).ok());
  const std::string admin = MakeUser("ada", Role::kAdmin, a);

  auto r = Post(admin, "/api/v1/admin/users/" + other_supporter.id + "/disable", json::object());
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(Message(r), "no such user");
  r = Post(admin, "/api/v1/admin/users/" + supporter.id + "/disable", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(As(supporter_token, "GET", "/api/v1/me").status, 401) << "the session ended";
  EXPECT_EQ(Login("sam@example.test", kTestPassword).status, 401);
  r = Post(admin, "/api/v1/admin/users/" + supporter.id + "/enable", json::object());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(Login("sam@example.test", kTestPassword).status, 200);
  const auto actions = AuditActions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "disable user ok"), actions.end());
  EXPECT_NE(std::find(actions.begin(), actions.end(), "enable user ok"), actions.end());
}

TEST_F(AccountRoutesTest, SignUpsAreSlowedPerAddress) {
  for (int i = 0; i < AuthOptions{}.free_signups_per_address; ++i) {
    EXPECT_EQ(Call("POST", "/api/v1/auth/signup", "{}").status, 422);
  }
  auto r = Call("POST", "/api/v1/auth/signup", "{}");
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(Message(r), "too many attempts to sign up; please try again in 1 second");
}

TEST_F(AccountRoutesTest, WithoutMailAResetByMailSaysWhomToAsk) {
  auto r = Call("POST", "/api/v1/auth/reset", R"({"email": "maria@example.test"})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Message(r),
            "this server sends no e-mail: ask your clinic's administrator for a link to choose a "
            "new password");
}

// With e-mail, a sign-up answers alike whether or not the address has an
// account: "an account with this email already exists" told anyone that
// the person uses a back-pain service.
TEST_F(AccountRoutesTest, WithMailSignUpAnswersAlikeForKnownAndUnknownAddresses) {
  WithMail();
  MakeUser("maria", Role::kPatient, "");
  auto known = Call(
      "POST", "/api/v1/auth/signup",
      json{{"email", "Maria@example.test"}, {"password", "a river at dawn"}, {"display_name", "M"}}
          .dump());
  auto fresh = Call(
      "POST", "/api/v1/auth/signup",
      json{{"email", "nuno@example.test"}, {"password", "a river at dawn"}, {"display_name", "N"}}
          .dump());
  EXPECT_EQ(known.status, 202) << known.body;
  EXPECT_EQ(known.status, fresh.status);
  EXPECT_EQ(known.body, fresh.body);
  ASSERT_EQ(mailer_.sent.size(), 2u);
  EXPECT_EQ(mailer_.sent[0].to, "maria@example.test");
  EXPECT_EQ(mailer_.sent[0].subject, "Someone tried to sign up with your address");
  EXPECT_EQ(TokenIn(mailer_.sent[0].body), "");
  EXPECT_EQ(mailer_.sent[1].to, "nuno@example.test");
  EXPECT_NE(mailer_.sent[1].body.find("https://care.example.test/confirm-signup#token="),
            std::string::npos)
      << mailer_.sent[1].body;
  EXPECT_EQ(store_->FindUserByEmail("nuno@example.test").status().code(), StatusCode::kNotFound)
      << "no account before the address is confirmed";

  const std::string token = TokenIn(mailer_.sent[1].body);
  auto r = Call("POST", "/api/v1/auth/signup/confirm", json{{"token", token}}.dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Body(r)["user"]["email"], "nuno@example.test");
  EXPECT_EQ(As(Body(r)["token"].get<std::string>(), "GET", "/api/v1/me").status, 200);
  EXPECT_EQ(Login("nuno@example.test", "a river at dawn").status, 200);
  r = Call("POST", "/api/v1/auth/signup/confirm", json{{"token", token}}.dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Message(r), "the link is not valid or has expired; ask for a new one");
  // A password the policy refuses is refused before any mail.
  r = Call(
      "POST", "/api/v1/auth/signup",
      json{{"email", "ines@example.test"}, {"password", "ines@example.test"}, {"display_name", "I"}}
          .dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(mailer_.sent.size(), 2u);
}

TEST_F(AccountRoutesTest, WithMailAResetLinkComesByMailAndTheAnswerTellsNothing) {
  WithMail();
  User maria;
  const std::string session = MakeUser("maria", Role::kPatient, "", &maria);
  auto known = Call("POST", "/api/v1/auth/reset", R"({"email": "MARIA@example.test"})");
  auto unknown = Call("POST", "/api/v1/auth/reset", R"({"email": "nobody@example.test"})");
  EXPECT_EQ(known.status, 202);
  EXPECT_EQ(known.status, unknown.status);
  EXPECT_EQ(known.body, unknown.body);
  ASSERT_EQ(mailer_.sent.size(), 1u);
  EXPECT_EQ(mailer_.sent[0].to, "maria@example.test");
  const std::string token = TokenIn(mailer_.sent[0].body);
  ASSERT_EQ(token.size(), 64u);
  auto r = Call("POST", "/api/v1/auth/reset/confirm",
                json{{"token", token}, {"password", "a brand new phrase"}}.dump());
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(As(session, "GET", "/api/v1/me").status, 401);
  EXPECT_EQ(Login("maria@example.test", "a brand new phrase").status, 200);
  // The mailed link is short-lived: an hour.
  Call("POST", "/api/v1/auth/reset", R"({"email": "maria@example.test"})");
  ASSERT_EQ(mailer_.sent.size(), 2u);
  clock_.Advance(3601);
  r = Call(
      "POST", "/api/v1/auth/reset/confirm",
      json{{"token", TokenIn(mailer_.sent[1].body)}, {"password", "yet another phrase"}}.dump());
  EXPECT_EQ(r.status, 422);
}

TEST_F(AccountRoutesTest, ClinicInvitationCodesAreKeptAsHashes) {
  const std::string a = MakeClinic("A");
  const std::string clinician = MakeUser("cla", Role::kClinician, a);
  auto r = As(clinician, "POST", "/api/v1/clinic/invitations", "{}");
  ASSERT_EQ(r.status, 201) << r.body;
  const std::string code = Body(r)["code"].get<std::string>();
  EXPECT_EQ(store_->GetInvitation(code).status().code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetInvitation(Sha256Hex(code)).ok());
  r = Call("POST", "/api/v1/auth/signup",
           json{{"email", "nuno@example.test"},
                {"password", "a river at dawn"},
                {"display_name", "N"},
                {"invitation_code", code}}
               .dump());
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Body(r)["user"]["clinic_id"], a);
  r = Call("POST", "/api/v1/auth/signup",
           json{{"email", "ines@example.test"},
                {"password", "a river at dawn"},
                {"display_name", "I"},
                {"invitation_code", code}}
               .dump());
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Message(r), "the invitation code is not valid or has been used");
}

TEST_F(AccountRoutesTest, TheApiDocumentNamesTheAccountRoutes) {
  const json doc = Body(Call("GET", "/api/v1/openapi.json"));
  for (const char* path :
       {"/api/v1/auth/password", "/api/v1/auth/logout-everywhere", "/api/v1/auth/reset",
        "/api/v1/auth/reset/confirm", "/api/v1/auth/signup/confirm",
        "/api/v1/admin/users/{id}/reset-link", "/api/v1/admin/users/{id}/enable"}) {
    EXPECT_TRUE(doc["paths"].contains(path)) << path;
  }
}

}  // namespace
}  // namespace backcoach
