#include "api/request_origin.h"

#include "core/text.h"

namespace backcoach {

namespace {

std::string Trimmed(const std::string& s) {
  const auto begin = s.find_first_not_of(" \t");
  if (begin == std::string::npos) return "";
  const auto end = s.find_last_not_of(" \t");
  return s.substr(begin, end - begin + 1);
}

// "https://clinic.example:8443" -> "clinic.example:8443"; "" when it is not
// an http(s) origin (e.g. "null", sent by sandboxed frames and file: pages).
std::string Authority(const std::string& origin) {
  for (const char* scheme : {"http://", "https://"}) {
    const std::string prefix = scheme;
    if (origin.rfind(prefix, 0) == 0) {
      std::string rest = origin.substr(prefix.size());
      if (rest.empty() || rest.find('/') != std::string::npos) return "";
      return rest;
    }
  }
  return "";
}

const Status kOtherSite = Status::PermissionDenied("this request came from another site");

}  // namespace

Status CheckSameOrigin(const std::string& origin_header, const std::string& host_header,
                       const std::string& sec_fetch_site) {
  const std::string origin = LowerAscii(Trimmed(origin_header));
  if (!origin.empty()) {
    const std::string host = LowerAscii(Trimmed(host_header));
    if (host.empty() || Authority(origin) != host) return kOtherSite;
    return Status::Ok();
  }
  const std::string site = LowerAscii(Trimmed(sec_fetch_site));
  if (site.empty() || site == "same-origin" || site == "none") return Status::Ok();
  return kOtherSite;
}

Status CheckSameOrigin(const http::Request& request) {
  return CheckSameOrigin(request.Header("origin"), request.Header("host"),
                         request.Header("sec-fetch-site"));
}

Status CheckJsonContentType(const http::Request& request) {
  if (request.body.empty()) return Status::Ok();
  std::string type = request.Header("content-type");
  type = LowerAscii(Trimmed(type.substr(0, type.find(';'))));
  if (type == "application/json") return Status::Ok();
  return Status::InvalidArgument(
      "the request body must be JSON, sent with the header Content-Type: application/json");
}

}  // namespace backcoach
