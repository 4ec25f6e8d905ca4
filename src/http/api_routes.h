// The JSON API of the daily work (youths, cases, notes, break-glass) and of party management.
#pragma once

#include "http/router.h"
#include "services/admin_service.h"
#include "services/break_glass_service.h"
#include "services/disclosure_register.h"
#include "services/disclosure_service.h"
#include "services/dossier_service.h"
#include "services/exceptional_disclosure_service.h"
#include "services/list_comparison.h"
#include "services/matrix_store.h"
#include "services/om_exception_service.h"
#include "services/quarterly_report.h"
#include "services/school_note_service.h"
#include "services/session_service.h"
#include "services/subject_log_service.h"

namespace leerrecht::http {

// The use cases the routes call; they live as long as the router (shared by its handlers).
struct ApiServices {
  ApiServices(services::DataFolder& folder, std::unique_ptr<services::MatrixStore> matrix_store,
              services::AgreementRegistry agreement_set, std::optional<policy::SwvRegions> region_table,
              const Clock& clock)
      : matrices(std::move(matrix_store)),
        agreements(std::move(agreement_set)),
        regions(std::move(region_table)),
        dossiers(folder, *matrices, clock),
        break_glass(folder, *matrices, clock),
        admin(folder, *matrices, clock),
        disclosures(folder, *matrices, agreements, regions ? &*regions : nullptr, clock),
        disclosure_register(folder, *matrices, agreements, clock),
        reports(folder, *matrices, regions ? &*regions : nullptr, clock),
        comparisons(folder, *matrices, agreements, regions ? &*regions : nullptr, clock),
        schools(folder, *matrices, clock),
        subject_log(folder, *matrices, clock),
        om_exceptions(folder, *matrices, agreements, clock),
        exceptional(folder, *matrices, clock) {}
  std::unique_ptr<services::MatrixStore> matrices;
  services::AgreementRegistry agreements;
  std::optional<policy::SwvRegions> regions;
  services::DossierService dossiers;
  services::BreakGlassService break_glass;
  services::AdminService admin;
  services::DisclosureService disclosures;
  services::DisclosureRegisterService disclosure_register;
  services::ReportService reports;
  services::ListComparisonService comparisons;
  services::SchoolNoteService schools;
  services::SubjectLogService subject_log;
  services::OmExceptionService om_exceptions;
  services::ExceptionalDisclosureService exceptional;
};

// /api/v1/jongeren, /jongeren/{id}/logboek, /zaken, /zaken/{id}/notities, /zaken/{id}/behandelaars, /break-glass.
void AddCaseRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api);
// /api/v1/zaken/{id}/verstrekkingen, /ontvangen, /correcties, /jongeren/{id}/gegevens, /overeenkomsten,
// /verstrekkingenregister, /om-uitzonderingen, /aparte-grondslagen, /zaken/{id}/uitzonderlijke-verstrekkingen.
void AddDisclosureRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api);
// /api/v1/vergelijkingen, /vergelijkingen/ontvangen, /convenantlijsten/{swv} (SPEC C-16, C-17);
// registered by AddDisclosureRoutes.
void AddComparisonRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api);
// /api/v1/scholen/{brin}/notities (SPEC P-06); registered by AddCaseRoutes.
void AddSchoolRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api);
// /api/v1/gebruikers, /aanwijzingen, /autorisatiematrix.
void AddAdminRoutes(Router& router, services::SessionService& sessions, std::shared_ptr<ApiServices> api);

}  // namespace leerrecht::http
