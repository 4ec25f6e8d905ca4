// `leerrecht init`, `log verify`, `log export`, `backup` and `restore`: the data folder's life cycle.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>

#include "audit/processing_log.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "core/timestamp.h"
#include "leerrecht/version.h"
#include "services/data_folder.h"

namespace leerrecht::cli {

namespace fs = std::filesystem;

namespace {

int Fail(const Status& status) {
  PrintError(status.message());
  return ExitCodeFor(status);
}

void RegisterInit(CLI::App& app, int& exit_code) {
  auto* cmd = app.add_subcommand("init", "Maak een nieuwe gegevensmap: database, sleutel en eerste beheerder");
  auto dir = std::make_shared<std::string>();
  auto options = std::make_shared<services::InitOptions>();
  cmd->add_option("--data", *dir, "Gegevensmap (nieuw of leeg)")->required();
  cmd->add_option("--party", options->party_id, "Id van de eigen organisatie")->capture_default_str();
  cmd->add_option("--party-name", options->party_name, "Naam van de eigen organisatie")->capture_default_str();
  cmd->footer("Het eenmalige wachtwoord van de beheerder wordt één keer getoond.\n"
              "De sleutel staat in DIR/leerrecht.key (of LEERRECHT_KEY_FILE); bewaar een kopie apart.");
  cmd->callback([&exit_code, dir, options] {
    SystemClock clock;
    auto result = services::DataFolder::Init(*dir, *options, clock);
    if (!result.ok()) {
      exit_code = Fail(result.status());
      return;
    }
    std::printf("Gegevensmap aangemaakt: %s\n", dir->c_str());
    std::printf("Sleutelbestand: %s (bewaar een kopie apart van de back-ups)\n", result->key_file.c_str());
    std::printf("Eerste beheerder: %s\n", result->admin_username.c_str());
    std::printf("Eenmalig wachtwoord: %s\n", result->one_time_password.c_str());
    std::printf("Dit wachtwoord wordt niet opnieuw getoond; wijzig het bij de eerste keer inloggen.\n");
    exit_code = kExitOk;
  });
}

void RegisterLog(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("log", "Het verwerkingslogboek: controleren en exporteren");
  group->require_subcommand(1);

  auto* verify = group->add_subcommand("verify", "Controleer of het verwerkingslogboek compleet en ongewijzigd is");
  auto dir = std::make_shared<std::string>();
  verify->add_option("--data", *dir, "Gegevensmap")->required();
  verify->footer("Exit 0 alleen als de hashketen en alle ondertekende controlepunten kloppen;\n"
                 "anders 1, met het eerste kapotte logitem. Formaat: docs/formats/processing-log.md.");
  verify->callback([&exit_code, dir] {
    SystemClock clock;
    auto folder = services::DataFolder::Open(*dir, clock);
    if (!folder.ok()) {
      exit_code = Fail(folder.status());
      return;
    }
    auto report = audit::Verify((*folder)->db(), (*folder)->keys(), (*folder)->head_file());
    if (!report.ok()) {
      exit_code = Fail(report.status());
      return;
    }
    if (report->intact) {
      std::printf("log intact: %lld entries, %lld signed checkpoints\n", static_cast<long long>(report->entries),
                  static_cast<long long>(report->checkpoints));
      exit_code = kExitOk;
    } else {
      std::printf("log NOT intact: %s\n", report->problem.c_str());
      exit_code = kExitFailed;
    }
  });

  auto* exporter = group->add_subcommand("export", "Exporteer het logboek in de vorm van de standaard Logboek Dataverwerkingen");
  auto export_dir = std::make_shared<std::string>();
  auto format = std::make_shared<std::string>("ldv");
  auto out_path = std::make_shared<std::string>("-");
  exporter->add_option("--data", *export_dir, "Gegevensmap")->required();
  // A named set: CLI11 2.1 keeps a reference to the set, so it must outlive parsing.
  static const std::vector<std::string> kFormats = {"ldv"};
  exporter->add_option("--format", *format, "Formaat")->check(CLI::IsMember(kFormats))->capture_default_str();
  exporter->add_option("--out", *out_path, "Uitvoerbestand (- = standaarduitvoer)")->capture_default_str();
  exporter->callback([&exit_code, export_dir, format, out_path] {
    (void)format;  // owned here: CLI11 writes the parsed value into it
    SystemClock clock;
    auto folder = services::DataFolder::Open(*export_dir, clock);
    if (!folder.ok()) {
      exit_code = Fail(folder.status());
      return;
    }
    std::ofstream file;
    std::ostream* out = &std::cout;
    if (*out_path != "-") {
      file.open(*out_path, std::ios::trunc);
      if (!file) {
        exit_code = Fail(Status::Io("kan " + *out_path + " niet schrijven"));
        return;
      }
      out = &file;
    }
    auto count = audit::ExportLdv((*folder)->db(), *out, kVersion);
    if (!count.ok()) {
      exit_code = Fail(count.status());
      return;
    }
    out->flush();
    if (*out_path != "-") std::fprintf(stderr, "%lld logregels geëxporteerd\n", static_cast<long long>(*count));
    exit_code = kExitOk;
  });
}

void RegisterBackup(CLI::App& app, int& exit_code) {
  auto* backup = app.add_subcommand("backup", "Maak een consistente back-up van de database terwijl Leerrecht draait");
  auto dir = std::make_shared<std::string>();
  auto to = std::make_shared<std::string>();
  backup->add_option("--data", *dir, "Gegevensmap")->required();
  backup->add_option("--to", *to, "Back-upbestand (mag nog niet bestaan)")->required();
  backup->footer("De sleutel zit niet in de back-up: bewaar DIR/leerrecht.key apart.");
  backup->callback([&exit_code, dir, to] {
    if (fs::exists(*to)) {
      exit_code = Fail(Status::Conflict(*to + " bestaat al; kies een nieuwe bestandsnaam"));
      return;
    }
    SystemClock clock;
    auto folder = services::DataFolder::Open(*dir, clock);
    if (!folder.ok()) {
      exit_code = Fail(folder.status());
      return;
    }
    // Checkpoint first, so the copy carries a signed head.
    if (Status s = (*folder)->log().CheckpointNow(); !s.ok()) {
      exit_code = Fail(s);
      return;
    }
    if (Status s = (*folder)->db().BackupTo(*to); !s.ok()) {
      std::error_code ec;
      fs::remove(*to, ec);
      exit_code = Fail(s);
      return;
    }
    std::printf("back-up geschreven: %s\n", to->c_str());
    exit_code = kExitOk;
  });

  auto* restore = app.add_subcommand("restore", "Zet een back-up terug in een gegevensmap");
  auto from = std::make_shared<std::string>();
  auto rdir = std::make_shared<std::string>();
  auto replace = std::make_shared<bool>(false);
  restore->add_option("--from", *from, "Back-upbestand")->required();
  restore->add_option("--data", *rdir, "Gegevensmap met het sleutelbestand")->required();
  restore->add_flag("--replace", *replace, "Vervang de bestaande database (die blijft bewaard als leerrecht.db.voor-herstel-…)");
  restore->footer("De back-up wordt eerst gecontroleerd (sleutel en logboek) voordat er iets wordt vervangen.");
  restore->callback([&exit_code, from, rdir, replace] {
    SystemClock clock;
    const std::string target = *rdir + "/" + services::kDatabaseFile;
    if (!fs::exists(*from)) {
      exit_code = Fail(Status::NotFound("back-up " + *from + " bestaat niet"));
      return;
    }
    if (fs::exists(target) && !*replace) {
      exit_code = Fail(Status::Conflict("in " + *rdir + " staat al een database; gebruik --replace om die te vervangen"));
      return;
    }
    // Check the backup in a staging folder next to the target, with the folder's key.
    const std::string staging = *rdir + "/.herstel";
    std::error_code ec;
    fs::remove_all(staging, ec);
    fs::create_directories(staging, ec);
    fs::copy_file(*from, staging + "/" + services::kDatabaseFile, ec);
    if (ec) {
      exit_code = Fail(Status::Io("kan back-up niet kopiëren: " + ec.message()));
      return;
    }
    const std::string key = crypto::KeyRing::PathFor(*rdir);
    {
      ::setenv(crypto::kKeyFileEnv, key.c_str(), 1);
      auto staged = services::DataFolder::Open(staging, clock);
      Status problem = staged.status();
      if (staged.ok()) {
        auto report = audit::Verify((*staged)->db(), (*staged)->keys());
        if (!report.ok()) {
          problem = report.status();
        } else if (!report->intact) {
          problem = Status::InvalidInput("logboek in de back-up is niet intact: " + report->problem);
        }
      }
      if (!problem.ok()) {
        fs::remove_all(staging, ec);
        exit_code = Fail(problem);
        return;
      }
    }
    if (fs::exists(target)) {
      const std::string aside = target + ".voor-herstel-" + FormatUtc(clock.Now(), false);
      fs::rename(target, aside, ec);
      fs::remove(target + "-wal", ec);
      fs::remove(target + "-shm", ec);
      std::printf("bestaande database bewaard als %s\n", aside.c_str());
    }
    fs::rename(staging + "/" + services::kDatabaseFile, target, ec);
    fs::remove_all(staging);
    // The head file belonged to the replaced database.
    fs::remove(*rdir + "/" + services::kHeadFile);
    if (ec) {
      exit_code = Fail(Status::Io("kan database niet terugzetten: " + ec.message()));
      return;
    }
    std::printf("back-up teruggezet in %s\n", rdir->c_str());
    exit_code = kExitOk;
  });
}

}  // namespace

void RegisterData(CLI::App& app, int& exit_code) {
  RegisterInit(app, exit_code);
  RegisterLog(app, exit_code);
  RegisterBackup(app, exit_code);
}

}  // namespace leerrecht::cli
