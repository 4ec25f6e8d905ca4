#include "store/repositories/user_repository.h"

#include <algorithm>

#include "core/id.h"
#include "store/repositories/repository_support.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kInsertUser =
    "INSERT INTO users (party_id, username, display_name, password_hash, must_change_password, active, created_at) "
    "VALUES (?, ?, ?, ?, ?, 1, ?)";
constexpr std::string_view kInsertRole = "INSERT INTO user_roles (user_id, role) VALUES (?, ?)";
constexpr std::string_view kDeleteRole = "DELETE FROM user_roles WHERE user_id = ? AND role = ?";
constexpr std::string_view kSelectHasRole = "SELECT 1 FROM user_roles WHERE user_id = ? AND role = ?";
constexpr std::string_view kSelectRoles = "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role";
constexpr std::string_view kSelectUserById =
    "SELECT id, party_id, username, display_name, password_hash, must_change_password, active, created_at, "
    "totp_confirmed "
    "FROM users WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectUserByUsername =
    "SELECT id, party_id, username, display_name, password_hash, must_change_password, active, created_at, "
    "totp_confirmed "
    "FROM users WHERE username = ? AND party_id = ?";
constexpr std::string_view kSelectUserForLogin =
    "SELECT id, party_id, username, display_name, password_hash, must_change_password, active, created_at, "
    "totp_confirmed "
    "FROM users WHERE username = ?";
constexpr std::string_view kSelectUsersOfParty =
    "SELECT id, party_id, username, display_name, password_hash, must_change_password, active, created_at, "
    "totp_confirmed "
    "FROM users WHERE party_id = ? ORDER BY username";
constexpr std::string_view kSelectUserInParty = "SELECT 1 FROM users WHERE id = ? AND party_id = ?";
constexpr std::string_view kUpdatePassword =
    "UPDATE users SET password_hash = ?, must_change_password = ? WHERE id = ? AND party_id = ?";
constexpr std::string_view kDeactivate = "UPDATE users SET active = 0 WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectTotp =
    "SELECT totp_secret_enc, totp_confirmed, totp_last_step FROM users WHERE id = ? AND party_id = ?";
constexpr std::string_view kUpdateTotpSecret =
    "UPDATE users SET totp_secret_enc = ?, totp_confirmed = 0, totp_last_step = NULL WHERE id = ? AND party_id = ?";
constexpr std::string_view kConfirmTotp =
    "UPDATE users SET totp_confirmed = 1, totp_last_step = ? WHERE id = ? AND party_id = ?";
constexpr std::string_view kUpdateTotpStep = "UPDATE users SET totp_last_step = ? WHERE id = ? AND party_id = ?";
constexpr std::string_view kClearTotp =
    "UPDATE users SET totp_secret_enc = NULL, totp_confirmed = 0, totp_last_step = NULL WHERE id = ? AND party_id = ?";
constexpr std::string_view kArgon2idPrefix = "$argon2id$";
constexpr std::size_t kMaxUsernameBytes = 128;

std::vector<std::string> AllFields() {
  return {std::string(kUserFieldUsername), std::string(kUserFieldName),   std::string(kUserFieldRoles),
          std::string(kUserFieldPassword), std::string(kUserFieldActive), std::string(kUserFieldSecondFactor)};
}

Status CheckUsername(std::string_view username) {
  if (username.empty() || username.size() > kMaxUsernameBytes) {
    return Status::InvalidInput("gebruikersnaam moet 1 tot 128 tekens hebben");
  }
  // Blanks and control characters make names that look alike on screen but differ at login.
  for (unsigned char c : username) {
    if (c <= 0x20 || c == 0x7f) return Status::InvalidInput("gebruikersnaam bevat een spatie of stuurteken");
  }
  return Status::Ok();
}

Status CheckPasswordHash(std::string_view hash) {
  if (!hash.starts_with(kArgon2idPrefix)) {
    return Status::InvalidInput("wachtwoord moet als Argon2id-hash worden aangeleverd (crypto::HashPassword)");
  }
  return Status::Ok();
}

// Binds the secret to its user: a ciphertext copied to another row will not decrypt.
std::string TotpAd(std::string_view party, std::int64_t id) {
  return internal::Ad("users.totp_secret", party) + ":" + std::to_string(id);
}

Status CheckRole(std::string_view role) {
  if (!IsValidSlug(role)) return Status::InvalidInput("ongeldige rol \"" + std::string(role) + "\"");
  return Status::Ok();
}

}  // namespace

Status UserRepository::Log(Transaction& tx, const AccessContext& ctx, std::string_view party, std::string activity,
                           std::int64_t id, std::vector<std::string> fields) {
  audit::LogEntry e = internal::EntryFor(ctx, std::move(activity), Pseudonym(id), std::move(fields), "medewerker");
  e.party = std::string(party);
  return log_.Append(tx, e);
}

Status UserRepository::RequireInParty(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto rows = tx.Query(kSelectUserInParty, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("gebruiker niet gevonden");
  return Status::Ok();
}

Result<User> UserRepository::Load(Transaction& tx, const Row& row) {
  User u;
  u.id = row.Int(0);
  u.party = row.Text(1);
  u.username = row.Text(2);
  u.display_name = row.Text(3);
  u.password_hash = row.Text(4);
  u.must_change_password = row.Int(5) != 0;
  u.active = row.Int(6) != 0;
  u.created_at = row.Text(7);
  u.totp_active = row.Int(8) != 0;
  auto roles = tx.Query(kSelectRoles, {u.id});
  if (!roles.ok()) return roles.status();
  for (const Row& r : *roles) u.roles.push_back(r.Text(0));
  return u;
}

Result<std::int64_t> UserRepository::Create(Transaction& tx, const AccessContext& ctx, const NewUser& user) {
  if (Status s = CheckUsername(user.username); !s.ok()) return s;
  if (user.display_name.empty()) return Status::InvalidInput("gebruiker heeft geen naam");
  if (Status s = CheckPasswordHash(user.password_hash); !s.ok()) return s;
  for (const auto& role : user.roles) {
    if (Status s = CheckRole(role); !s.ok()) return s;
  }
  Status s = tx.Execute(kInsertUser, {ctx.party, user.username, user.display_name, user.password_hash,
                                      std::int64_t{user.must_change_password ? 1 : 0}, internal::NowUtc(clock_)});
  if (s.code() == ErrorCode::kConflict)
    return Status::Conflict("gebruikersnaam " + user.username + " is al in gebruik");
  if (!s.ok()) return s;
  const std::int64_t id = tx.LastInsertId();
  std::vector<std::string> roles = user.roles;
  std::sort(roles.begin(), roles.end());
  roles.erase(std::unique(roles.begin(), roles.end()), roles.end());
  for (const auto& role : roles) {
    if (Status r = tx.Execute(kInsertRole, {id, role}); !r.ok()) return r;
  }
  if (Status l = Log(tx, ctx, ctx.party, "medewerker.registreren", id, AllFields()); !l.ok()) return l;
  return id;
}

Result<User> UserRepository::Get(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto rows = tx.Query(kSelectUserById, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("gebruiker niet gevonden");
  auto user = Load(tx, rows->front());
  if (!user.ok()) return user;
  if (Status l = Log(tx, ctx, ctx.party, "medewerker.lezen", user->id, AllFields()); !l.ok()) return l;
  return user;
}

Result<std::optional<User>> UserRepository::FindByUsername(Transaction& tx, const AccessContext& ctx,
                                                           std::string_view username) {
  auto rows = tx.Query(kSelectUserByUsername, {std::string(username), ctx.party});
  if (!rows.ok()) return rows.status();
  // Without a match there is no data subject to log against.
  if (rows->empty()) return std::optional<User>{};
  auto user = Load(tx, rows->front());
  if (!user.ok()) return user.status();
  if (Status l = Log(tx, ctx, ctx.party, "medewerker.lezen", user->id, AllFields()); !l.ok()) return l;
  return std::optional<User>{std::move(*user)};
}

Result<std::optional<User>> UserRepository::FindForLogin(Transaction& tx, const AccessContext& ctx,
                                                         std::string_view username) {
  auto rows = tx.Query(kSelectUserForLogin, {std::string(username)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<User>{};
  auto user = Load(tx, rows->front());
  if (!user.ok()) return user.status();
  if (Status l = Log(tx, ctx, user->party, "medewerker.inloggen", user->id,
                     {std::string(kUserFieldUsername), std::string(kUserFieldPassword), std::string(kUserFieldRoles),
                      std::string(kUserFieldActive), std::string(kUserFieldSecondFactor)});
      !l.ok()) {
    return l;
  }
  return std::optional<User>{std::move(*user)};
}

Result<std::vector<User>> UserRepository::List(Transaction& tx, const AccessContext& ctx) {
  auto rows = tx.Query(kSelectUsersOfParty, {ctx.party});
  if (!rows.ok()) return rows.status();
  std::vector<User> users;
  users.reserve(rows->size());
  for (const Row& row : *rows) {
    auto user = Load(tx, row);
    if (!user.ok()) return user.status();
    if (Status l = Log(tx, ctx, ctx.party, "medewerker.lezen", user->id, AllFields()); !l.ok()) return l;
    users.push_back(std::move(*user));
  }
  return users;
}

Status UserRepository::AddRole(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::string_view role) {
  if (Status s = CheckRole(role); !s.ok()) return s;
  if (Status s = RequireInParty(tx, ctx, id); !s.ok()) return s;
  auto has = tx.Query(kSelectHasRole, {id, std::string(role)});
  if (!has.ok()) return has.status();
  if (!has->empty()) return Status::Ok();
  if (Status s = tx.Execute(kInsertRole, {id, std::string(role)}); !s.ok()) return s;
  return Log(tx, ctx, ctx.party, "medewerker.rol-toekennen", id, {std::string(kUserFieldRoles)});
}

Status UserRepository::RemoveRole(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::string_view role) {
  if (Status s = RequireInParty(tx, ctx, id); !s.ok()) return s;
  auto has = tx.Query(kSelectHasRole, {id, std::string(role)});
  if (!has.ok()) return has.status();
  if (has->empty()) return Status::Ok();
  if (Status s = tx.Execute(kDeleteRole, {id, std::string(role)}); !s.ok()) return s;
  return Log(tx, ctx, ctx.party, "medewerker.rol-intrekken", id, {std::string(kUserFieldRoles)});
}

Status UserRepository::SetPasswordHash(Transaction& tx, const AccessContext& ctx, std::int64_t id,
                                       std::string_view password_hash, bool must_change_password) {
  if (Status s = CheckPasswordHash(password_hash); !s.ok()) return s;
  if (Status s = RequireInParty(tx, ctx, id); !s.ok()) return s;
  if (Status s = tx.Execute(kUpdatePassword,
                            {std::string(password_hash), std::int64_t{must_change_password ? 1 : 0}, id, ctx.party});
      !s.ok()) {
    return s;
  }
  return Log(tx, ctx, ctx.party, "medewerker.wachtwoord-wijzigen", id, {std::string(kUserFieldPassword)});
}

Status UserRepository::Deactivate(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  if (Status s = RequireInParty(tx, ctx, id); !s.ok()) return s;
  if (Status s = tx.Execute(kDeactivate, {id, ctx.party}); !s.ok()) return s;
  return Log(tx, ctx, ctx.party, "medewerker.deactiveren", id, {std::string(kUserFieldActive)});
}

Result<TotpState> UserRepository::GetTotp(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  auto rows = tx.Query(kSelectTotp, {id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("gebruiker niet gevonden");
  const Row& row = rows->front();
  TotpState state;
  if (!row.IsNull(0)) {
    auto secret = keys_.Decrypt(row.Text(0), TotpAd(ctx.party, id));
    if (!secret.ok()) return Status::Internal("tweede factor van gebruiker " + std::to_string(id) + " onleesbaar");
    state.secret = std::move(*secret);
  }
  state.confirmed = row.Int(1) != 0;
  state.last_step = internal::IntOrNone(row, 2);
  if (Status l = Log(tx, ctx, ctx.party, "medewerker.tweede-factor-lezen", id, {std::string(kUserFieldSecondFactor)});
      !l.ok()) {
    return l;
  }
  return state;
}

Status UserRepository::SetTotpSecret(Transaction& tx, const AccessContext& ctx, std::int64_t id,
                                     std::string_view secret) {
  if (Status s = RequireInParty(tx, ctx, id); !s.ok()) return s;
  if (Status s = tx.Execute(kUpdateTotpSecret, {Blob{keys_.Encrypt(secret, TotpAd(ctx.party, id))}, id, ctx.party});
      !s.ok()) {
    return s;
  }
  return Log(tx, ctx, ctx.party, "medewerker.tweede-factor-instellen", id, {std::string(kUserFieldSecondFactor)});
}

Status UserRepository::ConfirmTotp(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::int64_t step) {
  if (Status s = RequireInParty(tx, ctx, id); !s.ok()) return s;
  if (Status s = tx.Execute(kConfirmTotp, {step, id, ctx.party}); !s.ok()) return s;
  return Log(tx, ctx, ctx.party, "medewerker.tweede-factor-bevestigen", id, {std::string(kUserFieldSecondFactor)});
}

Status UserRepository::AcceptTotpStep(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::int64_t step) {
  if (Status s = RequireInParty(tx, ctx, id); !s.ok()) return s;
  if (Status s = tx.Execute(kUpdateTotpStep, {step, id, ctx.party}); !s.ok()) return s;
  return Log(tx, ctx, ctx.party, "medewerker.tweede-factor-gebruiken", id, {std::string(kUserFieldSecondFactor)});
}

Status UserRepository::ClearTotp(Transaction& tx, const AccessContext& ctx, std::int64_t id) {
  if (Status s = RequireInParty(tx, ctx, id); !s.ok()) return s;
  if (Status s = tx.Execute(kClearTotp, {id, ctx.party}); !s.ok()) return s;
  return Log(tx, ctx, ctx.party, "medewerker.tweede-factor-uitschakelen", id, {std::string(kUserFieldSecondFactor)});
}

}  // namespace leerrecht::store
