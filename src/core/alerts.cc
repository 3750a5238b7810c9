#include "core/alerts.h"

#include <cmath>
#include <map>
#include <sstream>

namespace backcoach {

namespace {

using Fields = std::map<std::string, std::string>;

std::string Fill(std::string text, const Fields& fields) {
  for (const auto& [key, value] : fields) {
    const std::string placeholder = "{" + key + "}";
    for (auto at = text.find(placeholder); at != std::string::npos;
         at = text.find(placeholder, at + value.size())) {
      text.replace(at, placeholder.size(), value);
    }
  }
  return text;
}

std::string OneDecimal(double value) {
  std::ostringstream out;
  out.precision(1);
  out << std::fixed << std::round(value * 10) / 10;
  std::string text = out.str();
  if (text.size() > 2 && text.compare(text.size() - 2, 2, ".0") == 0) text.resize(text.size() - 2);
  return text;
}

std::string WeekOf(Date day) { return "week of " + day.Plus(-day.Weekday()).ToString(); }

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) out += (out.empty() ? "" : "; ") + item;
  return out;
}

std::optional<AlertFinding> RedFlag(const AlertRule& rule, const AlertHistory& h) {
  if (h.red_flags.empty() || !h.red_flag_reported) return std::nullopt;
  const std::string day = h.red_flag_reported->ToString();
  return AlertFinding{&rule, day, Fill(rule.reason, {{"date", day}, {"flags", Join(h.red_flags)}})};
}

std::optional<AlertFinding> FlareUp(const AlertRule& rule, const AlertHistory& h) {
  if (!h.flare_since) return std::nullopt;
  const std::string since = h.flare_since->ToString();
  return AlertFinding{&rule, since, Fill(rule.reason, {{"date", since}})};
}

std::optional<AlertFinding> FlareNotImproving(const AlertRule& rule, const AlertHistory& h) {
  if (!h.flare_since || h.today.DaysSince(*h.flare_since) < rule.days) return std::nullopt;
  const std::string since = h.flare_since->ToString();
  return AlertFinding{
      &rule, since,
      Fill(rule.reason,
           {{"date", since}, {"days", std::to_string(h.today.DaysSince(*h.flare_since))}})};
}

std::optional<AlertFinding> PainChange(const AlertRule& rule, const AlertHistory& h, bool worse) {
  auto change = WeeklyPainChange(h.today, h.sessions);
  if (!change) return std::nullopt;
  const double size = worse ? *change : -*change;
  if (size < rule.points) return std::nullopt;
  return AlertFinding{&rule, WeekOf(h.today), Fill(rule.reason, {{"change", OneDecimal(size)}})};
}

std::optional<AlertFinding> Inactive(const AlertRule& rule, const AlertHistory& h) {
  if (h.on_new_record) return std::nullopt;
  std::optional<Date> last = h.sessions.empty() ? h.started : std::optional(h.sessions.back().date);
  if (!last || h.today.DaysSince(*last) < rule.days) return std::nullopt;
  // One alert per quiet spell: it is about the day activity stopped.
  const std::string day = last->ToString();
  return AlertFinding{
      &rule, day,
      Fill(rule.reason, {{"date", day}, {"days", std::to_string(h.today.DaysSince(*last))}})};
}

std::optional<AlertFinding> GoalRise(const AlertRule& rule, const AlertHistory& h) {
  for (const auto& s : h.scores) {
    if (s.questionnaire != rule.questionnaire || s.points.size() < 2) continue;
    const ScorePoint& first = s.points.front();
    const ScorePoint& last = s.points.back();
    const double rise = s.higher_is_better ? last.score - first.score : first.score - last.score;
    if (s.mcid_points <= 0 || rise < s.mcid_points) return std::nullopt;
    return AlertFinding{
        &rule, last.date.ToString(),
        Fill(rule.reason, {{"change", OneDecimal(rise)}, {"date", first.date.ToString()}})};
  }
  return std::nullopt;
}

std::optional<AlertFinding> Evaluate(const AlertRule& rule, const AlertHistory& h) {
  switch (rule.when) {
    case AlertCondition::kRedFlag: return RedFlag(rule, h);
    case AlertCondition::kFlareUp: return FlareUp(rule, h);
    case AlertCondition::kPainWorse: return PainChange(rule, h, /*worse=*/true);
    case AlertCondition::kPainBetter: return PainChange(rule, h, /*worse=*/false);
    case AlertCondition::kInactive: return Inactive(rule, h);
    case AlertCondition::kFlareNotImproving: return FlareNotImproving(rule, h);
    case AlertCondition::kGoalRise: return GoalRise(rule, h);
  }
  return std::nullopt;
}

}  // namespace

std::optional<double> WeeklyPainChange(Date today, const std::vector<PainDay>& sessions) {
  double recent = 0, earlier = 0;
  int n_recent = 0, n_earlier = 0;
  for (const auto& s : sessions) {
    const int age = today.DaysSince(s.date);
    if (age < 0) continue;
    if (age < 7) {
      recent += s.pain;
      ++n_recent;
    } else if (age < 14) {
      earlier += s.pain;
      ++n_earlier;
    }
  }
  if (n_recent == 0 || n_earlier == 0) return std::nullopt;
  return recent / n_recent - earlier / n_earlier;
}

std::vector<AlertFinding> EvaluateAlerts(const AlertRules& rules, const AlertHistory& history) {
  std::vector<AlertFinding> out;
  for (const auto& rule : rules.rules()) {
    if (auto finding = Evaluate(rule, history)) out.push_back(std::move(*finding));
  }
  return out;
}

}  // namespace backcoach
