#include "http/static_files.h"

#include <algorithm>
#include <cctype>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <iterator>

namespace backcoach {

namespace {

namespace fs = std::filesystem;

constexpr char kIndex[] = "/index.html";
constexpr char kNoSuchRoute[] = R"({"error":{"code":"not_found","message":"no such route"}})";
constexpr char kNoSuchPage[] = R"({"error":{"code":"not_found","message":"no such page"}})";
constexpr char kImmutable[] = "public, max-age=31536000, immutable";

// q-values in thousandths. Identity that the client did not list ranks
// below every coding it did list (but is still acceptable).
constexpr int kFullQuality = 1000;
constexpr int kUnlistedIdentity = 1;

struct Variant {
  const char* suffix;
  std::string StaticFile::*bytes;
};
constexpr Variant kVariants[] = {{".gz", &StaticFile::gzip}, {".br", &StaticFile::brotli}};

std::string Lower(std::string_view text) {
  std::string out(text);
  std::transform(out.begin(), out.end(), out.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return out;
}

std::string_view Trim(std::string_view text) {
  const size_t begin = text.find_first_not_of(" \t");
  if (begin == std::string_view::npos) return {};
  return text.substr(begin, text.find_last_not_of(" \t") - begin + 1);
}

bool EndsWith(std::string_view text, std::string_view suffix) {
  return text.size() >= suffix.size() && text.substr(text.size() - suffix.size()) == suffix;
}

// RFC 9110 12.4.2: "0" ["." 0*3DIGIT] / "1" ["." 0*3("0")].
bool ParseQValue(std::string_view text, int* thousandths) {
  if (text.empty() || text.size() > 5 || (text[0] != '0' && text[0] != '1')) return false;
  if (text.size() > 1 && text[1] != '.') return false;
  const std::string_view decimals = text.size() > 2 ? text.substr(2) : std::string_view();
  int value = text[0] == '1' ? kFullQuality : 0;
  int scale = 100;
  for (char c : decimals) {
    if (!std::isdigit(static_cast<unsigned char>(c)) || (text[0] == '1' && c != '0')) return false;
    value += (c - '0') * scale;
    scale /= 10;
  }
  *thousandths = value;
  return true;
}

// "gzip;q=0.5, br" -> {gzip: 500, br: 1000}. The first mention of a coding
// counts; a q that is no q-value refuses the coding.
std::map<std::string, int> ParseAcceptEncoding(std::string_view header) {
  std::map<std::string, int> listed;
  size_t start = 0;
  while (start <= header.size()) {
    size_t comma = header.find(',', start);
    if (comma == std::string_view::npos) comma = header.size();
    const std::string_view element = header.substr(start, comma - start);
    start = comma + 1;
    size_t semicolon = element.find(';');
    std::string coding = Lower(Trim(element.substr(0, semicolon)));
    if (coding.empty()) continue;
    int quality = kFullQuality;
    while (semicolon != std::string_view::npos) {
      const size_t next = element.find(';', semicolon + 1);
      const std::string_view parameter = element.substr(semicolon + 1, next - semicolon - 1);
      semicolon = next;
      const size_t equals = parameter.find('=');
      if (equals == std::string_view::npos || Lower(Trim(parameter.substr(0, equals))) != "q") {
        continue;
      }
      if (!ParseQValue(Trim(parameter.substr(equals + 1)), &quality)) quality = 0;
    }
    if (coding == "x-gzip") coding = "gzip";  // RFC 9110 8.4.1.3
    listed.emplace(std::move(coding), quality);
  }
  return listed;
}

// True when `path` lies strictly inside `root` (both canonical).
bool Inside(const fs::path& root, const fs::path& path) {
  auto p = path.begin();
  for (const fs::path& part : root) {
    if (p == path.end() || *p != part) return false;
    ++p;
  }
  return p != path.end();
}

// A file found under the root, before it is read.
struct Found {
  fs::path real;  // the file itself, or what the link names
  std::uint64_t size = 0;
  fs::file_time_type modified;
};

// Lists the loadable files under `root` by key; what is not loadable goes
// to `left_out` with why. Sets `ec` when the walk fails.
void Scan(const fs::path& root, std::map<std::string, Found>* found,
          std::vector<std::string>* left_out, std::error_code& ec) {
  fs::recursive_directory_iterator it(root, fs::directory_options::none, ec);
  for (; !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
    const fs::path& path = it->path();
    const std::string relative = path.lexically_relative(root).generic_string();
    if (path.filename().string().front() == '.') {
      it.disable_recursion_pending();  // .git, .DS_Store: not part of the app
      continue;
    }
    const fs::file_status status = it->symlink_status(ec);
    if (ec) return;
    if (fs::is_directory(status)) continue;
    Found file;
    file.real = path;
    if (fs::is_symlink(status)) {
      std::error_code link_ec;
      file.real = fs::canonical(path, link_ec);
      if (!link_ec && !Inside(root, file.real)) {
        left_out->push_back(relative + " (a link out of the web root)");
        continue;
      }
      if (link_ec || !fs::is_regular_file(file.real, link_ec)) {
        left_out->push_back(relative + " (a link to no regular file)");
        continue;
      }
    } else if (!fs::is_regular_file(status)) {
      left_out->push_back(relative + " (not a regular file)");
      continue;
    }
    file.size = fs::file_size(file.real, ec);
    if (!ec) file.modified = fs::last_write_time(file.real, ec);
    if (ec) return;
    (*found)["/" + relative] = std::move(file);
  }
}

bool IsVariantOfAnother(const std::string& key, const std::map<std::string, Found>& found) {
  for (const Variant& variant : kVariants) {
    if (EndsWith(key, variant.suffix) &&
        found.count(key.substr(0, key.size() - std::strlen(variant.suffix))) != 0) {
      return true;
    }
  }
  return false;
}

bool ReadWhole(const fs::path& path, std::uint64_t size, std::string* bytes) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return false;
  bytes->assign(std::istreambuf_iterator<char>(in), {});
  return bytes->size() == size;  // a file that changed while read is not half-served
}

}  // namespace

ContentCoding ChooseCoding(std::string_view accept_encoding, bool have_gzip, bool have_brotli) {
  const std::map<std::string, int> listed = ParseAcceptEncoding(accept_encoding);
  auto quality = [&listed](const std::string& coding) {
    if (auto it = listed.find(coding); it != listed.end()) return it->second;
    if (auto star = listed.find("*"); star != listed.end()) return star->second;
    return coding == "identity" ? kUnlistedIdentity : 0;
  };
  struct Candidate {
    ContentCoding coding;
    bool available;
    const char* name;
  };
  // In the order that wins a tie: the smallest first.
  const Candidate candidates[] = {{ContentCoding::kBrotli, have_brotli, "br"},
                                  {ContentCoding::kGzip, have_gzip, "gzip"},
                                  {ContentCoding::kIdentity, true, "identity"}};
  ContentCoding best = ContentCoding::kIdentity;
  int best_quality = 0;
  for (const Candidate& candidate : candidates) {
    if (!candidate.available) continue;
    const int q = quality(candidate.name);
    if (q > best_quality) {
      best = candidate.coding;
      best_quality = q;
    }
  }
  return best;
}

std::string ContentTypeFor(std::string_view name) {
  static const std::pair<const char*, const char*> kTypes[] = {
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".json", "application/json"},  // a pose model's description among others
      {".map", "application/json"},
      {".webmanifest", "application/manifest+json"},
      {".wasm", "application/wasm"},         // streaming compilation needs this exact type
      {".bin", "application/octet-stream"},  // model weights
      {".woff2", "font/woff2"},
      {".txt", "text/plain; charset=utf-8"},
      {".gz", "application/gzip"}};
  const std::string lower = Lower(name);
  for (const auto& [extension, type] : kTypes) {
    if (EndsWith(lower, extension)) return type;
  }
  return "application/octet-stream";
}

Result<StaticFiles> StaticFiles::Load(const std::string& root_text) {
  const std::string where = "the web app in " + root_text;
  std::error_code ec;
  const fs::path root = fs::canonical(root_text, ec);
  if (ec) return Status::InvalidArgument(where + " cannot be read: " + ec.message());
  if (!fs::is_directory(root, ec)) {
    return Status::InvalidArgument(where + " cannot be read: it is not a directory");
  }
  StaticFiles files;
  std::map<std::string, Found> found;
  Scan(root, &found, &files.left_out_, ec);
  if (ec) return Status::InvalidArgument(where + " cannot be read: " + ec.message());
  if (found.count(kIndex) == 0) return Status::InvalidArgument(where + " has no index.html");
  std::uint64_t bytes = 0;
  for (const auto& [key, file] : found) bytes += file.size;
  if (bytes > kMaxWebRootBytes) {
    return Status::InvalidArgument(where + " is larger than " +
                                   std::to_string(kMaxWebRootBytes >> 20) + " MiB");
  }
  for (const auto& [key, file] : found) {
    if (IsVariantOfAnother(key, found)) continue;
    StaticFile& loaded = files.files_[key];
    loaded.content_type = ContentTypeFor(key);
    if (!ReadWhole(file.real, file.size, &loaded.identity)) {
      return Status::Unavailable(where + ": " + key.substr(1) + " cannot be read");
    }
    files.total_bytes_ += file.size;
    for (const Variant& variant : kVariants) {
      auto it = found.find(key + variant.suffix);
      if (it == found.end()) continue;
      if (it->second.modified < file.modified) {
        files.left_out_.push_back(it->first.substr(1) + " (older than " + key.substr(1) + ")");
        continue;
      }
      if (!ReadWhole(it->second.real, it->second.size, &(loaded.*variant.bytes))) {
        return Status::Unavailable(where + ": " + it->first.substr(1) + " cannot be read");
      }
      files.total_bytes_ += it->second.size;
    }
  }
  return files;
}

const StaticFile* StaticFiles::Find(const std::string& path) const {
  auto it = files_.find(path);
  return it == files_.end() ? nullptr : &it->second;
}

http::Response StaticFiles::Serve(const http::Request& request) const {
  const std::string path = request.path == "/" ? kIndex : request.path;
  const StaticFile* file = Find(path);
  const bool hashed_asset = file != nullptr && path.rfind("/assets/", 0) == 0;
  if (file == nullptr) {
    if (request.path.rfind("/api/", 0) == 0) return http::Response::Json(404, kNoSuchRoute);
    file = Find(kIndex);  // the app's own routes
    if (file == nullptr) return http::Response::Json(404, kNoSuchPage);
  }
  const ContentCoding coding =
      ChooseCoding(request.Header("accept-encoding"), !file->gzip.empty(), !file->brotli.empty());
  const std::string& body = coding == ContentCoding::kBrotli ? file->brotli
                            : coding == ContentCoding::kGzip ? file->gzip
                                                             : file->identity;
  http::Response response = http::Response::Text(200, file->content_type, body);
  if (coding != ContentCoding::kIdentity) {
    response.headers.emplace_back("Content-Encoding",
                                  coding == ContentCoding::kBrotli ? "br" : "gzip");
  }
  response.headers.emplace_back("Vary", "Accept-Encoding");
  response.headers.emplace_back("Cache-Control", hashed_asset ? kImmutable : "no-cache");
  response.headers.emplace_back("Content-Security-Policy", kContentSecurityPolicy);
  return response;
}

}  // namespace backcoach
