// Civil dates (no time zone): the unit of every rule about ages, periods, validity and retention.
#pragma once

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/status.h"

namespace leerrecht {

// A calendar date in the proleptic Gregorian calendar, stored as days since 1970-01-01 so that
// comparisons and day arithmetic are single integer operations on hot paths (classification).
class Date {
 public:
  constexpr Date() = default;
  constexpr explicit Date(std::chrono::sys_days days) : days_(days.time_since_epoch().count()) {}

  // Builds a date from its parts; invalid combinations (2025-02-30) are an error.
  static Result<Date> FromYmd(int year, unsigned month, unsigned day);
  // Strict ISO 8601 calendar date "YYYY-MM-DD" (four-digit year 1900..2999).
  static Result<Date> Parse(std::string_view text);
  // For tests and constants known to be valid; asserts on invalid input.
  static Date Ymd(int year, unsigned month, unsigned day);

  [[nodiscard]] constexpr std::int32_t DaysSinceEpoch() const { return days_; }
  [[nodiscard]] constexpr std::chrono::sys_days SysDays() const {
    return std::chrono::sys_days{std::chrono::days{days_}};
  }
  [[nodiscard]] std::chrono::year_month_day Ymd() const { return std::chrono::year_month_day{SysDays()}; }
  [[nodiscard]] int Year() const;
  [[nodiscard]] unsigned Month() const;
  [[nodiscard]] unsigned Day() const;
  // 1 = Monday ... 7 = Sunday (ISO 8601).
  [[nodiscard]] unsigned IsoWeekday() const;
  [[nodiscard]] bool IsWeekend() const { return IsoWeekday() >= 6; }

  [[nodiscard]] constexpr Date AddDays(std::int32_t n) const { return FromDays(days_ + n); }
  // Same day n years later. A 29 February maps to 1 March in a non-leap year: the person has
  // then lived the full n years (see docs/design-notes.md).
  [[nodiscard]] Date AddYears(int n) const;
  // Whole years from this date to `other` (an age): the largest n with AddYears(n) <= other, so a
  // 29 February birthday counts on 1 March; 0 when other is not later.
  [[nodiscard]] int WholeYearsUntil(Date other) const;
  [[nodiscard]] Date FirstOfNextMonth() const;
  // Days from this date to `other` (positive when other is later).
  [[nodiscard]] constexpr std::int32_t DaysUntil(Date other) const { return other.days_ - days_; }

  [[nodiscard]] std::string ToString() const;  // "YYYY-MM-DD"

  constexpr auto operator<=>(const Date&) const = default;

  static constexpr Date FromDays(std::int32_t days) {
    Date d;
    d.days_ = days;
    return d;
  }

 private:
  std::int32_t days_ = 0;
};

}  // namespace leerrecht
