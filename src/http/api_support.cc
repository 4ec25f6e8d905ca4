#include "http/api_support.h"

#include <nlohmann/json.hpp>

#include "core/decimal.h"
#include "http/auth.h"

namespace leerrecht::http {

int HttpStatusFor(ErrorCode code) {
  switch (code) {
    case ErrorCode::kOk: return 200;
    case ErrorCode::kInvalidInput: return 400;
    case ErrorCode::kRefused: return 403;
    case ErrorCode::kNotFound: return 404;
    case ErrorCode::kConflict: return 409;
    case ErrorCode::kUnavailable: return 503;
    case ErrorCode::kIo:
    case ErrorCode::kInternal: return 500;
  }
  return 500;
}

Response ErrorResponse(const Status& status) {
  const bool internal = status.code() == ErrorCode::kInternal || status.code() == ErrorCode::kIo;
  // Internal details stay in the server's log; the user gets a plain sentence.
  return JsonBody(HttpStatusFor(status.code()),
                  {{"fout", internal ? std::string("interne fout; probeer het later opnieuw") : status.message()}});
}

Response JsonBody(int status, const nlohmann::json& body) { return Response::Json(status, body.dump()); }

Result<nlohmann::json> JsonObject(const Request& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return Status::InvalidInput("verwacht een JSON-object");
  return body;
}

std::string StringMember(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::optional<std::int64_t> IdParam(const Request& request, std::string_view name) {
  const std::optional<std::int64_t> value = ParseDecimal(request.Param(name), 18);
  return value && *value > 0 ? value : std::nullopt;
}

std::string QueryValue(std::string_view query, std::string_view name) {
  std::size_t pos = 0;
  while (pos <= query.size()) {
    std::size_t end = query.find('&', pos);
    if (end == std::string_view::npos) end = query.size();
    const std::string_view part = query.substr(pos, end - pos);
    if (part.size() > name.size() && part.substr(0, name.size()) == name && part[name.size()] == '=') {
      return std::string(part.substr(name.size() + 1));
    }
    pos = end + 1;
  }
  return "";
}

int SmallNumber(std::string_view text) { return static_cast<int>(ParseDecimal(text, 4).value_or(-1)); }

Result<std::int64_t> IdMember(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || !it->is_number_integer() || it->get<std::int64_t>() <= 0) {
    return Status::InvalidInput(std::string(key) + ": verwacht een positief geheel getal");
  }
  return it->get<std::int64_t>();
}

namespace {

bool IsLowerHex(std::string_view s) {
  for (char c : s) {
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  }
  return true;
}

// traceparent: "00-<32 hex trace id>-<16 hex parent id>-<2 hex flags>" (W3C Trace Context).
std::optional<audit::TraceContext> TraceParent(std::string_view header) {
  if (header.size() != 55 || header.substr(0, 3) != "00-" || header[35] != '-' || header[52] != '-') {
    return std::nullopt;
  }
  const std::string_view trace = header.substr(3, 32);
  const std::string_view parent = header.substr(36, 16);
  if (!IsLowerHex(trace) || !IsLowerHex(parent) || trace == std::string(32, '0')) return std::nullopt;
  return audit::TraceContext{std::string(trace), std::string(parent)};
}

}  // namespace

services::Actor ActorFor(const services::Session& session, const Request& request) {
  services::Actor actor;
  actor.user_id = session.user_id;
  actor.username = session.username;
  actor.display_name = session.display_name;
  actor.party = session.party;
  actor.roles = session.roles;
  actor.second_factor = session.second_factor;
  auto parent = TraceParent(request.Header("traceparent"));
  actor.trace = parent ? parent->Child() : audit::TraceContext::New();
  return actor;
}

void AddUserRoute(Router& router, services::SessionService& sessions, const std::string& method,
                  const std::string& path, ActorHandler handler) {
  const bool state_changing = method != "GET" && method != "HEAD";
  router.Add(method, path, [&sessions, state_changing, handler = std::move(handler)](const Request& request) {
    Response denied;
    auto session = RequireSession(sessions, request, state_changing, denied);
    if (!session) return denied;
    if (session->must_change_password) {
      return ErrorResponse(Status::Refused("wijzig eerst uw eenmalige wachtwoord (POST /api/v1/password)"));
    }
    return handler(request, ActorFor(*session, request));
  });
}

}  // namespace leerrecht::http
