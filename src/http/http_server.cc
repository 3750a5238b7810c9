// The HTTP server: libmicrohttpd feeds the Router.
//
// One Exchange lives per request, from the URI log callback (which sees the
// raw request-target, so the path and query are decoded here, not by the
// library) to the request-completed callback. The access handler collects
// the body into it and, once the body is complete, dispatches; for a route
// that streams its body, it admits the head, starts the handler on an
// upload thread and passes the body on through a Stream as it arrives.
// Nothing thrown by a handler crosses into the C library.
#include <arpa/inet.h>
#include <microhttpd.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <mutex>
#include <optional>
#include <set>
#include <vector>

#include "http/acceptor.h"
#include "http/connection_limits.h"
#include "http/http.h"
#include "http/http_deadlines.h"
#include "http/http_pool.h"
#include "http/listening_socket.h"

namespace backcoach::http {

namespace {

// Each connection's memory pool holds the request line and headers (with
// the library's bookkeeping for each field), then the body read buffer and
// the response headers. Twice the header limit plus this headroom lets any
// request within max_header_bytes reach the exact check in Access(); far
// larger ones are refused by the library itself.
constexpr std::size_t kConnectionMemoryHeadroom = 16 << 10;

constexpr char kBadRequest[] =
    R"({"error":{"code":"bad_request","message":"the request target is not valid"}})";
constexpr char kHeadersTooLarge[] =
    R"({"error":{"code":"headers_too_large","message":"the request headers are too large"}})";
constexpr char kTooLarge[] =
    R"({"error":{"code":"payload_too_large","message":"the request body is too large"}})";
constexpr char kBusy[] =
    R"({"error":{"code":"unavailable","message":"too many uploads at once; please try again in a minute"}})";
constexpr char kBadHeaders[] =
    R"({"error":{"code":"bad_request","message":"the request headers are not valid"}})";
constexpr char kBadFraming[] =
    R"({"error":{"code":"bad_request","message":"the length of the request body is ambiguous"}})";
constexpr char kTooDeep[] =
    R"({"error":{"code":"bad_request","message":"the request body is nested too deeply"}})";
constexpr char kSlowBusy[] =
    R"({"error":{"code":"unavailable","message":"too many sign-ins or uploads at once; please try again in a moment"}})";
constexpr char kWritesBusy[] =
    R"({"error":{"code":"unavailable","message":"the server is busy or stopping; please try again in a moment"}})";
constexpr char kInternal[] = R"({"error":{"code":"internal","message":"internal error"}})";

// A streamed body waiting for its reader: past the high mark the
// connection is no longer read until the reader is down to the low mark.
constexpr std::size_t kStreamHighMark = 256 << 10;
constexpr std::size_t kStreamLowMark = 64 << 10;

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

bool HasHeader(const Response& response, const std::string& lower_name) {
  return std::any_of(response.headers.begin(), response.headers.end(),
                     [&](const auto& header) { return Lower(header.first) == lower_name; });
}

bool IsJson(const std::string& content_type) {
  return Lower(content_type).rfind("application/json", 0) == 0;
}

// Adds the headers every response carries unless the handler chose its own.
void AddDefaultHeaders(Response& response) {
  static const std::pair<const char*, const char*> kSecurity[] = {
      {"X-Content-Type-Options", "nosniff"},
      {"Referrer-Policy", "no-referrer"},
      {"X-Frame-Options", "DENY"},
  };
  for (const auto& [name, value] : kSecurity) {
    if (!HasHeader(response, Lower(name))) response.headers.emplace_back(name, value);
  }
  if (IsJson(response.content_type) && !HasHeader(response, "cache-control")) {
    response.headers.emplace_back("Cache-Control", "no-store");
  }
}

MHD_Result CountHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  // "name: value\r\n" as it came on the wire.
  *static_cast<size_t*>(cls) += std::strlen(key) + (value ? std::strlen(value) : 0) + 4;
  return MHD_YES;
}

MHD_Result CollectHeader(void* cls, MHD_ValueKind, const char* key, const char* value) {
  auto* headers = static_cast<std::map<std::string, std::string>*>(cls);
  const std::string name = Lower(key);
  auto [it, inserted] = headers->emplace(name, value == nullptr ? "" : value);
  // Repeated fields are one list (RFC 9110 5.3); cookies use their own separator.
  if (!inserted) it->second += (name == "cookie" ? "; " : ", ") + std::string(value ? value : "");
  return MHD_YES;
}

// What the request head says about itself, for the checks that the library
// leaves to the application.
struct HeadFacts {
  int hosts = 0;
  int content_lengths = 0;
  std::string transfer_encoding;  // as sent, if any
  bool bad_field = false;         // a name that is not a token, or a value with NUL/CR/LF
};

bool IsTokenChar(unsigned char c) {
  return std::isalnum(c) || std::strchr("!#$%&'*+-.^_`|~", c) != nullptr;
}

MHD_Result NoteHeader(void* cls, MHD_ValueKind, const char* key, size_t key_size, const char* value,
                      size_t value_size) {
  auto* facts = static_cast<HeadFacts*>(cls);
  const std::string_view name(key, key_size);
  const std::string_view text(value == nullptr ? "" : value, value == nullptr ? 0 : value_size);
  if (name.empty() || !std::all_of(name.begin(), name.end(), [](char c) {
        return IsTokenChar(static_cast<unsigned char>(c));
      })) {
    facts->bad_field = true;  // "Name : value" smuggles a field past some proxies
  }
  if (text.find_first_of(std::string_view("\0\r\n", 3)) != std::string_view::npos) {
    facts->bad_field = true;  // RFC 9110 5.5: such values are invalid and dangerous
  }
  const std::string lower = Lower(std::string(name));
  if (lower == "host") ++facts->hosts;
  if (lower == "content-length") ++facts->content_lengths;
  if (lower == "transfer-encoding") {
    // Appended piece by piece: GCC 12 misreports a C string before a
    // temporary std::string as an overlapping copy (-Wrestrict).
    if (!facts->transfer_encoding.empty()) facts->transfer_encoding += ", ";
    facts->transfer_encoding += text;
  }
  return MHD_YES;
}

// The answer to a request head that must be refused before its body is
// read, or nullptr. A body whose length two parts of a chain could read
// differently (request smuggling) is refused rather than guessed at: RFC
// 9112 6.1 and 6.3.
const char* RefuseHead(MHD_Connection* connection, const char* version) {
  HeadFacts facts;
  MHD_get_connection_values_n(connection, MHD_HEADER_KIND, &NoteHeader, &facts);
  // The library takes any HTTP/1.x; a later minor version is read as 1.1.
  const bool http10 = std::strcmp(version, MHD_HTTP_VERSION_1_0) == 0;
  if (facts.bad_field || (!http10 && facts.hosts != 1) || facts.hosts > 1) return kBadHeaders;
  if (facts.content_lengths > 1) return kBadFraming;
  if (facts.transfer_encoding.empty()) return nullptr;
  if (http10 || facts.content_lengths > 0 || Lower(facts.transfer_encoding) != "chunked") {
    return kBadFraming;
  }
  return nullptr;
}

std::string RemoteAddress(MHD_Connection* connection) {
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
  if (info == nullptr || info->client_addr == nullptr) return "";
  char text[INET6_ADDRSTRLEN] = {};
  const sockaddr* addr = info->client_addr;
  if (addr->sa_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<const sockaddr_in*>(addr)->sin_addr, text, sizeof text);
  } else if (addr->sa_family == AF_INET6) {
    inet_ntop(AF_INET6, &reinterpret_cast<const sockaddr_in6*>(addr)->sin6_addr, text, sizeof text);
  }
  return text;
}

bool StartsWithNoCase(const std::string& text, const std::string& prefix) {
  return text.size() >= prefix.size() && Lower(text.substr(0, prefix.size())) == prefix;
}

// "http://host:80/a?b" -> "/a?b": HTTP/1.1 servers must accept the
// absolute form (RFC 9112 3.2.2); the authority is not used for routing.
std::string OriginForm(const std::string& target) {
  if (!StartsWithNoCase(target, "http://") && !StartsWithNoCase(target, "https://")) {
    return target;
  }
  const size_t authority = target.find("//") + 2;
  const size_t rest = target.find_first_of("/?", authority);
  if (rest == std::string::npos) return "/";
  if (target[rest] != '?') return target.substr(rest);
  std::string path = "/";  // built by appending, for GCC 12's false -Wrestrict
  path += std::string_view(target).substr(rest);
  return path;
}

// Fills method, path, query, headers, cookies and the remote address from
// the raw request-target. False if the target holds spaces or control bytes,
// is not a path, or its path or query is not UTF-8 once decoded.
bool FillRequest(MHD_Connection* connection, const char* method, const std::string& raw_target,
                 Request* request) {
  request->method = method;
  // A request-target never holds spaces or control bytes (RFC 9112, 3.2);
  // a lenient parse of "GET /a b HTTP/1.1" must not reach a handler as "/a b".
  for (unsigned char c : raw_target) {
    if (c <= 0x20 || c == 0x7F) return false;
  }
  const std::string target = OriginForm(raw_target);
  const size_t question = target.find('?');
  request->path = PercentDecode(target.substr(0, question), false);
  if (question != std::string::npos) request->query = ParseQuery(target.substr(question + 1));
  if (request->path.empty() || request->path[0] != '/' ||
      request->path.find('\0') != std::string::npos || !IsValidUtf8(request->path)) {
    return false;
  }
  for (const auto& [key, value] : request->query) {
    if (!IsValidUtf8(key) || !IsValidUtf8(value)) return false;
  }
  MHD_get_connection_values(connection, MHD_HEADER_KIND, &CollectHeader, &request->headers);
  request->cookies = ParseCookies(request->Header("cookie"));
  request->remote_address = RemoteAddress(connection);
  return true;
}

// Frees an answer's bytes once the library has sent them (see Send).
void FreeBody(void* body) { delete static_cast<std::string*>(body); }

}  // namespace

namespace {

// A streamed body between the library's thread, which pushes the pieces
// as they arrive, and the handler's upload thread, which reads them; and
// the handler's answer on its way back. Shared by both (the connection can
// close while the handler still runs), all of it guarded by `mu_`.
//
// The connection is suspended in two cases, each time with the lock held so
// that its resume (also under the lock) always follows: while more than
// kStreamHighMark waits for the reader, and after the body's end until the
// answer is in. Only a suspended connection is ever resumed, and a
// suspended one cannot close.
class Stream : public BodyReader {
 public:
  Stream(MHD_Connection* connection, RequestDeadlines* deadlines)
      : connection_(connection), deadlines_(deadlines) {}

  Result<std::string> Read() override {
    std::unique_lock<std::mutex> lock(mu_);
    ready_.wait(lock, [this] { return !pieces_.empty() || ended_ || !cut_.empty(); });
    if (!cut_.empty()) return Status::Unavailable(cut_);
    if (pieces_.empty()) return std::string();  // the end
    std::string piece = std::move(pieces_.front());
    pieces_.pop_front();
    queued_ -= piece.size();
    if (paused_ && queued_ <= kStreamLowMark) Resume(&paused_);
    return piece;
  }

  // From the library's thread: the next piece (dropped once the handler has
  // answered or the body was cut).
  void Push(const char* data, std::size_t size) {
    std::lock_guard<std::mutex> lock(mu_);
    if (answered_ || !cut_.empty()) return;
    pieces_.emplace_back(data, size);
    queued_ += size;
    ready_.notify_one();
    if (queued_ >= kStreamHighMark && !paused_) {
      paused_ = true;
      deadlines_->BodyPaused(connection_);
      MHD_suspend_connection(connection_);
    }
  }

  // From the library's thread, once the body is complete: the handler's
  // answer if it is in; otherwise the connection is suspended until it is.
  std::optional<Response> End() {
    std::lock_guard<std::mutex> lock(mu_);
    ended_ = true;
    ready_.notify_one();
    if (reply_) {
      std::optional<Response> reply = std::move(reply_);
      reply_.reset();
      return reply;
    }
    awaiting_ = true;
    MHD_suspend_connection(connection_);
    return std::nullopt;
  }

  // From the upload thread: the handler's answer.
  void Answer(Response response) {
    std::lock_guard<std::mutex> lock(mu_);
    reply_ = std::move(response);
    answered_ = true;
    pieces_.clear();
    queued_ = 0;
    if (paused_) Resume(&paused_);
    if (awaiting_) Resume(&awaiting_);
  }

  // The body will not come whole (`why`); wakes the reader. The connection
  // may be closing: Cut never resumes it.
  void Cut(const std::string& why) {
    std::lock_guard<std::mutex> lock(mu_);
    if (cut_.empty()) cut_ = why;
    pieces_.clear();
    queued_ = 0;
    ready_.notify_one();
  }

 private:
  void Resume(bool* flag) {  // REQUIRES: mu_ held, *flag set
    *flag = false;
    if (!paused_ && !awaiting_) {
      deadlines_->BodyResumed(connection_);
      MHD_resume_connection(connection_);
    }
  }

  MHD_Connection* const connection_;
  RequestDeadlines* const deadlines_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::string> pieces_;
  std::size_t queued_ = 0;         // bytes in pieces_
  bool ended_ = false;             // the whole body has arrived
  std::string cut_;                // why it never will, if so
  bool answered_ = false;          // the handler has answered
  std::optional<Response> reply_;  // that answer, until sent
  bool paused_ = false;            // suspended for the reader to catch up
  bool awaiting_ = false;          // suspended for the answer
};

}  // namespace

struct Server::Impl {
  // One request, from its request line to its completion.
  struct Exchange {
    std::string target;  // the raw request-target
    std::string body;
    bool counted = false;            // included in in_flight
    size_t received = 0;             // body bytes so far, kept or not
    bool too_large = false;          // the body passed max_body; the rest is dropped
    size_t max_body = 0;             // the limit for this request's route
    bool large = false;              // holds one of the max_large_bodies slots
    bool busy = false;               // wanted a slot and found none; the body is dropped
    bool deferred = false;           // handed to the slow pool, the connection suspended
    std::optional<Response> reply;   // guarded by Impl::mu: the slow pool's answer
    std::shared_ptr<Stream> stream;  // for a route that streams its body
    std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  };

  Impl(const Router& r, ServerOptions o) : router(r), options(std::move(o)) {}

  const Router& router;
  const ServerOptions options;
  // One event loop (a libmicrohttpd daemon with its own thread) per
  // worker thread, each fed its share of the connections by `acceptor`.
  std::vector<MHD_Daemon*> daemons;
  int port = 0;
  int listener = -1;                         // the listening socket, ours (listening_socket.h)
  std::unique_ptr<ConnectionLimits> limits;  // set while running
  std::unique_ptr<Acceptor> acceptor;        // set while running
  std::atomic<bool> stopping{false};

  std::mutex mu;
  std::condition_variable idle;
  int in_flight = 0;        // guarded by mu
  int large_in_flight = 0;  // guarded by mu: requests holding a large body
  std::string last_log;     // guarded by mu: the library's last complaint
  RequestDeadlines deadlines;
  std::unique_ptr<SlowPool> slow_pool;        // set while running
  std::unique_ptr<SlowPool> write_pool;       // set while running
  std::unique_ptr<SlowPool> upload_pool;      // set while running
  std::set<std::shared_ptr<Stream>> streams;  // guarded by mu: bodies being streamed

  Status Start();
  // Starts one event loop; nullptr when the library cannot.
  MHD_Daemon* StartLoop();
  // Stops the loops, closes the listener and drops the pools.
  void Release();
  void Stop();

  MHD_Result Access(MHD_Connection* connection, const char* method, const char* version,
                    const char* upload_data, size_t* upload_data_size, Exchange* exchange);
  MHD_Result Send(MHD_Connection* connection, Response response) const;
  // Logs the answer (when a log is set), then sends it.
  MHD_Result Answer(MHD_Connection* connection, const char* method, const Exchange& exchange,
                    Response response) const;
  // Builds the request from the connection and the collected body; an
  // answer instead when it must be refused before routing.
  std::optional<Response> Prepare(MHD_Connection* connection, const char* method,
                                  Exchange* exchange, Request* request) const;
  // Runs the router; an escaping exception becomes a 500 without details.
  Response Dispatch(Request& request) const;
  // Suspends the connection and runs the request on `pool` (the slow or
  // the write pool); the library calls Access again once the answer is in
  // `exchange->reply`.
  MHD_Result Defer(MHD_Connection* connection, Request request, Exchange* exchange, SlowPool& pool,
                   const char* busy);
  MHD_Result Collect(const char* data, size_t* size, Exchange* exchange);
  // For a route that streams its body: admits the head and starts the
  // handler on the upload pool, or answers at once.
  MHD_Result StartStream(MHD_Connection* connection, const char* method, const Route& route,
                         Exchange* exchange);
  // Every later call for such a request: passes the body on, then answers.
  MHD_Result ContinueStream(MHD_Connection* connection, const char* method, const char* data,
                            size_t* size, Exchange* exchange);
  // Takes one of the max_large_bodies slots for `exchange`; false if none is free.
  bool TakeLargeSlot(Exchange* exchange);
  bool AnnouncesTooLarge(MHD_Connection* connection, const Exchange& exchange) const;
  // The route the request-target names, or nullptr.
  const Route* RouteFor(const char* method, const Exchange& exchange) const;
  bool HeadersTooLarge(MHD_Connection* connection, const char* method,
                       const Exchange& exchange) const;
  void Begin(Exchange* exchange);
  void End(Exchange* exchange);

  static void* OnUri(void* cls, const char* uri, MHD_Connection* connection);
  static MHD_Result OnAccess(void* cls, MHD_Connection* connection, const char* url,
                             const char* method, const char* version, const char* upload_data,
                             size_t* upload_data_size, void** con_cls);
  static void OnCompleted(void* cls, MHD_Connection* connection, void** con_cls,
                          MHD_RequestTerminationCode code);
  static void OnConnection(void* cls, MHD_Connection* connection, void** socket_context,
                           MHD_ConnectionNotificationCode code);
  static void OnLog(void* cls, const char* format, va_list args);
};

void* Server::Impl::OnUri(void*, const char* uri, MHD_Connection*) {
  try {
    auto* exchange = new Exchange;
    exchange->target = uri;
    return exchange;
  } catch (...) {
    return nullptr;  // OnAccess then refuses the request
  }
}

MHD_Result Server::Impl::OnAccess(void* cls, MHD_Connection* connection, const char*,
                                  const char* method, const char* version, const char* upload_data,
                                  size_t* upload_data_size, void** con_cls) {
  auto* exchange = static_cast<Exchange*>(*con_cls);
  if (exchange == nullptr) return MHD_NO;
  try {
    return static_cast<Impl*>(cls)->Access(connection, method, version, upload_data,
                                           upload_data_size, exchange);
  } catch (...) {
    return MHD_NO;  // closes the connection; only allocation can fail here
  }
}

void Server::Impl::OnCompleted(void* cls, MHD_Connection* connection, void** con_cls,
                               MHD_RequestTerminationCode) {
  auto* impl = static_cast<Impl*>(cls);
  // A kept-alive connection may wait for its next request as long as it may
  // be idle; it must then send that request's head within the same time.
  impl->deadlines.Await(connection,
                        std::chrono::steady_clock::now() +
                            std::chrono::seconds(impl->options.connection_timeout_seconds));
  auto* exchange = static_cast<Exchange*>(*con_cls);
  if (exchange == nullptr) return;
  if (exchange->stream) {
    // The handler may still be reading: it learns the body is gone.
    exchange->stream->Cut("the connection closed before the body was complete");
    std::lock_guard<std::mutex> lock(impl->mu);
    impl->streams.erase(exchange->stream);
  }
  impl->End(exchange);
  delete exchange;
  *con_cls = nullptr;
}

void Server::Impl::OnConnection(void* cls, MHD_Connection* connection, void**,
                                MHD_ConnectionNotificationCode code) {
  auto* impl = static_cast<Impl*>(cls);
  if (code == MHD_CONNECTION_NOTIFY_CLOSED) {
    impl->deadlines.Forget(connection);  // before the library closes the socket
    const MHD_ConnectionInfo* peer =
        MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    if (peer != nullptr && impl->limits) {
      impl->limits->Release(peer->client_addr, peer->client_addr->sa_family == AF_INET6
                                                   ? sizeof(sockaddr_in6)
                                                   : sizeof(sockaddr_in));
    }
    return;
  }
  const MHD_ConnectionInfo* info =
      MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CONNECTION_FD);
  if (info == nullptr) return;
  try {
    impl->deadlines.Open(connection, info->connect_fd,
                         std::chrono::steady_clock::now() +
                             std::chrono::seconds(impl->options.header_timeout_seconds));
  } catch (...) {
    // Out of memory: the connection goes unwatched, and the idle timeout holds.
  }
}

void Server::Impl::OnLog(void* cls, const char* format, va_list args) {
  char text[512];
  vsnprintf(text, sizeof text, format, args);
  auto* impl = static_cast<Impl*>(cls);
  std::lock_guard<std::mutex> lock(impl->mu);
  impl->last_log = text;
  while (!impl->last_log.empty() &&
         std::isspace(static_cast<unsigned char>(impl->last_log.back()))) {
    impl->last_log.pop_back();
  }
}

void Server::Impl::Begin(Exchange* exchange) {
  std::lock_guard<std::mutex> lock(mu);
  ++in_flight;
  exchange->counted = true;
}

void Server::Impl::End(Exchange* exchange) {
  if (!exchange->counted) return;
  std::lock_guard<std::mutex> lock(mu);
  if (exchange->large) --large_in_flight;
  if (--in_flight == 0) idle.notify_all();
}

bool Server::Impl::TakeLargeSlot(Exchange* exchange) {
  std::lock_guard<std::mutex> lock(mu);
  if (large_in_flight >= options.max_large_bodies) return false;
  ++large_in_flight;
  exchange->large = true;
  return true;
}

bool Server::Impl::HeadersTooLarge(MHD_Connection* connection, const char* method,
                                   const Exchange& exchange) const {
  // "METHOD target HTTP/1.1\r\n", then each field.
  size_t bytes = std::strlen(method) + 1 + exchange.target.size() + std::strlen(" HTTP/1.1\r\n");
  MHD_get_connection_values(connection, MHD_HEADER_KIND, &CountHeader, &bytes);
  return bytes > options.max_header_bytes;
}

const Route* Server::Impl::RouteFor(const char* method, const Exchange& exchange) const {
  const std::string target = OriginForm(exchange.target);
  const std::string path = PercentDecode(target.substr(0, target.find('?')), false);
  std::map<std::string, std::string> params;
  return router.Match(method, path, &params);
}

bool Server::Impl::AnnouncesTooLarge(MHD_Connection* connection, const Exchange& exchange) const {
  const char* length =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  if (length == nullptr) return false;
  char* end = nullptr;
  errno = 0;
  const unsigned long long announced = std::strtoull(length, &end, 10);
  return errno == ERANGE || announced > exchange.max_body;
}

// Whether a body follows the head: a length above zero, or chunks.
bool AnnouncesBody(MHD_Connection* connection) {
  if (MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_TRANSFER_ENCODING) !=
      nullptr) {
    return true;
  }
  const char* length =
      MHD_lookup_connection_value(connection, MHD_HEADER_KIND, MHD_HTTP_HEADER_CONTENT_LENGTH);
  return length != nullptr && std::strtoull(length, nullptr, 10) > 0;
}

// Only a chunked body (no Content-Length) can outgrow the limit on the way
// in. The library cannot answer before the body is read, so the rest is
// dropped and 413 sent at its end; a client that keeps sending past twice
// the limit is cut off instead.
MHD_Result Server::Impl::Collect(const char* data, size_t* size, Exchange* exchange) {
  const size_t piece = *size;
  *size = 0;
  exchange->received += piece;
  if (exchange->received > options.max_body_bytes && !exchange->large && !exchange->busy &&
      !TakeLargeSlot(exchange)) {
    exchange->busy = true;
    exchange->body = std::string();
  }
  if (exchange->busy) return exchange->received <= 2 * exchange->max_body ? MHD_YES : MHD_NO;
  if (exchange->received <= exchange->max_body) {
    exchange->body.append(data, piece);
    return MHD_YES;
  }
  exchange->too_large = true;
  exchange->body = std::string();
  return exchange->received <= 2 * exchange->max_body ? MHD_YES : MHD_NO;
}

// Called first when the headers are in (no data), then once per piece of
// body, then a last time with no data when the body is complete.
MHD_Result Server::Impl::Access(MHD_Connection* connection, const char* method, const char* version,
                                const char* upload_data, size_t* upload_data_size,
                                Exchange* exchange) {
  if (!exchange->counted) {
    Begin(exchange);
    deadlines.Arrived(connection);
    if (HeadersTooLarge(connection, method, *exchange)) {
      return Answer(connection, method, *exchange, Response::Json(431, kHeadersTooLarge));
    }
    if (const char* refusal = RefuseHead(connection, version)) {
      Response response = Response::Json(400, refusal);
      response.headers.emplace_back("Connection", "close");  // the framing cannot be trusted
      return Answer(connection, method, *exchange, std::move(response));
    }
    // Refuse an announced oversized body before reading any of it: the
    // route's own limit when it has one (an upload of a file), else the server's.
    const Route* route = RouteFor(method, *exchange);
    exchange->max_body = route != nullptr && route->info.max_body_bytes > 0
                             ? route->info.max_body_bytes
                             : options.max_body_bytes;
    if (AnnouncesTooLarge(connection, *exchange)) {
      return Answer(connection, method, *exchange, Response::Json(413, kTooLarge));
    }
    if (route != nullptr && route->info.stream_body) {
      return StartStream(connection, method, *route, exchange);
    }
    if (AnnouncesBody(connection)) deadlines.BodyStarted(connection);
    return MHD_YES;
  }
  if (exchange->stream) {
    return ContinueStream(connection, method, upload_data, upload_data_size, exchange);
  }
  if (*upload_data_size != 0) {
    deadlines.BodyReceived(connection, *upload_data_size);
    return Collect(upload_data, upload_data_size, exchange);
  }
  deadlines.BodyDone(connection);
  if (exchange->too_large) {
    return Answer(connection, method, *exchange, Response::Json(413, kTooLarge));
  }
  if (exchange->busy) return Answer(connection, method, *exchange, Response::Json(503, kBusy));
  if (exchange->deferred) {  // resumed: the slow or write pool has answered
    std::optional<Response> reply;
    {
      std::lock_guard<std::mutex> lock(mu);
      reply.swap(exchange->reply);
    }
    return Answer(connection, method, *exchange,
                  reply ? std::move(*reply) : Response::Json(500, kInternal));
  }
  Request request;
  if (std::optional<Response> refusal = Prepare(connection, method, exchange, &request)) {
    return Answer(connection, method, *exchange, std::move(*refusal));
  }
  std::map<std::string, std::string> params;
  const Route* route = router.Match(request.method, request.path, &params);
  if (route != nullptr && route->info.slow) {
    return Defer(connection, std::move(request), exchange, *slow_pool, kSlowBusy);
  }
  if (route != nullptr && route->info.waits_for_disk) {
    return Defer(connection, std::move(request), exchange, *write_pool, kWritesBusy);
  }
  return Answer(connection, method, *exchange, Dispatch(request));
}

MHD_Result Server::Impl::StartStream(MHD_Connection* connection, const char* method,
                                     const Route& route, Exchange* exchange) {
  Request request;
  try {
    if (!FillRequest(connection, method, exchange->target, &request)) {
      return Answer(connection, method, *exchange, Response::Json(400, kBadRequest));
    }
    request.params.clear();
    router.Match(request.method, request.path, &request.params);
    // Decided before any of the body is read: a refused body is never taken in.
    if (route.admit) {
      if (std::optional<Response> refusal = route.admit(request)) {
        return Answer(connection, method, *exchange, std::move(*refusal));
      }
    }
  } catch (...) {
    return Answer(connection, method, *exchange, Response::Json(500, kInternal));
  }
  auto stream = std::make_shared<Stream>(connection, &deadlines);
  request.body_reader = stream.get();
  const bool started = upload_pool->Submit([this, stream, request = std::move(request)]() mutable {
    stream->Answer(Dispatch(request));
  });
  if (!started) return Answer(connection, method, *exchange, Response::Json(503, kBusy));
  exchange->stream = stream;
  {
    std::lock_guard<std::mutex> lock(mu);
    streams.insert(stream);
  }
  if (AnnouncesBody(connection)) deadlines.BodyStarted(connection);
  return MHD_YES;
}

MHD_Result Server::Impl::ContinueStream(MHD_Connection* connection, const char* method,
                                        const char* data, size_t* size, Exchange* exchange) {
  Stream& stream = *exchange->stream;
  if (*size != 0) {
    const size_t piece = *size;
    *size = 0;
    deadlines.BodyReceived(connection, piece);
    exchange->received += piece;
    if (exchange->received > exchange->max_body) {  // only a chunked body gets here
      if (!exchange->too_large) stream.Cut("the request body is too large");
      exchange->too_large = true;
      return exchange->received <= 2 * exchange->max_body ? MHD_YES : MHD_NO;
    }
    stream.Push(data, piece);
    return MHD_YES;
  }
  deadlines.BodyDone(connection);
  std::optional<Response> reply = stream.End();
  if (!reply) return MHD_YES;  // suspended until the handler answers; called again then
  {
    std::lock_guard<std::mutex> lock(mu);
    streams.erase(exchange->stream);
  }
  if (exchange->too_large) reply = Response::Json(413, kTooLarge);
  return Answer(connection, method, *exchange, std::move(*reply));
}

MHD_Result Server::Impl::Answer(MHD_Connection* connection, const char* method,
                                const Exchange& exchange, Response response) const {
  if (options.log) {
    RequestLogEntry entry;
    entry.method = method;
    const std::string& target = exchange.target;
    entry.path = target.substr(0, std::min(target.find('?'), std::size_t{512}));
    entry.status = response.status;
    entry.milliseconds = std::chrono::duration<double, std::milli>(
                             std::chrono::steady_clock::now() - exchange.started)
                             .count();
    entry.remote_address = RemoteAddress(connection);
    options.log(entry);
  }
  return Send(connection, std::move(response));
}

std::optional<Response> Server::Impl::Prepare(MHD_Connection* connection, const char* method,
                                              Exchange* exchange, Request* request) const {
  try {
    if (!FillRequest(connection, method, exchange->target, request)) {
      return Response::Json(400, kBadRequest);
    }
    request->body = std::move(exchange->body);
    if (request->body.empty()) return std::nullopt;
    // A JSON body nested past max_json_depth is refused before any parser
    // (or the recursive copies and encoders after it) can exhaust the stack.
    std::map<std::string, std::string> params;
    const Route* route = router.Match(request->method, request->path, &params);
    const bool json_body = route != nullptr && route->info.body_type.empty();
    if (json_body && JsonNestedDeeperThan(request->body, options.max_json_depth)) {
      return Response::Json(400, kTooDeep);
    }
    return std::nullopt;
  } catch (...) {
    return Response::Json(500, kInternal);
  }
}

Response Server::Impl::Dispatch(Request& request) const {
  try {
    return router.Dispatch(request);
  } catch (...) {
    // What went wrong stays on the server; the client learns only that it did.
    return Response::Json(500, kInternal);
  }
}

MHD_Result Server::Impl::Defer(MHD_Connection* connection, Request request, Exchange* exchange,
                               SlowPool& pool, const char* busy) {
  exchange->deferred = true;
  // Suspended before the job can run, so that its resume always follows.
  MHD_suspend_connection(connection);
  auto finish = [this, connection, exchange](Response response) {
    {
      std::lock_guard<std::mutex> lock(mu);
      exchange->reply = std::move(response);
    }
    MHD_resume_connection(connection);
  };
  const bool queued = pool.Submit(
      [this, finish, request = std::move(request)]() mutable { finish(Dispatch(request)); });
  if (!queued) finish(Response::Json(503, busy));
  return MHD_YES;
}

MHD_Result Server::Impl::Send(MHD_Connection* connection, Response response) const {
  AddDefaultHeaders(response);
  if (stopping.load()) response.headers.emplace_back("Connection", "close");
  // The answer's bytes move to the library, which frees them with the
  // response: a copy would cost an allocation and a pass over every byte of
  // each answer (a clinic's list page is about 30 KB).
  auto* body = new std::string(std::move(response.body));
  MHD_Response* reply = MHD_create_response_from_buffer_with_free_callback_cls(
      body->size(), body->data(), &FreeBody, body);
  if (reply == nullptr) {
    delete body;
    return MHD_NO;
  }
  if (!response.content_type.empty()) {
    MHD_add_response_header(reply, MHD_HTTP_HEADER_CONTENT_TYPE, response.content_type.c_str());
  }
  for (const auto& [name, value] : response.headers) {
    // The library refuses names and values with line breaks (no header injection).
    MHD_add_response_header(reply, name.c_str(), value.c_str());
  }
  const MHD_Result queued =
      MHD_queue_response(connection, static_cast<unsigned int>(response.status), reply);
  MHD_destroy_response(reply);
  return queued;
}

Status Server::Impl::Start() {
  if (!daemons.empty()) return Status::InvalidArgument("the server is already running");
  if (options.threads < 1) return Status::InvalidArgument("threads must be at least 1");
  if (options.max_connections < 1 || options.max_connections_per_address < 1) {
    return Status::InvalidArgument("connection limits must be at least 1");
  }
  if (options.body_grace_seconds < 1 || options.min_body_rate < 0) {
    return Status::InvalidArgument("the body grace must be at least 1 s and the rate not negative");
  }
  if (options.port < 0 || options.port > 65535) {
    return Status::InvalidArgument("port must be between 0 and 65535");
  }
  sockaddr_storage address = {};
  auto* v4 = reinterpret_cast<sockaddr_in*>(&address);
  auto* v6 = reinterpret_cast<sockaddr_in6*>(&address);
  if (inet_pton(AF_INET, options.host.c_str(), &v4->sin_addr) == 1) {
    v4->sin_family = AF_INET;
    v4->sin_port = htons(static_cast<uint16_t>(options.port));
  } else if (inet_pton(AF_INET6, options.host.c_str(), &v6->sin6_addr) == 1) {
    v6->sin6_family = AF_INET6;
    v6->sin6_port = htons(static_cast<uint16_t>(options.port));
  } else {
    return Status::InvalidArgument("host '" + options.host + "' is not an IPv4 or IPv6 address");
  }
  if (options.upload_threads < 1)
    return Status::InvalidArgument("upload_threads must be at least 1");
  const std::string where =
      "cannot listen on " + options.host + " port " + std::to_string(options.port);
  auto opened = OpenListeningSocket(address);
  if (!opened.ok()) return Status::Unavailable(where + ": " + opened.status().message());
  listener = *opened;
  slow_pool = std::make_unique<SlowPool>(options.slow_threads,
                                         static_cast<std::size_t>(options.max_slow_waiting));
  // Lower still than the sign-in pool's: a sign-in is a person waiting at
  // the door; an upload that takes a second longer is not noticed.
  upload_pool = std::make_unique<SlowPool>(options.upload_threads, 0, /*nice=*/15);
  write_pool = std::make_unique<SlowPool>(std::max(1, options.write_threads),
                                          static_cast<std::size_t>(options.max_connections),
                                          /*nice=*/0);
  limits = std::make_unique<ConnectionLimits>(options.max_connections,
                                              options.max_connections_per_address);
  for (int i = 0; i < options.threads; ++i) {
    MHD_Daemon* loop = StartLoop();
    if (loop == nullptr) {
      Release();
      std::lock_guard<std::mutex> lock(mu);
      return Status::Unavailable(where + (last_log.empty() ? "" : ": " + last_log));
    }
    daemons.push_back(loop);
  }
  acceptor = std::make_unique<Acceptor>(
      listener, options.threads, limits.get(),
      [this](int socket, const sockaddr* peer, socklen_t length, int loop) {
        // The library closes the socket when it cannot take it. One it
        // takes and then drops before starting it (no memory for its pool)
        // is never reported closed, so its place stays counted: only when
        // the process is out of memory.
        return MHD_add_connection(daemons[static_cast<std::size_t>(loop)], socket, peer, length) ==
               MHD_YES;
      });
  if (Status started = acceptor->Start(); !started.ok()) {
    Release();
    return Status::Unavailable(where + ": " + started.message());
  }
  port = BoundPort(listener);
  deadlines.SetBodyRule(std::chrono::seconds(options.body_grace_seconds),
                        static_cast<std::uint64_t>(options.min_body_rate));
  deadlines.Start();
  return Status::Ok();
}

MHD_Daemon* Server::Impl::StartLoop() {
  // Each loop keeps the limits too, as a second line: the acceptor admits
  // within them over all loops, so a loop never reaches them first.
  const unsigned int flags = MHD_USE_EPOLL_INTERNAL_THREAD | MHD_USE_NO_LISTEN_SOCKET |
                             MHD_USE_ITC | MHD_USE_ERROR_LOG | MHD_ALLOW_SUSPEND_RESUME;
  return MHD_start_daemon(
      flags, 0, nullptr, nullptr, &Impl::OnAccess, this, MHD_OPTION_CONNECTION_LIMIT,
      static_cast<unsigned int>(options.max_connections), MHD_OPTION_PER_IP_CONNECTION_LIMIT,
      static_cast<unsigned int>(options.max_connections_per_address), MHD_OPTION_CONNECTION_TIMEOUT,
      static_cast<unsigned int>(options.connection_timeout_seconds),
      MHD_OPTION_CONNECTION_MEMORY_LIMIT,
      static_cast<size_t>(2 * options.max_header_bytes + kConnectionMemoryHeadroom),
      MHD_OPTION_URI_LOG_CALLBACK, &Impl::OnUri, this, MHD_OPTION_NOTIFY_COMPLETED,
      &Impl::OnCompleted, this, MHD_OPTION_NOTIFY_CONNECTION, &Impl::OnConnection, this,
      MHD_OPTION_EXTERNAL_LOGGER, &Impl::OnLog, this, MHD_OPTION_END);
}

void Server::Impl::Release() {
  if (acceptor) acceptor->Stop();
  acceptor.reset();
  if (listener >= 0) close(listener);
  listener = -1;
  for (MHD_Daemon* loop : daemons) MHD_stop_daemon(loop);
  daemons.clear();
  limits.reset();
  slow_pool.reset();
  upload_pool.reset();
  write_pool.reset();
}

void Server::Impl::Stop() {
  if (daemons.empty()) return;
  stopping = true;
  // New connections are refused from now on: nothing accepts them, and the
  // system resets those still in the listening socket's queue.
  acceptor->Stop();
  close(listener);
  listener = -1;
  {
    std::unique_lock<std::mutex> lock(mu);
    idle.wait_for(lock, std::chrono::seconds(options.shutdown_grace_seconds),
                  [this] { return in_flight == 0; });
  }
  // Uploads still streaming will not be finished: their handlers stop
  // reading, answer, and so resume their connections.
  {
    std::lock_guard<std::mutex> lock(mu);
    for (const auto& stream : streams) stream->Cut("the server is stopping");
  }
  // Runs what is still queued, so that no connection stays suspended: the
  // library must not be stopped with one.
  upload_pool->Stop();
  slow_pool->Stop();
  write_pool->Stop();
  deadlines.Stop();
  Release();
  streams.clear();
  stopping = false;
}

Server::Server(const Router& router, ServerOptions options)
    : impl_(std::make_unique<Impl>(router, std::move(options))) {}

Server::~Server() { Stop(); }

Status Server::Start() { return impl_->Start(); }

int Server::port() const { return impl_->port; }

void Server::Stop() { impl_->Stop(); }

}  // namespace backcoach::http
