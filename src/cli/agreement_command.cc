// `leerrecht agreement check FILE...` and `leerrecht agreement show FILE` (DESIGN.md §5).
#include <CLI/CLI.hpp>
#include <cstdio>
#include <iostream>
#include <sstream>

#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "cli/io.h"
#include "policy/agreement_loader.h"

namespace leerrecht::cli {

namespace {

std::string Join(const std::vector<std::string>& items, std::string_view sep) {
  std::string out;
  for (const auto& item : items) {
    if (!out.empty()) out += sep;
    out += item;
  }
  return out;
}

std::string PartyList(const policy::Agreement& a, const std::vector<std::size_t>& indexes) {
  std::vector<std::string> names;
  for (std::size_t i : indexes) names.push_back(a.parties[i].id);
  return Join(names, ", ");
}

std::string_view CategoryTitle(const std::optional<domain::CaseCategory>& c) {
  if (!c) return "Elke zaak";
  switch (*c) {
    case domain::CaseCategory::kAbsoluutVerzuim: return "Absoluut verzuim";
    case domain::CaseCategory::kLangdurigVerzuim: return "Langdurig verzuim";
    case domain::CaseCategory::kVrijstelling5a: return "Vrijstelling 5 onder a";
    case domain::CaseCategory::kRelatiefVerzuim: return "Relatief verzuim";
    case domain::CaseCategory::kLuxeVerzuim: return "Luxe verzuim";
    case domain::CaseCategory::kOverigVerzuim: return "Overig verzuim";
    case domain::CaseCategory::kBeginnendVerzuim: return "Beginnend verzuim";
  }
  return "?";
}

// The exchange table as a person reads it, to hold next to the signed document.
std::string Render(const policy::Agreement& a) {
  std::ostringstream out;
  out << a.title << "\n";
  out << "  id " << a.id << ", versie " << a.version << ", "
      << (a.kind == policy::AgreementKind::kConvenant ? "convenant (AVG)" : "besluit art. 20 Wpg") << "\n";
  const auto first = a.FirstDayInForce();
  const auto last = a.LastDayInForce();
  out << "  in werking: " << (first ? first->ToString() : "?") << " t/m " << (last ? last->ToString() : "onbepaald");
  if (a.kind == policy::AgreementKind::kWpgArt20 && a.signed_on) {
    out << " (ondertekend " << a.signed_on->ToString() << ", " << a.validity_years << " jaar)";
  }
  if (a.revoked_on) out << "; ingetrokken op " << a.revoked_on->ToString();
  out << "\n";
  if (!a.controller.empty()) out << "  verwerkingsverantwoordelijke: " << a.controller << "\n";
  if (!a.source.empty()) out << "  bron: " << a.source << "\n";
  out << "  bijzondere persoonsgegevens: "
      << (a.special_categories == policy::SpecialCategories::kExcluded ? "uitgesloten"
                                                                        : "alleen met expliciete grondslag ontvanger")
      << "\n";
  if (!a.end_triggers.empty()) out << "  einde verwerking bij: " << Join(a.end_triggers, ", ") << "\n";

  out << "\nPartijen\n";
  for (const auto& p : a.parties) {
    out << "  " << p.id << " - " << p.name << " (" << policy::PartyRoleId(p.role) << ")\n";
    out << "      grondslag: " << Join(p.legal_basis, "; ") << "\n";
    if (!p.municipalities.empty()) out << "      werkgebied: " << Join(p.municipalities, ", ") << "\n";
    if (p.special_category_basis.any()) {
      std::vector<std::string> fields;
      for (auto f : policy::AllFields()) {
        if (p.special_category_basis.test(*policy::FindField(f.id))) fields.emplace_back(f.id);
      }
      out << "      expliciete grondslag voor: " << Join(fields, ", ") << "\n";
    }
    if (p.suspended_on) out << "      opgeschort sinds " << p.suspended_on->ToString() << "\n";
  }
  out << "\nDoelen\n";
  for (const auto& p : a.purposes) {
    out << "  " << p.id;
    if (p.wpg_purpose) out << " [" << policy::WpgPurposeId(*p.wpg_purpose) << "]";
    out << ": " << p.text << "\n";
  }
  if (a.kind == policy::AgreementKind::kWpgArt20) out << "\nGeheimhoudingsmededeling\n  " << a.confidentiality_notice << "\n";

  out << "\n" << (a.exchange_table.empty() ? "Uitwisselingstabel" : a.exchange_table) << "\n";
  for (const auto& flow : a.flows) {
    out << "\n" << CategoryTitle(flow.category) << "\n";
    out << "  van: " << PartyList(a, flow.from) << "\n  aan: " << PartyList(a, flow.to) << "\n  doelen: ";
    std::vector<std::string> purposes;
    for (std::size_t i : flow.purposes) purposes.push_back(a.purposes[i].id);
    out << Join(purposes, ", ") << "\n";
    for (const auto& entry : flow.fields) {
      std::vector<std::string> labels;
      for (auto f : entry.fields) labels.emplace_back(policy::Field(f).id);
      out << "  " << (entry.ref.empty() ? "-" : entry.ref) << "  " << entry.token;
      if (entry.fields.size() > 1 || labels.front() != entry.token) out << " (= " << Join(labels, ", ") << ")";
      out << "\n      reden: " << entry.reason << "\n";
    }
  }
  if (!a.phase_profiles.empty()) {
    // SPEC W-25: what the share form offers in which MAS phase.
    out << "\nVeldprofielen per MAS-fase\n";
    for (const auto& p : a.phase_profiles) {
      out << "  " << p.id << ": " << p.label << "\n      fasen: " << Join(p.phases, ", ")
          << "\n      velden: " << Join(p.fields, ", ") << "\n";
    }
  }
  if (a.has_designation) {
    out << "\nAanwijzing\n";
    auto list = [&](std::string_view title, const std::vector<policy::DesignationEntry>& entries) {
      out << "  " << title << ":";
      for (const auto& e : entries) {
        out << " " << a.parties[e.party].id << " (" << (e.role.empty() ? "persoon " + e.person : "rol " + e.role) << ");";
      }
      out << "\n";
    };
    list("verstrekkers", a.senders);
    list("ontvangers", a.recipients);
  }
  return out.str();
}

}  // namespace

Result<policy::Agreement> LoadAgreementFile(const std::string& path) {
  auto text = ReadInput(path);
  if (!text.ok()) return text.status();
  auto load = policy::LoadAgreement(*text, path);
  if (!load.agreement) {
    const auto& first = load.problems.front();
    return Status::InvalidInput(path + ":" + std::to_string(first.line) + ": " + first.message +
                                (load.problems.size() > 1 ? " (en " + std::to_string(load.problems.size() - 1) +
                                                                " andere problemen; zie 'leerrecht agreement check')"
                                                          : ""));
  }
  return std::move(*load.agreement);
}

void RegisterAgreement(CLI::App& app, int& exit_code) {
  auto* group = app.add_subcommand("agreement", "Convenanten en art. 20 Wpg-besluiten als bestanden");
  group->require_subcommand(1);

  auto* check = group->add_subcommand("check", "Controleer agreement-bestanden; meldt elk probleem als BESTAND:REGEL: melding");
  auto files = std::make_shared<std::vector<std::string>>();
  check->add_option("FILE", *files, "Een of meer agreement-bestanden (TOML)")->required();
  check->footer("Exit 0 als alle bestanden geldig zijn, 1 als er problemen zijn, 2 als een bestand onleesbaar is.\n"
                "Het formaat staat in docs/formats/agreement.md.");
  check->callback([&exit_code, files] {
    int code = kExitOk;
    for (const auto& path : *files) {
      auto text = ReadInput(path);
      if (!text.ok()) {
        PrintError(text.status().message());
        code = kExitInvalid;
        continue;
      }
      const auto load = policy::LoadAgreement(*text, path);
      for (const auto& p : load.problems) std::printf("%s:%d: %s\n", path.c_str(), p.line, p.message.c_str());
      if (load.agreement) {
        std::printf("%s: in orde (%s versie %d, %zu partijen, %zu stromen)\n", path.c_str(), load.agreement->id.c_str(),
                    load.agreement->version, load.agreement->parties.size(), load.agreement->flows.size());
      } else if (code == kExitOk) {
        code = kExitFailed;
      }
    }
    exit_code = code;
  });

  auto* show = group->add_subcommand("show", "Toon de uitwisselingstabel zoals een mens die leest");
  auto file = std::make_shared<std::string>();
  show->add_option("FILE", *file, "Agreement-bestand (TOML)")->required();
  show->callback([&exit_code, file] {
    auto agreement = LoadAgreementFile(*file);
    if (!agreement.ok()) {
      PrintError(agreement.status().message());
      exit_code = ExitCodeFor(agreement.status());
      return;
    }
    std::cout << Render(*agreement);
    exit_code = kExitOk;
  });
}

}  // namespace leerrecht::cli
