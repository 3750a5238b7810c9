// Reading content/ from disk for the core's LoadContent.
#ifndef BACKCOACH_CLI_CONTENT_FILES_H_
#define BACKCOACH_CLI_CONTENT_FILES_H_

#include <string>
#include <vector>

#include "core/content.h"

namespace backcoach::cli {

// Every .yaml file under `dir`, with paths relative to it, sorted.
Result<std::vector<ContentFile>> ReadContentFiles(const std::string& dir);

// Reads and validates the whole content directory; errors name the directory.
Result<Content> LoadContentDir(const std::string& dir);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_CONTENT_FILES_H_
