// Test helper: a string gzip-compressed as `gzip` would (RFC 1952), for
// feeding the importers and the API compressed files.
#ifndef BACKCOACH_TESTING_GZIP_H_
#define BACKCOACH_TESTING_GZIP_H_

#include <zlib.h>

#include <string>
#include <string_view>

namespace backcoach::testing {

inline std::string Gzip(std::string_view plain, int level = Z_DEFAULT_COMPRESSION) {
  z_stream zs{};
  // 15 + 16: a gzip wrapper around the largest window.
  if (deflateInit2(&zs, level, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY) != Z_OK) return "";
  std::string out(deflateBound(&zs, static_cast<uLong>(plain.size())), '\0');
  zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(plain.data()));
  zs.avail_in = static_cast<uInt>(plain.size());
  zs.next_out = reinterpret_cast<Bytef*>(out.data());
  zs.avail_out = static_cast<uInt>(out.size());
  const int rc = deflate(&zs, Z_FINISH);
  out.resize(zs.total_out);
  deflateEnd(&zs);
  return rc == Z_STREAM_END ? out : "";
}

}  // namespace backcoach::testing

#endif  // BACKCOACH_TESTING_GZIP_H_
