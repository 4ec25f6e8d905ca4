// List comparison through the API (SPEC C-16, C-17, C-46): a party's own register against a received list.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "policy/swv_regions.h"
#include "services/actor.h"
#include "services/compare.h"
#include "services/agreement_registry.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "services/quarterly_report.h"
#include "store/repositories/thuiszitter_register_repository.h"

namespace leerrecht::services {

// Rows as a compare list in the DESIGN.md §12 format: `bsn,categorie,startdatum,school`, values
// quoted when they hold a comma, quote or line break (RFC 4180, as CompareLists reads them).
std::string RegisterCsv(const std::vector<store::RegisterEntry>& rows);

// SPEC C-16: the quarterly covenant list for one SWV, checked against the party's own register.
struct CovenantListCheck {
  std::string swv;
  std::string peildatum;
  std::array<int, 3> register_counts{};  // per noemer (kThuiszitterCategories order), from the counts
  std::array<int, 3> list_counts{};      // per noemer, from the list's rows
  bool complete = false;                 // the counts agree for every noemer
  std::vector<store::RegisterEntry> rows;  // the list; empty when not complete or refused (export blocked)
  // The list is a disclosure to the counterpart under the covenant; a field of any row the
  // engine refuses blocks it whole (SPEC C-31, R-11). Empty when everything is granted.
  struct Refusal {
    std::int64_t case_id = 0;
    std::string field;   // data-dictionary id
    std::string reason;  // reason code (DESIGN.md §5)
    std::string text;    // the engine's Dutch explanation
    std::string agreement;  // the instrument that refused it: the covenant, or the art. 20 decision
  };
  std::vector<Refusal> refused;
  std::string recipient;  // the party the list is for: the SWV, or for an SWV's own list the RBL
  std::string agreement;  // the covenant that decided it
  std::int64_t disclosure_id = 0;  // the exchange-log record of a released list (SPEC C-36); 0 when none
  // SPEC R-11: under Regime A the rows whose case is police data go under an art. 20 decision in
  // force that names the counterpart as a partner, never under the covenant. Such a row carries the
  // decision's confidentiality notice (W-29); a release records them as a disclosure of their own,
  // as every disclosure declares exactly one instrument.
  std::string art20_agreement;            // the decision; empty when no row went under one
  std::vector<std::int64_t> art20_cases;  // the cases of those rows
  std::string notice;                     // the decision's confidentiality notice (art. 7 lid 2 Wpg)
  std::int64_t art20_disclosure_id = 0;   // the exchange-log record of those rows; 0 when none

  bool UnderArt20(std::int64_t case_id) const {
    return std::find(art20_cases.begin(), art20_cases.end(), case_id) != art20_cases.end();
  }
};

// The released list as CSV in the DESIGN.md §12 format; when rows went under an art. 20 decision,
// with the column `geheimhoudingsplicht` holding its notice on those rows (an optional column of
// the format, so `leerrecht compare` reads the file as before).
std::string CovenantListCsv(const CovenantListCheck& check);

// Compares the list's rows per noemer with the register's counts for the SWV; rows of other
// categories count as a difference too. Pure, so that the rule can be tested without a database.
CovenantListCheck CheckCovenantList(std::string swv, std::string peildatum, const SwvCounts& register_counts,
                                    std::vector<store::RegisterEntry> list_rows);

// The register against received data, with the confidentiality notices of the disclosures
// compared, each once: the recipient reads them before the content (SPEC W-29).
struct ReceivedComparison {
  std::vector<std::string> notices;
  // SPEC W-29: there are notices and the caller has not said he read them. Then nothing was read
  // or compared (and nothing logged): `report` is empty and only the notices may be shown.
  bool acknowledgement_needed = false;
  CompareReport report;
};

class ListComparisonService {
 public:
  ListComparisonService(DataFolder& folder, const MatrixStore& matrices, const AgreementRegistry& agreements,
                        const policy::SwvRegions* regions, const Clock& clock)
      : folder_(folder), matrices_(matrices), agreements_(agreements), regions_(regions), clock_(clock) {}

  // SPEC C-17: the actor's party's register today (left) against `list` (right), a CSV list in the
  // DESIGN.md §12 format — typically the counterpart's list. Needs the right to read youths.
  // Every BSN of the report is logged (activity "vergelijking").
  Result<CompareReport> AgainstList(const Actor& actor, std::string_view list);
  // SPEC C-17, C-46: the register (left) against the records the party received (right), from
  // `source_party` or, when empty, from any party; per youth the latest disclosure counts. Needs
  // the rights to read youths and received data. Records that came with a confidentiality notice
  // are read only once the actor `acknowledged` the notices (W-29: each acknowledgement is logged
  // about its youth, before the read), and only in a session with a second factor (W-28; a
  // refusal is logged); before that the answer holds the notices alone.
  Result<ReceivedComparison> AgainstReceived(const Actor& actor, const std::string& source_party, bool acknowledged);
  // SPEC C-16: the list of the quarter's peildatum for `swv`, blocked (complete == false, no rows)
  // when it does not hold every thuiszitter the register counts for that SWV. Every case read to
  // build it is logged (activity "convenantlijst"), also those routed to another SWV. A complete
  // list then passes the disclosure engine row by row under the covenant in force between the
  // party and its counterpart (purpose kwartaalvergelijking), as every disclosure does: a refused
  // field blocks the list (`refused`), and each refusal is logged about its youth.
  // With `release` the complete, granted list leaves the party (the export): it gets one record
  // in the exchange log with its number of records per category and its fields (SPEC C-36, W-30).
  // Without, it is only checked (the page's check before the download).
  Result<CovenantListCheck> CovenantList(const Actor& actor, const std::string& swv, int year, int quarter,
                                         bool release);

 private:
  // The matrix: reading youths, and received data too when `received_too`. A refusal is logged
  // as "<activity>.geweigerd" about the party's register.
  Status Check(const Actor& actor, bool received_too, std::string_view activity);
  // The register open on `on`, each case read logged as `activity`; the caller has run Check.
  Result<std::vector<store::RegisterEntry>> Register(const Actor& actor, Date on, std::string_view activity);
  Status LogListed(const Actor& actor, const CompareReport& report, bool right_side);
  // The engine's refusals for sending `rows` from the actor's party (`role`) to the counterpart.
  Status Gate(const Actor& actor, const std::string& role, const std::string& swv, CovenantListCheck& check);
  // One exchange-log record for the rows of `check` that went under `agreement_id`.
  Result<std::int64_t> RecordRelease(const Actor& actor, const std::string& role, const CovenantListCheck& check,
                                     const std::string& agreement_id);
  // SPEC R-11: the art. 20 decision in force on `on` naming both the party and its counterpart.
  const policy::Agreement* Art20DecisionFor(const std::string& party, const std::string& counterpart, Date on) const;

  DataFolder& folder_;
  const MatrixStore& matrices_;
  const AgreementRegistry& agreements_;
  const policy::SwvRegions* regions_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
