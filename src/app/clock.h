// Clock: where the server reads the time, so that tests can control it.
//
// Thread-safety: every Clock may be read from any thread at once; a
// FakeClock may be set or advanced while others read it (an atomic).
// Reading the time never fails.
#ifndef BACKCOACH_APP_CLOCK_H_
#define BACKCOACH_APP_CLOCK_H_

#include <atomic>

#include "core/date.h"
#include "storage/store.h"

namespace backcoach {

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Timestamp Now() const = 0;  // seconds since the epoch, UTC
  Date Today() const { return Date::FromDays(static_cast<int>(Now() / 86400)); }
};

class SystemClock : public Clock {
 public:
  Timestamp Now() const override;
};

// A clock that stands still until told to move.
class FakeClock : public Clock {
 public:
  explicit FakeClock(Timestamp now) : now_(now) {}
  Timestamp Now() const override { return now_.load(); }
  void Set(Timestamp now) { now_.store(now); }
  void Advance(Timestamp seconds) { now_.fetch_add(seconds); }

 private:
  std::atomic<Timestamp> now_;
};

}  // namespace backcoach

#endif  // BACKCOACH_APP_CLOCK_H_
