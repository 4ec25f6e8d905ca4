// The data dictionary of DESIGN.md §4: every field id that may appear in an agreement, a decision or the API.
#pragma once

#include <bitset>
#include <cstdint>
#include <optional>
#include <span>
#include <string_view>

namespace leerrecht::policy {

enum class FieldCategory : std::uint8_t {
  kIdentificatie,
  kPersonalia,
  kAdres,
  kContact,
  kOnderwijs,
  kVerzuim,
  kRegie,
  kVrijstelling,
  kLpa,
  kDossier,
  kWpg,        // always police data (politiegegevens)
  kBijzonder,  // special categories, AVG art. 9
};

std::string_view FieldCategoryId(FieldCategory category);

// Data-subject categories a field is about (a bit set: a field can concern several).
enum class DataSubject : std::uint8_t { kJongere = 1, kOuder = 2, kDerde = 4 };
std::optional<DataSubject> ParseDataSubject(std::string_view id);

// Index of a field in the dictionary; small and dense so field sets are bit sets.
using FieldId = std::uint8_t;
inline constexpr std::size_t kMaxFields = 64;
using FieldSet = std::bitset<kMaxFields>;

struct FieldInfo {
  std::string_view id;          // "ouder_naam"
  std::string_view label;       // Dutch label for people: "naam ouder(s)/verzorger(s)"
  FieldCategory category;
  std::uint8_t subjects;        // DataSubject bits
  bool om = false;              // data about third parties from the OM (art. 52 Wjsg)
  [[nodiscard]] bool IsPoliceData() const { return category == FieldCategory::kWpg; }
  [[nodiscard]] bool IsSpecialCategory() const { return category == FieldCategory::kBijzonder; }
};

std::span<const FieldInfo> AllFields();
const FieldInfo& Field(FieldId id);
std::optional<FieldId> FindField(std::string_view id);

// Shorthands expand into several fields: `naw` = naam, adres, ouder_naam, ouder_adres
// (SPEC C-27, Q-14: NAW serves to reach youth and parents; no telephone or e-mail).
// Returns the expansion of a shorthand, or empty when `id` is not one.
std::span<const FieldId> ShorthandExpansion(std::string_view id);

// Appends the field ids `token` stands for (a field id or a shorthand) to `out`, skipping ids
// already present. Returns false when the token is neither.
template <typename Sink>
bool ExpandFieldToken(std::string_view token, FieldSet& seen, Sink&& sink) {
  auto add = [&](FieldId f) {
    if (!seen.test(f)) {
      seen.set(f);
      sink(f);
    }
  };
  if (auto field = FindField(token)) {
    add(*field);
    return true;
  }
  auto expansion = ShorthandExpansion(token);
  if (expansion.empty()) return false;
  for (FieldId f : expansion) add(f);
  return true;
}

}  // namespace leerrecht::policy
