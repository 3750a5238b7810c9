// RequestCredentials: who a request says it is, read from its cookie and
// headers for the checks of app/auth.h, which take plain values and never
// see HTTP. Stateless functions: safe from any thread.
#ifndef BACKCOACH_API_REQUEST_CREDENTIALS_H_
#define BACKCOACH_API_REQUEST_CREDENTIALS_H_

#include <string>

#include "app/auth.h"
#include "http/http.h"

namespace backcoach {

// The session token a request carries: the session cookie's (kSessionCookie)
// or, without one, the bearer token of its Authorization header.
struct Credentials {
  std::string token;        // "" when the request carries none
  bool via_cookie = false;  // the token came in the cookie (a browser)
};

// Never fails: no credentials is an empty token.
Credentials ReadCredentials(const http::Request& request);

// The principal behind the request's credentials, as Auth::Authenticate
// answers it (NotFound when there are none or they have expired; the
// store's error, Unavailable when it is out of reach, when the session
// cannot be looked up).
Result<Principal> Authenticate(Auth& auth, const http::Request& request);

// The CSRF check of Auth::CheckCsrf for this request: its method says
// whether it writes, its X-CSRF-Token header holds the token sent.
// PermissionDenied when a cookie-authenticated write's token is wrong.
Status CheckCsrf(const Auth& auth, const Principal& principal, const http::Request& request);

// The client's address (Auth::ClientAddress) from the connection's address
// and the request's X-Forwarded-For header. Never fails.
std::string ClientAddress(const Auth& auth, const http::Request& request);

}  // namespace backcoach

#endif  // BACKCOACH_API_REQUEST_CREDENTIALS_H_
