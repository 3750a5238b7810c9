#include "cli/account_command.h"

#include <cstdlib>

#include "app/audit.h"
#include "app/clock.h"
#include "app/password.h"
#include "cli/args.h"
#include "cli/content_files.h"
#include "cli/serve_command.h"
#include "core/text.h"

namespace backcoach::cli {

namespace {

constexpr Timestamp kResetLinkSeconds = 24 * 3600;

struct Target {
  std::unique_ptr<Store> store;
  User user;
  std::string public_url;
};

// Opens the database and finds the account --email names. NotFound when no
// account has that address; the store's error when it cannot be opened.
Result<Target> Find(const Args& args) {
  const std::string email = LowerAscii(*args.Value("email"));
  const std::string url = DatabaseUrl(args.Value("db").value_or(""));
  auto store = OpenStore(url);
  if (!store.ok()) return store.status().WithContext(url);
  if (Status s = (*store)->Migrate(); !s.ok()) return s.WithContext(url);
  auto user = (*store)->FindUserByEmail(email);
  if (!user.ok()) {
    if (user.status().code() != StatusCode::kNotFound) return user.status();
    return Status::NotFound("no account has the address " + email);
  }
  const char* env = std::getenv("BACKCOACH_PUBLIC_URL");
  Target target;
  target.public_url = args.Value("public-url")
                          .value_or(env != nullptr && *env != '\0' ? env : "http://localhost:8080");
  target.store = std::move(store).value();
  target.user = std::move(user).value();
  return target;
}

Status SetDisabled(const Args& args, Io& io, bool disabled) {
  auto target = Find(args);
  if (!target.ok()) return target.status();
  User user = target->user;
  user.disabled = disabled;
  if (Status s = target->store->UpdateUser(user); !s.ok()) return s;
  if (disabled) {
    if (Status s = target->store->DeleteSessionsOf(user.id); !s.ok()) return s;
  }
  SystemClock clock;
  Auditor auditor(*target->store, clock);
  if (Status s = auditor.RecordAndStore("", disabled ? "disable user" : "enable user", "", "ok",
                                        "by the operator: " + user.id);
      !s.ok()) {
    return s;
  }
  io.out << "account " << user.id << " (" << RoleName(user.role) << ") "
         << (disabled ? "disabled; its sessions have ended" : "enabled") << "\n";
  return Status::Ok();
}

Outcome RunDisable(const Args& args, Io& io) { return SetDisabled(args, io, true); }

Outcome RunEnable(const Args& args, Io& io) { return SetDisabled(args, io, false); }

Outcome RunResetLink(const Args& args, Io& io) {
  auto target = Find(args);
  if (!target.ok()) return target.status();
  if (target->user.disabled) return Status::Conflict("the account is disabled; enable it first");
  SystemClock clock;
  const std::string token = RandomHex(32);
  AccountToken stored{Sha256Hex(token), TokenKind::kReset, target->user.id,
                      "null",           clock.Now(),       clock.Now() + kResetLinkSeconds};
  if (Status s = target->store->CreateAccountToken(stored); !s.ok()) return s;
  Auditor auditor(*target->store, clock);
  if (Status s =
          auditor.RecordAndStore("", "reset link", "", "ok", "by the operator: " + target->user.id);
      !s.ok()) {
    return s;
  }
  std::string base = target->public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  io.out << base << "/reset-password#token=" << token << "\n";
  return Status::Ok();
}

// The usages of the three verbs, which differ in their first lines.
std::string Usage(const std::string& verb, const std::string& what) {
  return "Usage: backcoach account " + verb +
         " --email ADDR [--db URL] [--public-url URL]\n"
         "\n" +
         what +
         "\n"
         "Options:\n"
         "  --email ADDR     the account's e-mail address\n"
         "  --db URL         SQLite file, or postgresql://... (BACKCOACH_DB; default\n"
         "                   ./data/backcoach.db)\n"
         "  --public-url URL where the server is reached, for the reset link\n"
         "                   (BACKCOACH_PUBLIC_URL; default http://localhost:8080)\n"
         "  --help           show this help\n"
         "\n"
         "The change is written to the audit log as done by the operator.\n"
         "Exit status: 0 done, 2 bad flags or no account with the address, 3 the database\n"
         "failed, 4 a reset link for a disabled account.\n";
}

const std::vector<FlagSpec>& Flags() {
  static const std::vector<FlagSpec> flags = {{"email", true}, {"db", true}, {"public-url", true}};
  return flags;
}

}  // namespace

const Command& AccountDisableCommand() {
  static const std::string usage =
      Usage("disable", "Disables an account: its sessions end at once, and it cannot sign in.");
  static const Command command{"account disable",
                               "disable an account: its sessions end, it cannot sign in",
                               usage.c_str(),
                               Flags(),
                               {},
                               {"email ADDR"},
                               RunDisable};
  return command;
}

const Command& AccountEnableCommand() {
  static const std::string usage =
      Usage("enable", "Enables a disabled account again: it can sign in with its password.");
  static const Command command{"account enable",
                               "enable a disabled account again",
                               usage.c_str(),
                               Flags(),
                               {},
                               {"email ADDR"},
                               RunEnable};
  return command;
}

const Command& AccountResetLinkCommand() {
  static const std::string usage = Usage(
      "reset-link",
      "Prints a one-time link (24 hours) for the account's owner to choose a new password.\n"
      "Hand it over in person or by a channel you trust: whoever holds it can set the password.");
  static const Command command{"account reset-link",
                               "print a one-time link to choose a new password",
                               usage.c_str(),
                               Flags(),
                               {},
                               {"email ADDR"},
                               RunResetLink};
  return command;
}

}  // namespace backcoach::cli
