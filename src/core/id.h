// Identifiers of parties, agreements, purposes and people: validated slugs with a type per kind.
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht {

// True for "rbl-midden-gelre": lower-case letters, digits and single hyphens, 1..64 characters,
// starting with a letter or digit. Ids appear in files, URLs and logs, so we keep them plain.
bool IsValidSlug(std::string_view text);

// A typed id: PartyId and PurposeId cannot be mixed up by accident.
template <typename Tag>
class Id {
 public:
  static Result<Id> Parse(std::string_view text) {
    if (!IsValidSlug(text)) {
      return Status::InvalidInput("ongeldige id \"" + std::string(text.substr(0, 64)) +
                                  "\" (kleine letters, cijfers en streepjes)");
    }
    return Id(std::string(text));
  }
  [[nodiscard]] const std::string& str() const { return value_; }
  auto operator<=>(const Id&) const = default;

 private:
  explicit Id(std::string value) : value_(std::move(value)) {}
  std::string value_;
};

struct PartyTag {};
struct PersonTag {};
struct AgreementTag {};
struct PurposeTag {};
using PartyId = Id<PartyTag>;
using PersonId = Id<PersonTag>;
using AgreementId = Id<AgreementTag>;
using PurposeId = Id<PurposeTag>;

}  // namespace leerrecht
