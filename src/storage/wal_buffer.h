// A SQLite VFS that writes a transaction's frames of the write-ahead log
// with one system call instead of two for every page.
//
// SQLite writes each frame of the log as two pwrite calls, its 24-byte
// header and then its page, and a durable session log commits about twenty
// frames. On a virtual machine a system call is dear (about 3 µs here), and
// the one thread that commits for everyone makes them all while the other
// writers wait (docs/performance.md, "The log's frames in one write").
//
// This VFS wraps the system's default one. Writes to a write-ahead log that
// follow on from the one before are kept in memory (up to 120 KiB, as the
// system VFS writes no more at once) and written as one pwrite before anything else is done with
// the file: a sync, a read, a write elsewhere, a truncation, a question about its size or a file
// control, closing it, or when the buffer is full. Every other file (the database itself) is passed
// straight through.
//
// REQUIRES: only connections with `PRAGMA synchronous = FULL` (or EXTRA)
// may use it. SQLite then syncs the log at every commit before it makes the
// commit visible to other connections through the shared index, and that
// sync writes the buffer out first. With a lower setting another
// connection could find a committed frame that is not yet in the file.
#ifndef BACKCOACH_STORAGE_WAL_BUFFER_H_
#define BACKCOACH_STORAGE_WAL_BUFFER_H_

#include <cstdint>

namespace backcoach::storage {

// The VFS's name for sqlite3_open_v2, registered (not as the default) on
// the first call; nullptr if SQLite refused to register it (then the
// default VFS is used).
const char* WalBufferVfs();

// Writes the VFS was given for write-ahead logs, and the system calls that
// wrote them, since the process started.
struct WalBufferCounts {
  std::uint64_t writes = 0;
  std::uint64_t flushes = 0;
};
WalBufferCounts WalBufferCountsSoFar();

}  // namespace backcoach::storage

#endif  // BACKCOACH_STORAGE_WAL_BUFFER_H_
