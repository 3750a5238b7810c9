// The camera coach's recordings shared with the clinician, through the API:
// only the patient shares, the patient and their clinic read and download,
// nobody else; a malformed or too large recording is refused; every read
// and share is audited; erasing the account erases them.
#include <gtest/gtest.h>

#include <algorithm>

#include "api/api.h"
#include "api/api_test_fixture.h"
#include "app/recordings.h"
#include "core/pose_recording.h"

namespace backcoach {
namespace {

using testing::ApiFixture;

constexpr const char* kRecording =
    "{\"format\":\"backcoach-pose\",\"version\":1,\"width\":640,\"height\":480,"
    "\"keypoints\":\"coco17\"}\n"
    "{\"t\":0,\"points\":{\"left_hip\":[312.5,240.1,0.82],\"left_knee\":[380.2,201.7,0.79]}}\n"
    "{\"t\":0.067,\"points\":{\"left_hip\":[312.5,241.1,0.8]},\"people\":1}\n";

class RecordingsApiTest : public ApiFixture {
 protected:
  void SetUp() override {
    ApiFixture::SetUp();
    clinic_ = MakeClinic("Riverside");
    const std::string other = MakeClinic("Hillside");
    lee_ = MakeUser("lee", Role::kClinician, clinic_);
    admin_ = MakeUser("ada", Role::kAdmin, clinic_);
    far_ = MakeUser("far", Role::kClinician, other);
    maria_ = MakeUser("maria", Role::kPatient, clinic_, &maria_user_);
    other_patient_ = MakeUser("olga", Role::kPatient, clinic_, &olga_);
    User sam;
    sam_ = MakeUser("sam", Role::kSupporter, "", &sam);
    // A supporter with everything shared that can be.
    EXPECT_TRUE(
        store_->AddCareMember({maria_user_.id, sam.id, "progress,symptoms", clock_.Now()}).ok());
  }

  std::string Path(const std::string& rest) { return "/api/v1/patients/" + maria_user_.id + rest; }

  http::Response Share(const std::string& token, const std::string& body,
                       const std::string& exercise = "glute_bridge") {
    testing::Caller caller;
    caller.token = token;
    caller.content_type = "application/x-ndjson";
    return Call("POST", Path("/recordings?exercise=" + exercise), body, caller);
  }

  std::vector<AuditEntry> Audit() {
    EXPECT_TRUE(api_->auditor().Flush().ok());
    auto rows = store_->ListAudit(0, 10000);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? *rows : std::vector<AuditEntry>{};
  }

  std::string clinic_, lee_, admin_, far_, maria_, other_patient_, sam_;
  User maria_user_, olga_;
};

TEST_F(RecordingsApiTest, ThePatientSharesAndTheirClinicDownloads) {
  auto shared = Share(maria_, kRecording);
  ASSERT_EQ(shared.status, 201) << shared.body;
  const json info = Body(shared);
  const std::string id = info["id"];
  EXPECT_EQ(info["exercise"], "glute_bridge");
  EXPECT_EQ(info["date"], "2026-11-23");
  EXPECT_EQ(info["frames"], 2);
  const std::string kept = PoseRecordingToJsonl(ParsePoseRecording(kRecording).value());
  EXPECT_EQ(info["bytes"], kept.size());

  for (const std::string& token : {maria_, lee_, admin_}) {
    auto list = As(token, "GET", Path("/recordings"));
    ASSERT_EQ(list.status, 200) << list.body;
    ASSERT_EQ(Body(list)["recordings"].size(), 1u);
    EXPECT_EQ(Body(list)["recordings"][0], info);
    auto file = As(token, "GET", Path("/recordings/" + id));
    ASSERT_EQ(file.status, 200) << file.body;
    EXPECT_EQ(file.body, kept);
    EXPECT_EQ(file.content_type, "application/x-ndjson");
    bool attachment = false;
    for (const auto& [name, value] : file.headers) {
      attachment =
          attachment || (name == "Content-Disposition" &&
                         value == "attachment; filename=\"glute_bridge-2026-11-23.jsonl\"");
    }
    EXPECT_TRUE(attachment);
  }

  // Newest first.
  clock_.Advance(86400);
  maria_ = api_->auth().StartSession(maria_user_).value().token;  // sessions lapse
  lee_ = MakeUser("lee2", Role::kClinician, clinic_);
  auto second = Share(maria_, kRecording, "forearm_plank");
  ASSERT_EQ(second.status, 201) << second.body;
  const json list = Body(As(lee_, "GET", Path("/recordings")));
  ASSERT_EQ(list["recordings"].size(), 2u);
  EXPECT_EQ(list["recordings"][0]["exercise"], "forearm_plank");
  EXPECT_EQ(list["recordings"][0]["date"], "2026-11-24");
}

TEST_F(RecordingsApiTest, NobodyElseSharesOrReads) {
  auto shared = Share(maria_, kRecording);
  ASSERT_EQ(shared.status, 201) << shared.body;
  const std::string id = Body(shared)["id"];
  // Only the patient shares.
  EXPECT_EQ(Share(lee_, kRecording).status, 403);
  EXPECT_EQ(Share(sam_, kRecording).status, 403);
  EXPECT_EQ(Share(other_patient_, kRecording).status, 404);  // another patient is not found
  EXPECT_EQ(Share(far_, kRecording).status, 403);
  // A supporter never reads them, whatever is shared; another clinic and
  // another patient do not find the patient.
  EXPECT_EQ(As(sam_, "GET", Path("/recordings")).status, 403);
  EXPECT_EQ(As(sam_, "GET", Path("/recordings/" + id)).status, 403);
  EXPECT_EQ(As(far_, "GET", Path("/recordings")).status, 404);
  EXPECT_EQ(As(far_, "GET", Path("/recordings/" + id)).status, 404);
  EXPECT_EQ(As(other_patient_, "GET", Path("/recordings/" + id)).status, 404);
  EXPECT_EQ(As("", "GET", Path("/recordings/" + id)).status, 401);
  // A record of another kind, or of another patient, is no recording here.
  EXPECT_EQ(As(lee_, "GET", Path("/recordings/none")).status, 404);
  EXPECT_EQ(As(lee_, "GET", "/api/v1/patients/" + olga_.id + "/recordings/" + id).status, 404);
  ASSERT_EQ(As(maria_, "POST", Path("/intake"), testing::kSelfCareIntake).status, 201);
  LogDay(maria_, maria_user_.id, "2026-11-23", 2);
  const json sessions = Body(As(maria_, "GET", Path("/sessions")));
  ASSERT_FALSE(sessions["records"].empty());
  const std::string session = sessions["records"][0]["id"];
  EXPECT_EQ(As(lee_, "GET", Path("/recordings/" + session)).status, 404);
}

TEST_F(RecordingsApiTest, AMalformedOrTooLargeRecordingIsRefused) {
  const std::string bad = std::string(kRecording) + "{\"t\":1,\"points\":{\"left_hip\":[1,2]}}\n";
  auto r = Share(maria_, bad);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"],
            "recording: line 4: joint 'left_hip' must be [x, y, score]");
  r = Share(maria_,
            "{\"format\":\"backcoach-pose\",\"version\":1,\"width\":640,\"height\":480,"
            "\"keypoints\":\"coco17\"}\n");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"], "the recording has no frames");
  r = Share(maria_, kRecording, "plank_jacks");
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"], "exercise: 'plank_jacks' is not an exercise");
  EXPECT_EQ(Share(maria_, "").status, 422);
  // Past 2 MB: the server takes no more than that (413), and the check
  // behind it refuses the rest.
  std::string big = kRecording;
  while (big.size() <= kMaxRecordingBytes) {
    big += "{\"t\":9,\"points\":{\"left_hip\":[312.5,240.1,0.82]}}\n";
  }
  r = Share(maria_, big);
  EXPECT_EQ(r.status, 422);
  EXPECT_EQ(Body(r)["error"]["message"], "the recording is larger than 2 MB");
  const json doc = api_->OpenApi(router_);
  EXPECT_EQ(doc["paths"]["/api/v1/patients/{id}/recordings"]["post"]["x-max-body-bytes"],
            kMaxRecordingBytes);
  EXPECT_TRUE(Body(As(maria_, "GET", Path("/recordings")))["recordings"].empty());
}

TEST_F(RecordingsApiTest, SharingAndEveryReadAreAudited) {
  auto shared = Share(maria_, kRecording);
  ASSERT_EQ(shared.status, 201) << shared.body;
  const std::string id = Body(shared)["id"];
  ASSERT_EQ(As(lee_, "GET", Path("/recordings")).status, 200);
  ASSERT_EQ(As(lee_, "GET", Path("/recordings/" + id)).status, 200);
  ASSERT_EQ(As(sam_, "GET", Path("/recordings/" + id)).status, 403);
  std::vector<std::string> seen;
  for (const auto& e : Audit()) {
    if (e.action.find("/recordings") == std::string::npos) continue;
    EXPECT_EQ(e.patient_id, maria_user_.id) << e.action;
    seen.push_back(e.action + " " + e.outcome + " " + e.detail);
  }
  const std::string base = "/api/v1/patients/" + maria_user_.id + "/recordings";
  EXPECT_EQ(seen, (std::vector<std::string>{"POST " + base + " ok recording " + id + " shared",
                                            "GET " + base + " ok ",
                                            "GET " + base + "/" + id + " ok recording " + id,
                                            "GET " + base + "/" + id + " denied "}));
}

TEST_F(RecordingsApiTest, ThePatientWithdrawsARecordingAndTheirClinicNoLongerSeesIt) {
  auto kept = Share(maria_, kRecording);
  auto shared = Share(maria_, kRecording, "forearm_plank");
  ASSERT_EQ(kept.status, 201) << kept.body;
  ASSERT_EQ(shared.status, 201) << shared.body;
  const std::string id = Body(shared)["id"];
  ASSERT_EQ(Body(As(lee_, "GET", Path("/recordings")))["recordings"].size(), 2u);
  // Only the patient withdraws.
  EXPECT_EQ(As(lee_, "DELETE", Path("/recordings/" + id)).status, 403);
  EXPECT_EQ(As(admin_, "DELETE", Path("/recordings/" + id)).status, 403);
  EXPECT_EQ(As(sam_, "DELETE", Path("/recordings/" + id)).status, 403);
  EXPECT_EQ(As(far_, "DELETE", Path("/recordings/" + id)).status, 403);
  EXPECT_EQ(As(other_patient_, "DELETE", Path("/recordings/" + id)).status, 404);
  EXPECT_EQ(
      As(other_patient_, "DELETE", "/api/v1/patients/" + olga_.id + "/recordings/" + id).status,
      404);
  ASSERT_EQ(Body(As(lee_, "GET", Path("/recordings")))["recordings"].size(), 2u);

  auto withdrawn = As(maria_, "DELETE", Path("/recordings/" + id));
  ASSERT_EQ(withdrawn.status, 200) << withdrawn.body;
  EXPECT_EQ(Body(withdrawn), (json{{"withdrawn", true}}));
  for (const std::string& token : {maria_, lee_, admin_}) {
    const json list = Body(As(token, "GET", Path("/recordings")));
    ASSERT_EQ(list["recordings"].size(), 1u);
    EXPECT_EQ(list["recordings"][0]["id"], Body(kept)["id"]);
    EXPECT_EQ(As(token, "GET", Path("/recordings/" + id)).status, 404);
  }
  EXPECT_EQ(store_->GetRecord(id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(As(maria_, "DELETE", Path("/recordings/" + id)).status, 404);

  // Audited once each, through the route.
  std::vector<std::string> seen;
  for (const auto& e : Audit()) {
    if (e.action.rfind("DELETE", 0) != 0) continue;
    seen.push_back(e.action + " " + e.outcome + " " + e.detail);
  }
  const std::string path = "/api/v1/patients/" + maria_user_.id + "/recordings/" + id;
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(
      std::count(seen.begin(), seen.end(), "DELETE " + path + " ok recording " + id + " withdrawn"),
      1);
  EXPECT_EQ(std::count(seen.begin(), seen.end(), "DELETE " + path + " denied "), 4);
  const json doc = api_->OpenApi(router_);
  EXPECT_TRUE(doc["paths"]["/api/v1/patients/{id}/recordings/{recording}"].contains("delete"));
}

TEST_F(RecordingsApiTest, ErasingTheAccountErasesThem) {
  auto shared = Share(maria_, kRecording);
  ASSERT_EQ(shared.status, 201) << shared.body;
  const std::string id = Body(shared)["id"];
  ASSERT_TRUE(store_->GetRecord(id).ok());
  ASSERT_EQ(As(maria_, "DELETE", Path("")).status, 200);
  EXPECT_EQ(store_->GetRecord(id).status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace backcoach
