#include "http/auth.h"

#include <nlohmann/json.hpp>

#include "http/api_support.h"

namespace leerrecht::http {

namespace {

constexpr std::string_view kBearerScheme = "Bearer ";

nlohmann::json SessionJson(const services::Session& s) {
  return {{"gebruiker", s.username},
          {"naam", s.display_name},
          {"partij", s.party},
          {"rollen", s.roles},
          {"wachtwoord_wijzigen", s.must_change_password},
          {"tweede_factor", s.second_factor},
          {"csrf_token", s.csrf_token}};
}

nlohmann::json OrNull(const std::optional<std::string>& text) { return text ? nlohmann::json(*text) : nullptr; }

bool HasBearer(const Request& request) {
  const std::string_view header = request.Header("Authorization");
  return header.size() >= kBearerScheme.size() &&
         EqualsIgnoreCase(header.substr(0, kBearerScheme.size()), kBearerScheme);
}

Response Unauthorized(std::string message, bool bearer) {
  Response r = ErrorResponse(Status(ErrorCode::kRefused, std::move(message)));
  r.status = 401;
  if (bearer) r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"leerrecht\", error=\"invalid_token\"");
  return r;
}

// For what only a person at a browser may do (logout, password): not with an API token.
std::optional<services::Session> RequireCookieSession(services::SessionService& sessions, const Request& request,
                                                      Response& denied) {
  auto session = RequireSession(sessions, request, true, denied);
  if (session && session->via_api_token) {
    denied = ErrorResponse(Status::Refused("dit kan alleen met een sessie, niet met een API-token"));
    return std::nullopt;
  }
  return session;
}

// A member that must be an integer when present; nothing when absent.
Result<std::optional<int>> OptionalIntMember(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  if (it == body.end() || it->is_null()) return std::optional<int>{};
  if (!it->is_number_integer()) return Status::InvalidInput(std::string(key) + " moet een geheel getal zijn");
  const auto value = it->get<std::int64_t>();
  if (value < -1'000'000 || value > 1'000'000) {
    return Status::InvalidInput(std::string(key) + " valt buiten het bereik");
  }
  return std::optional<int>{static_cast<int>(value)};
}

Response StatusResponse(const Status& s) { return s.ok() ? Response::Text(204, "") : ErrorResponse(s); }

std::string SessionCookie(const std::string& token, long max_age_seconds) {
  return std::string(kSessionCookie) + "=" + token +
         "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" + std::to_string(max_age_seconds);
}

}  // namespace

std::string SessionToken(const Request& request) {
  const std::string_view header = request.Header("Cookie");
  const std::string name = std::string(kSessionCookie) + "=";
  std::size_t pos = 0;
  while (pos < header.size()) {
    std::size_t end = header.find(';', pos);
    if (end == std::string_view::npos) end = header.size();
    std::string_view part = header.substr(pos, end - pos);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    if (part.substr(0, name.size()) == name) return std::string(part.substr(name.size()));
    pos = end + 1;
  }
  return "";
}

std::string BearerToken(const Request& request) {
  if (!HasBearer(request)) return "";
  std::string_view token = request.Header("Authorization").substr(kBearerScheme.size());
  while (!token.empty() && token.front() == ' ') token.remove_prefix(1);
  while (!token.empty() && token.back() == ' ') token.remove_suffix(1);
  return std::string(token);
}

std::optional<services::Session> RequireSession(services::SessionService& sessions, const Request& request,
                                                bool state_changing, Response& denied) {
  if (HasBearer(request)) {
    auto session = sessions.AuthenticateApiToken(BearerToken(request));
    if (!session) denied = Unauthorized("API-token ongeldig, verlopen of ingetrokken", true);
    return session;
  }
  auto session = sessions.Authenticate(SessionToken(request));
  if (!session) {
    denied = Unauthorized("niet ingelogd of sessie verlopen", false);
    return std::nullopt;
  }
  if (state_changing && request.Header(kCsrfHeader) != session->csrf_token) {
    denied = ErrorResponse(Status::Refused("CSRF-token ontbreekt of klopt niet"));
    return std::nullopt;
  }
  return session;
}

void AddAuthRoutes(Router& router, services::SessionService& sessions) {
  router.Add("POST", "/api/v1/login", [&sessions](const Request& request) {
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    auto login = sessions.Login(StringMember(*body, "gebruiker"), StringMember(*body, "wachtwoord"),
                                request.remote_address, StringMember(*body, "code"));
    if (!login.ok()) {
      if (services::IsSecondFactorRefusal(login.status())) {
        return JsonBody(401, {{"fout", login.status().message()}, {"tweede_factor", true}});
      }
      Response r = ErrorResponse(login.status());
      if (login.status().code() == ErrorCode::kRefused) r.status = 401;
      if (login.status().code() == ErrorCode::kUnavailable) r.status = 429;
      return r;
    }
    Response r = JsonBody(200, SessionJson(login->session));
    r.headers.emplace_back("Set-Cookie", SessionCookie(login->token, 12 * 3600));
    return r;
  });
  router.Add("GET", "/api/v1/me", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireSession(sessions, request, false, denied);
    if (!session) return denied;
    return JsonBody(200, SessionJson(*session));
  });
  router.Add("POST", "/api/v1/logout", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireCookieSession(sessions, request, denied);
    if (!session) return denied;
    sessions.Logout(SessionToken(request));
    Response r = Response::Text(204, "");
    r.headers.emplace_back("Set-Cookie", SessionCookie("", 0));
    return r;
  });
  router.Add("POST", "/api/v1/password", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireCookieSession(sessions, request, denied);
    if (!session) return denied;
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    Status s =
        sessions.ChangePassword(SessionToken(request), StringMember(*body, "huidig"), StringMember(*body, "nieuw"));
    return StatusResponse(s);
  });

  router.Add("POST", "/api/v1/tweede-factor", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireSession(sessions, request, true, denied);
    if (!session) return denied;
    auto enrolment = sessions.StartSecondFactor(*session);
    if (!enrolment.ok()) return ErrorResponse(enrolment.status());
    Response r = JsonBody(200, {{"geheim", enrolment->secret}, {"uri", enrolment->uri}});
    r.headers.emplace_back("Cache-Control", "no-store");  // a secret: no cache may keep it
    return r;
  });
  router.Add("POST", "/api/v1/tweede-factor/bevestigen", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireSession(sessions, request, true, denied);
    if (!session) return denied;
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    return StatusResponse(sessions.ConfirmSecondFactor(*session, StringMember(*body, "code")));
  });
  router.Add("POST", "/api/v1/tweede-factor/uitschakelen", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireSession(sessions, request, true, denied);
    if (!session) return denied;
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    Status s = sessions.DisableSecondFactor(*session, StringMember(*body, "wachtwoord"), StringMember(*body, "code"));
    if (s.code() == ErrorCode::kUnavailable) return JsonBody(429, {{"fout", s.message()}});
    return StatusResponse(s);
  });

  router.Add("POST", "/api/v1/tokens", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireSession(sessions, request, true, denied);
    if (!session) return denied;
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    auto days = OptionalIntMember(*body, "geldig_dagen");
    if (!days.ok()) return ErrorResponse(days.status());
    auto created = sessions.CreateApiToken(*session, StringMember(*body, "naam"), *days);
    if (!created.ok()) return ErrorResponse(created.status());
    Response r = JsonBody(
        201,
        {{"id", created->id}, {"naam", created->name}, {"token", created->token}, {"verloopt", created->expires_at}});
    // The only time the token is ever shown: no cache may keep a copy.
    r.headers.emplace_back("Cache-Control", "no-store");
    return r;
  });
  router.Add("GET", "/api/v1/tokens", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireSession(sessions, request, false, denied);
    if (!session) return denied;
    auto tokens = sessions.ListApiTokens(*session);
    if (!tokens.ok()) return ErrorResponse(tokens.status());
    nlohmann::json list = nlohmann::json::array();
    for (const services::ApiTokenInfo& t : *tokens) {
      list.push_back({{"id", t.id},
                      {"naam", t.name},
                      {"aangemaakt", t.created_at},
                      {"verloopt", OrNull(t.expires_at)},
                      {"ingetrokken", OrNull(t.revoked_at)},
                      {"laatst_gebruikt", OrNull(t.last_used_at)}});
    }
    return JsonBody(200, {{"tokens", list}});
  });
  router.Add("DELETE", "/api/v1/tokens/{id}", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireSession(sessions, request, true, denied);
    if (!session) return denied;
    const auto id = IdParam(request);
    if (!id) return ErrorResponse(Status::NotFound("token niet gevonden"));
    return StatusResponse(sessions.RevokeApiToken(*session, *id));
  });
}

}  // namespace leerrecht::http
