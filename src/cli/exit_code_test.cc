#include "cli/exit_code.h"

#include <gtest/gtest.h>

#include <sstream>

namespace backcoach::cli {
namespace {

TEST(ExitCodeTest, EachStatusCodeHasItsClass) {
  EXPECT_EQ(ExitCodeOf(Status::Ok()), ExitCode::kOk);
  EXPECT_EQ(ExitCodeOf(Status::InvalidArgument("x")), ExitCode::kBadInput);
  EXPECT_EQ(ExitCodeOf(Status::NotFound("x")), ExitCode::kBadInput);
  EXPECT_EQ(ExitCodeOf(Status::Unavailable("x")), ExitCode::kUnavailable);
  EXPECT_EQ(ExitCodeOf(Status::Conflict("x")), ExitCode::kRefused);
  EXPECT_EQ(ExitCodeOf(Status::PermissionDenied("x")), ExitCode::kRefused);
  EXPECT_EQ(ExitCodeOf(Status::Internal("x")), ExitCode::kInternal);
}

TEST(ExitCodeTest, AFailedCheckIsOne) {
  const Outcome outcome = Outcome::CheckFailed("2 violation(s) of the safety properties");
  EXPECT_FALSE(outcome.ok());
  EXPECT_EQ(ExitCodeOf(outcome), ExitCode::kCheckFailed);
  EXPECT_EQ(static_cast<int>(ExitCode::kCheckFailed), 1);
}

TEST(ExitCodeTest, TheCodesAreTheDocumentedNumbers) {
  EXPECT_EQ(static_cast<int>(ExitCode::kOk), 0);
  EXPECT_EQ(static_cast<int>(ExitCode::kCheckFailed), 1);
  EXPECT_EQ(static_cast<int>(ExitCode::kBadInput), 2);
  EXPECT_EQ(static_cast<int>(ExitCode::kUnavailable), 3);
  EXPECT_EQ(static_cast<int>(ExitCode::kRefused), 4);
  EXPECT_EQ(static_cast<int>(ExitCode::kInternal), 5);
}

TEST(ExitCodeTest, FinishWritesOneLineForAFailureAndNothingForSuccess) {
  std::ostringstream err;
  EXPECT_EQ(Finish(err, "backcoach restore", Status::Conflict("the database a.db already exists")),
            4);
  EXPECT_EQ(err.str(), "backcoach restore: the database a.db already exists\n");

  err.str("");
  EXPECT_EQ(Finish(err, "backcoach simulate", Outcome::CheckFailed("1 violation(s)")), 1);
  EXPECT_EQ(err.str(), "backcoach simulate: 1 violation(s)\n");

  err.str("");
  EXPECT_EQ(Finish(err, "backcoach screen", Status::Ok()), 0);
  EXPECT_EQ(err.str(), "");
}

}  // namespace
}  // namespace backcoach::cli
