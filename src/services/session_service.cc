#include "services/session_service.h"

#include <algorithm>

#include "crypto/encoding.h"
#include "crypto/hash.h"
#include "crypto/password.h"
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

}  // namespace

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
                                          const std::string& remote_address) {
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
    return Status::InvalidInput("het nieuwe wachtwoord moet minstens " +
                                std::to_string(options_.min_password_length) + " tekens hebben");
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

std::size_t SessionService::active_sessions() {
  std::lock_guard lock(mutex_);
  return sessions_.size();
}

}  // namespace leerrecht::services
