// Who a request says it is: the session cookie before a bearer token, and
// the CSRF and proxy headers handed to Auth as plain values.
#include "api/request_credentials.h"

#include <gtest/gtest.h>

#include "storage/memory_store.h"

namespace backcoach {
namespace {

TEST(RequestCredentialsTest, TheCookieComesBeforeABearerToken) {
  http::Request r;
  EXPECT_EQ(ReadCredentials(r).token, "") << "neither";
  r.headers["authorization"] = "Bearer abc";
  EXPECT_EQ(ReadCredentials(r).token, "abc");
  EXPECT_FALSE(ReadCredentials(r).via_cookie);
  r.cookies[kSessionCookie] = "from-cookie";
  EXPECT_EQ(ReadCredentials(r).token, "from-cookie");
  EXPECT_TRUE(ReadCredentials(r).via_cookie);
  r.cookies.clear();
  r.headers["authorization"] = "Basic abc";
  EXPECT_EQ(ReadCredentials(r).token, "") << "only a bearer token counts";
}

TEST(RequestCredentialsTest, CsrfAndAddressAreReadFromTheHeaders) {
  MemoryStore store;
  FakeClock clock{1'800'000'000};
  AuthOptions options;
  options.trusted_proxy = "10.0.0.2";
  Auth auth(store, clock, options);
  Principal browser;
  browser.via_cookie = true;
  browser.session.csrf_token = "t0k";
  http::Request r;
  r.method = "GET";
  EXPECT_TRUE(CheckCsrf(auth, browser, r).ok()) << "a read needs no token";
  r.method = "POST";
  EXPECT_EQ(CheckCsrf(auth, browser, r).message(), "missing or wrong X-CSRF-Token header");
  r.headers["x-csrf-token"] = "t0k";
  EXPECT_TRUE(CheckCsrf(auth, browser, r).ok());
  r.remote_address = "10.0.0.2";
  r.headers["x-forwarded-for"] = "198.51.100.1";
  EXPECT_EQ(ClientAddress(auth, r), "198.51.100.1");
}

}  // namespace
}  // namespace backcoach
