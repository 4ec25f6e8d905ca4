#include "web/pages.h"

#include <iostream>
#include <stdexcept>

#include "web/embedded.h"
#include "web/page_routes.h"
#include "web/static_files.h"

namespace leerrecht::web {

void AddPageRoutes(http::Router& router, services::SessionService& sessions, std::shared_ptr<http::ApiServices> api,
                   const Clock& clock) {
  std::vector<std::pair<std::string, std::string>> sources;
  for (const EmbeddedFile& f : EmbeddedTemplates()) sources.emplace_back(f.name, f.content);
  auto templates = TemplateSet::Parse(sources);
  if (!templates.ok()) throw std::runtime_error(templates.status().message());
  auto context = std::make_shared<PageContext>(PageContext{sessions, std::move(api), std::move(*templates), clock});

  std::vector<std::string> missing;
  const StaticFiles assets = StaticFiles::Load(StaticFiles::DefaultWebDir(), missing);
  for (const std::string& path : missing) {
    // The pages still work with the Leerrecht theme alone; say what to install rather than stop.
    std::cerr << "leerrecht: " << path << " ontbreekt; installeer de webpakketten met `make` (npm ci in web/)\n";
  }
  assets.AddRoutes(router);

  // Taken before any page is added: the import page calls the JSON API's import route in it.
  auto api_routes = std::make_shared<const http::Router>(router);

  AddAccountPages(router, context);
  AddCasePages(router, context);
  AddSharePages(router, context);
  AddReportPages(router, context);
  AddImportPages(router, context, std::move(api_routes));
  AddAgreementPages(router, context);
  AddBreakGlassPages(router, context);
  AddOmExceptionPages(router, context);
  AddExceptionalPages(router, context);
  AddComparisonPages(router, context);
  AddAdminPages(router, context);
}

}  // namespace leerrecht::web
