#include "http/router.h"

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

}  // namespace

void Router::Add(std::string method, std::string path, Handler handler) {
  assert(!method.empty() && !path.empty() && path.front() == '/' && "routes need a method and an origin-form path");
  routes_[std::move(path)][std::move(method)] = std::move(handler);
}

void Router::SetErrorReporter(ErrorReporter reporter) { error_reporter_ = std::move(reporter); }

std::vector<std::pair<std::string, std::string>> Router::Routes() const {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [path, methods] : routes_) {
    for (const auto& [method, handler] : methods) out.emplace_back(method, path);
  }
  return out;
}

const Router::MethodTable* Router::FindRoute(std::string_view path) const {
  auto it = routes_.find(path);
  return it == routes_.end() ? nullptr : &it->second;
}

Response Router::Dispatch(const Request& request) const {
  Response response;
  const MethodTable* table = FindRoute(request.path);
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
        response = it->second(request);
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
