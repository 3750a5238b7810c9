// Whole API requests, routed as a signed-in patient (or, for a path that
// starts with '!', as their clinician) over an in-memory store: the method
// and target on the first line, the body after it, '@' in the target standing
// for the patient's id. Whatever arrives, the API answers with a status it
// documents, never a 500, and every /api answer is JSON; a denial or an error
// says why. Sign-up and log-in are left out: their password hashing is slow
// on purpose, and tests/reliability checks them against the real server.
//
// Paths outside /api reach the web app's static files, loaded from a small
// web root made at start with a canary file beside it ('~' in the target
// stands for the directory holding both); for a GET or HEAD the body is the
// Accept-Encoding header. A static answer is a file of the root (or one of
// its compressed variants), never the canary.
#include <stdlib.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <string>

#include "api/api.h"
#include "app/clock.h"
#include "fuzz_support.h"
#include "http/http.h"
#include "http/static_files.h"
#include "storage/store.h"
#include "testing/accounts.h"
#include "testing/requests.h"

namespace {

using namespace backcoach;

constexpr char kCanary[] = "fuzz-canary-3e8b1d: beside the web root, never served";

// A web root with a page, an asset and its variants, and a canary beside it.
struct WebRoot {
  std::string dir;  // holds web/ and canary.txt
  std::shared_ptr<const StaticFiles> files;
  std::set<std::string> served;  // every byte string a static answer may carry

  WebRoot() {
    char pattern[] = "/tmp/backcoach-fuzz-XXXXXX";
    fuzz::Require(mkdtemp(pattern) != nullptr, "a temporary directory is made");
    dir = pattern;
    const std::pair<const char*, const char*> kFiles[] = {
        {"canary.txt", kCanary},
        {"web/index.html", "<!doctype html><title>backcoach</title>"},
        {"web/assets/app-FUZZ.js", "console.log('app');"},
        {"web/assets/app-FUZZ.js.gz", "gzip bytes"},
        {"web/assets/app-FUZZ.js.br", "brotli bytes"}};
    for (const auto& [name, bytes] : kFiles) {
      std::filesystem::create_directories(std::filesystem::path(dir + "/" + name).parent_path());
      std::ofstream(dir + "/" + name, std::ios::binary) << bytes;
      if (std::string(name) != "canary.txt") served.insert(bytes);
    }
    std::filesystem::create_symlink(dir + "/canary.txt", dir + "/web/leak.txt");
    auto loaded = StaticFiles::Load(dir + "/web");
    fuzz::Require(loaded.ok(), "the web root loads");
    files = std::make_shared<const StaticFiles>(std::move(loaded).value());
  }
};

const WebRoot& TheWebRoot() {
  static const WebRoot* root = [] {
    auto* made = new WebRoot;
    std::atexit([] {
      std::error_code ec;
      std::filesystem::remove_all(TheWebRoot().dir, ec);
    });
    return made;
  }();
  return *root;
}

// One API with a clinic, a clinician and a patient with a plan. Rebuilt when
// an input has erased the patient or ended a session.
struct World {
  FakeClock clock{1795424400};  // 2026-11-23 09:00 UTC
  std::unique_ptr<Store> store;
  std::unique_ptr<Api> api;
  http::Router router;
  std::string patient_id, patient_token, clinician_token;

  World() {
    store = std::move(OpenStore(":memory:")).value();
    fuzz::Require(store->Migrate().ok(), "the in-memory store migrates");
    ApiOptions options;
    options.web_app = TheWebRoot().files;
    api = std::make_unique<Api>(*store, fuzz::ShippedContent(), clock, options);
    api->Register(router);
    Clinic clinic{"", "Riverside", clock.Now()};
    fuzz::Require(store->CreateClinic(clinic).ok(), "a clinic is made");
    patient_token = MakeUser("maria", Role::kPatient, clinic.id, &patient_id);
    std::string clinician_id;
    clinician_token = MakeUser("lee", Role::kClinician, clinic.id, &clinician_id);
    fuzz::Require(Send(patient_token, "POST", "/api/v1/patients/" + patient_id + "/intake",
                       fuzz::SourceFile("examples/plan/maria.json"))
                          .status == 201,
                  "the intake is taken");
  }

  std::string MakeUser(const std::string& name, Role role, const std::string& clinic,
                       std::string* id) {
    auto u = testing::CreateAccount(*store, clock, name, role, clinic);
    fuzz::Require(u.ok(), "a user is made");
    *id = u->id;
    return api->auth().StartSession(*u).value().token;
  }

  http::Response Send(const std::string& token, const std::string& method,
                      const std::string& target, const std::string& body) {
    http::Request r = testing::RequestFor(method, target, body);
    r.headers["authorization"] = "Bearer " + token;
    r.headers["content-type"] = "application/json";
    if (method == "GET" || method == "HEAD") {
      r.headers["accept-encoding"] = body;
      r.body.clear();
    }
    return router.Dispatch(r);
  }

  bool Whole() { return Send(patient_token, "GET", "/api/v1/me", "").status == 200; }
};

std::string Substituted(std::string target, char mark, const std::string& with) {
  for (auto at = target.find(mark); at != std::string::npos;
       at = target.find(mark, at + with.size())) {
    target.replace(at, 1, with);
  }
  return target;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static std::unique_ptr<World> world = std::make_unique<World>();
  const std::string text = fuzz::AsText(data, size);
  const auto line_end = text.find('\n');
  const std::string line = text.substr(0, line_end);
  const std::string body = line_end == std::string::npos ? "" : text.substr(line_end + 1);
  const auto space = line.find(' ');
  if (space == std::string::npos) return 0;
  const std::string method = line.substr(0, space);
  std::string target = line.substr(space + 1);
  if (target.find("/auth/") != std::string::npos) return 0;
  const bool as_clinician = !target.empty() && target[0] == '!';
  if (as_clinician) target.erase(0, 1);
  target = Substituted(Substituted(target, '@', world->patient_id), '~', TheWebRoot().dir);
  const auto response = world->Send(as_clinician ? world->clinician_token : world->patient_token,
                                    method, target, body);
  fuzz::Require(response.status >= 200 && response.status < 600, "a real HTTP status");
  fuzz::Require(response.status != 500, "no request makes an internal error");
  if (target.rfind("/api/", 0) == 0 && response.content_type.find("json") != std::string::npos) {
    const auto parsed = nlohmann::json::parse(response.body, nullptr, false);
    fuzz::Require(!parsed.is_discarded(), "a JSON answer is JSON");
    if (response.status >= 400) {
      fuzz::Require(parsed.contains("error") && parsed["error"].value("message", "") != "",
                    "an error says why");
    }
  }
  fuzz::Require(response.body.find(kCanary) == std::string::npos, "the canary is never served");
  if (response.status == 200 && response.content_type.find("json") == std::string::npos &&
      target.rfind("/api/", 0) != 0) {
    fuzz::Require(TheWebRoot().served.count(response.body) == 1,
                  "a static answer is a file of the web root");
  }
  if (!world->Whole()) world = std::make_unique<World>();
  return 0;
}
