// The authorisation matrix in force: loaded at start, replaced only by a change the controller may make (SPEC R-06).
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/clock.h"
#include "policy/authorization.h"
#include "services/actor.h"
#include "services/data_folder.h"

namespace leerrecht::services {

struct MatrixChange {
  int from_version = 0;
  int to_version = 0;
};

class MatrixStore {
 public:
  // Starts from `fallback` unless the folder holds a matrix put in force earlier (the highest
  // version wins); kInternal when that stored matrix no longer loads.
  static Result<std::unique_ptr<MatrixStore>> Open(DataFolder& folder, const policy::AuthorizationMatrix& fallback,
                                                   const Clock& clock);

  // The matrix for one request: callers keep the pointer for the whole request, so a change in
  // the middle of it cannot mix two versions.
  [[nodiscard]] std::shared_ptr<const policy::AuthorizationMatrix> Current() const;

  // Puts a new matrix (TOML text) in force for every party of this server. The actor needs
  // `beheren` on `matrix`; policy::CheckChange then decides with the role that allowed it — so a
  // beheerder who may prepare matrices still cannot give himself police data, and only the
  // controller approves access to police data. kInvalidInput lists TOML problems by line;
  // kRefused lists the violations. Accepted and refused changes are both logged.
  Result<MatrixChange> Apply(const Actor& actor, const std::string& toml);

 private:
  MatrixStore(DataFolder& folder, const Clock& clock) : folder_(folder), clock_(clock) {}
  Status LogChange(const Actor& actor, int version, bool accepted);

  DataFolder& folder_;
  const Clock& clock_;
  // Apply() holds apply_mutex_ across its database commit; readers take only mutex_, briefly. A
  // commit can wait for another request's transaction (group commit), which may need Current().
  std::mutex apply_mutex_;
  mutable std::mutex mutex_;
  std::shared_ptr<const policy::AuthorizationMatrix> current_;  // guarded by mutex_
};

}  // namespace leerrecht::services
