// The quarterly counts as an Excel workbook (SPEC C-18, Q-47): the sheet holds exactly the counts
// and nothing below SWV level. The workbook is a zip; `unzip -p` reads its sheet XML.
#include <gtest/gtest.h>

#include <cstdio>
#include <fstream>
#include <string>

#include "../store/temp_dir.h"
#include "services/quarterly_xlsx.h"

namespace leerrecht::services {
namespace {

std::string Unzip(const std::string& file, const std::string& member) {
  const std::string command = "unzip -p '" + file + "' '" + member + "' 2>/dev/null";
  std::string out;
  if (FILE* pipe = ::popen(command.c_str(), "r")) {
    char buf[4096];
    std::size_t n;
    while ((n = std::fread(buf, 1, sizeof buf, pipe)) > 0) out.append(buf, n);
    ::pclose(pipe);
  }
  return out;
}

// The value of a numeric cell ("F3") in sheet XML, or "" when the cell is missing.
std::string CellValue(const std::string& sheet, const std::string& ref) {
  const std::size_t at = sheet.find("<c r=\"" + ref + "\"");
  if (at == std::string::npos) return "";
  const std::size_t end = sheet.find("</c>", at);
  const std::size_t v = sheet.find("<v>", at);
  if (v == std::string::npos || end == std::string::npos || v > end) return "";
  return sheet.substr(v + 3, sheet.find("</v>", v) - v - 3);
}

// SPEC C-18's example: Q1-2025 for De Verbinding, "absoluut 3, langdurig 33, vrijstelling 5a 5".
QuarterlyReport Example() {
  QuarterlyReport r;
  r.year = 2025;
  r.quarter = 1;
  r.first_day = "2025-01-01";
  r.peildatum = "2025-03-31";
  r.party = "rbl-midden-gelre";
  SwvCounts verbinding;
  verbinding.swv = "swv-de-verbinding";
  verbinding.categories[0] = {3, 2, 1, 1, 0};
  verbinding.categories[1] = {33, 20, 13, 7, 4};
  verbinding.categories[2] = {5, 0, 5, 0, 1};
  SwvCounts unrouted;  // youths the region table cannot route
  unrouted.categories[1] = {1, 1, 0, 1, 0};
  r.per_swv = {verbinding, unrouted};
  return r;
}

TEST(QuarterlyXlsxTest, C_18_the_workbook_holds_the_counts_per_swv_and_noemer) {
  leerrecht::testing::TempDir dir;
  const std::string path = dir.Sub("kwartaal.xlsx");
  ASSERT_TRUE(WriteQuarterlyXlsx(Example(), path).ok());
  const std::string sheet = Unzip(path, "xl/worksheets/sheet1.xml");
  const std::string strings = Unzip(path, "xl/sharedStrings.xml");
  ASSERT_FALSE(sheet.empty()) << "no first sheet in the workbook";
  // Heading plus 2 SWV groups x 3 noemers.
  EXPECT_NE(sheet.find("<row r=\"7\""), std::string::npos) << sheet;
  EXPECT_EQ(sheet.find("<row r=\"8\""), std::string::npos) << sheet;
  // Row 3 is De Verbinding's langdurig verzuim: 33 on the peildatum, 20 up to 3 months, 13 longer,
  // 7 new and 4 ended; row 2 its absoluut verzuim, row 4 its vrijstellingen, row 6 the unrouted.
  EXPECT_EQ(CellValue(sheet, "F3"), "33") << sheet;
  EXPECT_EQ(CellValue(sheet, "G3"), "20");
  EXPECT_EQ(CellValue(sheet, "H3"), "13");
  EXPECT_EQ(CellValue(sheet, "I3"), "7");
  EXPECT_EQ(CellValue(sheet, "J3"), "4");
  EXPECT_EQ(CellValue(sheet, "F2"), "3");
  EXPECT_EQ(CellValue(sheet, "F4"), "5");
  EXPECT_EQ(CellValue(sheet, "F6"), "1");
  EXPECT_EQ(CellValue(sheet, "A2"), "2025");
  for (const char* text : {"swv-de-verbinding", "langdurig-verzuim", "vrijstelling-5a", "geen verantwoordelijk SWV",
                           "Aantal op peildatum", "2025-03-31"}) {
    EXPECT_NE(strings.find(text), std::string::npos) << text;
  }
  const std::string notes = Unzip(path, "xl/worksheets/sheet2.xml");
  EXPECT_FALSE(notes.empty()) << "the Toelichting sheet is missing";
}

TEST(QuarterlyXlsxTest, C_18_workbook_bytes_are_a_zip_and_the_temporary_file_is_gone) {
  auto bytes = QuarterlyXlsx(Example());
  ASSERT_TRUE(bytes.ok()) << bytes.status().message();
  ASSERT_GT(bytes->size(), 4u);
  EXPECT_EQ(bytes->substr(0, 4), std::string("PK\x03\x04", 4));
  leerrecht::testing::TempDir dir;
  const std::string path = dir.Sub("copy.xlsx");
  std::ofstream(path, std::ios::binary) << *bytes;
  EXPECT_EQ(CellValue(Unzip(path, "xl/worksheets/sheet1.xml"), "F3"), "33");
}

TEST(QuarterlyXlsxTest, an_unwritable_path_is_an_error_not_a_crash) {
  const Status s = WriteQuarterlyXlsx(Example(), "/nonexistent-dir/kwartaal.xlsx");
  EXPECT_FALSE(s.ok());
  EXPECT_NE(s.message().find("werkmap"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace leerrecht::services
