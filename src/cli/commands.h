// The subcommands of `leerrecht`: each registers its options on the CLI11 app and runs by itself.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace leerrecht::cli {

// Each Register* adds one subcommand; its callback stores the exit code in `exit_code`.
void RegisterClassify(CLI::App& app, int& exit_code);
void RegisterDemo(CLI::App& app, int& exit_code);

}  // namespace leerrecht::cli
