#include "http/static_files.h"

#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace backcoach {
namespace {

namespace fs = std::filesystem;

using C = ContentCoding;

TEST(ChooseCodingTest, FollowsTheQValuesOfAcceptEncoding) {
  struct Case {
    const char* header;
    bool gzip, brotli;
    ContentCoding want;
  } cases[] = {
      {"", true, true, C::kIdentity},  // absent: the plain bytes
      {"gzip", true, true, C::kGzip},
      {"gzip, deflate, br", true, true, C::kBrotli},
      {"br, gzip", false, true, C::kBrotli},
      {"br, gzip", true, false, C::kGzip},
      {"br, gzip", false, false, C::kIdentity},
      {"br;q=0, gzip", true, true, C::kGzip},
      {"br;q=0, gzip;q=0", true, true, C::kIdentity},
      {"gzip;q=0.5, br;q=0.8", true, true, C::kBrotli},
      {"gzip;q=0.8, br;q=0.5", true, true, C::kGzip},
      {"gzip;q=1.0, br;q=0.999", true, true, C::kGzip},
      {"identity", true, true, C::kIdentity},
      {"identity, gzip;q=0.5", true, true, C::kIdentity},
      {"identity;q=0.1, gzip;q=0.5", true, true, C::kGzip},
      {"*", true, true, C::kBrotli},
      {"*;q=0", true, true, C::kIdentity},  // nothing acceptable: the plain bytes anyway
      {"*;q=0, identity", true, true, C::kIdentity},
      {"*;q=0, gzip", true, true, C::kGzip},
      {"br;q=0, *", true, true, C::kGzip},
      {"GZIP;Q=1", true, true, C::kGzip},
      {" gzip ; q=0.7 ,  br ; q=0.6 ", true, true, C::kGzip},
      {"x-gzip", true, true, C::kGzip},
      {"gzip;q=1.5", true, true, C::kIdentity},  // no q-value: refused
      {"gzip;q=0.1234", true, true, C::kIdentity},
      {"gzip;q=abc", true, true, C::kIdentity},
      {"gzip;q=", true, true, C::kIdentity},
      {"gzip;q=0.", true, true, C::kIdentity},
      {"gzip;q=0.001", true, true, C::kGzip},
      {"br;level=5", true, true, C::kBrotli},  // other parameters do not matter
      {"compress, deflate", true, true, C::kIdentity},
      {",,,", true, true, C::kIdentity},
      {"br;q=0, br", true, true, C::kIdentity},  // the first mention counts
  };
  for (const Case& c : cases) {
    EXPECT_EQ(ChooseCoding(c.header, c.gzip, c.brotli), c.want) << '"' << c.header << '"';
  }
}

TEST(ContentTypeForTest, NamesTheTypesOfTheWebApp) {
  EXPECT_EQ(ContentTypeFor("/index.html"), "text/html; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/assets/app-X.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/assets/app-X.css"), "text/css; charset=utf-8");
  EXPECT_EQ(ContentTypeFor("/models/pose.wasm"), "application/wasm");
  EXPECT_EQ(ContentTypeFor("/models/pose.json"), "application/json");
  EXPECT_EQ(ContentTypeFor("/models/pose.bin"), "application/octet-stream");
  EXPECT_EQ(ContentTypeFor("/icon.SVG"), "image/svg+xml");
  EXPECT_EQ(ContentTypeFor("/unknown.xyz"), "application/octet-stream");
}

class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    char pattern[] = "/tmp/backcoach-web-XXXXXX";
    ASSERT_NE(mkdtemp(pattern), nullptr);
    dir_ = fs::canonical(pattern);
    root_ = dir_ / "web";
    Write("index.html", "<!doctype html><title>backcoach</title>");
    Write("assets/app-AB12.js", "console.log('app');");
    Write("assets/app-AB12.js.gz", "GZIP-BYTES");
    Write("assets/app-AB12.js.br", "BR-BYTES");
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  void Write(const std::string& relative, const std::string& bytes) {
    fs::create_directories((root_ / relative).parent_path());
    std::ofstream(root_ / relative, std::ios::binary) << bytes;
  }

  StaticFiles Load() {
    auto files = StaticFiles::Load(root_.string());
    EXPECT_TRUE(files.ok()) << files.status().message();
    return files.ok() ? std::move(files).value() : StaticFiles();
  }

  static http::Response Get(const StaticFiles& files, const std::string& path,
                            const std::string& accept_encoding = "") {
    http::Request request;
    request.method = "GET";
    request.path = path;
    if (!accept_encoding.empty()) request.headers["accept-encoding"] = accept_encoding;
    return files.Serve(request);
  }

  static std::string HeaderOf(const http::Response& response, const std::string& name) {
    for (const auto& [key, value] : response.headers) {
      if (key == name) return value;
    }
    return "";
  }

  fs::path dir_, root_;
};

TEST_F(StaticFilesTest, ServesEachFileByItsExactPath) {
  Write("models/pose.wasm", std::string("\0asm", 4));
  const StaticFiles files = Load();
  auto app = Get(files, "/assets/app-AB12.js");
  EXPECT_EQ(app.status, 200);
  EXPECT_EQ(app.body, "console.log('app');");
  EXPECT_EQ(app.content_type, "text/javascript; charset=utf-8");
  auto wasm = Get(files, "/models/pose.wasm");
  EXPECT_EQ(wasm.body, std::string("\0asm", 4));
  EXPECT_EQ(wasm.content_type, "application/wasm");
  EXPECT_EQ(Get(files, "/").body, "<!doctype html><title>backcoach</title>");
  EXPECT_EQ(files.file_count(), 3u);
}

// The camera coach's files, where the web build puts them (web/build.mjs):
// the pose model's description and weights, TensorFlow.js's WebAssembly and
// the motion analysis. A browser compiles WebAssembly as it streams only
// when it comes as application/wasm, also when it is sent compressed.
TEST_F(StaticFilesTest, ServesTheCameraCoachsModelAndWebAssemblyWithTheirTypes) {
  Write("models/movenet-lightning.json", R"({"format":"graph-model"})");
  Write("models/movenet-lightning.bin", std::string("\x01\x00\x02", 3));
  Write("tfjs/tfjs-backend-wasm-simd.wasm", std::string("\0asm\1\0\0\0", 8));
  Write("tfjs/tfjs-backend-wasm-simd.wasm.br", "BR-WASM");
  Write("wasm/motion.wasm", std::string("\0asm\1\0\0\0", 8));
  Write("motions/glute_bridge.json", R"({"exercise":"glute_bridge"})");
  const StaticFiles files = Load();
  struct Expected {
    const char* path;
    const char* type;
  };
  for (const Expected& e : {Expected{"/models/movenet-lightning.json", "application/json"},
                            Expected{"/models/movenet-lightning.bin", "application/octet-stream"},
                            Expected{"/tfjs/tfjs-backend-wasm-simd.wasm", "application/wasm"},
                            Expected{"/wasm/motion.wasm", "application/wasm"},
                            Expected{"/motions/glute_bridge.json", "application/json"}}) {
    auto response = Get(files, e.path);
    EXPECT_EQ(response.status, 200) << e.path;
    EXPECT_EQ(response.content_type, e.type) << e.path;
    EXPECT_EQ(HeaderOf(response, "Content-Security-Policy"), kContentSecurityPolicy) << e.path;
  }
  EXPECT_EQ(Get(files, "/models/movenet-lightning.bin").body, std::string("\x01\x00\x02", 3));
  auto compressed = Get(files, "/tfjs/tfjs-backend-wasm-simd.wasm", "br");
  EXPECT_EQ(compressed.body, "BR-WASM");
  EXPECT_EQ(compressed.content_type, "application/wasm");
  EXPECT_EQ(HeaderOf(compressed, "Content-Encoding"), "br");
}

TEST_F(StaticFilesTest, TheAppsOwnRoutesGetIndexHtmlAndApiPathsNotFound) {
  const StaticFiles files = Load();
  for (const char* path : {"/today", "/clinic/patients/u1", "/assets/gone-1234.js", "/api",
                           "/assets/app-AB12.js/", "/ASSETS/app-AB12.js"}) {
    auto r = Get(files, path);
    EXPECT_EQ(r.status, 200) << path;
    EXPECT_EQ(r.body, "<!doctype html><title>backcoach</title>") << path;
    EXPECT_EQ(HeaderOf(r, "Cache-Control"), "no-cache") << path;
  }
  auto api = Get(files, "/api/v1/nothing");
  EXPECT_EQ(api.status, 404);
  EXPECT_EQ(api.body, R"({"error":{"code":"not_found","message":"no such route"}})");
}

TEST_F(StaticFilesTest, ServesTheCompressedVariantTheClientAccepts) {
  const StaticFiles files = Load();
  auto br = Get(files, "/assets/app-AB12.js", "gzip, deflate, br");
  EXPECT_EQ(br.body, "BR-BYTES");
  EXPECT_EQ(HeaderOf(br, "Content-Encoding"), "br");
  EXPECT_EQ(br.content_type, "text/javascript; charset=utf-8");
  auto gzip = Get(files, "/assets/app-AB12.js", "br;q=0, gzip");
  EXPECT_EQ(gzip.body, "GZIP-BYTES");
  EXPECT_EQ(HeaderOf(gzip, "Content-Encoding"), "gzip");
  auto plain = Get(files, "/assets/app-AB12.js", "identity");
  EXPECT_EQ(plain.body, "console.log('app');");
  EXPECT_EQ(HeaderOf(plain, "Content-Encoding"), "");
  for (const auto* r : {&br, &gzip, &plain}) EXPECT_EQ(HeaderOf(*r, "Vary"), "Accept-Encoding");
  // A file without variants is sent as it is, whatever is accepted.
  auto index = Get(files, "/index.html", "br");
  EXPECT_EQ(HeaderOf(index, "Content-Encoding"), "");
  EXPECT_EQ(HeaderOf(index, "Vary"), "Accept-Encoding");
}

TEST_F(StaticFilesTest, VariantsAreNotServedUnderTheirOwnNames) {
  const StaticFiles files = Load();
  EXPECT_EQ(files.Find("/assets/app-AB12.js.gz"), nullptr);
  EXPECT_EQ(files.Find("/assets/app-AB12.js.br"), nullptr);
  EXPECT_EQ(Get(files, "/assets/app-AB12.js.br").body, "<!doctype html><title>backcoach</title>");
}

TEST_F(StaticFilesTest, AVariantOlderThanItsFileIsLeftOut) {
  const auto old = fs::last_write_time(root_ / "assets/app-AB12.js") - std::chrono::hours(1);
  fs::last_write_time(root_ / "assets/app-AB12.js.br", old);
  const StaticFiles files = Load();
  EXPECT_EQ(Get(files, "/assets/app-AB12.js", "br").body, "console.log('app');");
  EXPECT_EQ(Get(files, "/assets/app-AB12.js", "br, gzip").body, "GZIP-BYTES");
  EXPECT_EQ(files.left_out(),
            std::vector<std::string>{"assets/app-AB12.js.br (older than assets/app-AB12.js)"});
}

TEST_F(StaticFilesTest, HashedAssetsAreKeptForAYearAndTheRestRevalidated) {
  Write("icon.svg", "<svg/>");
  const StaticFiles files = Load();
  EXPECT_EQ(HeaderOf(Get(files, "/assets/app-AB12.js"), "Cache-Control"),
            "public, max-age=31536000, immutable");
  EXPECT_EQ(HeaderOf(Get(files, "/icon.svg"), "Cache-Control"), "no-cache");
  EXPECT_EQ(HeaderOf(Get(files, "/"), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, EveryAnswerCarriesTheContentSecurityPolicy) {
  const StaticFiles files = Load();
  for (const char* path : {"/", "/today", "/assets/app-AB12.js"}) {
    EXPECT_EQ(HeaderOf(Get(files, path), "Content-Security-Policy"),
              "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; base-uri 'self'; "
              "object-src 'none'; frame-ancestors 'none'; form-action 'self'")
        << path;
  }
}

TEST_F(StaticFilesTest, ALinkIsFollowedOnlyToARegularFileInsideTheRoot) {
  std::ofstream(dir_ / "outside.txt") << "outside";
  fs::create_directories(dir_ / "elsewhere");
  fs::create_symlink(dir_ / "outside.txt", root_ / "out.txt");
  fs::create_symlink("../outside.txt", root_ / "relative-out.txt");
  fs::create_symlink(root_ / "assets" / "app-AB12.js", root_ / "app.js");
  fs::create_directory_symlink(dir_ / "elsewhere", root_ / "elsewhere");
  fs::create_directory_symlink(root_ / "assets", root_ / "assets-again");
  fs::create_symlink(root_ / "missing", root_ / "dangling");
  const StaticFiles files = Load();
  EXPECT_EQ(Get(files, "/app.js").body, "console.log('app');");
  for (const char* path :
       {"/out.txt", "/relative-out.txt", "/assets-again/app-AB12.js", "/elsewhere", "/dangling"}) {
    EXPECT_EQ(files.Find(path), nullptr) << path;
  }
  std::vector<std::string> left_out = files.left_out();
  std::sort(left_out.begin(), left_out.end());
  EXPECT_EQ(left_out,
            (std::vector<std::string>{
                "assets-again (a link to no regular file)", "dangling (a link to no regular file)",
                "elsewhere (a link out of the web root)", "out.txt (a link out of the web root)",
                "relative-out.txt (a link out of the web root)"}));
}

TEST_F(StaticFilesTest, DotFilesAndSpecialFilesAreLeftOut) {
  Write(".env", "SECRET=1");
  Write(".git/config", "[core]");
  ASSERT_EQ(mkfifo((root_ / "pipe").c_str(), 0600), 0);
  const StaticFiles files = Load();  // would block on reading the pipe
  EXPECT_EQ(files.Find("/.env"), nullptr);
  EXPECT_EQ(files.Find("/.git/config"), nullptr);
  EXPECT_EQ(files.Find("/pipe"), nullptr);
  EXPECT_EQ(files.left_out(), std::vector<std::string>{"pipe (not a regular file)"});
}

TEST_F(StaticFilesTest, ARootThatCannotServeTheAppIsRefused) {
  auto missing = StaticFiles::Load((dir_ / "nowhere").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().message(), "the web app in " + (dir_ / "nowhere").string() +
                                            " cannot be read: No such file or directory");
  auto file = StaticFiles::Load((root_ / "index.html").string());
  ASSERT_FALSE(file.ok());
  EXPECT_EQ(file.status().message(), "the web app in " + (root_ / "index.html").string() +
                                         " cannot be read: it is not a directory");
  fs::remove(root_ / "index.html");
  auto empty = StaticFiles::Load(root_.string());
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().message(), "the web app in " + root_.string() + " has no index.html");
}

TEST_F(StaticFilesTest, ARootLargerThanTheLimitIsRefusedBeforeItIsRead) {
  // A sparse file: its size counts, and nothing is read.
  Write("models/huge.bin", "");
  ASSERT_EQ(truncate((root_ / "models/huge.bin").c_str(), static_cast<off_t>(kMaxWebRootBytes)), 0);
  auto files = StaticFiles::Load(root_.string());
  ASSERT_FALSE(files.ok());
  EXPECT_EQ(files.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(files.status().message(),
            "the web app in " + root_.string() + " is larger than 256 MiB");
}

}  // namespace
}  // namespace backcoach
