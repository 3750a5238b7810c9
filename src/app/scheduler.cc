#include "app/scheduler.h"

#include <chrono>
#include <cstdio>

#include "app/audit_anchor.h"
#include "app/ical.h"

namespace backcoach {

namespace {

constexpr const char* kFooter =
    "\n--\nbackcoach supports your care; it does not replace your clinician.\n"
    "You can change or stop these messages in the app, under Account.\n";

// The person's local day and minute of the day at `now`.
struct LocalTime {
  Date day;
  int minute = 0;
};

LocalTime LocalAt(Timestamp now, int utc_offset_minutes) {
  const Timestamp local = now + static_cast<Timestamp>(utc_offset_minutes) * 60;
  return {Date::FromDays(static_cast<int>(local / 86400)), static_cast<int>(local % 86400) / 60};
}

std::string Plural(int n, const char* one, const char* many) {
  return std::to_string(n) + " " + (n == 1 ? one : many);
}

}  // namespace

std::string SummaryText(const std::string& name, const json& s) {
  std::string text = "Hello " + name + ",\n\nThe week of " + s.value("week_of", "") + ":\n";
  text += "- " + Plural(s.value("sessions", 0), "session", "sessions") + " done";
  if (s.contains("active_minutes")) {
    text += ", " + Plural(s.value("active_minutes", 0), "active minute", "active minutes");
  }
  text += "\n- " + Plural(s.value("streak_weeks", 0), "week", "weeks") + " on the go\n";
  if (s.contains("pain_trend") && s["pain_trend"].is_object()) {
    const json& t = s["pain_trend"];
    char line[160];
    std::snprintf(line, sizeof line, "- pain during sessions: %.1f, the week before %.1f%s\n",
                  t.value("this_week", 0.0), t.value("week_before", 0.0),
                  t.value("meaningful", false) ? " (a meaningful change)" : "");
    text += line;
  }
  for (const auto& c : s.value("level_changes", json::array())) {
    // A supporter not shown symptoms gets the change without its reason.
    const std::string change = c.value("change", "");
    const std::string what = c.contains("why")      ? c.value("why", "")
                             : change == "progress" ? c.value("exercise", "") + " stepped up."
                                                    : c.value("exercise", "") + " changed to suit.";
    text += "- " + c.value("date", "") + ": " + what + "\n";
  }
  if (s.contains("next_focus") && !s["next_focus"].empty()) {
    text += "\nNext week: ";
    bool first = true;
    for (const auto& f : s["next_focus"]) {
      if (!first) text += ", ";
      text += f.get<std::string>();
      first = false;
    }
    text += ".\n";
  }
  return text + kFooter;
}

Scheduler::Scheduler(Service& service, Mailer* mailer, SchedulerOptions options)
    : service_(service), mailer_(mailer), options_(options) {}

Scheduler::~Scheduler() { Stop(); }

Status Scheduler::AnchorAudit(Timestamp now, SchedulerReport& report) {
  if (options_.audit_anchor_file.empty()) return Status::Ok();
  const Date utc_day = Date::FromDays(static_cast<int>(now / 86400));
  Status claimed = service_.store().ClaimAuditAnchor(utc_day.ToString(), now);
  if (claimed.code() == StatusCode::kConflict) return Status::Ok();  // another server's
  if (!claimed.ok()) return claimed;
  auto anchor = AnchorAuditChain(service_.store(), options_.audit_anchor_file, now);
  if (anchor.status().code() == StatusCode::kNotFound) return Status::Ok();  // an empty log
  if (!anchor.ok()) return anchor.status();
  ++report.anchors;
  return Status::Ok();
}

Result<SchedulerReport> Scheduler::RunDue(Timestamp now) {
  SchedulerReport report;
  Store& store = service_.store();
  if (Status s = AnchorAudit(now, report); !s.ok()) return s;
  std::string after;
  for (;;) {
    auto ids = store.ListUserIds(Role::kPatient, after, options_.page);
    if (!ids.ok()) return ids.status();
    for (const auto& id : *ids) {
      auto patient = store.GetUser(id);
      if (!patient.ok() || patient->disabled) continue;
      if (Status s = RunFor(*patient, now, report); !s.ok()) return s;
    }
    if (ids->size() < static_cast<std::size_t>(options_.page)) break;
    after = ids->back();
  }
  return report;
}

Status Scheduler::RunFor(const User& patient, Timestamp now, SchedulerReport& report) {
  const Date utc_day = Date::FromDays(static_cast<int>(now / 86400));
  Status claimed = Claim("alerts", patient.id, utc_day.ToString(), now);
  if (claimed.ok()) {
    auto raised = service_.RaiseAlerts(patient);
    if (!raised.ok()) return raised.status();
    report.alerts += *raised;
  } else if (claimed.code() != StatusCode::kConflict) {
    return claimed;
  }
  auto prefs = service_.PreferencesOf(patient.id);
  if (!prefs.ok()) return prefs.status();
  if (Status s = Reminders(patient, *prefs, now, report); !s.ok()) return s;
  return Summary(patient, *prefs, now, report);
}

Status Scheduler::Reminders(const User& patient, const Preferences& prefs, Timestamp now,
                            SchedulerReport& report) {
  const LocalTime local = LocalAt(now, prefs.utc_offset_minutes);
  for (const auto& time : prefs.reminder_times) {
    const int at = MinutesOfDay(time);
    if (at < 0 || local.minute < at || local.minute - at >= options_.reminder_window_minutes) {
      continue;
    }
    const std::string period = local.day.ToString() + "T" + time;
    Status claimed = Claim("reminder", patient.id, period, now);
    if (claimed.code() == StatusCode::kConflict) continue;  // another server has it
    if (!claimed.ok()) return claimed;
    auto text = service_.ReminderText(patient.id, local.day);
    if (!text.ok()) return text.status();
    if (Status s = service_.AddNotice(patient.id,
                                      {{"type", "reminder"}, {"for", period}, {"text", *text}});
        !s.ok()) {
      return s;
    }
    ++report.reminders;
    if (prefs.email_reminders)
      SendMail(patient.email, "Time for your back exercises", *text + "\n" + kFooter, report);
  }
  return Status::Ok();
}

Status Scheduler::Summary(const User& patient, const Preferences& prefs, Timestamp now,
                          SchedulerReport& report) {
  const LocalTime local = LocalAt(now, prefs.utc_offset_minutes);
  if (local.day.Weekday() != 0 || local.minute < options_.summary_after_minutes) {
    return Status::Ok();
  }
  const Date week_of = local.day.Plus(-7);
  Status claimed = Claim("summary", patient.id, week_of.ToString(), now);
  if (claimed.code() == StatusCode::kConflict) return Status::Ok();
  if (!claimed.ok()) return claimed;
  auto summary = service_.WeeklySummary(patient.id, week_of);
  if (!summary.ok()) return summary.status();
  if (Status s = service_.AddNotice(patient.id, *summary); !s.ok()) return s;
  ++report.summaries;
  const std::string subject = "Your week with backcoach";
  if (prefs.email_summary)
    SendMail(patient.email, subject, SummaryText(patient.display_name, *summary), report);
  auto team = service_.store().ListCareTeam(patient.id);
  if (!team.ok()) return team.status();
  for (const auto& member : *team) {
    auto supporter = service_.store().GetUser(member.member_id);
    if (!supporter.ok() || supporter->disabled) continue;
    const json copy = FilterSummary(*summary, ScopesFromStored(member.scopes));
    SendMail(supporter->email, patient.display_name + "'s week with backcoach",
             SummaryText(supporter->display_name, copy) + "\nThis is " + patient.display_name +
                 "'s summary, as much of it as they share with you.\n",
             report);
  }
  return Status::Ok();
}

Status Scheduler::Claim(const std::string& kind, const std::string& user_id,
                        const std::string& period, Timestamp now) {
  static const Status kTaken = Status::Conflict("claimed before");
  const std::string key = kind + '\n' + user_id + '\n' + period;
  const std::int64_t day = now / 86400;
  {
    std::lock_guard<std::mutex> lock(claims_mu_);
    if (day != claims_day_) {  // a day's claims are of no use the next
      known_claims_.clear();
      claims_day_ = day;
    }
    if (known_claims_.count(key) != 0) return kTaken;
  }
  Status claimed = service_.store().Claim(kind, user_id, period, now);
  if (claimed.ok() || claimed.code() == StatusCode::kConflict) {
    std::lock_guard<std::mutex> lock(claims_mu_);
    if (day == claims_day_) known_claims_.insert(key);
  }
  return claimed;
}

void Scheduler::SendMail(const std::string& to, const std::string& subject, const std::string& body,
                         SchedulerReport& report) {
  if (mailer_ == nullptr) return;
  // A relay that is down must not stop reminders for everyone else; the
  // in-app notice is already kept.
  if (mailer_->Send({to, subject, body}).ok()) {
    ++report.mails;
  } else {
    ++report.mail_failures;
  }
}

void Scheduler::Start() {
  thread_ = std::thread([this] {
    std::unique_lock<std::mutex> lock(mu_);
    while (!stopping_) {
      lock.unlock();
      (void)RunDue(service_.clock().Now());
      lock.lock();
      wake_.wait_for(lock, std::chrono::seconds(options_.period_seconds),
                     [this] { return stopping_; });
    }
  });
}

void Scheduler::Stop() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (thread_.joinable()) thread_.join();
}

}  // namespace backcoach
