// Logins, sessions, lock-out and password changes for the server (DESIGN.md §9).
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "services/data_folder.h"

namespace leerrecht::services {

struct SessionOptions {
  std::chrono::minutes idle_timeout{30};   // a session unused this long ends
  std::chrono::hours absolute_timeout{12}; // and every session ends after a working day
  int max_failures = 5;                    // failed logins per username before a lock-out
  int max_failures_per_address = 20;       // failed logins from one address (guessing many names)
  std::chrono::minutes lockout{15};
  std::size_t min_password_length = 12;
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
  // answer does not reveal which usernames exist); kUnavailable while locked out.
  Result<LoginResult> Login(const std::string& username, const std::string& password,
                            const std::string& remote_address = "");
  // The session for a cookie value, or nothing when unknown or expired (it is then removed).
  std::optional<Session> Authenticate(const std::string& token);
  void Logout(const std::string& token);
  // Checks the current password, enforces the minimum length, stores the new Argon2id hash and
  // ends every other session of the user.
  Status ChangePassword(const std::string& token, const std::string& current, const std::string& replacement);

  [[nodiscard]] std::size_t active_sessions();

 private:
  static std::string TokenKey(const std::string& token);
  // Failures are counted per username and per client address ("addr:" prefix), in one map.
  bool LockedOut(const std::string& key, int limit, std::chrono::system_clock::time_point now);
  void RecordFailure(const std::string& key, std::chrono::system_clock::time_point now);

  DataFolder& folder_;
  const Clock& clock_;
  SessionOptions options_;
  std::mutex mutex_;
  std::map<std::string, Session> sessions_;  // key: BLAKE2b of the token
  std::map<std::string, std::vector<std::chrono::system_clock::time_point>> failures_;
};

}  // namespace leerrecht::services
