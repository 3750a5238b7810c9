// Demo data: a living clinic for newcomers (`backcoach serve --demo`).
//
// One clinic, an admin, a physiotherapist (Dr. Lee), the people of the
// journeys (Maria, Tom, Ahmed, Grace) with weeks of history made through the
// Service exactly as real use would make it, and a few dozen more patients
// so the clinician's list has something to sort. Idempotent: seeding a
// database that already has the demo clinic changes nothing.
//
// Thread-safety: seeds from the calling thread, before the server starts
// (the Service it works through is safe to share).
#ifndef BACKCOACH_APP_DEMO_H_
#define BACKCOACH_APP_DEMO_H_

#include <string>
#include <vector>

#include "app/service.h"

namespace backcoach {

struct DemoLogin {
  std::string who;
  std::string email;
  std::string password;
};

// Seeds the demo; returns the logins to print, or the first error of the
// service (the store's, when the database is out of reach).
Result<std::vector<DemoLogin>> SeedDemo(Service& service, int extra_patients = 40);

}  // namespace backcoach

#endif  // BACKCOACH_APP_DEMO_H_
