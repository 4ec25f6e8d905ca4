// The door in the fence for disclosure outside the agreements (SPEC ): only on a separate, compatible basis.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "services/actor.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "store/repositories/separate_basis_repository.h"

namespace leerrecht::services {

struct BasisView {
  store::SeparateBasis basis;
  std::string recorded_by;  // display name
};

struct ExceptionalDraft {
  std::int64_t case_id = 0;
  std::int64_t basis_id = 0;          // 0: none chosen
  std::string recipient;              // named when no basis is chosen, for the refusal and its log
  std::vector<std::string> fields;    // field ids
};

struct ExceptionalDisclosure {
  std::int64_t id = 0;
  std::string recipient_name;
  std::vector<std::pair<std::string, std::string>> sent;  // field id, value: what the sender hands over
  std::vector<std::pair<std::string, std::string>> refused;  // field id, why
};

class ExceptionalDisclosureService {
 public:
  ExceptionalDisclosureService(DataFolder& folder, const MatrixStore& matrices, const Clock& clock)
      : folder_(folder), matrices_(matrices), clock_(clock) {}

  // The legal adviser records a basis (`beheren`). Police-data and special-category fields are
  // refused: the first go only under an art. 20 Wpg decision, the second need the recipient's own
  // explicit basis under an agreement.
  Result<BasisView> RecordBasis(const Actor& actor, store::SeparateBasis basis);
  Result<BasisView> EndBasis(const Actor& actor, std::int64_t id);
  Result<std::vector<BasisView>> Bases(const Actor& actor);

  // Discloses from a case of the actor's caseload on a recorded basis in force. Refused, and the
  // refusal logged about the youth, when the case holds police data ("alleen onder een art. 20
  // Wpg-besluit") or no basis is recorded ("geen doelbinding onder AVG"). Only the fields the basis
  // covers and that have a value go; the disclosure is in the case's and the party's register.
  Result<ExceptionalDisclosure> Disclose(const Actor& actor, const ExceptionalDraft& draft);

 private:
  Result<BasisView> ViewOf(store::Transaction& tx, const Actor& actor, store::SeparateBasis basis);
  DataFolder& folder_;
  const MatrixStore& matrices_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
