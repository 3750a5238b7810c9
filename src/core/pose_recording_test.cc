#include "core/pose_recording.h"

#include <gtest/gtest.h>

namespace backcoach {
namespace {

constexpr const char* kHeader =
    "{\"format\":\"backcoach-pose\",\"version\":1,\"width\":640,\"height\":480,"
    "\"keypoints\":\"coco17\"}\n";

TEST(PoseRecordingTest, ReadsFramesWithTheJointsFound) {
  auto r = ParsePoseRecording(std::string(kHeader) +
                              "{\"t\":0,\"points\":{\"left_hip\":[10,20,0.9]}}\n"
                              "\n"
                              "{\"t\":0.07,\"people\":2,\"points\":{}}\r\n");
  ASSERT_TRUE(r.ok()) << r.status().message();
  EXPECT_EQ(r->width, 640);
  ASSERT_EQ(r->frames.size(), 2u);
  const Keypoint& hip = r->frames[0].points[static_cast<int>(Joint::kLeftHip)];
  EXPECT_TRUE(hip.found);
  EXPECT_EQ(hip.y, 20);
  EXPECT_FALSE(r->frames[0].points[0].found);
  EXPECT_EQ(r->frames[0].people, 1);
  EXPECT_EQ(r->frames[1].people, 2);
}

TEST(PoseRecordingTest, AMalformedLineIsNamed) {
  const std::string h = kHeader;
  EXPECT_EQ(ParsePoseRecording("{\"format\":\"other\"}\n").status().message(),
            "line 1: not a backcoach-pose recording: the first line must have \"format\": "
            "\"backcoach-pose\"");
  EXPECT_EQ(
      ParsePoseRecording(h + "{\"t\":0,\"points\":{}}\n{\"t\":1,\"points\":{\"hip\":[1,2,0.5]}}")
          .status()
          .message(),
      "line 3: unknown joint 'hip'");
  EXPECT_EQ(ParsePoseRecording(h + "{\"t\":1,\"points\":{}}\n{\"t\":0.5,\"points\":{}}")
                .status()
                .message(),
            "line 3: time goes backwards");
  EXPECT_EQ(ParsePoseRecording(h + "{\"t\":1,\"points\":{\"nose\":[1,2]}}").status().message(),
            "line 2: joint 'nose' must be [x, y, score]");
  EXPECT_EQ(ParsePoseRecording(h + "{\"t\":1,").status().message(),
            "line 2: invalid JSON at character 8: expected a quoted key");
  EXPECT_EQ(ParsePoseRecording("").status().message(), "line 1: the recording is empty");
}

TEST(PoseRecordingTest, WritesWhatItReads) {
  PoseRecording r{320, 240, {}};
  PoseFrame f;
  f.t = 0.5;
  f.people = 1;
  f.points[static_cast<int>(Joint::kNose)] = {1.5, 2.25, 0.75, true};
  r.frames.push_back(f);
  auto back = ParsePoseRecording(PoseRecordingToJsonl(r));
  ASSERT_TRUE(back.ok()) << back.status().message();
  ASSERT_EQ(back->frames.size(), 1u);
  EXPECT_EQ(back->frames[0].t, 0.5);
  EXPECT_DOUBLE_EQ(back->frames[0].points[0].y, 2.3);  // one decimal
  EXPECT_EQ(back->frames[0].points[0].score, 0.75);
}

}  // namespace
}  // namespace backcoach
