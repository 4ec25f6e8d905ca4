#include "core/decimal.h"

#include <gtest/gtest.h>

namespace leerrecht {
namespace {

TEST(ParseDecimalTest, DigitsUpToTheLimitAreANumber) {
  EXPECT_EQ(ParseDecimal("0", 4), 0);
  EXPECT_EQ(ParseDecimal("2025", 4), 2025);
  EXPECT_EQ(ParseDecimal("007", 4), 7);
  EXPECT_EQ(ParseDecimal("999999999999999999", 18), 999999999999999999);
}

TEST(ParseDecimalTest, AnythingElseIsNothing) {
  EXPECT_EQ(ParseDecimal("", 4), std::nullopt);
  EXPECT_EQ(ParseDecimal("20255", 4), std::nullopt);
  EXPECT_EQ(ParseDecimal("-1", 4), std::nullopt);
  EXPECT_EQ(ParseDecimal("+1", 4), std::nullopt);
  EXPECT_EQ(ParseDecimal(" 1", 4), std::nullopt);
  EXPECT_EQ(ParseDecimal("1a", 4), std::nullopt);
  EXPECT_EQ(ParseDecimal("１", 4), std::nullopt);  // a full-width digit is not ASCII
}

// More than 18 digits could overflow; the limit is capped rather than trusted.
TEST(ParseDecimalTest, TheLimitIsCappedAt18Digits) {
  EXPECT_EQ(ParseDecimal("9999999999999999999", 30), std::nullopt);
  EXPECT_EQ(ParseDecimal("100000000000000000", 30), 100000000000000000);
}

}  // namespace
}  // namespace leerrecht
