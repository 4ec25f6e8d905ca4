// Exceptions to the secrecy of OM data (art. 52 lid 1 Wjsg, SPEC W-23, Q-08): the LPA asks, a second officer approves.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "services/actor.h"
#include "services/agreement_registry.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "store/repositories/om_exception_repository.h"

namespace leerrecht::services {

struct OmExceptionRequest {
  std::int64_t case_id = 0;
  std::string recipient_party;
  std::string agreement_id;  // the art. 20 Wpg decision the disclosure goes under
  std::string purpose;
  std::string ground;        // store::kOmGroundStatute | store::kOmGroundTask
  std::string explanation;   // the provision, or why the task requires it
};

struct OmExceptionView {
  store::OmException exception;
  std::string requester;  // display names
  std::string decider;    // "" while waiting
  bool may_decide = false;  // the viewer may approve or reject it now (not his own, still waiting)
};

class OmExceptionService {
 public:
  OmExceptionService(DataFolder& folder, const MatrixStore& matrices, const AgreementRegistry& agreements,
                     const Clock& clock)
      : folder_(folder), matrices_(matrices), agreements_(agreements), clock_(clock) {}

  // Records the request for a case of the actor's caseload. Only on the art. 20 route: a covenant
  // never carries police data, so an exception would open nothing (SPEC C-31). The recipient must
  // be a party to the decision and the purpose one of its purposes.
  Result<OmExceptionView> Request(const Actor& actor, const OmExceptionRequest& request);
  // Approve or reject a waiting request (a role that may `beheren` `om-uitzondering`), never
  // one's own (four eyes). Logged with the decider as actor and the ground as legal basis.
  Result<OmExceptionView> Decide(const Actor& actor, std::int64_t id, bool approve);
  // Everything of the party for a role that may read or judge them (the FG, the team leader);
  // the requester's own otherwise.
  Result<std::vector<OmExceptionView>> List(const Actor& actor);

 private:
  Result<OmExceptionView> ViewOf(store::Transaction& tx, const store::AccessContext& ctx, const Actor& actor,
                                 store::OmException exception, bool may_judge);
  DataFolder& folder_;
  const MatrixStore& matrices_;
  const AgreementRegistry& agreements_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
