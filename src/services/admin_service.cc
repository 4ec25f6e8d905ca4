#include "services/admin_service.h"

#include <algorithm>

#include "crypto/password.h"

namespace leerrecht::services {

namespace {

using policy::Action;
using policy::Resource;

}  // namespace

Status AdminService::Require(const Actor& actor, Action action, Resource resource) const {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix_ptr = matrices_.Current();
  const policy::AuthorizationMatrix& matrix_ = *matrix_ptr;
  policy::AccessFacts facts;
  facts.same_party = true;
  AccessDecision d = Authorize(matrix_, actor, action, resource, facts);
  return d.allowed ? Status::Ok() : Denied(d);
}

bool AdminService::IsKnownRole(std::string_view role) const {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix_ptr = matrices_.Current();
  const policy::AuthorizationMatrix& matrix_ = *matrix_ptr;
  for (std::string_view r : policy::StandardRoles()) {
    if (r == role) return true;
  }
  for (const policy::AuthorizationRule& rule : matrix_.rules()) {
    if (rule.role == role) return true;
  }
  return false;
}

Result<CreatedAccount> AdminService::CreateUser(const Actor& actor, const NewAccount& account) {
  if (Status s = Require(actor, Action::kBeheren, Resource::kGebruiker); !s.ok()) return s;
  if (account.roles.empty()) return Status::InvalidInput("rollen: geef minstens één rol");
  for (const std::string& role : account.roles) {
    if (!IsKnownRole(role)) return Status::InvalidInput("rollen: onbekende rol \"" + role + "\"");
    if (role == policy::kControllerRole &&
        std::find(actor.roles.begin(), actor.roles.end(), policy::kControllerRole) == actor.roles.end()) {
      return Status::Refused("alleen de verwerkingsverantwoordelijke kent die rol toe (scheiding van functies)");
    }
  }
  CreatedAccount out;
  out.one_time_password = crypto::GenerateOneTimePassword();
  // Argon2id before the write transaction: it takes a tenth of a second on purpose.
  auto hash = crypto::HashPassword(out.one_time_password);
  if (!hash.ok()) return hash.status();
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  store::NewUser user;
  user.username = account.username;
  user.display_name = account.display_name;
  user.password_hash = *hash;
  user.must_change_password = true;
  user.roles = account.roles;
  auto id = users.Create(**tx, ContextFor(actor, AccessManagement()), user);
  if (!id.ok()) return id.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  out.id = *id;
  return out;
}

Result<std::vector<store::User>> AdminService::ListUsers(const Actor& actor) {
  if (Status s = Require(actor, Action::kBeheren, Resource::kGebruiker); !s.ok()) return s;
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  auto list = users.List(**tx, ContextFor(actor, AccessManagement()));
  if (!list.ok()) return list.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  for (store::User& u : *list) u.password_hash.clear();  // never leaves the service
  return list;
}

Status AdminService::DeactivateUser(const Actor& actor, std::int64_t user_id) {
  if (Status s = Require(actor, Action::kBeheren, Resource::kGebruiker); !s.ok()) return s;
  if (user_id == actor.user_id) return Status::Refused("u kunt uw eigen account niet deactiveren");
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  if (Status s = users.Deactivate(**tx, ContextFor(actor, AccessManagement()), user_id); !s.ok()) return s;
  return (*tx)->Commit();
}

Result<std::int64_t> AdminService::Designate(const Actor& actor, const NewDesignation& d) {
  if (Status s = Require(actor, Action::kBeheren, Resource::kAanwijzing); !s.ok()) return s;
  if (d.agreement_id.empty()) return Status::InvalidInput("overeenkomst ontbreekt");
  if (d.user_id.has_value() == d.role.has_value()) {
    return Status::InvalidInput("geef een medewerker of een rol, niet allebei");
  }
  Date on = clock_.Today();
  if (d.on) {
    auto parsed = Date::Parse(*d.on);
    if (!parsed.ok()) return Status::InvalidInput("datum: verwacht JJJJ-MM-DD");
    on = *parsed;
  }
  if (d.role && !IsKnownRole(*d.role)) return Status::InvalidInput("rol: onbekende rol \"" + *d.role + "\"");
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::DesignationRepository repo(folder_.keys(), folder_.log());
  store::Designation designation;
  designation.agreement_id = d.agreement_id;
  designation.user_id = d.user_id;
  designation.role = d.role;
  designation.designated_by = actor.display_name.empty() ? actor.username : actor.display_name;
  designation.designated_on = on;
  auto id = repo.Record(**tx, ContextFor(actor, AccessManagement()), designation);
  if (!id.ok()) return id.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return *id;
}

Result<std::vector<DesignationView>> AdminService::ListDesignations(const Actor& actor,
                                                                    const std::string& agreement_id) {
  if (Status s = Require(actor, Action::kBeheren, Resource::kAanwijzing); !s.ok()) return s;
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::DesignationRepository repo(folder_.keys(), folder_.log());
  auto list = repo.ListForAgreement(**tx, ContextFor(actor, AccessManagement()), agreement_id);
  if (!list.ok()) return list.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  std::vector<DesignationView> out;
  for (store::Designation& d : *list) {
    const std::string state(store::DesignationStateName(d.StateOn(clock_.Today())));
    out.push_back({std::move(d), state});
  }
  return out;
}

Status AdminService::Reconfirm(const Actor& actor, std::int64_t id) {
  if (Status s = Require(actor, Action::kBeheren, Resource::kAanwijzing); !s.ok()) return s;
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::DesignationRepository repo(folder_.keys(), folder_.log());
  if (Status s = repo.Reconfirm(**tx, ContextFor(actor, AccessManagement()), id, clock_.Today()); !s.ok()) return s;
  return (*tx)->Commit();
}

Status AdminService::EndDesignation(const Actor& actor, std::int64_t id) {
  if (Status s = Require(actor, Action::kBeheren, Resource::kAanwijzing); !s.ok()) return s;
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::DesignationRepository repo(folder_.keys(), folder_.log());
  if (Status s = repo.End(**tx, ContextFor(actor, AccessManagement()), id, clock_.Today()); !s.ok()) return s;
  return (*tx)->Commit();
}

Result<std::vector<policy::MatrixRow>> AdminService::MatrixRows(const Actor& actor) const {
  const std::shared_ptr<const policy::AuthorizationMatrix> matrix_ptr = matrices_.Current();
  const policy::AuthorizationMatrix& matrix_ = *matrix_ptr;
  if (Status s = Require(actor, Action::kLezen, Resource::kMatrix); !s.ok()) return s;
  return matrix_.Rows();
}

}  // namespace leerrecht::services
