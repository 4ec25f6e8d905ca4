// The door in the fence (SPEC ): request, approve and list break-glass access to a case.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/clock.h"
#include "services/actor.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "store/repositories/break_glass_repository.h"

namespace leerrecht::services {

struct BreakGlassRequest {
  std::int64_t case_id = 0;
  std::string reason;
  std::string legal_ground;
  std::string scope = "avg";  // "avg" | "alles"
  int days = 0;               // 0: the matrix's maximum
};

struct BreakGlassView {
  store::BreakGlass grant;
  std::string requester;  // display name
  bool active_now = false;
};

class BreakGlassService {
 public:
  BreakGlassService(DataFolder& folder, const MatrixStore& matrices, const Clock& clock)
      : folder_(folder), matrices_(matrices), clock_(clock) {}

  // Records the request. It takes effect at once unless the requester's role needs approval
  // (the matrix's [break_glass] table). Police data (scope "alles") only for roles that hold
  // police data (wpg_roles): others need an art. 20 Wpg decision naming them (SPEC R-07), which
  // is the disclosure route, not this door.
  Result<BreakGlassView> Request(const Actor& actor, const BreakGlassRequest& request);
  // Approve or reject a waiting request (a role that may `beheren` `break-glass`).
  Result<BreakGlassView> Decide(const Actor& actor, std::int64_t id, bool approve);
  // The privacy officer's list (everyone who may `lezen` `break-glass`: all requests of the
  // party, newest first); anyone else sees his own requests.
  Result<std::vector<BreakGlassView>> List(const Actor& actor);

 private:
  Result<BreakGlassView> ViewOf(store::Transaction& tx, const store::AccessContext& ctx, store::BreakGlass grant);
  DataFolder& folder_;
  const MatrixStore& matrices_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
