// Test and fuzzing helper, free of any test framework: requests built as
// the transport would hand them to the router, without sockets.
#ifndef BACKCOACH_TESTING_REQUESTS_H_
#define BACKCOACH_TESTING_REQUESTS_H_

#include <string>

#include "http/http.h"

namespace backcoach::testing {

// A request from 127.0.0.1 for `target` (a path with an optional query),
// with `body`; a bearer token and a JSON content type are added by the
// callers that want them.
inline http::Request RequestFor(const std::string& method, const std::string& target,
                                const std::string& body) {
  http::Request r;
  r.method = method;
  const auto q = target.find('?');
  r.path = target.substr(0, q);
  if (q != std::string::npos) r.query = http::ParseQuery(target.substr(q + 1));
  r.body = body;
  r.remote_address = "127.0.0.1";
  return r;
}

// A request as RequestFor, with `token` as its bearer token and, with a
// body, a JSON content type.
inline http::Request BearerRequest(const std::string& token, const std::string& method,
                                   const std::string& target, const std::string& body) {
  http::Request r = RequestFor(method, target, body);
  r.headers["authorization"] = "Bearer " + token;
  if (!body.empty()) r.headers["content-type"] = "application/json";
  return r;
}

}  // namespace backcoach::testing

#endif  // BACKCOACH_TESTING_REQUESTS_H_
