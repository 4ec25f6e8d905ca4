#include "http/app.h"

#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>
#include <stdexcept>

#include "http/api_routes.h"
#include "http/import_routes.h"
#include "leerrecht/openapi.h"
#include "services/matrix_config.h"
#include "leerrecht/version.h"
#include "web/pages.h"

namespace leerrecht::http {

Router BuildRouter(services::DataFolder& folder, services::SessionService& sessions) {
  static const SystemClock clock;
  return BuildRouter(folder, sessions, services::DefaultMatrix(), clock);
}

Router BuildRouter(services::DataFolder& folder, services::SessionService& sessions,
                   const policy::AuthorizationMatrix& matrix, const Clock& clock) {
  Router router;
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
  AddAuthRoutes(router, sessions);
  // The matrix in force is the folder's latest approved one, or `matrix` for a new folder. A
  // stored matrix that no longer loads must stop the server rather than fall back silently.
  auto store = services::MatrixStore::Open(folder, matrix, clock);
  if (!store.ok()) throw std::runtime_error(store.status().message());
  // The agreements in force are the files in DIR/agreements (docs/api.md); an invalid one stops
  // the server, as sharing under a half-read set of agreements would be worse than not starting.
  auto agreements = services::AgreementRegistry::LoadFolder(folder.dir() + "/agreements");
  if (!agreements.ok()) throw std::runtime_error(agreements.status().message());
  // The SWV region table (SPEC C-03, Q-29) in DIR/swv-regions.toml; without it thuiszitter
  // records go to no SWV at all.
  std::optional<policy::SwvRegions> regions;
  const std::string regions_file = folder.dir() + "/swv-regions.toml";
  if (std::ifstream in(regions_file, std::ios::binary); in) {
    std::ostringstream text;
    text << in.rdbuf();
    policy::SwvRegionsLoad load = policy::SwvRegions::Load(text.str(), regions_file);
    if (!load.regions) {
      std::string message;
      for (const auto& p : load.problems) message += regions_file + ":" + std::to_string(p.line) + ": " + p.message + "\n";
      throw std::runtime_error(message);
    }
    regions = std::move(*load.regions);
  }
  auto api = std::make_shared<ApiServices>(folder, std::move(*store), std::move(*agreements), std::move(regions), clock);
  AddCaseRoutes(router, sessions, api);
  AddDisclosureRoutes(router, sessions, api);
  AddImportRoutes(router, sessions, folder, *api->matrices, clock);
  AddAdminRoutes(router, sessions, api);
  // The web interface (/, /inloggen, /overzicht, …, /static/): the same services and actor.
  web::AddPageRoutes(router, sessions, api, clock);
  return router;
}

}  // namespace leerrecht::http
