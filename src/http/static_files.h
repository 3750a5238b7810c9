// StaticFiles: the built web app (web/dist), read into memory once when the
// server starts and answered from there.
//
// A request path is only ever a key in the table built at load: it is never
// joined to a file-system path, so no spelling of it (an absolute path, dot
// segments, encoded slashes) can reach a file that was not loaded. The
// table's keys are the files' paths relative to the root, with a leading
// slash ("/assets/app-X.js"), matched exactly. See docs/security.md.
//
// What is loaded: every regular file under the root, except names that
// start with a dot (and the directories so named). A symbolic link is
// followed only when it names a regular file inside the root; one that leads
// out of it, to a directory, or nowhere is left out (left_out() names them).
// "x.gz" and "x.br" beside a file "x" are its gzip and brotli variants,
// written by the web build (scripts/build-web.sh), not at start: they are
// not served under their own names, and one older than "x" is left out as
// stale.
//
// Thread-safety: const after Load; Serve may run on many threads at once.
// Only Load fails (below); serving answers a missing file with 404.
#ifndef BACKCOACH_HTTP_STATIC_FILES_H_
#define BACKCOACH_HTTP_STATIC_FILES_H_

#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "http/http.h"

namespace backcoach {

// The Content-Security-Policy of every page and asset of the web app: only
// its own origin, no inline script or style, no plugins, no framing, no
// <base> elsewhere, forms posted only here. Scripts may compile WebAssembly
// ('wasm-unsafe-eval': the camera coach's pose model and motion analysis),
// which allows no eval() of JavaScript. One constant, so that the policy
// changes in one place.
inline constexpr char kContentSecurityPolicy[] =
    "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; base-uri 'self'; "
    "object-src 'none'; frame-ancestors 'none'; form-action 'self'";

// The most a web root may hold, all files and variants together; a larger
// one (a --web pointed at the wrong directory) is refused at start.
inline constexpr std::uint64_t kMaxWebRootBytes = std::uint64_t{256} << 20;

enum class ContentCoding { kIdentity, kGzip, kBrotli };

// The coding to answer with, given the request's Accept-Encoding ("" when
// absent) and which variants the file has. RFC 9110 12.5.3: codings and "*"
// with q-values (case-insensitive; "x-gzip" is gzip); q=0 refuses a coding;
// a q-value that is not one counts as 0. The highest q wins, brotli before
// gzip before identity on a tie. Identity not listed is acceptable only when
// nothing listed is; when nothing acceptable exists, identity is sent anyway
// (RFC 9110 says a server SHOULD then send the unencoded form).
ContentCoding ChooseCoding(std::string_view accept_encoding, bool have_gzip, bool have_brotli);

// The Content-Type for a file name, by its extension; application/octet-stream
// for one not known.
std::string ContentTypeFor(std::string_view name);

struct StaticFile {
  std::string content_type;
  std::string identity;  // the file's bytes
  std::string gzip;      // its .gz variant, or empty
  std::string brotli;    // its .br variant, or empty
};

class StaticFiles {
 public:
  // Reads the web app in `root`. InvalidArgument when it is not a readable
  // directory ("the web app in DIR cannot be read: ..."), holds no
  // index.html ("the web app in DIR has no index.html") or more than
  // kMaxWebRootBytes ("the web app in DIR is larger than 256 MiB");
  // Unavailable when a file cannot be read.
  static Result<StaticFiles> Load(const std::string& root);

  // The file whose key is exactly `path`, or nullptr.
  const StaticFile* Find(const std::string& path) const;

  // Answers a GET or HEAD: the file named by request.path ("/" is
  // /index.html); for another path outside /api/, index.html (the app's own
  // routes, such as /today, on reload); else 404. In the coding
  // Accept-Encoding asks for, with Vary: Accept-Encoding, the
  // Content-Security-Policy, and Cache-Control: a year and immutable under
  // /assets/ (their names hold a hash of their content), no-cache otherwise.
  http::Response Serve(const http::Request& request) const;

  // The entries of the root that were not loaded, relative to it, each with
  // why ("leak.txt (a link out of the web root)").
  const std::vector<std::string>& left_out() const { return left_out_; }
  std::size_t file_count() const { return files_.size(); }
  std::uint64_t total_bytes() const { return total_bytes_; }

 private:
  std::map<std::string, StaticFile> files_;
  std::vector<std::string> left_out_;
  std::uint64_t total_bytes_ = 0;
};

}  // namespace backcoach

#endif  // BACKCOACH_HTTP_STATIC_FILES_H_
