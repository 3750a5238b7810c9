// The API's routes for passwords and sessions: a change of password, a
// reset (by e-mail, or from a link a clinic's admin hands out), signing
// out everywhere, confirming a sign-up by e-mail, and enabling an account.

#include "api/api.h"
#include "api/reply.h"
#include "api/request_credentials.h"
#include "app/password.h"
#include "core/text.h"

namespace backcoach {

namespace {

using http::Response;

constexpr Timestamp kSignUpLinkSeconds = 24 * 3600;
constexpr Timestamp kMailedResetSeconds = 3600;       // the link travels by e-mail
constexpr Timestamp kHandedResetSeconds = 24 * 3600;  // handed over by the clinic

std::string Link(const std::string& base, const std::string& page, const std::string& token) {
  std::string root = base;
  while (!root.empty() && root.back() == '/') root.pop_back();
  // After the '#': a browser never sends it, so the token stays out of
  // every server's and proxy's request log.
  return root + page + "#token=" + token;
}

const char* const kSignUpAnswer =
    "We have sent an e-mail to this address. Open the link in it within 24 hours to finish "
    "signing up.";
const char* const kResetAnswer =
    "If an account has this address, we have sent it a link to choose a new password. The link "
    "works for an hour.";

}  // namespace

Response Api::TooMany(Call& c, const std::string& action, const std::string& what, Timestamp wait,
                      const std::string& detail) {
  c.audit = Audited{.action = action, .outcome = "denied", .detail = detail};
  Response r = ErrorResponse(429, "too_many_attempts", WaitMessage(what, wait));
  r.headers.emplace_back("Retry-After", std::to_string(wait));
  return r;
}

Result<Response> Api::SignUpByMail(Call& c, const std::string& code,
                                   const std::string& supporter_code) {
  auto pending = service_.PrepareSignUp(Text(c.body, "email"), Text(c.body, "password"),
                                        Text(c.body, "display_name"), code, supporter_code);
  if (!pending.ok()) return pending.status();
  const std::string& email = pending->email;
  auto existing = service_.store().FindUserByEmail(email);
  if (!existing.ok() && existing.status().code() != StatusCode::kNotFound) {
    return existing.status();
  }
  // Whether the mail goes out is not told either: the answer must not
  // differ between an address with an account and one without.
  if (existing.ok()) {
    options_.mailer->Send(
        {email, "Someone tried to sign up with your address",
         "Someone asked to open a backcoach account with this e-mail address. You already have "
         "one, so nothing was changed.\n\nIf it was you, sign in at " +
             options_.public_url +
             "/ or, if you have forgotten your password, choose a new one "
             "at " +
             options_.public_url + "/reset-password\n\nIf it was not you, you need do nothing.\n"});
    c.audit = Audited{.action = "signup",
                      .detail = "address in use: notice sent to account " + existing->id};
  } else {
    auto token = service_.CreateToken(TokenKind::kSignup, "", pending->record, kSignUpLinkSeconds);
    if (!token.ok()) return token.status();
    options_.mailer->Send(
        {email, "Finish signing up to backcoach",
         "Someone, we hope you, asked to open a backcoach account with this e-mail address.\n\n"
         "To finish, open this link within 24 hours:\n" +
             Link(options_.public_url, "/confirm-signup", *token) +
             "\n\nIf it was not you, ignore this e-mail: no account is opened.\n"});
    c.audit = Audited{.action = "signup", .detail = "confirmation sent"};
  }
  return Ok({{"confirmation_sent", true}, {"message", kSignUpAnswer}}, 202);
}

void Api::RegisterPasswords(http::Router& router) {
  Route(router, "POST", "/api/v1/auth/signup/confirm",
        {"Finish a sign-up from the link sent by e-mail ({token}); starts a session"},
        Access::kPublic, [this](Call& c) -> Result<Response> {
          auto token = service_.TakeToken(TokenKind::kSignup, Text(c.body, "token"));
          if (!token.ok()) return token.status();
          json pending = json::parse(token->payload, nullptr, false);
          if (!pending.is_object()) return Status::Internal("a sign-up token without its account");
          auto user = service_.CompleteSignUp(pending);
          if (!user.ok()) return user.status();
          return SignedUp(c, *user, "address confirmed");
        });
  Route(router, "POST", "/api/v1/auth/password",
        RunsLong({"Change one's password ({current_password, new_password}); every other "
                  "session ends"}),
        Access::kSignedIn, [this](Call& c) -> Result<Response> {
          const std::string current = Text(c.body, "current_password");
          const std::string next = Text(c.body, "new_password");
          if (current.empty() || next.empty()) {
            return Status::InvalidArgument(
                "fields 'current_password' and 'new_password' are both required");
          }
          const User& user = c.who->user;
          const std::string address = ClientAddress(auth_, c.request);
          // The current password is a sign-in of its own: guessing it waits alike.
          if (Timestamp wait = auth_.SignInWait(user.email, address); wait > 0) {
            return TooMany(c, "change password", "sign in", wait, "waiting");
          }
          if (!VerifyPassword(user.password_hash, current)) {
            auth_.NoteFailure(user.email, address);
            c.audit = Audited{.action = "change password",
                              .outcome = "denied",
                              .detail = "wrong current password"};
            return ErrorResponse(403, "forbidden", "the current password is not right");
          }
          auth_.NoteSuccess(user.email, address);
          if (Status s = service_.SetPassword(user, next, c.who->session.token_hash); !s.ok()) {
            return s;
          }
          c.audit = Audited{.action = "change password", .detail = "other sessions ended"};
          return Ok({{"changed", true}});
        });
  Route(router, "POST", "/api/v1/auth/logout-everywhere",
        {"Sign out everywhere: every session of the account ends, this one too"}, Access::kSignedIn,
        [this](Call& c) -> Result<Response> {
          if (Status s = auth_.LogoutEverywhere(*c.who); !s.ok()) return s;
          c.audit = Audited{.action = "sign out everywhere"};
          Response r = Ok({{"signed_out", true}});
          r.headers.emplace_back("Set-Cookie", auth_.ExpiredCookie());
          return r;
        });
  Route(router, "POST", "/api/v1/auth/reset",
        {"Ask for a link to choose a new password ({email}), sent by e-mail; the answer is the "
         "same whether or not the address has an account"},
        Access::kPublic, [this](Call& c) -> Result<Response> {
          if (options_.mailer == nullptr) {
            return Status::InvalidArgument(
                "this server sends no e-mail: ask your clinic's administrator for a link to "
                "choose a new password");
          }
          const std::string address = ClientAddress(auth_, c.request);
          if (Timestamp wait = auth_.SignUpWait(address); wait > 0) {
            return TooMany(c, "password reset request", "ask for a new password", wait, "");
          }
          auth_.NoteSignUp(address);
          auto user = service_.store().FindUserByEmail(LowerAscii(Text(c.body, "email")));
          if (!user.ok() && user.status().code() != StatusCode::kNotFound) return user.status();
          if (user.ok() && !user->disabled) {
            auto token =
                service_.CreateToken(TokenKind::kReset, user->id, nullptr, kMailedResetSeconds);
            if (!token.ok()) return token.status();
            options_.mailer->Send(
                {user->email, "Choose a new backcoach password",
                 "Someone, we hope you, asked for a new password for your backcoach account.\n\n"
                 "To choose one, open this link within an hour:\n" +
                     Link(options_.public_url, "/reset-password", *token) +
                     "\n\nIf it was not you, ignore this e-mail: your password stays as it is.\n"});
          }
          c.audit = Audited{.action = "password reset request",
                            .detail = user.ok() ? "account " + user->id : "no such account"};
          return Ok({{"message", kResetAnswer}}, 202);
        });
  Route(router, "POST", "/api/v1/auth/reset/confirm",
        RunsLong({"Choose a new password with a one-time link ({token, password}); every "
                  "session of the account ends"}),
        Access::kPublic, [this](Call& c) -> Result<Response> {
          auto user = service_.ResetPassword(Text(c.body, "token"), Text(c.body, "password"));
          if (!user.ok()) return user.status();
          c.audit = Audited{
              .action = "reset password", .actor = user->id, .detail = "every session ended"};
          return Ok({{"reset", true}});
        });
  Route(router, "POST", "/api/v1/admin/users/{id}/reset-link",
        {"A one-time link (24 hours) for an account of the clinic, or a supporter of one of its "
         "patients, to choose a new password; hand it over in person"},
        Access::kClinicAdmin, [this](Call& c) -> Result<Response> {
          auto user = service_.ManagedBy(c.who->user, c.request.Param("id"));
          if (!user.ok()) return user.status();
          if (user->disabled) return Status::Conflict("the account is disabled; enable it first");
          auto token =
              service_.CreateToken(TokenKind::kReset, user->id, nullptr, kHandedResetSeconds);
          if (!token.ok()) return token.status();
          c.audit = Audited{.action = "reset link", .detail = user->id};
          return Ok({{"path", "/reset-password#token=" + *token},
                     {"expires_at", service_.clock().Now() + kHandedResetSeconds}},
                    201);
        });
  Route(router, "POST", "/api/v1/admin/users/{id}/enable",
        {"Enable a disabled account of the clinic, or of a supporter of one of its patients"},
        Access::kClinicAdmin, [this](Call& c) -> Result<Response> {
          auto user = service_.ManagedBy(c.who->user, c.request.Param("id"));
          if (!user.ok()) return user.status();
          if (Status s = service_.SetDisabled(*user, false); !s.ok()) return s;
          c.audit = Audited{.action = "enable user", .detail = user->id};
          return Ok({{"disabled", false}});
        });
}

}  // namespace backcoach
