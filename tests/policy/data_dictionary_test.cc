#include "policy/data_dictionary.h"

#include <gtest/gtest.h>

#include <vector>

namespace leerrecht::policy {
namespace {

std::vector<std::string_view> Expand(std::string_view token) {
  std::vector<std::string_view> out;
  FieldSet seen;
  ExpandFieldToken(token, seen, [&](FieldId f) { out.push_back(Field(f).id); });
  return out;
}

TEST(DataDictionaryTest, EveryDesignFieldExistsOnce) {
  for (const char* id : {"bsn", "naam", "geboortedatum", "geslacht", "geboorteplaats", "adres", "telefoon", "email",
                         "ouder_naam", "ouder_adres", "ouder_telefoon", "ouder_email", "school_laatst_bekend",
                         "verzuim_soort", "verzuim_startdatum", "verzuim_duur", "verzuim_reden", "betrokkenheid",
                         "vrijstelling_soort", "vrijstelling_datum_toekenning", "vrijstelling_duur",
                         "leerplichtambtenaar", "notities", "verklaringen", "halt_verwijzing", "proces_verbaal",
                         "jeugdreclasseerder", "recidive", "om_gegevens", "gezondheid", "religie", "etniciteit",
                         "seksuele_gerichtheid", "politieke_opvatting", "vakbond", "genetisch", "biometrisch"}) {
    auto f = FindField(id);
    ASSERT_TRUE(f.has_value()) << id;
    EXPECT_EQ(Field(*f).id, id);
  }
  EXPECT_EQ(AllFields().size(), 37u);
  EXPECT_FALSE(FindField("naw").has_value());  // a shorthand, not a field
  EXPECT_FALSE(FindField("telefoonnummer").has_value());
}

TEST(DataDictionaryTest, C_27_naw_is_name_and_address_of_youth_and_parents_without_phone_or_email) {
  EXPECT_EQ(Expand("naw"), (std::vector<std::string_view>{"naam", "adres", "ouder_naam", "ouder_adres"}));
}

TEST(DataDictionaryTest, ExpansionSkipsFieldsAlreadyPresent) {
  std::vector<std::string_view> out;
  FieldSet seen;
  for (const char* t : {"adres", "naw", "naam", "bsn"}) {
    ExpandFieldToken(t, seen, [&](FieldId f) { out.push_back(Field(f).id); });
  }
  EXPECT_EQ(out, (std::vector<std::string_view>{"adres", "naam", "ouder_naam", "ouder_adres", "bsn"}));
  EXPECT_FALSE(ExpandFieldToken("onzin", seen, [](FieldId) {}));
}

TEST(DataDictionaryTest, WpgFieldsArePoliceDataAndSpecialCategoriesAreMarked) {
  for (const char* id : {"verklaringen", "halt_verwijzing", "proces_verbaal", "jeugdreclasseerder", "recidive",
                         "om_gegevens"}) {
    EXPECT_TRUE(Field(*FindField(id)).IsPoliceData()) << id;
  }
  EXPECT_FALSE(Field(*FindField("notities")).IsPoliceData());
  EXPECT_TRUE(Field(*FindField("om_gegevens")).om);
  for (const char* id : {"gezondheid", "religie", "etniciteit", "seksuele_gerichtheid", "politieke_opvatting",
                         "vakbond", "genetisch", "biometrisch"}) {
    EXPECT_TRUE(Field(*FindField(id)).IsSpecialCategory()) << id;
  }
  EXPECT_FALSE(Field(*FindField("verzuim_reden")).IsSpecialCategory());
}

}  // namespace
}  // namespace leerrecht::policy
