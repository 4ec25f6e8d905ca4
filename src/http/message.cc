#include "http/message.h"

#include <cstddef>

namespace leerrecht::http {
namespace {

// Locale-independent on purpose: std::tolower depends on the global locale.
char AsciiLower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c; }

Response Make(int status, std::string content_type, std::string body) {
  Response response;
  response.status = status;
  response.content_type = std::move(content_type);
  response.body = std::move(body);
  return response;
}

}  // namespace

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (AsciiLower(a[i]) != AsciiLower(b[i])) return false;
  }
  return true;
}

std::string_view Request::Param(std::string_view name) const {
  for (const auto& [key, value] : params) {
    if (key == name) return value;
  }
  return {};
}

std::string_view Request::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (EqualsIgnoreCase(key, name)) return value;
  }
  return {};
}

Response Response::Text(int status, std::string body) {
  return Make(status, "text/plain; charset=utf-8", std::move(body));
}

Response Response::Html(int status, std::string body) {
  return Make(status, "text/html; charset=utf-8", std::move(body));
}

Response Response::Json(int status, std::string body) {
  return Make(status, "application/json", std::move(body));
}

}  // namespace leerrecht::http
