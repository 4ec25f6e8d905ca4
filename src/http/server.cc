#include "http/server.h"

#include <algorithm>
#include <atomic>
#include <condition_variable>
#include <csignal>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <optional>
#include <thread>
#include <unordered_map>
#include <utility>
#include <vector>

#include <boost/asio/dispatch.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
#include <boost/beast/core/bind_handler.hpp>
#include <boost/beast/core/error.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/message.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>

namespace leerrecht::http {
namespace {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = asio::ip::tcp;
using BoostError = boost::system::error_code;
using Clock = std::chrono::steady_clock;

constexpr std::size_t kReadChunk = 4096;
// After an error response the client may still be sending (a 2 MiB upload we refused); closing
// with unread data makes the kernel send RST, which can destroy our response before the client
// reads it. So we drain for a short while first.
constexpr std::chrono::seconds kLingerTimeout{2};
// Back-off after a failed accept (e.g. out of file descriptors), so the accept loop does not spin.
constexpr std::chrono::milliseconds kAcceptRetryDelay{100};
constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string_view ToStd(beast::string_view s) { return {s.data(), s.size()}; }
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

class Session;

// What sessions share with the server. Lives in Server::Impl before the io_context, so it
// outlives every session (sessions still queued are destroyed with the io_context).
struct ServerState {
  ServerState(ServerOptions o, Router r) : options(std::move(o)), router(std::move(r)) {}

  ServerOptions options;
  Router router;
  std::atomic<bool> stopping{false};
  std::mutex sessions_mu;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
};

// One TCP connection. All members are touched only from the connection's strand.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, ServerState& state) : stream_(std::move(socket)), state_(state) {
    BoostError ec;
    auto endpoint = stream_.socket().remote_endpoint(ec);
    if (!ec) remote_address_ = endpoint.address().to_string();
  }

  ~Session() {
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
      state_.sessions.emplace(this, weak_from_this());
    }
    asio::dispatch(stream_.get_executor(),
                   beast::bind_front_handler(&Session::ReadRequest, shared_from_this(), true));
  }

  // Posted to the strand by Server::Stop(). Requests already being handled are left to finish;
  // the session then closes instead of waiting for the next request.
  void OnServerStop() {
    if (phase_ == Phase::kReading || phase_ == Phase::kLingering) Close();
  }

  auto executor() { return stream_.get_executor(); }

 private:
  enum class Phase { kReading, kHandling, kLingering, kClosed };

  void ReadRequest(bool first) {
    if (phase_ == Phase::kClosed) return;
    if (state_.stopping) {
      Close();
      return;
    }
    phase_ = Phase::kReading;
    parser_.emplace();
    parser_->body_limit(static_cast<std::uint64_t>(state_.options.body_limit));
    parser_->header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(state_.options.header_limit, std::numeric_limits<std::uint32_t>::max())));
    // A new connection or pipelined bytes mean a request is under way: the read deadline applies.
    // Otherwise the connection is idle keep-alive, which gets the longer idle deadline until the
    // first byte of the next request shows up.
    if (first || buffer_.size() > 0) {
      stream_.expires_after(state_.options.read_timeout);
      ReadHeader();
      return;
    }
    stream_.expires_after(state_.options.idle_timeout);
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnIdleRead, shared_from_this()));
  }

  void OnIdleRead(BoostError ec, std::size_t bytes) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();
      return;
    }
    buffer_.commit(bytes);
    stream_.expires_after(state_.options.read_timeout);
    ReadHeader();
  }

  void ReadHeader() {
    bhttp::async_read_header(stream_, buffer_, *parser_,
                             beast::bind_front_handler(&Session::OnHeader, shared_from_this()));
  }

  void OnHeader(BoostError ec, std::size_t /*bytes*/) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      OnReadError(ec);
      return;
    }
    const auto& header = parser_->get();
    // Clients such as curl wait (up to a second) for this before sending a large body.
    if (!parser_->is_done() && header.version() >= 11 &&
        EqualsIgnoreCase(ToStd(header[bhttp::field::expect]), "100-continue")) {
      asio::async_write(stream_, asio::buffer(kContinue.data(), kContinue.size()),
                        beast::bind_front_handler(&Session::OnContinueSent, shared_from_this()));
      return;
    }
    ReadBody();
  }

  void OnContinueSent(BoostError ec, std::size_t /*bytes*/) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();
      return;
    }
    ReadBody();
  }

  void ReadBody() {
    if (parser_->is_done()) {
      HandleRequest();
      return;
    }
    bhttp::async_read(stream_, buffer_, *parser_, beast::bind_front_handler(&Session::OnBody, shared_from_this()));
  }

  void OnBody(BoostError ec, std::size_t /*bytes*/) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      OnReadError(ec);
      return;
    }
    HandleRequest();
  }

  void OnReadError(BoostError ec) {
    if (ec == bhttp::error::body_limit) {
      SendError(413, "Aanvraag te groot");
    } else if (ec == bhttp::error::header_limit) {
      SendError(431, "Kopregels te groot");
    } else if (ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) {
      Close();  // the client hung up; nobody is left to read an answer
    } else if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category()) {
      SendError(400, "Ongeldige aanvraag");
    } else {
      Close();  // timeout, reset, cancelled
    }
  }

  void HandleRequest() {
    phase_ = Phase::kHandling;
    started_ = Clock::now();
    bhttp::request<bhttp::string_body> message = parser_->release();
    parser_.reset();

    Request request;
    request.method = std::string(ToStd(message.method_string()));
    request.target = std::string(ToStd(message.target()));
    std::size_t question = request.target.find('?');
    request.path = request.target.substr(0, question);
    if (question != std::string::npos) request.query = request.target.substr(question + 1);
    request.headers.reserve(static_cast<std::size_t>(std::distance(message.begin(), message.end())));
    for (const auto& field : message) {
      request.headers.emplace_back(std::string(ToStd(field.name_string())), std::string(ToStd(field.value())));
    }
    request.body = std::move(message.body());
    request.remote_address = remote_address_;
    log_method_ = request.method;
    log_path_ = request.path;

    Response response;
    bool origin_form = !request.target.empty() && request.target.front() == '/';
    if (origin_form) {
      response = state_.router.Dispatch(request);
    } else {
      // Absolute-form and asterisk-form targets are for proxies and OPTIONS *; we are neither.
      response = Response::Text(400, "Ongeldige aanvraag");
    }
    // Decided after the handler ran: a Stop() during a slow handler must already show up as
    // "Connection: close" on this response.
    bool keep_alive = origin_form && message.keep_alive() && !state_.stopping;
    Send(std::move(response), message.version(), keep_alive, request.method == "HEAD", /*linger=*/false);
  }

  void SendError(int status, std::string text) {
    phase_ = Phase::kHandling;
    started_ = Clock::now();
    // Whatever part of the request line was parsed, for the access log only.
    const auto& partial = parser_->get();
    log_method_ = std::string(ToStd(partial.method_string()));
    std::string_view target = ToStd(partial.target());
    log_path_ = std::string(target.substr(0, target.find('?')));
    Send(Response::Text(status, std::move(text)), 11, /*keep_alive=*/false, /*head=*/false, /*linger=*/true);
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
    stream_.expires_after(state_.options.read_timeout);
    bhttp::async_write(stream_, response_,
                       beast::bind_front_handler(&Session::OnWrite, shared_from_this(), keep_alive, linger));
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
      Close();
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

  void Linger() {
    phase_ = Phase::kLingering;
    BoostError ec;
    stream_.socket().shutdown(tcp::socket::shutdown_send, ec);
    buffer_.consume(buffer_.size());
    stream_.expires_after(std::min<Clock::duration>(kLingerTimeout, state_.options.read_timeout));
    Drain();
  }

  void Drain() {
    stream_.async_read_some(buffer_.prepare(kReadChunk),
                            beast::bind_front_handler(&Session::OnDrain, shared_from_this()));
  }

  void OnDrain(BoostError ec, std::size_t /*bytes*/) {
    if (phase_ == Phase::kClosed) return;
    if (ec) {
      Close();  // EOF from the client, or the linger deadline passed
      return;
    }
    Drain();  // prepared bytes are never committed, so they are simply overwritten
  }

  void Close() {
    if (phase_ == Phase::kClosed) return;
    phase_ = Phase::kClosed;
    BoostError ec;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ec);
    stream_.close();  // cancels pending operations; their handlers see kClosed and return
  }

  beast::tcp_stream stream_;
  beast::flat_buffer buffer_;
  std::optional<bhttp::request_parser<bhttp::string_body>> parser_;
  bhttp::response<bhttp::string_body> response_;  // must live until async_write completes
  ServerState& state_;
  Phase phase_ = Phase::kReading;
  std::string remote_address_;
  std::string log_method_;
  std::string log_path_;
  int log_status_ = 0;
  Clock::time_point started_;
};

}  // namespace

struct Server::Impl {
  Impl(ServerOptions options, Router router, unsigned thread_count)
      : state(std::move(options), std::move(router)),
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
      std::make_shared<Session>(std::move(socket), state)->Start();
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
    std::vector<std::shared_ptr<Session>> live;
    {
      std::lock_guard lock(state.sessions_mu);
      for (auto& entry : state.sessions) {
        if (auto session = entry.second.lock()) live.push_back(std::move(session));
      }
    }
    for (auto& session : live) {
      asio::post(session->executor(), [session] { session->OnServerStop(); });
    }
    cv.notify_all();
  }

  void Stop() {
    RequestStop();
    // A handler calling Stop() runs on a pool thread and cannot join itself.
    if (IsWorkerThread()) return;
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

    unsigned thread_count = options.threads;
    if (thread_count == 0) thread_count = std::max(1u, std::thread::hardware_concurrency());

    // Owned by a Server from here on, so every early return below cleans up through ~Server.
    std::unique_ptr<Server> server(new Server(std::make_unique<Impl>(std::move(options), std::move(router), thread_count)));
    Impl& impl = *server->impl_;

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
