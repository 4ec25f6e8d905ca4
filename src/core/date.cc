#include "core/date.h"

#include <cassert>
#include <cstdio>

namespace leerrecht {

namespace chr = std::chrono;

Result<Date> Date::FromYmd(int year, unsigned month, unsigned day) {
  const chr::year_month_day ymd{chr::year{year}, chr::month{month}, chr::day{day}};
  if (!ymd.ok()) return Status::InvalidInput("ongeldige datum");
  return Date(chr::sys_days{ymd});
}

Date Date::Ymd(int year, unsigned month, unsigned day) {
  auto result = FromYmd(year, month, day);
  assert(result.ok());
  return *result;
}

Result<Date> Date::Parse(std::string_view text) {
  auto bad = [&] {
    return Status::InvalidInput("ongeldige datum \"" + std::string(text.substr(0, 32)) + "\" (verwacht JJJJ-MM-DD)");
  };
  if (text.size() != 10 || text[4] != '-' || text[7] != '-') return bad();
  int parts[3] = {0, 0, 0};
  const int starts[3] = {0, 5, 8};
  const int lengths[3] = {4, 2, 2};
  for (int p = 0; p < 3; ++p) {
    for (int i = 0; i < lengths[p]; ++i) {
      const char c = text[static_cast<std::size_t>(starts[p] + i)];
      if (c < '0' || c > '9') return bad();
      parts[p] = parts[p] * 10 + (c - '0');
    }
  }
  if (parts[0] < 1900 || parts[0] > 2999) return bad();
  auto date = FromYmd(parts[0], static_cast<unsigned>(parts[1]), static_cast<unsigned>(parts[2]));
  if (!date.ok()) return bad();
  return date;
}

int Date::Year() const { return static_cast<int>(Ymd().year()); }
unsigned Date::Month() const { return static_cast<unsigned>(Ymd().month()); }
unsigned Date::Day() const { return static_cast<unsigned>(Ymd().day()); }

unsigned Date::IsoWeekday() const { return chr::weekday{SysDays()}.iso_encoding(); }

Date Date::AddYears(int n) const {
  const auto ymd = Ymd();
  const chr::year_month_day target{ymd.year() + chr::years{n}, ymd.month(), ymd.day()};
  if (target.ok()) return Date(chr::sys_days{target});
  // Only 29 February can fail: the anniversary falls on 1 March.
  return Date(chr::sys_days{chr::year_month_day{target.year(), chr::March, chr::day{1}}});
}

int Date::WholeYearsUntil(Date other) const {
  if (other <= *this) return 0;
  int n = other.Year() - Year();
  while (n > 0 && AddYears(n) > other) --n;
  return n;
}

Date Date::FirstOfNextMonth() const {
  const auto ymd = Ymd();
  const chr::year_month first{ymd.year(), ymd.month()};
  const auto next = first + chr::months{1};
  return Date(chr::sys_days{next / chr::day{1}});
}

std::string Date::ToString() const {
  const auto ymd = Ymd();
  char buf[16];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02u", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()));
  return buf;
}

}  // namespace leerrecht
