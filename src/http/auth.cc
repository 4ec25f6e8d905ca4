#include "http/auth.h"

#include <nlohmann/json.hpp>

#include "http/api_support.h"

namespace leerrecht::http {

namespace {

nlohmann::json SessionJson(const services::Session& s) {
  return {{"gebruiker", s.username},          {"naam", s.display_name},
          {"partij", s.party},                {"rollen", s.roles},
          {"wachtwoord_wijzigen", s.must_change_password}, {"csrf_token", s.csrf_token}};
}

std::string SessionCookie(const std::string& token, long max_age_seconds) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_seconds);
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

std::optional<services::Session> RequireSession(services::SessionService& sessions, const Request& request,
                                                bool state_changing, Response& denied) {
  auto session = sessions.Authenticate(SessionToken(request));
  if (!session) {
    denied = ErrorResponse(Status(ErrorCode::kRefused, "niet ingelogd of sessie verlopen"));
    denied.status = 401;
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
    auto login =
        sessions.Login(StringMember(*body, "gebruiker"), StringMember(*body, "wachtwoord"), request.remote_address);
    if (!login.ok()) {
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
    auto session = RequireSession(sessions, request, true, denied);
    if (!session) return denied;
    sessions.Logout(SessionToken(request));
    Response r = Response::Text(204, "");
    r.headers.emplace_back("Set-Cookie", SessionCookie("", 0));
    return r;
  });
  router.Add("POST", "/api/v1/password", [&sessions](const Request& request) {
    Response denied;
    auto session = RequireSession(sessions, request, true, denied);
    if (!session) return denied;
    auto body = JsonObject(request);
    if (!body.ok()) return ErrorResponse(body.status());
    Status s = sessions.ChangePassword(SessionToken(request), StringMember(*body, "huidig"),
                                       StringMember(*body, "nieuw"));
    return s.ok() ? Response::Text(204, "") : ErrorResponse(s);
  });
}

}  // namespace leerrecht::http
