// Break-glass requests and grants (SPEC, DESIGN.md §9): reason encrypted, every step logged, never deleted.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

// What the grant opens (SPEC R-07): only AVG-tagged items, or everything (police data too).
inline constexpr std::string_view kBreakGlassScopeAvg = "avg";
inline constexpr std::string_view kBreakGlassScopeAll = "alles";

// Status ids as stored and shown.
inline constexpr std::string_view kBreakGlassRequested = "aangevraagd";  // waits for approval
inline constexpr std::string_view kBreakGlassActive = "actief";          // granted (until valid_until)
inline constexpr std::string_view kBreakGlassRejected = "afgewezen";

struct BreakGlass {
  std::int64_t id = 0;
  std::string party;
  std::int64_t case_id = 0;
  std::int64_t user_id = 0;
  std::string role;          // the role the requester acts in
  std::string reason;        // free text: stored encrypted
  std::string legal_ground;  // e.g. "art. 20 Wpg-besluit …" or "AVG art. 6 lid 1 sub e: RMC-taak"
  std::string scope;         // kBreakGlassScopeAvg | kBreakGlassScopeAll
  int days = 0;              // requested duration
  std::string status;
  std::string requested_at;  // UTC timestamp
  std::optional<std::int64_t> decided_by;
  std::optional<std::string> decided_at;
  std::optional<std::string> valid_from;   // UTC timestamp, set when it takes effect
  std::optional<std::string> valid_until;  // UTC timestamp

  // Whether the grant is in effect at `now_utc` (a timestamp in the stored format).
  [[nodiscard]] bool ActiveAt(std::string_view now_utc) const;
};

class BreakGlassRepository {
 public:
  BreakGlassRepository(const YouthRepository& youths, audit::ProcessingLog& log) : youths_(youths), log_(log) {}

  // Records a request by ctx's user for a case of ctx.party (kNotFound otherwise). When
  // `immediate`, it takes effect at `now_utc` for `days` days; otherwise it waits for Decide.
  // Logged for the youth as "break-glass.aanvragen" with the ground as legal basis.
  Result<std::int64_t> Create(Transaction& tx, const AccessContext& ctx, const BreakGlass& request, bool immediate,
                              const std::string& now_utc, const std::string& until_utc);
  // Approves or rejects a waiting request of ctx.party. kConflict when it is no longer waiting;
  // kRefused when the decider is the requester (nobody approves his own request). Logged.
  Status Decide(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::int64_t decided_by, bool approve,
                const std::string& now_utc, const std::string& until_utc);
  // kNotFound when not in ctx.party. Not logged: the caller logs what it shows.
  Result<BreakGlass> Get(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  // Every request of ctx.party, newest first (the privacy officer's list); one log entry per youth.
  Result<std::vector<BreakGlass>> List(Transaction& tx, const AccessContext& ctx);
  // The requests of one user, newest first; logged like List.
  Result<std::vector<BreakGlass>> ListForUser(Transaction& tx, const AccessContext& ctx, std::int64_t user_id);
  // The grants for (case, user) in effect at `now_utc`, widest scope first. Not logged: it only
  // answers whether a door is open; the read it opens is logged.
  Result<std::vector<BreakGlass>> ActiveGrants(Transaction& tx, std::int64_t case_id, std::int64_t user_id,
                                               const std::string& now_utc);

 private:
  Result<std::vector<BreakGlass>> Load(Transaction& tx, const AccessContext& ctx, std::string_view sql,
                                       const std::vector<Value>& params, bool log_reads);
  Result<std::string> CaseSubject(Transaction& tx, std::string_view party, std::int64_t case_id);

  const YouthRepository& youths_;
  audit::ProcessingLog& log_;
};

}  // namespace leerrecht::store
