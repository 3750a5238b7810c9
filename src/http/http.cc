// The request/response model, the router and the text helpers. The server
// that feeds the router from sockets is in http_server.cc.
#include "http/http.h"

#include <algorithm>
#include <set>

#include <nlohmann/json.hpp>

namespace backcoach::http {

namespace {

std::string Lookup(const std::map<std::string, std::string>& map, const std::string& key) {
  auto it = map.find(key);
  return it == map.end() ? std::string() : it->second;
}

int HexValue(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

std::string Trim(const std::string& text) {
  const char* kSpace = " \t";
  const size_t begin = text.find_first_not_of(kSpace);
  if (begin == std::string::npos) return "";
  const size_t end = text.find_last_not_of(kSpace);
  return text.substr(begin, end - begin + 1);
}

// "/a/b" -> {"a", "b"}; "/" -> {""}; "/a/" -> {"a", ""}. The leading slash
// is dropped; every other slash separates segments, so a trailing slash
// leaves an empty last segment and "/a/" is a different path from "/a".
std::vector<std::string> SplitPath(const std::string& path) {
  std::vector<std::string> segments;
  size_t start = path.empty() || path[0] != '/' ? 0 : 1;
  while (true) {
    const size_t slash = path.find('/', start);
    segments.push_back(path.substr(start, slash - start));
    if (slash == std::string::npos) break;
    start = slash + 1;
  }
  return segments;
}

bool IsParam(const std::string& segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// How specifically a route matches: one entry per segment, 0 for a literal
// and 1 for a parameter. The smaller vector (compared in order) wins, so a
// literal segment beats a parameter at the first place where they differ.
using Rank = std::vector<int>;

bool MatchSegments(const Route& route, const std::vector<std::string>& segments,
                   std::map<std::string, std::string>* params, Rank* rank) {
  if (route.segments.size() != segments.size()) return false;
  rank->clear();
  for (size_t i = 0; i < segments.size(); ++i) {
    const std::string& want = route.segments[i];
    if (IsParam(want)) {
      if (segments[i].empty()) return false;
      rank->push_back(1);
    } else {
      if (want != segments[i]) return false;
      rank->push_back(0);
    }
  }
  if (params != nullptr) {
    params->clear();
    for (size_t i = 0; i < segments.size(); ++i) {
      const std::string& want = route.segments[i];
      if (IsParam(want)) (*params)[want.substr(1, want.size() - 2)] = segments[i];
    }
  }
  return true;
}

// The methods of the routes that match `path`, for an Allow header:
// "GET, HEAD, POST", or "" when no route matches it.
std::string AllowedMethods(const std::vector<Route>& routes, const std::string& path) {
  std::set<std::string> allowed;
  const std::vector<std::string> segments = SplitPath(path);
  Rank rank;
  for (const Route& route : routes) {
    if (MatchSegments(route, segments, nullptr, &rank)) allowed.insert(route.method);
  }
  if (allowed.count("GET") != 0) allowed.insert("HEAD");
  std::string allow;
  for (const std::string& method : allowed) allow += (allow.empty() ? "" : ", ") + method;
  return allow;
}

Response ErrorJson(int status, const std::string& code, const std::string& message) {
  nlohmann::json body = {{"error", {{"code", code}, {"message", message}}}};
  return Response::Json(status, body.dump());
}

}  // namespace

std::string Request::Header(const std::string& lower_name) const {
  return Lookup(headers, lower_name);
}

std::string Request::Cookie(const std::string& name) const { return Lookup(cookies, name); }

std::string Request::Param(const std::string& name) const { return Lookup(params, name); }

Response Response::Json(int status, std::string body) {
  Response response;
  response.status = status;
  response.content_type = "application/json";
  response.body = std::move(body);
  return response;
}

Response Response::Text(int status, std::string content_type, std::string body) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

void Router::Add(std::string method, std::string pattern, Handler handler, RouteInfo info,
                 Admit admit) {
  Route route;
  route.admit = std::move(admit);
  route.segments = SplitPath(pattern);
  route.method = std::move(method);
  route.pattern = std::move(pattern);
  route.handler = std::move(handler);
  route.info = std::move(info);
  routes_.push_back(std::move(route));
}

const Route* Router::Match(const std::string& method, const std::string& path,
                           std::map<std::string, std::string>* params) const {
  const std::vector<std::string> segments = SplitPath(path);
  const Route* best = nullptr;
  Rank best_rank;
  Rank rank;
  for (const Route& route : routes_) {
    if (route.method != method) continue;
    if (!MatchSegments(route, segments, nullptr, &rank)) continue;
    if (best == nullptr || rank < best_rank) {
      best = &route;
      best_rank = rank;
    }
  }
  if (best != nullptr && params != nullptr) MatchSegments(*best, segments, params, &rank);
  return best;
}

Response Router::Dispatch(Request& request) const {
  const Route* route = Match(request.method, request.path, &request.params);
  // HEAD is served by the GET route; the server sends the headers only.
  if (route == nullptr && request.method == "HEAD") {
    route = Match("GET", request.path, &request.params);
  }
  if (route != nullptr) return route->handler(request);

  const std::string allow = AllowedMethods(routes_, request.path);
  if (!allow.empty()) {
    Response response =
        ErrorJson(405, "method_not_allowed", "this path does not accept the method");
    response.headers.emplace_back("Allow", allow);
    return response;
  }
  if (fallback_ && (request.method == "GET" || request.method == "HEAD")) {
    return fallback_(request);
  }
  return ErrorJson(404, "not_found", "no such resource");
}

std::string PercentDecode(const std::string& text, bool plus_as_space) {
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '+' && plus_as_space) {
      out.push_back(' ');
      continue;
    }
    if (c == '%' && i + 2 < text.size() && HexValue(text[i + 1]) >= 0 &&
        HexValue(text[i + 2]) >= 0) {
      out.push_back(static_cast<char>(HexValue(text[i + 1]) * 16 + HexValue(text[i + 2])));
      i += 2;
      continue;
    }
    out.push_back(c);  // a '%' not followed by two hex digits is kept as is
  }
  return out;
}

std::map<std::string, std::string> ParseQuery(const std::string& query) {
  std::map<std::string, std::string> result;
  size_t start = 0;
  while (start <= query.size()) {
    size_t end = query.find('&', start);
    if (end == std::string::npos) end = query.size();
    const std::string pair = query.substr(start, end - start);
    start = end + 1;
    if (pair.empty()) continue;
    const size_t equals = pair.find('=');
    std::string key = PercentDecode(pair.substr(0, equals), true);
    std::string value =
        equals == std::string::npos ? "" : PercentDecode(pair.substr(equals + 1), true);
    if (key.empty()) continue;
    result.emplace(std::move(key), std::move(value));  // the first of duplicate keys wins
  }
  return result;
}

std::map<std::string, std::string> ParseCookies(const std::string& header) {
  std::map<std::string, std::string> result;
  size_t start = 0;
  while (start <= header.size()) {
    size_t end = header.find(';', start);
    if (end == std::string::npos) end = header.size();
    const std::string pair = header.substr(start, end - start);
    start = end + 1;
    const size_t equals = pair.find('=');
    if (equals == std::string::npos) continue;
    std::string name = Trim(pair.substr(0, equals));
    std::string value = Trim(pair.substr(equals + 1));
    if (value.size() >= 2 && value.front() == '"' && value.back() == '"') {
      value = value.substr(1, value.size() - 2);
    }
    if (name.empty()) continue;
    result.emplace(std::move(name), std::move(value));  // the first of duplicate names wins
  }
  return result;
}

bool IsValidUtf8(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const auto byte = static_cast<unsigned char>(text[i]);
    if (byte < 0x80) {
      ++i;
      continue;
    }
    // The length of the sequence, and the range its second byte must be in
    // so that it is neither overlong nor a surrogate nor past U+10FFFF
    // (RFC 3629, section 4).
    size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;
    if (byte >= 0xC2 && byte <= 0xDF) {
      length = 2;
    } else if (byte >= 0xE0 && byte <= 0xEF) {
      length = 3;
      if (byte == 0xE0) low = 0xA0;
      if (byte == 0xED) high = 0x9F;
    } else if (byte >= 0xF0 && byte <= 0xF4) {
      length = 4;
      if (byte == 0xF0) low = 0x90;
      if (byte == 0xF4) high = 0x8F;
    } else {
      return false;
    }
    if (i + length > text.size()) return false;
    for (size_t k = 1; k < length; ++k) {
      const auto next = static_cast<unsigned char>(text[i + k]);
      if (next < (k == 1 ? low : 0x80) || next > (k == 1 ? high : 0xBF)) return false;
    }
    i += length;
  }
  return true;
}

bool JsonNestedDeeperThan(std::string_view text, int max_depth) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (in_string) {
      if (c == '\\') {
        ++i;  // the escaped character cannot end the string
      } else if (c == '"') {
        in_string = false;
      }
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      if (++depth > max_depth) return true;
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return false;
}

}  // namespace backcoach::http
