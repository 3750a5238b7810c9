// Reply: the shapes a route's answer takes, written once for the route files
// (api_*routes.cc): a JSON body with its status, a service's result (JSON,
// or a typed value and its encoder) or its error, a string field of a
// request body, and the marks of a route that runs long. Pure functions: safe from any thread.
#ifndef BACKCOACH_API_REPLY_H_
#define BACKCOACH_API_REPLY_H_

#include <concepts>
#include <nlohmann/json.hpp>
#include <string>

#include "core/status.h"
#include "http/http.h"

namespace backcoach {

// `body` as a JSON answer with `status`.
inline http::Response Ok(const nlohmann::json& body, int status = 200) {
  return http::Response::Json(status, body.dump());
}

// A service's result as a JSON answer with `status`, or its error (which
// the API maps to an HTTP error: api.h).
template <typename T>
Result<http::Response> Reply(const Result<T>& result, int status = 200) {
  if (!result.ok()) return result.status();
  return Ok(*result, status);
}

// A service's typed result written by `encode` (api/service_json.h) as a
// JSON answer with `status`, or its error.
template <typename T, std::invocable<const T&> Encode>
Result<http::Response> Reply(const Result<T>& result, Encode encode, int status = 200) {
  if (!result.ok()) return result.status();
  return Ok(encode(*result), status);
}

// A query parameter, or "" when the request has none of that name.
inline std::string Query(const http::Request& request, const char* key) {
  auto it = request.query.find(key);
  return it == request.query.end() ? "" : it->second;
}

// The string at `key` of a request body; "" when it is missing or not a
// string (the service then says what is missing).
inline std::string Text(const nlohmann::json& body, const char* key) {
  return body.contains(key) && body[key].is_string() ? body[key].get<std::string>() : "";
}

// A route that takes long on purpose (hashing a password with argon2id) or
// by its nature (reading a large, compressed upload): it runs off the
// server's own threads, so that a flood of sign-ins or uploads slows no
// other route.
inline http::RouteInfo RunsLong(http::RouteInfo info) {
  info.slow = true;
  return info;
}

}  // namespace backcoach

#endif  // BACKCOACH_API_REPLY_H_
