// Load seeding: a clinic of many patients with weeks of history, for load
// tests and benchmarks (`backcoach seed`).
//
// The patients are the simulation's virtual people (core/simulation.h): the
// same seed gives the same clinic. Their intakes and session logs go through
// the Service, as real use would write them, from several threads at once so
// that the store's group commit keeps seeding quick without giving up
// durability. Every account shares one password hash (hashing thousands of
// passwords would take minutes and prove nothing), and sessions can be
// opened for them straight away so a load generator needs no log-ins.
//
// Thread-safety: SeedLoad runs its own writer threads over the service
// (which may be shared); call it from one thread.
#ifndef BACKCOACH_APP_LOAD_SEED_H_
#define BACKCOACH_APP_LOAD_SEED_H_

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "app/auth.h"
#include "app/service.h"

namespace backcoach {

struct LoadSeedOptions {
  int patients = 10000;
  int weeks = 2;           // of history before today
  std::uint64_t seed = 1;  // which virtual people
  int threads = 16;        // writers at once
  int sessions_for = 0;    // open sessions for this many patients (and the clinician)
  // Of every hundred patients, how many have written to the clinician (spread
  // evenly: with 50, every other one), so that the clinician has a message
  // thread with each of them (0 to 100).
  int messages_percent = 0;
};

struct LoadLogin {
  std::string user_id;
  std::string role;   // "patient" or "clinician"
  std::string token;  // a bearer token
};

struct LoadSeedResult {
  std::string clinic_id;
  int patients = 0;
  long long session_logs = 0;
  std::vector<LoadLogin> logins;  // the clinician first
};

// Seeds a new clinic "Load test clinic N" into the service's store.
// `progress` (optional) is called now and then with patients done so far.
// InvalidArgument for options out of range; otherwise the first error of
// the service or the store, naming the patient it was seeding.
Result<LoadSeedResult> SeedLoad(Service& service, Auth& auth, const LoadSeedOptions& options,
                                const std::function<void(int done)>& progress = {});

}  // namespace backcoach

#endif  // BACKCOACH_APP_LOAD_SEED_H_
