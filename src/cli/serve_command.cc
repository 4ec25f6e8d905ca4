// `leerrecht serve` and `leerrecht demo`: the server on a data folder, stopped gracefully by a signal.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "cli/listen_address.h"
#include "http/app.h"
#include "http/server.h"
#include "leerrecht/version.h"

namespace leerrecht::cli {

namespace {

// Serves until SIGINT/SIGTERM, then writes the log's shutdown checkpoint. Prints the address once
// the port is known; `on_ready` adds what else the user needs.
int Serve(services::DataFolder& folder, const std::string& listen, const std::function<void(unsigned)>& on_ready) {
  auto address = ParseListenAddress(listen);
  if (!address.ok()) {
    PrintError(address.status().message());
    return ExitCodeFor(address.status());
  }
  http::ServerOptions options;
  options.address = address->host;
  options.port = address->port;
  // Method, path, status and duration only: no query strings, bodies or addresses (personal data).
  options.access_log = [](const http::AccessLogEntry& e) {
    std::fprintf(stderr, "http %.*s %.*s %d %lldus\n", static_cast<int>(e.method.size()), e.method.data(),
                 static_cast<int>(e.path.size()), e.path.data(), e.status, static_cast<long long>(e.duration.count()));
  };
  SystemClock clock;
  services::SessionService sessions(folder, clock);
  auto server = http::Server::Start(options, http::BuildRouter(folder, sessions));
  if (!server.ok()) {
    PrintError(server.status().message());
    return ExitCodeFor(server.status());
  }
  std::printf("Leerrecht %s draait op http://%s:%u/\n", kVersion, address->host.c_str(),
              static_cast<unsigned>((*server)->port()));
  on_ready((*server)->port());
  std::fflush(stdout);
  http::RunUntilSignal(**server);
  if (Status s = folder.Close(); !s.ok()) {
    PrintError("afsluitend controlepunt van het logboek niet geschreven: " + s.message());
    return ExitCodeFor(s);
  }
  return kExitOk;
}

}  // namespace

void RegisterServe(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("serve", "Start de Leerrecht-server op een gegevensmap");
  auto dir = std::make_shared<std::string>();
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  cmd->add_option("--data", *dir, "Gegevensmap (eerst: leerrecht init)")->required();
  cmd->add_option("--listen", *listen, "Adres en poort om op te luisteren")->capture_default_str();
  cmd->footer("Stop met Ctrl+C of SIGTERM: lopende verzoeken worden afgerond en het logboek krijgt een\n"
              "ondertekend controlepunt.");
  cmd->callback([&exit_code, dir, listen] {
    SystemClock clock;
    auto folder = services::DataFolder::Open(*dir, clock);
    if (!folder.ok()) {
      PrintError(folder.status().message());
      exit_code = ExitCodeFor(folder.status());
      return;
    }
    exit_code = Serve(**folder, *listen, [](unsigned) {});
  });
}

void RegisterDemo(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("demo", "Start Leerrecht op een demo-gegevensmap (wordt aangemaakt als die ontbreekt)");
  auto dir = std::make_shared<std::string>("demo-data");
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  cmd->add_option("--data", *dir, "Demo-gegevensmap")->capture_default_str();
  cmd->add_option("--listen", *listen, "Adres en poort om op te luisteren")->capture_default_str();
  cmd->footer("De demo gebruikt alleen fictieve gegevens. Verwijder de demo-gegevensmap om opnieuw te beginnen.");
  cmd->callback([&exit_code, dir, listen] {
    SystemClock clock;
    std::string login;
    if (!std::filesystem::exists(*dir + "/" + services::kDatabaseFile)) {
      services::InitOptions options;
      options.party_id = "rbl-demo";
      options.party_name = "RBL Demoregio (fictief)";
      auto init = services::DataFolder::Init(*dir, options, clock);
      if (!init.ok()) {
        PrintError(init.status().message());
        exit_code = ExitCodeFor(init.status());
        return;
      }
      login = "Inloggen: " + init->admin_username + " / " + init->one_time_password + " (eenmalig wachtwoord)";
    } else {
      login = "Inloggen met het eerder getoonde wachtwoord; verwijder " + *dir + " voor een nieuwe demo.";
    }
    auto folder = services::DataFolder::Open(*dir, clock);
    if (!folder.ok()) {
      PrintError(folder.status().message());
      exit_code = ExitCodeFor(folder.status());
      return;
    }
    exit_code = Serve(**folder, *listen, [&](unsigned) { std::printf("%s\nStop met Ctrl+C.\n", login.c_str()); });
  });
}

}  // namespace leerrecht::cli
