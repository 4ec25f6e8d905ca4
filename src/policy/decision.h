// The one gate for every disclosure (DESIGN.md §6): a pure function from agreement and request to a decision.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/date.h"
#include "domain/case_category.h"
#include "policy/agreement.h"
#include "policy/data_dictionary.h"

namespace leerrecht::policy {

// Wpg regime of the holder (SPEC R-01..R-03).
enum class WpgRegime { kVanafMelding, kVanafHandhaving };  // Regime A, Regime B
std::string_view WpgRegimeId(WpgRegime regime);
std::optional<WpgRegime> ParseWpgRegime(std::string_view id);

// MAS phases (contract, DESIGN.md §6).
enum class MasPhase { kMelding, kOnderzoek, kHulp, kHalt, kProcesVerbaal, kOm, kAfgesloten };
std::string_view MasPhaseId(MasPhase phase);
std::optional<MasPhase> ParseMasPhase(std::string_view id);

// Reason codes (contract), in the order the engine applies them. party-suspended is our
// extension for SPEC W-16 (docs/design-notes.md).
enum class Reason : std::uint8_t {
  kAgreementNotInForce,
  kPartyNotInAgreement,
  kPartySuspended,
  kSenderNotDesignated,
  kRecipientNotDesignated,
  kPurposeNotCovered,
  kProcessingEnded,
  kNoOnwardDisclosure,
  kSubjectNotInScope,
  // per field
  kOmSecrecy,
  kWpgExcluded,
  kNotPoliceData,
  kSpecialCategory,
  kNotInExchangeTable,
};
std::string_view ReasonCode(Reason reason);

struct Actor {
  std::string party;
  std::string person;
  std::string role;
  bool designated = false;  // the server's lookup of the person's designation
};

struct DisclosureSubject {
  domain::CaseCategory category = domain::CaseCategory::kLangdurigVerzuim;
  bool duo_melding = false;
  MasPhase phase = MasPhase::kMelding;
  std::optional<std::string> received_from;     // set: the data came from another party
  std::optional<std::string> processing_ended;  // set: an end trigger has occurred
};

// Fields in request order, expanded, each once; fixed capacity so deciding never allocates.
class FieldList {
 public:
  void Add(FieldId f) { items_[size_++] = f; }
  [[nodiscard]] std::size_t size() const { return size_; }
  [[nodiscard]] bool empty() const { return size_ == 0; }
  [[nodiscard]] FieldId operator[](std::size_t i) const { return items_[i]; }
  [[nodiscard]] const FieldId* begin() const { return items_.data(); }
  [[nodiscard]] const FieldId* end() const { return items_.data() + size_; }
  bool operator==(const FieldList& other) const {
    return size_ == other.size_ && std::equal(begin(), end(), other.begin());
  }

 private:
  std::array<FieldId, kMaxFields> items_{};
  std::size_t size_ = 0;
};

struct DisclosureRequest {
  Date date;
  Actor sender;
  Actor recipient;
  std::string purpose;
  WpgRegime regime = WpgRegime::kVanafHandhaving;
  DisclosureSubject subject;
  FieldList fields;  // expanded (ExpandFieldToken), in request order
  // SPEC W-23, Q-08: an exception to the secrecy of OM data (art. 52 lid 1 Wjsg) is recorded for
  // this subject, recipient and purpose and approved by a second officer. It lifts om-secrecy and
  // is itself the ground for om_gegevens, which no exchange table lists; every other check holds.
  bool om_exception = false;
};

enum class Outcome { kGranted, kPartial, kRefused };
std::string_view OutcomeId(Outcome outcome);

struct Refusal {
  FieldId field;
  Reason reason;
  bool operator==(const Refusal&) const = default;
};

// A decision is a value (STYLE.md point 3). Explanations and the documentation record are
// derived from it with the agreement and request (explain.h), so deciding stays cheap.
struct Decision {
  Outcome outcome = Outcome::kRefused;
  FieldList granted;
  std::array<Refusal, kMaxFields> refused{};
  std::size_t refused_count = 0;
  bool confidentiality_notice = false;  // the agreement's art. 7 lid 2 Wpg notice applies
  // For whole-request refusals: which check failed (also the reason of every refusal).
  std::optional<Reason> request_refusal;
  // Regime A made every field of the case police data (explains wpg-excluded, SPEC R-11).
  bool regime_a_police_case = false;

  [[nodiscard]] std::span<const Refusal> Refused() const { return {refused.data(), refused_count}; }
};

// Whether the items of a leerplicht party's case are police data (SPEC ): under Regime A
// from the melding or the detection of absoluut verzuim, under Regime B from the enforcement phases
// (halt, proces-verbaal, om). A case once WPG stays WPG, also when closed (R-04: no silent
// re-tagging); the dossier service keeps that, as this function only sees the present state.
bool CaseIsPoliceData(WpgRegime regime, bool duo_melding, domain::CaseCategory category, MasPhase phase);

// Whether `field` of the subject's case is police data for this sender (DESIGN.md §6, SPEC ).
bool IsPoliceData(FieldId field, const Agreement& agreement, const DisclosureRequest& request);

Decision Decide(const Agreement& agreement, const DisclosureRequest& request);

}  // namespace leerrecht::policy
