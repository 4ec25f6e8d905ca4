// Users (medewerkers) of a party with their roles; every read or write of their data is logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "audit/processing_log.h"
#include "core/clock.h"
#include "crypto/key_ring.h"
#include "store/database.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

struct User {
  std::int64_t id = 0;
  std::string party;
  std::string username;
  std::string display_name;
  std::string password_hash;  // Argon2id string (crypto::HashPassword)
  bool must_change_password = false;
  bool active = true;
  std::vector<std::string> roles;  // sorted
  std::string created_at;
  bool totp_active = false;  // a confirmed TOTP second factor: login asks for a code
};

// The TOTP second factor of a user (crypto/totp.h). The secret is stored encrypted, bound to the
// user's party and id, so it cannot be copied to another account.
struct TotpState {
  std::optional<std::string> secret;      // binary; none when never enrolled or switched off
  bool confirmed = false;                 // only a confirmed secret is asked for at login
  std::optional<std::int64_t> last_step;  // the last accepted time step: the replay guard
};

struct NewUser {
  std::string username;  // unique across all parties: login happens before the party is known
  std::string display_name;
  // Hash with crypto::HashPassword before beginning the write transaction: Argon2id takes about
  // 0.1 s and would hold the writer lock that long. Anything but an Argon2id string is refused,
  // so a plain password can never be stored by mistake.
  std::string password_hash;
  bool must_change_password = true;
  std::vector<std::string> roles;
};

// Log entries use subject_type "medewerker", subject Pseudonym(id), and these field ids.
inline constexpr std::string_view kUserFieldUsername = "gebruikersnaam";
inline constexpr std::string_view kUserFieldName = "naam";
inline constexpr std::string_view kUserFieldRoles = "rollen";
inline constexpr std::string_view kUserFieldPassword = "wachtwoord";
inline constexpr std::string_view kUserFieldActive = "actief";
inline constexpr std::string_view kUserFieldSecondFactor = "tweede-factor";

// The log pseudonym of user `id`, for every repository that logs about a medewerker.
inline std::string UserPseudonym(const crypto::KeyRing& keys, std::int64_t id) {
  return keys.SubjectPseudonym("user:" + std::to_string(id));
}

class UserRepository {
 public:
  UserRepository(const crypto::KeyRing& keys, audit::ProcessingLog& log, const Clock& clock)
      : keys_(keys), log_(log), clock_(clock) {}

  // A user of ctx.party. kConflict when the username is taken (in any party); kInvalidInput for an
  // empty or blank-containing username, an empty display name, a malformed role or a hash that
  // is not Argon2id.
  Result<std::int64_t> Create(Transaction& tx, const AccessContext& ctx, const NewUser& user);
  // kNotFound when the user is not in ctx.party.
  Result<User> Get(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  Result<std::optional<User>> FindByUsername(Transaction& tx, const AccessContext& ctx, std::string_view username);
  // The one lookup across parties: at login the party is not known yet. ctx.party is ignored; the
  // entry is logged under the user's own party. Inactive users are returned too, so the caller
  // can tell "gedeactiveerd" apart; it must refuse them.
  Result<std::optional<User>> FindForLogin(Transaction& tx, const AccessContext& ctx, std::string_view username);
  // Every user of ctx.party, ordered by username; one log entry per user.
  Result<std::vector<User>> List(Transaction& tx, const AccessContext& ctx);

  // Adding a role the user has, or removing one the user lacks, is a no-op (nothing logged).
  Status AddRole(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::string_view role);
  Status RemoveRole(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::string_view role);
  Status SetPasswordHash(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::string_view password_hash,
                         bool must_change_password);
  // Users are deactivated, never deleted: log entries and designations keep pointing at them.
  // Deactivating ends the user's designations in effect (SPEC Q-10: a designation ends when
  // the person leaves), through DesignationRepository's activity check on users.active.
  Status Deactivate(Transaction& tx, const AccessContext& ctx, std::int64_t id);

  // The second factor. kNotFound when the user is not in ctx.party. Checking a code and
  // recording its step belong in one write transaction, so two uses of one code cannot both
  // pass (the database has one writer at a time).
  Result<TotpState> GetTotp(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  // Stores a new secret, not yet confirmed; replaces an unconfirmed one.
  Status SetTotpSecret(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::string_view secret);
  // Activates the stored secret; `step` is the step of the code that proved the phone has it.
  Status ConfirmTotp(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::int64_t step);
  // Records the step of a code accepted at login or for switching the factor off.
  Status AcceptTotpStep(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::int64_t step);
  // Removes secret, confirmation and replay guard.
  Status ClearTotp(Transaction& tx, const AccessContext& ctx, std::int64_t id);

  [[nodiscard]] std::string Pseudonym(std::int64_t id) const { return UserPseudonym(keys_, id); }

 private:
  Result<User> Load(Transaction& tx, const Row& row);
  Status Log(Transaction& tx, const AccessContext& ctx, std::string_view party, std::string activity, std::int64_t id,
             std::vector<std::string> fields);
  Status RequireInParty(Transaction& tx, const AccessContext& ctx, std::int64_t id);

  const crypto::KeyRing& keys_;
  audit::ProcessingLog& log_;
  const Clock& clock_;
};

}  // namespace leerrecht::store
