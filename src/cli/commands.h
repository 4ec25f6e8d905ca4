// The subcommands of `leerrecht`: each registers its options on the CLI11 app and runs by itself.
#pragma once

#include <string>

#include "core/status.h"
#include "policy/agreement.h"

namespace CLI {
class App;
}

namespace leerrecht::cli {

// Each Register* adds one subcommand; its callback stores the exit code in `exit_code`.
void RegisterClassify(CLI::App& app, int& exit_code);
void RegisterDemo(CLI::App& app, int& exit_code);
void RegisterServe(CLI::App& app, int& exit_code);
void RegisterAgreement(CLI::App& app, int& exit_code);
void RegisterPolicy(CLI::App& app, int& exit_code);
void RegisterData(CLI::App& app, int& exit_code);  // init, log, backup, restore

// Reads and validates an agreement file; the error names FILE:LINE of the first problem.
Result<policy::Agreement> LoadAgreementFile(const std::string& path);

}  // namespace leerrecht::cli
