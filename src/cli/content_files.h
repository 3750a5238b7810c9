// Reading content/ from disk for the core's LoadContent, which itself does
// no I/O.
//
// Thread-safety: no state; safe from any thread (the files are read as they
// are at the time).
#ifndef BACKCOACH_CLI_CONTENT_FILES_H_
#define BACKCOACH_CLI_CONTENT_FILES_H_

#include <string>
#include <vector>

#include "core/content.h"

namespace backcoach::cli {

// Every .yaml file under `dir` (and the common-passwords list), with paths
// relative to it, sorted. NotFound "content directory DIR does not exist";
// Unavailable when a file cannot be read or the directory listed.
Result<std::vector<ContentFile>> ReadContentFiles(const std::string& dir);

// Reads and validates the whole content directory. ReadContentFiles'
// errors, or LoadContent's (InvalidArgument naming the file, entry and
// field) with the directory before the file name.
Result<Content> LoadContentDir(const std::string& dir);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_CONTENT_FILES_H_
