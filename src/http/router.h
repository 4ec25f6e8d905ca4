// Maps (method, path) to handlers and turns every outcome, including handler failures, into a Response.
#pragma once

#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "http/message.h"

namespace leerrecht::http {

using Handler = std::function<Response(const Request&)>;

// Receives the text of an exception a handler threw, so it can be logged server-side; the client
// only ever sees "Interne fout".
using ErrorReporter = std::function<void(std::string_view what)>;

class Router {
 public:
  // Registers (or replaces) the handler for an exact method and path. `path` must start with '/'.
  void Add(std::string method, std::string path, Handler handler);

  void SetErrorReporter(ErrorReporter reporter);

  // Never throws. Unknown path: 404; known path, other method: 405 with Allow; HEAD on a GET route:
  // the GET response with an empty body and its Content-Length kept in `headers`; handler throws: 500.
  [[nodiscard]] Response Dispatch(const Request& request) const;

  // Every registered (method, path), sorted: lets a test hold the OpenAPI document to the truth.
  [[nodiscard]] std::vector<std::pair<std::string, std::string>> Routes() const;

 private:
  // method -> handler; std::less<> so lookups by string_view need no allocation.
  using MethodTable = std::map<std::string, Handler, std::less<>>;

  // The single place that decides which route a path belongs to: exact match today, so prefix
  // mounts (/api/v1/...) can be added here without touching Dispatch.
  [[nodiscard]] const MethodTable* FindRoute(std::string_view path) const;

  std::map<std::string, MethodTable, std::less<>> routes_;
  ErrorReporter error_reporter_;
};

}  // namespace leerrecht::http
