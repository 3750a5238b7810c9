#include "cli/score_command.h"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "cli/args.h"

namespace backcoach::cli {

namespace {

namespace fs = std::filesystem;

constexpr const char* kUsage =
    "Usage: backcoach score --questionnaire ID --answers FILE [--json]\n"
    "       backcoach score --definition DEF --answers FILE [--json]\n"
    "       backcoach score --change --questionnaire ID --before X --after Y [--json]\n"
    "\n"
    "Scores one set of answers to a questionnaire and prints the score, its band and what\n"
    "the band means. With --change, compares two scores against the questionnaire's\n"
    "minimal clinically important difference and says whether the change is an\n"
    "improvement, a worsening or no meaningful change.\n"
    "\n"
    "FILE is a JSON object of item id to number, e.g. {\"pain\": 6}; '-' reads standard\n"
    "input. The shipped questionnaires are read from <content>/questionnaires/.\n"
    "\n"
    "Options:\n"
    "  --questionnaire ID   a shipped questionnaire (nrs, peg, psfs, fear_rating, ...)\n"
    "  --answers FILE       the answers to score\n"
    "  --definition DEF     a clinic's own questionnaire definition (YAML) instead of the\n"
    "                       shipped ones; --questionnaire may then be left out\n"
    "  --change             compare two scores instead of scoring answers\n"
    "  --before X           the earlier score (with --change)\n"
    "  --after Y            the later score (with --change)\n"
    "  --json               print the result as JSON\n"
    "  --content DIR        clinical content to use (default: the shipped content/)\n"
    "  --help               show this help\n"
    "\n"
    "Exit status: 0 done, 2 invalid flags, answers or definition (one line on stderr).\n"
    "Examples: docs/score.md. Definition format: docs/questionnaires.md\n";

// "7", "6.3": at most two decimals, no trailing zeros.
std::string Num(double v) {
  char buffer[64];
  std::snprintf(buffer, sizeof buffer, "%.2f", v);
  std::string s = buffer;
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s == "-0" ? "0" : s;
}

// Whole numbers print as integers in JSON ("6", not "6.0").
nlohmann::json JsonNumber(double v) {
  if (v == std::floor(v) && std::fabs(v) < 1e15) return static_cast<long long>(v);
  return v;
}

std::string Join(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += ", ";
    out += item;
  }
  return out;
}

Result<std::string> ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound("cannot read " + path.string());
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// The questionnaire the flags name: a clinic's definition file, or a
// shipped one from the content directory.
Result<Questionnaire> ChooseQuestionnaire(const Args& args) {
  const auto wanted = args.Value("questionnaire");
  if (auto definition = args.Value("definition")) {
    auto text = ReadFile(*definition);
    if (!text.ok()) return text.status();
    auto q = Questionnaire::Parse(*text, *definition);
    if (!q.ok()) return q.status();
    if (wanted && *wanted != q->id()) {
      return Status::InvalidArgument("--questionnaire '" + *wanted + "' does not match the id '" +
                                     q->id() + "' in " + *definition);
    }
    return q;
  }
  auto all = LoadQuestionnaireDir((fs::path(ContentDir(args)) / "questionnaires").string());
  if (!all.ok()) return all.status();
  std::vector<std::string> ids;
  for (const auto& [id, q] : *all) ids.push_back(id);
  if (!wanted) {
    return Status::InvalidArgument("missing --questionnaire ID (one of " + Join(ids) +
                                   ") or --definition FILE");
  }
  auto it = all->find(*wanted);
  if (it == all->end()) {
    return Status::NotFound("unknown questionnaire '" + *wanted + "'; the shipped ones are " +
                            Join(ids) + " (a clinic's own: --definition FILE)");
  }
  return it->second;
}

Result<std::map<std::string, double>> ParseAnswers(const std::string& text) {
  const nlohmann::json json = nlohmann::json::parse(text, nullptr, false);
  if (json.is_discarded()) {
    return Status::InvalidArgument("the answers are not valid JSON");
  }
  if (!json.is_object()) {
    return Status::InvalidArgument(
        "the answers must be a JSON object of item id to number, e.g. {\"pain\": 6}");
  }
  std::map<std::string, double> answers;
  for (const auto& [key, value] : json.items()) {
    if (!value.is_number()) {
      return Status::InvalidArgument("answer '" + key + "' must be a number, got " + value.dump());
    }
    answers[key] = value.get<double>();
  }
  return answers;
}

// A required number flag within the questionnaire's score range.
Result<double> ScoreFlag(const Args& args, const std::string& flag, const Questionnaire& q) {
  const auto text = args.Value(flag);
  if (!text) return Status::InvalidArgument("--change needs --" + flag + " X");
  char* end = nullptr;
  const double v = std::strtod(text->c_str(), &end);
  if (text->empty() || *end != '\0' || !std::isfinite(v)) {
    return Status::InvalidArgument("option --" + flag + " must be a number, got '" + *text + "'");
  }
  if (v < q.score_min() || v > q.score_max()) {
    return Status::InvalidArgument("option --" + flag + " must be a " + q.id() + " score from " +
                                   Num(q.score_min()) + " to " + Num(q.score_max()) + ", got " +
                                   *text);
  }
  return v;
}

void PrintScore(const Questionnaire& q, const Score& s, bool json, std::ostream& out) {
  if (json) {
    nlohmann::json subscales = nlohmann::json::object();
    for (const auto& [name, value] : s.subscales) subscales[name] = JsonNumber(value);
    nlohmann::json j = {
        {"questionnaire", q.id()},
        {"score", JsonNumber(s.total)},
        {"subscales", subscales},
        {"band", s.band.empty() ? nlohmann::json() : nlohmann::json(s.band)},
        {"interpretation", s.band.empty() ? nlohmann::json() : nlohmann::json(s.interpretation)}};
    out << j.dump(2) << "\n";
    return;
  }
  out << "questionnaire: " << q.id() << "\n";
  out << "name: " << q.name() << "\n";
  out << "score: " << Num(s.total) << " (" << Num(q.score_min()) << " to " << Num(q.score_max())
      << ", " << (q.higher_is_better() ? "higher" : "lower") << " is better)\n";
  for (const auto& [name, value] : s.subscales) {
    out << "subscale " << name << ": " << Num(value) << "\n";
  }
  out << "band: " << (s.band.empty() ? "none" : s.band) << "\n";
  if (!s.band.empty()) out << "interpretation: " << s.interpretation << "\n";
  if (!q.validated()) out << "note: a simple self-rating, not a validated instrument\n";
}

void PrintChange(const Questionnaire& q, const ChangeVerdict& v, bool json, std::ostream& out) {
  if (json) {
    nlohmann::json mcid = {
        {"points", JsonNumber(q.mcid().points)},
        {"percent", q.mcid().percent ? JsonNumber(*q.mcid().percent) : nlohmann::json()},
        {"source", q.mcid().source}};
    nlohmann::json j = {
        {"questionnaire", q.id()},
        {"before", JsonNumber(v.before)},
        {"after", JsonNumber(v.after)},
        {"change", JsonNumber(std::round(v.change * 1e6) / 1e6)},
        {"percent_change",
         v.percent_change ? JsonNumber(std::round(*v.percent_change * 10) / 10) : nlohmann::json()},
        {"verdict", ChangeOutcomeName(v.outcome)},
        {"sentence", v.sentence},
        {"mcid", mcid}};
    out << j.dump(2) << "\n";
    return;
  }
  out << "verdict: " << ChangeOutcomeName(v.outcome) << "\n" << v.sentence << "\n";
}

Status ScoreFromAnswers(const Args& args, const Questionnaire& q, Io& io) {
  auto text = ReadInput(*args.Value("answers"), io.in);
  if (!text.ok()) return text.status();
  auto answers = ParseAnswers(*text);
  if (!answers.ok()) return answers.status();
  auto score = q.ScoreAnswers(*answers);
  if (!score.ok()) return score.status();
  PrintScore(q, *score, args.Has("json"), io.out);
  return Status::Ok();
}

Status CompareTwoScores(const Args& args, const Questionnaire& q, Io& io) {
  auto before = ScoreFlag(args, "before", q);
  if (!before.ok()) return before.status();
  auto after = ScoreFlag(args, "after", q);
  if (!after.ok()) return after.status();
  PrintChange(q, q.Compare(*before, *after), args.Has("json"), io.out);
  return Status::Ok();
}

// Flags that belong to one mode only.
Status CheckMode(const Args& args) {
  if (args.Has("change")) {
    if (args.Has("answers"))
      return Status::InvalidArgument("--answers cannot be used with --change");
    return Status::Ok();
  }
  if (args.Has("before") || args.Has("after")) {
    return Status::InvalidArgument("--before and --after need --change");
  }
  if (!args.Has("answers")) {
    return Status::InvalidArgument("missing --answers FILE (or --change to compare two scores)");
  }
  return Status::Ok();
}

}  // namespace

Result<std::map<std::string, Questionnaire>> LoadQuestionnaireDir(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("questionnaire directory " + dir + " does not exist");
  }
  std::vector<fs::path> paths;
  for (auto it = fs::directory_iterator(dir, ec); !ec && it != fs::directory_iterator();
       it.increment(ec)) {
    if (it->is_regular_file() && it->path().extension() == ".yaml") paths.push_back(it->path());
  }
  if (ec) return Status::Unavailable("cannot list " + dir + ": " + ec.message());
  std::sort(paths.begin(), paths.end());
  std::map<std::string, Questionnaire> out;
  for (const auto& path : paths) {
    auto text = ReadFile(path);
    if (!text.ok()) return text.status();
    auto q = Questionnaire::Parse(*text, path.string());
    if (!q.ok()) return q.status();
    const std::string id = q->id();
    if (!out.emplace(id, std::move(q).value()).second) {
      return Status::InvalidArgument(path.string() + ": questionnaire '" + id +
                                     "' is defined twice");
    }
  }
  if (out.empty()) return Status::NotFound("no questionnaire definitions in " + dir);
  return out;
}

namespace {

Outcome RunScore(const Args& args, Io& io) {
  if (Status s = CheckMode(args); !s.ok()) return s;
  auto q = ChooseQuestionnaire(args);
  if (!q.ok()) return q.status();
  if (args.Has("change")) return CompareTwoScores(args, *q, io);
  return ScoreFromAnswers(args, *q, io);
}

}  // namespace

const Command& ScoreCommand() {
  static const Command command{"score",
                               "score a questionnaire, or compare two scores",
                               kUsage,
                               {{"questionnaire", true},
                                {"answers", true},
                                {"definition", true},
                                {"content", true},
                                {"change"},
                                {"before", true},
                                {"after", true},
                                {"json"}},
                               {},
                               {},
                               RunScore};
  return command;
}

}  // namespace backcoach::cli
