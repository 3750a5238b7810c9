#include "app/recordings.h"

#include <gtest/gtest.h>

#include "core/pose_recording.h"
#include "storage/store.h"
#include "testing/accounts.h"
#include "testing/test_content.h"

namespace backcoach {
namespace {

constexpr const char* kHeader =
    "{\"format\":\"backcoach-pose\",\"version\":1,\"width\":640,\"height\":480,"
    "\"keypoints\":\"coco17\"}\n";
constexpr const char* kFrame = "{\"t\":0,\"points\":{\"left_hip\":[312.5,240.1,0.82]}}\n";

class RecordingsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto store = OpenStore(":memory:");
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->Migrate().ok());
    auto user = testing::CreateAccount(*store_, clock_, "maria", Role::kPatient, "");
    ASSERT_TRUE(user.ok());
    maria_ = *user;
  }

  Result<RecordingInfo> Share(const std::string& exercise, const std::string& text) {
    return ShareRecording(*store_, testing::ShippedContent(), clock_, maria_, {exercise, text});
  }

  FakeClock clock_{1795424400};  // 2026-11-23 09:00 UTC
  std::unique_ptr<Store> store_;
  User maria_;
};

TEST_F(RecordingsTest, KeepsARecordingAsARecordOfThePatient) {
  const std::string text = std::string(kHeader) + kFrame;
  auto info = Share("glute_bridge", text);
  ASSERT_TRUE(info.ok()) << info.status().message();
  EXPECT_EQ(info->exercise, "glute_bridge");
  EXPECT_EQ(info->date, "2026-11-23");
  EXPECT_EQ(info->frames, 1);
  const std::string kept = PoseRecordingToJsonl(ParsePoseRecording(text).value());
  EXPECT_EQ(info->bytes, kept.size());
  auto record = store_->GetRecord(info->id);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->kind, kRecordingKind);
  EXPECT_EQ(record->patient_id, maria_.id);
  EXPECT_EQ(record->author_id, maria_.id);

  auto file = GetRecording(*store_, maria_.id, info->id);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->text, kept);
  // Nothing but what the format holds is kept.
  clock_.Advance(60);  // shared a minute later: listed first
  auto extra = Share("glute_bridge", std::string(kHeader).insert(1, "\"note\":\"mine\",") + kFrame);
  ASSERT_TRUE(extra.ok()) << extra.status().message();
  EXPECT_EQ(GetRecording(*store_, maria_.id, extra->id)->text, kept);
  EXPECT_EQ(file->info.id, info->id);
  EXPECT_EQ(RecordingFileName(file->info), "glute_bridge-2026-11-23.jsonl");
  EXPECT_EQ(GetRecording(*store_, "someone else", info->id).status().code(), StatusCode::kNotFound);
  auto list = ListRecordings(*store_, maria_.id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[1].id, info->id);
}

TEST_F(RecordingsTest, RefusesWhatIsNotARecording) {
  EXPECT_EQ(Share("glute_bridge", std::string(kHeader) + "{\"t\":\"soon\",\"points\":{}}\n")
                .status()
                .message(),
            "recording: line 2: field 't' must be a number of seconds, 0 or more");
  EXPECT_EQ(Share("glute_bridge", kHeader).status().message(), "the recording has no frames");
  EXPECT_EQ(Share("", std::string(kHeader) + kFrame).status().message(), "exercise: is missing");
  EXPECT_EQ(Share("glute_bridge", std::string(kMaxRecordingBytes + 1, ' ')).status().message(),
            "the recording is larger than 2 MB");
  auto list = ListRecordings(*store_, maria_.id);
  ASSERT_TRUE(list.ok());
  EXPECT_TRUE(list->empty());
}

}  // namespace
}  // namespace backcoach
