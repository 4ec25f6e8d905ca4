// The application's routes on top of the HTTP server: pages, health checks and the JSON API.
#pragma once

#include "http/api_support.h"
#include "http/auth.h"
#include "http/router.h"
#include "policy/authorization.h"
#include "services/data_folder.h"
#include "services/session_service.h"

namespace leerrecht::http {

// Builds every route of the running system for one data folder, enforcing the folder's latest
// approved authorisation matrix, or `matrix` when none was approved yet, with the time of `clock`.
// Folder, sessions and clock must outlive the router. Throws std::runtime_error when the folder's
// stored matrix no longer loads.
Router BuildRouter(services::DataFolder& folder, services::SessionService& sessions,
                   const policy::AuthorizationMatrix& matrix, const Clock& clock);
// The same with the shipped default matrix and the system clock.
Router BuildRouter(services::DataFolder& folder, services::SessionService& sessions);

}  // namespace leerrecht::http
