// Questionnaire: one outcome measure (pain rating, PEG, PSFS, ...) as data,
// and how its answers become a score, a band and a verdict on change.
//
// A definition is one YAML file (content/questionnaires/*.yaml, or a file a
// clinic supplies for an instrument it holds a licence for); the format is
// described in docs/questionnaires.md. Parse validates the whole definition:
// unknown keys, missing fields, min above max, a band naming an unknown
// subscale, a subscale naming an unknown item are errors naming the file, the
// entry and the field, for example
//   "nrs.yaml: item 'pain': field 'max': must be greater than 'min' (10), got 0".
//
// Scoring takes answers keyed by item id. An item with `repeat: N` is a
// template answered as `<id>_1` .. `<id>_N` (PSFS: the person rates 1 to 3
// activities of their own); how many answers a score needs is bounded by
// min_items and max_items. Missing required items, unknown items and values
// outside an item's scale are InvalidArgument errors that say which item and
// what was expected.
//
// A Questionnaire is immutable after parsing and safe to share between
// threads.
#ifndef BACKCOACH_CORE_QUESTIONNAIRE_H_
#define BACKCOACH_CORE_QUESTIONNAIRE_H_

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"

namespace backcoach {

// How item values are combined into a score (and each subscale).
enum class ScoringMethod {
  kSum,      // total of the answered items
  kMean,     // average of the answered items
  kPercent,  // answered items' total as a percentage of the most they could
             // total (Oswestry style): 100 * sum(v - min) / sum(max - min)
};
const char* ScoringMethodName(ScoringMethod m);  // "sum", "mean", "percent"

// One answer choice of an item with named options.
struct ItemOption {
  double value = 0;
  std::string label;
};

struct QuestionnaireItem {
  std::string id;  // snake_case, unique within the questionnaire
  std::string text;
  double min = 0;
  double max = 10;
  double step = 1;        // a scale answer must be min + k * step
  std::string min_label;  // optional words for the ends of a scale
  std::string max_label;
  std::vector<ItemOption> options;  // when not empty, the answer is one of these values
  bool reverse = false;             // scored as min + max - value
  bool required = true;             // always false for a repeated item
  int repeat = 1;                   // > 1: answered as <id>_1 .. <id>_<repeat>
};

// A score range with words: the first band whose bounds hold wins.
struct ScoreBand {
  std::string label;           // snake_case: "low", "moderate", "high"
  std::string of = "total";    // "total" or a subscale name
  std::optional<double> min;   // inclusive
  std::optional<double> max;   // inclusive
  std::string interpretation;  // plain words for the person and the clinician
};

// Minimal clinically important difference: the smallest change that matters.
struct Mcid {
  double points = 0;
  std::optional<double> percent;  // of the earlier score
  std::string source;
};

struct Score {
  std::string questionnaire;                // id
  double total = 0;                         // rounded to the definition's decimals
  std::map<std::string, double> subscales;  // subscales with at least one answer
  std::string band;            // label of the first matching band; empty when none matched
  std::string interpretation;  // that band's interpretation
  int answered = 0;            // answers scored
};

enum class ChangeOutcome { kImproved, kWorsened, kNoMeaningfulChange };
// "improved", "worsened", "no_meaningful_change"
const char* ChangeOutcomeName(ChangeOutcome c);

struct ChangeVerdict {
  ChangeOutcome outcome = ChangeOutcome::kNoMeaningfulChange;
  double before = 0;
  double after = 0;
  double change = 0;                     // after - before
  std::optional<double> percent_change;  // |change| / before * 100; absent when before is 0
  std::string sentence;                  // one plain sentence
};

class Questionnaire {
 public:
  // Parses and validates one definition. `file_name` starts every error.
  static Result<Questionnaire> Parse(const std::string& yaml_text, const std::string& file_name);

  // Scores answers (answer id -> value). Errors: an unknown answer id, a
  // value off an item's scale, a required item unanswered, fewer than
  // min_items or more than max_items answers. Bands are matched against the
  // rounded scores.
  Result<Score> ScoreAnswers(const std::map<std::string, double>& answers) const;

  // Compares two total scores against the MCID. The change is meaningful
  // when |after - before| >= mcid().points, or, when mcid().percent is set
  // and before is not 0, when |after - before| / before * 100 >= percent.
  // A meaningful change in the better direction (see higher_is_better) is
  // kImproved, in the other kWorsened.
  ChangeVerdict Compare(double before, double after) const;

  const std::string& id() const { return id_; }
  const std::string& name() const { return name_; }
  const std::string& description() const { return description_; }
  const std::string& instructions() const { return instructions_; }  // may be empty
  const std::string& licence() const { return licence_; }
  const std::string& source() const { return source_; }
  bool validated() const { return validated_; }
  bool higher_is_better() const { return higher_is_better_; }
  // As defined: a repeated item appears once, as its template.
  const std::vector<QuestionnaireItem>& items() const { return items_; }
  // Every id an answer may use, in order (repeated items expanded).
  std::vector<std::string> AnswerIds() const;
  int min_items() const { return min_items_; }
  int max_items() const { return max_items_; }
  ScoringMethod method() const { return method_; }
  const std::map<std::string, std::vector<std::string>>& subscales() const { return subscales_; }
  int round_decimals() const { return round_decimals_; }
  const std::vector<ScoreBand>& bands() const { return bands_; }
  const Mcid& mcid() const { return mcid_; }
  // The lowest and highest total a valid set of answers can score.
  double score_min() const { return score_min_; }
  double score_max() const { return score_max_; }

  // Limits the parser enforces; documented in docs/questionnaires.md.
  static constexpr double kMinValue = -1000;
  static constexpr double kMaxValue = 1000;
  static constexpr int kMaxRepeat = 20;
  static constexpr int kMaxDecimals = 4;

 private:
  friend class QuestionnaireParser;

  // Finds the item an answer id belongs to; nullptr when unknown.
  const QuestionnaireItem* ItemForAnswer(const std::string& answer_id) const;
  Status CheckValue(const std::string& answer_id, const QuestionnaireItem& item,
                    double value) const;
  double Combine(const std::vector<const QuestionnaireItem*>& items,
                 const std::vector<double>& values) const;
  std::string ChangeSentence(const ChangeVerdict& v, bool meaningful) const;

  std::string id_;
  std::string name_;
  std::string description_;
  std::string instructions_;
  std::string licence_;
  std::string source_;
  bool validated_ = false;
  bool higher_is_better_ = false;
  std::vector<QuestionnaireItem> items_;
  int min_items_ = 1;
  int max_items_ = 1;
  ScoringMethod method_ = ScoringMethod::kSum;
  std::map<std::string, std::vector<std::string>> subscales_;  // name -> item ids
  int round_decimals_ = 1;
  std::vector<ScoreBand> bands_;
  Mcid mcid_;
  double score_min_ = 0;
  double score_max_ = 0;
};

}  // namespace backcoach

#endif  // BACKCOACH_CORE_QUESTIONNAIRE_H_
