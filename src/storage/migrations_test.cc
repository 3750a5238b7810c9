#include "storage/migrations.h"

#include <gtest/gtest.h>

#include <string>

namespace backcoach {
namespace {

TEST(MigrationsTest, VersionsCountFromOneWithoutGaps) {
  for (Dialect d : {Dialect::kSqlite, Dialect::kPostgres}) {
    const auto& steps = Migrations(d);
    ASSERT_FALSE(steps.empty());
    for (std::size_t i = 0; i < steps.size(); ++i) {
      EXPECT_EQ(steps[i].version, static_cast<int>(i + 1));
      EXPECT_FALSE(std::string(steps[i].sql).empty());
    }
    EXPECT_EQ(LatestSchemaVersion(d), steps.back().version);
  }
}

TEST(MigrationsTest, BothDialectsTakeTheSameSteps) {
  const auto& sqlite = Migrations(Dialect::kSqlite);
  const auto& postgres = Migrations(Dialect::kPostgres);
  ASSERT_EQ(sqlite.size(), postgres.size());
  for (std::size_t i = 0; i < sqlite.size(); ++i) {
    EXPECT_STREQ(sqlite[i].description, postgres[i].description) << "step " << i + 1;
  }
}

}  // namespace
}  // namespace backcoach
