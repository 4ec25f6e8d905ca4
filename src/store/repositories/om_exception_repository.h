// Exceptions to the secrecy of OM data (art. 52 lid 1 Wjsg, SPEC W-23, Q-08): asked, approved by a second officer, used once.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/repositories/youth_repository.h"

namespace leerrecht::store {

// The two grounds art. 52 lid 1 Wjsg allows for telling OM data about a third party.
inline constexpr std::string_view kOmGroundStatute = "wettelijk-voorschrift";  // a statutory provision allows it
inline constexpr std::string_view kOmGroundTask = "noodzaak-taak";  // the task the data were given for requires it

// Status ids as stored and shown.
inline constexpr std::string_view kOmRequested = "aangevraagd";
inline constexpr std::string_view kOmApproved = "goedgekeurd";
inline constexpr std::string_view kOmRejected = "afgewezen";
inline constexpr std::string_view kOmUsed = "gebruikt";

struct OmException {
  std::int64_t id = 0;
  std::string party;
  std::int64_t case_id = 0;
  std::string recipient_party;
  std::string agreement_id;
  std::string purpose;
  std::string ground;       // kOmGroundStatute | kOmGroundTask
  std::string explanation;  // which provision, or why the task requires it: stored encrypted
  std::int64_t requested_by = 0;
  std::string requested_at;  // UTC timestamp
  std::string status;
  std::optional<std::int64_t> decided_by;
  std::optional<std::string> decided_at;
  std::optional<std::int64_t> used_by_disclosure;
};

// The legal basis a log entry names for a step of the exception: the article and the ground.
std::string OmExceptionBasis(const OmException& exception);

class OmExceptionRepository {
 public:
  OmExceptionRepository(const YouthRepository& youths, audit::ProcessingLog& log) : youths_(youths), log_(log) {}

  // Records a request for a case of ctx.party (kNotFound otherwise), logged for the youth as
  // "om-uitzondering.aanvragen" with the ground as legal basis.
  Result<std::int64_t> Create(Transaction& tx, const AccessContext& ctx, const OmException& request,
                              const std::string& now_utc);
  // Approves or rejects a waiting request of ctx.party. kConflict when no longer waiting;
  // kRefused when the decider asked for it (four eyes, SPEC Q-08). Logged with the decider as actor.
  Status Decide(Transaction& tx, const AccessContext& ctx, std::int64_t id, std::int64_t decided_by, bool approve,
                const std::string& now_utc);
  // The approved exception not yet used for this case, recipient, instrument and purpose, if any.
  // Not logged: it only answers whether the secrecy may be lifted; the disclosure is logged.
  Result<std::optional<OmException>> Usable(Transaction& tx, std::string_view party, std::int64_t case_id,
                                            std::string_view recipient, std::string_view agreement_id,
                                            std::string_view purpose);
  // Marks an approved exception as used by `disclosure_id`: an exception opens one disclosure.
  // kConflict when it was used or is no longer approved.
  Status MarkUsed(Transaction& tx, std::string_view party, std::int64_t id, std::int64_t disclosure_id);
  // kNotFound when not in ctx.party. Not logged: the caller logs what it shows.
  Result<OmException> Get(Transaction& tx, const AccessContext& ctx, std::int64_t id);
  // Every exception of ctx.party, newest first; or only those `requested_by` asked for. One log
  // entry per youth shown.
  Result<std::vector<OmException>> List(Transaction& tx, const AccessContext& ctx,
                                        std::optional<std::int64_t> requested_by);

 private:
  Result<std::vector<OmException>> Load(Transaction& tx, std::string_view party, std::string_view where,
                                        std::vector<Value> params);
  Result<std::string> CaseSubject(Transaction& tx, std::string_view party, std::int64_t case_id);

  const YouthRepository& youths_;
  audit::ProcessingLog& log_;
};

}  // namespace leerrecht::store
