// Exit codes: how every backcoach command ends, and the one place where the
// Status a command returns becomes an exit code and a line on stderr.
//
//   0  done.
//   1  the command ran, and what it checked failed: a safety property broken
//      (simulate), an audit log edited or verified with another key (audit
//      verify), a backup that does not check out (backup).
//   2  bad input: an unknown flag, a missing or stray argument, a file that
//      cannot be read or parsed, a name that is not there (a patient, an
//      account, a questionnaire). InvalidArgument, NotFound.
//   3  unavailable: the database or the disk cannot do the work now (cannot
//      be opened, is busy or full, a file cannot be written). Unavailable.
//   4  refused: the input is sound but the present state forbids it, and
//      nothing was changed (a database already there without --force, a
//      disabled account, an exercise already in the plan). Conflict,
//      PermissionDenied.
//   5  internal error: something is broken that trying again will not mend
//      (a damaged database, a bug in backcoach). Internal, and any exception
//      a command lets escape.
//
// README.md lists the same table; docs/<command>.md say which of them each
// command gives.
//
// Thread-safety: Outcome is a value; ExitCodeOf and Finish have no state of
// their own (Finish writes to the stream it is given).
#ifndef BACKCOACH_CLI_EXIT_CODE_H_
#define BACKCOACH_CLI_EXIT_CODE_H_

#include <iosfwd>
#include <string>
#include <utility>

#include "core/status.h"

namespace backcoach::cli {

enum class ExitCode : int {
  kOk = 0,
  kCheckFailed = 1,
  kBadInput = 2,
  kUnavailable = 3,
  kRefused = 4,
  kInternal = 5,
};

// What a command returns: its Status (implicitly), or CheckFailed when it
// ran to the end and found what it checked wanting. The core's StatusCode
// has no such code, since for everything below the CLI a failed check is an
// answer, not an error.
class Outcome {
 public:
  Outcome() = default;                                    // done
  Outcome(Status status) : status_(std::move(status)) {}  // NOLINT: implicit by design

  // The check failed; `finding` says what was found, in one line.
  static Outcome CheckFailed(std::string finding);

  bool ok() const { return status_.ok() && !check_failed_; }
  bool check_failed() const { return check_failed_; }
  // The failure's message; empty when ok().
  const std::string& message() const;
  const Status& status() const { return status_; }

 private:
  Status status_;
  std::string finding_;
  bool check_failed_ = false;
};

// The exit code for `outcome`, as the table above says.
ExitCode ExitCodeOf(const Outcome& outcome);

// Ends a command: writes "WHO: message" as one line on `err` when `outcome`
// is not ok (`who` is "backcoach screen", or "backcoach" before a command
// was found), and returns the exit code for main.
int Finish(std::ostream& err, const std::string& who, const Outcome& outcome);

}  // namespace backcoach::cli

#endif  // BACKCOACH_CLI_EXIT_CODE_H_
