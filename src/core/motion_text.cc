#include "core/motion_text.h"

#include "core/mini_json.h"

namespace backcoach {

namespace {

std::string Seconds(double s) { return JsonNumber(s, 1) + " s"; }

std::string RepLine(const MotionAnalysis& a, const RepAnalysis& rep) {
  std::string line = std::string(a.counts_reps ? "rep " : "hold ") + std::to_string(rep.number) +
                     ": range " + JsonNumber(rep.range, 0) + " degrees, " +
                     (a.counts_reps ? "top held " : "held ") + Seconds(rep.hold_seconds);
  if (!rep.form.empty()) line += ", form: " + rep.form;
  for (const auto& id : rep.not_assessed) line += ", " + id + " not assessed";
  return line + "\n";
}

}  // namespace

std::string MotionAnalysisToText(const MotionAnalysis& a) {
  std::string out = "exercise: " + a.exercise + "\n";
  if (!a.assessed) {
    return out + "assessed: no (" + NotAssessedId(a.reason) + ")\n" + a.reason_message + "\n";
  }
  out += "assessed: yes\n";
  if (a.counts_reps) out += "reps: " + std::to_string(a.reps) + "\n";
  if (!a.counts_reps) {
    out += "holds:";
    for (std::size_t i = 0; i < a.holds.size(); ++i) out += (i ? ", " : " ") + Seconds(a.holds[i]);
    out += a.holds.empty() ? " none\n" : "\n";
  }
  for (const auto& rep : a.per_rep) out += RepLine(a, rep);
  for (const auto& f : a.findings) {
    out += "finding " + f.id + " (" + (a.counts_reps ? "reps" : "holds");
    for (std::size_t i = 0; i < f.reps.size(); ++i) {
      out += (i ? ", " : " ") + std::to_string(f.reps[i]);
    }
    out += "): " + f.message + "\n";
  }
  return out;
}

}  // namespace backcoach
