// Party management behind the matrix: user accounts, designations (SPEC W-09, W-10, Q-10) and the matrix as a table.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "services/actor.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "store/repositories/designation_repository.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::services {

struct NewAccount {
  std::string username;
  std::string display_name;
  std::vector<std::string> roles;
};

struct CreatedAccount {
  std::int64_t id = 0;
  std::string one_time_password;  // shown once to the administrator
};

struct NewDesignation {
  std::string agreement_id;
  std::optional<std::int64_t> user_id;  // a person, or
  std::optional<std::string> role;      // everyone of the party with this role
  std::optional<std::string> on;        // YYYY-MM-DD; today when absent
};

struct DesignationView {
  store::Designation designation;
  std::string state;  // store::DesignationStateName on today
};

class AdminService {
 public:
  AdminService(DataFolder& folder, const MatrixStore& matrices, const Clock& clock)
      : folder_(folder), matrices_(matrices), clock_(clock) {}

  // Roles must be roles the matrix knows. Separation of duties (SPEC R-06): nobody changes his own
  // roles, and only the controller gives the controller's role.
  Result<CreatedAccount> CreateUser(const Actor& actor, const NewAccount& account);
  Result<std::vector<store::User>> ListUsers(const Actor& actor);
  // Ends the user's sessions' effect through Authenticate's activity check and his designations.
  Status DeactivateUser(const Actor& actor, std::int64_t user_id);

  Result<std::int64_t> Designate(const Actor& actor, const NewDesignation& designation);
  Result<std::vector<DesignationView>> ListDesignations(const Actor& actor, const std::string& agreement_id);
  Status Reconfirm(const Actor& actor, std::int64_t id);
  Status EndDesignation(const Actor& actor, std::int64_t id);

  // The matrix as the admin screen shows it (DESIGN.md §9).
  Result<std::vector<policy::MatrixRow>> MatrixRows(const Actor& actor) const;

 private:
  Status Require(const Actor& actor, policy::Action action, policy::Resource resource) const;
  bool IsKnownRole(std::string_view role) const;

  DataFolder& folder_;
  const MatrixStore& matrices_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
