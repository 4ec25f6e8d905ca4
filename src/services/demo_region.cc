#include "services/demo_region.h"

#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <toml++/toml.h>

#include "core/bsn.h"
#include "crypto/password.h"
#include "store/repositories/case_repository.h"
#include "store/repositories/designation_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/user_repository.h"
#include "store/repositories/youth_field_repository.h"

namespace leerrecht::services {

namespace {

constexpr std::string_view kRbl = "rbl-midden-gelre";

const std::vector<std::string_view> kFirstNames = {"Noor", "Sem",  "Lina", "Daan", "Emma", "Luuk", "Julia", "Milan",
                                                   "Sara", "Finn", "Tess", "Levi", "Zoë",  "Bram", "Fenna", "Thijs"};
const std::vector<std::string_view> kLastNames = {"Visser", "Bakker",  "de Vries", "Jansen", "Smit",  "Meijer",
                                                  "Mulder", "de Boer", "Bos",      "Peters", "Hendriks", "Dekker"};
const std::vector<std::string_view> kStreets = {"Kerkstraat", "Dorpsstraat", "Molenweg", "Schoolstraat", "Lindelaan"};
const std::vector<std::string_view> kReasons = {"onderwijsaanbod sluit niet aan", "wacht op plaatsing",
                                                "thuissituatie", "geen passende plek beschikbaar"};

store::AccessContext DemoContext(std::string party) {
  store::AccessContext ctx;
  ctx.party = std::move(party);
  ctx.actor = "system";
  ctx.purpose = "demo";
  ctx.legal_basis = "fictieve demogegevens";
  ctx.trace = audit::TraceContext::New();
  return ctx;
}

// A fictitious BSN that passes the elfproef.
std::string FakeBsn(std::mt19937& rng) {
  std::uniform_int_distribution<int> digit(0, 9);
  while (true) {
    std::string d;
    int sum = 0;
    for (int i = 0; i < 8; ++i) {
      const int v = i == 0 ? 1 + digit(rng) % 9 : digit(rng);
      d.push_back(static_cast<char>('0' + v));
      sum += (9 - i) * v;
    }
    const int check = sum % 11;
    if (check == 10) continue;
    d.push_back(static_cast<char>('0' + check));
    if (Bsn::PassesElfproef(d)) return d;
  }
}

Result<std::string> ReadText(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::InvalidInput(path + ": niet te lezen");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

}  // namespace

Result<DemoRegion> LoadDemoRegion(DataFolder& folder, const std::string& config_dir, const Clock& clock) {
  auto text = ReadText(config_dir + "/region.toml");
  if (!text.ok()) return text.status();
  toml::table root;
  try {
    root = toml::parse(*text, config_dir + "/region.toml");
  } catch (const toml::parse_error& e) {
    return Status::InvalidInput(config_dir + "/region.toml:" + std::to_string(e.source().begin.line) + ": " +
                                std::string(e.description()));
  }
  DemoRegion out;
  out.password = crypto::GenerateOneTimePassword();
  auto hash = crypto::HashPassword(out.password);
  if (!hash.ok()) return hash.status();

  // The agreements and the region table travel with the demo folder, as in a real deployment.
  std::error_code ec;
  std::filesystem::create_directories(folder.dir() + "/agreements", ec);
  // The shipped agreements, and the demo's own (an art. 20 decision of the demo RBL, so the art. 20
  // route can be tried; it is fictitious and never shipped as an example).
  for (const std::string& agreements : {config_dir + "/../agreements", config_dir + "/agreements"}) {
    std::error_code absent;
    if (!std::filesystem::is_directory(agreements, absent)) continue;
    for (const auto& entry : std::filesystem::directory_iterator(agreements, ec)) {
      if (entry.path().extension() == ".toml") {
        std::filesystem::copy_file(entry.path(), folder.dir() + "/agreements/" + entry.path().filename().string(),
                                   std::filesystem::copy_options::overwrite_existing, ec);
      }
    }
  }
  std::filesystem::copy_file(config_dir + "/swv-regions.toml", folder.dir() + "/swv-regions.toml",
                             std::filesystem::copy_options::overwrite_existing, ec);
  if (ec) return Status::Io("demo: " + ec.message());

  auto tx = folder.db().BeginWrite();
  if (!tx.ok()) return tx.status();
  store::PartyRepository parties(clock);
  const std::string regime = root["regime"].value_or(std::string("vanaf-handhaving"));
  Date since = Date::Ymd(2025, 1, 1);
  if (auto d = root["regime_since"].as_date()) {
    since = Date::Ymd(d->get().year, d->get().month, d->get().day);
  }
  if (Status s = parties.SetRegime(**tx, kRbl, regime, since); !s.ok()) return s;
  if (auto* list = root["parties"].as_array()) {
    for (const auto& node : *list) {
      const auto& t = *node.as_table();
      if (Status s = parties.Create(**tx, t["id"].value_or(""), t["name"].value_or(""), t["role"].value_or(""));
          !s.ok()) {
        return s;
      }
    }
  }
  store::UserRepository users(folder.keys(), folder.log(), clock);
  std::map<std::string, std::int64_t> user_ids;
  if (auto* list = root["users"].as_array()) {
    for (const auto& node : *list) {
      const auto& t = *node.as_table();
      store::NewUser user;
      user.username = t["username"].value_or("");
      user.display_name = t["name"].value_or("");
      user.password_hash = *hash;
      user.must_change_password = false;  // fictitious accounts; the printed password works at once
      std::string roles;
      if (auto* r = t["roles"].as_array()) {
        for (const auto& role : *r) {
          user.roles.push_back(role.value_or(""));
          roles += (roles.empty() ? "" : ", ") + user.roles.back();
        }
      }
      const std::string party = t["party"].value_or("");
      auto id = users.Create(**tx, DemoContext(party), user);
      if (!id.ok()) return id.status();
      user_ids[user.username] = *id;
      out.logins.push_back({user.username, user.display_name + " — " + roles + ", " + party});
    }
  }
  store::DesignationRepository designations(folder.keys(), folder.log());
  if (auto* list = root["designations"].as_array()) {
    for (const auto& node : *list) {
      const auto& t = *node.as_table();
      store::Designation d;
      d.agreement_id = t["agreement"].value_or("");
      d.role = t["role"].value_or("");
      d.designated_by = "demo";
      d.designated_on = clock.Today();
      if (auto id = designations.Record(**tx, DemoContext(t["party"].value_or("")), d); !id.ok()) return id.status();
    }
  }

  // The youths of the RBL: deterministic, so every demo shows the same region.
  std::mt19937 rng(20250314);
  const int count = static_cast<int>(root["youths"].value_or(300));
  const std::vector<std::string_view> municipalities = {"Arnhem", "Ede", "Duiven", "Zevenaar", "Renkum"};
  const std::vector<std::string_view> categories = {"langdurig-verzuim", "langdurig-verzuim", "absoluut-verzuim",
                                                    "vrijstelling-5a"};
  std::vector<std::int64_t> lpas;
  for (const char* name : {"k.jansen", "m.bakker"}) {
    if (auto it = user_ids.find(name); it != user_ids.end()) lpas.push_back(it->second);
  }
  store::YouthRepository youths(folder.keys(), folder.log());
  store::YouthFieldRepository fields(youths, folder.log(), clock);
  store::CaseRepository cases(youths, folder.log());
  const store::AccessContext ctx = DemoContext(std::string(kRbl));
  const Date today = clock.Today();
  for (int i = 0; i < count; ++i) {
    auto bsn = Bsn::Parse(FakeBsn(rng));
    if (!bsn.ok()) return bsn.status();
    const std::string name = std::string(kFirstNames[rng() % kFirstNames.size()]) + " " +
                             std::string(kLastNames[rng() % kLastNames.size()]);
    const int age = 6 + static_cast<int>(rng() % 11);
    const Date birth = Date::Ymd(today.Year() - age, 1 + rng() % 12, 1 + rng() % 28);
    const std::string municipality(municipalities[rng() % municipalities.size()]);
    auto youth = youths.Create(**tx, ctx, *bsn, name, birth, municipality);
    if (!youth.ok()) {
      if (youth.status().code() == ErrorCode::kConflict) continue;  // the same fake BSN twice
      return youth.status();
    }
    const std::string street = std::string(kStreets[rng() % kStreets.size()]) + " " + std::to_string(1 + rng() % 120);
    const std::string parent = "ouder " + std::string(kLastNames[rng() % kLastNames.size()]);
    for (const auto& [field, value] : std::vector<std::pair<std::string, std::string>>{
             {"adres", street + ", " + municipality},
             {"ouder_naam", parent},
             {"ouder_adres", street + ", " + municipality},
             {"school_laatst_bekend", std::string(age < 12 ? "Basisschool " : "College ") + municipality + " (demo)"},
             {"verzuim_reden", std::string(kReasons[rng() % kReasons.size()])}}) {
      if (auto s = fields.Set(**tx, ctx, *youth, field, value); !s.ok()) return s.status();
    }
    if (Status s = fields.SetSchoolType(**tx, ctx, *youth, age < 12 ? "po" : "vo"); !s.ok()) return s;
    store::CaseRecord record;
    record.youth_id = *youth;
    record.category = std::string(categories[rng() % categories.size()]);
    record.mas_phase = rng() % 3 == 0 ? "hulp" : "onderzoek";
    record.regime_tag = "AVG";  // Regime B: AVG until enforcement (SPEC R-03)
    record.opened_on = today.AddDays(-static_cast<int>(rng() % 240)).ToString();
    auto case_id = cases.Create(**tx, ctx, record);
    if (!case_id.ok()) return case_id.status();
    if (!lpas.empty()) {
      if (Status s = cases.AssignWorker(**tx, ctx, *case_id, lpas[static_cast<std::size_t>(i) % lpas.size()],
                                        "leerplichtambtenaar", today);
          !s.ok()) {
        return s;
      }
    }
    ++out.youths;
  }
  if (Status s = (*tx)->Commit(); !s.ok()) return s;
  return out;
}

}  // namespace leerrecht::services
