// Test helper: a data folder with parties and users behind the real server, for the HTTP and web tests.
#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "../store/temp_dir.h"
#include "core/clock.h"
#include "core/date.h"
#include "http/router.h"
#include "http/server.h"
#include "http_client.h"
#include "services/data_folder.h"
#include "services/session_service.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::testing {

inline constexpr const char* kTestPassword = "een-lang-testwachtwoord";  // every test user has it
inline constexpr const char* kRbl = "rbl-midden-gelre";
inline constexpr const char* kSwv = "swv-passend-wijs";
inline constexpr const char* kOtherRbl = "rbl-andere";
inline constexpr const char* kCovenant = "thuiszitters-midden-gelre";

// What the set-up itself does in the store: the "system" actor, for a purpose no rule checks.
store::AccessContext SystemContext(const std::string& party);

// The value of the first hidden csrf field of a page; "" when there is none.
std::string CsrfOf(const std::string& html);

// The id in a 201 reply to a POST that creates something; 0 (and a test failure) otherwise.
std::int64_t Created(const HttpReply& reply);

// A session as the server handed it out: the cookie ("name=value") and the CSRF token, from the
// JSON login (its csrf_token) or from the login form (the hidden field of the next page).
struct Login {
  std::string cookie;
  std::string csrf;
};

// One test's region: a fresh data folder in a temporary directory, its parties and users (all
// with kTestPassword), and the server on an ephemeral port. The clock is fixed, on 2025-03-14
// unless told otherwise, so deadlines and retention are deterministic. The methods that set
// things up fail the test fatally on an error; wrap them in ASSERT_NO_FATAL_FAILURE when the
// rest of the set-up depends on them.
class TestRegion {
 public:
  explicit TestRegion(Date today = Date::Ymd(2025, 3, 14));
  TestRegion(const TestRegion&) = delete;
  TestRegion& operator=(const TestRegion&) = delete;

  // Creates and opens the folder, with the seed covenant and the demo SWV region table when
  // `with_covenant`, and the session service on it.
  void Init(const services::InitOptions& options, bool with_covenant);
  // The seed covenant's region: the folder's own party is the RBL Midden-Gelre under `regime`
  // since 2025-01-01, with the SWV Passend Wijs beside it. No users yet.
  void InitMiddenGelre(const std::string& regime = "vanaf-handhaving");

  void AddParty(const std::string& id, const std::string& name, const std::string& role,
                const std::optional<std::string>& regime = std::nullopt, Date since = Date::Ymd(2025, 1, 1));
  void SetRegime(const std::string& party, const std::string& regime, Date since = Date::Ymd(2025, 1, 1));
  // The new user's id; 0 (with a test failure) when it could not be created.
  std::int64_t AddUser(const std::string& party, const std::string& username, const std::string& name,
                       std::vector<std::string> roles);
  // Imports the DUO melding the cases of these tests rest on (langdurig relatief verzuim at 12AB
  // since 2025-01-06, DUO-2025-0001) for a youth of `party`; its id, 0 on failure.
  std::int64_t ImportDuoMelding(const std::string& party, std::int64_t youth_id);

  // Serves every route of the application, with the shipped matrix.
  void StartServer();
  // Serves `router` alone (tests of a few routes wired by hand).
  void StartServer(http::Router router);
  // For a fixture whose router refers to something it owns itself: stop before that goes.
  void StopServer();

  // `manager_username` designates everyone with `role` of his party under `agreement` (SPEC W-09).
  void Designate(const std::string& manager_username, const std::string& role,
                 const std::string& agreement = kCovenant);
  // The seed covenant's people, after InitMiddenGelre: at the RBL the leerplichtambtenaar "lpa"
  // and the manager "rbl-beheer", at the SWV the consultant "consulent" and "swv-beheer". Starts
  // the server, and each manager designates his party's people under the covenant (W-09, W-10).
  void StartWithCovenantStaff();

  Login ApiLogin(const std::string& username);
  // Through the login form, as a browser does; the CSRF token is the one of /overzicht.
  Login FormLogin(const std::string& username);

  // A JSON API request: the cookie, and the X-CSRF-Token header on anything but GET.
  HttpReply Call(const std::string& method, const std::string& path, const Login& who,
                 const nlohmann::json& body = nullptr);
  HttpReply Get(const std::string& path, const Login& who);
  // A form as a page posts it: form-encoded, with the hidden csrf field first unless told not to.
  HttpReply PostForm(const std::string& path, const Login& who, const std::string& form, bool with_csrf = true);
  // A body of any type, with whichever of cookie and CSRF token `who` holds (none: Login{}).
  HttpReply Send(const std::string& method, const std::string& path, const Login& who, const std::string& body,
                 const std::string& content_type);

  // Entries of the processing log matching an SQL condition.
  std::int64_t LogCount(const std::string& where);

  [[nodiscard]] services::DataFolder& folder() { return *folder_; }
  [[nodiscard]] services::SessionService& sessions() { return *sessions_; }
  [[nodiscard]] FixedClock& clock() { return clock_; }
  [[nodiscard]] std::uint16_t port() const { return server_->port(); }
  [[nodiscard]] const std::string& password_hash() const { return hash_; }
  [[nodiscard]] const TempDir& dir() const { return dir_; }

 private:
  // Declared in the order they are needed, so the server goes before the sessions and the
  // sessions before the folder they use.
  TempDir dir_;
  FixedClock clock_;
  std::string hash_;
  std::unique_ptr<services::DataFolder> folder_;
  std::unique_ptr<services::SessionService> sessions_;
  std::unique_ptr<http::Server> server_;
};

// Noor 't Hart and her thuiszitter case, in the page tests' region.
// An art. 20 Wpg decision of the RBL naming the SWV as partner (SPEC R-11, W-23), for the tests of
// the art. 20 route; placed in the data folder's agreements before the server starts.
inline constexpr const char* kArt20 = "wpg-art20-midden-gelre";
inline constexpr const char* kArt20Toml = R"toml(schema = "leerrecht.agreement/1"
id = "wpg-art20-midden-gelre"
version = 1
kind = "wpg-art20"
title = "Beslissing informatieverstrekking ex art. 20 Wpg, RBL Midden-Gelre (test)"
signed_on = 2025-01-01
validity_years = 2
controller = "Dagelijks bestuur MGR RBL Midden-Gelre (test)"
source = "test"
exchange_table = "Categorieën van politiegegevens"
special_categories = "with-explicit-basis"
data_subjects = ["jongere", "ouder"]
confidentiality_notice = "Politiegegevens verstrekt op grond van artikel 20 Wpg; geheimhoudingsplicht art. 7 lid 2 Wpg."

[[parties]]
id = "rbl-midden-gelre"
name = "MGR RBL Midden-Gelre"
role = "leerplicht"
legal_basis = ["artikel 20 Wet politiegegevens", "Leerplichtwet 1969"]

[[parties]]
id = "swv-passend-wijs"
name = "Samenwerkingsverband Passend Wijs"
role = "swv"
legal_basis = ["artikel 6 lid 1 sub e AVG", "Wet passend onderwijs"]
profile = ["bsn", "naam", "geboortedatum", "adres", "school_laatst_bekend", "verzuim_startdatum"]

[[purposes]]
id = "aanpak-schoolverzuim"
text = "de effectieve aanpak van schoolverzuim"
wpg_purpose = "voorkomen-opsporen-strafbare-feiten"

[[flows]]
category = "*"
from = ["rbl-midden-gelre"]
to = ["swv-passend-wijs"]
purposes = ["aanpak-schoolverzuim"]
fields = [
  { field = "bsn", reason = "identificatie", ref = "T1" },
  { field = "naam", reason = "personalia", ref = "T2" },
  { field = "geboortedatum", reason = "personalia", ref = "T3" },
  { field = "adres", reason = "adres", ref = "T4" },
  { field = "school_laatst_bekend", reason = "zorgplicht", ref = "T5" },
  { field = "verzuim_startdatum", reason = "verzuim", ref = "T6" },
  { field = "telefoon", reason = "bereikbaarheid", ref = "T7" },
]

[[phase_profiles]]
id = "identificatie"
label = "Identificatie"
phases = ["melding", "onderzoek"]
fields = ["naam", "geboortedatum", "adres"]

[[phase_profiles]]
id = "halt-pv-feit"
label = "Halt/PV-feit"
phases = ["halt", "proces-verbaal", "om"]
fields = ["naam", "geboortedatum", "verzuim_startdatum"]

[designation]
senders = [ { party = "rbl-midden-gelre", role = "leerplichtambtenaar" } ]
recipients = [ { party = "swv-passend-wijs", role = "swv-consulent" } ]
)toml";

struct NoorsCase {
  std::int64_t youth_id = 0;
  std::int64_t case_id = 0;
};

// The page tests' region (tests/web): Midden-Gelre under Regime B and another RBL, a user for each
// role, both covenant designations, and Noor's case opened on a DUO melding, all through the
// running server where the API allows it.
// `with_art20`: kArt20Toml is in force too (the art. 20 route's pages).
void SetUpPagesRegion(TestRegion& region, NoorsCase& noor, bool with_art20 = false);

// The share page's choices for Noor's case: the SWV under the covenant, the Bijlage 1 fields and
// the Halt referral the covenant refuses.
inline constexpr const char* kShareChoices =
    "ontvanger=swv-passend-wijs&overeenkomst=thuiszitters-midden-gelre&doel=thuiszitters-in-beeld"
    "&velden=bsn&velden=naam&velden=adres&velden=school_laatst_bekend&velden=halt_verwijzing";

}  // namespace leerrecht::testing
