// `backcoach serve` (the web app and the API) and `backcoach audit verify`.
#ifndef BACKCOACH_CLI_SERVE_COMMAND_H_
#define BACKCOACH_CLI_SERVE_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

int RunServeCommand(const std::vector<std::string>& args, Io& io);
int RunAuditVerifyCommand(const std::vector<std::string>& args, Io& io);

// The database URL: --db, else $BACKCOACH_DB, else ./data/backcoach.db.
std::string DatabaseUrl(const std::string& flag_value);
// The audit key file: the flag's value, else $BACKCOACH_AUDIT_KEY_FILE, else
// beside the database (app/audit_key.h). The anchor file likewise
// ($BACKCOACH_AUDIT_ANCHOR_FILE).
std::string AuditKeyFile(const std::string& flag_value, const std::string& db_url);
std::string AuditAnchorFile(const std::string& flag_value, const std::string& db_url);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_SERVE_COMMAND_H_
