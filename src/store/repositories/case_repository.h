// Cases (zaken) of one party with their MAS phase and AVG/WPG regime tag; every access logged.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"

#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

struct CaseRecord {
  std::int64_t id = 0;
  std::int64_t youth_id = 0;
  std::string category;    // DESIGN.md §4 case category
  std::string mas_phase;   // DESIGN.md §6 phase
  std::string regime_tag;  // "AVG" | "WPG" (SPEC R-10)
  std::optional<std::string> wpg_since;
  std::string opened_on;
  std::optional<std::string> closed_on;
  std::optional<std::int64_t> notification_id;  // the DUO melding behind the case (SPEC P-07, R-02)
};

// What the server needs to decide access to a case, without reading any personal data: the
// authorisation matrix's facts (SPEC R-06). Reading them is therefore not logged.
struct CaseFacts {
  std::int64_t id = 0;
  std::string party;
  std::int64_t youth_id = 0;
  std::string regime_tag;
  std::string mas_phase;
  bool closed = false;
};

// A person working on a case: its caseload (DESIGN.md §9 "own caseload").
struct CaseWorker {
  std::int64_t user_id = 0;
  std::string role;  // the role in which he works on it ("leerplichtambtenaar", "boa")
  Date assigned_on;
  std::optional<Date> ended_on;
};

class CaseRepository {
 public:
  CaseRepository(YouthRepository& youths, audit::ProcessingLog& log) : youths_(youths), log_(log) {}

  // The youth must belong to the caller's party (kNotFound otherwise).
  Result<std::int64_t> Create(Transaction& tx, const AccessContext& ctx, const CaseRecord& record);
  Result<CaseRecord> Get(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  [[nodiscard]] Result<std::int64_t> Count(Transaction& tx, const AccessContext& ctx);

  // Facts for an access decision about case `id`, in any party (the caller compares the party:
  // another party's case is then "not found" to its users). Not logged: no personal data.
  Result<std::optional<CaseFacts>> Facts(Transaction& tx, std::int64_t id);
  // The ids of ctx.party's cases, newest first; not logged (ids only).
  Result<std::vector<std::int64_t>> ListIds(Transaction& tx, const AccessContext& ctx);
  // The ids of ctx.party's cases that `user_id` works on on `on`; not logged.
  Result<std::vector<std::int64_t>> CaseloadIds(Transaction& tx, const AccessContext& ctx, std::int64_t user_id,
                                                Date on);

  // Moves the case to `phase`, with its tag (R-02..R-04: the caller decides; a WPG case never
  // goes back to AVG, which this refuses with kConflict). Phase "afgesloten" closes it on `on`. Logged.
  Status SetPhase(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::string_view phase,
                  std::string_view regime_tag, std::optional<std::string> wpg_since, Date on);

  // The caseload: who works on the case. Assigning someone who already works on it is a no-op;
  // the user must be an active user of ctx.party (kNotFound otherwise). Logged as data about the
  // youth (who handles his case) — not about the medewerker, whose role is his job.
  Status AssignWorker(Transaction& tx, const AccessContext& ctx, std::int64_t case_id, std::int64_t user_id,
                      std::string_view role, Date on);
  Status EndWorker(Transaction& tx, const AccessContext& ctx, std::int64_t case_id, std::int64_t user_id, Date on);
  Result<std::vector<CaseWorker>> Workers(Transaction& tx, const AccessContext& ctx, std::int64_t case_id);
  Result<bool> IsWorker(Transaction& tx, std::int64_t case_id, std::int64_t user_id, Date on);

 private:
  YouthRepository& youths_;
  audit::ProcessingLog& log_;
};

}  // namespace leerrecht::store
