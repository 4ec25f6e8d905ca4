#include "policy/data_dictionary.h"

#include <array>
#include <cassert>

namespace leerrecht::policy {

namespace {

constexpr std::uint8_t kJ = static_cast<std::uint8_t>(DataSubject::kJongere);
constexpr std::uint8_t kO = static_cast<std::uint8_t>(DataSubject::kOuder);
constexpr std::uint8_t kD = static_cast<std::uint8_t>(DataSubject::kDerde);
using C = FieldCategory;

// DESIGN.md §4, row for row. The order is the order of the table; ids are indexes into it.
constexpr std::array kFields{
    FieldInfo{"bsn", "burgerservicenummer", C::kIdentificatie, kJ},
    FieldInfo{"naam", "naam jongere", C::kPersonalia, kJ},
    FieldInfo{"geboortedatum", "geboortedatum", C::kPersonalia, kJ},
    FieldInfo{"geslacht", "geslacht", C::kPersonalia, kJ},
    FieldInfo{"geboorteplaats", "geboorteplaats", C::kPersonalia, kJ},
    FieldInfo{"adres", "adres (BRP)", C::kAdres, kJ},
    FieldInfo{"telefoon", "telefoonnummer", C::kContact, kJ},
    FieldInfo{"email", "e-mailadres", C::kContact, kJ},
    FieldInfo{"ouder_naam", "naam ouder(s)/verzorger(s)", C::kPersonalia, kO},
    FieldInfo{"ouder_adres", "adres ouder(s)/verzorger(s)", C::kAdres, kO},
    FieldInfo{"ouder_telefoon", "telefoonnummer ouder(s)/verzorger(s)", C::kContact, kO},
    FieldInfo{"ouder_email", "e-mailadres ouder(s)/verzorger(s)", C::kContact, kO},
    FieldInfo{"school_laatst_bekend", "(naam) laatst bekende school", C::kOnderwijs, kJ},
    FieldInfo{"verzuim_soort", "soort verzuim", C::kVerzuim, kJ},
    FieldInfo{"verzuim_startdatum", "startdatum verzuim", C::kVerzuim, kJ},
    FieldInfo{"verzuim_duur", "duur verzuim", C::kVerzuim, kJ},
    FieldInfo{"verzuim_reden", "(vermoedelijke) reden voor verzuim", C::kVerzuim, kJ},
    FieldInfo{"betrokkenheid", "betrokkenheid RBL/SWV", C::kRegie, kJ},
    FieldInfo{"vrijstelling_soort", "soort vrijstelling", C::kVrijstelling, kJ},
    FieldInfo{"vrijstelling_datum_toekenning", "datum toekenning vrijstelling", C::kVrijstelling, kJ},
    FieldInfo{"vrijstelling_duur", "duur vrijstelling", C::kVrijstelling, kJ},
    FieldInfo{"leerplichtambtenaar", "gegevens leerplichtambtenaar", C::kLpa, 0},
    FieldInfo{"notities", "notities en correspondentie", C::kDossier, kJ | kO},
    FieldInfo{"verklaringen", "verklaringen van leerling of ouders", C::kWpg, kJ | kO},
    FieldInfo{"halt_verwijzing", "Halt-verwijzing (het feit)", C::kWpg, kJ | kO},
    FieldInfo{"proces_verbaal", "proces-verbaal (het feit)", C::kWpg, kJ | kO},
    FieldInfo{"jeugdreclasseerder", "betrokken jeugdreclasseerder", C::kWpg, kJ | kO},
    FieldInfo{"recidive", "recidive Leerplichtwet", C::kWpg, kJ | kO},
    FieldInfo{"om_gegevens", "gegevens van het Openbaar Ministerie over derden", C::kWpg, kD, /*om=*/true},
    FieldInfo{"gezondheid", "gezondheid", C::kBijzonder, kJ | kO},
    FieldInfo{"religie", "religie of levensovertuiging", C::kBijzonder, kJ | kO},
    FieldInfo{"etniciteit", "ras of etnische afkomst", C::kBijzonder, kJ | kO},
    FieldInfo{"seksuele_gerichtheid", "seksueel gedrag of seksuele gerichtheid", C::kBijzonder, kJ | kO},
    FieldInfo{"politieke_opvatting", "politieke opvattingen", C::kBijzonder, kJ | kO},
    FieldInfo{"vakbond", "lidmaatschap van een vakbond", C::kBijzonder, kJ | kO},
    FieldInfo{"genetisch", "genetische gegevens", C::kBijzonder, kJ | kO},
    FieldInfo{"biometrisch", "biometrische gegevens", C::kBijzonder, kJ | kO},
};
static_assert(kFields.size() <= kMaxFields);

constexpr FieldId IndexOf(std::string_view id) {
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (kFields[i].id == id) return static_cast<FieldId>(i);
  }
  return 255;
}

constexpr std::array<FieldId, 4> kNaw{IndexOf("naam"), IndexOf("adres"), IndexOf("ouder_naam"), IndexOf("ouder_adres")};

}  // namespace

std::string_view FieldCategoryId(FieldCategory category) {
  static constexpr std::array<std::string_view, 12> kIds{"identificatie", "personalia", "adres",      "contact",
                                                         "onderwijs",     "verzuim",    "regie",      "vrijstelling",
                                                         "lpa",           "dossier",    "wpg",        "bijzonder"};
  return kIds[static_cast<std::size_t>(category)];
}

std::optional<DataSubject> ParseDataSubject(std::string_view id) {
  if (id == "jongere") return DataSubject::kJongere;
  if (id == "ouder") return DataSubject::kOuder;
  if (id == "derde") return DataSubject::kDerde;
  return std::nullopt;
}

std::span<const FieldInfo> AllFields() { return kFields; }

const FieldInfo& Field(FieldId id) {
  assert(id < kFields.size());
  return kFields[id];
}

std::optional<FieldId> FindField(std::string_view id) {
  // A linear scan over 37 short strings beats a hash map at this size and needs no start-up.
  for (std::size_t i = 0; i < kFields.size(); ++i) {
    if (kFields[i].id == id) return static_cast<FieldId>(i);
  }
  return std::nullopt;
}

std::span<const FieldId> ShorthandExpansion(std::string_view id) {
  if (id == "naw") return kNaw;
  return {};
}

}  // namespace leerrecht::policy
