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
  // Registers (or replaces) the handler for a method and path. `path` must start with '/'. A
  // segment written `{name}` matches any one non-empty segment, handed to the handler in
  // Request::params ("/api/v1/zaken/{id}"); an exact path wins over a pattern.
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

  struct Pattern {
    std::string path;                   // as registered, for Routes()
    std::vector<std::string> segments;  // "{name}" marks a parameter
    MethodTable methods;
  };

  // The single place that decides which route a path belongs to: an exact path first, then the
  // patterns in registration order. Fills `params` for a pattern.
  [[nodiscard]] const MethodTable* FindRoute(std::string_view path,
                                             std::vector<std::pair<std::string, std::string>>& params) const;

  std::map<std::string, MethodTable, std::less<>> routes_;
  std::vector<Pattern> patterns_;
  ErrorReporter error_reporter_;
};

}  // namespace leerrecht::http
