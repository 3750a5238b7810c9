// The audit key file and the anchor file: made once with mode 0600, read
// back, refused when they are not what they should be; the daily anchor
// claimed once by two servers sharing a database; and the admin's view of
// the latest anchor.
#include "app/audit_anchor.h"

#include <sys/stat.h>

#include <gtest/gtest.h>

#include <fstream>
#include <optional>
#include <thread>

#include "api/api_test_fixture.h"
#include "app/audit_key.h"
#include "app/scheduler.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

constexpr Timestamp kDay = 1795392000;  // 2026-11-23 00:00 UTC

TEST(AuditKeyTest, AMissingKeyIsMadeOnceWithMode0600) {
  testing::ScratchDir dir;
  const std::string path = dir.File("keys/audit-key");
  auto made = LoadOrCreateAuditKey(path);
  ASSERT_TRUE(made.ok()) << made.status().message();
  EXPECT_EQ(made->size(), 32u);
  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_EQ(LoadOrCreateAuditKey(path).value(), *made) << "the second start reads the same key";
  EXPECT_EQ(ReadAuditKey(path).value(), *made);
  EXPECT_NE(LoadOrCreateAuditKey(dir.File("other")).value(), *made);
}

TEST(AuditKeyTest, AKeyOthersMayReadOrThatIsNoKeyIsRefused) {
  testing::ScratchDir dir;
  const std::string path = dir.File("audit-key");
  ASSERT_TRUE(LoadOrCreateAuditKey(path).ok());
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  EXPECT_EQ(ReadAuditKey(path).status().message(),
            "the audit key file " + path + " may be read by others: make it mode 0600");
  EXPECT_EQ(LoadOrCreateAuditKey(path).status().code(), StatusCode::kInvalidArgument);
  const std::string garbage = dir.File("garbage");
  std::ofstream(garbage) << "not a key\n";
  ASSERT_EQ(::chmod(garbage.c_str(), 0600), 0);
  EXPECT_EQ(ReadAuditKey(garbage).status().message(),
            "the audit key file " + garbage + " does not hold a key (64 hex digits)");
  EXPECT_EQ(ReadAuditKey(dir.File("none")).status().code(), StatusCode::kNotFound);
}

TEST(AuditKeyTest, DefaultPathsAreBesideASqliteDatabase) {
  EXPECT_EQ(DefaultAuditKeyPath("data/backcoach.db"), "data/backcoach.db.audit-key");
  EXPECT_EQ(DefaultAuditAnchorPath("data/backcoach.db"), "data/backcoach.db.audit-anchors");
  EXPECT_EQ(DefaultAuditKeyPath("postgresql://db/backcoach"), "backcoach.audit-key");
}

TEST(AuditAnchorTest, AnchorsAreAppendedAndReadBackInOrder) {
  testing::ScratchDir dir;
  const std::string path = dir.File("anchors");
  EXPECT_TRUE(ReadAuditAnchors(path).value().empty()) << "no file: no anchors yet";
  const std::string hash(64, 'a');
  ASSERT_TRUE(AppendAuditAnchor(path, {5, hash, kDay, 1}).ok());
  ASSERT_TRUE(AppendAuditAnchor(path, {9, std::string(64, 'b'), kDay + 86400, 1}).ok());
  auto anchors = ReadAuditAnchors(path);
  ASSERT_TRUE(anchors.ok());
  ASSERT_EQ(anchors->size(), 2u);
  EXPECT_EQ((*anchors)[0].seq, 5);
  EXPECT_EQ((*anchors)[0].hash, hash);
  EXPECT_EQ((*anchors)[1].at, kDay + 86400);
  std::ifstream in(path);
  std::string first;
  std::getline(in, first);
  EXPECT_EQ(first, "anchor seq=5 hash=" + hash + " at=1795392000 keyed_from=1");
  std::ofstream(path, std::ios::app) << "anchor seq=x\n";
  EXPECT_EQ(ReadAuditAnchors(path).status().message(),
            "the audit anchor file " + path + " line 3 is not an anchor");
}

class AuditAnchorSharedTest : public ::testing::TestWithParam<StoreKind> {};

// Two servers on one database, each running the scheduler: the day's anchor
// is written once, the next day's once more.
TEST_P(AuditAnchorSharedTest, TwoServersAnchorTheChainOnceADay) {
  if (GetParam() == StoreKind::kPostgres && testing::PostgresTestUrl().empty()) {
    GTEST_SKIP() << testing::kPostgresSkipMessage;
  }
  testing::ScratchDir dir;
  std::unique_ptr<testing::ScratchSchema> schema;
  std::string url = dir.File("shared.db");
  if (GetParam() == StoreKind::kPostgres) {
    schema = std::make_unique<testing::ScratchSchema>(testing::PostgresTestUrl());
    url = schema->url();
  }
  auto first = OpenStore(url);
  auto second = OpenStore(url);
  ASSERT_TRUE(first.ok() && second.ok());
  ASSERT_TRUE((*first)->Migrate().ok());
  ASSERT_TRUE((*second)->Migrate().ok());
  for (auto* store : {&*first, &*second}) (*store)->SetAuditKey("a key");
  AuditEntry e;
  e.at = kDay;
  e.action = "login";
  ASSERT_TRUE((*first)->AppendAudit(e).ok());
  FakeClock clock(kDay);
  Service a(**first, testing::ShippedContent(), clock);
  Service b(**second, testing::ShippedContent(), clock);
  SchedulerOptions options;
  options.audit_anchor_file = dir.File("anchors");
  Scheduler one(a, nullptr, options), two(b, nullptr, options);
  int anchors = 0;
  for (Timestamp at : {kDay + 60, kDay + 3600, kDay + 86400 + 60}) {
    std::optional<Result<SchedulerReport>> ra, rb;
    std::thread ta([&] { ra.emplace(one.RunDue(at)); });
    std::thread tb([&] { rb.emplace(two.RunDue(at)); });
    ta.join();
    tb.join();
    ASSERT_TRUE(ra->ok()) << ra->status().message();
    ASSERT_TRUE(rb->ok()) << rb->status().message();
    anchors += (*ra)->anchors + (*rb)->anchors;
  }
  EXPECT_EQ(anchors, 2);
  auto written = ReadAuditAnchors(options.audit_anchor_file);
  ASSERT_TRUE(written.ok());
  ASSERT_EQ(written->size(), 2u);
  EXPECT_EQ((*written)[0].seq, 1);
  EXPECT_EQ((*written)[0].hash, e.hash);
  EXPECT_EQ((*written)[1].at, kDay + 86400 + 60);
  auto verified = VerifyAuditChain(**first, "a key", *written);
  ASSERT_TRUE(verified.ok());
  EXPECT_EQ(verified->problem, "");
  EXPECT_EQ(verified->anchors, 2);
}

INSTANTIATE_TEST_SUITE_P(Stores, AuditAnchorSharedTest,
                         ::testing::Values(StoreKind::kSqlite, StoreKind::kPostgres),
                         [](const auto& info) {
                           return info.param == StoreKind::kSqlite ? "Sqlite" : "Postgres";
                         });

class AuditAnchorApiTest : public testing::ApiFixture {
 protected:
  void SetUp() override {
    auto store = OpenStore(":memory:");
    ASSERT_TRUE(store.ok());
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->Migrate().ok());
    store_->SetAuditKey("the key");
    ApiOptions options;
    options.audit_key = "the key";
    options.audit_anchor_file = dir_.File("anchors");
    api_ = std::make_unique<Api>(*store_, testing::ShippedContent(), clock_, options);
    api_->Register(router_);
    clinic_ = MakeClinic("Riverside");
    admin_ = MakeUser("ada", Role::kAdmin, clinic_);
    lee_ = MakeUser("lee", Role::kClinician, clinic_);
  }
  testing::ScratchDir dir_;
  std::string clinic_, admin_, lee_;
};

TEST_F(AuditAnchorApiTest, TheAdminSeesTheLatestAnchor) {
  auto none = As(admin_, "GET", "/api/v1/admin/audit/anchor");
  ASSERT_EQ(none.status, 200) << none.body;
  EXPECT_TRUE(Body(none)["anchor"].is_null());
  EXPECT_EQ(Body(none)["configured"], true);
  EXPECT_EQ(As(lee_, "GET", "/api/v1/admin/audit/anchor").status, 403);
  As(admin_, "GET", "/api/v1/me");
  ASSERT_TRUE(api_->auditor().Flush().ok());
  auto anchor = AnchorAuditChain(*store_, dir_.File("anchors"), clock_.Now());
  ASSERT_TRUE(anchor.ok()) << anchor.status().message();
  const json seen = Body(As(admin_, "GET", "/api/v1/admin/audit/anchor"));
  EXPECT_EQ(seen["anchor"]["seq"], anchor->seq);
  EXPECT_EQ(seen["anchor"]["hash"], anchor->hash);
  EXPECT_EQ(seen["anchor"]["at"], clock_.Now());
  EXPECT_EQ(seen["anchors"], 1);
  const json verify = Body(As(admin_, "GET", "/api/v1/admin/audit/verify"));
  EXPECT_EQ(verify["intact"], true) << verify.dump();
  EXPECT_EQ(verify["anchors_checked"], 1);
  EXPECT_EQ(verify["latest_anchor"]["seq"], anchor->seq);
}

}  // namespace
}  // namespace backcoach
