#include "cli/content_files.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

namespace backcoach::cli {

namespace fs = std::filesystem;

Result<std::vector<ContentFile>> ReadContentFiles(const std::string& dir) {
  std::error_code ec;
  if (!fs::is_directory(dir, ec)) {
    return Status::NotFound("content directory " + dir + " does not exist");
  }
  std::vector<ContentFile> files;
  for (auto it = fs::recursive_directory_iterator(dir, ec); !ec && it != fs::end(it);
       it.increment(ec)) {
    const bool wanted =
        it->path().extension() == ".yaml" || it->path().filename() == kCommonPasswordsFile;
    if (!it->is_regular_file() || !wanted) continue;
    std::ifstream in(it->path(), std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in) return Status::Unavailable("cannot read " + it->path().string());
    files.push_back({fs::relative(it->path(), dir).generic_string(), text.str()});
  }
  if (ec) return Status::Unavailable("cannot list " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end(),
            [](const ContentFile& a, const ContentFile& b) { return a.path < b.path; });
  return files;
}

Result<Content> LoadContentDir(const std::string& dir) {
  auto files = ReadContentFiles(dir);
  if (!files.ok()) return files.status();
  auto content = LoadContent(*files);
  if (!content.ok()) return content.status().WithPrefix(dir + "/");
  return content;
}

}  // namespace backcoach::cli
