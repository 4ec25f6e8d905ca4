// libFuzzer target: raw bytes through the server's request parser and a router; never a crash,
// never an exception, always an answer in 100..599, and the same outcome however the bytes arrive.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

#include "http/request_parser.h"
#include "http/router.h"

namespace {

using leerrecht::http::ParseRequest;
using leerrecht::http::ParseResult;
using leerrecht::http::Request;
using leerrecht::http::RequestLimits;
using leerrecht::http::RequestParser;
using leerrecht::http::Response;
using leerrecht::http::Router;

// Routes shaped like the application's: static, JSON in, a path parameter, and one that throws.
const Router& Routes() {
  static const Router router = [] {
    Router r;
    r.Add("GET", "/healthz", [](const Request&) { return Response::Text(200, "ok\n"); });
    r.Add("POST", "/api/v1/login", [](const Request& request) {
      const auto body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
      if (body.is_discarded() || !body.is_object()) return Response::Json(400, R"({"fout":"ongeldige JSON"})");
      const auto user = body.find("gebruiker");
      if (user == body.end() || !user->is_string()) return Response::Json(400, R"({"fout":"gebruiker ontbreekt"})");
      return Response::Json(
          401, nlohmann::json{{"gebruiker", *user}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
    });
    r.Add("GET", "/api/v1/zaken/{id}", [](const Request& request) {
      const std::string_view id = request.Param("id");
      if (id.empty() || id.find_first_not_of("0123456789") != std::string_view::npos) {
        return Response::Text(404, "Zaak niet gevonden");
      }
      return Response::Json(200, "{\"id\":" + std::string(id) + "}");
    });
    r.Add("GET", "/boem", [](const Request&) -> Response { throw std::runtime_error("handler-fout"); });
    return r;
  }();
  return router;
}

void Check(bool condition) {
  if (!condition) __builtin_trap();
}

// Feeds `bytes` the way the server does when they arrive in pieces of `step`: whatever is
// buffered, keeping the unused rest for the next read.
ParseResult FeedInPieces(std::string_view bytes, std::size_t step, const RequestLimits& limits) {
  RequestParser parser(limits);
  std::string buffered;
  std::size_t offered = 0;
  std::size_t consumed = 0;
  while (!parser.complete() && !parser.rejection() && offered < bytes.size()) {
    const std::size_t n = std::min(step, bytes.size() - offered);
    buffered.append(bytes.substr(offered, n));
    offered += n;
    const std::size_t used = parser.Feed(buffered);
    Check(used <= buffered.size());
    buffered.erase(0, used);
    consumed += used;
  }
  ParseResult result;
  result.consumed = consumed;
  if (parser.rejection()) {
    result.rejection = parser.rejection();
  } else if (parser.complete()) {
    result.keep_alive = parser.keep_alive();
    result.request = parser.TakeRequest();
  }
  return result;
}

void CheckOne(std::string_view bytes, const RequestLimits& limits) {
  const ParseResult whole = ParseRequest(bytes, limits);
  Check(!(whole.request && whole.rejection));
  Check(whole.consumed <= bytes.size());
  if (whole.rejection) {
    const int status = whole.rejection->status;
    Check(status == 400 || status == 413 || status == 431);
    Check(!whole.rejection->text.empty());
  }
  if (whole.request) {
    const Request& request = *whole.request;
    Check(!request.path.empty() && request.path.front() == '/');
    Check(request.body.size() <= limits.body_limit);
    const Response response = Routes().Dispatch(request);
    Check(response.status >= 100 && response.status <= 599);
  }

  // However the network splits the bytes, a request must come out the same, and a split run may
  // only refuse what the one-shot run refused too. The converse does not hold: split, Beast looks
  // only for the end of the header before it parses the fields, so a malformed field in a header
  // that never ends is refused at once in one piece but waits for more bytes (the read timeout, or
  // 431) in several. The status may differ for the same reason (400 one-shot, 431 split). The
  // split size comes from the input's length so that seeds stay plain requests.
  const ParseResult pieces = FeedInPieces(bytes, 1 + bytes.size() % 61, limits);
  Check(pieces.request.has_value() == whole.request.has_value());
  Check(!pieces.rejection || whole.rejection);
  if (pieces.rejection) {
    const int status = pieces.rejection->status;
    Check(status == 400 || status == 413 || status == 431);
  }
  if (whole.request) {
    Check(pieces.consumed == whole.consumed);
    Check(pieces.keep_alive == whole.keep_alive);
    Check(pieces.request->method == whole.request->method);
    Check(pieces.request->target == whole.request->target);
    Check(pieces.request->headers == whole.request->headers);
    Check(pieces.request->body == whole.request->body);
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  try {
    CheckOne(bytes, RequestLimits{});
    // Small limits let the fuzzer reach the 413 and 431 paths without megabytes of input.
    CheckOne(bytes, RequestLimits{.header_limit = 256, .body_limit = 64});
  } catch (...) {
    Check(false);  // the parser and Router::Dispatch promise not to throw
  }
  return 0;
}
