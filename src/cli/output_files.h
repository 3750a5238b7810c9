// Writing what a command produces: one file, or a set of named files into a
// directory (created if needed), each reported on io.out as it is written.
//
// Thread-safety: no state; two calls may not write the same path at once.
#ifndef BACKCOACH_CLI_OUTPUT_FILES_H_
#define BACKCOACH_CLI_OUTPUT_FILES_H_

#include <map>
#include <string>

#include "cli/cli.h"
#include "core/status.h"

namespace backcoach::cli {

// Writes `bytes` to `path`, replacing it. Unavailable when it cannot.
Status WriteFile(const std::string& path, const std::string& bytes);

// Writes each (file name, bytes) of `files` into `dir`, saying "wrote PATH"
// for each. Stops at the first failure: Unavailable when `dir` cannot be
// made or a file cannot be written (the files before it stay written).
Status WriteFilesInto(const std::string& dir, const std::map<std::string, std::string>& files,
                      Io& io);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_OUTPUT_FILES_H_
