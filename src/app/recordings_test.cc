#include "app/recordings.h"

#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

TEST_F(RecordingsTest, ListsFromTheSummariesAPageAtATimeNewestFirst) {
  const std::string two_frames =
      std::string(kHeader) + kFrame + "{\"t\":0.1,\"points\":{\"left_hip\":[312,240,0.8]}}\n";
  auto first = Share("glute_bridge", std::string(kHeader) + kFrame);
  clock_.Advance(60);
  auto second = Share("sit_to_stand", two_frames);
  clock_.Advance(60);
  auto third = Share("glute_bridge", std::string(kHeader) + kFrame);
  ASSERT_TRUE(first.ok() && second.ok() && third.ok());
  // The summary says what the list shows, without the text.
  auto record = store_->GetRecord(second->id);
  ASSERT_TRUE(record.ok());
  const nlohmann::json summary = nlohmann::json::parse(record->summary);
  EXPECT_EQ(summary, (nlohmann::json{
                         {"exercise", "sit_to_stand"}, {"frames", 2}, {"bytes", second->bytes}}));

  auto page = ListRecordingPage(*store_, maria_.id, 2, std::nullopt);
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->recordings.size(), 2u);
  EXPECT_EQ(page->recordings[0].id, third->id);
  const RecordingInfo& listed = page->recordings[1];
  EXPECT_EQ(listed.id, second->id);
  EXPECT_EQ(listed.exercise, "sit_to_stand");
  EXPECT_EQ(listed.frames, 2);
  EXPECT_EQ(listed.bytes, second->bytes);
  EXPECT_EQ(listed.date, "2026-11-23");
  EXPECT_EQ(listed.created_at, second->created_at);
  ASSERT_TRUE(page->next.has_value());
  auto rest = ListRecordingPage(*store_, maria_.id, 2, page->next);
  ASSERT_TRUE(rest.ok());
  ASSERT_EQ(rest->recordings.size(), 1u);
  EXPECT_EQ(rest->recordings[0].id, first->id);
  EXPECT_FALSE(rest->next.has_value());
  EXPECT_EQ(ListRecordingPage(*store_, maria_.id, 0, std::nullopt).status().code(),
            StatusCode::kInvalidArgument);

  // One kept without a summary still lists, read whole.
  Record old;
  old.patient_id = maria_.id;
  old.kind = kRecordingKind;
  old.date = "2026-11-24";
  old.author_id = maria_.id;
  old.payload =
      nlohmann::json{{"exercise", "box_squat"}, {"frames", 1}, {"bytes", 3}, {"recording", "abc"}}
          .dump();
  old.created_at = clock_.Now();
  ASSERT_TRUE(store_->AddRecord(old).ok());
  auto all = ListRecordings(*store_, maria_.id);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 4u);
  EXPECT_EQ(all->front().id, old.id);
  EXPECT_EQ(all->front().exercise, "box_squat");
  EXPECT_EQ(all->front().bytes, 3u);
}

TEST_F(RecordingsTest, ThePatientWithdrawsARecordingTheyShared) {
  auto kept = Share("glute_bridge", std::string(kHeader) + kFrame);
  auto withdrawn = Share("glute_bridge", std::string(kHeader) + kFrame);
  ASSERT_TRUE(kept.ok() && withdrawn.ok());
  auto other = testing::CreateAccount(*store_, clock_, "otto", Role::kPatient, "");
  ASSERT_TRUE(other.ok());
  EXPECT_EQ(WithdrawRecording(*store_, other->id, withdrawn->id).message(), "no such recording");
  ASSERT_TRUE(WithdrawRecording(*store_, maria_.id, withdrawn->id).ok());
  EXPECT_EQ(GetRecording(*store_, maria_.id, withdrawn->id).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetRecord(withdrawn->id).status().code(), StatusCode::kNotFound);
  auto list = ListRecordings(*store_, maria_.id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ(list->front().id, kept->id);
  // Not twice, and never another kind of record.
  EXPECT_EQ(WithdrawRecording(*store_, maria_.id, withdrawn->id).code(), StatusCode::kNotFound);
  Record pain{"", maria_.id, RecordKind::kPain, "2026-11-23", maria_.id, "{}", clock_.Now()};
  ASSERT_TRUE(store_->AddRecord(pain).ok());
  EXPECT_EQ(WithdrawRecording(*store_, maria_.id, pain.id).code(), StatusCode::kNotFound);
  EXPECT_TRUE(store_->GetRecord(pain.id).ok());
}

}  // namespace
}  // namespace backcoach
