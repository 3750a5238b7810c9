// The API's routes for imported activity and for exports: steps uploads,
// the progress series they feed, and who may read what.
#include <gtest/gtest.h>

#include "api/api.h"
#include "api/api_test_fixture.h"
#include "app/csv_export.h"
#include "core/csv.h"
#include "testing/gzip.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

class ExportsApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    lee_ = MakeUser("lee", Role::kClinician, clinic_);
    maria_ = MakeUser("maria", Role::kPatient, clinic_, &maria_user_);
    other_clinic_ = MakeClinic("Hillside");
    sam_ = MakeUser("sam", Role::kClinician, other_clinic_);
    tom_ = MakeUser("tom", Role::kPatient, clinic_);
  }
  std::string Path(const std::string& rest) { return "/api/v1/patients/" + maria_user_.id + rest; }
  // After the clock has moved on by more than a session lasts.
  void SignInAgain() {
    maria_ = api_->auth().StartSession(maria_user_).value().token;
    auto lee = store_->FindUserByEmail("lee@example.test");
    if (lee.ok()) lee_ = api_->auth().StartSession(*lee).value().token;
  }

  std::string clinic_, other_clinic_, lee_, sam_, maria_, tom_;
  User maria_user_;
};

TEST_F(ExportsApiTest, StepsUploadStoresEachDayAndReportsBadRows) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  auto r = As(maria_, "POST", Path("/steps"),
              "date,steps,active_minutes\n2026-11-23,6000,20\n2026-11-24,oops,5\n"
              "2026-11-25,8000,35\n2026-12-01,3000,\n");
  ASSERT_EQ(r.status, 201) << r.body;
  const json summary = Body(r);
  EXPECT_EQ(summary["stored"], 3);
  EXPECT_EQ(summary["skipped"], 1);
  EXPECT_EQ(summary["problems"][0]["line"], 3);
  EXPECT_EQ(summary["first_day"], "2026-11-23");
  // The same file again changes nothing; a corrected day replaces its numbers.
  r = As(maria_, "POST", Path("/steps"), "date,steps\n2026-11-23,6000\n");
  EXPECT_EQ(Body(r)["stored"], 1) << "without minutes the day's numbers differ";
  r = As(maria_, "POST", Path("/steps"), "date,steps\n2026-11-23,6000\n");
  EXPECT_EQ(Body(r)["stored"], 0);
  EXPECT_EQ(Body(r)["unchanged"], 1);

  const json weeks = Body(As(maria_, "GET", Path("/progress")))["weeks"];
  ASSERT_EQ(weeks.size(), 2u) << weeks.dump();
  EXPECT_EQ(weeks[0]["week_of"], "2026-11-23");
  EXPECT_EQ(weeks[0]["steps"], 14000);
  EXPECT_EQ(weeks[0]["step_days"], 2);
  EXPECT_EQ(weeks[0]["daily_steps"], 7000);
  EXPECT_EQ(weeks[0]["tracked_active_minutes"], 35);
  EXPECT_EQ(weeks[1]["week_of"], "2026-11-30");
  EXPECT_EQ(weeks[1]["steps"], 3000);
  EXPECT_TRUE(weeks[1]["tracked_active_minutes"].is_null());
}

TEST_F(ExportsApiTest, AStepsFileThatCannotBeReadStoresNothing) {
  auto r = As(maria_, "POST", Path("/steps"), "when,count of things\n2026-11-23,6000\n");
  EXPECT_EQ(r.status, 422) << r.body;
  r = As(maria_, "POST", Path("/steps"), "<HealthData><Record type=\"x\"");
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("not a readable Apple Health export"), std::string::npos) << r.body;
  auto records = store_->ListRecords(maria_user_.id, RecordKind::kSteps, 100);
  ASSERT_TRUE(records.ok());
  EXPECT_TRUE(records->empty());
}

TEST_F(ExportsApiTest, ACompressedStepsFileIsReadAsThePlainOne) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  const std::string csv = "date,steps,active_minutes\n2026-11-23,6000,20\n2026-11-24,oops,5\n";
  auto r = As(maria_, "POST", Path("/steps"), testing::Gzip(csv));
  ASSERT_EQ(r.status, 201) << r.body;
  EXPECT_EQ(Body(r)["stored"], 1);
  EXPECT_EQ(Body(r)["skipped"], 1);
  EXPECT_EQ(Body(r)["problems"][0]["line"], 3);
  // The same file sent plain changes nothing.
  r = As(maria_, "POST", Path("/steps"), csv);
  EXPECT_EQ(Body(r)["unchanged"], 1) << r.body;
  // A damaged one stores nothing and says why.
  std::string cut = testing::Gzip("date,steps\n2026-11-25,7000\n");
  cut.resize(cut.size() - 6);
  r = As(maria_, "POST", Path("/steps"), cut);
  EXPECT_EQ(r.status, 422) << r.body;
  EXPECT_NE(r.body.find("the compressed file is cut short"), std::string::npos) << r.body;
  auto records = store_->ListRecords(maria_user_.id, RecordKind::kSteps, 100);
  ASSERT_TRUE(records.ok());
  EXPECT_EQ(records->size(), 1u);
}

TEST_F(ExportsApiTest, OnlyThePatientUploadsSteps) {
  const std::string csv = "date,steps\n2026-11-23,6000\n";
  EXPECT_EQ(As(lee_, "POST", Path("/steps"), csv).status, 403);
  EXPECT_EQ(As(sam_, "POST", Path("/steps"), csv).status, 403) << "a patient's route";
  EXPECT_EQ(As(tom_, "POST", Path("/steps"), csv).status, 404);
}

// The resources of a Bundle with the given type, in order.
std::vector<json> OfType(const json& bundle, const std::string& type) {
  std::vector<json> out;
  for (const auto& e : bundle["entry"]) {
    if (e["resource"]["resourceType"] == type) out.push_back(e["resource"]);
  }
  return out;
}

bool HasCode(const json& resource, const std::string& code) {
  for (const auto& c : resource["code"].value("coding", json::array())) {
    if (c["code"] == code) return true;
  }
  return false;
}

TEST_F(ExportsApiTest, FhirBundleHoldsThePatientsRecordsWithTheirCodes) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  ASSERT_EQ(As(maria_, "POST", Path("/pain"), R"({"date": "2026-11-24", "pain": 4})").status, 201);
  ASSERT_EQ(As(maria_, "POST", Path("/questionnaires/peg"),
               R"({"answers": {"pain": 6, "enjoyment": 5, "activity": 4}})")
                .status,
            201);
  ASSERT_EQ(As(maria_, "POST", Path("/steps"), "date,steps\n2026-11-24,7300\n").status, 201);
  auto r = As(lee_, "GET", Path("/export/fhir"));
  ASSERT_EQ(r.status, 200) << r.body;
  EXPECT_EQ(r.content_type, "application/fhir+json");
  const json bundle = Body(r);
  EXPECT_EQ(bundle["resourceType"], "Bundle");
  EXPECT_EQ(bundle["type"], "collection");
  const auto patients = OfType(bundle, "Patient");
  ASSERT_EQ(patients.size(), 1u);
  EXPECT_EQ(patients[0]["id"], maria_user_.id);
  const std::string patient_url = bundle["entry"][0]["fullUrl"];
  int pain = 0, steps = 0, peg = 0;
  for (const auto& o : OfType(bundle, "Observation")) {
    EXPECT_EQ(o["subject"]["reference"], patient_url);
    if (HasCode(o, "72514-3") && o["effectiveDateTime"] == "2026-11-24") {
      EXPECT_EQ(o["valueInteger"], 4);
      ++pain;
    }
    if (HasCode(o, "41950-7")) {
      EXPECT_EQ(o["valueQuantity"]["value"], 7300);
      EXPECT_EQ(o["valueQuantity"]["code"], "/d");
      ++steps;
    }
    if (HasCode(o, "peg")) ++peg;
  }
  EXPECT_EQ(pain, 1);
  EXPECT_EQ(steps, 1);
  EXPECT_EQ(peg, 1);
  EXPECT_EQ(OfType(bundle, "QuestionnaireResponse").size(), 2u);  // intake and PEG
  const auto plans = OfType(bundle, "CarePlan");
  ASSERT_EQ(plans.size(), 1u);
  EXPECT_EQ(plans[0]["status"], "active");
  EXPECT_FALSE(plans[0]["activity"].empty());
}

TEST_F(ExportsApiTest, RedFlagsBecomeFlags) {
  json intake = json::parse(testing::kSelfCareIntake);
  intake["saddle_numbness"] = true;
  intake["bladder_or_bowel_change"] = true;
  auto submitted = As(maria_, "POST", Path("/intake"), intake.dump());
  ASSERT_EQ(submitted.status, 201) << submitted.body;
  const json bundle = Body(As(maria_, "GET", Path("/export/fhir")));
  const auto flags = OfType(bundle, "Flag");
  ASSERT_FALSE(flags.empty()) << bundle.dump();
  EXPECT_EQ(flags[0]["status"], "active");
  EXPECT_EQ(flags[0]["code"]["coding"][0]["code"], Body(submitted)["screen"]["flags"][0]["id"]);
}

TEST_F(ExportsApiTest, ExportsAreForThePatientAndTheirClinicOnly) {
  for (const char* path : {"/export/fhir", "/export/csv?file=steps", "/export"}) {
    EXPECT_EQ(As(maria_, "GET", Path(path)).status, 200) << path;
    EXPECT_EQ(As(lee_, "GET", Path(path)).status, 200) << path;
    EXPECT_EQ(As(sam_, "GET", Path(path)).status, 404) << path;
    EXPECT_EQ(As(tom_, "GET", Path(path)).status, 404) << path;
  }
  EXPECT_EQ(As(maria_, "GET", Path("/export/csv?file=passwords")).status, 422);
}

TEST_F(ExportsApiTest, ExportsAreAudited) {
  ASSERT_EQ(As(lee_, "GET", Path("/export/fhir")).status, 200);
  ASSERT_EQ(As(sam_, "GET", Path("/export/fhir")).status, 404);
  ASSERT_TRUE(api_->auditor().Flush().ok());
  auto audit = store_->ListAudit(0, 1000);
  ASSERT_TRUE(audit.ok());
  int ok = 0, not_found = 0;
  for (const auto& e : *audit) {
    if (e.action != "GET " + Path("/export/fhir") || e.patient_id != maria_user_.id) continue;
    if (e.outcome == "ok") ++ok;
    if (e.outcome == "not_found") ++not_found;
  }
  EXPECT_EQ(ok, 1);
  EXPECT_EQ(not_found, 1);
}

TEST_F(ExportsApiTest, CsvFilesReadBackWithTheirValuesIntact) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  const std::string note = "stiff, then \"fine\"\nafter a walk";
  ASSERT_EQ(As(maria_, "POST", Path("/pain"),
               json{{"date", "2026-11-24"}, {"pain", 3}, {"note", note}}.dump())
                .status,
            201);
  auto data = api_->service().LoadPatientData(maria_user_.id);
  ASSERT_TRUE(data.ok());
  const auto files = CsvExportFiles(*data);
  EXPECT_EQ(files.size(), 6u);
  std::vector<std::vector<std::string>> rows;
  CsvReader reader([&](std::vector<std::string>& fields, long long) {
    rows.push_back(fields);
    return Status::Ok();
  });
  ASSERT_TRUE(reader.Feed(files.at("pain_diary.csv")).ok());
  ASSERT_TRUE(reader.Finish().ok());
  ASSERT_EQ(rows.size(), 2u);
  EXPECT_EQ(rows[0], (std::vector<std::string>{"patient_id", "record_id", "date", "pain", "note"}));
  EXPECT_EQ(rows[1][0], maria_user_.id);
  EXPECT_EQ(rows[1][2], "2026-11-24");
  EXPECT_EQ(rows[1][3], "3");
  EXPECT_EQ(rows[1][4], note);
}

// A note, an exercise id or a source is the patient's own text: in the CSV
// files a researcher opens in a spreadsheet it must not run as a formula.
TEST_F(ExportsApiTest, CsvFilesNeutraliseFormulasInEveryFile) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  for (const char* note :
       {"=HYPERLINK(\"http://x.test\")", "+1+1", "-1+1", "@SUM(A1)", "\tx", "\rx"}) {
    ASSERT_EQ(As(maria_, "POST", Path("/pain"),
                 json{{"date", "2026-11-24"}, {"pain", 3}, {"note", note}}.dump())
                  .status,
              201);
  }
  Record steps{
      "",
      maria_user_.id,
      RecordKind::kSteps,
      "2026-11-24",
      maria_user_.id,
      json{{"steps", 4000}, {"active_minutes", -1}, {"source", "=cmd|' /C calc'!A0"}}.dump(),
      clock_.Now()};
  ASSERT_TRUE(store_->AddRecord(steps).ok());
  auto data = api_->service().LoadPatientData(maria_user_.id);
  ASSERT_TRUE(data.ok());
  for (const auto& file : CsvExportFiles(*data)) {
    const std::string& name = file.first;  // clang 14 cannot capture a structured binding
    const std::string& text = file.second;
    CsvReader reader([&](std::vector<std::string>& fields, long long line) {
      for (const auto& field : fields) {
        EXPECT_FALSE(CsvLooksLikeFormula(field)) << name << " line " << line << ": " << field;
      }
      return Status::Ok();
    });
    ASSERT_TRUE(reader.Feed(text).ok());
    ASSERT_TRUE(reader.Finish().ok());
  }
  const std::string pain = CsvExportFiles(*data).at("pain_diary.csv");
  EXPECT_NE(pain.find(",3,\"'=HYPERLINK(\"\"http://x.test\"\")\"\n"), std::string::npos) << pain;
  EXPECT_NE(pain.find(",3,\"'+1+1\"\n"), std::string::npos) << pain;
  EXPECT_NE(pain.find(",3,\"'@SUM(A1)\"\n"), std::string::npos) << pain;
  EXPECT_NE(CsvExportFiles(*data).at("steps.csv").find(",4000,,\"'=cmd|' /C calc'!A0\"\n"),
            std::string::npos);
}

}  // namespace
}  // namespace backcoach

namespace backcoach {
namespace {

// Imported steps feed the walking target: the import answers the goal it
// set, today's session shows it, and it is stored with the plan.
TEST_F(ExportsApiTest, ImportedStepsSetTheStepGoal) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  clock_.Advance(7 * 86400);  // 2026-11-30: the week before is complete
  SignInAgain();
  std::string csv = "date,steps\n";
  for (int day = 23; day <= 29; ++day) csv += "2026-11-" + std::to_string(day) + ",6000\n";
  auto r = As(maria_, "POST", Path("/steps"), csv);
  ASSERT_EQ(r.status, 201) << r.body;
  const json goal = Body(r)["step_goal"];
  ASSERT_TRUE(goal.is_object()) << r.body;
  EXPECT_EQ(goal["daily_steps"], 6600);
  EXPECT_EQ(goal["baseline"], 6000);
  EXPECT_EQ(goal["reason"]["rule"], "step_goal.weekly_increase");

  const json today = Body(As(maria_, "GET", Path("/today")));
  EXPECT_EQ(today["step_goal"]["daily_steps"], 6600) << today.dump();
  const json plan = Body(As(lee_, "GET", Path("/plan")));
  EXPECT_EQ(plan["step_goal"]["daily_steps"], 6600) << plan.dump().substr(0, 300);

  // The same days again: no new plan version, the goal stands.
  const auto version = store_->PlanVersion(maria_user_.id);
  ASSERT_TRUE(version.ok());
  r = As(maria_, "POST", Path("/steps"), "date,steps\n2026-11-29,9000\n");
  EXPECT_EQ(Body(r)["step_goal"]["daily_steps"], 6600) << "reviewed only once a week";
  EXPECT_EQ(*store_->PlanVersion(maria_user_.id), *version);
  const auto changes = store_->ListRecords(maria_user_.id, RecordKind::kStepGoal, 10);
  ASSERT_TRUE(changes.ok());
  EXPECT_EQ(changes->size(), 1u);
}

TEST_F(ExportsApiTest, BadDayHoldsTheStepGoalAndTooFewDaysSetNone) {
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  clock_.Advance(7 * 86400);
  SignInAgain();
  auto r = As(maria_, "POST", Path("/steps"), "date,steps\n2026-11-28,6000\n2026-11-29,6000\n");
  EXPECT_TRUE(Body(r)["step_goal"].is_null()) << "two days are too few: " << r.body;
  std::string csv = "date,steps\n";
  for (int day = 23; day <= 27; ++day) csv += "2026-11-" + std::to_string(day) + ",5000\n";
  ASSERT_EQ(Body(As(maria_, "POST", Path("/steps"), csv))["step_goal"]["daily_steps"], 5500);
  r = As(
      maria_, "POST", Path("/sessions"),
      R"({"date": "2026-11-30", "bad_day": true, "exercises": [], "pain_after": 6, "effort": 3})");
  ASSERT_EQ(r.status, 201) << r.body;
  const json today = Body(As(maria_, "GET", Path("/today")));
  EXPECT_EQ(today["status"], "flare_up");
  EXPECT_LE(today["step_goal"]["daily_steps"].get<long long>(), 6000) << today.dump();
  EXPECT_EQ(today["step_goal"]["reason"]["rule"], "step_goal.hold");
}

}  // namespace
}  // namespace backcoach
