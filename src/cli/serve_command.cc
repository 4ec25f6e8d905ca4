// `leerrecht serve` and `leerrecht demo`: the server on a data folder, stopped gracefully by a signal.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "cli/listen_address.h"
#include "http/app.h"
#include "http/server.h"
#include "leerrecht/version.h"
#include "services/demo_region.h"

namespace leerrecht::cli {

namespace {

// --tls-cert and --tls-key: HTTPS when given; without them the server refuses any address but loopback.
struct TlsFiles {
  std::string certificate_chain;
  std::string private_key;
};

void AddTlsOptions(CLI::App& cmd, const std::shared_ptr<TlsFiles>& tls) {
  cmd.add_option("--tls-cert", tls->certificate_chain,
                 "PEM-bestand met het servercertificaat (en tussencertificaten) voor HTTPS");
  cmd.add_option("--tls-key", tls->private_key, "PEM-bestand met de bijbehorende sleutel (zonder wachtwoord)");
}

// Serves until SIGINT/SIGTERM, then writes the log's shutdown checkpoint. Prints the address once
// the port is known; `on_ready` adds what else the user needs.
int Serve(services::DataFolder& folder, const std::string& listen, const TlsFiles& tls,
          const std::function<void(unsigned)>& on_ready) {
  auto address = ParseListenAddress(listen);
  if (!address.ok()) {
    PrintError(address.status().message());
    return ExitCodeFor(address.status());
  }
  http::ServerOptions options;
  options.address = address->host;
  options.port = address->port;
  options.tls_certificate_chain_file = tls.certificate_chain;
  options.tls_private_key_file = tls.private_key;
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
  const char* scheme = tls.certificate_chain.empty() ? "http" : "https";
  std::printf("Leerrecht %s draait op %s://%s:%u/\n", kVersion, scheme, address->host.c_str(),
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
  auto tls = std::make_shared<TlsFiles>();
  cmd->add_option("--data", *dir, "Gegevensmap (eerst: leerrecht init)")->required();
  cmd->add_option("--listen", *listen, "Adres en poort om op te luisteren")->capture_default_str();
  AddTlsOptions(*cmd, tls);
  cmd->footer("Stop met Ctrl+C of SIGTERM: lopende verzoeken worden afgerond en het logboek krijgt een\n"
              "ondertekend controlepunt.");
  cmd->callback([&exit_code, dir, listen, tls] {
    SystemClock clock;
    auto folder = services::DataFolder::Open(*dir, clock);
    if (!folder.ok()) {
      PrintError(folder.status().message());
      exit_code = ExitCodeFor(folder.status());
      return;
    }
    exit_code = Serve(**folder, *listen, *tls, [](unsigned) {});
  });
}

void RegisterDemo(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("demo", "Start Leerrecht op een demo-gegevensmap (wordt aangemaakt als die ontbreekt)");
  auto dir = std::make_shared<std::string>("demo-data");
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  auto tls = std::make_shared<TlsFiles>();
  cmd->add_option("--data", *dir, "Demo-gegevensmap")->capture_default_str();
  cmd->add_option("--listen", *listen, "Adres en poort om op te luisteren")->capture_default_str();
  AddTlsOptions(*cmd, tls);
  auto region = std::make_shared<std::string>("config/demo");
  cmd->add_option("--region", *region, "Map met de demoregio (region.toml, swv-regions.toml)")->capture_default_str();
  cmd->footer("De demo gebruikt alleen fictieve gegevens. Verwijder de demo-gegevensmap om opnieuw te beginnen.");
  cmd->callback([&exit_code, dir, listen, tls, region] {
    SystemClock clock;
    // From a build tree the region is found in the source tree even when started elsewhere.
    if (*region == "config/demo" && !std::filesystem::exists(*region)) *region = LEERRECHT_CONFIG_DIR "/demo";
    std::string login;
    const std::string logins_file = *dir + "/demo-logins.txt";
    if (!std::filesystem::exists(*dir + "/" + services::kDatabaseFile)) {
      services::InitOptions options;
      // The party ids of the shipped covenant, so that every workflow of the demo region works.
      options.party_id = "rbl-midden-gelre";
      options.party_name = "MGR RBL Midden-Gelre (demo)";
      auto init = services::DataFolder::Init(*dir, options, clock);
      if (!init.ok()) {
        PrintError(init.status().message());
        exit_code = ExitCodeFor(init.status());
        return;
      }
      auto opened = services::DataFolder::Open(*dir, clock);
      if (!opened.ok()) {
        PrintError(opened.status().message());
        exit_code = ExitCodeFor(opened.status());
        return;
      }
      auto demo = services::LoadDemoRegion(**opened, *region, clock);
      if (!demo.ok()) {
        PrintError("demoregio niet geladen: " + demo.status().message());
        exit_code = ExitCodeFor(demo.status());
        return;
      }
      (void)(*opened)->Close();
      // Fictitious accounts only: the list is kept beside the demo data so a restart can show it.
      std::string text = "Demo-accounts (fictieve regio, " + std::to_string(demo->youths) + " jongeren):\n";
      text += "  " + init->admin_username + " / " + init->one_time_password + "  — beheerder RBL (eenmalig wachtwoord)\n";
      for (const auto& l : demo->logins) text += "  " + l.username + " / " + demo->password + "  — " + l.description + "\n";
      text += "Probeer de DUO-import met " + *region + "/duo-verzuimmeldingen.csv (fictieve meldingen).\n";
      if (std::FILE* f = std::fopen(logins_file.c_str(), "w")) {
        std::fputs(text.c_str(), f);
        std::fclose(f);
        std::filesystem::permissions(logins_file, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write);
      }
      login = text;
    } else if (std::ifstream in(logins_file); in) {
      std::ostringstream text;
      text << in.rdbuf();
      login = text.str() + "(Verwijder " + *dir + " voor een nieuwe demo.)";
    } else {
      login = "Inloggen met het eerder getoonde wachtwoord; verwijder " + *dir + " voor een nieuwe demo.";
    }
    auto folder = services::DataFolder::Open(*dir, clock);
    if (!folder.ok()) {
      PrintError(folder.status().message());
      exit_code = ExitCodeFor(folder.status());
      return;
    }
    exit_code = Serve(**folder, *listen, *tls, [&](unsigned) { std::printf("%s\nStop met Ctrl+C.\n", login.c_str()); });
  });
}

}  // namespace leerrecht::cli
