// Async HTTP/1.1 server, plain or TLS (Beast and OpenSSL behind a pimpl), serving a Router on a thread pool.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "http/router.h"

namespace leerrecht::http {

// One line of the access log. Deliberately without query string, client address or headers: those
// can carry personal data (names, BSNs), which does not belong in logs.
struct AccessLogEntry {
  std::string_view method;  // empty when the request could not be parsed
  std::string_view path;    // without query string; empty when the request could not be parsed
  int status = 0;
  std::chrono::microseconds duration{0};  // from complete request to response written
};

struct ServerOptions {
  // Plain HTTP carries passwords and pupil data in the clear, so Start() allows it only on a
  // loopback address (127.0.0.0/8, ::1): development, or behind a TLS proxy on the same machine.
  std::string address = "127.0.0.1";
  std::uint16_t port = 8080;              // 0 = ephemeral; Server::port() tells the real one
  std::size_t body_limit = 1024 * 1024;   // 413 above this
  std::size_t header_limit = 8 * 1024;    // 431 above this
  std::chrono::seconds read_timeout{30};  // TLS handshake, and then each whole request, within this
  std::chrono::seconds idle_timeout{60};  // keep-alive idle
  unsigned threads = 0;                   // I/O threads; 0 = std::thread::hardware_concurrency()
  // Threads that run handlers, so that requests waiting for a shared fsync (group commit) do not
  // hold up the I/O threads; 0 runs handlers on the I/O threads.
  unsigned handler_threads = 64;
  std::chrono::seconds stop_timeout{5};   // how long Stop() lets in-flight requests finish
  // HTTPS when both are set: PEM files, the certificate chain (server certificate first, then
  // intermediates) and its unencrypted private key. TLS 1.2 and 1.3 only, forward-secret AEAD
  // ciphers only. Both empty: plain HTTP.
  std::string tls_certificate_chain_file;
  std::string tls_private_key_file;
  // Called on a server thread after each response; must be thread-safe and quick. Exceptions are swallowed.
  std::function<void(const AccessLogEntry&)> access_log;
};

class Server {
 public:
  // Loads the TLS files, binds, listens and starts the threads. Errors: kInvalidInput (unparsable
  // address; plain HTTP on a non-loopback address; only one TLS file given; certificate or key
  // unreadable, or not belonging together), kUnavailable (address in use, not permitted or not on
  // this machine), kIo (anything else).
  static Result<std::unique_ptr<Server>> Start(ServerOptions options, Router router);

  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;
  ~Server();  // calls Stop(); must not run on a server thread (i.e. not inside a handler)

  [[nodiscard]] std::uint16_t port() const;

  // Graceful and idempotent: stops accepting, closes idle and half-received connections, lets
  // requests already being handled finish (up to stop_timeout), then joins the threads. Called
  // from a handler it only initiates the stop; the threads are joined by a later call or ~Server.
  void Stop();

  // Blocks until Stop() was called and the server threads have finished their work.
  void Wait();

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);

  friend void RunUntilSignal(Server& server);

  std::unique_ptr<Impl> impl_;
};

// Blocks until SIGINT or SIGTERM arrives (or the server is stopped otherwise), then calls
// server.Stop(). A second signal during the graceful stop gets the default action again, so an
// impatient Ctrl-C still ends the process.
void RunUntilSignal(Server& server);

}  // namespace leerrecht::http
