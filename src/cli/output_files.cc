#include "cli/output_files.h"

#include <filesystem>
#include <fstream>
#include <ostream>

namespace backcoach::cli {

namespace fs = std::filesystem;

Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
  out.close();
  if (!out) return Status::Unavailable("cannot write " + path);
  return Status::Ok();
}

Status WriteFilesInto(const std::string& dir, const std::map<std::string, std::string>& files,
                      Io& io) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) return Status::Unavailable("cannot create " + dir + ": " + ec.message());
  for (const auto& [name, bytes] : files) {
    const std::string path = (fs::path(dir) / name).string();
    if (Status s = WriteFile(path, bytes); !s.ok()) return s;
    io.out << "wrote " << path << "\n";
  }
  return Status::Ok();
}

}  // namespace backcoach::cli
