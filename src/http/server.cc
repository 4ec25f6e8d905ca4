#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/beast/ssl/ssl_stream.hpp>

#include "http/request_parser.h"

namespace leerrecht::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using BoostError = boost::system::error_code;
using Clock = std::chrono::steady_clock;

// True on a handler-pool thread while it runs a handler: Stop() from there must not join the pool.
thread_local bool t_in_handler = false;

constexpr std::size_t kReadChunk = 4096;
// How long a closing connection waits for the client to stop sending (see Session::Linger).
constexpr std::chrono::seconds kLingerTimeout{2};
// Back-off after a failed accept (e.g. out of file descriptors), so the accept loop does not spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

beast::string_view ToBeast(std::string_view s) { return {s.data(), s.size()}; }

bool IsTokenChar(char c) {
  if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')) return true;
  return std::string_view("!#$%&'*+-.^_`|~").find(c) != std::string_view::npos;
}

// Handler-supplied fields go onto the wire verbatim; a CR or LF in them would let a handler (or
// data it echoes) inject headers or split the response.
bool IsValidFieldName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), IsTokenChar);
}
bool IsValidFieldValue(std::string_view value) {
  return std::none_of(value.begin(), value.end(), [](char c) {
    auto u = static_cast<unsigned char>(c);
    return (u < 0x20 && c != '\t') || u == 0x7f;
  });
}

std::optional<std::uint64_t> ParseLength(std::string_view text) {
  if (text.empty() || text.size() > 19) return std::nullopt;
  std::uint64_t value = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    value = value * 10 + static_cast<std::uint64_t>(c - '0');
  }
  return value;
}

std::string FormatEndpoint(const asio::ip::address& address, std::uint16_t port) {
  std::string host = address.to_string();
  if (address.is_v6()) host = "[" + host + "]";
  return host + ":" + std::to_string(port);
}

// What Server::Stop() needs of a connection, whatever its stream type.
class Connection {
 public:
  virtual ~Connection() = default;
  // Posts OnServerStop() to the connection's strand.
  virtual void PostServerStop() = 0;
};

// What sessions share with the server. Lives in Server::Impl before the io_context, so it
// outlives every session (sessions still queued are destroyed with the io_context).
struct ServerState {
  ServerState(ServerOptions o, Router r, std::unique_ptr<asio::ssl::context> t)
      : options(std::move(o)),
        limits{options.header_limit, options.body_limit},
        router(std::move(r)),
        tls(std::move(t)) {}

  ServerOptions options;
  RequestLimits limits;
  Router router;
  std::unique_ptr<asio::ssl::context> tls;  // null: plain HTTP
  // Handlers run here, not on the I/O threads: a handler may block (a commit waits for its
  // group's fsync), and the I/O threads must keep reading other requests meanwhile, which is
  // what lets concurrent requests share one fsync. Null: handlers run on the I/O thread.
  asio::thread_pool* handlers = nullptr;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mu;
  std::unordered_map<Connection*, std::weak_ptr<Connection>> sessions;
};

using TlsStream = beast::ssl_stream<beast::tcp_stream>;

// One TCP connection, plain (beast::tcp_stream) or TLS (TlsStream). All members are touched only
// from the connection's strand.
template <class Stream>
class Session final : public Connection, public std::enable_shared_from_this<Session<Stream>> {
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

 public:
  Session(tcp::socket socket, ServerState& state)
      : stream_(MakeStream(std::move(socket), state)), state_(state), parser_(state.limits) {
    BoostError ec;
    auto endpoint = Tcp().socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
  }

  ~Session() override {
    std::lock_guard lock(state_.sessions_mu);
    state_.sessions.erase(this);
  }

  Session(const Session&) = delete;
  Session& operator=(const Session&) = delete;

  void Start() {
    {
      // Registered before the first look at `stopping`, so Stop() either sees this session in
      // the registry or the session sees `stopping` — never neither.
      std::lock_guard lock(state_.sessions_mu);
      state_.sessions.emplace(this, this->weak_from_this());
    }
    asio::dispatch(stream_.get_executor(), beast::bind_front_handler(&Session::Begin, this->shared_from_this()));
  }

  void PostServerStop() override {
    asio::post(stream_.get_executor(), [self = this->shared_from_this()] { self->OnServerStop(); });
  }

 private:
  enum class Phase { kReading, kHandling, kLingering, kClosed };

  static Stream MakeStream(tcp::socket&& socket, ServerState& state) {
    if constexpr (kTls) {
      return Stream(std::move(socket), *state.tls);
    } else {
      return Stream(std::move(socket));
    }
  }

  beast::tcp_stream& Tcp() { return beast::get_lowest_layer(stream_); }

  // Requests already being handled are left to finish; the session then closes instead of
  // waiting for the next request.
  void OnServerStop() {
    if (phase_ == Phase::kReading || phase_ == Phase::kLingering) Close();
  }

  void Begin() {
    if constexpr (kTls) {
      if (state_.stopping) {
        Close();
        return;
      }
      // The handshake counts as reading: a client that connects and never finishes it is cut off
      // at the read deadline like any slow client.
      Tcp().expires_after(state_.options.read_timeout);
      stream_.async_handshake(asio::ssl::stream_base::server,
                              beast::bind_front_handler(&Session::OnHandshake, this->shared_from_this()));
    } else {
      ReadRequest(true);
    }
  }

  void OnHandshake(BoostError ec) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();  // plain HTTP on the TLS port, an old protocol, a timeout: nothing to answer in
      return;
    }
    ReadRequest(true);
  }

  void ReadRequest(bool first) {
    if (phase_ == Phase::kClosed) return;
    if (state_.stopping) {
      Close();
      return;
    }
    phase_ = Phase::kReading;
    parser_.Reset();
    continue_sent_ = false;
    // A new connection or pipelined bytes mean a request is under way: the read deadline applies.
    // Otherwise the connection is idle keep-alive, which gets the longer idle deadline until the
    // first byte of the next request shows up.
    if (first || buffer_.size() > 0) {
      Tcp().expires_after(state_.options.read_timeout);
      Parse();
      return;
    }
    Tcp().expires_after(state_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnIdleRead, this->shared_from_this()));
  }

  void OnIdleRead(BoostError ec, std::size_t bytes) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();
      return;
    }
    buffer_.commit(bytes);
    Tcp().expires_after(state_.options.read_timeout);
    Parse();
  }

  // Feeds what is buffered to the parser, then answers, asks for the body, or reads on.
  void Parse() {
    if (buffer_.size() > 0) {
      const auto data = buffer_.data();
      buffer_.consume(parser_.Feed({static_cast<const char*>(data.data()), data.size()}));
    }
    if (const auto& rejection = parser_.rejection()) {
      SendError(*rejection);
      return;
    }
    if (parser_.complete()) {
      HandleRequest();
      return;
    }
    // Clients such as curl wait (up to a second) for this before sending a large body.
    if (parser_.expects_continue() && !continue_sent_) {
      continue_sent_ = true;
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        beast::bind_front_handler(&Session::OnContinueSent, this->shared_from_this()));
      return;
    }
    ReadMore();
  }

  void ReadMore() {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnRead, this->shared_from_this()));
  }

  void OnRead(BoostError ec, std::size_t bytes) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      // The client hung up mid-request, reset, or missed the read deadline: nobody is left to read
      // an answer, and a slow client gets no more of our time.
      Close();
      return;
    }
    buffer_.commit(bytes);
    Parse();
  }

  void OnContinueSent(BoostError ec, std::size_t /*bytes*/) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();
      return;
    }
    ReadMore();
  }

  void HandleRequest() {
    phase_ = Phase::kHandling;
    started_ = Clock::now();
    auto request = std::make_shared<Request>(parser_.TakeRequest());
    request->remote_address = remote_address_;
    if (state_.handlers == nullptr) {
      Respond(*request, state_.router.Dispatch(*request));
      return;
    }
    // The tracked executor keeps the I/O threads running (and Stop() waiting) while the handler
    // runs; the answer goes back to this connection's strand.
    auto home = asio::prefer(stream_.get_executor(), asio::execution::outstanding_work.tracked);
    asio::post(*state_.handlers, [self = this->shared_from_this(), request, home = std::move(home)]() mutable {
      t_in_handler = true;
      Response response = self->state_.router.Dispatch(*request);
      t_in_handler = false;
      asio::post(home, [self, request, response = std::move(response)]() mutable {
        self->Respond(*request, std::move(response));
      });
    });
  }

  void Respond(Request& request, Response response) {
    const bool head = request.method == "HEAD";
    log_method_ = std::move(request.method);
    log_path_ = std::move(request.path);
    // Decided after the handler ran: a Stop() during a slow handler must already show up as
    // "Connection: close" on this response.
    const bool keep_alive = parser_.keep_alive() && !state_.stopping;
    Send(std::move(response), parser_.version(), keep_alive, head, /*linger=*/false);
  }

  void SendError(const Rejection& rejection) {
    phase_ = Phase::kHandling;
    started_ = Clock::now();
    // Whatever part of the request line was parsed, for the access log only.
    log_method_ = std::string(parser_.method());
    const std::string_view target = parser_.target();
    log_path_ = std::string(target.substr(0, target.find('?')));
    Send(Response::Text(rejection.status, std::string(rejection.text)), 11, /*keep_alive=*/false, /*head=*/false,
         /*linger=*/true);
  }

  void BuildResponse(Response response, unsigned version, bool keep_alive, bool head) {
    if (response.status < 200 || response.status > 599) {
      // 1xx would desynchronise the connection and others are not HTTP; treat as a handler bug.
      response = Response::Text(500, "Interne fout");
    }
    const bool bodyless_status = response.status == 204 || response.status == 304;
    const std::uint64_t body_size = response.body.size();

    response_ = {};
    response_.version(version);
    response_.result(static_cast<unsigned>(response.status));
    response_.set(bhttp::field::server, "leerrecht");
    response_.set("X-Content-Type-Options", "nosniff");
    if (!response.content_type.empty() && !bodyless_status) {
      response_.set(bhttp::field::content_type, ToBeast(response.content_type));
    }
    bool has_cache_control = false;
    std::optional<std::uint64_t> head_length;
    for (const auto& [name, value] : response.headers) {
      if (!IsValidFieldName(name) || !IsValidFieldValue(value)) continue;
      if (EqualsIgnoreCase(name, "Content-Length")) {
        if (head) head_length = ParseLength(value);  // the Router's report of the GET body length
        continue;
      }
      if (EqualsIgnoreCase(name, "Transfer-Encoding") || EqualsIgnoreCase(name, "Connection") ||
          EqualsIgnoreCase(name, "Keep-Alive") || EqualsIgnoreCase(name, "Server") ||
          EqualsIgnoreCase(name, "X-Content-Type-Options")) {
        continue;
      }
      if (EqualsIgnoreCase(name, "Content-Type") || EqualsIgnoreCase(name, "Cache-Control")) {
        has_cache_control = has_cache_control || EqualsIgnoreCase(name, "Cache-Control");
        response_.set(ToBeast(name), ToBeast(value));
        continue;
      }
      response_.insert(ToBeast(name), ToBeast(value));
    }
    // Pages show pupil data; no browser or proxy should keep a copy unless a handler says so.
    if (!has_cache_control) response_.set(bhttp::field::cache_control, "no-store");
    response_.keep_alive(keep_alive);
    if (bodyless_status) return;  // RFC 9110 8.6: no Content-Length on 204, none needed on 304
    if (head) {
      response_.content_length(head_length.value_or(body_size));
    } else {
      response_.body() = std::move(response.body);
      response_.content_length(body_size);
    }
  }

  void Send(Response response, unsigned version, bool keep_alive, bool head, bool linger) {
    try {
      BuildResponse(std::move(response), version, keep_alive, head);
    } catch (const std::exception&) {
      // Out of memory or a Beast limit: better a bare 500 than a dropped connection.
      response_ = {};
      response_.version(version);
      response_.result(bhttp::status::internal_server_error);
      response_.set(bhttp::field::server, "leerrecht");
      response_.set("X-Content-Type-Options", "nosniff");
      response_.set(bhttp::field::cache_control, "no-store");
      response_.keep_alive(false);
      response_.content_length(0);
      keep_alive = false;
    }
    log_status_ = static_cast<int>(response_.result_int());
    // A client that does not read its response is as harmful as one that does not send.
    Tcp().expires_after(state_.options.read_timeout);
    bhttp::async_write(stream_, response_,
                       beast::bind_front_handler(&Session::OnWrite, this->shared_from_this(), keep_alive, linger));
  }

  void OnWrite(bool keep_alive, bool linger, BoostError ec, std::size_t /*bytes*/) {
    LogAccess();
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();
      return;
    }
    if (linger) {
      Linger();
      return;
    }
    if (!keep_alive) {
      if constexpr (kTls) {
        EndTls();
      } else {
        Close();
      }
      return;
    }
    ReadRequest(false);
  }

  void LogAccess() {
    if (!state_.options.access_log) return;
    AccessLogEntry entry;
    entry.method = log_method_;
    entry.path = log_path_;
    entry.status = log_status_;
    entry.duration = std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - started_);
    try {
      state_.options.access_log(entry);
    } catch (...) {  // logging must never take the connection down
    }
  }

  // After an error response the client may still be sending (a 2 MiB upload we refused); closing
  // with unread data makes the kernel send RST, which can destroy our response before the client
  // reads it. So we stop sending and drain for a short while first.
  void Linger() {
    if constexpr (kTls) {
      EndTls();
    } else {
      phase_ = Phase::kLingering;
      BoostError ec;
      Tcp().socket().shutdown(tcp::socket::shutdown_send, ec);
      buffer_.consume(buffer_.size());
      Tcp().expires_after(std::min<Clock::duration>(kLingerTimeout, state_.options.read_timeout));
      Drain();
    }
  }

  void Drain() {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnDrain, this->shared_from_this()));
  }

  void OnDrain(BoostError ec, std::size_t /*bytes*/) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();  // EOF from the client, or the linger deadline passed
      return;
    }
    Drain();  // prepared bytes are never committed, so they are simply overwritten
  }

  // Sends close_notify, so the client can tell our end from a truncation, and waits for the
  // client's close_notify or EOF. OpenSSL discards application data that arrives meanwhile, which
  // makes this the TLS form of Linger(). A stopping server does not wait.
  void EndTls() {
    if constexpr (kTls) {
      if (state_.stopping) {
        Close();
        return;
      }
      phase_ = Phase::kLingering;
      Tcp().expires_after(std::min<Clock::duration>(kLingerTimeout, state_.options.read_timeout));
      stream_.async_shutdown(beast::bind_front_handler(&Session::OnTlsShutdown, this->shared_from_this()));
    }
  }

  void OnTlsShutdown(BoostError /*ec*/) { Close(); }

  void Close() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    BoostError ec;
    Tcp().socket().shutdown(tcp::socket::shutdown_both, ec);
    Tcp().close();  // cancels pending operations; their handlers see kClosed and return
  }

  Stream stream_;
  ServerState& state_;
  beast::flat_buffer buffer_;
  RequestParser parser_;  // one per connection; Reset() per request keeps its allocation
  bool continue_sent_ = false;
  bhttp::response<bhttp::string_body> response_;  // must live until async_write completes
  Phase phase_ = Phase::kReading;
  std::string remote_address_;
  std::string log_method_;
  std::string log_path_;
  int log_status_ = 0;
  Clock::time_point started_;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, Router router, std::unique_ptr<asio::ssl::context> tls, unsigned thread_count)
      : state(std::move(options), std::move(router), std::move(tls)),
        ioc(static_cast<int>(thread_count)),
        acceptor(asio::make_strand(ioc)),
        accept_timer(acceptor.get_executor()) {}

  void DoAccept() {
    acceptor.async_accept(asio::make_strand(ioc),
                          [this](BoostError ec, tcp::socket socket) { OnAccept(ec, std::move(socket)); });
  }

  void OnAccept(BoostError ec, tcp::socket socket) {
    if (state.stopping || ec == asio::error::operation_aborted) return;
    if (ec) {
      accept_timer.expires_after(kAcceptRetryDelay);
      accept_timer.async_wait([this](BoostError wait_ec) {
        if (!wait_ec && !state.stopping) DoAccept();
      });
      return;
    }
    try {
      if (state.tls) {
        std::make_shared<Session<TlsStream>>(std::move(socket), state)->Start();
      } else {
        std::make_shared<Session<beast::tcp_stream>>(std::move(socket), state)->Start();
      }
    } catch (const std::exception&) {
      // Out of memory: this connection is dropped, the server keeps accepting.
    }
    DoAccept();
  }

  void RunWorker() {
    for (;;) {
      try {
        ioc.run();
        break;
      } catch (...) {
        // A completion handler threw; asio allows resuming run(), and one bad request must not
        // cost the pool a thread.
      }
    }
    {
      std::lock_guard lock(mu);
      --running;
    }
    cv.notify_all();
  }

  bool IsWorkerThread() const {
    auto self = std::this_thread::get_id();
    return std::any_of(threads.begin(), threads.end(), [&](const std::thread& t) { return t.get_id() == self; });
  }

  bool StopRequested() {
    std::lock_guard lock(mu);
    return stop_requested;
  }

  void RequestStop() {
    {
      std::lock_guard lock(mu);
      if (stop_requested) return;
      stop_requested = true;
    }
    state.stopping = true;
    asio::post(acceptor.get_executor(), [this] {
      BoostError ec;
      acceptor.close(ec);
      try {
        accept_timer.cancel();
      } catch (...) {
      }
    });
    std::vector<std::shared_ptr<Connection>> live;
    {
      std::lock_guard lock(state.sessions_mu);
      for (auto& entry : state.sessions) {
        if (auto session = entry.second.lock()) live.push_back(std::move(session));
      }
    }
    for (auto& session : live) {
      session->PostServerStop();
    }
    cv.notify_all();
  }

  void Stop() {
    RequestStop();
    // A handler calling Stop() runs on a pool thread and cannot join itself.
    if (IsWorkerThread() || t_in_handler) return;
    std::lock_guard join_lock(join_mu);
    if (joined) return;
    {
      std::unique_lock lock(mu);
      if (!cv.wait_for(lock, state.options.stop_timeout, [this] { return running == 0; })) {
        lock.unlock();
        ioc.stop();  // the grace period is over; handlers still running finish, nothing new starts
      }
    }
    for (auto& thread : threads) {
      if (thread.joinable()) thread.join();
    }
    // Handlers still running after the grace period finish here; their answers go nowhere.
    if (handlers) handlers->join();
    joined = true;
  }

  // Declaration order matters: `state` must outlive `ioc`, whose destructor destroys queued
  // sessions, and `ioc` must outlive the acceptor and timer.
  ServerState state;
  std::mutex mu;
  std::condition_variable cv;
  bool stop_requested = false;  // guarded by mu
  unsigned running = 0;         // worker threads still inside ioc.run(); guarded by mu
  std::mutex join_mu;
  bool joined = false;  // guarded by join_mu
  std::vector<std::thread> threads;
  std::uint16_t port = 0;
  asio::io_context ioc;
  tcp::acceptor acceptor;
  asio::steady_timer accept_timer;
  // After `ioc`: destroyed first, so no handler outlives the sessions' executors.
  std::optional<asio::thread_pool> handlers;
};

namespace {

Status BindError(const BoostError& ec, const std::string& where) {
  if (ec == asio::error::address_in_use) {
    return {ErrorCode::kUnavailable, "adres " + where + " is al in gebruik"};
  }
  if (ec == asio::error::access_denied) {
    return {ErrorCode::kUnavailable, "geen toestemming om adres " + where + " te gebruiken"};
  }
  if (ec == boost::system::errc::address_not_available) {
    return {ErrorCode::kUnavailable, "adres " + where + " bestaat niet op deze machine"};
  }
  return Status::Io("kan adres " + where + " niet gebruiken: " + ec.message());
}

// IPv4-mapped IPv6 addresses (::ffff:127.0.0.1) reach the IPv4 loopback too.
bool IsLoopback(const asio::ip::address& address) {
  if (address.is_v6() && address.to_v6().is_v4_mapped()) {
    return asio::ip::make_address_v4(asio::ip::v4_mapped, address.to_v6()).is_loopback();
  }
  return address.is_loopback();
}

// OpenSSL's reason for a failure, for the operator; clears this thread's error queue so a stale
// entry cannot be mistaken for a later failure. The oldest entry is the specific one ("No such file
// or directory", "no start line"); later ones only say which call failed.
std::string OpenSslReason() {
  const unsigned long code = ERR_peek_error();
  const char* text = code == 0 ? nullptr : ERR_reason_error_string(code);
  std::string reason = text != nullptr ? text : "onbekende fout";
  ERR_clear_error();
  return reason;
}

// OpenSSL reads the files itself, but for a missing or unreadable one it only says "system lib".
std::optional<std::string> UnreadableFile(const std::string& path) {
  std::FILE* file = std::fopen(path.c_str(), "r");
  if (file != nullptr) {
    std::fclose(file);
    return std::nullopt;
  }
  if (errno == ENOENT) return "bestand bestaat niet";
  if (errno == EACCES) return "geen leesrechten";
  return std::string(std::strerror(errno));
}

// TLS 1.2 suites of Mozilla's "intermediate" profile minus finite-field DHE (which would need
// parameters to manage): forward secrecy and AEAD only. OpenSSL's TLS 1.3 suites all qualify.
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// An encrypted key would make OpenSSL ask for its passphrase on the terminal, hanging a server
// started by a service manager; refusing makes it a clear start-up error instead.
int RefusePassphrase(char* /*buf*/, int /*size*/, int /*rwflag*/, void* /*userdata*/) { return 0; }

Result<std::unique_ptr<asio::ssl::context>> MakeTlsContext(const std::string& cert_file, const std::string& key_file) {
  auto context = std::make_unique<asio::ssl::context>(asio::ssl::context::tls_server);
  SSL_CTX* ctx = context->native_handle();
  // RFC 8996 retires TLS 1.0 and 1.1; without compression there is no CRIME, and renegotiation
  // only gives a client a way to make us do handshakes.
  if (SSL_CTX_set_min_proto_version(ctx, TLS1_2_VERSION) != 1 || SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    return Status::Internal("TLS-instellingen niet beschikbaar in deze OpenSSL (" + OpenSslReason() + ")");
  }
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);
  SSL_CTX_set_default_passwd_cb(ctx, RefusePassphrase);

  for (const auto& [file, what] : {std::pair{&cert_file, "TLS-certificaat"}, std::pair{&key_file, "TLS-sleutel"}}) {
    if (auto problem = UnreadableFile(*file)) {
      return Status::InvalidInput(std::string("kan ") + what + " '" + *file + "' niet lezen: " + *problem);
    }
  }
  if (SSL_CTX_use_certificate_chain_file(ctx, cert_file.c_str()) != 1) {
    return Status::InvalidInput("kan TLS-certificaat '" + cert_file + "' niet lezen (" + OpenSslReason() +
                                "); verwacht een PEM-bestand met het certificaat en eventuele tussencertificaten");
  }
  const std::unique_ptr<BIO, decltype(&BIO_free)> bio(BIO_new_file(key_file.c_str(), "r"), &BIO_free);
  const std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      bio ? PEM_read_bio_PrivateKey(bio.get(), nullptr, RefusePassphrase, nullptr) : nullptr, &EVP_PKEY_free);
  if (!key) {
    return Status::InvalidInput("kan TLS-sleutel '" + key_file + "' niet lezen (" + OpenSslReason() +
                                "); verwacht een PEM-bestand met een sleutel zonder wachtwoord");
  }
  if (X509_check_private_key(SSL_CTX_get0_certificate(ctx), key.get()) != 1 ||
      SSL_CTX_use_PrivateKey(ctx, key.get()) != 1) {
    ERR_clear_error();
    return Status::InvalidInput("TLS-sleutel '" + key_file + "' hoort niet bij certificaat '" + cert_file + "'");
  }
  return context;
}

}  // namespace

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() {
  if (impl_) Stop();
}

Result<std::unique_ptr<Server>> Server::Start(ServerOptions options, Router router) {
  try {
    BoostError ec;
    asio::ip::address address = asio::ip::make_address(options.address, ec);
    if (ec) return Status::InvalidInput("ongeldig adres '" + options.address + "'");
    const tcp::endpoint endpoint(address, options.port);
    const std::string where = FormatEndpoint(address, options.port);

    std::unique_ptr<asio::ssl::context> tls;
    if (!options.tls_certificate_chain_file.empty() || !options.tls_private_key_file.empty()) {
      if (options.tls_certificate_chain_file.empty() || options.tls_private_key_file.empty()) {
        return Status::InvalidInput("voor HTTPS zijn een certificaat (--tls-cert) en een sleutel (--tls-key) nodig");
      }
      auto context = MakeTlsContext(options.tls_certificate_chain_file, options.tls_private_key_file);
      if (!context.ok()) return context.status();
      tls = std::move(context).value();
    } else if (!IsLoopback(address)) {
      // Logins and pupil data must not cross a network in the clear (DESIGN.md §14).
      return Status::InvalidInput(
          "onversleuteld HTTP kan alleen op een loopback-adres (127.0.0.1 of ::1); geef "
          "--tls-cert en --tls-key om op " +
          where + " te luisteren");
    }

    unsigned thread_count = options.threads;
    if (thread_count == 0) thread_count = std::max(1u, std::thread::hardware_concurrency());

    // Owned by a Server from here on, so every early return below cleans up through ~Server.
    std::unique_ptr<Server> server(
        new Server(std::make_unique<Impl>(std::move(options), std::move(router), std::move(tls), thread_count)));
    Impl& impl = *server->impl_;
    if (impl.state.options.handler_threads > 0) {
      impl.handlers.emplace(impl.state.options.handler_threads);
      impl.state.handlers = &*impl.handlers;
    }

    impl.acceptor.open(endpoint.protocol(), ec);
    if (ec) return Status::Io("kan geen socket openen voor " + where + ": " + ec.message());
    // Lets a restarted server bind while old connections linger in TIME_WAIT; it does not allow
    // two listeners on one port on Linux.
    impl.acceptor.set_option(asio::socket_base::reuse_address(true), ec);
    if (ec) return Status::Io("kan socketoptie niet zetten voor " + where + ": " + ec.message());
    impl.acceptor.bind(endpoint, ec);
    if (ec) return BindError(ec, where);
    impl.acceptor.listen(asio::socket_base::max_listen_connections, ec);
    if (ec) return BindError(ec, where);
    impl.port = impl.acceptor.local_endpoint(ec).port();
    if (ec) return Status::Io("kan poort van " + where + " niet bepalen: " + ec.message());

    impl.DoAccept();
    try {
      impl.threads.reserve(thread_count);
      for (unsigned i = 0; i < thread_count; ++i) {
        std::lock_guard lock(impl.mu);  // RunWorker's decrement must follow our increment
        impl.threads.emplace_back([&impl] { impl.RunWorker(); });
        ++impl.running;
      }
    } catch (const std::system_error& e) {
      return Status::Io(std::string("kan geen server-threads starten: ") + e.what());
    }
    return server;
  } catch (const std::exception& e) {
    return Status::Internal(std::string("server starten mislukt: ") + e.what());
  }
}

std::uint16_t Server::port() const { return impl_->port; }

void Server::Stop() { impl_->Stop(); }

void Server::Wait() {
  std::unique_lock lock(impl_->mu);
  impl_->cv.wait(lock, [this] { return impl_->stop_requested && impl_->running == 0; });
}

void RunUntilSignal(Server& server) {
  bool wait_for_stop = false;
  try {
    asio::io_context ioc(1);
    asio::signal_set signals(ioc, SIGINT, SIGTERM);
    bool fired = false;
    signals.async_wait([&](const BoostError& ec, int /*signal*/) {
      fired = true;
      wait_for_stop = static_cast<bool>(ec);
    });
    // Polling lets a Stop() from elsewhere (e.g. an admin endpoint) end the wait too, without
    // the server having to know about this io_context.
    while (!fired && !server.impl_->StopRequested()) {
      ioc.run_for(std::chrono::milliseconds(200));
    }
    // Removing our handlers restores the default action, so a second Ctrl-C during a slow
    // graceful stop ends the process instead of being swallowed.
    BoostError ec;
    signals.clear(ec);
  } catch (const std::exception&) {
    wait_for_stop = true;
  }
  // Without working signal handling the only way out is an explicit Stop() elsewhere.
  if (wait_for_stop) server.Wait();
  server.Stop();
}

}  // namespace leerrecht::http
