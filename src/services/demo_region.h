// The fictitious demo region of `leerrecht demo`: parties, users, designations and a few hundred youths.
#pragma once

#include <string>
#include <vector>

#include "core/clock.h"
#include "core/status.h"
#include "services/data_folder.h"

namespace leerrecht::services {

struct DemoLogin {
  std::string username;
  std::string description;  // "K. Jansen — leerplichtambtenaar, rbl-midden-gelre"
};

struct DemoRegion {
  std::vector<DemoLogin> logins;
  std::string password;  // one password for every demo account (fictitious data only)
  int youths = 0;
};

// Loads `config_dir`/region.toml (format in docs/commands/demo.md) into a freshly initialised
// folder whose first party is the RBL: regime, other parties, users, designations, the agreements
// (config_dir/../agreements) and the SWV region table (config_dir/swv-regions.toml) copied into the
// folder, and `youths` generated youths with cases, deterministic so every demo looks the same.
Result<DemoRegion> LoadDemoRegion(DataFolder& folder, const std::string& config_dir, const Clock& clock);

}  // namespace leerrecht::services
