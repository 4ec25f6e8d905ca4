// HTTP request and response values exchanged between the server and route handlers, free of any Beast types.
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace leerrecht::http {

struct Request {
  std::string method;  // as sent, case-sensitive ("GET", "POST", ...)
  std::string target;  // raw origin-form target, e.g. "/zoek?q=x"
  std::string path;    // target before '?', not percent-decoded
  std::string query;   // target after '?', without the '?'
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string remote_address;  // peer IP without port; empty when unknown
  // Values of the route's {name} segments, set by the router (e.g. {"id", "12"} for /zaken/{id}).
  std::vector<std::pair<std::string, std::string>> params;

  // Field names are case-insensitive (RFC 9110 5.1); returns the first match, empty when absent.
  [[nodiscard]] std::string_view Header(std::string_view name) const;
  // The value of a path parameter, empty when the route has none by that name.
  [[nodiscard]] std::string_view Param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "text/plain; charset=utf-8";  // empty: no Content-Type header
  std::string body;
  // Extra fields. Framing fields (Content-Length, Transfer-Encoding, Connection) are owned by the
  // server and ignored here, so a handler cannot desynchronise the connection.
  std::vector<std::pair<std::string, std::string>> headers;

  static Response Text(int status, std::string body);
  static Response Html(int status, std::string body);
  static Response Json(int status, std::string body);
};

// ASCII case-insensitive comparison, as HTTP field names and tokens require.
[[nodiscard]] bool EqualsIgnoreCase(std::string_view a, std::string_view b);

}  // namespace leerrecht::http
