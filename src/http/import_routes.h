// The DUO upload and a youth's verzuimmeldingen: POST /api/v1/verzuimmeldingen/import and GET /api/v1/jongeren/{id}/verzuimmeldingen.
#pragma once

#include "core/clock.h"
#include "http/router.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "services/session_service.h"

namespace leerrecht::http {

// POST /api/v1/verzuimmeldingen/import: the body is the CSV file (Content-Type text/csv, format
// docs/formats/duo-import.md, at most the server's body limit); 200 with the import report.
// GET /api/v1/jongeren/{id}/verzuimmeldingen: the youth's meldingen, oldest first.
// Both need a logged-in user; the matrix decides (docs/api.md).
void AddImportRoutes(Router& router, services::SessionService& sessions, services::DataFolder& folder,
                     const services::MatrixStore& matrices, const Clock& clock);

}  // namespace leerrecht::http
