// A party's register of disclosures per quarter for its FG and controller (SPEC W-30, C-36), without content.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "services/actor.h"
#include "services/agreement_registry.h"
#include "services/data_folder.h"
#include "services/matrix_store.h"
#include "store/repositories/disclosure_repository.h"

namespace leerrecht::services {

// One disclosure the party sent or received: W-30's four elements (recipient, date, description,
// purpose) and C-36's exchange details (parties, time, records, categories, fields, version).
struct RegisterEntryOut {
  std::int64_t id = 0;
  std::string direction;  // "uitgaand" | "inkomend"
  std::string sent_at;
  std::optional<std::string> received_at;  // C-33: when responsibility passed; none for a list sent outside
  std::string sender_party;
  std::string recipient_party;
  std::string agreement_id;
  std::int64_t agreement_version = 0;
  std::string route;  // "convenant" | "wpg-art20"
  std::string kind;   // "verstrekking" (one case) | "kwartaallijst"
  int records = 0;
  std::map<std::string, int> categories;  // category id → records
  std::vector<std::string> fields;        // the granted fields (the description)
  std::string purpose;
  std::string sender;                      // the person who sent it, for an outgoing disclosure
  std::optional<std::int64_t> case_id;     // outgoing case disclosures only
  std::string anonymisation;               // art. 20: "geanonimiseerd" | "identificeerbaar"
  std::string quality_check;               // art. 20: "bevestigd" or why not feasible
  std::string weighing;                    // art. 20, identifiable
};

struct DisclosureRegister {
  std::string party;
  int year = 0;
  int quarter = 0;
  std::vector<RegisterEntryOut> entries;  // oldest first
  // SPEC C-35: received data passed on under a statutory obligation, by this party or told to it
  // as the originating party (party: told; source_party: passed on; detail: recipient and law).
  std::vector<store::CorrectionNotice> onward;
};

// The register as a semicolon-separated CSV for the FG's export (W-30), one line per disclosure and per
// onward disclosure (C-35).
std::string DisclosureRegisterCsv(const DisclosureRegister& reg);

class DisclosureRegisterService {
 public:
  DisclosureRegisterService(DataFolder& folder, const MatrixStore& matrices, const AgreementRegistry& agreements,
                            const Clock& clock)
      : folder_(folder), matrices_(matrices), agreements_(agreements), clock_(clock) {}

  // The quarter's register of the actor's party, for whoever the matrix lets read the
  // "verstrekkingenregister" (the FG, the auditor, the controller). Reading it is logged; a
  // refusal too. Year 2000..2100, quarter 1..4.
  Result<DisclosureRegister> Quarter(const Actor& actor, int year, int quarter);

 private:
  DataFolder& folder_;
  const MatrixStore& matrices_;
  const AgreementRegistry& agreements_;
  const Clock& clock_;
};

}  // namespace leerrecht::services
