// Accounts: signing up (at once, or in two steps when the address must be
// confirmed first), one-time tokens, passwords, clinics and staff, and a
// patient joining a clinic. Plain values; the Service's members are in
// service.h (SignUp, PrepareSignUp, CompleteSignUp, CreateToken,
// TakeToken, SetPassword, ...); service_accounts.cc holds their code.
//
// Plain values: safe from any thread as any value is; the functions here
// never fail but where they say so.
#ifndef BACKCOACH_APP_SERVICE_ACCOUNTS_H_
#define BACKCOACH_APP_SERVICE_ACCOUNTS_H_

#include <nlohmann/json.hpp>
#include <string>

namespace backcoach {

// A sign-up checked and waiting for its address to be confirmed: the
// address (lower case) to write to, and what CompleteSignUp creates the
// account from (the password only as its hash), kept in a sign-up token's
// payload until then.
struct PendingSignUp {
  std::string email;
  nlohmann::json record;
};

}  // namespace backcoach

#endif  // BACKCOACH_APP_SERVICE_ACCOUNTS_H_
