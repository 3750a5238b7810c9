// Scheduler: the work `serve` does on its own, on the server's Clock.
//
//   reminders        at each time the person chose (their local time), an
//                    in-app notice, and an e-mail if they asked for one; a
//                    kind nudge instead when yesterday passed without a
//                    session. Never a word about symptoms.
//   weekly summary   on Monday morning (local), last week's summary for the
//                    person (in-app, and by e-mail if they asked) and by
//                    e-mail for their supporters, cut to what each may see.
//   daily alerts     the alert rules once a day for everyone, for what the
//                    passing of time brings (no activity for a week).
//   audit anchor     once a UTC day, the audit chain's head appended to the
//                    anchor file (audit_anchor.h), when one is configured.
//
// Several servers may share one database and all run the scheduler: every
// piece of work is first claimed in the store (Store::Claim, a unique key
// of kind, person and period), and only the server whose claim succeeded
// does it, so each reminder and summary is sent once. A reminder more than
// `reminder_window_minutes` late (the servers were down) is dropped, not
// sent at the wrong time.
//
// A claim is never given back, so the scheduler remembers the claims it
// has seen taken (by itself or another server) until the UTC day changes:
// a pass every minute over every patient then asks the store only for the
// work not yet claimed, instead of writing a claim that fails for each.
//
// RunDue(now) does what is due at `now` and returns; tests call it with a
// fake clock. Start() runs it on a thread every `period_seconds`.
//
// Thread-safety: Start and Stop from one owning thread; RunDue may run
// beside the started thread (several servers do the same through the
// store's claims), and the Service it works through is safe to share.
#ifndef BACKCOACH_APP_SCHEDULER_H_
#define BACKCOACH_APP_SCHEDULER_H_

#include <atomic>
#include <condition_variable>
#include <mutex>
#include <string>
#include <thread>
#include <unordered_set>

#include "app/mailer.h"
#include "app/service.h"

namespace backcoach {

struct SchedulerOptions {
  int reminder_window_minutes = 120;   // later than this, a reminder is dropped
  int summary_after_minutes = 8 * 60;  // Monday, local time, from 08:00
  int period_seconds = 60;             // how often Start() runs RunDue
  int page = 200;                      // patients read at a time
  // The append-only file the audit chain is anchored in once a day (every
  // server sharing the database must name the same file); empty for none.
  std::string audit_anchor_file;
};

struct SchedulerReport {
  int reminders = 0;  // in-app notices made
  int summaries = 0;
  int alerts = 0;  // raised by the daily run
  int mails = 0;   // sent
  int mail_failures = 0;
  int anchors = 0;  // audit anchors written
};

class Scheduler {
 public:
  // `mailer` may be null: no e-mail, in-app only.
  Scheduler(Service& service, Mailer* mailer, SchedulerOptions options = {});
  ~Scheduler();

  // Does what is due at `now`: what it did, or the first error of the
  // store (a failed e-mail is counted in the report, not returned).
  Result<SchedulerReport> RunDue(Timestamp now);

  // Runs RunDue on a thread of its own until Stop; its errors are dropped
  // and the next run tries again.
  void Start();
  void Stop();  // waits for a run in progress; safe to call more than once

 private:
  Status RunFor(const User& patient, Timestamp now, SchedulerReport& report);
  Status AnchorAudit(Timestamp now, SchedulerReport& report);
  Status Reminders(const User& patient, const Preferences& prefs, Timestamp now,
                   SchedulerReport& report);
  Status Summary(const User& patient, const Preferences& prefs, Timestamp now,
                 SchedulerReport& report);
  void SendMail(const std::string& to, const std::string& subject, const std::string& body,
                SchedulerReport& report);
  // Store::Claim, unless the claim is known taken: OK when this call took
  // it, Conflict when it was taken before (now or earlier), the store's
  // error otherwise.
  Status Claim(const std::string& kind, const std::string& user_id, const std::string& period,
               Timestamp now);

  Service& service_;
  Mailer* mailer_;
  SchedulerOptions options_;
  std::mutex mu_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mu_
  std::thread thread_;
  std::mutex claims_mu_;
  std::int64_t claims_day_ = -1;                  // the UTC day of known_claims_, in days
  std::unordered_set<std::string> known_claims_;  // kind, user, period; guarded by claims_mu_
};

// The words of a weekly summary, as an e-mail body. Never fails.
std::string SummaryText(const std::string& name, const nlohmann::json& summary);

}  // namespace backcoach

#endif  // BACKCOACH_APP_SCHEDULER_H_
