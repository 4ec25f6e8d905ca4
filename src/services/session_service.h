// Logins, sessions, lock-out, password changes, the TOTP second factor and API tokens for the server (DESIGN.md §9).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "services/data_folder.h"

namespace leerrecht::services {

struct SessionOptions {
  std::chrono::minutes idle_timeout{30};    // a session unused this long ends
  std::chrono::hours absolute_timeout{12};  // and every session ends after a working day
  int max_failures = 5;                     // failed logins per username before a lock-out
  int max_failures_per_address = 20;        // failed logins from one address (guessing many names)
  std::chrono::minutes lockout{15};
  std::size_t min_password_length = 12;
  int default_api_token_days = 90;
  int max_api_token_days = 365;  // a system credential must be renewed at least yearly
  // last_used_at of a token is written at most this often, not on every request.
  std::chrono::seconds api_token_touch_interval{60};
};

struct Session {
  std::int64_t user_id = 0;
  std::string username;
  std::string display_name;
  std::string party;
  std::vector<std::string> roles;
  bool must_change_password = false;
  std::string csrf_token;  // must accompany every state-changing request
  std::chrono::system_clock::time_point created;
  std::chrono::system_clock::time_point last_seen;
  bool second_factor = false;  // the user has a confirmed TOTP second factor
  // The request carried an API token (Authorization: Bearer) instead of the session cookie.
  // A browser never adds that header by itself, so there is no ambient authority for a
  // cross-site page to borrow and no CSRF token is needed; csrf_token is then empty.
  bool via_api_token = false;
  std::int64_t api_token_id = 0;  // the token, when via_api_token
};

// Login's refusals about the second factor, once the password was right: the HTTP layer marks
// them with "tweede_factor": true so a client knows to ask for the code.
inline constexpr std::string_view kSecondFactorRequired = "tweede factor vereist";
inline constexpr std::string_view kSecondFactorWrong = "code van de tweede factor onjuist";
inline constexpr std::string_view kSecondFactorReused = "deze code is al gebruikt; wacht op de volgende code";
[[nodiscard]] bool IsSecondFactorRefusal(const Status& status);

// A started enrolment: shown once so the user can put it in an authenticator app.
struct SecondFactorEnrolment {
  std::string secret;  // base32, to type in
  std::string uri;     // otpauth://totp/…, for a QR code
};

// Every API token starts with this, so a leaked one is easy to recognise (secret scanners, logs).
inline constexpr std::string_view kApiTokenPrefix = "lr_";

struct NewApiToken {
  std::int64_t id = 0;
  std::string name;
  std::string token;  // shown once; only a keyed hash is stored
  std::string expires_at;
};

struct ApiTokenInfo {
  std::int64_t id = 0;
  std::string name;
  std::string created_at;
  std::optional<std::string> expires_at;
  std::optional<std::string> revoked_at;
  std::optional<std::string> last_used_at;
};

struct LoginResult {
  std::string token;  // the cookie value; only its hash is kept server-side
  Session session;
};

class SessionService {
 public:
  SessionService(DataFolder& folder, const Clock& clock, SessionOptions options = {})
      : folder_(folder), clock_(clock), options_(options) {}

  // kRefused "gebruikersnaam of wachtwoord onjuist" for a wrong name or password alike (the
  // answer does not reveal which usernames exist); kUnavailable while locked out. With a
  // confirmed second factor the right password alone gives kRefused kSecondFactorRequired; a
  // wrong or replayed `totp_code` counts as a failed login.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& remote_address = "", const std::string& totp_code = "");
  // The session for a cookie value, or nothing when unknown or expired (it is then removed).
  std::optional<Session> Authenticate(const std::string& token);
  void Logout(const std::string& token);
  // Checks the current password, enforces the minimum length, stores the new Argon2id hash and
  // ends every other session of the user.
  Status ChangePassword(const std::string& token, const std::string& current, const std::string& replacement);

  // The second factor (RFC 6238 TOTP). Starting stores a new secret, unused until confirmed with
  // a code from the app; kConflict when one is active already. Switching it off needs the
  // password and a current code, and counts failures like a login. All three are refused for a
  // session that came with an API token: a system credential must not change how a person logs in.
  Result<SecondFactorEnrolment> StartSecondFactor(const Session& session);
  Status ConfirmSecondFactor(const Session& session, const std::string& code);
  Status DisableSecondFactor(const Session& session, const std::string& password, const std::string& code);

  // API tokens for system-to-system use, acting as their user. Creating one needs a session
  // (not a token, so a token cannot outlive itself through successors) and a changed one-time
  // password; `days` defaults to default_api_token_days and may not exceed max_api_token_days.
  Result<NewApiToken> CreateApiToken(const Session& session, const std::string& name, std::optional<int> days);
  Result<std::vector<ApiTokenInfo>> ListApiTokens(const Session& session);
  // kNotFound for a token that is not the session user's.
  Status RevokeApiToken(const Session& session, std::int64_t id);
  // The session of an API token, with its user's roles as they are now; nothing when the token
  // is unknown, revoked or expired or its user deactivated.
  std::optional<Session> AuthenticateApiToken(const std::string& token);

  // Ends every cookie session of a user (deactivated, or otherwise no longer trusted). API tokens
  // need nothing: their use checks that the account is active.
  void EndSessionsOf(std::int64_t user_id);
  [[nodiscard]] std::size_t active_sessions();

 private:
  static std::string TokenKey(const std::string& token);
  // Failures are counted per username and per client address ("addr:" prefix), in one map.
  bool LockedOut(const std::string& key, int limit, std::chrono::system_clock::time_point now);
  void RecordFailure(const std::string& key, std::chrono::system_clock::time_point now);
  // Checks a login code against the stored secret and records its step; kRefused when wrong
  // or replayed.
  Status CheckLoginCode(std::int64_t user_id, const std::string& party, const std::string& code,
                        std::chrono::system_clock::time_point now);
  // Keeps the second_factor flag of the user's live sessions true to the database.
  void SetSecondFactorFlag(std::int64_t user_id, bool active);

  DataFolder& folder_;
  const Clock& clock_;
  SessionOptions options_;
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;  // key: BLAKE2b of the token
  std::map<std::string, std::vector<std::chrono::system_clock::time_point>> failures_;
  std::map<std::int64_t, std::chrono::system_clock::time_point> token_recorded_;  // token id -> last RecordUse
};

}  // namespace leerrecht::services
