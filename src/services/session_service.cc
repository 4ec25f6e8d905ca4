#include "services/session_service.h"

#include <algorithm>

#include "core/timestamp.h"
#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/password.h"
#include "crypto/totp.h"
#include "store/repositories/api_token_repository.h"
#include "store/repositories/user_repository.h"

namespace leerrecht::services {

namespace {

constexpr std::string_view kWrongCredentials = "gebruikersnaam of wachtwoord onjuist";

store::AccessContext SystemContext(std::string party, std::string purpose) {
  store::AccessContext ctx;
  ctx.party = std::move(party);
  ctx.actor = "system";
  ctx.purpose = std::move(purpose);
  ctx.legal_basis = "AVG art. 32 (beveiliging van de verwerking)";
  ctx.processing_activity_id = "leerrecht:toegangsbeheer";
  ctx.trace = audit::TraceContext::New();
  return ctx;
}

store::AccessContext UserContext(const Session& session, std::string purpose) {
  store::AccessContext ctx = SystemContext(session.party, std::move(purpose));
  ctx.actor = "user:" + std::to_string(session.user_id);
  return ctx;
}

// 32 random bytes in base64url without padding (RFC 4648 §5): safe in a header as it is.
std::string NewApiTokenText() {
  std::string text = crypto::Base64Encode(crypto::RandomBytes(32));
  while (!text.empty() && text.back() == '=') text.pop_back();
  for (char& c : text) {
    if (c == '+') c = '-';
    if (c == '/') c = '_';
  }
  return std::string(kApiTokenPrefix) + text;
}

// Anything not shaped like our tokens is refused before the database is asked.
bool LooksLikeApiToken(std::string_view token) {
  if (!token.starts_with(kApiTokenPrefix) || token.size() != kApiTokenPrefix.size() + 43) return false;
  for (char c : token.substr(kApiTokenPrefix.size())) {
    const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
    if (!ok) return false;
  }
  return true;
}

Status RefuseApiToken(const Session& session) {
  if (session.via_api_token) return Status::Refused("dit kan alleen met een sessie, niet met een API-token");
  return Status::Ok();
}

}  // namespace

bool IsSecondFactorRefusal(const Status& status) {
  return status.code() == ErrorCode::kRefused &&
         (status.message() == kSecondFactorRequired || status.message() == kSecondFactorWrong ||
          status.message() == kSecondFactorReused);
}

std::string SessionService::TokenKey(const std::string& token) {
  const crypto::Hash32 h = crypto::Blake2b256(token);
  return std::string(reinterpret_cast<const char*>(h.data()), h.size());
}

bool SessionService::LockedOut(const std::string& key, int limit, std::chrono::system_clock::time_point now) {
  auto it = failures_.find(key);
  if (it == failures_.end()) return false;
  auto& times = it->second;
  times.erase(std::remove_if(times.begin(), times.end(), [&](auto t) { return now - t > options_.lockout; }),
              times.end());
  return static_cast<int>(times.size()) >= limit;
}

void SessionService::RecordFailure(const std::string& key, std::chrono::system_clock::time_point now) {
  failures_[key].push_back(now);
}

Result<LoginResult> SessionService::Login(const std::string& username, const std::string& password,
                                          const std::string& remote_address, const std::string& totp_code) {
  const auto now = clock_.Now();
  const std::string address_key = "addr:" + remote_address;
  {
    std::lock_guard lock(mutex_);
    if (!remote_address.empty() && LockedOut(address_key, options_.max_failures_per_address, now)) {
      return Status(ErrorCode::kUnavailable, "te veel mislukte pogingen vanaf dit adres; probeer het over " +
                                                 std::to_string(options_.lockout.count()) + " minuten opnieuw");
    }
    if (LockedOut(username, options_.max_failures, now)) {
      return Status(ErrorCode::kUnavailable, "te veel mislukte pogingen: het account is tijdelijk geblokkeerd (" +
                                                 std::to_string(options_.lockout.count()) + " minuten)");
    }
  }
  std::optional<store::User> user;
  {
    store::UserRepository users(folder_.keys(), folder_.log(), clock_);
    auto tx = folder_.db().BeginWrite();
    if (!tx.ok()) return tx.status();
    auto found = users.FindForLogin(**tx, SystemContext("", "inloggen"), username);
    if (!found.ok()) return found.status();
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
    user = std::move(*found);
  }
  // Argon2id runs outside the database lock: it takes a tenth of a second on purpose. An unknown
  // user is checked against a dummy hash, so the answer takes as long and reveals nothing.
  static const std::string kDummyHash = crypto::HashPassword("leerrecht-dummy-wachtwoord").value();
  const bool known = user && user->active;
  const bool matches = crypto::VerifyPassword(known ? user->password_hash : kDummyHash, password);
  const bool valid = known && matches;
  if (!valid) {
    std::lock_guard lock(mutex_);
    RecordFailure(username, now);
    if (!remote_address.empty()) RecordFailure(address_key, now);
    return Status::Refused(std::string(kWrongCredentials));
  }
  // Only now, with the password right, may the answer say that a code is needed.
  if (user->totp_active) {
    if (totp_code.empty()) return Status::Refused(std::string(kSecondFactorRequired));
    if (Status checked = CheckLoginCode(user->id, user->party, totp_code, now); !checked.ok()) {
      if (checked.code() == ErrorCode::kRefused) {
        std::lock_guard lock(mutex_);
        RecordFailure(username, now);
        if (!remote_address.empty()) RecordFailure(address_key, now);
      }
      return checked;
    }
  }
  LoginResult result;
  result.token = crypto::HexEncode(crypto::RandomBytes(32));
  Session& s = result.session;
  s.user_id = user->id;
  s.username = user->username;
  s.display_name = user->display_name;
  s.party = user->party;
  s.roles = user->roles;
  s.must_change_password = user->must_change_password;
  s.csrf_token = crypto::HexEncode(crypto::RandomBytes(32));
  s.created = now;
  s.last_seen = now;
  s.second_factor = user->totp_active;
  std::lock_guard lock(mutex_);
  failures_.erase(username);
  sessions_[TokenKey(result.token)] = s;
  return result;
}

std::optional<Session> SessionService::Authenticate(const std::string& token) {
  if (token.empty()) return std::nullopt;
  const auto now = clock_.Now();
  std::lock_guard lock(mutex_);
  auto it = sessions_.find(TokenKey(token));
  if (it == sessions_.end()) return std::nullopt;
  Session& s = it->second;
  if (now - s.last_seen > options_.idle_timeout || now - s.created > options_.absolute_timeout) {
    sessions_.erase(it);
    return std::nullopt;
  }
  s.last_seen = now;
  return s;
}

void SessionService::Logout(const std::string& token) {
  std::lock_guard lock(mutex_);
  sessions_.erase(TokenKey(token));
}

Status SessionService::ChangePassword(const std::string& token, const std::string& current,
                                      const std::string& replacement) {
  auto session = Authenticate(token);
  if (!session) return Status::Refused("niet ingelogd");
  if (replacement.size() < options_.min_password_length) {
    return Status::InvalidInput("het nieuwe wachtwoord moet minstens " + std::to_string(options_.min_password_length) +
                                " tekens hebben");
  }
  if (replacement == current) return Status::InvalidInput("kies een ander wachtwoord dan het huidige");
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  store::AccessContext ctx = SystemContext(session->party, "wachtwoord-wijzigen");
  ctx.actor = "user:" + std::to_string(session->user_id);
  std::string stored_hash;
  {
    auto tx = folder_.db().BeginWrite();
    if (!tx.ok()) return tx.status();
    auto user = users.Get(**tx, ctx, session->user_id);
    if (!user.ok()) return user.status();
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
    stored_hash = user->password_hash;
  }
  if (!crypto::VerifyPassword(stored_hash, current)) return Status::Refused("het huidige wachtwoord klopt niet");
  auto hash = crypto::HashPassword(replacement);
  if (!hash.ok()) return hash.status();
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  if (Status s = users.SetPasswordHash(**tx, ctx, session->user_id, *hash, false); !s.ok()) return s;
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  // Other sessions of this user end: a changed password must lock out whoever knew the old one.
  std::lock_guard lock(mutex_);
  const std::string keep = TokenKey(token);
  for (auto it = sessions_.begin(); it != sessions_.end();) {
    if (it->second.user_id == session->user_id && it->first != keep) {
      it = sessions_.erase(it);
    } else {
      if (it->first == keep) it->second.must_change_password = false;
      ++it;
    }
  }
  return Status::Ok();
}

Status SessionService::CheckLoginCode(std::int64_t user_id, const std::string& party, const std::string& code,
                                      std::chrono::system_clock::time_point now) {
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  store::AccessContext ctx = SystemContext(party, "inloggen");
  ctx.actor = "user:" + std::to_string(user_id);
  // One write transaction from reading the last step to recording the new one: the database's
  // single writer makes two logins with one code take turns, and the second sees the first step.
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto state = users.GetTotp(**tx, ctx, user_id);
  if (!state.ok()) return state.status();
  // Switched off between the password check and now: nothing left to ask.
  if (!state->secret || !state->confirmed) return (*tx)->Commit();
  const auto step = crypto::VerifyTotp(*state->secret, code, now, state->last_step);
  if (!step) {
    const bool reused = crypto::VerifyTotp(*state->secret, code, now).has_value();
    if (Status s = (*tx)->Commit(); !s.ok()) return s;  // the read is logged either way
    return Status::Refused(std::string(reused ? kSecondFactorReused : kSecondFactorWrong));
  }
  if (Status s = users.AcceptTotpStep(**tx, ctx, user_id, *step); !s.ok()) return s;
  return (*tx)->Commit();
}

void SessionService::SetSecondFactorFlag(std::int64_t user_id, bool active) {
  std::lock_guard lock(mutex_);
  for (auto& [key, session] : sessions_) {
    if (session.user_id == user_id) session.second_factor = active;
  }
}

Result<SecondFactorEnrolment> SessionService::StartSecondFactor(const Session& session) {
  if (Status s = RefuseApiToken(session); !s.ok()) return s;
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  const store::AccessContext ctx = UserContext(session, "tweede-factor-instellen");
  const std::string secret = crypto::NewTotpSecret();
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto state = users.GetTotp(**tx, ctx, session.user_id);
  if (!state.ok()) return state.status();
  if (state->confirmed) {
    if (Status s = (*tx)->Commit(); !s.ok()) return s;  // the read is logged either way
    return Status::Conflict("de tweede factor staat al aan; schakel hem eerst uit om een nieuwe in te stellen");
  }
  if (Status s = users.SetTotpSecret(**tx, ctx, session.user_id, secret); !s.ok()) return s;
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return SecondFactorEnrolment{crypto::Base32Encode(secret), crypto::TotpUri(session.username, secret)};
}

Status SessionService::ConfirmSecondFactor(const Session& session, const std::string& code) {
  if (Status s = RefuseApiToken(session); !s.ok()) return s;
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  const store::AccessContext ctx = UserContext(session, "tweede-factor-instellen");
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto state = users.GetTotp(**tx, ctx, session.user_id);
  if (!state.ok()) return state.status();
  if (state->confirmed || !state->secret) {
    if (Status s = (*tx)->Commit(); !s.ok()) return s;  // the read is logged either way
    return Status::Conflict(state->confirmed ? "de tweede factor staat al aan"
                                             : "vraag eerst een geheim aan (POST /api/v1/tweede-factor)");
  }
  const auto step = crypto::VerifyTotp(*state->secret, code, clock_.Now());
  if (!step) {
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
    return Status::InvalidInput("code onjuist; controleer of de tijd op het toestel klopt");
  }
  if (Status s = users.ConfirmTotp(**tx, ctx, session.user_id, *step); !s.ok()) return s;
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  SetSecondFactorFlag(session.user_id, true);
  return Status::Ok();
}

Status SessionService::DisableSecondFactor(const Session& session, const std::string& password,
                                           const std::string& code) {
  if (Status s = RefuseApiToken(session); !s.ok()) return s;
  const auto now = clock_.Now();
  {
    std::lock_guard lock(mutex_);
    if (LockedOut(session.username, options_.max_failures, now)) {
      return Status(ErrorCode::kUnavailable, "te veel mislukte pogingen: het account is tijdelijk geblokkeerd (" +
                                                 std::to_string(options_.lockout.count()) + " minuten)");
    }
  }
  store::UserRepository users(folder_.keys(), folder_.log(), clock_);
  const store::AccessContext ctx = UserContext(session, "tweede-factor-uitschakelen");
  std::string stored_hash;
  {
    auto tx = folder_.db().BeginWrite();
    if (!tx.ok()) return tx.status();
    auto user = users.Get(**tx, ctx, session.user_id);
    if (!user.ok()) return user.status();
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
    stored_hash = user->password_hash;
  }
  const bool password_ok = crypto::VerifyPassword(stored_hash, password);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto state = users.GetTotp(**tx, ctx, session.user_id);
  if (!state.ok()) return state.status();
  if (!state->confirmed || !state->secret) {
    if (Status s = (*tx)->Commit(); !s.ok()) return s;  // the read is logged either way
    return Status::Conflict("de tweede factor staat niet aan");
  }
  // The code is only checked, and its step only used up, behind a right password.
  const auto step = password_ok ? crypto::VerifyTotp(*state->secret, code, now, state->last_step) : std::nullopt;
  if (!step) {
    if (Status s = (*tx)->Commit(); !s.ok()) return s;
    std::lock_guard lock(mutex_);
    RecordFailure(session.username, now);
    return Status::Refused("wachtwoord of code onjuist");
  }
  if (Status s = users.ClearTotp(**tx, ctx, session.user_id); !s.ok()) return s;
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  SetSecondFactorFlag(session.user_id, false);
  return Status::Ok();
}

Result<NewApiToken> SessionService::CreateApiToken(const Session& session, const std::string& name,
                                                   std::optional<int> days) {
  if (session.via_api_token) {
    return Status::Refused("een API-token kan geen nieuwe tokens maken; log in met een sessie");
  }
  // The one-time password may have been seen by others; a token made with it would outlive it.
  if (session.must_change_password) return Status::Refused("wijzig eerst het eenmalige wachtwoord");
  const int valid_days = days.value_or(options_.default_api_token_days);
  if (valid_days < 1 || valid_days > options_.max_api_token_days) {
    return Status::InvalidInput("geldig_dagen moet tussen 1 en " + std::to_string(options_.max_api_token_days) +
                                " liggen");
  }
  store::ApiTokenRepository tokens(folder_.keys(), folder_.log(), clock_);
  const store::AccessContext ctx = UserContext(session, "api-token-beheren");
  NewApiToken created;
  created.name = name;
  created.token = NewApiTokenText();
  created.expires_at = FormatUtc(clock_.Now() + std::chrono::hours(24) * valid_days);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto id = tokens.Create(**tx, ctx, session.user_id, name, tokens.HashOf(created.token), created.expires_at);
  if (!id.ok()) return id.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  created.id = *id;
  return created;
}

Result<std::vector<ApiTokenInfo>> SessionService::ListApiTokens(const Session& session) {
  store::ApiTokenRepository tokens(folder_.keys(), folder_.log(), clock_);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  auto list = tokens.ListForUser(**tx, UserContext(session, "api-token-beheren"), session.user_id);
  if (!list.ok()) return list.status();
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  std::vector<ApiTokenInfo> out;
  out.reserve(list->size());
  for (store::ApiToken& t : *list) {
    out.push_back({t.id, std::move(t.name), std::move(t.created_at), std::move(t.expires_at), std::move(t.revoked_at),
                   std::move(t.last_used_at)});
  }
  return out;
}

Status SessionService::RevokeApiToken(const Session& session, std::int64_t id) {
  store::ApiTokenRepository tokens(folder_.keys(), folder_.log(), clock_);
  auto tx = folder_.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  if (Status s = tokens.Revoke(**tx, UserContext(session, "api-token-beheren"), session.user_id, id); !s.ok()) {
    return s;
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  std::lock_guard lock(mutex_);
  token_recorded_.erase(id);
  return Status::Ok();
}

std::optional<Session> SessionService::AuthenticateApiToken(const std::string& token) {
  if (!LooksLikeApiToken(token)) return std::nullopt;
  const auto now = clock_.Now();
  store::ApiTokenRepository tokens(folder_.keys(), folder_.log(), clock_);
  std::optional<store::ApiTokenHolder> holder;
  {
    auto tx = folder_.db().BeginRead();
    if (!tx.ok()) return std::nullopt;
    auto found = tokens.FindByHash(**tx, tokens.HashOf(token));
    if (!found.ok() || !found->has_value()) return std::nullopt;
    holder = std::move(**found);
  }
  const store::ApiToken& t = holder->token;
  // Stored timestamps share one fixed-width UTC format, so text order is time order.
  if (t.revoked_at || !holder->user_active || (t.expires_at && *t.expires_at <= FormatUtc(now))) return std::nullopt;
  Session s;
  s.user_id = t.user_id;
  s.username = holder->username;
  s.display_name = holder->display_name;
  s.party = t.party;
  s.roles = holder->roles;
  s.must_change_password = holder->must_change_password;
  s.created = now;
  s.last_seen = now;
  s.second_factor = holder->totp_active;
  s.via_api_token = true;
  s.api_token_id = t.id;
  bool record = false;
  {
    std::lock_guard lock(mutex_);
    auto it = token_recorded_.find(t.id);
    if (it == token_recorded_.end() || now - it->second >= options_.api_token_touch_interval) {
      token_recorded_[t.id] = now;
      record = true;
    }
  }
  if (record) {
    auto recorded = [&]() -> bool {
      auto tx = folder_.db().BeginWrite();
      return tx.ok() && tokens.RecordUse(**tx, UserContext(s, "api-token-gebruiken"), t.user_id, t.id).ok() &&
             (*tx)->Commit().ok();
    };
    // No use without its log entry: when it cannot be written, the request is refused and the
    // next one tries again.
    if (!recorded()) {
      std::lock_guard lock(mutex_);
      token_recorded_.erase(t.id);
      return std::nullopt;
    }
  }
  return s;
}

void SessionService::EndSessionsOf(std::int64_t user_id) {
  std::lock_guard lock(mutex_);
  std::erase_if(sessions_, [user_id](const auto& entry) { return entry.second.user_id == user_id; });
}

std::size_t SessionService::active_sessions() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace leerrecht::services
