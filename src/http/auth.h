// Who is asking: the session or API token behind a request, and the login, second-factor and token routes.
#pragma once

#include <optional>
#include <string>

#include "http/message.h"
#include "http/router.h"
#include "services/session_service.h"

namespace leerrecht::http {

inline constexpr const char* kSessionCookie = "leerrecht_sessie";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

// The session cookie's value from a Cookie header ("a=1; leerrecht_sessie=…"), or "".
std::string SessionToken(const Request& request);
// The token of an "Authorization: Bearer <token>" header, or "" (scheme case-insensitive).
std::string BearerToken(const Request& request);

// The session behind a request, or nothing with `denied` set (401 not logged in / expired /
// token invalid, 403 missing CSRF token). A request with a bearer token is judged by the token
// alone, never by a cookie beside it. State-changing cookie requests need the session's CSRF
// token in a header that a cross-site form cannot set; bearer requests need none
// (Session::via_api_token tells callers which kind they have).
std::optional<services::Session> RequireSession(services::SessionService& sessions, const Request& request,
                                                bool state_changing, Response& denied);

// POST /api/v1/login, GET /api/v1/me, POST /api/v1/logout, POST /api/v1/password,
// POST /api/v1/tweede-factor[/bevestigen|/uitschakelen], GET|POST /api/v1/tokens and
// DELETE /api/v1/tokens/{id} (docs/api.md).
void AddAuthRoutes(Router& router, services::SessionService& sessions);

}  // namespace leerrecht::http
