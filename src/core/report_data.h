// ReportData: everything the progress report shows, as plain values, so that
// gathering it (app/progress_report.h, from the stored records) and
// drawing it (report/report_pdf.h, with cairo) are apart, and each can be
// tested without the other. Days are Date::days() (days since 1970-01-01).
#ifndef BACKCOACH_CORE_REPORT_DATA_H_
#define BACKCOACH_CORE_REPORT_DATA_H_

#include <optional>
#include <string>
#include <vector>

namespace backcoach {

struct ReportPoint {
  int day = 0;
  double value = 0;
};

struct ReportSeries {
  std::string label;
  std::vector<ReportPoint> points;  // by day, oldest first
};

// One week of the programme (weeks start on the day of its first record).
struct ReportWeek {
  int day = 0;  // the week's first day
  int active_minutes = 0;
  int sessions = 0;
  double adherence = 0;                  // sessions done / planned, 0 to 1
  std::optional<long long> daily_steps;  // average of the days with a step count
};

// A change to the plan and why: the engine's decisions and the clinicians'
// adjustments.
struct ReportChange {
  std::string date;  // YYYY-MM-DD
  std::string what;  // "progress glute_bridge", "pin dead_bug (Lee)"
  std::string reason;
};

struct ReportExercise {
  std::string name;
  std::string category;
  int level = 0;
  std::string dose;  // "2 x 10, each side"
  bool paused = false;
};

struct ReportData {
  std::string patient_name;
  std::string patient_id;
  std::string generated_on;  // YYYY-MM-DD
  std::string first_day;     // of the records shown, YYYY-MM-DD; empty when none
  std::string last_day;

  // The latest screen.
  std::string triage;  // "self_care", "gp_soon", ... ; empty without an intake
  std::string headline;
  std::vector<std::string> flags;  // "title: message" of each red flag
  std::vector<std::string> cautions;

  // Pain, 0 to 10, with the size of a meaningful change around the first
  // score (the intake's "pain now").
  ReportSeries pain_during{"during sessions", {}};
  ReportSeries pain_morning{"next morning", {}};
  ReportSeries pain_diary{"diary", {}};
  std::optional<double> pain_baseline;
  double meaningful_change = 2;

  std::vector<ReportSeries> scores;  // PEG (lower is better), PSFS (higher is better)
  std::vector<ReportWeek> weeks;
  std::vector<ReportSeries> levels;  // one per exercise, labelled with its current name

  std::vector<ReportChange> changes;  // oldest first
  std::string plan_status;            // "active", "flare_up", ...; empty without a plan
  std::vector<ReportExercise> plan;
  std::optional<long long> step_goal;  // steps a day, when steps are imported
  std::string step_goal_reason;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_REPORT_DATA_H_
