// `backcoach import steps FILE --patient ID`: daily steps and active minutes
// from a CSV file or an Apple Health export.xml (docs/import.md).
//
// The file is read in pieces (never whole), with a progress bar on stderr
// when stderr is a terminal; nothing is stored until the whole file has been
// read, and then every day in one transaction, so a file that fails leaves
// the database as it was.
#ifndef BACKCOACH_CLI_IMPORT_COMMAND_H_
#define BACKCOACH_CLI_IMPORT_COMMAND_H_

#include <string>
#include <vector>

#include "cli/cli.h"

namespace backcoach::cli {

int RunImportStepsCommand(const std::vector<std::string>& args, Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_IMPORT_COMMAND_H_
