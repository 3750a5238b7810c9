// HTTP: the small request/response model and router that handlers see, and
// the server that feeds them. Handlers never see the HTTP library (the
// server is built on libmicrohttpd, chosen by measurement: see
// docs/performance.md).
//
// A Router maps (method, pattern) to a handler; patterns are literal
// segments and {name} parameters: "/api/v1/patients/{id}/plan". The router
// is also the table the OpenAPI document and the route matrix tests walk.
//
// Thread-safety: a Router is filled from one thread before serving and only
// read after (Dispatch and Match from any thread at once); handlers may run
// on many threads at once. Request and Response are plain values. The
// parsing helpers at the end are pure. Failures are answers, not errors,
// wherever a client is concerned (a path no route takes is a 404); a
// Server's Start says why it cannot serve.
#ifndef BACKCOACH_HTTP_HTTP_H_
#define BACKCOACH_HTTP_HTTP_H_

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/status.h"

namespace backcoach::http {

// The body of a request to a route that streams it (RouteInfo::stream_body),
// read as it arrives instead of held whole. Only the handler's thread reads.
class BodyReader {
 public:
  virtual ~BodyReader() = default;
  // Waits for the next piece of the body and returns it (at most a few
  // tens of kilobytes); an empty piece once the body is complete.
  // Unavailable when it will never be: the client went away or was cut off
  // (too slow, too large), or the server is stopping. The server answers
  // such a request itself; the handler need only stop.
  virtual Result<std::string> Read() = 0;
};

// A body already held whole, read in one piece: what a route that streams
// its body reads when it is called in-process with Request::body set.
class WholeBodyReader : public BodyReader {
 public:
  explicit WholeBodyReader(std::string body) : body_(std::move(body)) {}
  Result<std::string> Read() override { return std::exchange(body_, std::string()); }

 private:
  std::string body_;
};

struct Request {
  std::string method;                          // "GET", "POST", ...
  std::string path;                            // without the query string, percent-decoded
  std::map<std::string, std::string> query;    // decoded
  std::map<std::string, std::string> headers;  // names lower-case
  std::map<std::string, std::string> cookies;
  std::map<std::string, std::string> params;  // from the route pattern
  std::string body;                           // empty for a route that streams its body
  BodyReader* body_reader = nullptr;          // set for a route that streams its body
  std::string remote_address;
  bool tls = false;

  std::string Header(const std::string& lower_name) const;
  std::string Cookie(const std::string& name) const;
  std::string Param(const std::string& name) const;  // these three: "" when absent
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Json(int status, std::string body);
  static Response Text(int status, std::string content_type, std::string body);
};

using Handler = std::function<Response(const Request&)>;

// What a route is to the transport, and its summary for the OpenAPI
// document. Who may call it is the API's own business (api/api.h).
struct RouteInfo {
  std::string summary;
  // The media type of a write's body: empty for a JSON object (parsed before
  // the handler runs), anything else is handed over as it came ("text/csv").
  std::string body_type = "";
  // The largest body this route takes; 0 for the server's max_body_bytes.
  std::size_t max_body_bytes = 0;
  // The handler takes long on purpose (it hashes a password): it runs on
  // the server's pool for slow handlers, so that it holds up no other
  // request (see ServerOptions::slow_threads).
  bool slow = false;
  // The handler waits for the disk (a write the store commits in a group
  // and flushes before answering): it runs on the server's write pool, so
  // that the connection's thread serves its other connections meanwhile
  // and every write in flight can join the next commit (see
  // ServerOptions::write_threads).
  bool waits_for_disk = false;
  // The body is streamed, never held whole (an upload of a large file): the
  // server calls the route's Admit with the head alone, before reading any
  // of the body, and, if it lets the request in, runs the handler at once
  // on the server's upload threads (ServerOptions::upload_threads), reading
  // the body from Request::body_reader as it arrives. The server keeps at
  // most a few hundred kilobytes of it waiting for the handler; a client
  // that sends faster is read more slowly.
  bool stream_body = false;
};

// For a route that streams its body: decides from the head (the request
// without its body) whether the body is wanted, so that a caller who may
// not upload is refused before sending it. A response refuses the request;
// nullopt lets it in. Runs on the server's thread: it must be quick.
using Admit = std::function<std::optional<Response>(const Request&)>;

struct Route {
  std::string method;
  std::string pattern;
  std::vector<std::string> segments;
  Handler handler;
  RouteInfo info;
  Admit admit;  // empty: every head is let in
};

class Router {
 public:
  // Adds a route; never fails (a pattern added twice: the first wins).
  void Add(std::string method, std::string pattern, Handler handler, RouteInfo info = {},
           Admit admit = {});
  // A handler for paths no route matches with GET (e.g. static files).
  void SetFallback(Handler handler) { fallback_ = std::move(handler); }

  // Finds the route and fills request.params. A path that matches with
  // another method gets 405; no match, the fallback or 404 (JSON errors).
  Response Dispatch(Request& request) const;
  // The route for `method` and `path`, filling `params` (if given); null
  // when none matches.
  const Route* Match(const std::string& method, const std::string& path,
                     std::map<std::string, std::string>* params) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
  Handler fallback_;
};

// One answered request, for the access log. `path` has no query string:
// queries can hold what a person typed (a name searched for).
struct RequestLogEntry {
  std::string method;
  std::string path;
  int status = 0;
  double milliseconds = 0;  // from the request line to the answer queued
  std::string remote_address;
};

struct ServerOptions {
  std::string host = "127.0.0.1";        // an IPv4 or IPv6 literal; "0.0.0.0" for all interfaces
  int port = 8080;                       // 0 picks a free port (see Server::port())
  int threads = 2;                       // worker threads, one event loop each
  std::size_t max_body_bytes = 1 << 20;  // larger bodies get 413 (a route may allow more)
  // How many requests may hold a body larger than max_body_bytes at once
  // (uploads to a route that allows them); more get 503 while they last, so
  // that large uploads, which are held in memory, cannot exhaust it.
  int max_large_bodies = 4;
  std::size_t max_header_bytes = 16 << 10;  // request line and headers; more gets 431
  int connection_timeout_seconds = 30;      // a connection idle this long is closed
  // A new connection's first request head (request line and headers) must
  // arrive whole within this, however slowly it trickles in; a kept-alive
  // connection's next head within connection_timeout_seconds of the last
  // answer. Late ones are closed (slowloris).
  int header_timeout_seconds = 10;
  // JSON bodies nested deeper than this get 400 before a handler sees them.
  int max_json_depth = 64;
  // Threads for slow routes (RouteInfo::slow), at a lower CPU priority;
  // 0 for half the cores (at least one). Requests beyond them wait, up to max_slow_waiting
  // at once; more get 503 until the queue shortens.
  int slow_threads = 0;
  int max_slow_waiting = 64;
  // Threads for routes that wait for the disk (RouteInfo::waits_for_disk),
  // at the usual priority. A connection's thread serves several
  // connections, and a write waiting for its commit would hold them all
  // up; requests beyond these threads wait their turn (never refused:
  // there are never more than max_connections).
  int write_threads = 64;
  // Threads for routes that stream their body (RouteInfo::stream_body), at
  // a lower CPU priority: one per upload for as long as it lasts, so this
  // many uploads at once; the next gets 503 at its head. Their own threads,
  // so that a slow upload delays no sign-in.
  int upload_threads = 4;
  // A request body must arrive at an average of at least min_body_rate
  // bytes a second, counted from its head, once body_grace_seconds have
  // passed; a slower one is cut off (a body trickled a byte at a time would
  // otherwise hold its connection for as long as the client liked).
  int body_grace_seconds = 10;
  int min_body_rate = 4096;
  // Connections open at once, in all and from one client address (more are
  // closed as they arrive), so that one address cannot take every
  // connection. The load benchmark opens 64 from one address.
  int max_connections = 1024;
  int max_connections_per_address = 128;
  int shutdown_grace_seconds = 10;  // Stop() waits this long for in-flight requests
  // Called once per answered request, from the worker thread; empty for none.
  std::function<void(const RequestLogEntry&)> log;
};

// Serves a Router over HTTP/1.1 with keep-alive (libmicrohttpd, one epoll
// loop on each of `threads` threads, fed new connections in turn). Adds X-Content-Type-Options,
// Referrer-Policy, X-Frame-Options and, on JSON, Cache-Control: no-store to every response whose
// handler did not set them; an exception escaping a handler becomes a 500 JSON error without
// details. See docs/http.md. REQUIRES: the router outlives the server and is not changed while it
// runs.
class Server {
 public:
  Server(const Router& router, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Listens and starts serving. InvalidArgument for a bad host or option,
  // Unavailable when the address cannot be bound.
  Status Start();
  // The port actually bound (useful with port 0).
  int port() const;
  // Stops accepting, lets in-flight requests finish (up to
  // shutdown_grace_seconds), then returns. Safe to call more than once.
  void Stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Percent-decoding and query-string parsing, exposed for tests and fuzzing.
// Never fail: a malformed escape is kept as it was sent.
std::string PercentDecode(const std::string& text, bool plus_as_space);
std::map<std::string, std::string> ParseQuery(const std::string& query);
std::map<std::string, std::string> ParseCookies(const std::string& header);

// True when `text` is well-formed UTF-8: no overlong forms, no surrogates,
// nothing past U+10FFFF. The server refuses a path or query that is not,
// so that handlers, logs and JSON encoders only ever see valid text.
bool IsValidUtf8(std::string_view text);
// True when JSON text opens more than `max_depth` arrays and objects inside
// one another (brackets inside strings do not count). The text need not be
// valid JSON: this only bounds the nesting before a parser and the
// recursive copies and encoders after it see the document.
bool JsonNestedDeeperThan(std::string_view text, int max_depth);

}  // namespace backcoach::http

#endif  // BACKCOACH_HTTP_HTTP_H_
