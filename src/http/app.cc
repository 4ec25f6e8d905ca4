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

}  // namespace

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
  AddAuthRoutes(router, sessions);
  return router;
}

}  // namespace leerrecht::http
