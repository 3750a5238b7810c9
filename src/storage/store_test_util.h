// Test helpers for the storage tests: a scratch directory, and a scratch
// PostgreSQL schema so every test starts from an empty database.
//
// PostgreSQL tests run when BACKCOACH_TEST_POSTGRES holds a connection URL
// (tests/pg/with-postgres.sh starts a throwaway server and sets it).
#ifndef BACKCOACH_STORAGE_STORE_TEST_UTIL_H_
#define BACKCOACH_STORAGE_STORE_TEST_UTIL_H_

#include <gtest/gtest.h>

#include <cstdlib>
#include <filesystem>
#include <pqxx/pqxx>
#include <string>

#include "storage/store_common.h"

namespace backcoach::testing {

constexpr const char* kPostgresSkipMessage =
    "PostgreSQL tests need BACKCOACH_TEST_POSTGRES=postgresql://...; run them with "
    "tests/pg/with-postgres.sh build/backcoach_tests";

// The server the PostgreSQL tests may use, or "" when none was given.
inline std::string PostgresTestUrl() {
  const char* url = std::getenv("BACKCOACH_TEST_POSTGRES");
  return url != nullptr ? url : "";
}

// SQLite's migration 15 undone (the list's versions and the triggers that
// move them), for tests that take a database back to an earlier version.
constexpr const char* kUndoSqliteListVersions =
    "DROP TRIGGER IF EXISTS list_version_summary_added; "
    "DROP TRIGGER IF EXISTS list_version_summary_changed; "
    "DROP TRIGGER IF EXISTS list_version_summary_removed; "
    "DROP TRIGGER IF EXISTS list_version_thread_added; "
    "DROP TRIGGER IF EXISTS list_version_thread_changed; "
    "DROP TRIGGER IF EXISTS list_version_thread_removed; "
    "DROP TABLE list_versions; ";

// A fresh directory under the test temp dir, removed with everything in it.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern = ::testing::TempDir() + "backcoach-store-XXXXXX";
    if (mkdtemp(pattern.data()) != nullptr) path_ = pattern;
  }
  ~ScratchDir() {
    if (path_.empty()) return;
    std::error_code ec;
    std::filesystem::permissions(path_, std::filesystem::perms::owner_all,
                                 std::filesystem::perm_options::add, ec);
    std::filesystem::remove_all(path_, ec);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  const std::string& path() const { return path_; }
  std::string File(const std::string& name) const { return path_ + "/" + name; }

 private:
  std::string path_;
};

// A schema of its own in the test server, dropped at the end; url() points
// a store at it (through search_path), so tests never see each other's rows.
class ScratchSchema {
 public:
  explicit ScratchSchema(const std::string& server_url)
      : server_url_(server_url), name_("bc_test_" + storage::NewId().substr(0, 16)) {
    pqxx::connection c(server_url_);
    pqxx::nontransaction t(c);
    t.exec("CREATE SCHEMA " + name_);
    const char* sep = server_url_.find('?') == std::string::npos ? "?" : "&";
    url_ = server_url_ + sep + "options=-csearch_path%3D" + name_ + "&application_name=" + name_;
  }
  ~ScratchSchema() {
    try {
      pqxx::connection c(server_url_);
      pqxx::nontransaction t(c);
      t.exec("DROP SCHEMA " + name_ + " CASCADE");
    } catch (const std::exception&) {
      // A schema left behind only costs space in a throwaway server.
    }
  }
  ScratchSchema(const ScratchSchema&) = delete;
  ScratchSchema& operator=(const ScratchSchema&) = delete;

  const std::string& url() const { return url_; }
  const std::string& name() const { return name_; }  // also the connections' application_name

  // Ends every server connection of stores opened on url(), as a server
  // restart or a network failure would.
  void DropConnections() {
    pqxx::connection c(server_url_);
    pqxx::nontransaction t(c);
    t.exec("SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = " +
           t.quote(name_));
  }

 private:
  std::string server_url_;
  std::string name_;
  std::string url_;
};

}  // namespace backcoach::testing

#endif  // BACKCOACH_STORAGE_STORE_TEST_UTIL_H_
