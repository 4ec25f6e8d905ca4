#include "core/date.h"

#include <gtest/gtest.h>

namespace leerrecht {
namespace {

TEST(DateTest, ParsesAndPrintsIsoDates) {
  auto date = Date::Parse("2025-03-14");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(date->Year(), 2025);
  EXPECT_EQ(date->Month(), 3u);
  EXPECT_EQ(date->Day(), 14u);
  EXPECT_EQ(date->ToString(), "2025-03-14");
}

TEST(DateTest, RejectsMalformedAndImpossibleDates) {
  for (const char* text : {"", "2025-3-14", "2025/03/14", "2025-02-30", "2025-13-01", "2025-00-10", "14-03-2025",
                           "2025-03-14T00:00", "1899-12-31", "20250314", "2025-03-1x"}) {
    auto date = Date::Parse(text);
    ASSERT_FALSE(date.ok()) << text;
    EXPECT_EQ(date.status().code(), ErrorCode::kInvalidInput);
  }
}

TEST(DateTest, LeapDays) {
  EXPECT_TRUE(Date::Parse("2024-02-29").ok());
  EXPECT_FALSE(Date::Parse("2025-02-29").ok());
  EXPECT_TRUE(Date::Parse("2000-02-29").ok());
  EXPECT_FALSE(Date::Parse("1900-02-29").ok());
}

TEST(DateTest, IsoWeekday) {
  EXPECT_EQ(Date::Ymd(2025, 1, 6).IsoWeekday(), 1u);  // Monday
  EXPECT_EQ(Date::Ymd(2025, 3, 1).IsoWeekday(), 6u);  // Saturday
  EXPECT_TRUE(Date::Ymd(2025, 3, 2).IsWeekend());
  EXPECT_FALSE(Date::Ymd(2025, 3, 3).IsWeekend());
}

TEST(DateTest, ArithmeticAndComparison) {
  const Date d = Date::Ymd(2024, 12, 31);
  EXPECT_EQ(d.AddDays(1), Date::Ymd(2025, 1, 1));
  EXPECT_EQ(d.AddDays(-366), Date::Ymd(2023, 12, 31));
  EXPECT_EQ(d.DaysUntil(Date::Ymd(2025, 1, 31)), 31);
  EXPECT_LT(d, d.AddDays(1));
  EXPECT_EQ(Date::Ymd(2025, 1, 31).FirstOfNextMonth(), Date::Ymd(2025, 2, 1));
  EXPECT_EQ(Date::Ymd(2025, 12, 5).FirstOfNextMonth(), Date::Ymd(2026, 1, 1));
}

TEST(DateTest, AddYearsMapsLeapDayToFirstOfMarch) {
  EXPECT_EQ(Date::Ymd(2012, 5, 2).AddYears(5), Date::Ymd(2017, 5, 2));
  EXPECT_EQ(Date::Ymd(2008, 2, 29).AddYears(18), Date::Ymd(2026, 3, 1));
  EXPECT_EQ(Date::Ymd(2008, 2, 29).AddYears(16), Date::Ymd(2024, 2, 29));
}

// An age in whole years, with the same 29 February rule as AddYears.
TEST(DateTest, WholeYearsUntilIsAnAge) {
  const Date noor = Date::Ymd(2011, 4, 2);
  EXPECT_EQ(noor.WholeYearsUntil(Date::Ymd(2025, 3, 21)), 13);
  EXPECT_EQ(noor.WholeYearsUntil(Date::Ymd(2025, 4, 1)), 13);
  EXPECT_EQ(noor.WholeYearsUntil(Date::Ymd(2025, 4, 2)), 14);
  EXPECT_EQ(noor.WholeYearsUntil(noor), 0);
  EXPECT_EQ(noor.WholeYearsUntil(Date::Ymd(2000, 1, 1)), 0);
  const Date leap = Date::Ymd(2008, 2, 29);
  EXPECT_EQ(leap.WholeYearsUntil(Date::Ymd(2025, 2, 28)), 16);
  EXPECT_EQ(leap.WholeYearsUntil(Date::Ymd(2025, 3, 1)), 17);
  EXPECT_EQ(leap.WholeYearsUntil(Date::Ymd(2024, 2, 29)), 16);
}

}  // namespace
}  // namespace leerrecht
