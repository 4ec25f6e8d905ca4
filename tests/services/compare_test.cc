// List comparison (DESIGN.md §12, SPEC C-17, C-26): the reader's dialects, bad rows, matching and both renderings.
#include "services/compare.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <random>
#include <string>
#include <vector>

#include "core/bsn.h"
#include "core/date.h"

namespace leerrecht::services {
namespace {

using nlohmann::json;

// Valid BSNs (elfproef): SPEC's Noor and Daan, SPEC C-26's 111222333, and a few more.
constexpr const char* kNoor = "123456782";
constexpr const char* kDaan = "232262536";
constexpr const char* kB1 = "111222333";
constexpr const char* kB2 = "100617682";
constexpr const char* kB3 = "101029470";
constexpr const char* kB4 = "102470728";

Result<CompareReport> Compare(std::string_view left, std::string_view right, bool parallel = true) {
  CompareOptions options;
  options.parallel = parallel;
  return CompareLists({left, "links.csv"}, {right, "rechts.csv"}, options);
}

json CompareJson(std::string_view left, std::string_view right) {
  auto report = Compare(left, right);
  EXPECT_TRUE(report.ok()) << report.status().message();
  if (!report.ok()) return json();
  return json::parse(CompareReportToJson(*report));
}

std::vector<std::string> Strings(const json& list) { return list.get<std::vector<std::string>>(); }

TEST(CompareTest, C_17_spec_example_start_date_difference_of_7_days) {
  // SPEC C-17: RBL {Noor langdurig since 2025-01-06; Daan absoluut}, SWV {Noor langdurig since 2025-01-13}.
  const char* rbl =
      "bsn;categorie;startdatum\n"
      "123456782;langdurig;2025-01-06\n"
      "232262536;absoluut;\n";
  const char* swv =
      "bsn;categorie;startdatum\n"
      "123456782;langdurig;2025-01-13\n";
  const json expected = json::parse(R"({
    "left": 2, "right": 1,
    "matched": ["123456782"], "only_left": ["232262536"], "only_right": [],
    "category_mismatch": [],
    "field_differences": [
      {"bsn": "123456782", "field": "startdatum", "left": "2025-01-06", "right": "2025-01-13", "days": 7}],
    "invalid": [], "duplicates": [],
    "notes": [{"group": "only_left", "bsn": "232262536",
               "note": "verwacht: absoluut verzuim alleen bij RBL bekend"}],
    "counts": {"matched": 1, "only_left": 1, "only_right": 0, "category_mismatch": 0,
               "field_differences": 1, "invalid": 0, "duplicates": 0}
  })");
  EXPECT_EQ(CompareJson(rbl, swv), expected);
}

TEST(CompareTest, JsonKeysInContractOrder) {
  auto report = Compare("bsn\n123456782\n", "bsn\n123456782\n");
  ASSERT_TRUE(report.ok());
  const std::string text = CompareReportToJson(*report);
  std::size_t at = 0;
  for (const char* key : {"\"left\"", "\"right\"", "\"matched\"", "\"only_left\"", "\"only_right\"",
                          "\"category_mismatch\"", "\"field_differences\"", "\"invalid\"", "\"duplicates\"",
                          "\"notes\"", "\"counts\""}) {
    const std::size_t next = text.find(key, at);
    ASSERT_NE(next, std::string::npos) << key;
    at = next;
  }
}

// ---- dialects ----

TEST(CompareTest, SeparatorsAreDetectedFromTheHeader) {
  for (const char* sep : {";", ",", "\t"}) {
    const std::string left = std::string("bsn") + sep + "school\n" + kNoor + sep + "Het Baken\n";
    const std::string right = std::string("school") + sep + "bsn\n" + "De Klimop" + sep + kNoor + "\n";
    const json out = CompareJson(left, right);
    EXPECT_EQ(Strings(out["matched"]), std::vector<std::string>{kNoor}) << "separator " << sep;
    ASSERT_EQ(out["field_differences"].size(), 1u) << "separator " << sep;
    EXPECT_EQ(out["field_differences"][0]["right"], "De Klimop");
  }
}

TEST(CompareTest, SemicolonWinsOverCommasInsideDutchValues) {
  // Dutch Excel: ';' separates, ',' may appear in names without quotes.
  const std::string left = "bsn;school;opmerking\n" + std::string(kNoor) + ";Baken, locatie Noord;a, b\n";
  auto report = Compare(left, "bsn;school\n" + std::string(kNoor) + ";Baken, locatie Noord\n");
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->left_dialect.separator, ';');
  EXPECT_TRUE(report->field_differences.empty());
  EXPECT_TRUE(report->invalid.empty());
}

TEST(CompareTest, ExcelSepHintLineNamesTheSeparatorAndCountsAsALine) {
  const std::string left = "sep=|\nbsn|categorie\n" + std::string(kNoor) + "|langdurig\n12|x\n";
  auto report = Compare(left, "bsn\n");
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->left_dialect.separator, '|');
  EXPECT_EQ(report->only_left, std::vector<std::uint32_t>{123456782});
  ASSERT_EQ(report->invalid.size(), 1u);
  EXPECT_EQ(report->invalid[0].line, 4u);
}

TEST(CompareTest, Utf8ByteOrderMarkIsSkippedAndRemembered) {
  const std::string left = "\xEF\xBB\xBF" "BSN;Categorie\n" + std::string(kNoor) + ";langdurig\n";
  auto report = Compare(left, "bsn\n" + std::string(kNoor) + "\n");
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->left_dialect.bom);
  EXPECT_EQ(report->matched, std::vector<std::uint32_t>{123456782});
}

TEST(CompareTest, CrlfAndLoneCrLineEnds) {
  const std::string crlf = "bsn;school\r\n" + std::string(kNoor) + ";Het Baken\r\n" + kDaan + ";De Klimop\r\n12;x\r\n";
  const std::string cr = "bsn;school\r" + std::string(kNoor) + ";Het Baken\r" + kDaan + ";De Klimop\r";
  auto report = Compare(crlf, cr);
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_TRUE(report->left_dialect.crlf);
  EXPECT_EQ(report->matched.size(), 2u);
  EXPECT_TRUE(report->field_differences.empty()) << "no \\r may stick to a value";
  ASSERT_EQ(report->invalid.size(), 1u);
  EXPECT_EQ(report->invalid[0].line, 4u);
}

TEST(CompareTest, QuotedFieldsWithSeparatorsQuotesAndLineBreaks) {
  const std::string left =
      "bsn;school;opmerking\n"
      "\"123456782\";\"Het Baken; locatie \"\"Noord\"\"\";\"regel een\nregel twee\"\n"
      "232262536; \"De Klimop\" ;x\n"
      "12;y;z\n";
  const std::string right =
      "bsn;school\n"
      "123456782;Het Baken; locatie \"Noord\"\n";
  auto report = Compare(left, "bsn;school;opmerking\n123456782;\"Het Baken; locatie \"\"Noord\"\"\";\"regel een\nregel twee\"\n232262536;De Klimop;x\n");
  ASSERT_TRUE(report.ok()) << report.status().message();
  EXPECT_EQ(report->matched.size(), 2u);
  EXPECT_TRUE(report->field_differences.empty());
  ASSERT_EQ(report->invalid.size(), 1u);
  EXPECT_EQ(report->invalid[0].line, 5u) << "the quoted line break makes row 2 span lines 2-3";

  // Unquoted, the separator inside the school name gives a row with more fields than the header.
  auto broken = Compare(left, right);
  ASSERT_TRUE(broken.ok());
  ASSERT_EQ(broken->invalid.size(), 2u);
  EXPECT_EQ(broken->invalid[1].side, CompareSide::kRight);
  EXPECT_EQ(broken->invalid[1].line, 2u);
  EXPECT_EQ(broken->invalid[1].error,
            "meer velden dan de kopregel (scheidingsteken in een waarde zonder aanhalingstekens?)");
}

TEST(CompareTest, TruncatedLastLineWithoutLineEnd) {
  auto report = Compare("bsn;categorie\n123456782;langdurig\n232262536;absol", "bsn;categorie\n232262536;absoluut");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->left_rows, 2u);
  EXPECT_EQ(report->matched, std::vector<std::uint32_t>{232262536});
  ASSERT_EQ(report->category_mismatch.size(), 1u) << "a cut-off value is a visible difference";
  EXPECT_EQ(report->category_mismatch[0].left, "absol");
}

TEST(CompareTest, TruncatedInsideAQuoteCostsOnlyThatRow) {
  auto report = Compare("bsn;school\n123456782;Het Baken\n232262536;\"De Kli", "bsn\n232262536\n");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->left_rows, 2u);
  ASSERT_EQ(report->invalid.size(), 1u);
  EXPECT_EQ(report->invalid[0].line, 3u);
  EXPECT_EQ(report->invalid[0].error, "aanhalingsteken niet afgesloten");
  EXPECT_EQ(report->only_left, std::vector<std::uint32_t>{123456782});
  EXPECT_EQ(report->only_right, std::vector<std::uint32_t>{232262536});
}

TEST(CompareTest, StrayQuotesDoNotSwallowTheFile) {
  const std::string left = std::string("bsn;school\n") + kB1 + ";\"Het Baken\n" + kB2 + ";De Klimop\n" + kB3 +
                           ";\"Wereldwijs\" 2\n" + kB4 + ";Ok\n";
  auto report = Compare(left, "bsn\n");
  ASSERT_TRUE(report.ok());
  // Line 2 opens a quote that line 4 closes, followed by text: one broken record, resumed per line.
  EXPECT_EQ(report->left_rows, 4u);
  ASSERT_GE(report->invalid.size(), 1u);
  EXPECT_EQ(report->invalid[0].line, 2u);
  EXPECT_EQ(report->invalid[0].error, "tekst na een afsluitend aanhalingsteken");
  EXPECT_NE(std::find(report->only_left.begin(), report->only_left.end(), 100617682u), report->only_left.end());
  EXPECT_NE(std::find(report->only_left.begin(), report->only_left.end(), 102470728u), report->only_left.end());
}

TEST(CompareTest, Windows1252IsReadAsWellAsUtf8) {
  const std::string cp1252 = "bsn;school\n" + std::string(kNoor) + ";Caf\xE9 De Ri\xEBt\n";
  const std::string utf8 = "bsn;school\n" + std::string(kNoor) + ";Caf\xC3\xA9 De Ri\xC3\xABt\n";
  auto report = Compare(cp1252, utf8);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->field_differences.empty());
  auto different = Compare(cp1252, "bsn;school\n" + std::string(kNoor) + ";Other\n");
  ASSERT_TRUE(different.ok());
  ASSERT_EQ(different->field_differences.size(), 1u);
  EXPECT_EQ(different->field_differences[0].left, "Caf\xC3\xA9 De Ri\xC3\xABt");
  EXPECT_TRUE(json::accept(CompareReportToJson(*different)));
}

TEST(CompareTest, HeaderNamesAreTrimmedAndCaseInsensitive) {
  const json out = CompareJson(" BSN ; Categorie ;StartDatum\n123456782;langdurig;2025-01-06\n",
                               "bsn,categorie,startdatum\n123456782,absoluut,2025-01-06\n");
  ASSERT_EQ(out["category_mismatch"].size(), 1u);
  EXPECT_TRUE(out["field_differences"].empty());
}

TEST(CompareTest, ColumnsWithAnEmptyNameAreIgnored) {
  const json out = CompareJson("bsn;school;;\n123456782;A;x;y\n", "bsn;school;\n123456782;A;z\n");
  EXPECT_TRUE(out["field_differences"].empty());
  EXPECT_TRUE(out["invalid"].empty());
}

// ---- BSN (SPEC C-26) ----

TEST(CompareTest, C_26_elfproef_rejects_123456789_and_accepts_111222333) {
  auto report = Compare("bsn\n123456789\n111222333\n", "bsn\n111222333\n");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->matched, std::vector<std::uint32_t>{111222333});
  ASSERT_EQ(report->invalid.size(), 1u);
  EXPECT_EQ(report->invalid[0].line, 2u);
  EXPECT_EQ(report->invalid[0].error, "BSN ongeldig (elfproef)");
}

TEST(CompareTest, C_26_missing_bsn_is_flagged_for_manual_matching) {
  auto report = Compare("bsn;naam\n;Noor\nonbekend;Daan\n-;Sem\n", "bsn\n");
  ASSERT_TRUE(report.ok());
  ASSERT_EQ(report->invalid.size(), 3u);
  for (const auto& row : report->invalid) EXPECT_EQ(row.error, "BSN onbekend");
  EXPECT_EQ(report->left_rows, 3u);
}

TEST(CompareTest, BsnNormalisation) {
  // 8 digits: a spreadsheet dropped the leading zero (core/bsn.h pads it back).
  auto report = Compare("bsn\n12345672\n1234.56.782\n 232 262 536 \n", "bsn\n012345672\n123456782\n232262536\n");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->matched, (std::vector<std::uint32_t>{12345672, 123456782, 232262536}));
  EXPECT_EQ(FormatBsn(12345672), "012345672");
  const json out = json::parse(CompareReportToJson(*report));
  EXPECT_EQ(out["matched"][0], "012345672");
}

TEST(CompareTest, BsnErrorsUseTheCoreMessages) {
  auto report = Compare("bsn\n1.23457E+08\n1234567\n1234567890\n000000000\n00000000\n", "bsn\n");
  ASSERT_TRUE(report.ok());
  std::vector<std::string> errors;
  for (const auto& row : report->invalid) errors.push_back(row.error);
  EXPECT_EQ(errors, (std::vector<std::string>{"BSN ongeldig (alleen cijfers toegestaan)",
                                              "BSN ongeldig (moet 9 cijfers hebben)",
                                              "BSN ongeldig (moet 9 cijfers hebben)", "BSN ongeldig (elfproef)",
                                              "BSN ongeldig (elfproef)"}));
}

TEST(CompareTest, ElfproefAgreesWithCoreBsn) {
  std::mt19937 random(17);
  std::string list = "bsn\n";
  std::vector<std::string> numbers;
  for (int i = 0; i < 5000; ++i) {
    char digits[10];
    std::snprintf(digits, sizeof digits, "%09u", static_cast<unsigned>(random() % 1000000000u));
    numbers.emplace_back(digits);
    list += numbers.back() + "\n";
  }
  auto report = Compare(list, "bsn\n", false);
  ASSERT_TRUE(report.ok());
  std::vector<std::uint32_t> invalid_lines;
  for (const auto& row : report->invalid) invalid_lines.push_back(row.line);
  for (std::size_t i = 0; i < numbers.size(); ++i) {
    const bool rejected = std::binary_search(invalid_lines.begin(), invalid_lines.end(), i + 2);
    EXPECT_EQ(rejected, !Bsn::Parse(numbers[i]).ok()) << numbers[i];
  }
}

TEST(CompareTest, TenPercentInvalidRowsAreReportedAndTheRestMatched) {
  std::string left = "bsn;categorie\n";
  std::string right = "bsn;categorie\n";
  std::vector<std::uint32_t> expected_lines;
  int valid = 0;
  for (std::uint32_t n = 100000000, row = 0; row < 200; ++n) {
    char digits[10];
    std::snprintf(digits, sizeof digits, "%09u", n);
    if (!Bsn::PassesElfproef(digits)) continue;
    ++row;
    if (row % 10 == 0) {
      digits[8] = static_cast<char>('0' + (digits[8] - '0' + 1) % 10);  // breaks the elfproef
      expected_lines.push_back(row + 1);
    } else {
      ++valid;
      right += std::string(digits) + ";langdurig\n";
    }
    left += std::string(digits) + ";langdurig\n";
  }
  auto report = Compare(left, right);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->left_rows, 200u);
  EXPECT_EQ(report->matched.size(), static_cast<std::size_t>(valid));
  EXPECT_TRUE(report->only_right.empty());
  ASSERT_EQ(report->invalid.size(), expected_lines.size());
  for (std::size_t i = 0; i < expected_lines.size(); ++i) {
    EXPECT_EQ(report->invalid[i].side, CompareSide::kLeft);
    EXPECT_EQ(report->invalid[i].line, expected_lines[i]);
    EXPECT_EQ(report->invalid[i].error, "BSN ongeldig (elfproef)");
  }
}

TEST(CompareTest, ErrorsNeverContainABsn) {
  const std::string header_less = std::string(kNoor) + ";" + kNoor + "\n";
  auto no_header = Compare(header_less, "bsn\n");
  ASSERT_FALSE(no_header.ok());
  EXPECT_EQ(no_header.status().message().find(kNoor), std::string::npos) << no_header.status().message();
  auto rows = Compare("bsn\n123456789\n12345678x\n", "bsn\n");
  ASSERT_TRUE(rows.ok());
  for (const auto& row : rows->invalid) EXPECT_EQ(row.error.find("1234567"), std::string::npos) << row.error;
}

// ---- the file as a whole ----

TEST(CompareTest, MissingBsnColumnNamesTheFile) {
  auto report = Compare("bsn;categorie\n", "burgerservicenummer;categorie\n123456782;langdurig\n");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(report.status().message(), "rechts.csv: geen kolom 'bsn' in de kopregel (regel 1)");
}

TEST(CompareTest, EmptyFilesAreRefused) {
  for (const char* empty : {"", "\n\n", "  \r\n", "\xEF\xBB\xBF", "sep=;\n"}) {
    auto report = Compare(empty, "bsn\n");
    ASSERT_FALSE(report.ok()) << "input: " << empty;
    EXPECT_EQ(report.status().message(), "links.csv: bestand is leeg");
  }
}

TEST(CompareTest, HeaderOnlyIsAnEmptyList) {
  auto report = Compare("bsn;categorie\n", "bsn;categorie\r\n123456782;langdurig\r\n");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->left_rows, 0u);
  EXPECT_EQ(report->right_rows, 1u);
  EXPECT_EQ(report->only_right, std::vector<std::uint32_t>{123456782});
}

TEST(CompareTest, Utf16IsRefusedWithAHint) {
  auto report = Compare(std::string("\xFF\xFE" "b\0s\0n\0", 8), "bsn\n");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(), "links.csv: bestand is UTF-16; sla het op als CSV UTF-8");
}

TEST(CompareTest, DuplicateHeaderNamesAreRefused) {
  auto report = Compare("bsn;school;School\n", "bsn\n");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(), "links.csv: kolom 'school' staat twee keer in de kopregel");
}

TEST(CompareTest, BrokenHeaderIsRefused) {
  auto report = Compare("bsn;\"school\n", "bsn\n");
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().message(), "links.csv: kopregel: aanhalingsteken niet afgesloten");
}

TEST(CompareTest, BlankRowsAreSkippedAndNotCounted) {
  auto report = Compare("bsn;school\n\n123456782;A\n;;\n  ; \n\n232262536;B\n;\n", "bsn;school\n");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->left_rows, 2u);
  EXPECT_TRUE(report->invalid.empty());
}

TEST(CompareTest, ShortRowsHaveEmptyFieldsAndTrailingEmptyExtrasAreFine) {
  auto report = Compare("bsn;categorie;school\n123456782\n232262536;langdurig;A;;\n",
                        "bsn;categorie;school\n123456782;;\n232262536;langdurig;A\n");
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->invalid.empty());
  EXPECT_EQ(report->matched.size(), 2u);
  EXPECT_TRUE(report->field_differences.empty());
  EXPECT_TRUE(report->category_mismatch.empty());
}

// ---- matching ----

TEST(CompareTest, DuplicatesListEveryLineAndTheFirstRowIsCompared) {
  const std::string left = std::string("bsn;categorie\n") + kNoor + ";langdurig\n" + kDaan + ";absoluut\n" + kNoor +
                           ";absoluut\n" + kNoor + ";langdurig\n";
  const std::string right = std::string("bsn;categorie\n") + kDaan + ";absoluut\n" + kDaan + ";absoluut\n" + kNoor +
                            ";langdurig\n";
  const json out = CompareJson(left, right);
  EXPECT_EQ(out["left"], 4);
  EXPECT_EQ(Strings(out["matched"]), (std::vector<std::string>{kNoor, kDaan}));
  EXPECT_TRUE(out["category_mismatch"].empty()) << "line 2 (langdurig) is the one compared";
  EXPECT_EQ(out["duplicates"], json::parse(R"([
    {"side": "left", "bsn": "123456782", "lines": [2, 4, 5]},
    {"side": "right", "bsn": "232262536", "lines": [2, 3]}])"));
}

TEST(CompareTest, CategoriesAreComparedByMeaning) {
  const std::string left = std::string("bsn;categorie\n") + kB1 + ";langdurig\n" + kB2 + ";Absoluut verzuim\n" + kB3 +
                           ";5a\n" + kB4 + ";langdurig\n" + kNoor + ";\n" + kDaan + ";Onbekende Soort\n";
  const std::string right = std::string("bsn;categorie\n") + kB1 + ";Langdurig-Verzuim\n" + kB2 +
                            ";absoluut-verzuim\n" + kB3 + ";vrijstelling 5 onder a\n" + kB4 + ";absoluut\n" + kNoor +
                            ";langdurig\n" + kDaan + ";onbekende_soort\n";
  const json out = CompareJson(left, right);
  EXPECT_EQ(out["category_mismatch"], json::parse(R"([{"bsn": "102470728", "left": "langdurig", "right": "absoluut"}])"));
}

TEST(CompareTest, CategoryMismatchNeedsTheColumnOnBothSides) {
  const json out = CompareJson("bsn;categorie\n123456782;langdurig\n", "bsn\n123456782\n");
  EXPECT_TRUE(out["category_mismatch"].empty());
  EXPECT_TRUE(out["field_differences"].empty());
}

TEST(CompareTest, FieldsPresentOnBothSidesAreCompared) {
  const std::string left = std::string("bsn;school;startdatum;alleen_links\n") + kB1 + ";Het  Baken ;06-01-2025;x\n" +
                           kB2 + ";De Klimop;2025-01-06;x\n" + kB3 + ";;2025-01-20;x\n" + kB4 + ";A;onbekend;x\n";
  const std::string right = std::string("alleen_rechts;startdatum;school;bsn\n") + "y;2025-01-06;het baken;" + kB1 +
                            "\ny;2025-01-01;De Klimop;" + kB2 + "\ny;13/01/2025;Wereldwijs;" + kB3 + "\ny;;A;" + kB4 +
                            "\n";
  const json out = CompareJson(left, right);
  EXPECT_EQ(out["field_differences"], json::parse(R"([
    {"bsn": "100617682", "field": "startdatum", "left": "2025-01-06", "right": "2025-01-01", "days": -5},
    {"bsn": "101029470", "field": "school", "left": "", "right": "Wereldwijs"},
    {"bsn": "101029470", "field": "startdatum", "left": "2025-01-20", "right": "13/01/2025", "days": -7},
    {"bsn": "102470728", "field": "startdatum", "left": "onbekend", "right": ""}])"));
}

TEST(CompareTest, NotesExplainAbsoluutOnOneSide) {
  const json out = CompareJson("bsn;categorie\n123456782;absoluut-verzuim\n",
                               "bsn;categorie\n232262536;Absoluut\n111222333;langdurig\n");
  EXPECT_EQ(out["notes"], json::parse(R"([
    {"group": "only_left", "bsn": "123456782", "note": "verwacht: absoluut verzuim alleen bij RBL bekend"},
    {"group": "only_right", "bsn": "232262536", "note": "verwacht: absoluut verzuim alleen bij RBL bekend"}])"));
}

TEST(CompareTest, OutputIsSortedAndIndependentOfRowOrder) {
  std::vector<std::string> rows;
  for (std::uint32_t n = 100000000; rows.size() < 3000; ++n) {
    char digits[10];
    std::snprintf(digits, sizeof digits, "%09u", n);
    if (Bsn::PassesElfproef(digits)) rows.push_back(std::string(digits) + ";langdurig;2025-01-06");
  }
  std::mt19937 random(3);
  auto list = [&](std::size_t from, std::size_t to, bool shuffle) {
    std::vector<std::string> part(rows.begin() + static_cast<std::ptrdiff_t>(from),
                                  rows.begin() + static_cast<std::ptrdiff_t>(to));
    if (shuffle) std::shuffle(part.begin(), part.end(), random);
    std::string text = "bsn;categorie;startdatum\n";
    for (const auto& r : part) text += r + "\n";
    return text;
  };
  auto sorted = Compare(list(0, 2000, false), list(1000, 3000, false));
  auto shuffled = Compare(list(0, 2000, true), list(1000, 3000, true));
  ASSERT_TRUE(sorted.ok() && shuffled.ok());
  EXPECT_EQ(CompareReportToJson(*sorted), CompareReportToJson(*shuffled));
  EXPECT_TRUE(std::is_sorted(sorted->matched.begin(), sorted->matched.end()));
  EXPECT_EQ(sorted->matched.size(), 1000u);
  EXPECT_EQ(sorted->only_left.size(), 1000u);
  EXPECT_EQ(sorted->only_right.size(), 1000u);
}

TEST(CompareTest, ParallelAndSerialGiveTheSameReport) {
  std::string left = "bsn;categorie;startdatum;school\n";
  std::string right = "bsn;school;startdatum;categorie\n";
  int i = 0;
  for (std::uint32_t n = 200000000; i < 20000; ++n) {
    char digits[10];
    std::snprintf(digits, sizeof digits, "%09u", n);
    if (!Bsn::PassesElfproef(digits)) continue;
    ++i;
    left += std::string(digits) + ";langdurig;2025-01-" + (i % 7 == 0 ? "06" : "13") + ";School " +
            std::to_string(i % 50) + "\n";
    if (i % 10 != 0) {
      right += std::string(digits) + ";School " + std::to_string(i % 53) + ";2025-01-13;" +
               (i % 11 == 0 ? "absoluut" : "langdurig") + "\n";
    }
  }
  auto parallel = Compare(left, right, true);
  auto serial = Compare(left, right, false);
  ASSERT_TRUE(parallel.ok() && serial.ok());
  EXPECT_EQ(CompareReportToJson(*parallel), CompareReportToJson(*serial));
  EXPECT_GT(parallel->field_differences.size(), 1000u);
  EXPECT_GT(parallel->category_mismatch.size(), 1000u);
}

// ---- renderings ----

TEST(CompareTest, JsonEscapesValues) {
  auto report = Compare("bsn;school\n123456782;\"Het \"\"Baken\"\" \\ a\tb\x01\"\n", "bsn;school\n123456782;x\n");
  ASSERT_TRUE(report.ok());
  const json out = json::parse(CompareReportToJson(*report));
  EXPECT_EQ(out["field_differences"][0]["left"], "Het \"Baken\" \\ a\tb\x01");
}

TEST(CompareTest, CsvReportMirrorsTheLeftDialect) {
  const std::string rbl = "\xEF\xBB\xBF" "bsn;categorie;startdatum;school\r\n"
                          "123456782;langdurig;2025-01-06;=HYPERLINK(\"x\")\r\n"
                          "232262536;absoluut;;\r\n"
                          "123456789;;;\r\n";
  const std::string swv = "bsn,categorie,startdatum,school\n123456782,absoluut,2025-01-13,\"A; B\"\n";
  auto report = Compare(rbl, swv);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(CompareReportToCsv(*report),
            "\xEF\xBB\xBF"
            "group;bsn;field;left;right;note\r\n"
            "matched;123456782;;;;\r\n"
            "only_left;232262536;;;;verwacht: absoluut verzuim alleen bij RBL bekend\r\n"
            "category_mismatch;123456782;categorie;langdurig;absoluut;\r\n"
            "field_differences;123456782;school;\"'=HYPERLINK(\"\"x\"\")\";\"A; B\";\r\n"
            "field_differences;123456782;startdatum;2025-01-06;2025-01-13;rechts 7 dagen later\r\n"
            "invalid;;line;4;;BSN ongeldig (elfproef)\r\n");
}

TEST(CompareTest, CsvReportPlainDialectAndDuplicates) {
  auto report = Compare("bsn\n123456782\n123456782\n", "bsn\n232262536\n12\n");
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(CompareReportToCsv(*report),
            "group,bsn,field,left,right,note\n"
            "only_left,123456782,,,,\n"
            "only_right,232262536,,,,\n"
            "invalid,,line,,3,BSN ongeldig (moet 9 cijfers hebben)\n"
            "duplicates,123456782,lines,2 3,,\n");
}

// ---- value helpers ----

TEST(CompareTest, ListDates) {
  const auto jan6 = Date::Ymd(2025, 1, 6).DaysSinceEpoch();
  for (const char* text : {"2025-01-06", "06-01-2025", "6-1-2025", "06/01/2025", "06.01.2025", "2025/1/6", " 2025-01-06 "}) {
    EXPECT_EQ(ParseListDate(text), jan6) << text;
  }
  for (const char* text : {"", "2025-01", "2025-13-01", "31-02-2025", "06-01-25", "2025-01/06", "1-1-1899", "x", "2025--01"}) {
    EXPECT_FALSE(ParseListDate(text).has_value()) << text;
  }
}

TEST(CompareTest, CanonicalCategories) {
  EXPECT_EQ(CanonicalCategory("langdurig"), "langdurig-verzuim");
  EXPECT_EQ(CanonicalCategory("Langdurig relatief verzuim"), "langdurig-verzuim");
  EXPECT_EQ(CanonicalCategory("ABSOLUUT"), "absoluut-verzuim");
  EXPECT_EQ(CanonicalCategory("vrijstelling-5a"), "vrijstelling-5a");
  EXPECT_EQ(CanonicalCategory("Vrijstelling 5 onder a"), "vrijstelling-5a");
  EXPECT_EQ(CanonicalCategory("luxe verzuim"), "luxe-verzuim");
  EXPECT_EQ(CanonicalCategory("Iets Anders"), "ietsanders");
}

}  // namespace
}  // namespace leerrecht::services
