// The disclosure workflow (SPEC W-20..W-30, C-15, C-31..C-37): decide, confirm, send, receive, correct.
#pragma once

#include <array>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "services/actor.h"
#include "services/agreement_registry.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "policy/swv_regions.h"
#include "store/repositories/disclosure_repository.h"

namespace leerrecht::services {

struct DisclosureDraft {
  std::int64_t case_id = 0;
  std::string recipient_party;
  std::string agreement_id;
  std::string purpose;
  std::vector<std::string> fields;  // field ids or shorthands ("naw")
  // SPEC W-25: the agreement's field profile the sender chose; it must fit the case's MAS phase.
  // With no fields given, the profile's fields are the draft's.
  std::string profile;
};

// The engine's answer for a draft, as the sender sees it before sending: the contract JSON of
// `leerrecht policy decide` (granted, refused with Dutch reasons, notices, documentation) plus the
// route and the regime in force (SPEC R-10: "the disclosure form states the route used").
struct DisclosurePreview {
  std::string decision_json;
  std::string outcome;  // granted | partial | refused
  std::string route;    // "convenant" | "art. 20 Wpg-besluit"
  std::string regime;   // the sender's Wpg regime id, "" for a party without one
  // Granted fields outside the recipient's default profile in the agreement: each leaves only
  // with a written justification of its necessity (SPEC W-20). In the order granted.
  std::vector<std::string> beyond_profile;
  // What the sender should know before confirming the quality check (SPEC W-26), e.g. an address
  // not confirmed against the BRP for over 12 months. Warnings: they block nothing.
  std::vector<std::string> warnings;
  // SPEC W-23: the approved exception to the secrecy of OM data this disclosure would use, as the
  // sender reads it (ground, approver); "" when none applies.
  std::string om_exception;
  std::string phase;    // the case's MAS phase at the decision (SPEC W-25)
  std::string profile;  // the field profile chosen, "" when none
};

// What the sender confirms and records before sending. Under a covenant: the two confirmations.
// On the art. 20 route (SPEC W-21, W-26, Q-47) instead: the choice between an anonymised and an
// identifiable disclosure, the weighing for an identifiable one, and the quality check or why it
// was not practically feasible. All of it is kept with the disclosure's documentation record.
struct DisclosureConfirmation {
  bool quality_checked = false;          // the sender checked the data are correct and current (SPEC W-26)
  bool anonymisation_considered = false; // covenant: whether less or anonymous data would do
  std::string anonymisation;             // art. 20: "geanonimiseerd" | "identificeerbaar"
  std::string weighing;                  // art. 20, identifiable: why the public interest outweighs privacy
  std::string quality_not_feasible;      // art. 20: why no quality check was practically feasible
  // Field id → why it is necessary for this recipient, for each field beyond its profile (W-20).
  std::map<std::string, std::string> justifications;
};

// What a sender has yet to confirm or record before a disclosure leaves, in the order the share
// form asks for it: under a covenant the quality check and the anonymisation consideration; on
// the art. 20 route the quality check or why it was not feasible (SPEC W-26), the choice
// anonymised/identifiable and, for identifiable data, the weighing (W-21). Empty: complete.
enum class MissingConfirmation { kQualityCheck, kAnonymisationConsidered, kChoice, kWeighing };
std::vector<MissingConfirmation> MissingConfirmations(const DisclosureConfirmation& confirm, bool art20);

// Q-47's case-level anonymisation: the direct identifiers that an anonymised disclosure leaves out.
// The date of birth becomes the age in years; the recipient gets a case pseudonym instead.
inline constexpr std::array<std::string_view, 10> kDirectIdentifiers = {
    "bsn", "naam", "geboorteplaats", "adres", "telefoon", "email", "ouder_naam", "ouder_adres", "ouder_telefoon",
    "ouder_email"};

struct SentDisclosure {
  std::int64_t id = 0;
  DisclosurePreview preview;
  std::vector<std::string> sent_fields;     // granted fields with a value, in order
  std::vector<std::string> without_value;   // granted but nothing recorded: not sent
  std::vector<std::string> anonymised;      // granted identifiers left out of an anonymised disclosure
  std::string pseudonym;                    // the case pseudonym an anonymised disclosure carries
};

// What a recipient sees of one disclosure: the notice first, the content only after it.
struct ReceivedDisclosure {
  std::int64_t disclosure_id = 0;
  std::string source_party;
  std::string agreement_id;
  std::string purpose;
  std::optional<std::string> notice;
  std::string received_at;
  std::vector<store::ReceivedItem> items;  // empty until the notice is acknowledged
  std::optional<std::string> acknowledged_at;  // when this opening acknowledged the notice (W-29)
};

// SPEC W-25: the field profiles of the art. 20 decisions in force that fit the case's MAS phase.
struct PhaseProfileOffer {
  std::string agreement_id;
  std::string agreement_title;
  std::string id;
  std::string label;
  std::vector<std::string> fields;  // expanded field ids
};
struct PhaseProfiles {
  std::string phase;  // the case's MAS phase
  std::vector<PhaseProfileOffer> profiles;
};

struct FieldCorrection {
  bool changed = false;
  std::vector<store::CorrectionSent> notified;
};

class DisclosureService {
 public:
  // `regions` (may be null: no table) routes thuiszitter records to the responsible SWV.
  DisclosureService(DataFolder& folder, const MatrixStore& matrices, const AgreementRegistry& agreements,
                    const policy::SwvRegions* regions, const Clock& clock)
      : folder_(folder), matrices_(matrices), agreements_(agreements), regions_(regions), clock_(clock) {}

  // Decides without sending. Not a processing of the data itself, so nothing is logged.
  Result<DisclosurePreview> Preview(const Actor& actor, const DisclosureDraft& draft);
  // Decides again (the preview is never trusted), requires the confirmation, and records and
  // delivers the granted fields that have a value — nothing else leaves the party. kRefused when
  // nothing is granted (the refusal is logged).
  Result<SentDisclosure> Send(const Actor& actor, const DisclosureDraft& draft, const DisclosureConfirmation& confirm);
  // SPEC W-25: what the share form may offer for the case in its present phase. Reading the phase
  // is a read of the case, logged as such.
  Result<PhaseProfiles> ProfilesFor(const Actor& actor, std::int64_t case_id);
  // Every disclosure about the case (to show a parent who asks, SPEC W-30).
  Result<std::vector<store::Disclosure>> ListForCase(const Actor& actor, std::int64_t case_id);

  // The party's received disclosures; contents only with `acknowledged` (the confidentiality notice
  // is shown first, SPEC W-29), or for disclosures without a notice. Each opening of one
  // disclosure whose notice the user acknowledged logs the acknowledgement before the content.
  Result<std::vector<ReceivedDisclosure>> Received(const Actor& actor, std::optional<std::int64_t> disclosure_id,
                                                   bool acknowledged);
  // SPEC W-22/C-35: received data go no further. Always decided by the engine (subject
  // received_from set) so the refusal carries its reason code, and logged.
  Result<DisclosurePreview> Forward(const Actor& actor, std::int64_t disclosure_id, const std::string& recipient,
                                    const std::string& agreement_id, const std::string& purpose);

  // SPEC C-35: received data went on because a statutory obligation requires it. Needs the recorded
  // obligation and the recipient; the originating party is told at once (a "doorverstrekking"
  // notice in its space). Returns the notice's id and the party told.
  using StatutoryDisclosure = store::OnwardReport;
  Result<StatutoryDisclosure> ReportStatutoryDisclosure(const Actor& actor, std::int64_t disclosure_id,
                                                        const std::string& recipient, const std::string& obligation);

  // Records the youth's value of a data-dictionary field; when it changed a value that was
  // disclosed, every recipient of that field gets the correction at once (SPEC W-27, C-37).
  Result<FieldCorrection> SetField(const Actor& actor, std::int64_t youth_id, const std::string& field,
                                   const std::string& value);
  Result<std::vector<store::CorrectionNotice>> Corrections(const Actor& actor);

 private:
  struct Decided;
  Result<Decided> Decide(store::Transaction& tx, const Actor& actor, const DisclosureDraft& draft,
                         std::optional<std::string> received_from);

  DataFolder& folder_;
  const MatrixStore& matrices_;
  const AgreementRegistry& agreements_;
  const policy::SwvRegions* regions_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
