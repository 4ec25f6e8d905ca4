#include "domain/leerplicht.h"

#include <gtest/gtest.h>

namespace leerrecht::domain {
namespace {

Date D(int y, unsigned m, unsigned d) { return Date::Ymd(y, m, d); }

TEST(LeerplichtTest, EndOfSchoolYear) {
  EXPECT_EQ(EndOfSchoolYear(D(2025, 7, 31)), D(2025, 7, 31));
  EXPECT_EQ(EndOfSchoolYear(D(2025, 8, 1)), D(2026, 7, 31));
  EXPECT_EQ(EndOfSchoolYear(D(2025, 1, 1)), D(2025, 7, 31));
}

TEST(LeerplichtTest, WindowsForTheCatalogueTestPersons) {
  SchoolCalendar calendar;
  // Sem, born 2013-04-12: fifth birthday 2018-04-12, leerplicht from Tuesday 2018-05-01.
  const auto sem = ComputeObligationWindows(D(2013, 4, 12), calendar);
  EXPECT_EQ(sem.leerplicht_start, D(2018, 5, 1));
  EXPECT_EQ(sem.leerplicht_end, D(2029, 7, 31));
  EXPECT_EQ(sem.eighteenth_birthday, D(2031, 4, 12));
  // Noor, born 2010-09-01: turns 16 on 2026-09-01, in school year 2026/27.
  const auto noor = ComputeObligationWindows(D(2010, 9, 1), calendar);
  EXPECT_EQ(noor.leerplicht_start, D(2015, 10, 1));
  EXPECT_EQ(noor.leerplicht_end, D(2027, 7, 31));
}

TEST(LeerplichtTest, LeapDayBirth) {
  const auto w = ComputeObligationWindows(D(2012, 2, 29), SchoolCalendar{});
  // 2017 has no 29 February: the fifth birthday is 1 March, so leerplicht starts in April.
  EXPECT_EQ(w.leerplicht_start, D(2017, 4, 3));
  EXPECT_EQ(w.eighteenth_birthday, D(2030, 3, 1));
}

}  // namespace
}  // namespace leerrecht::domain
