#include "app/load_seed.h"

#include <atomic>
#include <mutex>
#include <thread>

#include "app/password.h"
#include "app/running_plan.h"
#include "core/plan_request.h"
#include "core/simulation.h"

namespace backcoach {

namespace {

constexpr const char* kPassword = "backcoach-load";

// A small deterministic generator per patient, so threads do not share one.
class Dice {
 public:
  explicit Dice(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ULL + 1) {}
  int Below(int n) {
    state_ ^= state_ << 13;
    state_ ^= state_ >> 7;
    state_ ^= state_ << 17;
    return static_cast<int>(state_ % static_cast<std::uint64_t>(n));
  }

 private:
  std::uint64_t state_;
};

// The logs of one patient's history: most scheduled days done, pain around
// the person's usual level, now and then a sharp moment.
Status LogHistory(Service& service, const User& patient, const VirtualPerson& person, Date today,
                  Dice& dice, long long& logs) {
  for (Date day = person.request.start_date; day < today; day = day.Plus(1)) {
    auto state = RunningPlan(service, patient.id);
    if (!state.ok()) return state.status();
    if (!state->has_value()) break;
    const SessionDay* scheduled = nullptr;
    for (const auto& d : (*state)->schedule) {
      if (d.date == day && !d.exercises.empty()) scheduled = &d;
    }
    if (scheduled == nullptr || dice.Below(4) == 0) continue;  // a quarter of days let go
    const int usual = person.pain_tenths / 10;
    json exercises = json::array();
    for (const auto& id : scheduled->exercises) {
      const int pain = std::clamp(usual + dice.Below(3) - 1, 0, 10);
      json e = {{"id", id}, {"done", true}, {"pain_during", pain}};
      if (dice.Below(60) == 0) e["sharp_pain"] = true;
      exercises.push_back(std::move(e));
    }
    json log = {{"date", day.ToString()},
                {"exercises", std::move(exercises)},
                {"pain_after", std::clamp(usual, 0, 10)},
                {"pain_next_morning", std::clamp(usual - 1 + dice.Below(2), 0, 10)},
                {"effort", 4 + dice.Below(3)}};
    auto session = SessionLogFromJson(log);
    if (!session.ok()) return session.status().WithContext("log of " + day.ToString());
    auto logged = service.LogSession(patient, *session);
    if (!logged.ok()) return logged.status().WithContext("log of " + day.ToString());
    ++logs;
  }
  return Status::Ok();
}

// The patient asks the clinic's clinician a question, through the same
// service call as the app's messages page.
Status WriteToClinician(Service& service, const User& patient, const User& clinician) {
  auto reach = service.ReachPatient(patient, patient.id, {Access::kCareTeam, Scope::kMessages});
  if (!reach.ok()) return reach.status();
  auto sent = service.SendMessage(
      patient, *reach,
      MessageDraft{"Is it fine to walk on the days my back is stiff?", clinician.id});
  return sent.ok() ? Status::Ok() : sent.status().WithContext("message");
}

Status SeedPatient(Service& service, const User& clinician, const std::string& hash,
                   const LoadSeedOptions& options, int index, Date today, User& out,
                   long long& logs) {
  const std::string& clinic_id = clinician.clinic_id;
  VirtualPerson person = MakeVirtualPerson(options.seed, index, options.weeks, service.content());
  person.request.start_date = today.Plus(-7 * options.weeks);
  User u;
  u.email = "patient" + std::to_string(index + 1) + "@" + clinic_id + ".load.example";
  u.display_name = "Load patient " + std::to_string(index + 1);
  u.password_hash = hash;
  u.role = Role::kPatient;
  u.clinic_id = clinic_id;
  u.created_at = service.clock().Now();
  if (Status s = service.store().CreateUser(u); !s.ok()) return s;
  auto intake = service.SubmitIntake(u, IntakeInput{PlanRequestToJson(person.request), ""});
  if (!intake.ok()) return intake.status().WithContext("intake of " + u.email);
  Dice dice(options.seed * 1000003 + static_cast<std::uint64_t>(index));
  if (Status s = LogHistory(service, u, person, today, dice, logs); !s.ok()) {
    return s.WithContext(u.email);
  }
  // Spread evenly: with 50, every other patient.
  if ((index + 1) * options.messages_percent / 100 > index * options.messages_percent / 100) {
    if (Status s = WriteToClinician(service, u, clinician); !s.ok()) return s.WithContext(u.email);
  }
  out = u;
  return Status::Ok();
}

}  // namespace

Result<LoadSeedResult> SeedLoad(Service& service, Auth& auth, const LoadSeedOptions& options,
                                const std::function<void(int done)>& progress) {
  if (options.patients < 1 || options.weeks < 0 || options.threads < 1) {
    return Status::InvalidArgument("patients and threads must be at least 1, weeks at least 0");
  }
  if (options.messages_percent < 0 || options.messages_percent > 100) {
    return Status::InvalidArgument("the share of patients who wrote must be from 0 to 100");
  }
  auto hash = HashPassword(kPassword);
  if (!hash.ok()) return hash.status();
  auto clinic = service.CreateClinic("Load test clinic");
  if (!clinic.ok()) return clinic.status();
  auto clinician =
      service.CreateStaff(clinic->id, Role::kClinician, "clinician@" + clinic->id + ".load.example",
                          kPassword, "Load clinician");
  if (!clinician.ok()) return clinician.status();

  const Date today = service.clock().Today();
  std::vector<User> patients(static_cast<std::size_t>(options.patients));
  std::atomic<int> next = 0, done = 0;
  std::atomic<long long> logs = 0;
  std::mutex mu;
  Status first_error;
  auto work = [&] {
    long long mine = 0;
    for (int i = next++; i < options.patients; i = next++) {
      Status s = SeedPatient(service, *clinician, *hash, options, i, today,
                             patients[static_cast<std::size_t>(i)], mine);
      if (!s.ok()) {
        std::lock_guard<std::mutex> lock(mu);
        if (first_error.ok()) first_error = s;
        next = options.patients;  // stop every worker
        break;
      }
      const int finished = ++done;
      if (progress && finished % 100 == 0) {
        std::lock_guard<std::mutex> lock(mu);
        progress(finished);
      }
    }
    logs += mine;
  };
  std::vector<std::thread> workers;
  for (int t = 0; t < options.threads; ++t) workers.emplace_back(work);
  for (auto& w : workers) w.join();
  if (!first_error.ok()) return first_error;

  LoadSeedResult result;
  result.clinic_id = clinic->id;
  result.patients = options.patients;
  result.session_logs = logs;
  if (options.sessions_for > 0) {
    auto staff = auth.StartSession(*clinician);
    if (!staff.ok()) return staff.status();
    result.logins.push_back({clinician->id, "clinician", staff->token});
    for (int i = 0; i < std::min(options.sessions_for, options.patients); ++i) {
      auto session = auth.StartSession(patients[static_cast<std::size_t>(i)]);
      if (!session.ok()) return session.status();
      result.logins.push_back(
          {patients[static_cast<std::size_t>(i)].id, "patient", session->token});
    }
  }
  return result;
}

}  // namespace backcoach
