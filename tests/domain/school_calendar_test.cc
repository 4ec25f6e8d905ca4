#include "domain/school_calendar.h"

#include <gtest/gtest.h>

namespace leerrecht::domain {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::Ymd(y, m, d); }

TEST(SchoolCalendarTest, WeekdaysOutsideHolidaysAreSchoolDays) {
  auto calendar = SchoolCalendar::Create({{D(2025, 2, 15), D(2025, 2, 23)}});
  ASSERT_TRUE(calendar.ok());
  EXPECT_TRUE(calendar->IsSchoolDay(D(2025, 2, 14)));
  EXPECT_FALSE(calendar->IsSchoolDay(D(2025, 2, 17)));
  EXPECT_FALSE(calendar->IsSchoolDay(D(2025, 2, 23)));
  EXPECT_TRUE(calendar->IsSchoolDay(D(2025, 2, 24)));
  EXPECT_FALSE(calendar->IsSchoolDay(D(2025, 3, 1)));  // Saturday
}

TEST(SchoolCalendarTest, OverlappingAndUnorderedHolidaysMerge) {
  auto calendar = SchoolCalendar::Create({{D(2025, 5, 1), D(2025, 5, 9)}, {D(2025, 4, 26), D(2025, 5, 4)}});
  ASSERT_TRUE(calendar.ok());
  for (Date d = D(2025, 4, 26); d <= D(2025, 5, 9); d = d.AddDays(1)) EXPECT_TRUE(calendar->IsHoliday(d));
  EXPECT_FALSE(calendar->IsHoliday(D(2025, 4, 25)));
  EXPECT_FALSE(calendar->IsHoliday(D(2025, 5, 10)));
}

TEST(SchoolCalendarTest, RejectsBackwardsAndOverlongHolidays) {
  EXPECT_FALSE(SchoolCalendar::Create({{D(2025, 5, 9), D(2025, 5, 1)}}).ok());
  EXPECT_FALSE(SchoolCalendar::Create({{D(2025, 1, 1), D(2026, 1, 1)}}).ok());
  EXPECT_TRUE(SchoolCalendar::Create({{D(2025, 7, 12), D(2025, 8, 24)}}).ok());
}

TEST(SchoolCalendarTest, FirstSchoolDayOnOrAfterSkipsWeekendsAndHolidays) {
  auto calendar = *SchoolCalendar::Create({{D(2025, 4, 26), D(2025, 5, 4)}});
  EXPECT_EQ(calendar.FirstSchoolDayOnOrAfter(D(2025, 5, 1)), D(2025, 5, 5));
  EXPECT_EQ(calendar.FirstSchoolDayOnOrAfter(D(2025, 3, 1)), D(2025, 3, 3));
  EXPECT_EQ(calendar.FirstSchoolDayOnOrAfter(D(2025, 3, 4)), D(2025, 3, 4));
}

TEST(SchoolCalendarTest, WindowStartCountsOnlySchoolDays) {
  SchoolCalendar plain;
  EXPECT_EQ(plain.WindowStart(D(2025, 3, 14), 20), D(2025, 2, 17));
  EXPECT_EQ(plain.WindowStart(D(2025, 3, 16), 20), D(2025, 2, 17));  // Sunday reference date
  EXPECT_EQ(plain.WindowStart(D(2025, 3, 14), 1), D(2025, 3, 14));
  auto with_holiday = *SchoolCalendar::Create({{D(2025, 2, 17), D(2025, 2, 21)}});
  EXPECT_EQ(with_holiday.WindowStart(D(2025, 3, 7), 20), D(2025, 2, 3));
}

}  // namespace
}  // namespace leerrecht::domain
