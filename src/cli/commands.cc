// The command table: every subcommand backcoach has, in --help order.
#include "cli/account_command.h"
#include "cli/cli.h"
#include "cli/content_command.h"
#include "cli/export_command.h"
#include "cli/import_command.h"
#include "cli/motion_command.h"
#include "cli/plan_command.h"
#include "cli/report_command.h"
#include "cli/score_command.h"
#include "cli/screen_command.h"
#include "cli/seed_command.h"
#include "cli/serve_command.h"
#include "cli/simulate_command.h"
#include "cli/storage_command.h"

namespace backcoach::cli {

const std::vector<Command>& Commands() {
  static const std::vector<Command> commands = {
      {"serve", "serve the web app and the API (--demo for a living demo clinic)", RunServeCommand},
      {"screen", "check an intake for red flags and print the triage", RunScreenCommand},
      {"score", "score a questionnaire, or compare two scores", RunScoreCommand},
      {"plan", "build an individual exercise plan from an intake and preferences", RunPlanCommand},
      {"progress", "apply session logs to a plan: progress, hold, regress, with reasons",
       RunProgressCommand},
      {"motion", "analyse a recording of body keypoints: repetitions, holds and form",
       RunMotionCommand},
      {"report", "draw a patient's progress report as a PDF (charts also as PNG)",
       RunReportCommand},
      {"export", "write a patient's data as FHIR R4, backcoach JSON, or CSV for research",
       RunExportCommand},
      {"import steps", "add daily steps and active minutes from a CSV file or Apple Health",
       RunImportStepsCommand},
      {"audit verify", "check the audit log's hash chain", RunAuditVerifyCommand},
      {"account disable", "disable an account: its sessions end, it cannot sign in",
       RunAccountDisableCommand},
      {"account enable", "enable a disabled account again", RunAccountEnableCommand},
      {"account reset-link", "print a one-time link to choose a new password",
       RunAccountResetLinkCommand},
      {"migrate", "create the database or bring its schema up to date", RunMigrateCommand},
      {"backup", "write a checked copy of the SQLite database while it serves", RunBackupCommand},
      {"restore", "check a backup and put it in place of the SQLite database", RunRestoreCommand},
      {"content check", "validate every file under content/ and summarise it",
       RunContentCheckCommand},
      {"seed", "add a clinic of virtual patients with history, for load tests", RunSeedCommand},
      {"simulate", "run virtual people through the engine and check its safety properties",
       RunSimulateCommand},
  };
  return commands;
}

}  // namespace backcoach::cli
