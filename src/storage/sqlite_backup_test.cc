#include "storage/sqlite_backup.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "storage/migrations.h"
#include "storage/sqlite_connection.h"
#include "storage/sqlite_store.h"
#include "storage/store_test_util.h"

namespace backcoach {
namespace {

using testing::ScratchDir;

class SqliteBackupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.File("backcoach.db");
    backup_ = dir_.File("backup.db");
    auto store = OpenStore(db_);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->Migrate().ok());
    maria_ = AddUser(**store, "maria");
    ASSERT_TRUE((*store)->Backup(backup_).ok());
    AddUser(**store, "after-the-backup");
  }

  static std::string AddUser(Store& store, const std::string& name) {
    User u;
    u.email = name + "@example.test";
    u.display_name = name;
    EXPECT_TRUE(store.CreateUser(u).ok());
    return u.id;
  }

  // The users a database holds, by email.
  static bool Has(const std::string& db, const std::string& name) {
    auto store = OpenStore(db);
    return store.ok() && (*store)->FindUserByEmail(name + "@example.test").ok();
  }

  ScratchDir dir_;
  std::string db_;
  std::string backup_;
  std::string maria_;
};

TEST_F(SqliteBackupTest, CheckAcceptsABackupAndGivesItsSchemaVersion) {
  auto version = CheckSqliteBackup(backup_);
  ASSERT_TRUE(version.ok()) << version.status().message();
  EXPECT_EQ(*version, LatestSchemaVersion(Dialect::kSqlite));
  EXPECT_FALSE(std::filesystem::exists(backup_ + "-shm"));
  EXPECT_FALSE(std::filesystem::exists(backup_ + "-wal"));
}

TEST_F(SqliteBackupTest, CheckOfAMissingFileIsNotFound) {
  auto version = CheckSqliteBackup(dir_.File("nope.db"));
  EXPECT_EQ(version.status().code(), StatusCode::kNotFound);
  EXPECT_EQ(version.status().message(), "no backup file at " + dir_.File("nope.db"));
}

TEST_F(SqliteBackupTest, CheckRejectsAFileThatIsNotADatabase) {
  const std::string junk = dir_.File("junk.db");
  std::ofstream(junk) << std::string(8192, 'j');
  auto version = CheckSqliteBackup(junk);
  EXPECT_EQ(version.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(
      version.status().message().rfind("the backup " + junk + " cannot be read as a database", 0),
      0u)
      << version.status().message();
}

TEST_F(SqliteBackupTest, CheckRejectsADamagedBackup) {
  // Overwrite the middle of the file (b-tree pages) with garbage.
  const auto size = std::filesystem::file_size(backup_);
  ASSERT_GT(size, 16384u);
  {
    std::fstream f(backup_, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4096);
    const std::string garbage(8192, '\xA5');
    f.write(garbage.data(), garbage.size());
  }
  auto version = CheckSqliteBackup(backup_);
  EXPECT_EQ(version.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(version.status().message().rfind("the backup " + backup_ + " is damaged (", 0), 0u)
      << version.status().message();
}

TEST_F(SqliteBackupTest, CheckRejectsADatabaseOfAnotherProgram) {
  const std::string other = dir_.File("other.db");
  {
    auto c = storage::SqliteConnection::Open(other, {});
    ASSERT_TRUE(c.ok());
    ASSERT_TRUE((*c)->Exec("CREATE TABLE songs (title TEXT)").ok());
  }
  auto version = CheckSqliteBackup(other);
  EXPECT_EQ(version.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(version.status().message(), "the backup " + other + " is not a backcoach database");
}

TEST_F(SqliteBackupTest, RestoreToANewPathGivesTheBackedUpData) {
  const std::string fresh = dir_.File("restored/backcoach.db");
  ASSERT_TRUE(RestoreSqliteBackup(backup_, fresh, false).ok());
  EXPECT_TRUE(Has(fresh, "maria"));
  EXPECT_FALSE(Has(fresh, "after-the-backup"));
  EXPECT_FALSE(std::filesystem::exists(fresh + ".restoring"));
}

TEST_F(SqliteBackupTest, RestoreNeverReplacesADatabaseUnlessAsked) {
  Status s = RestoreSqliteBackup(backup_, db_, false);
  EXPECT_EQ(s.code(), StatusCode::kConflict);
  EXPECT_EQ(s.message(), "the database " + db_ + " already exists");
  EXPECT_TRUE(Has(db_, "after-the-backup"));
}

TEST_F(SqliteBackupTest, RestoreWithOverwriteReplacesTheDatabaseAndItsLog) {
  std::ofstream(db_ + "-wal") << "a log of the old database";
  ASSERT_TRUE(RestoreSqliteBackup(backup_, db_, true).ok());
  EXPECT_TRUE(Has(db_, "maria"));
  EXPECT_FALSE(Has(db_, "after-the-backup"));
  auto store = OpenStore(db_);
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE((*store)->Migrate().ok());
  EXPECT_EQ((*store)->GetUser(maria_)->display_name, "maria");
}

TEST_F(SqliteBackupTest, RestoreOfABadBackupLeavesTheDatabaseAlone) {
  const std::string junk = dir_.File("junk.db");
  std::ofstream(junk) << "not a database";
  EXPECT_EQ(RestoreSqliteBackup(junk, db_, true).code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(Has(db_, "after-the-backup"));
}

TEST_F(SqliteBackupTest, RestoreOntoItselfIsInvalid) {
  Status s = RestoreSqliteBackup(backup_, backup_, true);
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(s.message(), "the backup and the database are the same file");
}

TEST_F(SqliteBackupTest, RestoreRefusesADatabaseAnotherProcessHasOpen) {
  int ready[2];
  int release[2];
  ASSERT_EQ(pipe(ready), 0);
  ASSERT_EQ(pipe(release), 0);
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {  // a server: holds the database open until told to stop
    close(release[1]);
    auto store = OpenStore(db_);
    char byte = store.ok() && (*store)->Ping().ok() ? 'y' : 'n';
    (void)!write(ready[1], &byte, 1);
    (void)!read(release[0], &byte, 1);
    _exit(0);
  }
  close(release[0]);
  // However the test ends, the child is told to stop and is waited for.
  struct Reaper {
    int fd;
    pid_t pid;
    ~Reaper() {
      if (fd >= 0) close(fd);
      int status = 0;
      waitpid(pid, &status, 0);
    }
  } reaper{release[1], child};
  char byte = 0;
  ASSERT_EQ(read(ready[0], &byte, 1), 1);
  ASSERT_EQ(byte, 'y');
  EXPECT_TRUE(SqliteDatabaseInUse(db_));
  Status s = RestoreSqliteBackup(backup_, db_, true);
  EXPECT_EQ(s.code(), StatusCode::kUnavailable);
  EXPECT_EQ(s.message(), "the database " + db_ +
                             " is open in another process (a running server?); stop it first");
  close(reaper.fd);
  reaper.fd = -1;
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_FALSE(SqliteDatabaseInUse(db_));
  EXPECT_TRUE(RestoreSqliteBackup(backup_, db_, true).ok());
}

}  // namespace
}  // namespace backcoach
