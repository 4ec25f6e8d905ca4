// The application's routes on top of the HTTP server: pages, health checks and the JSON API.
#pragma once

#include "http/api_support.h"
#include "http/auth.h"
#include "http/router.h"
#include "services/data_folder.h"
#include "services/session_service.h"

namespace leerrecht::http {

// Builds every route of the running system for one data folder. Folder and sessions must
// outlive the router.
Router BuildRouter(services::DataFolder& folder, services::SessionService& sessions);

}  // namespace leerrecht::http
