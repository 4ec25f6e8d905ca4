#include "core/timestamp.h"

#include <cstdio>
#include <ctime>

namespace leerrecht {

std::string FormatUtc(std::chrono::system_clock::time_point tp, bool micros) {
  // GCC 12 has no <format>; gmtime_r is exact for UTC.
  const auto since_epoch = std::chrono::duration_cast<std::chrono::microseconds>(tp.time_since_epoch());
  auto seconds = std::chrono::floor<std::chrono::seconds>(since_epoch);
  const long long fraction = (since_epoch - seconds).count();
  const std::time_t t = static_cast<std::time_t>(seconds.count());
  std::tm utc{};
  gmtime_r(&t, &utc);
  char buf[64];  // room for any int the compiler cannot rule out (-Wformat-truncation)
  if (micros) {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02d.%06lldZ", utc.tm_year + 1900, utc.tm_mon + 1,
                  utc.tm_mday, utc.tm_hour, utc.tm_min, utc.tm_sec, fraction);
  } else {
    std::snprintf(buf, sizeof buf, "%04d-%02d-%02dT%02d:%02d:%02dZ", utc.tm_year + 1900, utc.tm_mon + 1, utc.tm_mday,
                  utc.tm_hour, utc.tm_min, utc.tm_sec);
  }
  return buf;
}

std::string LocalMidnightUtc(int year, unsigned month, unsigned day) {
  std::tm local{};
  local.tm_year = year - 1900;
  local.tm_mon = static_cast<int>(month) - 1;
  local.tm_mday = static_cast<int>(day);
  local.tm_isdst = -1;  // the zone's rules decide: winter or summer time on that day
  const std::time_t t = std::mktime(&local);
  return FormatUtc(std::chrono::system_clock::from_time_t(t), /*micros=*/true);
}

}  // namespace leerrecht
