// Incremental HTTP/1.1 request parsing under the server's limits; the server and the fuzzer run this same code.
#pragma once

#include <cstddef>
#include <memory>
#include <optional>
#include <string_view>

#include "http/message.h"

namespace leerrecht::http {

struct RequestLimits {
  std::size_t header_limit = 8 * 1024;   // request line plus fields; 431 above this
  std::size_t body_limit = 1024 * 1024;  // after de-chunking; 413 above this
};

// Why a request is refused before any handler sees it. The server answers with this status and
// text, then closes the connection: after a framing error nothing later on it can be trusted.
struct Rejection {
  int status = 400;       // 400 malformed or not origin-form, 413 body too large, 431 header too large
  std::string_view text;  // Dutch, as sent to the client; points to a string literal
};

// Beast's request parser behind a pimpl, so callers (and the fuzz build) need no Boost headers.
// One parser serves a whole keep-alive connection: Reset() between requests.
class RequestParser {
 public:
  explicit RequestParser(RequestLimits limits = {});
  ~RequestParser();
  RequestParser(const RequestParser&) = delete;
  RequestParser& operator=(const RequestParser&) = delete;

  // Forgets the previous request and starts on the next one.
  void Reset();

  // Parses from the front of `bytes` and returns how many bytes it used. Unused bytes (an
  // incomplete header, or the start of the next pipelined request) must be offered again with
  // whatever arrives next appended. Uses nothing once complete() or rejected().
  std::size_t Feed(std::string_view bytes);

  [[nodiscard]] bool header_complete() const;
  [[nodiscard]] bool complete() const;
  [[nodiscard]] const std::optional<Rejection>& rejection() const;

  // The header is in, the body is not, and the client waits for "100 Continue" before sending it.
  [[nodiscard]] bool expects_continue() const;

  // Valid once complete(), also after TakeRequest().
  [[nodiscard]] bool keep_alive() const;
  [[nodiscard]] unsigned version() const;  // 10 or 11

  // As much of the request line as was parsed (for the access log of a rejected request).
  [[nodiscard]] std::string_view method() const;
  [[nodiscard]] std::string_view target() const;

  // The complete request, moved out; call once per complete(). remote_address stays empty.
  [[nodiscard]] Request TakeRequest();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// The first request in `bytes`, as the server would see it if they arrived on a new connection.
// Exactly one of `request` and `rejection` is set, or neither when the bytes end before the
// request does (the server would wait for more, up to its read timeout, and then hang up).
struct ParseResult {
  std::optional<Request> request;
  std::optional<Rejection> rejection;
  bool keep_alive = false;
  std::size_t consumed = 0;  // bytes that belong to the request (any rest is pipelined)
};
[[nodiscard]] ParseResult ParseRequest(std::string_view bytes, const RequestLimits& limits = {});

}  // namespace leerrecht::http
