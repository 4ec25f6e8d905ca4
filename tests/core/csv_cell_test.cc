#include "core/csv_cell.h"

#include <gtest/gtest.h>

namespace leerrecht {
namespace {

std::string Cell(std::string_view value, char separator = ';') {
  std::string out;
  AppendCsvCell(out, value, separator);
  return out;
}

TEST(CsvCellTest, PlainValuesStayAsTheyAre) {
  EXPECT_EQ(Cell("swv-de-verbinding"), "swv-de-verbinding");
  EXPECT_EQ(Cell(""), "");
  EXPECT_EQ(Cell("a,b"), "a,b");  // not the separator here
}

TEST(CsvCellTest, SeparatorQuotesAndLineBreaksAreQuoted) {
  EXPECT_EQ(Cell("a;b"), "\"a;b\"");
  EXPECT_EQ(Cell("a,b", ','), "\"a,b\"");
  EXPECT_EQ(Cell("zei \"nee\""), "\"zei \"\"nee\"\"\"");
  EXPECT_EQ(Cell("regel 1\nregel 2"), "\"regel 1\nregel 2\"");
}

TEST(CsvCellTest, AFormulaNeverRunsInASpreadsheet) {
  EXPECT_EQ(Cell("=HYPERLINK(\"x\")"), "\"'=HYPERLINK(\"\"x\"\")\"");
  EXPECT_EQ(Cell("+31"), "\"'+31\"");
  EXPECT_EQ(Cell("-1"), "\"'-1\"");
  EXPECT_EQ(Cell("@SUM(A1)"), "\"'@SUM(A1)\"");
}

}  // namespace
}  // namespace leerrecht
