// The agreements a server works under: every valid file of its agreements folder, by id.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/status.h"
#include "policy/agreement.h"

namespace leerrecht::services {

class AgreementRegistry {
 public:
  AgreementRegistry() = default;
  // Loads every *.toml of `dir` (none when it does not exist). Any invalid file is kInvalidInput
  // listing FILE:LINE: message for all problems: a server must not start on a half-read set.
  static Result<AgreementRegistry> LoadFolder(const std::string& dir);
  // Adds one agreement; a second file with the same id keeps the higher version.
  void Add(policy::Agreement agreement);

  [[nodiscard]] const policy::Agreement* Find(std::string_view id) const;
  [[nodiscard]] std::vector<const policy::Agreement*> All() const;

 private:
  std::map<std::string, std::shared_ptr<const policy::Agreement>, std::less<>> by_id_;
};

}  // namespace leerrecht::services
