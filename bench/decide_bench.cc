// Decisions per second on one core over a realistic mix of requests against the shipped agreements.
#include <benchmark/benchmark.h>

#include <fstream>
#include <random>
#include <sstream>
#include <vector>

#include "policy/agreement_loader.h"
#include "policy/decision.h"
#include "policy/explain.h"

namespace {

using namespace leerrecht;
using namespace leerrecht::policy;

Agreement Load(const std::string& stem) {
  std::ifstream in(std::string(LEERRECHT_SOURCE_DIR) + "/config/agreements/" + stem + ".toml");
  std::ostringstream text;
  text << in.rdbuf();
  auto load = LoadAgreement(text.str(), stem);
  if (!load.agreement) std::abort();
  return *load.agreement;
}

struct Case {
  const Agreement* agreement;
  DisclosureRequest request;
};

void AddFields(DisclosureRequest& r, std::initializer_list<const char*> tokens) {
  FieldSet seen;
  for (const char* t : tokens) ExpandFieldToken(t, seen, [&](FieldId f) { r.fields.Add(f); });
}

// The mix a region produces: mostly covenant exchanges of Bijlage 1 fields (some with a field
// too many, some under Regime A, some to a school that is no party), and art. 20 disclosures.
std::vector<Case> MakeMix(const Agreement& covenant, const Agreement& art20, std::size_t count) {
  std::mt19937 rng(42);
  std::uniform_int_distribution<int> pick(0, 99);
  const char* swvs[] = {"swv-passend-wijs", "swv-de-verbinding", "swv-de-liemers"};
  std::vector<Case> mix;
  mix.reserve(count);
  for (std::size_t i = 0; i < count; ++i) {
    const int p = pick(rng);
    DisclosureRequest r;
    r.date = Date::Ymd(2025, 3, 14).AddDays(pick(rng));
    if (p < 75) {
      r.sender = {"rbl-midden-gelre", "lpa-1", "leerplichtambtenaar", true};
      r.recipient = {p < 70 ? swvs[p % 3] : "obs-de-linde", "c-1", "swv-consulent", true};
      r.purpose = "thuiszitters-in-beeld";
      r.regime = p < 60 ? WpgRegime::kVanafHandhaving : WpgRegime::kVanafMelding;
      r.subject.duo_melding = true;
      r.subject.phase = MasPhase::kOnderzoek;
      switch (p % 3) {
        case 0:
          r.subject.category = domain::CaseCategory::kAbsoluutVerzuim;
          AddFields(r, {"bsn", "naw", "verzuim_startdatum", "school_laatst_bekend", "betrokkenheid"});
          break;
        case 1:
          r.subject.category = domain::CaseCategory::kLangdurigVerzuim;
          AddFields(r, {"bsn", "naw", "school_laatst_bekend", "verzuim_startdatum", "verzuim_reden", "betrokkenheid",
                        "halt_verwijzing"});
          break;
        default:
          r.subject.category = domain::CaseCategory::kVrijstelling5a;
          AddFields(r, {"bsn", "naw", "school_laatst_bekend", "vrijstelling_datum_toekenning", "vrijstelling_duur",
                        "telefoon"});
      }
      mix.push_back({&covenant, std::move(r)});
    } else {
      r.sender = {"leerplicht-voorbeeldrijk", "lpa-1", "leerplichtambtenaar", true};
      r.recipient = p < 85 ? Actor{"ggd-voorbeeldrijk", "ja-1", "jeugdarts", true}
                           : Actor{"obs-de-linde", "zc-1", "zorgcoordinator", true};
      r.purpose = "hulp-verlenen";
      r.regime = p < 90 ? WpgRegime::kVanafMelding : WpgRegime::kVanafHandhaving;
      r.subject.category = domain::CaseCategory::kRelatiefVerzuim;
      r.subject.duo_melding = true;
      r.subject.phase = MasPhase::kHalt;
      AddFields(r, {"naam", "geboortedatum", "adres", "verklaringen", "halt_verwijzing", "gezondheid", "om_gegevens"});
      mix.push_back({&art20, std::move(r)});
    }
  }
  return mix;
}

const Agreement& Covenant() {
  static const Agreement a = Load("thuiszitters-midden-gelre");
  return a;
}
const Agreement& Art20() {
  static const Agreement a = Load("wpg-art20-mas");
  return a;
}

void BM_Decide(benchmark::State& state) {
  static const std::vector<Case> mix = MakeMix(Covenant(), Art20(), 4096);
  std::size_t i = 0;
  std::size_t granted = 0;
  for (auto _ : state) {
    const Case& c = mix[i++ & 4095];
    const Decision d = Decide(*c.agreement, c.request);
    granted += d.granted.size();
    benchmark::DoNotOptimize(d);
  }
  state.counters["decisions/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
  state.counters["granted_fields"] = static_cast<double>(granted);
}
BENCHMARK(BM_Decide);

// The same, with the Dutch explanations and documentation record a response carries.
void BM_DecideAndExplain(benchmark::State& state) {
  static const std::vector<Case> mix = MakeMix(Covenant(), Art20(), 4096);
  std::size_t i = 0;
  for (auto _ : state) {
    const Case& c = mix[i++ & 4095];
    const Decision d = Decide(*c.agreement, c.request);
    for (const auto& r : d.Refused()) benchmark::DoNotOptimize(Explain(*c.agreement, c.request, d, r));
    benchmark::DoNotOptimize(Documentation(c.request, d));
  }
  state.counters["decisions/s"] = benchmark::Counter(static_cast<double>(state.iterations()), benchmark::Counter::kIsRate);
}
BENCHMARK(BM_DecideAndExplain);

}  // namespace

BENCHMARK_MAIN();
