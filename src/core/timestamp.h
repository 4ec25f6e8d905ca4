// UTC timestamps as text (RFC 3339), the one format of every stored and logged moment.
#pragma once

#include <chrono>
#include <string>

namespace leerrecht {

// "2025-03-14T09:30:00.123456Z" (microseconds), or without the fraction when `micros` is false.
std::string FormatUtc(std::chrono::system_clock::time_point tp, bool micros = true);

}  // namespace leerrecht
