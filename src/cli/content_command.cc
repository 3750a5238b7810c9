#include "cli/content_command.h"

#include <iostream>
#include <map>

#include "cli/args.h"
#include "cli/content_files.h"

namespace backcoach::cli {

namespace {

constexpr const char* kUsage =
    "Usage: backcoach content check [--content DIR]\n"
    "\n"
    "Loads and validates every clinical content file (exercises, education, screening\n"
    "rules, questionnaires, alert rules) and prints a summary. The first problem found is printed\n"
    "with its file, entry and field, and the exit status is 2 (3 when a file cannot be\n"
    "read).\n";

void PrintSummary(const Content& content, std::ostream& out) {
  std::map<std::string, int> by_category;
  for (const auto& e : content.catalogue.exercises()) by_category[CategoryName(e.category)]++;
  out << "exercises: " << content.catalogue.exercises().size() << " (";
  bool first = true;
  for (const auto& [name, count] : by_category) {
    out << (first ? "" : ", ") << name << " " << count;
    first = false;
  }
  out << ")\n";
  out << "never while in pain: " << content.catalogue.never().size() << "\n";
  out << "lessons: " << content.education.lessons().size() << "\n";
  std::map<std::string, int> by_tier;
  for (const auto& r : content.screening.rules()) by_tier[TierName(r.tier)]++;
  out << "screening rules: " << content.screening.rules().size() << " (";
  first = true;
  for (Tier t : {Tier::kEmergency, Tier::kSameDay, Tier::kWithinDays, Tier::kRoutineReview}) {
    out << (first ? "" : ", ") << TierName(t) << " " << by_tier[TierName(t)];
    first = false;
  }
  out << ")\n";
  out << "questionnaires: " << content.questionnaires.size() << " (";
  first = true;
  for (const auto& [id, q] : content.questionnaires) {
    out << (first ? "" : ", ") << id;
    first = false;
  }
  out << ")\nalert rules: " << content.alerts.rules().size() << "\ncontent OK\n";
}

Outcome RunContentCheck(const Args& args, Io& io) {
  auto content = LoadContentDir(ContentDir(args));
  if (!content.ok()) return content.status();
  PrintSummary(*content, io.out);
  return Status::Ok();
}

}  // namespace

const Command& ContentCheckCommand() {
  static const Command command{"content check",
                               "validate every file under content/ and summarise it",
                               kUsage,
                               {{"content", true}},
                               {},
                               {},
                               RunContentCheck};
  return command;
}

}  // namespace backcoach::cli
