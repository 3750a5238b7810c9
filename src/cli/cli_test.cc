#include "cli/cli.h"

#include <gtest/gtest.h>

#include <set>
#include <sstream>
#include <stdexcept>

namespace backcoach::cli {
namespace {

// A command that says what it was given, or fails as its --fail flag says.
Outcome RunEcho(const Args& args, Io& io) {
  const std::string fail = args.Value("fail").value_or("");
  if (fail == "unavailable") return Status::Unavailable("the disk is full");
  if (fail == "conflict") return Status::Conflict("it already exists");
  if (fail == "check") return Outcome::CheckFailed("the check failed");
  if (fail == "throw") throw std::runtime_error("boom");
  io.out << "ran with " << args.positional().size() << " argument(s)\n";
  return Status::Ok();
}

const Command kEcho{"echo words",
                    "say what was given",
                    "Usage: backcoach echo words --name NAME FILE...\n",
                    {{"name", true}, {"fail", true}, {"loud"}},
                    {1, 2, "one or two FILEs"},
                    {"name NAME"},
                    RunEcho};

struct Ran {
  int code;
  std::string out;
  std::string err;
};

Ran RunEchoWith(const std::vector<std::string>& args) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  Io io{in, out, err};
  const int code = RunCommand(kEcho, args, io);
  return {code, out.str(), err.str()};
}

TEST(CliTest, RunsACommandWhoseArgumentsAreRight) {
  const Ran run = RunEchoWith({"a.json", "--name", "maria"});
  EXPECT_EQ(run.code, 0);
  EXPECT_EQ(run.out, "ran with 1 argument(s)\n");
  EXPECT_EQ(run.err, "");
}

TEST(CliTest, HelpPrintsTheUsageEvenWithoutTheRequiredArguments) {
  const Ran run = RunEchoWith({"--help"});
  EXPECT_EQ(run.code, 0);
  EXPECT_EQ(run.out, "Usage: backcoach echo words --name NAME FILE...\n");
  EXPECT_EQ(run.err, "");
}

TEST(CliTest, AnUnknownFlagIsBadInput) {
  const Ran run = RunEchoWith({"a.json", "--name", "maria", "--colour"});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err, "backcoach echo words: unknown option --colour\n");
  EXPECT_EQ(run.out, "");
}

TEST(CliTest, TooFewOrTooManyArgumentsAreBadInput) {
  Ran run = RunEchoWith({"--name", "maria"});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err, "backcoach echo words: expected one or two FILEs (try --help)\n");
  run = RunEchoWith({"a", "b", "c", "--name", "maria"});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err, "backcoach echo words: expected one or two FILEs (try --help)\n");
}

TEST(CliTest, AMissingOrEmptyRequiredFlagIsBadInput) {
  Ran run = RunEchoWith({"a.json"});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err, "backcoach echo words: --name NAME is required (try --help)\n");
  run = RunEchoWith({"a.json", "--name="});
  EXPECT_EQ(run.code, 2);
  EXPECT_EQ(run.err, "backcoach echo words: --name NAME is required (try --help)\n");
}

TEST(CliTest, ACommandTakingNoArgumentsNamesTheStrayOne) {
  Command none = kEcho;
  none.arguments = {};
  none.required = {};
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  Io io{in, out, err};
  EXPECT_EQ(RunCommand(none, {"extra"}, io), 2);
  EXPECT_EQ(err.str(), "backcoach echo words: unexpected argument 'extra' (try --help)\n");
}

TEST(CliTest, TheCommandsFailureBecomesItsExitCodeAndOneLine) {
  Ran run = RunEchoWith({"a", "--name", "m", "--fail", "unavailable"});
  EXPECT_EQ(run.code, 3);
  EXPECT_EQ(run.err, "backcoach echo words: the disk is full\n");
  run = RunEchoWith({"a", "--name", "m", "--fail", "conflict"});
  EXPECT_EQ(run.code, 4);
  EXPECT_EQ(run.err, "backcoach echo words: it already exists\n");
  run = RunEchoWith({"a", "--name", "m", "--fail", "check"});
  EXPECT_EQ(run.code, 1);
  EXPECT_EQ(run.err, "backcoach echo words: the check failed\n");
}

TEST(CliTest, AnExceptionIsAnInternalError) {
  const Ran run = RunEchoWith({"a", "--name", "m", "--fail", "throw"});
  EXPECT_EQ(run.code, 5);
  EXPECT_EQ(run.err, "backcoach echo words: internal error: boom\n");
}

TEST(CliTest, AnUnknownCommandIsBadInput) {
  std::istringstream in;
  std::ostringstream out;
  std::ostringstream err;
  Io io{in, out, err};
  EXPECT_EQ(RunCli({"nonsense"}, io), 2);
  EXPECT_EQ(err.str(), "backcoach: unknown command 'nonsense' (try 'backcoach --help')\n");
}

TEST(CliTest, EveryCommandHasAUsageThatStartsWithItsName) {
  std::set<std::string> names;
  for (const Command* c : Commands()) {
    EXPECT_TRUE(names.insert(c->name).second) << c->name << " is in the table twice";
    EXPECT_EQ(std::string(c->usage).rfind(std::string("Usage: backcoach ") + c->name, 0), 0u)
        << c->name;
    EXPECT_NE(c->run, nullptr) << c->name;
  }
  EXPECT_EQ(names.size(), 19u);
}

TEST(CliTest, EveryCommandAnswersHelpWithExitZero) {
  for (const Command* c : Commands()) {
    std::istringstream in;
    std::ostringstream out;
    std::ostringstream err;
    Io io{in, out, err};
    EXPECT_EQ(RunCommand(*c, {"--help"}, io), 0) << c->name;
    EXPECT_EQ(out.str(), c->usage) << c->name;
    EXPECT_EQ(err.str(), "") << c->name;
  }
}

}  // namespace
}  // namespace backcoach::cli
