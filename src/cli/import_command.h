// `backcoach import steps FILE --patient ID`: daily steps and active minutes
// from a CSV file or an Apple Health export.xml (docs/import.md).
//
// The file is read in pieces (never whole), with a progress bar on stderr
// when stderr is a terminal; nothing is stored until the whole file has been
// read, and then every day in one transaction, so a file that fails leaves
// the database as it was. Rows that cannot be read are skipped and listed.
// Fails with bad input (exit 2) for wrong flags, an unknown patient or a
// file that cannot be read as a whole, unavailable (exit 3) when the
// database fails. Thread-safety: as cli.h.
#ifndef BACKCOACH_CLI_IMPORT_COMMAND_H_
#define BACKCOACH_CLI_IMPORT_COMMAND_H_

#include "cli/cli.h"

namespace backcoach::cli {

const Command& ImportStepsCommand();

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_IMPORT_COMMAND_H_
