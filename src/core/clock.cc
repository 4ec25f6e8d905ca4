#include "core/clock.h"

#include <ctime>

namespace leerrecht {

namespace {

// GCC 12's libstdc++ has no std::chrono::zoned_time, so the civil date comes from the C library;
// the command sets TZ=Europe/Amsterdam at start-up unless the operator chose another zone.
Date LocalDate(std::chrono::system_clock::time_point tp) {
  const std::time_t t = std::chrono::system_clock::to_time_t(tp);
  std::tm local{};
  localtime_r(&t, &local);
  return Date::Ymd(local.tm_year + 1900, static_cast<unsigned>(local.tm_mon + 1), static_cast<unsigned>(local.tm_mday));
}

}  // namespace

std::chrono::system_clock::time_point SystemClock::Now() const { return std::chrono::system_clock::now(); }

Date SystemClock::Today() const { return LocalDate(Now()); }

FixedClock::FixedClock(Date today)
    : now_(std::chrono::time_point_cast<std::chrono::system_clock::duration>(today.SysDays()) + std::chrono::hours(12)) {}

Date FixedClock::Today() const { return Date(std::chrono::floor<std::chrono::days>(now_)); }

}  // namespace leerrecht
