#include "app/demo.h"

#include "app/password.h"
#include "app/running_plan.h"

namespace backcoach {

namespace {

constexpr const char* kPassword = "backcoach-demo";

json CalmIntake(int age, double weeks, int pain) {
  return {{"age", age},
          {"pain_duration_weeks", weeks},
          {"pain_now", pain},
          {"pain_trend", "stable"},
          {"leg_symptoms", "none"},
          {"leg_symptom_sides", "none"},
          {"leg_numbness_or_tingling", false},
          {"leg_weakness", "none"},
          {"saddle_numbness", false},
          {"bladder_or_bowel_change", false},
          {"sexual_dysfunction_new", false},
          {"fever_or_chills", false},
          {"unexplained_weight_loss", false},
          {"cancer_history", false},
          {"trauma", "none"},
          {"osteoporosis_or_long_term_steroids", false},
          {"immunosuppressed_or_iv_drug_use", false},
          {"recent_infection_or_spinal_procedure", false},
          {"constant_night_pain", false},
          {"feeling_unwell", false},
          {"widespread_pain", false},
          {"first_episode", false}};
}

json Context(json intake, const char* activity, int minutes, int days, json equipment, json likes,
             Date start) {
  intake["activity_level"] = activity;
  intake["minutes_per_day"] = minutes;
  intake["days_per_week"] = days;
  intake["equipment"] = std::move(equipment);
  intake["likes"] = std::move(likes);
  intake["start_date"] = start.ToString();
  return intake;
}

// Logs the scheduled session of each day from `from` to `to`, with the
// pain `pain_for(day index)` gives, and a sharp moment or bad day where
// `event(day index)` says so.
Status LogDays(Service& service, const User& patient, Date from, Date to, int (*pain_for)(int),
               const char* (*event)(int)) {
  for (Date day = from; day < to; day = day.Plus(1)) {
    const int index = day.DaysSince(from);
    auto state = RunningPlan(service, patient.id);
    if (!state.ok()) return state.status();
    if (!state->has_value()) break;
    const SessionDay* scheduled = nullptr;
    for (const auto& d : (*state)->schedule) {
      if (d.date == day && d.kind != "rest") scheduled = &d;
    }
    if (scheduled == nullptr) continue;
    const int pain = pain_for(index);
    const std::string what = event(index);
    json exercises = json::array();
    for (std::size_t i = 0; i < scheduled->exercises.size(); ++i) {
      json e = {{"id", scheduled->exercises[i]}, {"done", true}, {"pain_during", pain}};
      if (what == "sharp" && i == 1) {
        e["pain_during"] = 6;
        e["sharp_pain"] = true;
        e["what_hurt"] = "a sharp catch low on the right";
      }
      exercises.push_back(e);
    }
    json log = {{"date", day.ToString()},
                {"exercises", exercises},
                {"pain_after", pain},
                {"pain_next_morning", std::max(0, pain - 1)},
                {"effort", 5},
                {"bad_day", what == "bad_day"}};
    if (what == "red_flag") {
      log["leg_symptom_sides"] = "both";
      log["bladder_or_bowel_change"] = true;
    }
    auto session = SessionLogFromJson(log);
    if (!session.ok()) return session.status().WithContext("demo log " + day.ToString());
    auto result = service.LogSession(patient, *session);
    if (!result.ok()) return result.status().WithContext("demo log " + day.ToString());
  }
  return Status::Ok();
}

Result<User> Patient(Service& service, const std::string& clinic_id, const std::string& email,
                     const std::string& name) {
  auto invitation_clinician = service.store().FindUserByEmail("lee@demo.backcoach.example");
  if (!invitation_clinician.ok()) return invitation_clinician.status();
  auto invitation = service.Invite(*invitation_clinician);
  if (!invitation.ok()) return invitation.status();
  (void)clinic_id;
  return service.SignUp(email, kPassword, name, invitation->code);
}

// Maria's sister, on her care team with the default scope, and a word of
// encouragement she sent.
Status AddSupporter(Service& service, const User& patient, const std::string& email) {
  auto invite = service.InviteSupporter(patient, ShareInput{});
  if (!invite.ok()) return invite.status();
  auto ana = service.SignUpSupporter(email, kPassword, "Ana", invite->code);
  if (!ana.ok()) return ana.status();
  auto reach = service.ReachPatient(*ana, patient.id, {Access::kCareTeam, Scope::kMessages});
  if (!reach.ok()) return reach.status();
  auto sent =
      service.SendMessage(*ana, *reach, MessageDraft{"Six weeks in a row! Proud of you.", ""});
  return sent.ok() ? Status::Ok() : sent.status();
}

int MariaPain(int day) { return day < 14 ? 4 : day < 28 ? 3 : 2; }
const char* MariaEvent(int day) { return day == 17 ? "sharp" : ""; }
int TomPain(int day) { return day < 3 ? 5 : 3; }
const char* TomEvent(int day) { return day == 3 ? "bad_day" : ""; }
int AhmedPain(int) { return 3; }
const char* AhmedEvent(int day) { return day == 9 ? "red_flag" : ""; }

// Many quiet patients, written straight to the store with one shared hash.
Status AddCrowd(Service& service, const std::string& clinic_id, int count) {
  static const char* const kFirst[] = {"Alex", "Sam",  "Jo",   "Priya", "Chen",  "Olu",  "Nina",
                                       "Ravi", "Lena", "Omar", "Ines",  "Tariq", "Maya", "Piotr"};
  static const char* const kLast[] = {"Hughes", "Okafor", "Silva", "Kowalski", "Nguyen", "Haddad",
                                      "Berg",   "Costa",  "Walsh", "Ahmed",    "Rossi"};
  auto hash = HashPassword(kPassword);
  if (!hash.ok()) return hash.status();
  for (int i = 0; i < count; ++i) {
    User u;
    u.email = "patient" + std::to_string(i + 1) + "@demo.backcoach.example";
    u.display_name = std::string(kFirst[i % 14]) + " " + kLast[(i * 7) % 11];
    u.password_hash = *hash;
    u.role = Role::kPatient;
    u.clinic_id = clinic_id;
    u.created_at = service.clock().Now();
    if (Status s = service.store().CreateUser(u); !s.ok()) return s;
    PatientSummary summary;
    summary.patient_id = u.id;
    summary.clinic_id = clinic_id;
    summary.display_name = u.display_name;
    summary.triage = "self_care";
    summary.status = "active";
    summary.reasons = "[]";
    summary.last_activity = service.clock().Today().Plus(-(i % 12)).ToString();
    summary.last_pain = 2 + i % 5;
    summary.updated_at = u.created_at;
    if (Status s = service.store().PutSummary(summary); !s.ok()) return s;
  }
  return Status::Ok();
}

}  // namespace

Result<std::vector<DemoLogin>> SeedDemo(Service& service, int extra_patients) {
  std::vector<DemoLogin> logins = {
      {"Clinic admin", "admin@demo.backcoach.example", kPassword},
      {"Dr. Lee, physiotherapist", "lee@demo.backcoach.example", kPassword},
      {"Maria (chronic, progressing)", "maria@demo.backcoach.example", kPassword},
      {"Tom (acute, had a bad day)", "tom@demo.backcoach.example", kPassword},
      {"Ahmed (red flag in week two)", "ahmed@demo.backcoach.example", kPassword},
      {"Grace (see a doctor first)", "grace@demo.backcoach.example", kPassword},
      {"Ana, Maria's sister (a supporter)", "ana@demo.backcoach.example", kPassword},
  };
  if (service.store().FindUserByEmail(logins[0].email).ok()) return logins;  // already seeded

  auto clinic = service.CreateClinic("Riverside Physiotherapy");
  if (!clinic.ok()) return clinic.status();
  for (auto [i, role] : {std::pair{0, Role::kAdmin}, std::pair{1, Role::kClinician}}) {
    auto staff = service.CreateStaff(clinic->id, role, logins[i].email, kPassword,
                                     i == 0 ? "Sam Patel (admin)" : "Dr. Lee");
    if (!staff.ok()) return staff.status();
  }
  const Date today = service.clock().Today();

  auto maria = Patient(service, clinic->id, logins[2].email, "Maria Jensen");
  if (!maria.ok()) return maria.status();
  json maria_intake = Context(CalmIntake(45, 30, 6), "light", 25, 5, {"mat", "resistance_band"},
                              {"walking"}, today.Plus(-42));
  maria_intake["dislikes"] = {"swimming"};
  maria_intake["goals"] = {"garden for an hour without stopping"};
  maria_intake["fear_of_movement"] = "low";
  if (auto r = service.SubmitIntake(*maria, IntakeInput{maria_intake, ""}); !r.ok())
    return r.status();
  if (Status s = LogDays(service, *maria, today.Plus(-42), today, MariaPain, MariaEvent); !s.ok()) {
    return s;
  }

  if (Status s = AddSupporter(service, *maria, logins[6].email); !s.ok()) return s;
  // Dr. Lee is Maria's lead clinician: first among her threads.
  auto lee = service.store().FindUserByEmail(logins[1].email);
  if (!lee.ok()) return lee.status();
  if (auto lead = service.SetLeadClinician(*maria, lee->id); !lead.ok()) return lead.status();

  auto tom = Patient(service, clinic->id, logins[3].email, "Tom Becker");
  if (!tom.ok()) return tom.status();
  json tom_intake = CalmIntake(33, 0.3, 7);
  tom_intake["pain_trend"] = "improving";
  tom_intake["first_episode"] = true;
  if (auto r =
          service.SubmitIntake(*tom, IntakeInput{Context(tom_intake, "active", 30, 4, json::array(),
                                                         {"cycling"}, today.Plus(-6)),
                                                 ""});
      !r.ok()) {
    return r.status();
  }
  if (Status s = LogDays(service, *tom, today.Plus(-6), today, TomPain, TomEvent); !s.ok())
    return s;

  auto ahmed = Patient(service, clinic->id, logins[4].email, "Ahmed Karimi");
  if (!ahmed.ok()) return ahmed.status();
  json ahmed_intake = CalmIntake(58, 6, 5);
  ahmed_intake["leg_symptoms"] = "below_knee";
  ahmed_intake["leg_symptom_sides"] = "one";
  ahmed_intake["leg_numbness_or_tingling"] = true;
  if (auto r = service.SubmitIntake(
          *ahmed,
          IntakeInput{
              Context(ahmed_intake, "light", 20, 3, {"chair"}, {"walking"}, today.Plus(-14)), ""});
      !r.ok()) {
    return r.status();
  }
  if (Status s = LogDays(service, *ahmed, today.Plus(-14), today, AhmedPain, AhmedEvent); !s.ok()) {
    return s;
  }

  auto grace = Patient(service, clinic->id, logins[5].email, "Grace Owusu");
  if (!grace.ok()) return grace.status();
  json grace_intake = CalmIntake(71, 0.5, 5);
  grace_intake["trauma"] = "minor";
  grace_intake["osteoporosis_or_long_term_steroids"] = true;
  if (auto r =
          service.SubmitIntake(*grace, IntakeInput{Context(grace_intake, "inactive", 15, 3,
                                                           {"chair"}, {"walking"}, today.Plus(-1)),
                                                   ""});
      !r.ok()) {
    return r.status();
  }
  if (Status s = AddCrowd(service, clinic->id, extra_patients); !s.ok()) return s;
  return logins;
}

}  // namespace backcoach
