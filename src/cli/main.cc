// Entry point of the `leerrecht` command: dispatches to the subcommands in cli/commands.h.
#include <CLI/CLI.hpp>
#include <cstdlib>
#include <ctime>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "leerrecht/version.h"

int main(int argc, char** argv) {
  // Every party works in the Netherlands: dates are Dutch civil dates unless TZ says otherwise.
  setenv("TZ", "Europe/Amsterdam", 0);
  tzset();

  CLI::App app{"Leerrecht: verzuim- en thuiszittersregistratie met rechtmatige gegevensdeling", "leerrecht"};
  app.set_version_flag("--version", std::string("leerrecht ") + leerrecht::kVersion);
  app.require_subcommand(1);
  app.footer("Gebruik 'leerrecht COMMANDO --help' voor de opties van een commando.");

  int exit_code = leerrecht::cli::kExitOk;
  leerrecht::cli::RegisterClassify(app, exit_code);
  leerrecht::cli::RegisterCompare(app, exit_code);
  leerrecht::cli::RegisterDemo(app, exit_code);
  leerrecht::cli::RegisterServe(app, exit_code);
  leerrecht::cli::RegisterAgreement(app, exit_code);
  leerrecht::cli::RegisterPolicy(app, exit_code);
  leerrecht::cli::RegisterData(app, exit_code);
  leerrecht::cli::RegisterImport(app, exit_code);

  try {
    app.parse(argc, argv);
  } catch (const CLI::Success& e) {
    return app.exit(e);  // --help and --version
  } catch (const CLI::ParseError& e) {
    app.exit(e);
    return leerrecht::cli::kExitInvalid;
  } catch (const std::exception& e) {
    // Library exceptions are bugs at this point; report without a crash.
    leerrecht::cli::PrintError(std::string("interne fout: ") + e.what());
    return leerrecht::cli::kExitInternal;
  }
  return exit_code;
}
