#include "store/repositories/api_token_repository.h"

#include "store/repositories/repository_support.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::store {

namespace {

constexpr std::string_view kInsertToken =
    "INSERT INTO api_tokens (party_id, user_id, name, token_hash, created_at, expires_at) VALUES (?, ?, ?, ?, ?, ?)";
constexpr std::string_view kSelectUserInParty = "SELECT 1 FROM users WHERE id = ? AND party_id = ?";
constexpr std::string_view kSelectTokensOfUser =
    "SELECT id, party_id, user_id, name, created_at, expires_at, revoked_at, last_used_at "
    "FROM api_tokens WHERE user_id = ? AND party_id = ? ORDER BY id DESC";
constexpr std::string_view kSelectTokenOfUser =
    "SELECT revoked_at FROM api_tokens WHERE id = ? AND user_id = ? AND party_id = ?";
constexpr std::string_view kRevokeToken =
    "UPDATE api_tokens SET revoked_at = ? WHERE id = ? AND user_id = ? AND party_id = ? AND revoked_at IS NULL";
constexpr std::string_view kSelectTokenByHash =
    "SELECT t.id, t.party_id, t.user_id, t.name, t.created_at, t.expires_at, t.revoked_at, t.last_used_at, "
    "u.username, u.display_name, u.active, u.must_change_password, u.totp_confirmed "
    "FROM api_tokens t JOIN users u ON u.id = t.user_id AND u.party_id = t.party_id WHERE t.token_hash = ?";
constexpr std::string_view kSelectRoles = "SELECT role FROM user_roles WHERE user_id = ? ORDER BY role";
constexpr std::string_view kTouchToken = "UPDATE api_tokens SET last_used_at = ? WHERE id = ? AND party_id = ?";
// The blind-index context of token hashes; part of the stored data, never to change.
constexpr std::string_view kHashContext = "api-token";
constexpr std::size_t kMaxNameBytes = 100;

ApiToken TokenFrom(const Row& row) {
  ApiToken t;
  t.id = row.Int(0);
  t.party = row.Text(1);
  t.user_id = row.Int(2);
  t.name = row.Text(3);
  t.created_at = row.Text(4);
  t.expires_at = internal::TextOrNone(row, 5);
  t.revoked_at = internal::TextOrNone(row, 6);
  t.last_used_at = internal::TextOrNone(row, 7);
  return t;
}

Status CheckName(std::string_view name) {
  if (name.empty() || name.size() > kMaxNameBytes)
    return Status::InvalidInput("naam van het token moet 1 tot 100 tekens hebben");
  for (unsigned char c : name) {
    if (c < 0x20 || c == 0x7f) return Status::InvalidInput("naam van het token bevat een stuurteken");
  }
  return Status::Ok();
}

}  // namespace

std::string ApiTokenRepository::HashOf(std::string_view token) const { return keys_.BlindIndex(kHashContext, token); }

Status ApiTokenRepository::Log(Transaction& tx, const AccessContext& ctx, std::string activity, std::int64_t user_id) {
  return log_.Append(tx, internal::EntryFor(ctx, std::move(activity), UserPseudonym(keys_, user_id),
                                            {std::string(kUserFieldApiToken)}, "medewerker"));
}

Result<std::int64_t> ApiTokenRepository::Create(Transaction& tx, const AccessContext& ctx, std::int64_t user_id,
                                                std::string_view name, std::string_view token_hash,
                                                const std::optional<std::string>& expires_at) {
  if (Status s = CheckName(name); !s.ok()) return s;
  if (token_hash.empty()) return Status::InvalidInput("token zonder hash");
  auto user = tx.Query(kSelectUserInParty, {user_id, ctx.party});
  if (!user.ok()) return user.status();
  if (user->empty()) return Status::NotFound("gebruiker niet gevonden");
  if (Status s = tx.Execute(kInsertToken, {ctx.party, user_id, std::string(name), std::string(token_hash),
                                           internal::NowUtc(clock_), internal::OrNull(expires_at)});
      !s.ok()) {
    return s;
  }
  const std::int64_t id = tx.LastInsertId();
  if (Status l = Log(tx, ctx, "medewerker.api-token-aanmaken", user_id); !l.ok()) return l;
  return id;
}

Result<std::vector<ApiToken>> ApiTokenRepository::ListForUser(Transaction& tx, const AccessContext& ctx,
                                                              std::int64_t user_id) {
  auto user = tx.Query(kSelectUserInParty, {user_id, ctx.party});
  if (!user.ok()) return user.status();
  if (user->empty()) return Status::NotFound("gebruiker niet gevonden");
  auto rows = tx.Query(kSelectTokensOfUser, {user_id, ctx.party});
  if (!rows.ok()) return rows.status();
  std::vector<ApiToken> tokens;
  tokens.reserve(rows->size());
  for (const Row& row : *rows) tokens.push_back(TokenFrom(row));
  if (Status l = Log(tx, ctx, "medewerker.api-tokens-lezen", user_id); !l.ok()) return l;
  return tokens;
}

Status ApiTokenRepository::Revoke(Transaction& tx, const AccessContext& ctx, std::int64_t user_id, std::int64_t id) {
  auto rows = tx.Query(kSelectTokenOfUser, {id, user_id, ctx.party});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return Status::NotFound("token niet gevonden");
  if (!rows->front().IsNull(0)) return Status::Ok();
  if (Status s = tx.Execute(kRevokeToken, {internal::NowUtc(clock_), id, user_id, ctx.party}); !s.ok()) return s;
  return Log(tx, ctx, "medewerker.api-token-intrekken", user_id);
}

Result<std::optional<ApiTokenHolder>> ApiTokenRepository::FindByHash(Transaction& tx, std::string_view token_hash) {
  auto rows = tx.Query(kSelectTokenByHash, {std::string(token_hash)});
  if (!rows.ok()) return rows.status();
  if (rows->empty()) return std::optional<ApiTokenHolder>{};
  const Row& row = rows->front();
  ApiTokenHolder holder;
  holder.token = TokenFrom(row);
  holder.username = row.Text(8);
  holder.display_name = row.Text(9);
  holder.user_active = row.Int(10) != 0;
  holder.must_change_password = row.Int(11) != 0;
  holder.totp_active = row.Int(12) != 0;
  auto roles = tx.Query(kSelectRoles, {holder.token.user_id});
  if (!roles.ok()) return roles.status();
  for (const Row& r : *roles) holder.roles.push_back(r.Text(0));
  return std::optional<ApiTokenHolder>{std::move(holder)};
}

Status ApiTokenRepository::RecordUse(Transaction& tx, const AccessContext& ctx, std::int64_t user_id, std::int64_t id) {
  if (Status s = tx.Execute(kTouchToken, {internal::NowUtc(clock_), id, ctx.party}); !s.ok()) return s;
  return Log(tx, ctx, "medewerker.api-token-gebruiken", user_id);
}

}  // namespace leerrecht::store
