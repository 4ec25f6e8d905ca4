// The web interface (issue 7): server-rendered Dutch pages and their static assets, mounted on the application's router.
#pragma once

#include <memory>

#include "core/clock.h"
#include "http/api_routes.h"
#include "http/router.h"
#include "services/session_service.h"

namespace leerrecht::web {

// Adds every page (/, /inloggen, /overzicht, /zaken/{id}, /zaken/{id}/delen, /ontvangen,
// /rapportages/kwartaal, /import, /overeenkomsten, …) and /static/. The pages call the same services with the same actor
// as the JSON API. Throws std::runtime_error when an embedded template does not parse (a build
// error that must stop the server). A missing npm asset is reported on stderr, not fatal.
void AddPageRoutes(http::Router& router, services::SessionService& sessions, std::shared_ptr<http::ApiServices> api,
                   const Clock& clock);

}  // namespace leerrecht::web
