// A gzip-compressed activity file (export.xml.gz, steps.csv.gz, or what a
// browser compresses before uploading): decompressed as it is fed, and the
// plain bytes passed on to the importer for what they turn out to be (CSV
// or Apple Health, by ImporterFor). Neither the compressed nor the plain
// file is ever held whole, so a large export is read in little memory.
//
// A decompressed size over `max_plain_bytes` ends the import (a small file
// that inflates without end is a denial of service, not an export).
#ifndef BACKCOACH_ACTIVITY_GZIP_IMPORT_H_
#define BACKCOACH_ACTIVITY_GZIP_IMPORT_H_

#include <cstdint>
#include <memory>
#include <string_view>

#include "activity/activity_import.h"

namespace backcoach {

// Whether a file that begins with `head` is gzip-compressed (RFC 1952's
// two magic bytes).
bool IsGzip(std::string_view head);

// An importer for a gzip-compressed file; see above.
std::unique_ptr<ActivityImporter> GzipImporter(std::uint64_t max_plain_bytes);

}  // namespace backcoach

#endif  // BACKCOACH_ACTIVITY_GZIP_IMPORT_H_
