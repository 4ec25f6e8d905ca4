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
void RegisterCompare(CLI::App& app, int& exit_code);  // compare two lists by BSN (DESIGN.md §12)
void RegisterDemo(CLI::App& app, int& exit_code);
void RegisterServe(CLI::App& app, int& exit_code);
void RegisterAgreement(CLI::App& app, int& exit_code);
void RegisterPolicy(CLI::App& app, int& exit_code);
void RegisterData(CLI::App& app, int& exit_code);  // init, log, backup, restore
void RegisterImport(CLI::App& app, int& exit_code);  // import duo (docs/commands/import.md)

// Reads and validates an agreement file; the error names FILE:LINE of the first problem.
Result<policy::Agreement> LoadAgreementFile(const std::string& path);

}  // namespace leerrecht::cli
