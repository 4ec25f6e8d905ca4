// The page groups inside src/web, each adding its routes; pages.cc calls them all.
#pragma once

#include <memory>

#include "http/router.h"
#include "web/page_support.h"

namespace leerrecht::web {

// /, /inloggen, /uitloggen, /wachtwoord, /tweede-factor.
void AddAccountPages(http::Router& router, const std::shared_ptr<PageContext>& context);
// /overzicht, /zaken/{id}, /zaken/{id}/notities.
void AddCasePages(http::Router& router, const std::shared_ptr<PageContext>& context);
// /zaken/{id}/delen, /ontvangen, /ontvangen/{id}.
void AddSharePages(http::Router& router, const std::shared_ptr<PageContext>& context);
// /rapportages/kwartaal and its CSV download.
void AddReportPages(http::Router& router, const std::shared_ptr<PageContext>& context);
// /import: the DUO file upload and its report. The DuoImporter needs the data folder, which the
// pages are not given (AddPageRoutes' signature is src/http's), so the page hands the file to the
// JSON API's own import route in `api_routes`, a copy of the router made before the pages were
// added: the same service, the same actor (ActorFor of this request), the same log entries.
void AddImportPages(http::Router& router, const std::shared_ptr<PageContext>& context,
                    std::shared_ptr<const http::Router> api_routes);
// /overeenkomsten: the agreements in force with their exchange tables.
void AddAgreementPages(http::Router& router, const std::shared_ptr<PageContext>& context);
// /om-uitzonderingen: exceptions to the secrecy of OM data (SPEC W-23), asked and approved.
void AddOmExceptionPages(http::Router& router, const std::shared_ptr<PageContext>& context);
// /uitzonderlijke-verstrekkingen: separate bases and disclosure outside the agreements (SPEC R-08).
void AddExceptionalPages(http::Router& router, const std::shared_ptr<PageContext>& context);
// /break-glass: request, the overview (all of the party's for the FG) and approval.
void AddBreakGlassPages(http::Router& router, const std::shared_ptr<PageContext>& context);
// /vergelijken: the register against a received list or received data, and the covenant list check.
void AddComparisonPages(http::Router& router, const std::shared_ptr<PageContext>& context);
// /autorisatiematrix and /aanwijzingen: the matrix in force and the designations of the party.
void AddAdminPages(http::Router& router, const std::shared_ptr<PageContext>& context);

}  // namespace leerrecht::web
