// Every numeric field of every JSON route, sent out of range or of the
// wrong kind: each is refused with 422 and a plain message, and nothing is
// stored. The fields are not listed by hand: they are the numbers found in
// a valid body of each route, so a number added to a body here is tested
// at once; and every JSON write of the router must have a body here (or be
// named as taking no number), so a new route cannot be forgotten either.
#include <gtest/gtest.h>

#include <functional>
#include <set>

#include "api/api_test_fixture.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

// A route's valid body, and who sends it.
struct WriteCase {
  std::string method;
  std::string pattern;  // as registered on the router
  std::string path;     // the request path
  std::string token;
  json body;
  // JSON pointers of numbers that may have a fraction ("0.5" is a valid one).
  std::set<std::string> fractions;
  // The start of the message each refused number gets, by JSON pointer.
  std::map<std::string, std::string> messages;
};

// JSON writes whose bodies carry no number at all.
const std::set<std::string> kNoNumbers = {
    "POST /api/v1/auth/signup",
    "POST /api/v1/auth/login",
    "POST /api/v1/auth/logout",
    "POST /api/v1/auth/logout-everywhere",
    "POST /api/v1/auth/signup/confirm",
    "POST /api/v1/auth/password",
    "POST /api/v1/auth/reset",
    "POST /api/v1/auth/reset/confirm",
    "POST /api/v1/patients/{id}/notes",
    "POST /api/v1/clinic/invitations",
    "POST /api/v1/admin/staff",
    "POST /api/v1/admin/users/{id}/disable",
    "POST /api/v1/admin/users/{id}/enable",
    "POST /api/v1/admin/users/{id}/reset-link",
    "POST /api/v1/patients/{id}/care-team/invitations",
    "PUT /api/v1/patients/{id}/care-team/{member}",
    "POST /api/v1/patients/{id}/messages",
    "POST /api/v1/patients/{id}/messages/read",
    "PUT /api/v1/patients/{id}/lead-clinician",
    "POST /api/v1/care/join",
    "POST /api/v1/patients/{id}/alerts/{alert}",
    "POST /api/v1/patients/{id}/calendar",
    "POST /api/v1/patients/{id}/clearance",  // seen: a word; rules: ids
    "PUT /api/v1/admin/clinic",              // the emergency number is text
    "POST /api/v1/patients/{id}/clinic",
};

// The JSON pointers of every number in `v`.
void FindNumbers(const json& v, const std::string& pointer, std::vector<std::string>& out) {
  if (v.is_number()) out.push_back(pointer);
  if (v.is_object()) {
    for (const auto& [key, child] : v.items()) FindNumbers(child, pointer + "/" + key, out);
  }
  if (v.is_array()) {
    for (std::size_t i = 0; i < v.size(); ++i) {
      FindNumbers(v[i], pointer + "/" + std::to_string(i), out);
    }
  }
}

class NumericFieldsTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    lee_ = MakeUser("lee", Role::kClinician, clinic_);
    maria_ = MakeUser("maria", Role::kPatient, clinic_, &maria_user_);
    ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
    LogDay(maria_, maria_user_.id, "2026-11-23", 2);
    const json today = Body(As(maria_, "GET", Path("/today?date=2026-11-25")));
    first_exercise_ = today["exercises"][0]["id"];
    first_level_ = today["exercises"][0]["level"];
  }
  std::string Path(const std::string& rest) { return "/api/v1/patients/" + maria_user_.id + rest; }

  std::vector<WriteCase> Cases() {
    const std::string p = "/api/v1/patients/{id}";
    const std::string whole = " must be a whole number from ";
    return {
        {"POST",
         p + "/intake",
         Path("/intake"),
         maria_,
         json::parse(testing::kSelfCareIntake),
         {"/pain_duration_weeks"},
         {{"/age", "field 'age'" + whole + "0 to 120"},
          {"/pain_duration_weeks", "field 'pain_duration_weeks' must be a number at least 0"},
          {"/pain_now", "field 'pain_now'" + whole + "0 to 10"},
          {"/minutes_per_day", "field 'minutes_per_day'" + whole + "10 to 120"},
          {"/days_per_week", "field 'days_per_week'" + whole + "2 to 7"}}},
        {"POST",
         p + "/sessions",
         Path("/sessions"),
         maria_,
         json{{"date", "2026-11-25"},
              {"exercises", {{{"id", first_exercise_}, {"pain_during", 3}}}},
              {"pain_after", 3},
              {"effort", 5},
              {"pain_next_morning", 2},
              {"pain_now", 3}},
         {},
         {{"/exercises/0/pain_during", "exercise 1: field 'pain_during'" + whole + "0 to 10"},
          {"/pain_after", "field 'pain_after'" + whole + "0 to 10"},
          {"/effort", "field 'effort'" + whole + "0 to 10"},
          {"/pain_next_morning", "field 'pain_next_morning'" + whole + "0 to 10"},
          {"/pain_now", "reported symptoms: field 'pain_now'" + whole + "0 to 10"}}},
        {"POST",
         p + "/checkins",
         Path("/checkins"),
         maria_,
         json{{"date", "2026-11-25"}, {"pain_next_morning", 2}},
         {},
         {{"/pain_next_morning", "field 'pain_next_morning'" + whole + "0 to 10"}}},
        {"POST",
         p + "/pain",
         Path("/pain"),
         maria_,
         json{{"date", "2026-11-24"}, {"pain", 4}},
         {},
         {{"/pain", "field 'pain'" + whole + "0 to 10"}}},
        {"POST",
         p + "/questionnaires/{questionnaire}",
         Path("/questionnaires/fear_rating"),
         maria_,
         json{{"answers", {{"fear", 4}}}},
         {},
         {{"/answers/fear", "fear_rating: item 'fear': must be "}}},
        {"POST",
         p + "/adjustments",
         Path("/adjustments"),
         lee_,
         json{{"exercise_id", first_exercise_},
              {"action", "level"},
              {"level", first_level_},
              {"reason", "keep it here"}},
         {},
         {{"/level", "field 'level'" + whole + "1 to 5"}}},
        // The answers so far, checked as the intake checks them.
        {"POST",
         "/api/v1/screen/partial",
         "/api/v1/screen/partial",
         maria_,
         json{{"age", 44}, {"pain_duration_weeks", 3}, {"pain_now", 5}},
         {"/pain_duration_weeks"},
         {{"/age", "field 'age'" + whole + "0 to 120"},
          {"/pain_duration_weeks", "field 'pain_duration_weeks' must be a number at least 0"},
          {"/pain_now", "field 'pain_now'" + whole + "0 to 10"}}},
        {"PUT",
         p + "/preferences",
         Path("/preferences"),
         maria_,
         json{{"reminder_times", {"08:00"}}, {"utc_offset_minutes", 60}},
         {},
         {{"/utc_offset_minutes", "field 'utc_offset_minutes'" + whole + "-840 to 840"}}},
    };
  }

  std::string Stored() { return api_->service().Export(maria_user_.id).value().dump(); }

  std::string clinic_, lee_, maria_, first_exercise_;
  int first_level_ = 1;
  User maria_user_;
};

TEST_F(NumericFieldsTest, EveryNumberOutOfRangeOrOfAnotherKindIsRefusedAndNothingStored) {
  const std::vector<std::pair<std::string, json>> bad = {
      {"2^32+3", json(4294967299LL)},
      {"-2^32", json(-4294967296LL)},
      {"2^63", json(std::uint64_t{9223372036854775808ULL})},
      {"1e308", json(1e308)},
      {"0.5", json(0.5)},
      {"a string", json("3")}};
  for (const WriteCase& c : Cases()) {
    std::vector<std::string> numbers;
    FindNumbers(c.body, "", numbers);
    ASSERT_FALSE(numbers.empty()) << c.pattern;
    for (const std::string& pointer : numbers) {
      ASSERT_TRUE(c.messages.count(pointer)) << c.pattern << pointer << " has no expected message";
      for (const auto& [name, value] : bad) {
        if (name == "0.5" && c.fractions.count(pointer)) continue;
        json body = c.body;
        body[json::json_pointer(pointer)] = value;
        const std::string before = Stored();
        auto r = As(c.token, c.method, c.path, body.dump());
        const std::string where = c.method + " " + c.pattern + " " + pointer + " = " + name;
        EXPECT_EQ(r.status, 422) << where << ": " << r.body;
        const json answer = Body(r);
        const std::string message =
            answer.contains("error") ? answer["error"].value("message", "") : "";
        EXPECT_EQ(message.substr(0, c.messages.at(pointer).size()), c.messages.at(pointer))
            << where << ": " << message;
        EXPECT_EQ(Stored(), before) << where << " stored something";
      }
    }
    auto ok = As(c.token, c.method, c.path, c.body.dump());
    EXPECT_LT(ok.status, 300) << c.pattern << " refuses its valid body: " << ok.body;
  }
}

// The valid bodies above must cover every JSON write: a route added without
// one fails here until its numbers (or that it has none) are written down.
TEST_F(NumericFieldsTest, EveryJsonWriteRouteIsCovered) {
  std::set<std::string> covered = kNoNumbers;
  for (const WriteCase& c : Cases()) covered.insert(c.method + " " + c.pattern);
  for (const auto& route : router_.routes()) {
    if (route.method == "GET" || route.method == "DELETE" || !route.info.body_type.empty()) {
      continue;
    }
    EXPECT_TRUE(covered.count(route.method + " " + route.pattern))
        << route.method << " " << route.pattern << " has no case in numeric_fields_test.cc";
  }
}

// The stored value is the checked one: a pain of 4294967299 (which an int
// reads as 3) is never stored as 3, nor as itself.
TEST_F(NumericFieldsTest, ANumberThatWrapsToAValidIntIsNotStored) {
  auto r = As(maria_, "POST", Path("/pain"), R"({"date": "2026-11-24", "pain": 4294967299})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"], "field 'pain' must be a whole number from 0 to 10");
  EXPECT_TRUE(Body(As(maria_, "GET", Path("/pain")))["records"].empty());
  r = As(lee_, "POST", Path("/adjustments"),
         json{{"exercise_id", first_exercise_},
              {"action", "level"},
              {"level", 4294967297LL},
              {"reason", "wraps to 1"}}
             .dump());
  EXPECT_EQ(r.status, 422);
  r = As(maria_, "PUT", Path("/preferences"), R"({"utc_offset_minutes": 4294967356})");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(As(maria_, "GET", Path("/preferences")))["utc_offset_minutes"], 0);
}

// Numbers in the query string are read whole too: "5abc" is not 5.
TEST_F(NumericFieldsTest, QueryNumbersAreReadWhole) {
  for (const char* limit : {"5abc", "1e3", "0.5", "-1"}) {
    auto r = As(lee_, "GET", std::string("/api/v1/clinic/patients?limit=") + limit);
    EXPECT_EQ(r.status, 400) << limit;
    EXPECT_EQ(Body(r)["error"]["message"], "limit must be a whole number from 1 to 200") << limit;
  }
  EXPECT_EQ(Body(As(lee_, "GET", "/api/v1/clinic/patients?limit=5"))["limit"], 5);
  // Past an int: a full page, as every list takes it, never what wraps round (5).
  EXPECT_EQ(Body(As(lee_, "GET", "/api/v1/clinic/patients?limit=4294967301"))["limit"], 200);
}

}  // namespace
}  // namespace backcoach
