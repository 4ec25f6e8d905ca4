// Separate bases for exceptional disclosures outside the agreements (SPEC ), recorded by the legal adviser.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "store/database.h"

namespace leerrecht::store {

// No personal data: a basis names an organisation, a purpose and the law, so nothing here is logged
// as a processing of a youth's data; the disclosures made on it are.
struct SeparateBasis {
  std::int64_t id = 0;
  std::string party;
  std::string recipient_id;    // slug, e.g. "oov-team-gemeente"
  std::string recipient_name;  // "OOV-team gemeente"
  std::string purpose;         // the recipient's purpose, in words
  std::string legal_basis;     // e.g. "AVG art. 6 lid 1 sub e; Gemeentewet art. 172"
  std::string compatibility;   // why the purpose is compatible (AVG art. 6 lid 4)
  std::vector<std::string> fields;  // field ids the basis covers
  std::int64_t recorded_by = 0;
  std::string recorded_at;
  std::optional<std::string> ended_at;
};

class SeparateBasisRepository {
 public:
  // kInvalidInput when a text is blank, the recipient id is no slug or there are no fields.
  Result<std::int64_t> Create(Transaction& tx, const SeparateBasis& basis);
  // kNotFound when not of `party`; kConflict when it has ended already.
  Status End(Transaction& tx, std::string_view party, std::int64_t id, const std::string& now_utc);
  Result<SeparateBasis> Get(Transaction& tx, std::string_view party, std::int64_t id);
  // Every basis of the party, newest first (ended ones too: they are the history).
  Result<std::vector<SeparateBasis>> List(Transaction& tx, std::string_view party);
};

}  // namespace leerrecht::store
