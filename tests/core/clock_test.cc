#include "core/clock.h"

#include <gtest/gtest.h>

namespace leerrecht {
namespace {

TEST(ClockTest, FixedClockStandsStillUntilMoved) {
  FixedClock clock(Date::Ymd(2025, 3, 14));
  EXPECT_EQ(clock.Today(), Date::Ymd(2025, 3, 14));
  EXPECT_EQ(clock.Now(), clock.Now());
  clock.Advance(std::chrono::hours(24));
  EXPECT_EQ(clock.Today(), Date::Ymd(2025, 3, 15));
}

TEST(ClockTest, SystemClockTodayIsNearTheUtcDate) {
  SystemClock clock;
  const Date utc(std::chrono::floor<std::chrono::days>(std::chrono::system_clock::now()));
  EXPECT_LE(std::abs(clock.Today().DaysUntil(utc)), 1);
}

}  // namespace
}  // namespace leerrecht
