// The rules behind the comparison routes, without a database: the covenant list's completeness
// check (SPEC C-16), the register list in the DESIGN.md §12 format through CompareLists (C-17),
// and the P-06 guards of school-level notes.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "services/list_comparison.h"
#include "services/school_note_service.h"

namespace leerrecht::services {
namespace {

store::RegisterEntry Entry(std::string bsn, std::string category, std::string start, std::string school = "") {
  store::RegisterEntry e;
  e.bsn = std::move(bsn);
  e.category = std::move(category);
  e.start_date = std::move(start);
  e.school = std::move(school);
  return e;
}

SwvCounts Verbinding(int absoluut, int langdurig, int vrijstelling) {
  SwvCounts c;
  c.swv = "swv-de-verbinding";
  c.categories[0].on_peildatum = absoluut;
  c.categories[1].on_peildatum = langdurig;
  c.categories[2].on_peildatum = vrijstelling;
  return c;
}

std::vector<store::RegisterEntry> Rows(int absoluut, int langdurig, int vrijstelling) {
  std::vector<store::RegisterEntry> rows;
  for (int i = 0; i < absoluut; ++i) rows.push_back(Entry("x", "absoluut-verzuim", "2025-01-01"));
  for (int i = 0; i < langdurig; ++i) rows.push_back(Entry("x", "langdurig-verzuim", "2025-01-01"));
  for (int i = 0; i < vrijstelling; ++i) rows.push_back(Entry("x", "vrijstelling-5a", "2025-01-01"));
  return rows;
}

// SPEC C-16: 41 in scope for De Verbinding on the peildatum -> the list holds 41 records.
TEST(CovenantListTest, C_16_a_complete_list_of_41_is_released) {
  const auto check = CheckCovenantList("swv-de-verbinding", "2025-03-31", Verbinding(3, 33, 5), Rows(3, 33, 5));
  EXPECT_TRUE(check.complete);
  EXPECT_EQ(check.rows.size(), 41u);
  EXPECT_EQ(check.register_counts, (std::array<int, 3>{3, 33, 5}));
  EXPECT_EQ(check.list_counts, check.register_counts);
}

// SPEC C-16: a filter error leaves 40 -> the export is blocked, with the difference per noemer.
TEST(CovenantListTest, C_16_a_list_of_40_against_a_register_of_41_is_blocked) {
  const auto check = CheckCovenantList("swv-de-verbinding", "2025-03-31", Verbinding(3, 33, 5), Rows(3, 32, 5));
  EXPECT_FALSE(check.complete);
  EXPECT_TRUE(check.rows.empty());
  EXPECT_EQ(check.register_counts[1], 33);
  EXPECT_EQ(check.list_counts[1], 32);
}

TEST(CovenantListTest, C_16_a_row_of_another_category_also_blocks) {
  auto rows = Rows(3, 33, 5);
  rows.push_back(Entry("x", "relatief-verzuim", "2025-01-01"));
  EXPECT_FALSE(CheckCovenantList("swv-de-verbinding", "2025-03-31", Verbinding(3, 33, 5), rows).complete);
}

// SPEC C-17's example, with the RBL's register written by RegisterCsv as the left list.
TEST(RegisterCsvTest, C_17_register_against_the_swv_list_gives_the_three_groups) {
  const std::string left = RegisterCsv({Entry("123456782", "langdurig-verzuim", "2025-01-06", "De Meerwaarde, Ede"),
                                        Entry("232262536", "absoluut-verzuim", "2025-02-01")});
  EXPECT_NE(left.find("\"De Meerwaarde, Ede\""), std::string::npos) << left;
  const std::string right = "bsn;categorie;startdatum\n123456782;langdurig;2025-01-13\n";
  auto report = CompareLists({left, "register"}, {right, "lijst"});
  ASSERT_TRUE(report.ok()) << report.status().message();
  const auto json = nlohmann::json::parse(CompareReportToJson(*report));
  EXPECT_EQ(json["matched"], nlohmann::json::array({"123456782"}));
  EXPECT_EQ(json["only_left"], nlohmann::json::array({"232262536"}));
  EXPECT_TRUE(json["only_right"].empty());
  EXPECT_TRUE(json["category_mismatch"].empty());
  ASSERT_EQ(json["field_differences"].size(), 1u) << json.dump();
  EXPECT_EQ(json["field_differences"][0]["field"], "startdatum");
  EXPECT_EQ(json["field_differences"][0]["days"], 7);
  EXPECT_NE(json.dump().find("verwacht: absoluut verzuim alleen bij RBL bekend"), std::string::npos) << json.dump();
}

TEST(RegisterCsvTest, quotes_are_doubled_and_an_empty_register_is_a_header) {
  EXPECT_EQ(RegisterCsv({}), "bsn,categorie,startdatum,school\r\n");
  EXPECT_NE(RegisterCsv({Entry("123456782", "langdurig-verzuim", "2025-01-06", "\"Het\" Baken")})
                .find("\"\"\"Het\"\" Baken\""),
            std::string::npos);
}

// SPEC P-06: a BSN-like number in a school-level note blocks saving; ordinary figures do not.
TEST(SchoolNoteGuardTest, P_06_bsn_like_numbers_are_found) {
  EXPECT_TRUE(HasBsnLikeNumber("gesprek over 123456782 gehad"));
  EXPECT_TRUE(HasBsnLikeNumber("bsn 123 456 782"));
  EXPECT_TRUE(HasBsnLikeNumber("1234.56.782"));
  EXPECT_TRUE(HasBsnLikeNumber("111222334"));  // nine digits, even when the elfproef fails
  EXPECT_TRUE(HasBsnLikeNumber("12345672"));   // eight digits that are a BSN with a leading zero
  EXPECT_FALSE(HasBsnLikeNumber("Voorlichting groep 8, OBS De Linde, 2025-03-12, 25 leerlingen"));
  EXPECT_FALSE(HasBsnLikeNumber("bel 0612345678"));  // ten digits: a phone number
  EXPECT_FALSE(HasBsnLikeNumber("op 12.03.2025 met 25 leerlingen"));
  EXPECT_FALSE(HasBsnLikeNumber(""));
}

TEST(SchoolNoteGuardTest, P_06_brin_is_normalised_or_refused) {
  EXPECT_EQ(NormaliseBrin(" 12ab "), "12AB");
  EXPECT_EQ(NormaliseBrin("00AA"), "00AA");
  EXPECT_FALSE(NormaliseBrin("ABCD").has_value());
  EXPECT_FALSE(NormaliseBrin("12A").has_value());
  EXPECT_FALSE(NormaliseBrin("12A-").has_value());
}

}  // namespace
}  // namespace leerrecht::services
