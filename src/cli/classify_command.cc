// `leerrecht classify --request FILE`: DESIGN.md §11 (contract).
#include <CLI/CLI.hpp>
#include <iostream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "services/classify_request.h"

namespace leerrecht::cli {

void RegisterClassify(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand(
      "classify",
      "Bepaal leerplicht, kwalificatieplicht, verzuimcategorieen en thuiszitterstatus van een jongere op een peildatum");
  auto request_path = std::make_shared<std::string>();
  auto explain = std::make_shared<bool>(false);
  cmd->add_option("--request", *request_path, "JSON-bestand met de situatie van de jongere (- = standaardinvoer)")
      ->required();
  cmd->add_flag("--explain", *explain, "Voeg een toelichting toe met de data en tellingen achter het antwoord");
  cmd->footer(
      "Uitvoer: JSON {leerplichtig, kwalificatieplichtig, categorieen, thuiszitter, sinds}.\n"
      "Exit 0 bij een antwoord, 2 bij ongeldige invoer (de melding noemt het veld).\n"
      "Zie docs/commands/classify.md voor het invoerformaat.");
  cmd->callback([&exit_code, request_path, explain] {
    auto text = ReadInput(*request_path);
    if (!text.ok()) {
      PrintError(text.status().message());
      exit_code = ExitCodeFor(text.status());
      return;
    }
    auto request = services::ParseClassifyRequest(*text);
    if (!request.ok()) {
      PrintError(request.status().message());
      exit_code = ExitCodeFor(request.status());
      return;
    }
    for (const auto& key : request->unknown_keys) PrintError("waarschuwing: onbekend veld genegeerd: " + key);
    const auto classification = domain::Classify(request->youth, request->date);
    if (*explain) {
      const auto scope = domain::CovenantScopeOf(request->youth, classification, request->date);
      std::cout << services::ClassificationToJson(classification, &scope) << '\n';
    } else {
      std::cout << services::ClassificationToJson(classification) << '\n';
    }
    exit_code = kExitOk;
  });
}

}  // namespace leerrecht::cli
