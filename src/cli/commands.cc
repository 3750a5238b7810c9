// The command table: every subcommand backcoach has, in --help order. Each
// command's name, flags and usage live beside its code (x_command.cc).
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

const std::vector<const Command*>& Commands() {
  static const std::vector<const Command*> commands = {
      &ServeCommand(),
      &ScreenCommand(),
      &ScoreCommand(),
      &PlanCommand(),
      &ProgressCommand(),
      &MotionCommand(),
      &ReportCommand(),
      &ExportCommand(),
      &ImportStepsCommand(),
      &AuditVerifyCommand(),
      &AccountDisableCommand(),
      &AccountEnableCommand(),
      &AccountResetLinkCommand(),
      &MigrateCommand(),
      &BackupCommand(),
      &RestoreCommand(),
      &ContentCheckCommand(),
      &SeedCommand(),
      &SimulateCommand(),
  };
  return commands;
}

}  // namespace backcoach::cli
