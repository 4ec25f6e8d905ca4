// `leerrecht demo`: starts the server with the landing page so a new user sees the system at once.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <memory>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "cli/listen_address.h"
#include "http/router.h"
#include "http/server.h"
#include "leerrecht/version.h"

namespace leerrecht::cli {

namespace {

// The landing page: plain, accessible HTML in Dutch. The full interface (NL Design System)
// replaces it in the web-interface issue.
std::string LandingPage() {
  return std::string(R"(<!DOCTYPE html>
<html lang="nl">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Leerrecht</title>
<style>
body { font-family: system-ui, sans-serif; max-width: 42rem; margin: 2rem auto; padding: 0 1rem; color: #1a1a1a; line-height: 1.5; }
h1 { font-size: 2rem; margin-bottom: .25rem; }
.status { background: #e7f4ea; border-left: 4px solid #2e7d32; padding: .5rem 1rem; }
code { background: #f2f2f2; padding: 0 .25rem; }
</style>
</head>
<body>
<main>
<h1>Leerrecht</h1>
<p>Verzuim- en thuiszittersregistratie met rechtmatige gegevensdeling tussen leerplicht,
samenwerkingsverbanden, scholen en jeugdhulp.</p>
<p class="status" role="status">De server draait (versie )") +
         kVersion + R"().</p>
<h2>Wat er nu al kan</h2>
<ul>
<li>Leerplicht, kwalificatieplicht, verzuimcategorieën en thuiszitterstatus bepalen met
<code>leerrecht classify --request situatie.json</code>.</li>
<li>De gezondheid van de server controleren op <a href="/healthz">/healthz</a>.</li>
</ul>
</main>
</body>
</html>
)";
}

}  // namespace

void RegisterDemo(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("demo", "Start Leerrecht met een fictieve demoregio (nu: de startpagina)");
  auto listen = std::make_shared<std::string>("127.0.0.1:8080");
  cmd->add_option("--listen", *listen, "Adres en poort om op te luisteren")->capture_default_str();
  cmd->footer("Stop de server met Ctrl+C (of SIGTERM); lopende verzoeken worden netjes afgerond.");
  cmd->callback([&exit_code, listen] {
    auto address = ParseListenAddress(*listen);
    if (!address.ok()) {
      PrintError(address.status().message());
      exit_code = ExitCodeFor(address.status());
      return;
    }
    http::Router router;
    const std::string landing = LandingPage();
    router.Add("GET", "/", [landing](const http::Request&) { return http::Response::Html(200, landing); });
    router.Add("GET", "/healthz", [](const http::Request&) { return http::Response::Text(200, "ok\n"); });
    router.Add("GET", "/readyz", [](const http::Request&) { return http::Response::Text(200, "ok\n"); });

    http::ServerOptions options;
    options.address = address->host;
    options.port = address->port;
    auto server = http::Server::Start(options, std::move(router));
    if (!server.ok()) {
      PrintError(server.status().message());
      exit_code = ExitCodeFor(server.status());
      return;
    }
    std::printf("Leerrecht %s draait op http://%s:%u/\n", kVersion, address->host.c_str(),
                static_cast<unsigned>((*server)->port()));
    std::printf("Nog geen accounts: inloggen komt met de server-functies. Stop met Ctrl+C.\n");
    std::fflush(stdout);
    http::RunUntilSignal(**server);
    exit_code = kExitOk;
  });
}

}  // namespace leerrecht::cli
