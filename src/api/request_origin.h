// RequestOrigin: where a browser says a request comes from, and whether the
// API takes a write from there (login CSRF and cross-site writes).
//
// A browser sends Origin with every POST, PUT and DELETE, and Sec-Fetch-Site
// with every request; scripts and apps (bearer tokens, curl) send neither.
// A write is taken when its Origin names this server itself (scheme-less:
// the host and port must equal the Host header), or, without Origin, when
// Sec-Fetch-Site is "same-origin" or "none" (typed by the person), or when
// neither header is there. Anything else (another site, "null", a sibling
// sub-domain) is refused. Cookies are SameSite=Strict as well; this check
// also covers what SameSite does not: signing in (no cookie yet) from
// another site, and browsers that ignore SameSite. See docs/security.md.
//
// Thread-safety: pure functions; safe from any thread.
#ifndef BACKCOACH_API_REQUEST_ORIGIN_H_
#define BACKCOACH_API_REQUEST_ORIGIN_H_

#include <string>

#include "core/status.h"
#include "http/http.h"

namespace backcoach {

// OK when a request whose headers say `origin` (Origin), `host` (Host) and
// `sec_fetch_site` (Sec-Fetch-Site), each "" when absent, comes from this
// server's own pages or from no browser at all; PermissionDenied("this
// request came from another site") when not.
Status CheckSameOrigin(const std::string& origin, const std::string& host,
                       const std::string& sec_fetch_site);
// The same, read from `request`'s headers.
Status CheckSameOrigin(const http::Request& request);

// OK when a JSON write's body is declared as JSON (Content-Type
// application/json, parameters such as charset allowed) or is empty;
// InvalidArgument with the message a 415 answer carries otherwise.
Status CheckJsonContentType(const http::Request& request);

}  // namespace backcoach

#endif  // BACKCOACH_API_REQUEST_ORIGIN_H_
