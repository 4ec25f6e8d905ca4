// API tokens of medewerkers for system-to-system use: only a keyed hash of each token is stored.
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

struct ApiToken {
  std::int64_t id = 0;
  std::string party;
  std::int64_t user_id = 0;
  std::string name;
  std::string created_at;  // timestamps as core/timestamp.h writes them
  std::optional<std::string> expires_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_used_at;
};

// A token found by its hash, with what a request needs to know about its user at this moment.
struct ApiTokenHolder {
  ApiToken token;
  std::string username;
  std::string display_name;
  bool user_active = false;
  bool must_change_password = false;
  bool totp_active = false;
  std::vector<std::string> roles;  // sorted
};

// Log entries are about the medewerker who owns the token (subject UserPseudonym), field:
inline constexpr std::string_view kUserFieldApiToken = "api-token";

class ApiTokenRepository {
 public:
  ApiTokenRepository(const crypto::KeyRing& keys, audit::ProcessingLog& log, const Clock& clock)
      : keys_(keys), log_(log), clock_(clock) {}

  // The stored form of a token: a keyed BLAKE2b (KeyRing::BlindIndex), so a copy of the database
  // alone does not even allow checking a guessed token. The token itself is never stored.
  [[nodiscard]] std::string HashOf(std::string_view token) const;

  // A token of user `user_id` in ctx.party. kNotFound when the user is not in ctx.party;
  // kInvalidInput for an empty name.
  Result<std::int64_t> Create(Transaction& tx, const AccessContext& ctx, std::int64_t user_id, std::string_view name,
                              std::string_view token_hash, const std::optional<std::string>& expires_at);
  // Every token of the user, newest first, revoked and expired ones included; one log entry.
  Result<std::vector<ApiToken>> ListForUser(Transaction& tx, const AccessContext& ctx, std::int64_t user_id);
  // kNotFound unless token `id` belongs to `user_id` in ctx.party (someone else's token is as
  // invisible as a missing one). Revoking a revoked token changes and logs nothing.
  Status Revoke(Transaction& tx, const AccessContext& ctx, std::int64_t user_id, std::int64_t id);

  // The token with this hash, across parties: the party is not known before the token is.
  // Logs nothing, because it runs on every request that carries a token; the caller records
  // the use with RecordUse, at most once a minute per token, as a login is recorded once per
  // session rather than once per request.
  Result<std::optional<ApiTokenHolder>> FindByHash(Transaction& tx, std::string_view token_hash);
  // Sets last_used_at and logs the use under the token's party (ctx.party).
  Status RecordUse(Transaction& tx, const AccessContext& ctx, std::int64_t user_id, std::int64_t id);

 private:
  Status Log(Transaction& tx, const AccessContext& ctx, std::string activity, std::int64_t user_id);

  const crypto::KeyRing& keys_;
  audit::ProcessingLog& log_;
  const Clock& clock_;
};

}  // namespace leerrecht::store
