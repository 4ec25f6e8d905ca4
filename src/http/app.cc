#include "http/app.h"

#include <nlohmann/json.hpp>

#include "leerrecht/openapi.h"
#include "leerrecht/version.h"

namespace leerrecht::http {

namespace {

// The landing page: plain, accessible HTML in Dutch. The full interface (NL Design System)
// replaces it in the web-interface issue.
std::string LandingPage() {
  return std::string(R"(<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leerrecht</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 2rem; margin-bottom: .25rem; }
.status { background: #e7f4ea; border-left: 4px solid #2e7d32; padding: .5rem 1rem; }
code { background: #f2f2f2; padding: 0 .25rem; }
</style>
</head>
<body>
<main>
<h1>Leerrecht</h1>
<p>Verzuim- en thuiszittersregistratie met rechtmatige gegevensdeling tussen leerplicht,
samenwerkingsverbanden, scholen en jeugdhulp.</p>
<p class="status" role="status">De server draait (versie )") +
         kVersion + R"().</p>
<h2>Wat er nu al kan</h2>
<ul>
<li>Leerplicht, kwalificatieplicht, verzuimcategorieën en thuiszitterstatus bepalen met
<code>leerrecht classify --request situatie.json</code>.</li>
<li>Convenanten en art. 20 Wpg-besluiten controleren en tonen met <code>leerrecht agreement check</code>
en <code>leerrecht agreement show</code>; elke verstrekking beslissen met <code>leerrecht policy decide</code>.</li>
<li>Het verwerkingslogboek controleren met <code>leerrecht log verify</code>.</li>
<li>De gezondheid van de server controleren op <a href="/healthz">/healthz</a>.</li>
</ul>
</main>
</body>
</html>
)";
}

// The session cookie's value from a Cookie header ("a=1; leerrecht_sessie=…").
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

Response JsonBody(int status, const nlohmann::json& body) { return Response::Json(status, body.dump()); }

nlohmann::json SessionJson(const services::Session& s) {
  return {{"gebruiker", s.username},          {"naam", s.display_name},
          {"partij", s.party},                {"rollen", s.roles},
          {"wachtwoord_wijzigen", s.must_change_password}, {"csrf_token", s.csrf_token}};
}

// Parses a JSON object body; a malformed one is a 400 with the parser's position.
Result<nlohmann::json> JsonObject(const Request& request) {
  nlohmann::json body = nlohmann::json::parse(request.body, nullptr, /*allow_exceptions=*/false);
  if (body.is_discarded() || !body.is_object()) return Status::InvalidInput("verwacht een JSON-object");
  return body;
}

std::string StringMember(const nlohmann::json& body, const char* key) {
  auto it = body.find(key);
  return it != body.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// State-changing requests need the session's CSRF token in a header a cross-site form cannot set.
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

std::string SessionCookie(const std::string& token, long max_age_seconds) {
  return std::string(kSessionCookie) + "=" + token + "; Path=/; HttpOnly; Secure; SameSite=Strict; Max-Age=" +
         std::to_string(max_age_seconds);
}

}  // namespace

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

Router BuildRouter(services::DataFolder& folder, services::SessionService& sessions) {
  Router router;
  const std::string landing = LandingPage();
  router.Add("GET", "/", [landing](const Request&) { return Response::Html(200, landing); });
  router.Add("GET", "/healthz", [](const Request&) { return Response::Text(200, "ok\n"); });
  // Ready means the database answers, not merely that the process runs.
  router.Add("GET", "/readyz", [&folder](const Request&) {
    auto tx = folder.db().BeginRead();
    if (!tx.ok()) return Response::Text(503, "database niet beschikbaar\n");
    auto rows = (*tx)->Query("SELECT 1");
    return rows.ok() ? Response::Text(200, "ok\n") : Response::Text(503, "database niet beschikbaar\n");
  });
  router.Add("GET", "/api/v1/version", [](const Request&) {
    return Response::Json(200, nlohmann::json{{"name", "leerrecht"}, {"version", kVersion}}.dump());
  });

  router.Add("GET", "/api/v1/openapi.json", [](const Request&) { return Response::Json(200, kOpenApiJson); });
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
  return router;
}

}  // namespace leerrecht::http
