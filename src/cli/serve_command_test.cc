#include "cli/serve_command.h"

#include <gtest/gtest.h>

namespace backcoach::cli {
namespace {

// On SQLite or in memory a read waits for nothing but a core: a few
// threads a core, never fewer than 8 nor more than the server allows.
TEST(ServeCommandTest, SqliteServesWithAFewThreadsACore) {
  for (StoreKind kind : {StoreKind::kSqlite, StoreKind::kMemory}) {
    EXPECT_EQ(DefaultWorkerThreads(kind, 0), 8u);  // the core count unknown
    EXPECT_EQ(DefaultWorkerThreads(kind, 1), 8u);
    EXPECT_EQ(DefaultWorkerThreads(kind, 2), 8u);
    EXPECT_EQ(DefaultWorkerThreads(kind, 8), 32u);
    EXPECT_EQ(DefaultWorkerThreads(kind, 64), 256u);
    EXPECT_EQ(DefaultWorkerThreads(kind, 1024), 256u);
  }
}

// On PostgreSQL a read waits for the network: many threads a core.
TEST(ServeCommandTest, PostgresServesWithManyThreadsACore) {
  EXPECT_EQ(DefaultWorkerThreads(StoreKind::kPostgres, 0), 128u);
  EXPECT_EQ(DefaultWorkerThreads(StoreKind::kPostgres, 2), 128u);
  EXPECT_EQ(DefaultWorkerThreads(StoreKind::kPostgres, 3), 192u);
  EXPECT_EQ(DefaultWorkerThreads(StoreKind::kPostgres, 8), 256u);
}

}  // namespace
}  // namespace backcoach::cli
