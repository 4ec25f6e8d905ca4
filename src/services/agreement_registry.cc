#include "services/agreement_registry.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "policy/agreement_loader.h"

namespace leerrecht::services {

Result<AgreementRegistry> AgreementRegistry::LoadFolder(const std::string& dir) {
  AgreementRegistry registry;
  std::error_code ec;
  if (!std::filesystem::is_directory(dir, ec)) return registry;
  std::vector<std::filesystem::path> files;
  for (const auto& entry : std::filesystem::directory_iterator(dir, ec)) {
    if (entry.path().extension() == ".toml") files.push_back(entry.path());
  }
  std::sort(files.begin(), files.end());
  std::string problems;
  for (const auto& path : files) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    if (!in && !in.eof()) {
      problems += path.string() + ": niet te lezen\n";
      continue;
    }
    policy::AgreementLoad load = policy::LoadAgreement(text.str(), path.string());
    if (!load.agreement) {
      for (const auto& p : load.problems) problems += path.string() + ":" + std::to_string(p.line) + ": " + p.message + "\n";
      continue;
    }
    registry.Add(std::move(*load.agreement));
  }
  if (!problems.empty()) {
    problems.pop_back();
    return Status::InvalidInput(problems);
  }
  return registry;
}

void AgreementRegistry::Add(policy::Agreement agreement) {
  auto it = by_id_.find(agreement.id);
  if (it != by_id_.end() && it->second->version >= agreement.version) return;
  const std::string id = agreement.id;
  by_id_[id] = std::make_shared<const policy::Agreement>(std::move(agreement));
}

const policy::Agreement* AgreementRegistry::Find(std::string_view id) const {
  auto it = by_id_.find(id);
  return it == by_id_.end() ? nullptr : it->second.get();
}

std::vector<const policy::Agreement*> AgreementRegistry::All() const {
  std::vector<const policy::Agreement*> out;
  for (const auto& [id, agreement] : by_id_) out.push_back(agreement.get());
  return out;
}

}  // namespace leerrecht::services
