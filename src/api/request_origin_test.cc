// JSON bodies must say they are JSON, and writes that could ride on the
// browser's cookie (signing in, cookie-authenticated changes) are taken only
// from this server's own pages or from no browser at all.
#include "api/request_origin.h"

#include <gtest/gtest.h>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

using testing::ApiFixture;
using testing::Caller;

constexpr const char* kNotJson =
    "the request body must be JSON, sent with the header Content-Type: application/json";

http::Request WithHeaders(std::map<std::string, std::string> headers) {
  http::Request r;
  r.method = "POST";
  r.headers = std::move(headers);
  return r;
}

TEST(RequestOriginTest, SameOriginOrNoBrowserIsTakenAnotherSiteIsNot) {
  EXPECT_TRUE(CheckSameOrigin(WithHeaders({})).ok()) << "a script: no Origin at all";
  EXPECT_TRUE(CheckSameOrigin(WithHeaders({{"host", "clinic.test:8080"},
                                           {"origin", "http://clinic.test:8080"}}))
                  .ok());
  EXPECT_TRUE(
      CheckSameOrigin(WithHeaders({{"host", "Clinic.test"}, {"origin", "https://clinic.test"}}))
          .ok());
  EXPECT_TRUE(CheckSameOrigin(WithHeaders({{"sec-fetch-site", "same-origin"}})).ok());
  EXPECT_TRUE(CheckSameOrigin(WithHeaders({{"sec-fetch-site", "none"}})).ok());
  for (const auto& headers : std::vector<std::map<std::string, std::string>>{
           {{"host", "clinic.test"}, {"origin", "https://evil.test"}},
           {{"host", "clinic.test"}, {"origin", "https://clinic.test.evil.test"}},
           {{"host", "clinic.test:8080"}, {"origin", "http://clinic.test:9090"}},
           {{"host", "clinic.test"}, {"origin", "null"}},
           {{"origin", "https://clinic.test"}},
           {{"sec-fetch-site", "cross-site"}},
           {{"sec-fetch-site", "same-site"}}}) {
    Status s = CheckSameOrigin(WithHeaders(headers));
    EXPECT_EQ(s.code(), StatusCode::kPermissionDenied);
    EXPECT_EQ(s.message(), "this request came from another site");
  }
}

TEST(RequestOriginTest, JsonBodiesMustSayTheyAreJson) {
  http::Request r = WithHeaders({{"content-type", "application/json; charset=utf-8"}});
  r.body = "{}";
  EXPECT_TRUE(CheckJsonContentType(r).ok());
  r.headers["content-type"] = "Application/JSON";
  EXPECT_TRUE(CheckJsonContentType(r).ok());
  for (const char* type : {"text/plain", "application/x-www-form-urlencoded",
                           "multipart/form-data; boundary=x", "application/jsonp", ""}) {
    r.headers["content-type"] = type;
    EXPECT_EQ(CheckJsonContentType(r).message(), kNotJson) << type;
  }
  r.body.clear();
  EXPECT_TRUE(CheckJsonContentType(r).ok()) << "no body, nothing to declare";
}

class OriginApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    maria_ = MakeUser("maria", Role::kPatient, clinic_, &maria_user_);
  }
  std::string Path(const std::string& rest) { return "/api/v1/patients/" + maria_user_.id + rest; }
  std::string Login() const {
    return json{{"email", "maria@example.test"}, {"password", testing::kTestPassword}}.dump();
  }
  static bool SetsCookie(const http::Response& r) {
    for (const auto& [name, value] : r.headers) {
      if (name == "Set-Cookie") return true;
    }
    return false;
  }

  std::string clinic_, maria_;
  User maria_user_;
};

// The login CSRF: a page elsewhere posts a text/plain "form" (no CORS
// preflight) to sign the visitor in as the attacker.
TEST_F(OriginApiTest, ACrossSiteTextPlainLoginIsRefusedAndSetsNoCookie) {
  Caller plain;
  plain.content_type = "text/plain";
  plain.headers = {{"origin", "https://evil.test"}, {"host", "clinic.test"}};
  auto r = Call("POST", "/api/v1/auth/login", Login(), plain);
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(Body(r)["error"]["code"], "unsupported_media_type");
  EXPECT_EQ(Body(r)["error"]["message"], kNotJson);
  EXPECT_FALSE(SetsCookie(r));

  Caller cross;
  cross.headers = {{"origin", "https://evil.test"}, {"host", "clinic.test"}};
  r = Call("POST", "/api/v1/auth/login", Login(), cross);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Body(r)["error"]["message"], "this request came from another site");
  EXPECT_FALSE(SetsCookie(r));

  Caller fetch_site;
  fetch_site.headers = {{"sec-fetch-site", "cross-site"}};
  EXPECT_EQ(Call("POST", "/api/v1/auth/login", Login(), fetch_site).status, 403);
}

TEST_F(OriginApiTest, SameOriginAndScriptLoginsAreTaken) {
  Caller same;
  same.headers = {{"origin", "http://clinic.test:8080"}, {"host", "clinic.test:8080"}};
  auto r = Call("POST", "/api/v1/auth/login", Login(), same);
  EXPECT_EQ(r.status, 200) << r.body;
  EXPECT_TRUE(SetsCookie(r));
  EXPECT_EQ(Call("POST", "/api/v1/auth/login", Login()).status, 200) << "curl: no Origin";
}

TEST_F(OriginApiTest, EveryJsonRouteWantsJson) {
  Caller form;
  form.token = maria_;
  form.content_type = "application/x-www-form-urlencoded";
  auto r = Call("POST", Path("/pain"), R"({"pain": 3})", form);
  EXPECT_EQ(r.status, 415);
  EXPECT_EQ(Body(r)["error"]["message"], kNotJson);
  form.content_type = "";
  EXPECT_EQ(Call("POST", Path("/pain"), R"({"pain": 3})", form).status, 415) << "no type at all";
  EXPECT_TRUE(Body(As(maria_, "GET", Path("/pain")))["records"].empty());
  // A route with its own body type keeps it.
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  Caller csv;
  csv.token = maria_;
  csv.content_type = "text/csv";
  EXPECT_EQ(Call("POST", Path("/steps"), "date,steps\n2026-11-23,6000\n", csv).status, 201);
}

TEST_F(OriginApiTest, ACookieWriteFromAnotherSiteIsRefusedABearerWriteIsNot) {
  const std::string csrf = Body(As(maria_, "GET", "/api/v1/me"))["csrf_token"];
  Caller cookie{maria_, true, csrf};
  cookie.headers = {{"origin", "https://evil.test"}, {"host", "clinic.test"}};
  auto r = Call("POST", Path("/pain"), R"({"pain": 3})", cookie);
  EXPECT_EQ(r.status, 403);
  EXPECT_EQ(Body(r)["error"]["message"], "this request came from another site");
  cookie.headers = {{"origin", "https://clinic.test"}, {"host", "clinic.test"}};
  EXPECT_EQ(Call("POST", Path("/pain"), R"({"pain": 3})", cookie).status, 201);
  cookie.headers = {{"sec-fetch-site", "same-origin"}};
  EXPECT_EQ(Call("POST", Path("/pain"), R"({"pain": 4})", cookie).status, 201);
  // A bearer token is not sent by a browser on its own: Origin does not matter.
  Caller bearer{maria_, false, ""};
  bearer.headers = {{"origin", "https://app.elsewhere.test"}, {"host", "clinic.test"}};
  EXPECT_EQ(Call("POST", Path("/pain"), R"({"pain": 5})", bearer).status, 201);
}

}  // namespace
}  // namespace backcoach
