// The command table: every subcommand backcoach has, in --help order.
#include "cli/cli.h"
#include "cli/content_command.h"
#include "cli/plan_command.h"
#include "cli/score_command.h"
#include "cli/screen_command.h"

namespace backcoach::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {"screen", "check an intake for red flags and print the triage", RunScreenCommand},
      {"score", "score a questionnaire, or compare two scores", RunScoreCommand},
      {"plan", "build an individual exercise plan from an intake and preferences", RunPlanCommand},
      {"progress", "apply session logs to a plan: progress, hold, regress, with reasons",
       RunProgressCommand},
      {"content check", "validate every file under content/ and summarise it",
       RunContentCheckCommand},
  };
  return commands;
}

}  // namespace backcoach::cli
