#include "api/request_credentials.h"

namespace backcoach {

Credentials ReadCredentials(const http::Request& request) {
  Credentials credentials;
  credentials.token = request.Cookie(kSessionCookie);
  credentials.via_cookie = !credentials.token.empty();
  const std::string authorization = request.Header("authorization");
  if (credentials.token.empty() && authorization.rfind("Bearer ", 0) == 0) {
    credentials.token = authorization.substr(7);
  }
  return credentials;
}

Result<Principal> Authenticate(Auth& auth, const http::Request& request) {
  const Credentials credentials = ReadCredentials(request);
  return auth.Authenticate(credentials.token, credentials.via_cookie);
}

Status CheckCsrf(const Auth& auth, const Principal& principal, const http::Request& request) {
  const bool write = request.method != "GET" && request.method != "HEAD";
  return auth.CheckCsrf(principal, write, request.Header("x-csrf-token"));
}

std::string ClientAddress(const Auth& auth, const http::Request& request) {
  return auth.ClientAddress(request.remote_address, request.Header("x-forwarded-for"));
}

}  // namespace backcoach
