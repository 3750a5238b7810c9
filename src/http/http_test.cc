#include "http/http.h"

#include <gtest/gtest.h>

namespace backcoach::http {
namespace {

Handler Named(const std::string& name) {
  return [name](const Request&) { return Response::Text(200, "text/plain", name); };
}

Request Make(const std::string& method, const std::string& path) {
  Request request;
  request.method = method;
  request.path = path;
  return request;
}

std::string Header(const Response& response, const std::string& name) {
  for (const auto& [key, value] : response.headers) {
    if (key == name) return value;
  }
  return "";
}

TEST(RouterTest, MatchesLiteralPath) {
  Router router;
  router.Add("GET", "/api/v1/me", Named("me"));
  Request request = Make("GET", "/api/v1/me");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 200);
  EXPECT_EQ(response.body, "me");
}

TEST(RouterTest, FillsParamsFromPattern) {
  Router router;
  router.Add("GET", "/patients/{id}/questionnaires/{name}", [](const Request& r) {
    return Response::Text(200, "text/plain", r.Param("id") + "|" + r.Param("name"));
  });
  Request request = Make("GET", "/patients/p-17/questionnaires/odi");
  EXPECT_EQ(router.Dispatch(request).body, "p-17|odi");
  EXPECT_EQ(request.params.size(), 2u);
  EXPECT_EQ(request.Param("missing"), "");
}

TEST(RouterTest, LiteralSegmentBeatsParamWhateverTheOrder) {
  Router router;
  router.Add("GET", "/patients/{id}", Named("param"));
  router.Add("GET", "/patients/me", Named("literal"));
  Request me = Make("GET", "/patients/me");
  EXPECT_EQ(router.Dispatch(me).body, "literal");
  EXPECT_TRUE(me.params.empty());
  Request other = Make("GET", "/patients/p1");
  EXPECT_EQ(router.Dispatch(other).body, "param");
}

TEST(RouterTest, EarlierLiteralSegmentDecidesPrecedence) {
  Router router;
  router.Add("GET", "/{a}/b", Named("param-first"));
  router.Add("GET", "/a/{b}", Named("literal-first"));
  Request request = Make("GET", "/a/b");
  EXPECT_EQ(router.Dispatch(request).body, "literal-first");
}

TEST(RouterTest, EqualRoutesFirstAddedWins) {
  Router router;
  router.Add("GET", "/x/{a}", Named("first"));
  router.Add("GET", "/x/{b}", Named("second"));
  Request request = Make("GET", "/x/1");
  EXPECT_EQ(router.Dispatch(request).body, "first");
  EXPECT_EQ(request.Param("a"), "1");
}

TEST(RouterTest, TrailingSlashIsADifferentPath) {
  Router router;
  router.Add("GET", "/api/v1/me", Named("me"));
  router.Add("GET", "/docs/", Named("docs"));
  Request with_slash = Make("GET", "/api/v1/me/");
  EXPECT_EQ(router.Dispatch(with_slash).status, 404);
  Request without_slash = Make("GET", "/docs");
  EXPECT_EQ(router.Dispatch(without_slash).status, 404);
  Request exact = Make("GET", "/docs/");
  EXPECT_EQ(router.Dispatch(exact).body, "docs");
}

TEST(RouterTest, ParamDoesNotMatchEmptySegment) {
  Router router;
  router.Add("GET", "/patients/{id}", Named("patient"));
  Request request = Make("GET", "/patients/");
  EXPECT_EQ(router.Dispatch(request).status, 404);
}

TEST(RouterTest, RootPathMatchesRootPattern) {
  Router router;
  router.Add("GET", "/", Named("root"));
  Request request = Make("GET", "/");
  EXPECT_EQ(router.Dispatch(request).body, "root");
}

TEST(RouterTest, SegmentCountMustMatch) {
  Router router;
  router.Add("GET", "/a/{id}", Named("a"));
  Request longer = Make("GET", "/a/1/2");
  EXPECT_EQ(router.Dispatch(longer).status, 404);
  Request shorter = Make("GET", "/a");
  EXPECT_EQ(router.Dispatch(shorter).status, 404);
}

TEST(RouterTest, UnknownPathIsJsonNotFound) {
  Router router;
  router.Add("GET", "/a", Named("a"));
  Request request = Make("GET", "/nowhere");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 404);
  EXPECT_EQ(response.content_type, "application/json");
  EXPECT_EQ(response.body, R"({"error":{"code":"not_found","message":"no such resource"}})");
}

TEST(RouterTest, OtherMethodOnKnownPathIs405WithAllow) {
  Router router;
  router.Add("POST", "/patients/{id}/pain", Named("post"));
  router.Add("GET", "/patients/{id}/pain", Named("get"));
  Request request = Make("DELETE", "/patients/p1/pain");
  Response response = router.Dispatch(request);
  EXPECT_EQ(response.status, 405);
  EXPECT_EQ(Header(response, "Allow"), "GET, HEAD, POST");
  EXPECT_EQ(response.body, R"({"error":{"code":"method_not_allowed",)"
                           R"("message":"this path does not accept the method"}})");
}

TEST(RouterTest, HeadIsServedByGetRoute) {
  Router router;
  router.Add("GET", "/a", Named("get"));
  Request request = Make("HEAD", "/a");
  EXPECT_EQ(router.Dispatch(request).body, "get");
}

TEST(RouterTest, FallbackServesUnmatchedGet) {
  Router router;
  router.Add("GET", "/api/v1/me", Named("me"));
  router.SetFallback(Named("fallback"));
  Request get = Make("GET", "/app/today");
  EXPECT_EQ(router.Dispatch(get).body, "fallback");
  Request head = Make("HEAD", "/app/today");
  EXPECT_EQ(router.Dispatch(head).body, "fallback");
}

TEST(RouterTest, FallbackIsNotUsedForWrites) {
  Router router;
  router.SetFallback(Named("fallback"));
  Request request = Make("POST", "/app/today");
  EXPECT_EQ(router.Dispatch(request).status, 404);
}

TEST(RouterTest, MatchReportsRouteWithoutDispatching) {
  Router router;
  router.Add("GET", "/patients/{id}", Named("get"), {"A patient"});
  std::map<std::string, std::string> params;
  const Route* route = router.Match("GET", "/patients/p9", &params);
  ASSERT_NE(route, nullptr);
  EXPECT_EQ(route->pattern, "/patients/{id}");
  EXPECT_EQ(route->info.summary, "A patient");
  EXPECT_EQ(params.at("id"), "p9");
  EXPECT_EQ(router.Match("POST", "/patients/p9", &params), nullptr);
  EXPECT_NE(router.Match("GET", "/patients/p9", nullptr), nullptr);
}

TEST(RouterTest, RoutesAreListedInOrderAdded) {
  Router router;
  router.Add("GET", "/a/{id}/b", Named("x"));
  router.Add("POST", "/c", Named("y"));
  ASSERT_EQ(router.routes().size(), 2u);
  EXPECT_EQ(router.routes()[0].segments, (std::vector<std::string>{"a", "{id}", "b"}));
  EXPECT_EQ(router.routes()[1].method, "POST");
}

TEST(RequestTest, AccessorsReturnEmptyWhenMissing) {
  Request request;
  request.headers["x-request-id"] = "r1";
  request.cookies["session"] = "s1";
  EXPECT_EQ(request.Header("x-request-id"), "r1");
  EXPECT_EQ(request.Header("X-Request-Id"), "");  // names are stored lower-case
  EXPECT_EQ(request.Cookie("session"), "s1");
  EXPECT_EQ(request.Cookie("other"), "");
}

TEST(ResponseTest, JsonAndTextSetStatusTypeAndBody) {
  Response json = Response::Json(201, "{}");
  EXPECT_EQ(json.status, 201);
  EXPECT_EQ(json.content_type, "application/json");
  EXPECT_EQ(json.body, "{}");
  Response text = Response::Text(200, "text/html; charset=utf-8", "<p>");
  EXPECT_EQ(text.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(text.body, "<p>");
  EXPECT_TRUE(text.headers.empty());
}

TEST(PercentDecodeTest, DecodesEscapes) {
  EXPECT_EQ(PercentDecode("a%20b%2Fc%c3%a9", false), "a b/c\xc3\xa9");
}

TEST(PercentDecodeTest, PlusIsSpaceOnlyWhenAsked) {
  EXPECT_EQ(PercentDecode("a+b", true), "a b");
  EXPECT_EQ(PercentDecode("a+b", false), "a+b");
  EXPECT_EQ(PercentDecode("a%2Bb", true), "a+b");
}

TEST(PercentDecodeTest, KeepsMalformedEscapesAsTheyAre) {
  EXPECT_EQ(PercentDecode("%", false), "%");
  EXPECT_EQ(PercentDecode("100%", false), "100%");
  EXPECT_EQ(PercentDecode("%4", false), "%4");
  EXPECT_EQ(PercentDecode("%zz%4g", false), "%zz%4g");
  EXPECT_EQ(PercentDecode("%%41", false), "%A");
}

TEST(PercentDecodeTest, DecodesNulIntoTheString) {
  const std::string decoded = PercentDecode("a%00b", false);
  EXPECT_EQ(decoded.size(), 3u);
  EXPECT_EQ(decoded[1], '\0');
}

TEST(ParseQueryTest, SplitsAndDecodesPairs) {
  auto query = ParseQuery("from=2024-01-01&name=J%C3%B6rg+M&flag");
  EXPECT_EQ(query.size(), 3u);
  EXPECT_EQ(query["from"], "2024-01-01");
  EXPECT_EQ(query["name"], "J\xc3\xb6rg M");
  EXPECT_EQ(query["flag"], "");
}

TEST(ParseQueryTest, FirstOfDuplicateKeysWins) {
  auto query = ParseQuery("limit=10&limit=99999");
  EXPECT_EQ(query.size(), 1u);
  EXPECT_EQ(query["limit"], "10");
}

TEST(ParseQueryTest, SkipsEmptyPairsAndEmptyKeys) {
  auto query = ParseQuery("&&a=1&=2&&b=&");
  EXPECT_EQ(query.size(), 2u);
  EXPECT_EQ(query["a"], "1");
  EXPECT_EQ(query["b"], "");
  EXPECT_TRUE(ParseQuery("").empty());
}

TEST(ParseQueryTest, ValueMayContainEquals) {
  EXPECT_EQ(ParseQuery("token=a=b==")["token"], "a=b==");
}

TEST(ParseQueryTest, MalformedEscapesAreKept) {
  auto query = ParseQuery("q=50%&r=%zz");
  EXPECT_EQ(query["q"], "50%");
  EXPECT_EQ(query["r"], "%zz");
}

TEST(ParseCookiesTest, SplitsOnSemicolonsAndTrimsSpaces) {
  auto cookies = ParseCookies("session=abc;  csrf = x1 ;theme=dark");
  EXPECT_EQ(cookies.size(), 3u);
  EXPECT_EQ(cookies["session"], "abc");
  EXPECT_EQ(cookies["csrf"], "x1");
  EXPECT_EQ(cookies["theme"], "dark");
}

TEST(ParseCookiesTest, StripsSurroundingQuotes) {
  auto cookies = ParseCookies(R"(a="quoted value"; b="; c=")");
  EXPECT_EQ(cookies["a"], "quoted value");
  EXPECT_EQ(cookies["b"], "\"");  // a lone quote is not a quoted value
  EXPECT_EQ(cookies["c"], "\"");
}

TEST(ParseCookiesTest, ValuesAreNotPercentDecoded) {
  EXPECT_EQ(ParseCookies("a=x%20y+z")["a"], "x%20y+z");
}

TEST(ParseCookiesTest, FirstOfDuplicateNamesWins) {
  EXPECT_EQ(ParseCookies("session=first; session=second")["session"], "first");
}

TEST(ParseCookiesTest, SkipsPairsWithoutNameOrEquals) {
  auto cookies = ParseCookies("; novalue; =orphan; ok=1;");
  EXPECT_EQ(cookies.size(), 1u);
  EXPECT_EQ(cookies["ok"], "1");
  EXPECT_TRUE(ParseCookies("").empty());
}

TEST(Utf8Test, AcceptsWellFormedText) {
  EXPECT_TRUE(IsValidUtf8(""));
  EXPECT_TRUE(IsValidUtf8("plain ascii /api/v1"));
  EXPECT_TRUE(IsValidUtf8("Jos\xC3\xA9"));                // é
  EXPECT_TRUE(IsValidUtf8("\xE2\x82\xAC"));               // €
  EXPECT_TRUE(IsValidUtf8("\xED\x9F\xBF"));               // U+D7FF, just below the surrogates
  EXPECT_TRUE(IsValidUtf8("\xF0\x9F\x98\x80"));           // an emoji
  EXPECT_TRUE(IsValidUtf8("\xF4\x8F\xBF\xBF"));           // U+10FFFF, the last code point
  EXPECT_TRUE(IsValidUtf8(std::string_view("a\0b", 3)));  // NUL is valid UTF-8
}

TEST(Utf8Test, RefusesMalformedText) {
  EXPECT_FALSE(IsValidUtf8("\xFF"));
  EXPECT_FALSE(IsValidUtf8("\x80"));              // a continuation byte first
  EXPECT_FALSE(IsValidUtf8("\xC3"));              // cut short
  EXPECT_FALSE(IsValidUtf8("\xC3("));             // a bad continuation
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // an overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xE0\x80\xAF"));      // an overlong '/' in three bytes
  EXPECT_FALSE(IsValidUtf8("\xF0\x80\x80\xAF"));  // and in four
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // U+D800, a surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // past U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xF5\x80\x80\x80"));
  EXPECT_FALSE(IsValidUtf8("ok\xE2\x82"));  // cut short at the end
}

TEST(JsonDepthTest, CountsNestingOutsideStrings) {
  EXPECT_FALSE(JsonNestedDeeperThan("{}", 1));
  EXPECT_TRUE(JsonNestedDeeperThan("{\"a\":[]}", 1));
  EXPECT_FALSE(JsonNestedDeeperThan("{\"a\":[]}", 2));
  EXPECT_FALSE(JsonNestedDeeperThan("[[],[],[]]", 2)) << "siblings do not add up";
  EXPECT_FALSE(JsonNestedDeeperThan(R"({"a":"[[[[[[{{{{"})", 1)) << "brackets in a string";
  EXPECT_FALSE(JsonNestedDeeperThan(R"({"a":"\"[[[["})", 1)) << "an escaped quote";
  EXPECT_FALSE(JsonNestedDeeperThan(R"({"a":"\\"})", 1)) << "an escaped backslash ends";
  EXPECT_TRUE(JsonNestedDeeperThan(R"({"a":"\\","b":[[]]})", 2));
  EXPECT_TRUE(JsonNestedDeeperThan(std::string(100000, '['), 64)) << "unclosed still counts";
  EXPECT_FALSE(JsonNestedDeeperThan(std::string(64, '[') + std::string(64, ']'), 64));
  EXPECT_TRUE(JsonNestedDeeperThan(std::string(65, '[') + std::string(65, ']'), 64));
}

}  // namespace
}  // namespace backcoach::http
