// Motions on the exercise cards, and what the camera coach measured in a
// session log: through the API, to the clinician and into the exports.
#include <gtest/gtest.h>

#include "api/api.h"
#include "api/api_test_fixture.h"
#include "core/motion_json.h"
#include "testing/test_content.h"

namespace backcoach {
namespace {

using testing::ApiFixture;
using testing::ShippedContent;

class MotionApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    lee_ = MakeUser("lee", Role::kClinician, clinic_);
    maria_ = MakeUser("maria", Role::kPatient, clinic_, &maria_user_);
    ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  }

  std::string Path(const std::string& rest) { return "/api/v1/patients/" + maria_user_.id + rest; }

  // The first card of the day whose exercise the camera coach covers, with
  // repetitions.
  json CoveredCard(const std::string& date) {
    const json today = Body(As(maria_, "GET", Path("/today?date=" + date)));
    for (const auto& card : today["exercises"]) {
      if (card["motion"].is_object() && card["motion"].contains("camera") &&
          card["motion"]["camera"].contains("reps")) {
        return card;
      }
    }
    ADD_FAILURE() << "no card the camera coach covers: " << today.dump().substr(0, 400);
    return nullptr;
  }

  // A log of `card` alone, with `coach` as what the camera coach measured.
  std::string LogWith(const json& card, const json& coach, const std::string& date) {
    return json{{"date", date},
                {"exercises", {{{"id", card["id"]}, {"pain_during", 2}, {"coach", coach}}}},
                {"pain_after", 2},
                {"effort", 5}}
        .dump();
  }

  std::string clinic_, lee_, maria_;
  User maria_user_;
};

TEST_F(MotionApiTest, EveryCardCarriesItsMotionOrNull) {
  auto today = As(maria_, "GET", Path("/today?date=2026-11-23"));
  ASSERT_EQ(today.status, 200) << today.body;
  const json body = Body(today);
  int drawn = 0;
  for (const char* list : {"exercises", "bad_day_session"}) {
    ASSERT_FALSE(body[list].empty()) << list;
    for (const auto& card : body[list]) {
      const std::string id = card["id"];
      ASSERT_TRUE(card.contains("motion")) << id;
      const MotionDefinition* m = ShippedContent().motions.Find(id);
      // Whether the camera coach covers it, and if not why, in plain words.
      ASSERT_TRUE(card.contains("coach_note")) << id;
      if (m != nullptr && m->camera) {
        EXPECT_TRUE(card["coach_note"].is_null()) << id;
      } else {
        ASSERT_TRUE(card["coach_note"].is_string()) << id;
        const std::string note = card["coach_note"];
        EXPECT_EQ(note.rfind("The camera coach does not cover this exercise", 0), 0u) << note;
        if (m != nullptr && !m->camera_note.empty()) {
          EXPECT_NE(note.find(m->camera_note), std::string::npos) << note;
        }
      }
      if (m == nullptr) {
        EXPECT_TRUE(card["motion"].is_null()) << id;
        EXPECT_EQ(ShippedContent().motions.not_animated().count(id), 1u) << id;
        continue;
      }
      ++drawn;
      // The definition as the core writes it, which the browser's
      // WebAssembly analysis reads back.
      EXPECT_EQ(card["motion"], json::parse(MotionDefinitionToJson(*m))) << id;
      EXPECT_EQ(card["motion"]["keyframes"][0]["points"].size(), 17u) << id;
      EXPECT_TRUE(ParseMotionDefinitionJson(card["motion"].dump()).ok()) << id;
    }
  }
  EXPECT_GT(drawn, 0);
  // The clinician sees the same cards.
  EXPECT_EQ(Body(As(lee_, "GET", Path("/today?date=2026-11-23"))), body);
}

TEST_F(MotionApiTest, TheOpenApiDocumentDescribesTheMotionAndTheCoachMeasurement) {
  const json doc = api_->OpenApi(router_);
  const json& schemas = doc["components"]["schemas"];
  ASSERT_TRUE(schemas.contains("MotionDefinition"));
  ASSERT_TRUE(schemas.contains("CoachMeasure"));
  EXPECT_EQ(schemas["CoachMeasure"]["required"], json({"reps_done", "reps_prescribed"}));
  const json& today = doc["paths"]["/api/v1/patients/{id}/today"]["get"];
  EXPECT_EQ(today["responses"]["200"]["content"]["application/json"]["schema"]["properties"]
                 ["exercises"]["items"]["properties"]["motion"]["$ref"],
            "#/components/schemas/MotionDefinition");
  const json& log = doc["paths"]["/api/v1/patients/{id}/sessions"]["post"];
  EXPECT_EQ(log["requestBody"]["content"]["application/json"]["schema"]["properties"]["exercises"]
               ["items"]["properties"]["coach"]["$ref"],
            "#/components/schemas/CoachMeasure");
}

TEST_F(MotionApiTest, CoachMeasurementsAreStoredShownToTheClinicianAndExported) {
  const json card = CoveredCard("2026-11-23");
  ASSERT_TRUE(card.is_object());
  const std::string form = card["motion"]["camera"]["form"][0]["id"];
  const json coach = {{"reps_done", 5},
                      {"reps_prescribed", 10},
                      {"hold_seconds", {2.5, 3}},
                      {"findings", {{{"id", form}, {"count", 2}}}}};
  auto logged = As(maria_, "POST", Path("/sessions"), LogWith(card, coach, "2026-11-23"));
  ASSERT_EQ(logged.status, 201) << logged.body;
  bool held = false;
  const json logged_body =
      Body(logged);  // kept: a loop over a temporary's member reads freed memory
  for (const auto& d : logged_body["decisions"]) {
    held = held || (d["subject"] == card["id"] && d["rule"] == "progression.coach_incomplete");
  }
  EXPECT_TRUE(held) << logged.body;

  // The clinician's patient page and the list of sessions.
  const json page = Body(As(lee_, "GET", "/api/v1/patients/" + maria_user_.id));
  ASSERT_EQ(page["sessions"].size(), 1u) << page.dump().substr(0, 300);
  const json stored = page["sessions"][0]["data"]["log"]["exercises"][0]["coach"];
  EXPECT_EQ(stored, json::parse(R"({"reps_done": 5, "reps_prescribed": 10,
      "hold_seconds": [2.5, 3.0], "findings": [{"id": ")" +
                                form + R"(", "count": 2}]})"));
  EXPECT_EQ(Body(As(lee_, "GET",
                    Path("/sessions")))["records"][0]["data"]["log"]["exercises"][0]["coach"],
            stored);

  // CSV for research and FHIR.
  auto csv = As(lee_, "GET", Path("/export/csv?file=exercise_logs"));
  ASSERT_EQ(csv.status, 200);
  EXPECT_NE(csv.body.find(",coach_reps_done,coach_reps_prescribed,coach_hold_seconds,"
                          "coach_findings\n"),
            std::string::npos)
      << csv.body;
  EXPECT_NE(csv.body.find(",5,10,2.5;3.0," + form + ":2\n"), std::string::npos) << csv.body;
  auto fhir = As(lee_, "GET", Path("/export/fhir"));
  ASSERT_EQ(fhir.status, 200);
  bool found = false;
  const json bundle = Body(fhir);
  for (const auto& entry : bundle["entry"]) {
    const json& r = entry["resource"];
    if (r["resourceType"] != "Observation" || !r.contains("component")) continue;
    if (r["code"]["coding"][0]["system"] != "urn:backcoach:camera-coach") continue;
    found = true;
    EXPECT_EQ(r["component"][0]["valueInteger"], 5);
    EXPECT_EQ(r["component"][1]["valueInteger"], 10);
    EXPECT_EQ(r["component"].size(), 5u);  // done, prescribed, two holds, one finding
  }
  EXPECT_TRUE(found);
}

TEST_F(MotionApiTest, BadCoachMeasurementsAre422WordForWord) {
  const json card = CoveredCard("2026-11-23");
  ASSERT_TRUE(card.is_object());
  const std::string id = card["id"];
  const auto refused = [&](const json& coach, const std::string& message) {
    auto r = As(maria_, "POST", Path("/sessions"), LogWith(card, coach, "2026-11-23"));
    EXPECT_EQ(r.status, 422) << r.body;
    EXPECT_EQ(Body(r)["error"]["message"], message) << coach.dump();
  };
  refused({{"reps_done", 5}, {"reps_prescribed", 10}, {"findings", {{{"id", "x"}, {"count", 1}}}}},
          "exercise 1: 'x' is not a form check of '" + id + "'");
  refused({{"reps_done", 5}, {"reps_prescribed", 10}, {"findings", {{{"id", "x"}, {"count", 6}}}}},
          "exercise 1: field 'coach.findings.1.count' must be a whole number from 1 to 5");
  refused({{"reps_done", 5}, {"reps_prescribed", 0}},
          "exercise 1: field 'coach.reps_prescribed' must be a whole number from 1 to 500");
  refused({{"reps_done", 5}, {"reps_prescribed", 10}, {"hold_seconds", {1, 1e9}}},
          "exercise 1: field 'coach.hold_seconds' must be a list of at most 500 numbers of "
          "seconds, each from 0 to 600");
  // An exercise the coach does not cover (one without camera rules).
  std::string uncovered;
  for (const auto& m : ShippedContent().motions.motions()) {
    if (!m.camera && uncovered.empty()) uncovered = m.exercise;
  }
  ASSERT_FALSE(uncovered.empty());
  auto r = As(
      maria_, "POST", Path("/sessions"),
      LogWith(json{{"id", uncovered}}, {{"reps_done", 5}, {"reps_prescribed", 10}}, "2026-11-23"));
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"],
            "exercise 1: the camera coach does not cover '" + uncovered + "'");
  // Nothing was stored.
  EXPECT_TRUE(Body(As(maria_, "GET", Path("/sessions")))["records"].empty());
}

}  // namespace
}  // namespace backcoach
