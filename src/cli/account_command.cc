#include "cli/account_command.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

#include "app/audit.h"
#include "app/clock.h"
#include "app/password.h"
#include "cli/args.h"
#include "cli/content_files.h"
#include "cli/serve_command.h"

namespace backcoach::cli {

namespace {

constexpr Timestamp kResetLinkSeconds = 24 * 3600;

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
         "\n"
         "The change is written to the audit log as done by the operator.\n";
}

int Fail(Io& io, const std::string& command, const Status& s) {
  io.err << "backcoach account " << command << ": " << s.message() << "\n";
  return s.code() == StatusCode::kInvalidArgument ? kExitUsage : kExitFailure;
}

struct Target {
  std::unique_ptr<Store> store;
  User user;
  std::string public_url;
};

// Parses the flags and finds the account; 0 and `target` filled, or the
// exit code (help printed counts as done: -1).
int Find(const std::vector<std::string>& args, const std::string& verb, const std::string& what,
         Io& io, Target& target) {
  auto parsed = Args::Parse(args, {{"help"}, {"email", true}, {"db", true}, {"public-url", true}});
  if (!parsed.ok()) return Fail(io, verb, parsed.status());
  if (parsed->Has("help")) {
    io.out << Usage(verb, what);
    return -1;
  }
  std::string email = parsed->Value("email").value_or("");
  if (email.empty()) return Fail(io, verb, Status::InvalidArgument("--email is required"));
  std::transform(email.begin(), email.end(), email.begin(),
                 [](unsigned char c) { return std::tolower(c); });
  const std::string url = DatabaseUrl(parsed->Value("db").value_or(""));
  auto store = OpenStore(url);
  if (!store.ok()) return Fail(io, verb, store.status().WithContext(url));
  if (Status s = (*store)->Migrate(); !s.ok()) return Fail(io, verb, s.WithContext(url));
  auto user = (*store)->FindUserByEmail(email);
  if (!user.ok()) {
    return Fail(io, verb,
                user.status().code() == StatusCode::kNotFound
                    ? Status::NotFound("no account has the address " + email)
                    : user.status());
  }
  const char* env = std::getenv("BACKCOACH_PUBLIC_URL");
  target.public_url = parsed->Value("public-url")
                          .value_or(env != nullptr && *env != '\0' ? env : "http://localhost:8080");
  target.store = std::move(store).value();
  target.user = std::move(user).value();
  return 0;
}

int SetDisabled(const std::vector<std::string>& args, Io& io, bool disabled) {
  const std::string verb = disabled ? "disable" : "enable";
  Target target;
  const int found =
      Find(args, verb,
           disabled ? "Disables an account: its sessions end at once, and it cannot sign in."
                    : "Enables a disabled account again: it can sign in with its password.",
           io, target);
  if (found != 0) return found < 0 ? kExitOk : found;
  User user = target.user;
  user.disabled = disabled;
  if (Status s = target.store->UpdateUser(user); !s.ok()) return Fail(io, verb, s);
  if (disabled) {
    if (Status s = target.store->DeleteSessionsOf(user.id); !s.ok()) return Fail(io, verb, s);
  }
  SystemClock clock;
  Auditor auditor(*target.store, clock);
  if (Status s = auditor.RecordAndStore("", disabled ? "disable user" : "enable user", "", "ok",
                                        "by the operator: " + user.id);
      !s.ok()) {
    return Fail(io, verb, s);
  }
  io.out << "account " << user.id << " (" << RoleName(user.role) << ") "
         << (disabled ? "disabled; its sessions have ended" : "enabled") << "\n";
  return kExitOk;
}

}  // namespace

int RunAccountDisableCommand(const std::vector<std::string>& args, Io& io) {
  return SetDisabled(args, io, true);
}

int RunAccountEnableCommand(const std::vector<std::string>& args, Io& io) {
  return SetDisabled(args, io, false);
}

int RunAccountResetLinkCommand(const std::vector<std::string>& args, Io& io) {
  Target target;
  const int found = Find(
      args, "reset-link",
      "Prints a one-time link (24 hours) for the account's owner to choose a new password.\n"
      "Hand it over in person or by a channel you trust: whoever holds it can set the password.",
      io, target);
  if (found != 0) return found < 0 ? kExitOk : found;
  if (target.user.disabled) {
    return Fail(io, "reset-link", Status::Conflict("the account is disabled; enable it first"));
  }
  SystemClock clock;
  const std::string token = RandomHex(32);
  AccountToken stored{Sha256Hex(token), "reset",     target.user.id,
                      "null",           clock.Now(), clock.Now() + kResetLinkSeconds};
  if (Status s = target.store->CreateAccountToken(stored); !s.ok()) {
    return Fail(io, "reset-link", s);
  }
  Auditor auditor(*target.store, clock);
  if (Status s =
          auditor.RecordAndStore("", "reset link", "", "ok", "by the operator: " + target.user.id);
      !s.ok()) {
    return Fail(io, "reset-link", s);
  }
  std::string base = target.public_url;
  while (!base.empty() && base.back() == '/') base.pop_back();
  io.out << base << "/reset-password#token=" << token << "\n";
  return kExitOk;
}

}  // namespace backcoach::cli
