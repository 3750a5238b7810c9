#include "storage/wal_buffer.h"

#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <cstdlib>
#include <cstring>

namespace backcoach::storage {
namespace {

// SQLite's unix VFS writes at most 128 KiB - 1 bytes a call (it masks the
// count to 17 bits, as no page is larger), so the buffer stays below that:
// 29 frames of 4 KiB pages.
constexpr std::size_t kCapacity = 120 << 10;

std::atomic<std::uint64_t> g_writes{0};
std::atomic<std::uint64_t> g_flushes{0};

// Our file first, then the wrapped VFS's file, as SQLite's shims lay them
// out. `pending` holds the bytes for [start, start + used) of the file.
struct File {
  sqlite3_file base;
  sqlite3_file* real;
  bool wal;
  char* pending;
  sqlite3_int64 start;
  std::size_t used;
};

sqlite3_vfs* Wrapped(sqlite3_vfs* vfs) { return static_cast<sqlite3_vfs*>(vfs->pAppData); }

File* Of(sqlite3_file* file) { return reinterpret_cast<File*>(file); }

const sqlite3_io_methods* Real(File* f) { return f->real->pMethods; }

// Writes out what is pending; SQLite's error code for the write if it fails
// (nothing is kept then: SQLite abandons the transaction).
int Flush(File* f) {
  if (f->used == 0) return SQLITE_OK;
  const int rc = Real(f)->xWrite(f->real, f->pending, static_cast<int>(f->used), f->start);
  g_flushes.fetch_add(1, std::memory_order_relaxed);
  f->used = 0;
  return rc;
}

int Close(sqlite3_file* file) {
  File* f = Of(file);
  const int flushed = Flush(f);
  const int rc = Real(f)->xClose(f->real);
  std::free(f->pending);
  f->pending = nullptr;
  return flushed != SQLITE_OK ? flushed : rc;
}

int Read(sqlite3_file* file, void* out, int amount, sqlite3_int64 offset) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f)->xRead(f->real, out, amount, offset);
}

int Write(sqlite3_file* file, const void* data, int amount, sqlite3_int64 offset) {
  File* f = Of(file);
  if (!f->wal) return Real(f)->xWrite(f->real, data, amount, offset);
  g_writes.fetch_add(1, std::memory_order_relaxed);
  const auto size = static_cast<std::size_t>(amount);
  const bool follows = f->used > 0 && offset == f->start + static_cast<sqlite3_int64>(f->used);
  if (!follows || f->used + size > kCapacity) {
    if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  }
  if (size > kCapacity) return Real(f)->xWrite(f->real, data, amount, offset);
  if (f->pending == nullptr) {
    f->pending = static_cast<char*>(std::malloc(kCapacity));
    if (f->pending == nullptr) return Real(f)->xWrite(f->real, data, amount, offset);
  }
  if (f->used == 0) f->start = offset;
  std::memcpy(f->pending + f->used, data, size);
  f->used += size;
  return SQLITE_OK;
}

int Truncate(sqlite3_file* file, sqlite3_int64 size) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f)->xTruncate(f->real, size);
}

int Sync(sqlite3_file* file, int flags) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f)->xSync(f->real, flags);
}

int FileSize(sqlite3_file* file, sqlite3_int64* size) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f)->xFileSize(f->real, size);
}

int Lock(sqlite3_file* file, int level) { return Real(Of(file))->xLock(Of(file)->real, level); }
int Unlock(sqlite3_file* file, int level) { return Real(Of(file))->xUnlock(Of(file)->real, level); }
int CheckReservedLock(sqlite3_file* file, int* out) {
  return Real(Of(file))->xCheckReservedLock(Of(file)->real, out);
}

int FileControl(sqlite3_file* file, int op, void* arg) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  return Real(f)->xFileControl(f->real, op, arg);
}

int SectorSize(sqlite3_file* file) { return Real(Of(file))->xSectorSize(Of(file)->real); }
int DeviceCharacteristics(sqlite3_file* file) {
  return Real(Of(file))->xDeviceCharacteristics(Of(file)->real);
}

// The system's default VFS has every method (version 3); these check, so
// that another default would fail plainly rather than call a null pointer.
int ShmMap(sqlite3_file* file, int region, int size, int extend, void volatile** out) {
  if (Real(Of(file))->iVersion < 2) return SQLITE_IOERR_SHMMAP;
  return Real(Of(file))->xShmMap(Of(file)->real, region, size, extend, out);
}
int ShmLock(sqlite3_file* file, int offset, int n, int flags) {
  if (Real(Of(file))->iVersion < 2) return SQLITE_IOERR_SHMLOCK;
  return Real(Of(file))->xShmLock(Of(file)->real, offset, n, flags);
}
void ShmBarrier(sqlite3_file* file) {
  if (Real(Of(file))->iVersion >= 2) Real(Of(file))->xShmBarrier(Of(file)->real);
}
int ShmUnmap(sqlite3_file* file, int remove) {
  if (Real(Of(file))->iVersion < 2) return SQLITE_OK;
  return Real(Of(file))->xShmUnmap(Of(file)->real, remove);
}
int Fetch(sqlite3_file* file, sqlite3_int64 offset, int amount, void** out) {
  File* f = Of(file);
  if (int rc = Flush(f); rc != SQLITE_OK) return rc;
  if (Real(f)->iVersion < 3) {
    *out = nullptr;  // SQLite then reads the page instead
    return SQLITE_OK;
  }
  return Real(f)->xFetch(f->real, offset, amount, out);
}
int Unfetch(sqlite3_file* file, sqlite3_int64 offset, void* page) {
  if (Real(Of(file))->iVersion < 3) return SQLITE_OK;
  return Real(Of(file))->xUnfetch(Of(file)->real, offset, page);
}

const sqlite3_io_methods kMethods = {3,
                                     Close,
                                     Read,
                                     Write,
                                     Truncate,
                                     Sync,
                                     FileSize,
                                     Lock,
                                     Unlock,
                                     CheckReservedLock,
                                     FileControl,
                                     SectorSize,
                                     DeviceCharacteristics,
                                     ShmMap,
                                     ShmLock,
                                     ShmBarrier,
                                     ShmUnmap,
                                     Fetch,
                                     Unfetch};

int Open(sqlite3_vfs* vfs, const char* name, sqlite3_file* file, int flags, int* out_flags) {
  File* f = Of(file);
  std::memset(f, 0, sizeof(File));
  f->real = reinterpret_cast<sqlite3_file*>(f + 1);
  const int rc = Wrapped(vfs)->xOpen(Wrapped(vfs), name, f->real, flags, out_flags);
  // Our methods only when the wrapped file opened: SQLite then closes it.
  if (rc != SQLITE_OK || f->real->pMethods == nullptr) return rc;
  f->wal = (flags & SQLITE_OPEN_WAL) != 0;
  f->base.pMethods = &kMethods;
  return rc;
}

int Delete(sqlite3_vfs* vfs, const char* name, int sync_dir) {
  return Wrapped(vfs)->xDelete(Wrapped(vfs), name, sync_dir);
}
int Access(sqlite3_vfs* vfs, const char* name, int flags, int* out) {
  return Wrapped(vfs)->xAccess(Wrapped(vfs), name, flags, out);
}
int FullPathname(sqlite3_vfs* vfs, const char* name, int size, char* out) {
  return Wrapped(vfs)->xFullPathname(Wrapped(vfs), name, size, out);
}
void* DlOpen(sqlite3_vfs* vfs, const char* name) {
  return Wrapped(vfs)->xDlOpen(Wrapped(vfs), name);
}
void DlError(sqlite3_vfs* vfs, int size, char* out) {
  Wrapped(vfs)->xDlError(Wrapped(vfs), size, out);
}
void (*DlSym(sqlite3_vfs* vfs, void* handle, const char* symbol))(void) {
  return Wrapped(vfs)->xDlSym(Wrapped(vfs), handle, symbol);
}
void DlClose(sqlite3_vfs* vfs, void* handle) { Wrapped(vfs)->xDlClose(Wrapped(vfs), handle); }
int Randomness(sqlite3_vfs* vfs, int size, char* out) {
  return Wrapped(vfs)->xRandomness(Wrapped(vfs), size, out);
}
int Sleep(sqlite3_vfs* vfs, int microseconds) {
  return Wrapped(vfs)->xSleep(Wrapped(vfs), microseconds);
}
int CurrentTime(sqlite3_vfs* vfs, double* out) {
  return Wrapped(vfs)->xCurrentTime(Wrapped(vfs), out);
}
int GetLastError(sqlite3_vfs* vfs, int size, char* out) {
  return Wrapped(vfs)->xGetLastError(Wrapped(vfs), size, out);
}
int CurrentTimeInt64(sqlite3_vfs* vfs, sqlite3_int64* out) {
  return Wrapped(vfs)->xCurrentTimeInt64(Wrapped(vfs), out);
}

const char* Register() {
  static sqlite3_vfs vfs;
  sqlite3_vfs* real = sqlite3_vfs_find(nullptr);
  if (real == nullptr || real->iVersion < 2) return nullptr;
  vfs.iVersion = 2;
  // Room for our file and the wrapped one after it, aligned as it needs.
  vfs.szOsFile = static_cast<int>((sizeof(File) + 7) / 8 * 8) + real->szOsFile;
  vfs.mxPathname = real->mxPathname;
  vfs.zName = "backcoach-wal-buffer";
  vfs.pAppData = real;
  vfs.xOpen = Open;
  vfs.xDelete = Delete;
  vfs.xAccess = Access;
  vfs.xFullPathname = FullPathname;
  vfs.xDlOpen = DlOpen;
  vfs.xDlError = DlError;
  vfs.xDlSym = DlSym;
  vfs.xDlClose = DlClose;
  vfs.xRandomness = Randomness;
  vfs.xSleep = Sleep;
  vfs.xCurrentTime = CurrentTime;
  vfs.xGetLastError = GetLastError;
  vfs.xCurrentTimeInt64 = CurrentTimeInt64;
  if (sqlite3_vfs_register(&vfs, /*makeDflt=*/0) != SQLITE_OK) return nullptr;
  return vfs.zName;
}

}  // namespace

const char* WalBufferVfs() {
  static const char* const name = Register();
  return name;
}

WalBufferCounts WalBufferCountsSoFar() {
  return {g_writes.load(std::memory_order_relaxed), g_flushes.load(std::memory_order_relaxed)};
}

}  // namespace backcoach::storage
