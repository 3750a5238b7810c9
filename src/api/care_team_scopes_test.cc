// What a supporter reads, field by field, for every combination of the
// scopes a patient may share: each answer a supporter can get holds exactly
// the fields its scopes grant (docs/care-team.md), all of them, and nothing
// else of the patient's.
#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "api/api_test_fixture.h"
#include "app/care_team.h"

namespace backcoach::testing {
namespace {

using Paths = std::set<std::string>;

// The leaves of `j` as paths: "weeks[].sessions"; an empty array or object
// is a leaf of its own ("scopes[]", "levels[].levels").
void Leaves(const json& j, const std::string& path, Paths& out) {
  if (j.is_object() && !j.empty()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      Leaves(it.value(), path.empty() ? it.key() : path + "." + it.key(), out);
    }
  } else if (j.is_array() && !j.empty()) {
    for (const auto& e : j) Leaves(e, path + "[]", out);
  } else {
    out.insert(j.is_array() ? path + "[]" : path);
  }
}

bool StartsWith(const std::string& text, const std::string& prefix) {
  return text.compare(0, prefix.size(), prefix) == 0;
}

// A leaf is granted by a field when it is the field, lies under it, or is an
// empty container the field would lie in.
bool Covers(const std::string& field, const std::string& leaf) {
  return leaf == field || StartsWith(leaf, field + ".") || StartsWith(leaf, field + "[") ||
         StartsWith(field, leaf + ".") || StartsWith(field, leaf.substr(0, leaf.size() - 2) + "[]");
}

// Every string in `j`, keys included.
void Strings(const json& j, std::vector<std::string>& out) {
  if (j.is_string()) out.push_back(j.get<std::string>());
  if (j.is_object()) {
    for (auto it = j.begin(); it != j.end(); ++it) {
      out.push_back(it.key());
      Strings(it.value(), out);
    }
  }
  if (j.is_array()) {
    for (const auto& e : j) Strings(e, out);
  }
}

std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

struct Share {
  bool progress = false;
  bool symptoms = false;
  std::string Name() const {
    return std::string(progress ? "progress" : "") + (progress && symptoms ? "+" : "") +
           (symptoms ? "symptoms" : "") + (progress || symptoms ? "" : "the default");
  }
  json Json() const {
    json out = json::array();
    if (progress) out.push_back("progress");
    if (symptoms) out.push_back("symptoms");
    return out;
  }
};

// The fields of each answer a supporter can read, by scope (the table in
// docs/care-team.md).
Paths OverviewFields(const Share& s) {
  Paths out = {"display_name", "scopes", "weeks[].week_of", "weeks[].sessions",
               "weeks[].adherence"};
  if (s.progress) {
    out.insert({"weeks[].active_minutes", "levels[].date", "levels[].levels",
                "levels[].exercises[].chain", "levels[].exercises[].id",
                "levels[].exercises[].name", "levels[].exercises[].level",
                "levels[].exercises[].paused"});
  }
  if (s.symptoms) {
    out.insert({"pain_during[].date", "pain_during[].pain", "pain_next_morning[].date",
                "pain_next_morning[].pain", "pain_diary[].date", "pain_diary[].pain", "pain_change",
                "meaningful_change_points"});
  }
  return out;
}

Paths SummaryFields(const Share& s) {
  Paths out = {"summaries[].type",         "summaries[].week_of", "summaries[].sessions",
               "summaries[].streak_weeks", "summaries[].id",      "summaries[].created_at"};
  if (s.progress) {
    out.insert({"summaries[].active_minutes", "summaries[].level_changes[].date",
                "summaries[].level_changes[].exercise", "summaries[].level_changes[].change",
                "summaries[].next_focus[]"});
  }
  if (s.symptoms) out.insert("summaries[].pain_trend");
  if (s.progress && s.symptoms) out.insert("summaries[].level_changes[].why");
  return out;
}

const Paths kMessageFields = {"messages[].id",          "messages[].member_id",
                              "messages[].member_name", "messages[].author_id",
                              "messages[].author_name", "messages[].text",
                              "messages[].created_at",  "next_cursor"};
const Paths kSupportedFields = {"patients[].id", "patients[].display_name", "patients[].scopes[]"};

class CareTeamScopesApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("A");
    maria_token_ = MakeUser("maria", Role::kPatient, clinic_, &maria_);
    ASSERT_EQ(As(maria_token_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
    ASSERT_EQ(
        As(maria_token_, "POST", Path("/pain"), R"({"pain": 7, "note": "stiff after the drive"})")
            .status,
        201);
    // Two weeks of sessions, each with its next-morning check-in, so that
    // every series and the weekly pain trend have something in them.
    Date day = *Date::Parse("2026-11-23");
    for (int i = 0; i < 14; i += 2, day = day.Plus(2)) {
      clock_.Set(kStart + i * 86400);
      maria_token_ = api_->auth().StartSession(maria_).value().token;  // sessions lapse
      LogDay(maria_token_, maria_.id, day.ToString(), i < 7 ? 4 : 2);
      json checkin = {{"date", day.ToString()}, {"pain_next_morning", 3}};
      ASSERT_EQ(As(maria_token_, "POST", Path("/checkins"), checkin.dump()).status, 201);
    }
    auto made = api_->service().WeeklySummary(maria_.id, *Date::Parse("2026-11-30"));
    ASSERT_TRUE(made.ok()) << made.status().message();
    json summary = *made;
    ASSERT_TRUE(summary["pain_trend"].is_object()) << summary.dump();
    // A step down, whose reason speaks of pain, and the flare-up line.
    summary["level_changes"].push_back({{"date", "2026-12-01"},
                                        {"exercise", "glute_bridge"},
                                        {"change", "regress"},
                                        {"why", "Sharp pain in the last session: eased."}});
    summary["next_focus"].push_back(kFlareUpFocus);
    ASSERT_TRUE(api_->service().AddNotice(maria_.id, summary).ok());
    // Maria's thread with someone else, which no supporter reads.
    User other;
    Supporter("other", Share{}, &other);
    ASSERT_EQ(As(maria_token_, "POST", Path("/messages"),
                 json{{"text", "private to the other"}, {"to", other.id}}.dump())
                  .status,
              201);
  }

  std::string Path(const std::string& rest) const { return "/api/v1/patients/" + maria_.id + rest; }

  std::string Supporter(const std::string& name, const Share& share, User* out) {
    const std::string token = MakeUser(name, Role::kSupporter, "", out);
    const auto invite = As(maria_token_, "POST", Path("/care-team/invitations"),
                           json{{"scopes", share.Json()}}.dump());
    EXPECT_EQ(invite.status, 201) << invite.body;
    const auto joined =
        As(token, "POST", "/api/v1/care/join", json{{"code", Body(invite)["code"]}}.dump());
    EXPECT_EQ(joined.status, 201) << joined.body;
    return token;
  }

  // The answer holds every field of `granted` and no other.
  static void ExpectExactly(const json& answer, const Paths& granted, const std::string& what) {
    Paths leaves;
    Leaves(answer, "", leaves);
    for (const auto& leaf : leaves) {
      const bool covered = std::any_of(granted.begin(), granted.end(),
                                       [&](const std::string& f) { return Covers(f, leaf); });
      EXPECT_TRUE(covered) << what << " sends " << leaf
                           << " beyond the shared scopes: " << answer.dump();
    }
    for (const auto& field : granted) {
      const bool sent = std::any_of(leaves.begin(), leaves.end(),
                                    [&](const std::string& l) { return Covers(field, l); });
      EXPECT_TRUE(sent) << what << " leaves out " << field
                        << ", which its scopes grant: " << answer.dump();
    }
  }

  std::string clinic_;
  User maria_;
  std::string maria_token_;
};

const std::vector<Share>& EveryCombination() {
  static const std::vector<Share> kAll = [] {
    std::vector<Share> out;
    const std::size_t n = ShareableScopes().size();
    EXPECT_EQ(n, 2u) << "a new scope needs its fields here and in docs/care-team.md";
    for (unsigned mask = 0; mask < (1u << n); ++mask)
      out.push_back({(mask & 1) != 0, (mask & 2) != 0});
    return out;
  }();
  return kAll;
}

TEST_F(CareTeamScopesApiTest, EachAnswerHoldsExactlyWhatTheScopesGrant) {
  int n = 0;
  for (const Share& share : EveryCombination()) {
    User u;
    const std::string token = Supporter("supporter" + std::to_string(n++), share, &u);
    const std::string who = "with " + share.Name() + " shared, ";
    ASSERT_EQ(As(token, "POST", Path("/messages"), R"({"text": "Well done this week."})").status,
              201);
    const auto overview = As(token, "GET", Path("/overview"));
    ASSERT_EQ(overview.status, 200) << who;
    ExpectExactly(Body(overview), OverviewFields(share), who + "the overview");
    const auto summaries = As(token, "GET", Path("/summaries"));
    ASSERT_EQ(summaries.status, 200) << who;
    ExpectExactly(Body(summaries), SummaryFields(share), who + "the summaries");
    const auto messages = As(token, "GET", Path("/messages"));
    ASSERT_EQ(messages.status, 200) << who;
    ExpectExactly(Body(messages), kMessageFields, who + "the messages");
    // Held by name: a range over a member of a temporary would outlive it.
    const json listed = Body(messages);
    for (const auto& m : listed["messages"]) EXPECT_EQ(m["member_id"], u.id) << who;
    const auto supported = As(token, "GET", "/api/v1/care/patients");
    ASSERT_EQ(supported.status, 200) << who;
    ExpectExactly(Body(supported), kSupportedFields, who + "the people supported");

    // No pain, flare-up or diary words in any of them without symptoms.
    for (const auto* r : {&overview, &summaries, &messages, &supported}) {
      std::vector<std::string> strings;
      Strings(Body(*r), strings);
      for (const auto& s : strings) {
        EXPECT_EQ(s.find("stiff"), std::string::npos) << who << s;
        EXPECT_EQ(s.find("private to the other"), std::string::npos) << who << s;
        if (!share.symptoms) {
          EXPECT_EQ(Lower(s).find("pain"), std::string::npos) << who << s;
          EXPECT_EQ(Lower(s).find("flare"), std::string::npos) << who << s;
        }
      }
    }
    if (share.symptoms) {
      const json o = Body(overview);
      EXPECT_EQ(o["pain_diary"][0]["pain"], 7) << who;
      EXPECT_TRUE(o["pain_change"].is_object() || o["pain_change"].is_null()) << who;
    }
    if (share.progress && share.symptoms) {
      const json focus = Body(summaries)["summaries"][0]["next_focus"];
      EXPECT_NE(std::find(focus.begin(), focus.end(), json(kFlareUpFocus)), focus.end()) << who;
    }
  }
}

// Every route a supporter may call, lists and exports included: those that
// answer with the patient's data are the ones checked field by field above.
TEST_F(CareTeamScopesApiTest, NoOtherRouteAnswersASupporterWithThePatientsData) {
  const std::set<std::string> checked = {"/api/v1/patients/{id}/overview",
                                         "/api/v1/patients/{id}/summaries",
                                         "/api/v1/patients/{id}/messages", "/api/v1/care/patients"};
  int n = 0;
  for (const Share& share : EveryCombination()) {
    User u;
    const std::string token = Supporter("walker" + std::to_string(n++), share, &u);
    for (const auto& route : router_.routes()) {
      if (route.method != "GET") continue;
      std::string target;
      for (const auto& segment : route.segments) {
        target += "/";
        target += segment == "{id}" ? maria_.id : segment[0] == '{' ? "x" : segment;
      }
      const auto r = As(token, "GET", target);
      if (r.status != 200 || checked.count(route.pattern)) continue;
      EXPECT_EQ(r.body.find(maria_.id), std::string::npos)
          << "with " << share.Name() << " shared, " << route.pattern
          << " answers with Maria's data";
      EXPECT_EQ(r.body.find("stiff"), std::string::npos) << route.pattern;
    }
  }
}

// The pieces of a weekly summary for each combination, a flare-up included.
TEST(CareTeamScopesFilterTest, FlareUpAndReasonsNeedSymptoms) {
  const json summary = {{"type", "weekly_summary"},
                        {"sessions", 2},
                        {"active_minutes", 40},
                        {"level_changes",
                         {{{"date", "2026-12-01"},
                           {"exercise", "bird_dog"},
                           {"change", "regress"},
                           {"why", "Sharp pain: stepped down."}}}},
                        {"next_focus", {kFlareUpFocus, "Bird dog"}},
                        {"pain_trend", {{"this_week", 4.0}}}};
  for (const Share& share : EveryCombination()) {
    Scopes scopes = DefaultSupporterScopes();
    if (share.progress) scopes.insert(Scope::kProgress);
    if (share.symptoms) scopes.insert(Scope::kSymptoms);
    const json cut = FilterSummary(summary, scopes);
    EXPECT_EQ(cut.contains("next_focus"), share.progress) << share.Name();
    EXPECT_EQ(cut.contains("pain_trend"), share.symptoms) << share.Name();
    if (!share.progress) continue;
    EXPECT_EQ(cut["level_changes"][0].contains("why"), share.symptoms) << share.Name();
    EXPECT_EQ(cut["next_focus"].size(), share.symptoms ? 2u : 1u) << cut.dump();
    EXPECT_EQ(cut["next_focus"].back(), "Bird dog");
  }
}

TEST_F(CareTeamScopesApiTest, ReminderTimesErrorIsPlainWords) {
  for (const char* body : {R"({"reminder_times": ["07:00", "08:00", "09:00", "10:00", "11:00"]})",
                           R"({"reminder_times": ["7 o'clock"]})"}) {
    const auto r = As(maria_token_, "PUT", Path("/preferences"), body);
    ASSERT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(Body(r)["error"]["message"], "Up to 4 reminder times, each like 08:30.") << body;
  }
}

}  // namespace
}  // namespace backcoach::testing
