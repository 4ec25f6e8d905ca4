// `leerrecht policy decide --agreement FILE --request FILE` (DESIGN.md §6, contract).
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "services/decide_request.h"

namespace leerrecht::cli {

void RegisterPolicy(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("policy", "De beslisregel voor elke verstrekking");
  group->require_subcommand(1);
  auto* decide = group->add_subcommand("decide", "Beslis over een verstrekking: velden toegestaan, geweigerd met reden");
  auto agreement_path = std::make_shared<std::string>();
  auto request_path = std::make_shared<std::string>();
  decide->add_option("--agreement", *agreement_path, "Agreement-bestand (TOML)")->required();
  decide->add_option("--request", *request_path, "Verzoek (JSON, - = standaardinvoer)")->required();
  decide->footer(
      "Drukt een JSON-besluit af en eindigt met 0, of het nu toegestaan of geweigerd is.\n"
      "Exit 2 bij een onleesbaar of ongeldig agreement of verzoek (melding op stderr).");
  decide->callback([&exit_code, agreement_path, request_path] {
    auto agreement = LoadAgreementFile(*agreement_path);
    if (!agreement.ok()) {
      PrintError(agreement.status().message());
      exit_code = kExitInvalid;
      return;
    }
    auto text = ReadInput(*request_path);
    if (!text.ok()) {
      PrintError(text.status().message());
      exit_code = kExitInvalid;
      return;
    }
    auto request = services::ParseDisclosureRequest(*text);
    if (!request.ok()) {
      PrintError(request.status().message());
      exit_code = kExitInvalid;
      return;
    }
    const auto decision = policy::Decide(*agreement, *request);
    std::cout << services::DecisionToJson(*agreement, *request, decision) << '\n';
    exit_code = kExitOk;
  });
}

}  // namespace leerrecht::cli
