// Classifies a synthetic population (default 1,000,000 youths, a school year of absence each) and prints youths/s.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include "domain/classification.h"

namespace {

using leerrecht::Date;
using namespace leerrecht::domain;

const Date kReferenceDate = Date::Ymd(2025, 6, 13);

// Dutch school-year 2024/25 holidays (region midden), so windows cross real holidays.
SchoolCalendar Calendar() {
  return *SchoolCalendar::Create({{Date::Ymd(2024, 10, 19), Date::Ymd(2024, 10, 27)},
                                  {Date::Ymd(2024, 12, 21), Date::Ymd(2025, 1, 5)},
                                  {Date::Ymd(2025, 2, 15), Date::Ymd(2025, 2, 23)},
                                  {Date::Ymd(2025, 4, 26), Date::Ymd(2025, 5, 4)}});
}

// A mix like a real region: most pupils miss a few hours, some are absent often, a few are
// long-term absent or not enrolled at all.
std::vector<YouthSituation> MakePopulation(std::size_t count) {
  std::mt19937_64 rng(20250613);
  const SchoolCalendar calendar = Calendar();
  std::vector<Date> school_days;
  for (Date d = Date::Ymd(2024, 8, 26); d <= kReferenceDate; d = d.AddDays(1)) {
    if (calendar.IsSchoolDay(d)) school_days.push_back(d);
  }
  std::uniform_int_distribution<int> birth_offset(0, 365 * 13);
  std::uniform_int_distribution<int> percent(0, 99);
  std::uniform_int_distribution<std::size_t> day_index(0, school_days.size() - 1);
  std::vector<YouthSituation> population(count);
  for (auto& youth : population) {
    youth.birth_date = Date::Ymd(2007, 1, 1).AddDays(birth_offset(rng));
    youth.calendar = calendar;
    const int kind = percent(rng);
    if (kind >= 2) youth.enrolment = Enrolment{"School", "00AA", SchoolType::kVo, Date::Ymd(2019, 8, 26), {}};
    if (kind == 2) youth.exemptions.push_back({ExemptionArticle::k5a, Date::Ymd(2024, 9, 1), Date::Ymd(2024, 9, 1), {}});
    if (kind < 5) continue;
    if (kind < 10) {
      // Long-term absent since some day this year: a whole day on every school day since.
      for (std::size_t i = day_index(rng); i < school_days.size(); ++i) {
        youth.absences.push_back({school_days[i], 6, true, percent(rng) < 50});
      }
      continue;
    }
    const int records = kind < 30 ? 40 : 8;
    std::vector<std::size_t> picks(static_cast<std::size_t>(records));
    for (auto& p : picks) p = day_index(rng);
    std::sort(picks.begin(), picks.end());
    picks.erase(std::unique(picks.begin(), picks.end()), picks.end());
    for (std::size_t i : picks) youth.absences.push_back({school_days[i], 1.0 + percent(rng) % 6, false, percent(rng) < 30});
  }
  return population;
}

std::size_t PopulationSize() {
  const char* env = std::getenv("LEERRECHT_BENCH_YOUTHS");
  return env ? std::strtoull(env, nullptr, 10) : 1'000'000;
}

void BM_ClassifyPopulation(benchmark::State& state) {
  static const std::vector<YouthSituation> population = MakePopulation(PopulationSize());
  std::size_t absence_records = 0;
  for (const auto& y : population) absence_records += y.absences.size();
  std::size_t thuiszitters = 0;
  for (auto _ : state) {
    thuiszitters = 0;
    for (const auto& youth : population) {
      const Classification c = Classify(youth, kReferenceDate);
      thuiszitters += c.thuiszitter ? 1 : 0;
      benchmark::DoNotOptimize(c);
    }
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * population.size()));
  state.counters["youths/s"] =
      benchmark::Counter(static_cast<double>(state.iterations() * population.size()), benchmark::Counter::kIsRate);
  state.counters["youths"] = static_cast<double>(population.size());
  state.counters["absence_records"] = static_cast<double>(absence_records);
  state.counters["thuiszitters"] = static_cast<double>(thuiszitters);
}
BENCHMARK(BM_ClassifyPopulation)->Unit(benchmark::kMillisecond)->UseRealTime();

}  // namespace

BENCHMARK_MAIN();
