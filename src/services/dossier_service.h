// Use cases on youths, cases, notes and the caseload, each behind the authorisation matrix (SPEC ).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "services/actor.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "store/repositories/case_repository.h"
#include "store/repositories/note_repository.h"

namespace leerrecht::services {

struct NewYouth {
  std::string bsn;
  std::string name;
  std::string birth_date;  // YYYY-MM-DD
  std::string municipality;
  std::string school_type;  // "po", "so", "vo", "vso", "mbo" or "" (routes to the SWV, SPEC C-03)
};

struct YouthView {
  std::int64_t id = 0;
  std::string bsn;
  std::string name;
  std::string birth_date;
  std::string municipality;
};

struct NewCase {
  std::int64_t youth_id = 0;
  std::string category;                         // DESIGN.md §4 case category
  std::optional<std::int64_t> notification_id;  // the DUO melding behind it, if any
};

struct WorkerView {
  std::int64_t user_id = 0;
  std::string name;
  std::string role;
  std::string since;
};

// The full case, for those the matrix lets read it.
struct CaseView {
  store::CaseRecord record;
  YouthView youth;
  std::string regime;        // the party's Wpg regime id ("vanaf-melding"/"vanaf-handhaving"), "" when none
  std::string regime_since;  // its effective date
  std::vector<WorkerView> workers;
  // Set when the read went through a break-glass grant: it is logged as such (SPEC R-07).
  std::optional<std::int64_t> break_glass_id;
};

// The minimal "in beeld" view for colleagues without access (SPEC ): whether leerplicht
// is involved, who the contact is and whether the case runs; nothing of its content.
struct InBeeldView {
  std::int64_t case_id = 0;
  bool leerplicht_involved = true;
  std::string contact;  // the name of the case's leerplichtambtenaar, "" when none
  std::string status;   // "lopend" | "afgesloten"
  bool may_request_break_glass = false;
};

struct CaseRead {
  std::optional<CaseView> full;     // exactly one of these is set
  std::optional<InBeeldView> minimal;
};

struct CaseSummary {
  std::int64_t id = 0;
  std::int64_t youth_id = 0;
  std::string youth_name;
  std::string category;
  std::string mas_phase;
  std::string regime_tag;
  std::optional<std::string> wpg_since;
  std::string opened_on;
};

class DossierService {
 public:
  DossierService(DataFolder& folder, const MatrixStore& matrices, const Clock& clock)
      : folder_(folder), matrices_(matrices), clock_(clock) {}

  // kInvalidInput for a bad BSN (never echoed), date or empty name; kConflict when the party has
  // the youth already.
  Result<std::int64_t> CreateYouth(const Actor& actor, const NewYouth& youth);
  // kNotFound for another party's youth: tenants do not learn what others hold.
  Result<YouthView> GetYouth(const Actor& actor, std::int64_t id);

  // Opens a case with the tag the party's regime gives it (SPEC R-01..R-03) and puts it in the
  // creator's caseload. kRefused without a chosen regime or without the matrix's consent.
  Result<std::int64_t> CreateCase(const Actor& actor, const NewCase& new_case);
  // The full case when the matrix allows it (own caseload, or an active break-glass grant),
  // otherwise the "in beeld" view when the user may see the youth's registration, otherwise
  // kRefused; another party's case is kNotFound. Every outcome is logged, denials too.
  Result<CaseRead> GetCase(const Actor& actor, std::int64_t id);
  // The cases of the actor's party that he may read in full, newest first.
  Result<std::vector<CaseSummary>> ListCases(const Actor& actor);

  // A note with the case's tag; kRefused without the matrix's consent, and kRefused when
  // the case has no ground for person-level notes (SPEC P-07: no DUO melding behind it).
  Result<std::int64_t> AddNote(const Actor& actor, std::int64_t case_id, const std::string& text);
  Result<std::vector<store::Note>> ListNotes(const Actor& actor, std::int64_t case_id);

  // Moves the case to a MAS phase (DESIGN.md §6) other than afgesloten (see EndCase). Under
  // Regime B the enforcement phases (halt, proces-verbaal, om) make the case police data from
  // today (SPEC R-03); a WPG case stays WPG. Returns the case's tag afterwards.
  Result<std::string> ChangePhase(const Actor& actor, std::int64_t case_id, const std::string& phase);
  // SPEC R-09: hands the case to a boa of the party for a proces-verbaal: phase proces-verbaal, the
  // boa joins the caseload, the leerplichtambtenaar stays on it for support.
  Result<std::string> HandOverToBoa(const Actor& actor, std::int64_t case_id, std::int64_t boa_user_id);

  // SPEC C-39: ends the processing of the case with one of the covenant's end triggers
  // ("terug-naar-onderwijs", "startkwalificatie", "verhuisd-buiten-regio", "overleden") on `on`
  // (today when absent): the case closes (phase afgesloten), no later exchange is allowed (the
  // engine's processing-ended), and every recipient of its data gets an end notice; their copies
  // go at the end of the following quarter (C-40). Returns the parties notified.
  Result<std::vector<std::string>> EndCase(const Actor& actor, std::int64_t case_id, const std::string& trigger,
                                           std::optional<std::string> on);

  // Adds a colleague of the same party to the caseload (who may then read and change the case).
  Status AssignWorker(const Actor& actor, std::int64_t case_id, std::int64_t user_id);

 private:
  // The facts the matrix needs about (actor, case), and the case's party check.
  struct CaseAccess {
    store::CaseFacts facts;
    policy::AccessFacts access;
    std::optional<std::int64_t> grant_id;  // the break-glass grant that makes break_glass_active true
    std::string grant_ground;
  };
  // kNotFound for an unknown case and for another party's: the same answer.
  Result<CaseAccess> Facts(store::Transaction& tx, const Actor& actor, std::int64_t case_id);
  // One use case on one case, opened: the transaction, the facts, the matrix's consent for
  // (action, resource) and the party's role. A refusal is logged as `what`.geweigerd and returned.
  struct OpenedCase {
    std::unique_ptr<store::Transaction> tx;
    CaseAccess access;
    AccessDecision decision;
    std::string party_role;
    // The break-glass grant opened the case (not the caseload): reads are logged as such.
    [[nodiscard]] bool via_grant() const { return !access.access.own_caseload && access.grant_id.has_value(); }
  };
  enum class TxKind { kRead, kWrite };
  Result<OpenedCase> OpenCase(const Actor& actor, std::int64_t case_id, policy::Action action,
                              policy::Resource resource, std::string_view what, TxKind kind);
  // Logs a refusal about the case's youth in its own transaction and returns the Dutch refusal.
  Status RefuseAndLog(const Actor& actor, const store::CaseFacts& facts, std::string_view what,
                      const AccessDecision& decision);
  Result<std::string> PartyRole(store::Transaction& tx, const std::string& party);
  // SPEC P-07: kRefused (Dutch, naming P-06 as the way out) when no melding or own finding lies
  // behind the case.
  Status CheckNoteGround(store::Transaction& tx, const std::string& party, const std::string& role,
                         std::int64_t case_id);

  DataFolder& folder_;
  const MatrixStore& matrices_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
