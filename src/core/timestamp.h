// UTC timestamps as text (RFC 3339), the one format of every stored and logged moment.
#pragma once

#include <chrono>
#include <string>

namespace leerrecht {

// "2025-03-14T09:30:00.123456Z" (microseconds), or without the fraction when `micros` is false.
std::string FormatUtc(std::chrono::system_clock::time_point tp, bool micros = true);

// The moment the civil day year-month-day begins in the process's time zone (Europe/Amsterdam for
// the command, clock.h), as FormatUtc with microseconds: the bound of a period of stored moments,
// so that a quarter runs from Dutch midnight to Dutch midnight ("2025-04-01" -> "2025-03-31T22:00:00.000000Z").
std::string LocalMidnightUtc(int year, unsigned month, unsigned day);

}  // namespace leerrecht
