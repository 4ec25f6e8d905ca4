// The application's routes on top of the HTTP server: pages, health checks and the JSON API.
#pragma once

#include "http/router.h"
#include "services/data_folder.h"

namespace leerrecht::http {

// Builds every route of the running system for one data folder. The folder must outlive the router.
Router BuildRouter(services::DataFolder& folder);

}  // namespace leerrecht::http
