#include "core/questionnaire.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <set>

#include "core/text.h"
#include "core/yaml_reader.h"

namespace backcoach {

namespace {

// Scores and thresholds are decimals read from text; comparisons allow for
// binary rounding (6.3 - 4.3 must count as 2 points).
constexpr double kTolerance = 1e-9;
constexpr const char* kTotal = "total";
// Band bounds compare with totals of many items, so they may exceed an item's range.
constexpr double kBandLimit = 1e9;

// "7", "6.3", "0.25": at most two decimals, no trailing zeros.
std::string Num(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  std::string s = buffer;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  if (s == "-0") s = "0";
  return s;
}

std::string Quote(const std::string& s) { return "'" + s + "'"; }

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

Status FieldError(const std::string& where, const std::string& key, const std::string& problem) {
  return Status::InvalidArgument(where + ": field " + Quote(key) + ": " + problem);
}

double Round(double v, int decimals) {
  const double scale = std::pow(10.0, decimals);
  return std::round(v * scale) / scale;
}

std::string Plural(double n, const std::string& one, const std::string& many) {
  return Num(n) + " " + (std::fabs(n - 1) < kTolerance ? one : many);
}

// Names an entry in errors by its `key` when it has a usable one, else by
// its 1-based position, so that an entry missing its id can still be found.
std::string EntryWhere(const YAML::Node& node, const char* key, const std::string& kind,
                       std::size_t position, const std::string& file) {
  if (node.IsMap() && node[key].IsScalar()) {
    const auto id = node[key].as<std::string>();
    if (!id.empty()) return file + ": " + kind + " " + Quote(id);
  }
  return file + ": " + kind + " " + std::to_string(position);
}

}  // namespace

const char* ScoringMethodName(ScoringMethod m) {
  switch (m) {
    case ScoringMethod::kSum: return "sum";
    case ScoringMethod::kMean: return "mean";
    case ScoringMethod::kPercent: return "percent";
  }
  return "sum";
}

const char* ChangeOutcomeName(ChangeOutcome c) {
  switch (c) {
    case ChangeOutcome::kImproved: return "improved";
    case ChangeOutcome::kWorsened: return "worsened";
    case ChangeOutcome::kNoMeaningfulChange: return "no_meaningful_change";
  }
  return "no_meaningful_change";
}

// Builds a Questionnaire from its YAML tree, one section at a time. Each
// step returns the first problem it finds.
class QuestionnaireParser {
 public:
  QuestionnaireParser(std::string file, Questionnaire* q) : file_(std::move(file)), q_(q) {}

  Status Parse(const YAML::Node& root) {
    YAML::Node items, scoring, bands, mcid;
    std::optional<int> min_items, max_items;
    {
      MapReader r(root, file_);
      q_->id_ = r.String("id");
      if (r.ok() && !IsSnakeCase(q_->id_)) {
        r.Fail("id",
               "must be snake_case (lower-case letters, digits and '_'), got " + Quote(q_->id_));
      }
      q_->name_ = r.String("name");
      q_->description_ = r.String("description");
      q_->instructions_ = r.OptionalString("instructions").value_or("");
      q_->licence_ = r.String("licence");
      q_->source_ = r.String("source");
      q_->validated_ = r.Bool("validated");
      q_->higher_is_better_ = r.Bool("higher_is_better");
      items = r.Child("items", true);
      if (r.ok() && !items.IsSequence()) r.Fail("items", "must be a list");
      if (r.ok() && items.size() == 0) r.Fail("items", "must not be empty");
      min_items = r.OptionalInt("min_items", 1, 1000);
      max_items = r.OptionalInt("max_items", 1, 1000);
      scoring = r.Child("scoring", true);
      bands = r.Child("bands", true);
      if (r.ok() && !bands.IsSequence()) r.Fail("bands", "must be a list");
      if (r.ok() && bands.size() == 0) r.Fail("bands", "must not be empty");
      mcid = r.Child("mcid", true);
      if (Status s = r.Finish(); !s.ok()) return s;
    }
    if (Status s = ParseItems(items); !s.ok()) return s;
    if (Status s = CheckItemCounts(min_items, max_items); !s.ok()) return s;
    if (Status s = ParseScoring(scoring); !s.ok()) return s;
    if (Status s = ParseBands(bands); !s.ok()) return s;
    if (Status s = ParseMcid(mcid); !s.ok()) return s;
    ComputeScoreRange();
    return Status::Ok();
  }

 private:
  Status ParseItems(const YAML::Node& list) {
    std::map<std::string, std::string> owner;  // answer id -> item id
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string where = EntryWhere(list[i], "id", "item", i + 1, file_);
      QuestionnaireItem item;
      if (Status s = ParseItem(list[i], where, &item); !s.ok()) return s;
      for (const auto& answer_id : AnswerIdsOf(item)) {
        auto [it, inserted] = owner.emplace(answer_id, item.id);
        if (!inserted) {
          return FieldError(
              where, "id",
              "answer id " + Quote(answer_id) + " is already used by item " + Quote(it->second));
        }
      }
      q_->items_.push_back(std::move(item));
    }
    return Status::Ok();
  }

  static std::vector<std::string> AnswerIdsOf(const QuestionnaireItem& item) {
    if (item.repeat == 1) return {item.id};
    std::vector<std::string> ids;
    for (int n = 1; n <= item.repeat; ++n) ids.push_back(item.id + "_" + std::to_string(n));
    return ids;
  }

  Status ParseItem(const YAML::Node& node, const std::string& where, QuestionnaireItem* item) {
    MapReader r(node, where);
    item->id = r.String("id");
    if (r.ok() && !IsSnakeCase(item->id)) {
      r.Fail("id",
             "must be snake_case (lower-case letters, digits and '_'), got " + Quote(item->id));
    }
    item->text = r.String("text");
    const std::optional<double> min =
        r.OptionalNumber("min", Questionnaire::kMinValue, Questionnaire::kMaxValue);
    const std::optional<double> max =
        r.OptionalNumber("max", Questionnaire::kMinValue, Questionnaire::kMaxValue);
    const std::optional<double> step = r.OptionalNumber("step", 0, Questionnaire::kMaxValue);
    YAML::Node labels = r.Child("labels", false);
    YAML::Node options = r.Child("options", false);
    item->reverse = r.OptionalBool("reverse", false);
    const bool required_given = r.Has("required");
    item->required = r.OptionalBool("required", true);
    item->repeat = r.OptionalInt("repeat", 1, Questionnaire::kMaxRepeat).value_or(1);

    const bool has_options = options.IsDefined();
    if (r.ok() && has_options && labels.IsDefined()) {
      r.Fail("labels", "cannot be combined with 'options'; give each option its label");
    }
    if (r.ok() && has_options && step) r.Fail("step", "cannot be combined with 'options'");
    if (r.ok() && step && *step <= 0) r.Fail("step", "must be greater than 0");
    if (r.ok() && !has_options && !min) r.Fail("min", "is missing");
    if (r.ok() && !has_options && !max) r.Fail("max", "is missing");
    if (r.ok() && min && max && *max <= *min) {
      r.Fail("max", "must be greater than 'min' (" + Num(*min) + "), got " + Num(*max));
    }
    if (r.ok() && item->repeat > 1 && required_given) {
      r.Fail("required",
             "cannot be combined with 'repeat': the copies of a repeated item are optional, and "
             "min_items sets how many answers are needed");
    }
    if (Status s = r.Finish(); !s.ok()) return s;

    if (item->repeat > 1) item->required = false;
    item->step = step.value_or(1);
    if (labels.IsDefined()) {
      MapReader lr(labels, where + ": labels");
      item->min_label = lr.String("min_label");
      item->max_label = lr.String("max_label");
      if (Status s = lr.Finish(); !s.ok()) return s;
    }
    if (!has_options) {
      item->min = *min;
      item->max = *max;
      return Status::Ok();
    }
    return ParseOptions(options, where, min, max, item);
  }

  Status ParseOptions(const YAML::Node& list, const std::string& where, std::optional<double> min,
                      std::optional<double> max, QuestionnaireItem* item) {
    if (!list.IsSequence() || list.size() < 2) {
      return FieldError(where, "options", "must be a list of at least 2 options");
    }
    std::set<std::string> labels;
    for (std::size_t i = 0; i < list.size(); ++i) {
      MapReader r(list[i], where + ": option " + std::to_string(i + 1));
      ItemOption option;
      option.value = r.Number("value", Questionnaire::kMinValue, Questionnaire::kMaxValue);
      option.label = r.String("label");
      if (r.ok() && !labels.insert(option.label).second) {
        r.Fail("label", "must be unique; an earlier option already uses " + Quote(option.label));
      }
      if (r.ok() && min && option.value < *min) {
        r.Fail("value",
               "must not be below the item's 'min' (" + Num(*min) + "), got " + Num(option.value));
      }
      if (r.ok() && max && option.value > *max) {
        r.Fail("value",
               "must not be above the item's 'max' (" + Num(*max) + "), got " + Num(option.value));
      }
      if (Status s = r.Finish(); !s.ok()) return s;
      item->options.push_back(option);
    }
    const auto [lo, hi] = std::minmax_element(
        item->options.begin(), item->options.end(),
        [](const ItemOption& a, const ItemOption& b) { return a.value < b.value; });
    item->min = min.value_or(lo->value);
    item->max = max.value_or(hi->value);
    if (item->max <= item->min) {
      return FieldError(where, "options", "need at least two different values");
    }
    return Status::Ok();
  }

  Status CheckItemCounts(std::optional<int> min_items, std::optional<int> max_items) {
    int answerable = 0;
    int required = 0;
    for (const auto& item : q_->items_) {
      answerable += item.repeat;
      if (item.required) ++required;
    }
    q_->min_items_ = min_items.value_or(1);
    q_->max_items_ = max_items.value_or(answerable);
    const std::string count = std::to_string(answerable);
    if (q_->min_items_ > answerable) {
      return FieldError(file_, "min_items",
                        "must not be above the number of answers the items allow (" + count +
                            "), got " + std::to_string(q_->min_items_));
    }
    if (q_->max_items_ > answerable) {
      return FieldError(file_, "max_items",
                        "must not be above the number of answers the items allow (" + count +
                            "), got " + std::to_string(q_->max_items_));
    }
    if (q_->max_items_ < q_->min_items_) {
      return FieldError(file_, "max_items",
                        "must not be below 'min_items' (" + std::to_string(q_->min_items_) +
                            "), got " + std::to_string(q_->max_items_));
    }
    if (q_->max_items_ < required) {
      return FieldError(file_, "max_items",
                        "must be at least the number of required items (" +
                            std::to_string(required) + "), got " + std::to_string(q_->max_items_));
    }
    return Status::Ok();
  }

  Status ParseScoring(const YAML::Node& node) {
    MapReader r(node, file_ + ": scoring");
    const std::string method = r.Enum("method", {"sum", "mean", "percent"});
    if (method == "mean") q_->method_ = ScoringMethod::kMean;
    if (method == "percent") q_->method_ = ScoringMethod::kPercent;
    q_->round_decimals_ = r.OptionalInt("round", 0, Questionnaire::kMaxDecimals).value_or(1);
    YAML::Node subscales = r.Child("subscales", false);
    if (r.ok() && subscales.IsDefined()) ParseSubscales(subscales, r);
    return r.Finish();
  }

  // Problems are reported through `r` under the field 'subscales'.
  void ParseSubscales(const YAML::Node& node, MapReader& r) {
    if (!node.IsMap() || node.size() == 0) {
      r.Fail("subscales", "must be a mapping of subscale name to a list of item ids");
      return;
    }
    for (const auto& kv : node) {
      const auto name = kv.first.as<std::string>();
      if (name == kTotal) {
        r.Fail("subscales", "the name 'total' is kept for the whole score");
        return;
      }
      if (!IsSnakeCase(name)) {
        r.Fail("subscales", "subscale name must be snake_case, got " + Quote(name));
        return;
      }
      std::vector<std::string> ids;
      if (!kv.second.IsSequence() || kv.second.size() == 0) {
        r.Fail("subscales", "subscale " + Quote(name) + " must be a non-empty list of item ids");
        return;
      }
      for (const auto& entry : kv.second) {
        const auto id = entry.IsScalar() ? entry.as<std::string>() : std::string();
        if (FindItem(id) == nullptr) {
          r.Fail("subscales", "subscale " + Quote(name) + " names unknown item " + Quote(id));
          return;
        }
        if (std::find(ids.begin(), ids.end(), id) != ids.end()) {
          r.Fail("subscales", "subscale " + Quote(name) + " lists item " + Quote(id) + " twice");
          return;
        }
        ids.push_back(id);
      }
      q_->subscales_[name] = std::move(ids);
    }
  }

  const QuestionnaireItem* FindItem(const std::string& id) const {
    for (const auto& item : q_->items_) {
      if (item.id == id) return &item;
    }
    return nullptr;
  }

  Status ParseBands(const YAML::Node& list) {
    for (std::size_t i = 0; i < list.size(); ++i) {
      const std::string where = EntryWhere(list[i], "label", "band", i + 1, file_);
      const bool last = i + 1 == list.size();
      ScoreBand band;
      if (Status s = ParseBand(list[i], where, last, &band); !s.ok()) return s;
      q_->bands_.push_back(std::move(band));
    }
    return Status::Ok();
  }

  Status ParseBand(const YAML::Node& node, const std::string& where, bool last, ScoreBand* band) {
    MapReader r(node, where);
    band->label = r.String("label");
    if (r.ok() && !IsSnakeCase(band->label)) {
      r.Fail("label",
             "must be snake_case (lower-case letters, digits and '_'), got " + Quote(band->label));
    }
    band->of = r.OptionalString("of").value_or(kTotal);
    if (r.ok() && band->of != kTotal && q_->subscales_.count(band->of) == 0) {
      r.Fail("of", "unknown subscale " + Quote(band->of) + "; " + SubscaleChoices());
    }
    band->min = r.OptionalNumber("min", -kBandLimit, kBandLimit);
    band->max = r.OptionalNumber("max", -kBandLimit, kBandLimit);
    if (r.ok() && band->min && band->max && *band->max < *band->min) {
      r.Fail("max", "must not be below 'min' (" + Num(*band->min) + "), got " + Num(*band->max));
    }
    band->interpretation = r.String("interpretation");
    if (Status s = r.Finish(); !s.ok()) return s;
    if (!last && !band->min && !band->max) {
      return Status::InvalidArgument(
          where +
          ": needs 'min' or 'max': a band without bounds matches every score, so only "
          "the last band may leave both out");
    }
    return Status::Ok();
  }

  std::string SubscaleChoices() const {
    if (q_->subscales_.empty()) return "this questionnaire has no subscales, so use 'total'";
    std::vector<std::string> names = {kTotal};
    for (const auto& [name, ids] : q_->subscales_) names.push_back(name);
    return "use one of " + Join(names);
  }

  Status ParseMcid(const YAML::Node& node) {
    MapReader r(node, file_ + ": mcid");
    q_->mcid_.points = r.Number("points", 0, Questionnaire::kMaxValue);
    if (r.ok() && q_->mcid_.points <= 0) r.Fail("points", "must be greater than 0");
    q_->mcid_.percent = r.OptionalNumber("percent", 0, 100);
    if (r.ok() && q_->mcid_.percent && *q_->mcid_.percent <= 0) {
      r.Fail("percent", "must be greater than 0");
    }
    q_->mcid_.source = r.String("source");
    return r.Finish();
  }

  // A loose but safe range: every answer may be at either end of its scale,
  // and optional answers may be missing.
  void ComputeScoreRange() {
    double lo = 0;
    double hi = 0;
    if (q_->method_ == ScoringMethod::kPercent) {
      hi = 100;
    } else if (q_->method_ == ScoringMethod::kMean) {
      lo = q_->items_.front().min;
      hi = q_->items_.front().max;
      for (const auto& item : q_->items_) {
        lo = std::min(lo, item.min);
        hi = std::max(hi, item.max);
      }
    } else {
      for (const auto& item : q_->items_) {
        lo += item.repeat * (item.required ? item.min : std::min(0.0, item.min));
        hi += item.repeat * (item.required ? item.max : std::max(0.0, item.max));
      }
    }
    q_->score_min_ = lo;
    q_->score_max_ = hi;
  }

  std::string file_;
  Questionnaire* q_;
};

Result<Questionnaire> Questionnaire::Parse(const std::string& yaml_text,
                                           const std::string& file_name) {
  Result<YAML::Node> root = ParseYaml(yaml_text, file_name);
  if (!root.ok()) return root.status();
  Questionnaire q;
  QuestionnaireParser parser(file_name, &q);
  if (Status s = parser.Parse(*root); !s.ok()) return s;
  return q;
}

std::vector<std::string> Questionnaire::AnswerIds() const {
  std::vector<std::string> ids;
  for (const auto& item : items_) {
    if (item.repeat == 1) {
      ids.push_back(item.id);
      continue;
    }
    for (int n = 1; n <= item.repeat; ++n) ids.push_back(item.id + "_" + std::to_string(n));
  }
  return ids;
}

const QuestionnaireItem* Questionnaire::ItemForAnswer(const std::string& answer_id) const {
  for (const auto& item : items_) {
    if (item.repeat == 1) {
      if (item.id == answer_id) return &item;
      continue;
    }
    for (int n = 1; n <= item.repeat; ++n) {
      if (answer_id == item.id + "_" + std::to_string(n)) return &item;
    }
  }
  return nullptr;
}

Status Questionnaire::CheckValue(const std::string& answer_id, const QuestionnaireItem& item,
                                 double value) const {
  const std::string where = id_ + ": item " + Quote(answer_id) + ": ";
  if (!std::isfinite(value)) return Status::InvalidArgument(where + "must be a number");
  if (!item.options.empty()) {
    std::vector<std::string> values;
    for (const auto& option : item.options) {
      if (std::fabs(option.value - value) < kTolerance) return Status::Ok();
      const std::string text = Num(option.value);
      if (std::find(values.begin(), values.end(), text) == values.end()) values.push_back(text);
    }
    return Status::InvalidArgument(where + "must be one of " + Join(values) + ", got " +
                                   Num(value));
  }
  const double steps = (value - item.min) / item.step;
  const bool on_scale = value >= item.min - kTolerance && value <= item.max + kTolerance &&
                        std::fabs(steps - std::round(steps)) < 1e-6;
  if (on_scale) return Status::Ok();
  const bool whole = item.step == 1 && item.min == std::floor(item.min);
  const std::string range = "from " + Num(item.min) + " to " + Num(item.max);
  return Status::InvalidArgument(where +
                                 (whole ? "must be a whole number " + range
                                        : "must be " + range + " in steps of " + Num(item.step)) +
                                 ", got " + Num(value));
}

double Questionnaire::Combine(const std::vector<const QuestionnaireItem*>& items,
                              const std::vector<double>& values) const {
  double sum = 0;
  double span = 0;
  for (std::size_t i = 0; i < values.size(); ++i) {
    sum += method_ == ScoringMethod::kPercent ? values[i] - items[i]->min : values[i];
    span += items[i]->max - items[i]->min;
  }
  switch (method_) {
    case ScoringMethod::kSum: return sum;
    case ScoringMethod::kMean: return sum / static_cast<double>(values.size());
    case ScoringMethod::kPercent: return 100 * sum / span;
  }
  return sum;
}

Result<Score> Questionnaire::ScoreAnswers(const std::map<std::string, double>& answers) const {
  // Scored values per item id (a repeated item gathers all its copies).
  std::map<std::string, std::vector<double>> by_item;
  for (const auto& [answer_id, value] : answers) {
    const QuestionnaireItem* item = ItemForAnswer(answer_id);
    if (item == nullptr) {
      return Status::InvalidArgument(id_ + ": unknown item " + Quote(answer_id) +
                                     "; the items are " + Join(AnswerIds()));
    }
    if (Status s = CheckValue(answer_id, *item, value); !s.ok()) return s;
    by_item[item->id].push_back(item->reverse ? item->min + item->max - value : value);
  }
  for (const auto& item : items_) {
    if (item.required && by_item.count(item.id) == 0) {
      return Status::InvalidArgument(id_ + ": item " + Quote(item.id) +
                                     " is required but was not answered");
    }
  }
  const int answered = static_cast<int>(answers.size());
  if (answered < min_items_) {
    return Status::InvalidArgument(id_ + ": needs at least " +
                                   Plural(min_items_, "answered item", "answered items") +
                                   ", got " + std::to_string(answered));
  }
  if (answered > max_items_) {
    return Status::InvalidArgument(id_ + ": allows at most " +
                                   Plural(max_items_, "answered item", "answered items") +
                                   ", got " + std::to_string(answered));
  }

  auto combine = [&](const std::vector<std::string>& item_ids) -> std::optional<double> {
    std::vector<const QuestionnaireItem*> items;
    std::vector<double> values;
    for (const auto& item : items_) {
      if (std::find(item_ids.begin(), item_ids.end(), item.id) == item_ids.end()) continue;
      auto it = by_item.find(item.id);
      if (it == by_item.end()) continue;
      for (double v : it->second) {
        items.push_back(&item);
        values.push_back(v);
      }
    }
    if (values.empty()) return std::nullopt;
    return Round(Combine(items, values), round_decimals_);
  };

  Score score;
  score.questionnaire = id_;
  score.answered = answered;
  std::vector<std::string> all_ids;
  for (const auto& item : items_) all_ids.push_back(item.id);
  score.total = combine(all_ids).value_or(0);
  for (const auto& [name, ids] : subscales_) {
    if (auto value = combine(ids)) score.subscales[name] = *value;
  }
  for (const auto& band : bands_) {
    double value = score.total;
    if (band.of != kTotal) {
      auto it = score.subscales.find(band.of);
      if (it == score.subscales.end()) continue;
      value = it->second;
    }
    if (band.min && value < *band.min - kTolerance) continue;
    if (band.max && value > *band.max + kTolerance) continue;
    score.band = band.label;
    score.interpretation = band.interpretation;
    break;
  }
  return score;
}

ChangeVerdict Questionnaire::Compare(double before, double after) const {
  ChangeVerdict v;
  v.before = before;
  v.after = after;
  v.change = after - before;
  const double size = std::fabs(v.change);
  if (before != 0) v.percent_change = size / std::fabs(before) * 100;
  bool meaningful = size >= mcid_.points - kTolerance;
  if (mcid_.percent && v.percent_change && *v.percent_change >= *mcid_.percent - kTolerance) {
    meaningful = true;
  }
  if (size < kTolerance) meaningful = false;
  if (meaningful) {
    const bool better = (v.change > 0) == higher_is_better_;
    v.outcome = better ? ChangeOutcome::kImproved : ChangeOutcome::kWorsened;
  }
  v.sentence = ChangeSentence(v, meaningful);
  return v;
}

std::string Questionnaire::ChangeSentence(const ChangeVerdict& v, bool meaningful) const {
  std::string threshold = Plural(mcid_.points, "point", "points");
  if (mcid_.percent) threshold += " or " + Num(*mcid_.percent) + "%";
  const std::string counts = "the smallest change that counts is " + threshold;
  if (std::fabs(v.change) < kTolerance) {
    return name_ + ": stayed at " + Num(v.before) + ", no change; " + counts + ".";
  }
  std::string detail = Plural(std::fabs(v.change), "point", "points");
  if (mcid_.percent && v.percent_change) detail += ", " + Num(std::round(*v.percent_change)) + "%";
  const std::string moved = name_ + ": " + (v.change < 0 ? "down" : "up") + " from " +
                            Num(v.before) + " to " + Num(v.after) + " (" + detail + "), ";
  if (!meaningful) return moved + "not a meaningful change; " + counts + ".";
  if (v.outcome == ChangeOutcome::kImproved) {
    return moved + "a meaningful improvement; " + counts + ".";
  }
  return moved + "a meaningful worsening, worth raising with your care team; " + counts + ".";
}

}  // namespace backcoach
