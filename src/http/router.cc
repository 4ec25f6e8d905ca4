#include "http/router.h"

#include <algorithm>
#include <cassert>
#include <exception>
#include <set>
#include <utility>

namespace leerrecht::http {
namespace {

constexpr std::string_view kHead = "HEAD";
constexpr std::string_view kGet = "GET";

Response InternalError() { return Response::Text(500, "Interne fout"); }

std::string AllowHeader(const std::map<std::string, Handler, std::less<>>& table) {
  std::set<std::string, std::less<>> methods;
  for (const auto& entry : table) methods.insert(entry.first);
  // HEAD is served implicitly for every GET route, so clients must be told it is allowed.
  if (methods.contains(kGet)) methods.emplace(kHead);
  std::string allow;
  for (const auto& method : methods) {
    if (!allow.empty()) allow += ", ";
    allow += method;
  }
  return allow;
}

// A HEAD response carries the headers of the GET response, including the length of the body it
// would have had (RFC 9110 9.3.2); the server only sees the empty body, so the length travels here.
void StripBodyForHead(Response& response) {
  bool has_length = false;
  for (const auto& [name, value] : response.headers) {
    if (EqualsIgnoreCase(name, "Content-Length")) has_length = true;
  }
  if (!has_length) response.headers.emplace_back("Content-Length", std::to_string(response.body.size()));
  response.body.clear();
}

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  std::size_t pos = 1;  // past the leading '/'
  while (pos <= path.size()) {
    std::size_t end = path.find('/', pos);
    if (end == std::string_view::npos) end = path.size();
    out.push_back(path.substr(pos, end - pos));
    pos = end + 1;
  }
  return out;
}

bool IsParameter(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

}  // namespace

void Router::Add(std::string method, std::string path, Handler handler) {
  assert(!method.empty() && !path.empty() && path.front() == '/' && "routes need a method and an origin-form path");
  if (path.find('{') == std::string::npos) {
    routes_[std::move(path)][std::move(method)] = std::move(handler);
    return;
  }
  for (Pattern& pattern : patterns_) {
    if (pattern.path == path) {
      pattern.methods[std::move(method)] = std::move(handler);
      return;
    }
  }
  Pattern pattern;
  for (std::string_view segment : Segments(path)) pattern.segments.emplace_back(segment);
  pattern.path = std::move(path);
  pattern.methods[std::move(method)] = std::move(handler);
  patterns_.push_back(std::move(pattern));
}

void Router::SetErrorReporter(ErrorReporter reporter) { error_reporter_ = std::move(reporter); }

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [path, methods] : routes_) {
    for (const auto& [method, handler] : methods) out.emplace_back(method, path);
  }
  for (const Pattern& pattern : patterns_) {
    for (const auto& [method, handler] : pattern.methods) out.emplace_back(method, pattern.path);
  }
  std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) {
    return a.second != b.second ? a.second < b.second : a.first < b.first;
  });
  return out;
}

const Router::MethodTable* Router::FindRoute(std::string_view path,
                                             std::vector<std::pair<std::string, std::string>>& params) const {
  if (auto it = routes_.find(path); it != routes_.end()) return &it->second;
  if (patterns_.empty() || path.empty() || path.front() != '/') return nullptr;
  const std::vector<std::string_view> segments = Segments(path);
  for (const Pattern& pattern : patterns_) {
    if (pattern.segments.size() != segments.size()) continue;
    bool match = true;
    for (std::size_t i = 0; i < segments.size() && match; ++i) {
      if (IsParameter(pattern.segments[i])) {
        match = !segments[i].empty();
      } else {
        match = pattern.segments[i] == segments[i];
      }
    }
    if (!match) continue;
    params.clear();
    for (std::size_t i = 0; i < segments.size(); ++i) {
      if (!IsParameter(pattern.segments[i])) continue;
      const std::string& name = pattern.segments[i];
      params.emplace_back(name.substr(1, name.size() - 2), std::string(segments[i]));
    }
    return &pattern.methods;
  }
  return nullptr;
}

Response Router::Dispatch(const Request& request) const {
  Response response;
  std::vector<std::pair<std::string, std::string>> params;
  const MethodTable* table = FindRoute(request.path, params);
  if (table == nullptr) {
    response = Response::Text(404, "Pagina niet gevonden");
  } else {
    auto it = table->find(request.method);
    if (it == table->end() && request.method == kHead) it = table->find(kGet);
    if (it == table->end()) {
      response = Response::Text(405, "Methode niet toegestaan");
      response.headers.emplace_back("Allow", AllowHeader(*table));
    } else {
      // Only the server log may see what went wrong; exception texts can contain internals or
      // personal data, so the client gets a fixed message.
      auto report = [this](std::string_view what) {
        if (!error_reporter_) return;
        try {
          error_reporter_(what);
        } catch (...) {  // a failing logger must not turn a 500 into a crash
        }
      };
      try {
        if (params.empty()) {
          response = it->second(request);
        } else {
          // Handlers take the request as given; a route with parameters gets a copy carrying them.
          Request routed = request;
          routed.params = std::move(params);
          response = it->second(routed);
        }
      } catch (const std::exception& e) {
        response = InternalError();
        report(e.what());
      } catch (...) {
        response = InternalError();
        report("onbekende uitzondering");
      }
    }
  }
  if (request.method == kHead) StripBodyForHead(response);
  return response;
}

}  // namespace leerrecht::http
