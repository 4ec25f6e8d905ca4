// Who is asking: the session behind a request, and the login, logout and password routes.
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

// The session behind a request, or nothing with `denied` set (401 not logged in / expired, 403
// missing CSRF token). State-changing requests need the session's CSRF token in a header that a
// cross-site form cannot set.
std::optional<services::Session> RequireSession(services::SessionService& sessions, const Request& request,
                                                bool state_changing, Response& denied);

// POST /api/v1/login, GET /api/v1/me, POST /api/v1/logout, POST /api/v1/password.
void AddAuthRoutes(Router& router, services::SessionService& sessions);

}  // namespace leerrecht::http
