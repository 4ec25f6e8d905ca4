// Black-box tests of the HTTP layer: the real server on an ephemeral port, spoken to over raw sockets and TLS.
#include "http/server.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <functional>
#include <future>
#include <memory>
#include <mutex>
#include <optional>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "../store/temp_dir.h"
#include "http/message.h"
#include "http/router.h"

namespace leerrecht::http {
namespace {

using namespace std::chrono_literals;

struct RawResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;

  std::string Header(std::string_view name) const {
    for (const auto& [key, value] : headers) {
      if (EqualsIgnoreCase(key, name)) return value;
    }
    return {};
  }
  bool HasHeader(std::string_view name) const {
    for (const auto& entry : headers) {
      if (EqualsIgnoreCase(entry.first, name)) return true;
    }
    return false;
  }
};

// How a Client speaks TLS: the certificate it trusts, and protocol bounds (0 = OpenSSL's default).
struct TlsClientOptions {
  std::string trusted_certificate_file;
  int min_version = 0;
  int max_version = 0;
  int security_level = -1;  // -1: keep the system's; 0 lets a test offer protocols it would refuse
};

// A deliberately dumb blocking client, so the tests do not share any parsing code with the server.
// With TLS options it does a verified handshake in the constructor (throwing when it fails).
class Client {
 public:
  explicit Client(std::uint16_t port, std::chrono::milliseconds recv_timeout = 5s,
                  const TlsClientOptions* tls = nullptr) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd_ < 0) throw std::runtime_error("socket");
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(recv_timeout.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>((recv_timeout.count() % 1000) * 1000);
    ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&addr), sizeof addr) != 0) {
      ::close(fd_);
      throw std::runtime_error("connect");
    }
    if (tls != nullptr && !Handshake(*tls)) {
      Release();
      throw std::runtime_error("tls handshake");
    }
  }
  ~Client() { Release(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = 0;
      if (ssl_ != nullptr) {
        n = ::SSL_write(ssl_, data.data(), static_cast<int>(std::min<std::size_t>(data.size(), 1 << 20)));
      } else {
        n = ::send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      }
      if (n <= 0) return false;
      data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
  }

  // Reads one response; skips interim 1xx responses unless `keep_interim`.
  std::optional<RawResponse> ReadResponse(bool head = false, bool keep_interim = false) {
    for (;;) {
      std::size_t end;
      while ((end = pending_.find("\r\n\r\n")) == std::string::npos) {
        if (Fill() <= 0) return std::nullopt;
      }
      RawResponse response;
      std::string head_text = pending_.substr(0, end);
      pending_.erase(0, end + 4);
      std::size_t line_end = head_text.find("\r\n");
      std::string status_line = head_text.substr(0, line_end);
      if (status_line.rfind("HTTP/1.", 0) != 0 || status_line.size() < 12) return std::nullopt;
      response.status = std::stoi(status_line.substr(9, 3));
      std::size_t pos = line_end == std::string::npos ? head_text.size() : line_end + 2;
      while (pos < head_text.size()) {
        std::size_t next = head_text.find("\r\n", pos);
        if (next == std::string::npos) next = head_text.size();
        std::string line = head_text.substr(pos, next - pos);
        std::size_t colon = line.find(':');
        std::string value = line.substr(colon + 1);
        while (!value.empty() && value.front() == ' ') value.erase(0, 1);
        response.headers.emplace_back(line.substr(0, colon), value);
        pos = next + 2;
      }
      if (response.status < 200 && !keep_interim) continue;
      std::size_t length = 0;
      if (!head && response.HasHeader("Content-Length")) length = std::stoul(response.Header("Content-Length"));
      while (pending_.size() < length) {
        if (Fill() <= 0) return std::nullopt;
      }
      response.body = pending_.substr(0, length);
      pending_.erase(0, length);
      return response;
    }
  }

  // True when the server closed the connection (EOF or reset), false when it stayed open until
  // the receive timeout. Any bytes read are appended to the pending buffer.
  bool WaitForClose() {
    for (;;) {
      const int n = Fill();
      if (n > 0) continue;
      return n == 0;
    }
  }

  // TLS only: the server ended with close_notify rather than just dropping the connection.
  [[nodiscard]] bool ReceivedCloseNotify() const {
    return ssl_ != nullptr && (::SSL_get_shutdown(ssl_) & SSL_RECEIVED_SHUTDOWN) != 0;
  }

  const std::string& pending() const { return pending_; }

 private:
  bool Handshake(const TlsClientOptions& options) {
    // SSL_write uses plain write(2): a server that already closed would kill the test with SIGPIPE.
    ::signal(SIGPIPE, SIG_IGN);
    ctx_ = ::SSL_CTX_new(::TLS_client_method());
    if (ctx_ == nullptr) return false;
    if (options.security_level >= 0) ::SSL_CTX_set_security_level(ctx_, options.security_level);
    if (options.min_version != 0) ::SSL_CTX_set_min_proto_version(ctx_, options.min_version);
    if (options.max_version != 0) ::SSL_CTX_set_max_proto_version(ctx_, options.max_version);
    if (::SSL_CTX_load_verify_locations(ctx_, options.trusted_certificate_file.c_str(), nullptr) != 1) return false;
    ::SSL_CTX_set_verify(ctx_, SSL_VERIFY_PEER, nullptr);
    ssl_ = ::SSL_new(ctx_);
    if (ssl_ == nullptr) return false;
    ::SSL_set_tlsext_host_name(ssl_, "localhost");
    ::SSL_set1_host(ssl_, "localhost");
    ::SSL_set_fd(ssl_, fd_);
    const bool ok = ::SSL_connect(ssl_) == 1;
    ::ERR_clear_error();
    return ok;
  }

  void Release() {
    if (ssl_ != nullptr) ::SSL_free(ssl_);
    if (ctx_ != nullptr) ::SSL_CTX_free(ctx_);
    ssl_ = nullptr;
    ctx_ = nullptr;
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  // > 0: bytes appended; 0: the server closed (EOF, reset, close_notify); < 0: receive timeout.
  int Fill() {
    char buf[4096];
    errno = 0;
    if (ssl_ != nullptr) {
      const int n = ::SSL_read(ssl_, buf, sizeof buf);
      if (n > 0) {
        pending_.append(buf, static_cast<std::size_t>(n));
        return n;
      }
      const int error = ::SSL_get_error(ssl_, n);
      const bool timed_out =
          error == SSL_ERROR_WANT_READ || (error == SSL_ERROR_SYSCALL && (errno == EAGAIN || errno == EWOULDBLOCK));
      ::ERR_clear_error();
      return timed_out ? -1 : 0;
    }
    const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
    if (n > 0) {
      pending_.append(buf, static_cast<std::size_t>(n));
      return static_cast<int>(n);
    }
    if (n == 0 || errno == ECONNRESET) return 0;
    return -1;
  }

  int fd_ = -1;
  SSL_CTX* ctx_ = nullptr;
  SSL* ssl_ = nullptr;
  std::string pending_;
};

std::string Get(std::string_view target, std::string_view extra_headers = "") {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: test\r\n" + std::string(extra_headers) + "\r\n";
}

class ServerTest : public ::testing::Test {
 protected:
  Router MakeRouter() {
    Router router;
    router.Add("GET", "/hallo", [](const Request&) { return Response::Text(200, "Hallo wereld"); });
    router.Add("POST", "/hallo", [](const Request& r) { return Response::Text(201, r.body); });
    router.Add("POST", "/echo", [](const Request& r) { return Response::Text(200, r.body); });
    router.Add("GET", "/info", [](const Request& r) {
      return Response::Text(200, r.method + "|" + r.path + "|" + r.query + "|" + std::string(r.Header("x-proef")) +
                                     "|" + r.remote_address);
    });
    router.Add("GET", "/boem", [](const Request&) -> Response { throw std::runtime_error("geheim-detail"); });
    router.Add("GET", "/cache", [](const Request&) {
      Response response = Response::Json(200, "{}");
      response.headers.emplace_back("Cache-Control", "max-age=60");
      return response;
    });
    router.Add("GET", "/inject", [](const Request&) {
      Response response = Response::Text(200, "ok");
      response.headers.emplace_back("X-Naam", "a\r\nSet-Cookie: sessie=gestolen");
      response.headers.emplace_back("Content-Length", "999");
      response.headers.emplace_back("X-Goed", "ja");
      return response;
    });
    router.Add("GET", "/traag", [this](const Request&) {
      slow_entered_.set_value();
      std::this_thread::sleep_for(400ms);
      return Response::Text(200, "klaar");
    });
    return router;
  }

  void StartServer(ServerOptions options = {}) {
    options.address = "127.0.0.1";
    options.port = 0;
    if (options.threads == 0) options.threads = 2;
    options.access_log = [this](const AccessLogEntry& entry) {
      std::lock_guard lock(log_mu_);
      log_.push_back(std::string(entry.method) + " " + std::string(entry.path) + " " + std::to_string(entry.status));
    };
    auto started = Server::Start(std::move(options), MakeRouter());
    ASSERT_TRUE(started.ok()) << started.status().ToString();
    server_ = std::move(started).value();
  }

  void SetUp() override { StartServer(); }

  std::uint16_t port() const { return server_->port(); }

  std::vector<std::string> WaitForLog(std::size_t count) {
    for (int i = 0; i < 200; ++i) {
      {
        std::lock_guard lock(log_mu_);
        if (log_.size() >= count) return log_;
      }
      std::this_thread::sleep_for(5ms);
    }
    std::lock_guard lock(log_mu_);
    return log_;
  }

  std::promise<void> slow_entered_;
  std::mutex log_mu_;
  std::vector<std::string> log_;
  // Last, so it is destroyed first: its threads call back into the members above.
  std::unique_ptr<Server> server_;
};

TEST(RequestTest, HeaderLookupIsCaseInsensitive) {
  Request request;
  request.headers = {{"Content-Type", "text/html"}, {"X-Een", "1"}};
  EXPECT_EQ(request.Header("content-type"), "text/html");
  EXPECT_EQ(request.Header("X-EEN"), "1");
  EXPECT_TRUE(request.Header("Accept").empty());
}

TEST(ResponseTest, FactoriesSetContentType) {
  EXPECT_EQ(Response::Json(201, "{}").content_type, "application/json");
  EXPECT_EQ(Response::Html(200, "<p>").content_type, "text/html; charset=utf-8");
  Response text = Response::Text(404, "weg");
  EXPECT_EQ(text.status, 404);
  EXPECT_EQ(text.body, "weg");
  EXPECT_EQ(text.content_type, "text/plain; charset=utf-8");
}

TEST(RouterTest, DispatchCoversNotFoundMethodHeadAndThrowingHandler) {
  Router router;
  std::string reported;
  router.SetErrorReporter([&](std::string_view what) { reported = what; });
  router.Add("GET", "/a", [](const Request&) { return Response::Text(200, "abc"); });
  router.Add("POST", "/a", [](const Request&) { return Response::Text(200, "post"); });
  router.Add("GET", "/fout", [](const Request&) -> Response { throw std::logic_error("intern"); });

  Request request;
  request.method = "GET";
  request.path = "/bestaat-niet";
  Response not_found = router.Dispatch(request);
  EXPECT_EQ(not_found.status, 404);
  EXPECT_EQ(not_found.body, "Pagina niet gevonden");

  request.path = "/a";
  request.method = "DELETE";
  Response not_allowed = router.Dispatch(request);
  EXPECT_EQ(not_allowed.status, 405);
  ASSERT_EQ(not_allowed.headers.size(), 1u);
  EXPECT_EQ(not_allowed.headers[0].first, "Allow");
  EXPECT_EQ(not_allowed.headers[0].second, "GET, HEAD, POST");

  request.method = "HEAD";
  Response head = router.Dispatch(request);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  ASSERT_EQ(head.headers.size(), 1u);
  EXPECT_EQ(head.headers[0].second, "3");

  request.method = "GET";
  request.path = "/fout";
  Response failed = router.Dispatch(request);
  EXPECT_EQ(failed.status, 500);
  EXPECT_EQ(failed.body, "Interne fout");
  EXPECT_EQ(reported, "intern");
}

TEST_F(ServerTest, EphemeralPortIsNonZero) { EXPECT_NE(port(), 0); }

TEST_F(ServerTest, GetRegisteredRouteReturnsBodyAndStandardHeaders) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/hallo")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "Hallo wereld");
  EXPECT_EQ(response->Header("Content-Length"), "12");
  EXPECT_EQ(response->Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_EQ(response->Header("Server"), "leerrecht");
  EXPECT_EQ(response->Header("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(response->Header("Cache-Control"), "no-store");
}

TEST_F(ServerTest, RequestFieldsAreFilled) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/info?naam=Jan&x=1", "X-Proef: waarde\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "GET|/info|naam=Jan&x=1|waarde|127.0.0.1");
}

TEST_F(ServerTest, UnknownRouteIs404) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/nergens")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
  EXPECT_EQ(response->body, "Pagina niet gevonden");
  EXPECT_EQ(response->Header("Server"), "leerrecht");
}

TEST_F(ServerTest, WrongMethodIs405WithAllow) {
  Client client(port());
  ASSERT_TRUE(client.Send("DELETE /hallo HTTP/1.1\r\nHost: test\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 405);
  EXPECT_EQ(response->Header("Allow"), "GET, HEAD, POST");
}

TEST_F(ServerTest, HeadHasGetHeadersButNoBody) {
  Client client(port());
  ASSERT_TRUE(client.Send("HEAD /hallo HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"));
  auto response = client.ReadResponse(/*head=*/true);
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->Header("Content-Length"), "12");
  EXPECT_EQ(response->Header("Content-Type"), "text/plain; charset=utf-8");
  EXPECT_TRUE(client.WaitForClose());
  EXPECT_EQ(client.pending(), "") << "HEAD response must not carry a body";
}

TEST_F(ServerTest, HeadKeepsConnectionUsable) {
  Client client(port());
  ASSERT_TRUE(client.Send("HEAD /hallo HTTP/1.1\r\nHost: test\r\n\r\n" + Get("/hallo")));
  auto head = client.ReadResponse(/*head=*/true);
  ASSERT_TRUE(head);
  EXPECT_EQ(head->status, 200);
  auto get = client.ReadResponse();
  ASSERT_TRUE(get);
  EXPECT_EQ(get->body, "Hallo wereld");
}

TEST_F(ServerTest, PostBodyReachesHandler) {
  Client client(port());
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhallo"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "hallo");
}

TEST_F(ServerTest, ExpectContinueIsAnswered) {
  Client client(port());
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 4\r\nExpect: 100-continue\r\n\r\n"));
  auto interim = client.ReadResponse(false, /*keep_interim=*/true);
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  ASSERT_TRUE(client.Send("data"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "data");
}

TEST_F(ServerTest, BodyTooLargeIs413AndCloses) {
  Client client(port());
  const std::string body(2 * 1024 * 1024, 'x');
  // The server may refuse after the header; whether the body still goes out does not matter.
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  client.Send(body);
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, ChunkedBodyTooLargeIs413) {
  Client client(port());
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nTransfer-Encoding: chunked\r\n\r\n"));
  const std::string chunk(64 * 1024, 'y');
  for (int i = 0; i < 20; ++i) {
    if (!client.Send("10000\r\n" + chunk + "\r\n")) break;
  }
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
}

TEST_F(ServerTest, HeaderTooLargeIs431) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/hallo", "X-Groot: " + std::string(20 * 1024, 'a') + "\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 431);
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, GarbageIs400AndCloses) {
  Client client(port());
  ASSERT_TRUE(client.Send("HELLO\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->Header("Server"), "leerrecht");
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, NonOriginFormTargetIs400) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("http://example.org/hallo")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, KeepAliveServesTwoRequestsOnOneConnection) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/hallo")));
  auto first = client.ReadResponse();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_NE(first->Header("Connection"), "close");
  ASSERT_TRUE(client.Send(Get("/nergens")));
  auto second = client.ReadResponse();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 404);
}

TEST_F(ServerTest, PipelinedRequestsAreAnsweredInOrder) {
  Client client(port());
  ASSERT_TRUE(
      client.Send(Get("/hallo") + Get("/info?q=2") + "POST /echo HTTP/1.1\r\nHost: t\r\nContent-Length: 3\r\n\r\nabc"));
  auto first = client.ReadResponse();
  auto second = client.ReadResponse();
  auto third = client.ReadResponse();
  ASSERT_TRUE(first && second && third);
  EXPECT_EQ(first->body, "Hallo wereld");
  EXPECT_EQ(second->body.rfind("GET|/info|q=2|", 0), 0u);
  EXPECT_EQ(third->body, "abc");
}

TEST_F(ServerTest, Http10WithoutKeepAliveCloses) {
  Client client(port());
  ASSERT_TRUE(client.Send("GET /hallo HTTP/1.0\r\n\r\n"));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, ThrowingHandlerIs500WithoutDetails) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/boem")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 500);
  EXPECT_EQ(response->body, "Interne fout");
  // The server survives and keeps serving on the same connection.
  ASSERT_TRUE(client.Send(Get("/hallo")));
  auto next = client.ReadResponse();
  ASSERT_TRUE(next);
  EXPECT_EQ(next->status, 200);
}

TEST_F(ServerTest, HandlerCacheControlIsKept) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/cache")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->Header("Cache-Control"), "max-age=60");
  EXPECT_EQ(response->Header("Content-Type"), "application/json");
}

TEST_F(ServerTest, HandlerCannotInjectHeadersOrFraming) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/inject")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_FALSE(response->HasHeader("Set-Cookie"));
  EXPECT_FALSE(response->HasHeader("X-Naam"));
  EXPECT_EQ(response->Header("Content-Length"), "2");
  EXPECT_EQ(response->Header("X-Goed"), "ja");
  EXPECT_EQ(response->body, "ok");
}

TEST_F(ServerTest, AccessLogOmitsQueryString) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/info?bsn=123456782")));
  ASSERT_TRUE(client.ReadResponse());
  auto log = WaitForLog(1);
  ASSERT_EQ(log.size(), 1u);
  EXPECT_EQ(log[0], "GET /info 200");
}

TEST_F(ServerTest, PortInUseIsAnErrorStatus) {
  ServerOptions options;
  options.address = "127.0.0.1";
  options.port = port();
  options.threads = 1;
  auto second = Server::Start(options, Router{});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kUnavailable);
  EXPECT_EQ(second.status().message(), "adres 127.0.0.1:" + std::to_string(port()) + " is al in gebruik");
}

TEST(ServerStartTest, InvalidAddressIsInvalidInput) {
  ServerOptions options;
  options.address = "geen-adres";
  options.port = 0;
  auto server = Server::Start(options, Router{});
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), ErrorCode::kInvalidInput);
}

class SlowClientTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.read_timeout = 1s;
    StartServer(options);
  }
};

TEST_F(SlowClientTest, HalfRequestIsCutOffWhileOthersAreServed) {
  Client slow(port());
  ASSERT_TRUE(slow.Send("GET /hallo HTTP/1.1\r\nHost: te"));
  auto started = std::chrono::steady_clock::now();

  Client other(port());
  ASSERT_TRUE(other.Send(Get("/hallo")));
  auto response = other.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);

  EXPECT_TRUE(slow.WaitForClose());
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, 900ms);
  EXPECT_LT(elapsed, 4s);
  EXPECT_EQ(slow.pending(), "");
}

class IdleTimeoutTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.read_timeout = 1s;
    options.idle_timeout = 2s;
    StartServer(options);
  }
};

TEST_F(IdleTimeoutTest, KeepAliveUsesIdleTimeoutNotReadTimeout) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/hallo")));
  ASSERT_TRUE(client.ReadResponse());
  // Longer than read_timeout, shorter than idle_timeout: the connection must still be usable.
  std::this_thread::sleep_for(1300ms);
  ASSERT_TRUE(client.Send(Get("/hallo")));
  auto second = client.ReadResponse();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  auto idle_since = std::chrono::steady_clock::now();
  EXPECT_TRUE(client.WaitForClose());
  auto idle = std::chrono::steady_clock::now() - idle_since;
  EXPECT_GE(idle, 1800ms);
  EXPECT_LT(idle, 5s);
}

TEST_F(ServerTest, StopWithConnectedClientReturnsQuickly) {
  Client idle(port());
  ASSERT_TRUE(idle.Send(Get("/hallo")));
  ASSERT_TRUE(idle.ReadResponse());  // now an idle keep-alive connection
  Client silent(port());             // connected, never sends
  auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_TRUE(idle.WaitForClose());
  EXPECT_TRUE(silent.WaitForClose());
  server_->Stop();  // idempotent
}

TEST_F(ServerTest, StopLetsInFlightRequestFinish) {
  Client client(port());
  ASSERT_TRUE(client.Send(Get("/traag")));
  slow_entered_.get_future().wait();
  auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 3s);
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "klaar");
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(ServerTest, StoppedServerRefusesNewConnections) {
  server_->Stop();
  EXPECT_THROW(Client client(port()), std::runtime_error);
}

TEST_F(ServerTest, WaitReturnsAfterStopFromAnotherThread) {
  std::thread stopper([this] {
    std::this_thread::sleep_for(50ms);
    server_->Stop();
  });
  server_->Wait();
  stopper.join();
}

TEST_F(ServerTest, RunUntilSignalReturnsAfterSigterm) {
  std::atomic<bool> done{false};
  std::thread signaller([&done] {
    // Only signal once RunUntilSignal's handler is installed; SIGTERM would otherwise kill the test.
    for (int i = 0; i < 500 && !done; ++i) {
      struct sigaction current {};
      ::sigaction(SIGTERM, nullptr, &current);
      if (current.sa_handler != SIG_DFL) {
        ::kill(::getpid(), SIGTERM);
        return;
      }
      std::this_thread::sleep_for(10ms);
    }
  });
  RunUntilSignal(*server_);
  done = true;
  signaller.join();
  EXPECT_THROW(Client client(port()), std::runtime_error);
}

TEST_F(ServerTest, RunUntilSignalReturnsWhenStoppedElsewhere) {
  std::thread stopper([this] {
    std::this_thread::sleep_for(50ms);
    server_->Stop();
  });
  RunUntilSignal(*server_);
  stopper.join();
}

// ---- TLS ----------------------------------------------------------------------------------------

using KeyPtr = std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)>;

KeyPtr NewKey() { return {EVP_EC_gen("P-256"), &EVP_PKEY_free}; }

bool WritePem(const std::string& path, const std::function<int(FILE*)>& write) {
  FILE* file = std::fopen(path.c_str(), "w");
  if (file == nullptr) return false;
  const bool ok = write(file) == 1;
  return std::fclose(file) == 0 && ok;
}

// A self-signed certificate for localhost and 127.0.0.1, made with the OpenSSL API so the tests
// need no openssl binary.
bool WriteSelfSignedCertificate(const std::string& path, EVP_PKEY* key) {
  std::unique_ptr<X509, decltype(&X509_free)> cert(X509_new(), &X509_free);
  if (!cert) return false;
  X509_set_version(cert.get(), 2);
  ASN1_INTEGER_set(X509_get_serialNumber(cert.get()), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert.get()), -60);
  X509_gmtime_adj(X509_getm_notAfter(cert.get()), 3600);
  X509_set_pubkey(cert.get(), key);
  X509_NAME* name = X509_get_subject_name(cert.get());
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert.get(), name);
  X509V3_CTX ctx;
  X509V3_set_ctx_nodb(&ctx);
  X509V3_set_ctx(&ctx, cert.get(), cert.get(), nullptr, nullptr, 0);
  X509_EXTENSION* san = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, "DNS:localhost,IP:127.0.0.1");
  if (san == nullptr) return false;
  X509_add_ext(cert.get(), san, -1);
  X509_EXTENSION_free(san);
  if (X509_sign(cert.get(), key, EVP_sha256()) <= 0) return false;
  return WritePem(path, [&](FILE* f) { return PEM_write_X509(f, cert.get()); });
}

bool WriteKey(const std::string& path, EVP_PKEY* key, const char* passphrase = nullptr) {
  return WritePem(path, [&](FILE* f) {
    if (passphrase == nullptr) return PEM_write_PrivateKey(f, key, nullptr, nullptr, 0, nullptr, nullptr);
    return PEM_write_PrivateKey(f, key, EVP_aes_256_cbc(), nullptr, 0, nullptr, const_cast<char*>(passphrase));
  });
}

// Certificate and key files in `dir`, plus a key that does not belong to the certificate and one
// protected by a passphrase.
struct TlsFiles {
  explicit TlsFiles(const std::string& dir, const std::string& prefix = "")
      : cert(dir + "/" + prefix + "cert.pem"),
        key(dir + "/" + prefix + "key.pem"),
        other_key(dir + "/" + prefix + "other-key.pem"),
        encrypted_key(dir + "/" + prefix + "encrypted-key.pem") {
    KeyPtr key = NewKey();
    KeyPtr other = NewKey();
    if (!key || !other || !WriteSelfSignedCertificate(cert, key.get()) || !WriteKey(this->key, key.get()) ||
        !WriteKey(other_key, other.get()) || !WriteKey(encrypted_key, key.get(), "geheim")) {
      throw std::runtime_error("test certificate");
    }
  }
  std::string cert;
  std::string key;
  std::string other_key;
  std::string encrypted_key;
};

class TlsServerTest : public ServerTest {
 protected:
  void SetUp() override {
    ServerOptions options;
    options.read_timeout = 1s;
    options.tls_certificate_chain_file = files_.cert;
    options.tls_private_key_file = files_.key;
    StartServer(options);
    trust_.trusted_certificate_file = files_.cert;
  }

  leerrecht::testing::TempDir dir_;
  TlsFiles files_{dir_.path()};
  TlsClientOptions trust_;
};

TEST_F(TlsServerTest, GetOverTlsReturns200AndKeepsTheConnection) {
  Client client(port(), 5s, &trust_);
  ASSERT_TRUE(client.Send(Get("/hallo")));
  auto first = client.ReadResponse();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->status, 200);
  EXPECT_EQ(first->body, "Hallo wereld");
  ASSERT_TRUE(client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: 5\r\n\r\nhallo"));
  auto second = client.ReadResponse();
  ASSERT_TRUE(second);
  EXPECT_EQ(second->status, 200);
  EXPECT_EQ(second->body, "hallo");
}

TEST_F(TlsServerTest, ConnectionCloseEndsWithCloseNotify) {
  Client client(port(), 5s, &trust_);
  ASSERT_TRUE(client.Send(Get("/hallo", "Connection: close\r\n")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_TRUE(client.WaitForClose());
  EXPECT_TRUE(client.ReceivedCloseNotify()) << "a TLS close must be distinguishable from a truncation";
}

TEST_F(TlsServerTest, BodyTooLargeIs413OverTls) {
  Client client(port(), 5s, &trust_);
  const std::string body(2 * 1024 * 1024, 'x');
  ASSERT_TRUE(
      client.Send("POST /echo HTTP/1.1\r\nHost: test\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  client.Send(body);
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(client.WaitForClose());
}

TEST_F(TlsServerTest, PlainHttpOnTheTlsPortGetsNoHttpAnswer) {
  Client plain(port());
  ASSERT_TRUE(plain.Send(Get("/hallo")));
  EXPECT_FALSE(plain.ReadResponse());
  EXPECT_TRUE(plain.WaitForClose());
  EXPECT_EQ(plain.pending().find("HTTP/1."), std::string::npos);
}

TEST_F(TlsServerTest, UntrustedCertificateFailsTheClientsCheck) {
  TlsFiles others(dir_.path(), "ander-");  // a different self-signed certificate
  TlsClientOptions wrong_trust;
  wrong_trust.trusted_certificate_file = others.cert;
  EXPECT_THROW(Client client(port(), 5s, &wrong_trust), std::runtime_error);
}

TEST_F(TlsServerTest, Tls11IsRefused) {
  TlsClientOptions old = trust_;
  old.min_version = TLS1_VERSION;
  old.max_version = TLS1_1_VERSION;
  old.security_level = 0;  // the client's own policy would not even offer TLS 1.1
  EXPECT_THROW(Client client(port(), 5s, &old), std::runtime_error);
  Client modern(port(), 5s, &trust_);  // the server is still fine
  ASSERT_TRUE(modern.Send(Get("/hallo")));
  auto response = modern.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(TlsServerTest, ClientThatNeverFinishesTheHandshakeIsDroppedAfterTheReadTimeout) {
  auto started = std::chrono::steady_clock::now();
  Client silent(port());  // connects, sends nothing
  Client half(port());
  ASSERT_TRUE(half.Send(std::string("\x16\x03\x01\x02\x00\x01", 6)));  // the start of a ClientHello
  EXPECT_TRUE(silent.WaitForClose());
  EXPECT_TRUE(half.WaitForClose());
  auto elapsed = std::chrono::steady_clock::now() - started;
  EXPECT_GE(elapsed, 900ms);
  EXPECT_LT(elapsed, 4s);
  EXPECT_EQ(silent.pending(), "");
}

TEST_F(TlsServerTest, StopWithTlsClientsReturnsQuickly) {
  Client idle(port(), 5s, &trust_);
  ASSERT_TRUE(idle.Send(Get("/hallo")));
  ASSERT_TRUE(idle.ReadResponse());  // now an idle keep-alive connection
  Client handshaking(port());        // TCP only, never starts TLS
  auto started = std::chrono::steady_clock::now();
  server_->Stop();
  EXPECT_LT(std::chrono::steady_clock::now() - started, 2s);
  EXPECT_TRUE(idle.WaitForClose());
  EXPECT_TRUE(handshaking.WaitForClose());
}

TEST_F(TlsServerTest, StopLetsInFlightTlsRequestFinish) {
  Client client(port(), 5s, &trust_);
  ASSERT_TRUE(client.Send(Get("/traag")));
  slow_entered_.get_future().wait();
  server_->Stop();
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "klaar");
  EXPECT_EQ(response->Header("Connection"), "close");
  EXPECT_TRUE(client.WaitForClose());
}

class TlsStartTest : public ::testing::Test {
 protected:
  static Result<std::unique_ptr<Server>> Start(const std::string& address, const std::string& cert,
                                               const std::string& key) {
    ServerOptions options;
    options.address = address;
    options.port = 0;
    options.threads = 1;
    options.tls_certificate_chain_file = cert;
    options.tls_private_key_file = key;
    return Server::Start(options, Router{});
  }

  leerrecht::testing::TempDir dir_;
  TlsFiles files_{dir_.path()};
};

TEST_F(TlsStartTest, PlainHttpOnANonLoopbackAddressIsRefused) {
  auto server = Start("0.0.0.0", "", "");
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(server.status().message().find("--tls-cert"), std::string::npos) << server.status().message();
  EXPECT_NE(server.status().message().find("--tls-key"), std::string::npos) << server.status().message();
}

TEST_F(TlsStartTest, PlainHttpOnLoopbackIsAllowed) {
  for (const char* address : {"127.0.0.1", "127.0.0.2", "::1", "::ffff:127.0.0.1"}) {
    auto server = Start(address, "", "");
    // An IPv6 loopback may be missing on this machine (kUnavailable); only the refusal matters.
    if (!server.ok()) {
      EXPECT_NE(server.status().code(), ErrorCode::kInvalidInput) << address;
    }
  }
}

TEST_F(TlsStartTest, TlsOnANonLoopbackAddressStarts) {
  auto server = Start("0.0.0.0", files_.cert, files_.key);
  ASSERT_TRUE(server.ok()) << server.status().ToString();
  TlsClientOptions trust;
  trust.trusted_certificate_file = files_.cert;
  Client client((*server)->port(), 5s, &trust);  // 0.0.0.0 includes the loopback interface
  ASSERT_TRUE(client.Send(Get("/nergens")));
  auto response = client.ReadResponse();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 404);
}

TEST_F(TlsStartTest, KeyOfAnotherCertificateIsInvalidInput) {
  auto server = Start("127.0.0.1", files_.cert, files_.other_key);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(server.status().message().find("hoort niet bij certificaat"), std::string::npos)
      << server.status().message();
}

TEST_F(TlsStartTest, MissingOrUnreadableFilesAreInvalidInput) {
  const std::string missing = dir_.Sub("bestaat-niet.pem");
  for (const auto& [cert, key] : std::vector<std::pair<std::string, std::string>>{
           {missing, files_.key}, {files_.cert, missing}, {files_.key, files_.key}, {files_.cert, files_.cert}}) {
    auto server = Start("127.0.0.1", cert, key);
    ASSERT_FALSE(server.ok()) << cert << " " << key;
    EXPECT_EQ(server.status().code(), ErrorCode::kInvalidInput);
    EXPECT_NE(server.status().message().find("niet lezen"), std::string::npos) << server.status().message();
  }
}

TEST_F(TlsStartTest, EncryptedKeyIsRefusedWithoutPrompting) {
  auto server = Start("127.0.0.1", files_.cert, files_.encrypted_key);
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(server.status().message().find("zonder wachtwoord"), std::string::npos) << server.status().message();
}

TEST_F(TlsStartTest, CertificateWithoutKeyIsInvalidInput) {
  auto server = Start("127.0.0.1", files_.cert, "");
  ASSERT_FALSE(server.ok());
  EXPECT_EQ(server.status().code(), ErrorCode::kInvalidInput);
  EXPECT_NE(server.status().message().find("--tls-key"), std::string::npos) << server.status().message();
}

}  // namespace
}  // namespace leerrecht::http
