// The application's routes on top of the HTTP server: pages, health checks and the JSON API.
#pragma once

#include "http/router.h"
#include "services/data_folder.h"
#include "services/session_service.h"

namespace leerrecht::http {

inline constexpr const char* kSessionCookie = "leerrecht_sessie";
inline constexpr const char* kCsrfHeader = "X-CSRF-Token";

// Builds every route of the running system for one data folder. Folder and sessions must
// outlive the router.
Router BuildRouter(services::DataFolder& folder, services::SessionService& sessions);

// The one table from error codes to HTTP status codes (STYLE.md point 2).
int HttpStatusFor(ErrorCode code);
// {"fout": "<Dutch message>"} with the mapped status.
Response ErrorResponse(const Status& status);

}  // namespace leerrecht::http
