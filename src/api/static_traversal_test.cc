// The static fallback against a real server on 127.0.0.1: every encoding of
// a path out of the web root that we know of is sent on a raw socket, so that
// the server's own decoding is part of the walk. Beside the web root lie a
// canary file and the SQLite database; neither may ever come back, and every
// 200 must carry the bytes of a file of the web root.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "api/api.h"
#include "app/clock.h"
#include "http/http.h"
#include "storage/store.h"
#include "testing/test_content.h"

namespace backcoach {
namespace {

namespace fs = std::filesystem;

constexpr char kCanary[] =
    "canary-5f0c2a: this file lies beside the web root and must never be served";
constexpr char kSqliteMagic[] = "SQLite format 3";

void WriteFile(const fs::path& path, const std::string& bytes) {
  fs::create_directories(path.parent_path());
  std::ofstream(path, std::ios::binary) << bytes;
}

// Sends one raw request on a new connection and returns everything the
// server wrote back before closing it.
std::string RawExchange(int port, const std::string& request) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{5, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in address{};
  address.sin_family = AF_INET;
  address.sin_port = htons(static_cast<uint16_t>(port));
  inet_pton(AF_INET, "127.0.0.1", &address.sin_addr);
  std::string reply;
  if (connect(fd, reinterpret_cast<sockaddr*>(&address), sizeof address) == 0 &&
      send(fd, request.data(), request.size(), MSG_NOSIGNAL) ==
          static_cast<ssize_t>(request.size())) {
    char chunk[16384];
    ssize_t n;
    while ((n = recv(fd, chunk, sizeof chunk, 0)) > 0) reply.append(chunk, static_cast<size_t>(n));
  }
  close(fd);
  return reply;
}

// "/a/b" -> "%2Fa%2Fb" (every slash, or only the first).
std::string EncodeSlashes(const std::string& path, const std::string& as, bool all = true) {
  std::string out;
  bool done = false;
  for (char c : path) {
    if (c == '/' && !(done && !all)) {
      out += as;
      done = true;
    } else {
      out += c;
    }
  }
  return out;
}

class StaticTraversalTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/backcoach-static-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = fs::canonical(pattern);
    root_ = dir_ / "web";
    canary_ = dir_ / "canary.txt";
    database_ = dir_ / "backcoach.db";
    WriteFile(canary_, kCanary);
    WriteFile(root_ / "index.html", "<!doctype html><title>backcoach</title>");
    WriteFile(root_ / "icon.svg", "<svg xmlns='http://www.w3.org/2000/svg'></svg>");
    WriteFile(root_ / "assets" / "app-TEST1234.js", "console.log('app');");
    // Links that lead out of the root: to the canary, to the database, to
    // the directory holding both.
    fs::create_symlink(canary_, root_ / "leak.txt");
    fs::create_symlink(database_, root_ / "db.txt");
    fs::create_directory_symlink(dir_, root_ / "assets" / "up");
    for (const auto& entry : fs::recursive_directory_iterator(root_)) {
      if (entry.is_symlink() || !entry.is_regular_file()) continue;
      std::ifstream in(entry.path(), std::ios::binary);
      served_.insert(std::string(std::istreambuf_iterator<char>(in), {}));
    }

    auto store = OpenStore(database_.string());
    ASSERT_TRUE(store.ok()) << store.status().message();
    store_ = std::move(store).value();
    ASSERT_TRUE(store_->Migrate().ok());
    ApiOptions options;
    auto web_app = StaticFiles::Load(root_.string());
    ASSERT_TRUE(web_app.ok()) << web_app.status().message();
    options.web_app = std::make_shared<const StaticFiles>(std::move(web_app).value());
    api_ = std::make_unique<Api>(*store_, testing::ShippedContent(), clock_, options);
    api_->Register(router_);
    http::ServerOptions server_options;
    server_options.port = 0;
    server_ = std::make_unique<http::Server>(router_, server_options);
    ASSERT_TRUE(server_->Start().ok());
  }

  void TearDown() override {
    server_.reset();
    api_.reset();
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Every way of naming a path out of the web root we know of.
  std::vector<std::string> Targets() const {
    const std::string canary = canary_.string();  // "/tmp/backcoach-static-X/canary.txt"
    const std::string database = database_.string();
    std::vector<std::string> targets = {
        // Absolute paths: a path starting with '/' replaces the root when joined.
        "/" + canary,
        "//" + canary,
        "/" + EncodeSlashes(canary, "%2F"),
        "/" + EncodeSlashes(canary, "%2f"),
        EncodeSlashes(canary, "%2F", /*all=*/false),
        "/%2F%2F" + canary.substr(1),
        "/." + canary,
        "/./" + canary,
        "/" + EncodeSlashes(canary, "%5C"),
        "/" + EncodeSlashes(canary, "\\"),
        "/" + EncodeSlashes(canary, "%252F"),
        "/" + EncodeSlashes(canary, "%c0%af"),
        "/" + EncodeSlashes(canary, "%e0%80%af"),
        "http://127.0.0.1/" + canary,
        "/proc/self/root" + canary,
        "//proc/self/root" + canary,
        "/" + EncodeSlashes("/proc/self/root" + canary, "%2F"),
        "//etc/passwd",
        "/%2Fetc%2Fpasswd",
        "//proc/self/environ",
        "/%2Fproc%2Fself%2Fenviron",
        "//proc/self/cwd/" + canary.substr(1),
        // Dot segments, plain and encoded.
        "/../canary.txt",
        "/%2e%2e/canary.txt",
        "/%2E%2E/canary.txt",
        "/%2E%2e/canary.txt",
        "/.%2e/canary.txt",
        "/%2e./canary.txt",
        "/..%2fcanary.txt",
        "/..%2Fcanary.txt",
        "/%2e%2e%2fcanary.txt",
        "/..%5ccanary.txt",
        "/..%5Ccanary.txt",
        "/..\\canary.txt",
        "/%2e%2e%5ccanary.txt",
        "/%252e%252e/canary.txt",
        "/%252e%252e%252fcanary.txt",
        "/..%255ccanary.txt",
        "/%c0%ae%c0%ae/canary.txt",
        "/%c0%ae%c0%ae%c0%afcanary.txt",
        "/%e0%80%ae%e0%80%ae/canary.txt",
        "/..%c0%afcanary.txt",
        "/..%c1%9ccanary.txt",
        "/%u002e%u002e/canary.txt",
        "/..%00/canary.txt",
        "/../canary.txt%00.js",
        "/.%00./canary.txt",
        "/./../canary.txt",
        "/.././canary.txt",
        "/..//canary.txt",
        "//../canary.txt",
        "/....//canary.txt",
        "/..;/canary.txt",
        "/assets/../../canary.txt",
        "/assets/./../../canary.txt",
        "/assets//../../canary.txt",
        "/assets/%2e%2e/%2e%2e/canary.txt",
        "/assets/..%2f..%2fcanary.txt",
        "/../../../../../../../../.." + canary,
        "/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e/%2e%2e" + canary,
        "/..%2f..%2f..%2f..%2f..%2f..%2f..%2f..%2f.." + EncodeSlashes(canary, "%2f"),
        "http://127.0.0.1/../canary.txt",
        "/%3F/../canary.txt",
        // Links in the root that lead out of it.
        "/leak.txt",
        "/db.txt",
        "/assets/up/canary.txt",
        "/assets/up/backcoach.db",
        "/assets/up/web/../canary.txt",
        // The database beside the root.
        "/" + database,
        "//" + database,
        "/" + EncodeSlashes(database, "%2F"),
        "/../backcoach.db",
        "/%2e%2e/backcoach.db",
        "/..%2fbackcoach.db",
        "/%252e%252e/backcoach.db",
        "/../backcoach.db-wal",
        "/" + database + "-wal",
    };
    return targets;
  }

  fs::path dir_, root_, canary_, database_;
  std::set<std::string> served_;  // the bytes of every file of the root
  FakeClock clock_{1795424400};
  std::unique_ptr<Store> store_;
  std::unique_ptr<Api> api_;
  http::Router router_;
  std::unique_ptr<http::Server> server_;
};

TEST_F(StaticTraversalTest, NoEncodingOfAPathOutOfTheWebRootServesWhatLiesOutsideIt) {
  const std::vector<std::string> targets = Targets();
  ASSERT_GE(targets.size(), 50u);
  int sent = 0;
  for (const std::string& target : targets) {
    for (const char* method : {"GET", "HEAD"}) {
      const std::string reply = RawExchange(
          server_->port(), std::string(method) + " " + target +
                               " HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                               "Accept-Encoding: identity\r\nConnection: close\r\n\r\n");
      ++sent;
      ASSERT_FALSE(reply.empty()) << method << " " << target << ": no answer";
      EXPECT_EQ(reply.find(kCanary), std::string::npos) << method << " " << target;
      EXPECT_EQ(reply.find(kSqliteMagic), std::string::npos) << method << " " << target;
      EXPECT_EQ(reply.find("root:x:0:0"), std::string::npos) << method << " " << target;
      const size_t head_end = reply.find("\r\n\r\n");
      ASSERT_NE(head_end, std::string::npos) << target;
      const std::string status = reply.substr(9, 3);
      EXPECT_TRUE(status == "200" || status == "400" || status == "404")
          << method << " " << target << ": " << status;
      if (status == "200" && std::string(method) == "GET") {
        EXPECT_EQ(served_.count(reply.substr(head_end + 4)), 1u)
            << target << " answered bytes that are no file of the web root";
      }
    }
  }
  RecordProperty("requests", sent);
}

TEST_F(StaticTraversalTest, HeadGetsTheHeadersOfGetWithoutTheBody) {
  const std::string request =
      " /assets/app-TEST1234.js HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n";
  const std::string get = RawExchange(server_->port(), "GET" + request);
  const std::string head = RawExchange(server_->port(), "HEAD" + request);
  ASSERT_EQ(get.substr(0, 12), "HTTP/1.1 200");
  ASSERT_EQ(head.substr(0, 12), "HTTP/1.1 200");
  EXPECT_EQ(get.substr(get.find("\r\n\r\n") + 4), "console.log('app');");
  EXPECT_EQ(head.find("\r\n\r\n") + 4, head.size()) << "HEAD sent a body";
  for (const char* header : {"Content-Length: 19\r\n", "Vary: Accept-Encoding\r\n",
                             "Content-Security-Policy: default-src 'self';",
                             "Cache-Control: public, max-age=31536000, immutable\r\n"}) {
    EXPECT_NE(get.find(header), std::string::npos) << header;
    EXPECT_NE(head.find(header), std::string::npos) << header;
  }
}

}  // namespace
}  // namespace backcoach
