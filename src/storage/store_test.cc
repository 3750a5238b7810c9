#include "storage/store.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "storage/store_test_util.h"

namespace backcoach {
namespace {

TEST(KindNamesTest, AlertStatesReadBackTheNamesTheyAreStoredAs) {
  for (AlertState state : {AlertState::kNew, AlertState::kSeen, AlertState::kResolved}) {
    auto back = AlertStateFromName(AlertStateName(state));
    ASSERT_TRUE(back.ok()) << AlertStateName(state);
    EXPECT_EQ(*back, state);
  }
  EXPECT_STREQ(AlertStateName(AlertState::kNew), "new");
  EXPECT_STREQ(AlertStateName(AlertState::kSeen), "seen");
  EXPECT_STREQ(AlertStateName(AlertState::kResolved), "resolved");
}

TEST(KindNamesTest, AlertKindsAndTokenKindsReadBackTheirNames) {
  EXPECT_EQ(AlertKindFromName("concern").value(), AlertKind::kConcern);
  EXPECT_EQ(AlertKindFromName("good_news").value(), AlertKind::kGoodNews);
  EXPECT_STREQ(TokenKindName(TokenKind::kReset), "reset");
  EXPECT_STREQ(TokenKindName(TokenKind::kSignup), "signup");
  EXPECT_EQ(TokenKindFromName("reset").value(), TokenKind::kReset);
  EXPECT_EQ(TokenKindFromName("signup").value(), TokenKind::kSignup);
}

TEST(KindNamesTest, RecordKindsReadBackTheNamesTheyAreStoredAs) {
  // The stored text is the schema's: these names are in every database.
  const std::vector<std::pair<RecordKind, std::string>> stored = {
      {RecordKind::kIntake, "intake"},
      {RecordKind::kSessionLog, "session_log"},
      {RecordKind::kCheckin, "checkin"},
      {RecordKind::kPain, "pain"},
      {RecordKind::kQuestionnaire, "questionnaire"},
      {RecordKind::kNote, "note"},
      {RecordKind::kAdjustment, "adjustment"},
      {RecordKind::kMessage, "message"},
      {RecordKind::kSteps, "steps"},
      {RecordKind::kStepGoal, "step_goal"},
      {RecordKind::kCareInvite, "care_invite"},
      {RecordKind::kPoseRecording, "pose_recording"},
      {RecordKind::kClearance, "clearance"},
      {RecordKind::kSeenReport, "seen_report"},
      {RecordKind::kNotice, "notice"},
      {RecordKind::kPreferences, "preferences"},
      {RecordKind::kCalendar, "calendar"},
  };
  for (const auto& [kind, name] : stored) {
    EXPECT_EQ(RecordKindName(kind), name);
    auto back = RecordKindFromName(name);
    ASSERT_TRUE(back.ok()) << name;
    EXPECT_EQ(*back, kind) << name;
  }
}

TEST(KindNamesTest, UnknownNamesAreRefused) {
  auto record = RecordKindFromName("Pain");
  ASSERT_FALSE(record.ok());
  EXPECT_EQ(record.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(record.status().message(), "unknown record kind 'Pain'");
  EXPECT_EQ(RecordKindFromName("").status().message(), "unknown record kind ''");

  auto state = AlertStateFromName("Resolved");
  ASSERT_FALSE(state.ok());
  EXPECT_EQ(state.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(state.status().message(), "unknown alert state 'Resolved'");
  auto kind = AlertKindFromName("");
  ASSERT_FALSE(kind.ok());
  EXPECT_EQ(kind.status().message(), "unknown alert kind ''");
  auto token = TokenKindFromName("invite");
  ASSERT_FALSE(token.ok());
  EXPECT_EQ(token.status().message(), "unknown token kind 'invite'");
}

AuditEntry SampleEntry() {
  AuditEntry e;
  e.seq = 7;
  e.at = 1795424400;
  e.actor_id = "lee";
  e.action = "GET /api/v1/patients/{id}/plan";
  e.patient_id = "maria";
  e.outcome = "ok";
  e.detail = "";
  e.prev_hash = std::string(64, 'a');
  return e;
}

TEST(AuditHashTest, IsSha256HexOfTheCanonicalForm) {
  const std::string hash = AuditHash(SampleEntry());
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_EQ(hash.find_first_not_of("0123456789abcdef"), std::string::npos);
  EXPECT_EQ(hash, AuditHash(SampleEntry()));
  // Pinned: a change to the serialisation would break every stored chain.
  // This is SHA-256("backcoach-audit-v1,1:0,1:0,0:,0:,0:,0:,0:,0:,").
  AuditEntry empty;
  EXPECT_EQ(AuditHash(empty), "58e1a21adcbebb58caff317e1774e287e42ca1cfd735b55bc056ced29a707ed3");
}

TEST(AuditHashTest, EveryFieldChangesTheHash) {
  const std::string base = AuditHash(SampleEntry());
  std::vector<void (*)(AuditEntry&)> edits = {
      [](AuditEntry& e) { e.seq = 8; },          [](AuditEntry& e) { e.at += 1; },
      [](AuditEntry& e) { e.actor_id = "lea"; }, [](AuditEntry& e) { e.action = "login"; },
      [](AuditEntry& e) { e.patient_id = ""; },  [](AuditEntry& e) { e.outcome = "denied"; },
      [](AuditEntry& e) { e.detail = " "; },     [](AuditEntry& e) { e.prev_hash = ""; },
  };
  for (std::size_t i = 0; i < edits.size(); ++i) {
    AuditEntry e = SampleEntry();
    edits[i](e);
    EXPECT_NE(AuditHash(e), base) << "edit " << i;
  }
}

TEST(AuditHashTest, MovingTextBetweenFieldsChangesTheHash) {
  AuditEntry a = SampleEntry();
  a.actor_id = "lee,";
  a.action = "login";
  AuditEntry b = SampleEntry();
  b.actor_id = "lee";
  b.action = ",login";
  EXPECT_NE(AuditHash(a), AuditHash(b));
}

TEST(AuditHashTest, IgnoresTheStoredHash) {
  AuditEntry e = SampleEntry();
  const std::string before = AuditHash(e);
  e.hash = "anything";
  EXPECT_EQ(AuditHash(e), before);
}

TEST(StoreTest, RoleNames) {
  EXPECT_STREQ(RoleName(Role::kPatient), "patient");
  EXPECT_STREQ(RoleName(Role::kClinician), "clinician");
  EXPECT_STREQ(RoleName(Role::kAdmin), "admin");
}

TEST(StoreTest, UrlChoosesTheBackEnd) {
  EXPECT_EQ(StoreKindOf("postgresql://u@db/backcoach"), StoreKind::kPostgres);
  EXPECT_EQ(StoreKindOf("postgres://u@db/backcoach"), StoreKind::kPostgres);
  EXPECT_EQ(StoreKindOf(":memory:"), StoreKind::kMemory);
  EXPECT_EQ(StoreKindOf("data/backcoach.db"), StoreKind::kSqlite);
  EXPECT_EQ(StoreKindOf("file:data/backcoach.db?mode=ro"), StoreKind::kSqlite);
  EXPECT_EQ(StoreKindOf("postgresql.db"), StoreKind::kSqlite);
}

TEST(StoreTest, OpenStoreOfAnEmptyPathIsInvalid) {
  auto store = OpenStore("");
  EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store.status().message(), "the database path is empty");
}

TEST(StoreTest, OpenStoreInAnUncreatableDirectoryIsUnavailable) {
  testing::ScratchDir dir;
  const std::string blocker = dir.File("file");
  ASSERT_TRUE(OpenStore(blocker).ok());  // a file where a directory should be
  auto store = OpenStore(blocker + "/sub/backcoach.db");
  EXPECT_EQ(store.status().code(), StatusCode::kUnavailable);
  EXPECT_EQ(store.status().message().rfind("cannot create the directory " + blocker + "/sub", 0),
            0u)
      << store.status().message();
}

TEST(StoreTest, OpenStoreOfMemoryGivesAnEmptyStore) {
  auto store = OpenStore(":memory:");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ(*(*store)->SchemaVersion(), 0);
  EXPECT_TRUE((*store)->ListAudit(0, 10)->empty());
}

}  // namespace
}  // namespace backcoach
