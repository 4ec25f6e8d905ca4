// Drives the case and management API over loopback: the matrix role by role, tenant isolation,
// break-glass, designations, and the processing log against the requests made.
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

#include "../store/temp_dir.h"
#include "crypto/password.h"
#include "http/app.h"
#include "http/server.h"
#include "http_client.h"
#include "services/matrix_config.h"
#include "services/matrix_store.h"
#include "store/repositories/case_repository.h"
#include "store/repositories/notification_repository.h"
#include "store/repositories/party_repository.h"
#include "store/repositories/user_repository.h"
#include "store/repositories/youth_repository.h"

namespace leerrecht::http {
namespace {

using leerrecht::testing::HttpReply;
using leerrecht::testing::HttpRequest;
using Headers = std::vector<std::pair<std::string, std::string>>;

constexpr const char* kPassword = "een-lang-testwachtwoord";
constexpr const char* kOwnParty = "eigen-organisatie";  // created by Init: a leerplicht party
constexpr const char* kOtherParty = "rbl-andere";      // another leerplicht party: another tenant
constexpr const char* kYouthName = "Lina de Vries";
constexpr const char* kYouthBsn = "111222333";
constexpr const char* kOtherYouthName = "Sem Bakker";
constexpr const char* kOtherYouthBsn = "123456782";

struct Login {
  std::string cookie;
  std::string csrf;
  [[nodiscard]] Headers Get() const { return {{"Cookie", cookie}}; }
  [[nodiscard]] Headers Post() const { return {{"Cookie", cookie}, {"X-CSRF-Token", csrf}}; }
};

class ApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ::unsetenv("LEERRECHT_KEY_FILE");
    auto init = services::DataFolder::Init(dir_.Sub("data"), {}, clock_);
    ASSERT_TRUE(init.ok()) << init.status().message();
    auto folder = services::DataFolder::Open(dir_.Sub("data"), clock_);
    ASSERT_TRUE(folder.ok()) << folder.status().message();
    folder_ = std::move(*folder);
    auto hash = crypto::HashPassword(kPassword);
    ASSERT_TRUE(hash.ok());
    hash_ = *hash;
    {
      auto tx = folder_->db().BeginWrite();
      ASSERT_TRUE(tx.ok());
      store::PartyRepository parties(clock_);
      ASSERT_TRUE(parties.SetRegime(**tx, kOwnParty, "vanaf-handhaving", Date::Ymd(2025, 1, 1)).ok());
      ASSERT_TRUE(parties.Create(**tx, kOtherParty, "RBL Andere Regio", "leerplicht").ok());
      ASSERT_TRUE(parties.SetRegime(**tx, kOtherParty, "vanaf-handhaving", Date::Ymd(2025, 1, 1)).ok());
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    for (const char* role : {"leerplichtambtenaar", "boa", "swv-consulent", "zorgcoordinator", "jeugdhulp", "rmc", "fg",
                             "auditor", "beheerder", "teamleider-leerplicht"}) {
      user_ids_[role] = AddUser(kOwnParty, std::string("u-") + role, std::string("Medewerker ") + role, {role});
    }
    user_ids_["lpa2"] = AddUser(kOwnParty, "u-lpa2", "K. Jansen", {"leerplichtambtenaar"});
    user_ids_["ander-lpa"] = AddUser(kOtherParty, "x-lpa", "Andere LPA", {"leerplichtambtenaar"});
    user_ids_["ander-beheerder"] = AddUser(kOtherParty, "x-beheerder", "Andere beheerder", {"beheerder"});
    user_ids_["ander-fg"] = AddUser(kOtherParty, "x-fg", "Andere FG", {"fg"});

    sessions_ = std::make_unique<services::SessionService>(*folder_, clock_);
    ServerOptions options;
    options.port = 0;
    options.threads = 2;
    auto server = Server::Start(options, BuildRouter(*folder_, *sessions_, services::DefaultMatrix(), clock_));
    ASSERT_TRUE(server.ok()) << server.status().message();
    server_ = std::move(*server);

    // The case of the story: K. Jansen's colleague (the leerplichtambtenaar) registers Lina.
    lpa_ = As("u-leerplichtambtenaar");
    youth_id_ = CreatedId(Call("POST", "/api/v1/jongeren", lpa_,
                               {{"bsn", kYouthBsn}, {"naam", kYouthName}, {"geboortedatum", "2011-05-04"},
                                {"gemeente", "Ede"}}));
    // Her school reported her through DUO: the melding is the ground of the case's notes (SPEC P-07).
    melding_id_ = AddMelding(youth_id_, "DUO-2025-0001");
    case_id_ = CreatedId(Call("POST", "/api/v1/zaken", lpa_,
                              {{"jongere", youth_id_}, {"categorie", "langdurig-verzuim"}, {"melding", melding_id_}}));
    ASSERT_EQ(Call("POST", "/api/v1/zaken/" + std::to_string(case_id_) + "/notities", lpa_,
                   {{"tekst", "Gesprek met moeder gepland."}})
                  .status,
              201);
  }
  void TearDown() override {
    server_.reset();
    sessions_.reset();
  }

  std::int64_t AddUser(const std::string& party, const std::string& username, const std::string& name,
                       std::vector<std::string> roles) {
    auto tx = folder_->db().BeginWrite();
    store::UserRepository users(folder_->keys(), folder_->log(), clock_);
    store::AccessContext ctx;
    ctx.party = party;
    ctx.actor = "system";
    ctx.purpose = "test";
    ctx.legal_basis = "test";
    store::NewUser user{username, name, hash_, false, std::move(roles)};
    auto id = users.Create(**tx, ctx, user);
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE((*tx)->Commit().ok());
    return id.ok() ? *id : 0;
  }

  std::int64_t AddMelding(std::int64_t youth, const std::string& number) {
    auto tx = folder_->db().BeginWrite();
    store::YouthRepository youths(folder_->keys(), folder_->log());
    store::NotificationRepository notifications(folder_->keys(), youths, folder_->log(), clock_);
    store::AbsenceNotification n;
    n.notification_number = number;
    n.youth_id = youth;
    n.brin = "12AB";
    n.kind = "langdurig-relatief-verzuim";
    n.start_date = Date::Ymd(2025, 1, 6);
    n.reported_on = Date::Ymd(2025, 2, 10);
    store::AccessContext ctx;
    ctx.party = kOwnParty;
    ctx.actor = "system";
    ctx.purpose = "test";
    ctx.legal_basis = "test";
    auto imported = notifications.Import(**tx, ctx, n);
    EXPECT_TRUE(imported.ok()) << imported.status().message();
    EXPECT_TRUE((*tx)->Commit().ok());
    return imported.ok() ? imported->id : 0;
  }

  Login As(const std::string& username) {
    auto reply = HttpRequest(server_->port(), "POST", "/api/v1/login",
                             nlohmann::json{{"gebruiker", username}, {"wachtwoord", kPassword}}.dump());
    EXPECT_EQ(reply.status, 200) << username << ": " << reply.body;
    Login login;
    const std::string set = reply.Header("Set-Cookie");
    login.cookie = set.substr(0, set.find(';'));
    if (reply.status == 200) login.csrf = nlohmann::json::parse(reply.body)["csrf_token"];
    return login;
  }

  HttpReply Call(const std::string& method, const std::string& path, const Login& who,
                 const nlohmann::json& body = nullptr, Headers extra = {}) {
    Headers headers = method == "GET" ? who.Get() : who.Post();
    for (auto& h : extra) headers.push_back(std::move(h));
    return HttpRequest(server_->port(), method, path, body.is_null() ? std::string() : body.dump(), headers);
  }

  static std::int64_t CreatedId(const HttpReply& reply) {
    EXPECT_EQ(reply.status, 201) << reply.body;
    if (reply.status != 201) return 0;
    return nlohmann::json::parse(reply.body)["id"].get<std::int64_t>();
  }

  std::int64_t LogCount(const std::string& where = "1 = 1") {
    auto tx = folder_->db().BeginRead();
    auto rows = (*tx)->Query("SELECT COUNT(*) FROM processing_log WHERE " + where);
    EXPECT_TRUE(rows.ok());
    return rows.ok() ? rows->front().Int(0) : -1;
  }

  std::string CasePath() const { return "/api/v1/zaken/" + std::to_string(case_id_); }

  leerrecht::testing::TempDir dir_;
  FixedClock clock_{Date::Ymd(2025, 3, 14)};
  std::string hash_;
  std::unique_ptr<services::DataFolder> folder_;
  std::unique_ptr<services::SessionService> sessions_;
  std::unique_ptr<Server> server_;
  std::map<std::string, std::int64_t> user_ids_;
  Login lpa_;
  std::int64_t youth_id_ = 0;
  std::int64_t case_id_ = 0;
  std::int64_t melding_id_ = 0;
};

// SPEC R-06 / DESIGN.md §9 as a table: each standard role against each endpoint, for an AVG case
// in the leerplichtambtenaar's caseload. "in-beeld" is the minimal view of SPEC R-07.
TEST_F(ApiTest, R_06_each_role_against_each_endpoint) {
  struct Row {
    const char* role;
    const char* method;
    std::string path;
    int status;
    const char* view = nullptr;  // for GET /zaken/{id}: "volledig" | "in-beeld"
  };
  const std::string c = CasePath();
  const std::string y = "/api/v1/jongeren/" + std::to_string(youth_id_);
  const std::string notes = c + "/notities";
  std::vector<Row> table = {
      {"leerplichtambtenaar", "GET", c, 200, "volledig"},
      {"lpa2", "GET", c, 200, "in-beeld"},  // a colleague outside the caseload: only "in beeld"
      {"boa", "GET", c, 403},               // a boa sees WPG cases in his own caseload only
      {"swv-consulent", "GET", c, 200, "volledig"},
      {"zorgcoordinator", "GET", c, 403},  // only cases of his case meetings
      {"jeugdhulp", "GET", c, 403},
      {"rmc", "GET", c, 200, "in-beeld"},  // SPEC R-07: the Doorstroompunt/RMC sees "in beeld"
      {"fg", "GET", c, 403},
      {"auditor", "GET", c, 403},
      {"beheerder", "GET", c, 403},  // the administrator manages accounts, not cases
      {"teamleider-leerplicht", "GET", c, 403},

      {"leerplichtambtenaar", "GET", y, 200},
      {"rmc", "GET", y, 200},
      {"boa", "GET", y, 403},
      {"fg", "GET", y, 403},
      {"beheerder", "GET", y, 403},

      {"leerplichtambtenaar", "GET", notes, 200},
      {"lpa2", "GET", notes, 403},
      {"rmc", "GET", notes, 403},
      {"swv-consulent", "GET", notes, 200},
      {"auditor", "GET", notes, 403},
      {"leerplichtambtenaar", "POST", notes, 201},
      {"lpa2", "POST", notes, 403},
      {"beheerder", "POST", notes, 403},

      {"beheerder", "GET", "/api/v1/gebruikers", 200},
      {"leerplichtambtenaar", "GET", "/api/v1/gebruikers", 403},
      {"fg", "GET", "/api/v1/gebruikers", 403},
      {"beheerder", "GET", "/api/v1/autorisatiematrix", 200},
      {"fg", "GET", "/api/v1/autorisatiematrix", 200},
      {"auditor", "GET", "/api/v1/autorisatiematrix", 200},
      {"leerplichtambtenaar", "GET", "/api/v1/autorisatiematrix", 403},
      {"beheerder", "GET", "/api/v1/aanwijzingen?overeenkomst=thuiszitters-midden-gelre", 200},
      {"leerplichtambtenaar", "GET", "/api/v1/aanwijzingen?overeenkomst=thuiszitters-midden-gelre", 403},
      {"boa", "POST", "/api/v1/jongeren", 403},
      {"rmc", "POST", "/api/v1/jongeren", 403},
      {"fg", "POST", "/api/v1/zaken", 403},

      // SPEC W-23: the list of exceptions to the secrecy of OM data.
      {"leerplichtambtenaar", "GET", "/api/v1/om-uitzonderingen", 200},  // his own requests
      {"teamleider-leerplicht", "GET", "/api/v1/om-uitzonderingen", 200},
      {"fg", "GET", "/api/v1/om-uitzonderingen", 200},
      {"swv-consulent", "GET", "/api/v1/om-uitzonderingen", 403},
      {"boa", "GET", "/api/v1/om-uitzonderingen", 403},
      {"beheerder", "GET", "/api/v1/om-uitzonderingen", 403},
  };
  std::map<std::string, Login> logins;
  for (const Row& row : table) {
    const std::string username = std::string(row.role) == "lpa2" ? "u-lpa2" : std::string("u-") + row.role;
    if (!logins.contains(username)) logins[username] = As(username);
    nlohmann::json body = nullptr;
    if (row.path == notes && std::string(row.method) == "POST") body = {{"tekst", "nog een notitie"}};
    if (row.path == "/api/v1/jongeren") {
      body = {{"bsn", "123456782"}, {"naam", "X"}, {"geboortedatum", "2012-01-01"}};
    }
    if (row.path == "/api/v1/zaken") body = {{"jongere", youth_id_}, {"categorie", "absoluut-verzuim"}};
    const HttpReply reply = Call(row.method, row.path, logins[username], body);
    EXPECT_EQ(reply.status, row.status) << row.role << " " << row.method << " " << row.path << ": " << reply.body;
    if (row.view != nullptr && reply.status == 200) {
      EXPECT_EQ(nlohmann::json::parse(reply.body)["weergave"], row.view) << row.role;
    }
    if (reply.status == 403) {
      EXPECT_NE(reply.body.find("geen toegang"), std::string::npos) << reply.body;
    }
  }
}

TEST_F(ApiTest, R_07_in_beeld_view_shows_only_involvement_contact_and_status) {
  // The case's leerplichtambtenaar is "Medewerker leerplichtambtenaar"; the RMC sees that and no more.
  const HttpReply reply = Call("GET", CasePath(), As("u-rmc"));
  ASSERT_EQ(reply.status, 200) << reply.body;
  const auto body = nlohmann::json::parse(reply.body);
  EXPECT_EQ(body["leerplicht_betrokken"], true);
  EXPECT_EQ(body["contactpersoon"], "Medewerker leerplichtambtenaar");
  EXPECT_EQ(body["status"], "lopend");
  EXPECT_EQ(body["break_glass_aanvragen"], true);
  EXPECT_EQ(reply.body.find(kYouthName), std::string::npos);
  EXPECT_EQ(reply.body.find(kYouthBsn), std::string::npos);
  EXPECT_EQ(reply.body.find("langdurig"), std::string::npos);
}

TEST_F(ApiTest, R_10_case_shows_regime_tag_and_since) {
  const auto body = nlohmann::json::parse(Call("GET", CasePath(), lpa_).body);
  EXPECT_EQ(body["regime_tekst"], "Regime B — Wpg vanaf handhaving (sinds 2025-01-01)");
  EXPECT_EQ(body["label"], "AVG");
  EXPECT_TRUE(body["wpg_sinds"].is_null());
  EXPECT_EQ(body["jongere"]["naam"], kYouthName);
  EXPECT_EQ(body["behandelaars"].size(), 1u);
  const auto notes = nlohmann::json::parse(Call("GET", CasePath() + "/notities", lpa_).body);
  ASSERT_EQ(notes["notities"].size(), 1u);
  EXPECT_EQ(notes["notities"][0]["label"], "AVG");
}

TEST_F(ApiTest, R_01_no_case_without_a_chosen_regime) {
  const std::int64_t other_lpa = user_ids_["ander-lpa"];
  ASSERT_GT(other_lpa, 0);
  {
    auto tx = folder_->db().BeginWrite();
    store::PartyRepository parties(clock_);
    ASSERT_TRUE(parties.Create(**tx, "rbl-zonder-regime", "RBL zonder regime", "leerplicht").ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  AddUser("rbl-zonder-regime", "z-lpa", "Z", {"leerplichtambtenaar"});
  const Login z = As("z-lpa");
  const std::int64_t youth = CreatedId(Call("POST", "/api/v1/jongeren", z,
                                            {{"bsn", kOtherYouthBsn}, {"naam", "Z"}, {"geboortedatum", "2011-01-01"}}));
  const HttpReply refused = Call("POST", "/api/v1/zaken", z, {{"jongere", youth}, {"categorie", "langdurig-verzuim"}});
  EXPECT_EQ(refused.status, 403) << refused.body;
  EXPECT_NE(refused.body.find("regime"), std::string::npos) << refused.body;
}

// Tenants (issue acceptance): another party's user tries every route with this party's ids and
// must never succeed nor see a byte of the data.
TEST_F(ApiTest, Tenant_isolation_every_route_refuses_another_partys_data) {
  // Give party A a designation and a break-glass request too, so every kind of id exists.
  const Login admin = As("u-beheerder");
  const std::int64_t designation =
      CreatedId(Call("POST", "/api/v1/aanwijzingen", admin,
                     {{"overeenkomst", "thuiszitters-midden-gelre"}, {"gebruiker", user_ids_["leerplichtambtenaar"]}}));
  const std::int64_t request = CreatedId(Call("POST", "/api/v1/break-glass", As("u-rmc"),
                                              {{"zaak", case_id_}, {"reden", "afstemming traject 18-"},
                                               {"grondslag", "AVG art. 6 lid 1 sub e: RMC-taak"}, {"dagen", 30}}));
  ASSERT_GT(designation, 0);
  ASSERT_GT(request, 0);
  const std::set<std::int64_t> ids = {youth_id_, case_id_, designation, request, user_ids_["leerplichtambtenaar"],
                                      user_ids_["rmc"]};

  const std::int64_t before_writes = LogCount("outcome = 'ok' AND activity NOT LIKE '%.lezen' AND activity <> "
                                             "'medewerker.inloggen' AND party_id = 'eigen-organisatie'");
  for (const char* outsider : {"x-lpa", "x-beheerder", "x-fg"}) {
    const Login other = As(outsider);
    std::size_t tried = 0;
    for (const auto& [method, path] : BuildRouter(*folder_, *sessions_).Routes()) {
      if (path.rfind("/api/v1/", 0) != 0 || path == "/api/v1/login" || path == "/api/v1/logout" ||
          path == "/api/v1/password" || path.find("tweede-factor") != std::string::npos ||
          path.find("tokens") != std::string::npos) {
        continue;  // the outsider's own account, not party data
      }
      for (std::int64_t id : ids) {
        std::string concrete = path;
        if (auto pos = concrete.find("{id}"); pos != std::string::npos) {
          concrete.replace(pos, 4, std::to_string(id));
        } else if (id != *ids.begin()) {
          continue;  // routes without an id are tried once
        }
        if (concrete == "/api/v1/aanwijzingen") concrete += "?overeenkomst=thuiszitters-midden-gelre";
        // A body valid for every route, so that only the tenant check can refuse it.
        nlohmann::json body = {{"zaak", case_id_},
                               {"jongere", youth_id_},
                               {"gebruiker", user_ids_["rmc"]},
                               {"boa", user_ids_["boa"]},
                               {"tekst", "x"},
                               {"categorie", "langdurig-verzuim"},
                               {"reden", "overleden"},
                               {"fase", "hulp"},
                               {"veld", "adres"},
                               {"waarde", "Nergensweg 1"},
                               {"grondslag", "x"},
                               {"overeenkomst", "thuiszitters-midden-gelre"},
                               {"ontvanger", "swv-passend-wijs"},
                               {"doel", "thuiszitters-in-beeld"},
                               {"velden", {"bsn"}},
                               {"kwaliteit_gecontroleerd", true},
                               {"anonimisering_overwogen", true}};
        const HttpReply reply = Call(method, concrete, other, method == "GET" ? nlohmann::json(nullptr) : body);
        ++tried;
        EXPECT_EQ(reply.body.find(kYouthName), std::string::npos) << outsider << " " << method << " " << concrete;
        EXPECT_EQ(reply.body.find(kYouthBsn), std::string::npos) << outsider << " " << method << " " << concrete;
        EXPECT_EQ(reply.body.find("afstemming traject"), std::string::npos) << outsider << " " << concrete;
        EXPECT_EQ(reply.body.find("Medewerker leerplichtambtenaar"), std::string::npos) << outsider << " " << concrete;
        const bool has_id = path.find("{id}") != std::string::npos;
        if (has_id) {
          EXPECT_TRUE(reply.status == 404 || reply.status == 403) << outsider << " " << method << " " << concrete
                                                                  << " -> " << reply.status << " " << reply.body;
        }
      }
    }
    EXPECT_GT(tried, 20u);
  }
  // Nothing was written in party A by the outsiders: no change logged there, no note added.
  EXPECT_EQ(LogCount("outcome = 'ok' AND activity NOT LIKE '%.lezen' AND activity <> 'medewerker.inloggen' AND "
                     "party_id = 'eigen-organisatie'"),
            before_writes);
  const auto notes = nlohmann::json::parse(Call("GET", CasePath() + "/notities", lpa_).body);
  EXPECT_EQ(notes["notities"].size(), 1u);
  const auto workers = nlohmann::json::parse(Call("GET", CasePath(), lpa_).body)["behandelaars"];
  EXPECT_EQ(workers.size(), 1u);
  // The outsider's own list is empty of A's cases.
  const auto list = nlohmann::json::parse(Call("GET", "/api/v1/zaken", As("x-lpa")).body);
  EXPECT_TRUE(list["zaken"].empty());
}

// SPEC: the RMC asks, the team leader approves for 30 days, AVG items only; the
// privacy officer sees the request at once; the read through the door is logged as such.
TEST_F(ApiTest, R_07_break_glass_request_approval_and_log_entry) {
  const Login rmc = As("u-rmc");
  const Login fg = As("u-fg");
  const HttpReply wpg = Call("POST", "/api/v1/break-glass", rmc,
                             {{"zaak", case_id_}, {"reden", "volledig dossier"}, {"grondslag", "RMC-taak"},
                              {"reikwijdte", "alles"}});
  EXPECT_EQ(wpg.status, 403) << wpg.body;  // police data: not through this door for the RMC

  const HttpReply asked = Call("POST", "/api/v1/break-glass", rmc,
                               {{"zaak", case_id_}, {"reden", "afstemming traject 18-"},
                                {"grondslag", "AVG art. 6 lid 1 sub e: RMC-taak"}, {"dagen", 30}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  const auto request = nlohmann::json::parse(asked.body);
  EXPECT_EQ(request["status"], "aangevraagd");
  EXPECT_EQ(request["actief"], false);
  const std::string id = std::to_string(request["id"].get<std::int64_t>());

  // At once on the privacy officer's list.
  const auto fg_list = nlohmann::json::parse(Call("GET", "/api/v1/break-glass", fg).body);
  ASSERT_EQ(fg_list["verzoeken"].size(), 1u);
  EXPECT_EQ(fg_list["verzoeken"][0]["reden"], "afstemming traject 18-");
  EXPECT_EQ(fg_list["verzoeken"][0]["grondslag"], "AVG art. 6 lid 1 sub e: RMC-taak");

  // Not yet approved: still "in beeld"; nobody approves his own request; the FG cannot approve.
  EXPECT_EQ(nlohmann::json::parse(Call("GET", CasePath(), rmc).body)["weergave"], "in-beeld");
  EXPECT_EQ(Call("POST", "/api/v1/break-glass/" + id + "/goedkeuren", rmc).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/break-glass/" + id + "/goedkeuren", fg).status, 403);

  const HttpReply approved = Call("POST", "/api/v1/break-glass/" + id + "/goedkeuren", As("u-teamleider-leerplicht"));
  ASSERT_EQ(approved.status, 200) << approved.body;
  EXPECT_EQ(nlohmann::json::parse(approved.body)["actief"], true);
  EXPECT_EQ(Call("POST", "/api/v1/break-glass/" + id + "/goedkeuren", As("u-teamleider-leerplicht")).status, 409);

  const std::int64_t before = LogCount("purpose = 'break-glass' AND activity = 'zaak.lezen'");
  const HttpReply full = Call("GET", CasePath(), rmc);
  ASSERT_EQ(full.status, 200);
  const auto body = nlohmann::json::parse(full.body);
  EXPECT_EQ(body["weergave"], "volledig");
  EXPECT_EQ(body["break_glass"].get<std::int64_t>(), request["id"].get<std::int64_t>());
  EXPECT_EQ(LogCount("purpose = 'break-glass' AND activity = 'zaak.lezen' AND legal_basis = "
                     "'AVG art. 6 lid 1 sub e: RMC-taak' AND actor = 'user:" +
                     std::to_string(user_ids_["rmc"]) + "'"),
            before + 1);

  // Time-limited: after 30 days the door closes again.
  clock_.Advance(std::chrono::hours(24 * 30 + 1));
  const Login rmc_later = As("u-rmc");
  EXPECT_EQ(nlohmann::json::parse(Call("GET", CasePath(), rmc_later).body)["weergave"], "in-beeld");
}

TEST_F(ApiTest, R_07_an_avg_grant_does_not_open_a_wpg_case) {
  // Under Regime A a case with a DUO melding or absoluut verzuim is police data from the start.
  {
    auto tx = folder_->db().BeginWrite();
    store::PartyRepository parties(clock_);
    ASSERT_TRUE(parties.Create(**tx, "rbl-regime-a", "RBL Regime A", "leerplicht").ok());
    ASSERT_TRUE(parties.SetRegime(**tx, "rbl-regime-a", "vanaf-melding", Date::Ymd(2025, 1, 1)).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
  AddUser("rbl-regime-a", "a-lpa", "A LPA", {"leerplichtambtenaar"});
  AddUser("rbl-regime-a", "a-rmc", "A RMC", {"rmc"});
  AddUser("rbl-regime-a", "a-tl", "A Teamleider", {"teamleider-leerplicht"});
  const Login lpa = As("a-lpa");
  const std::int64_t youth = CreatedId(Call("POST", "/api/v1/jongeren", lpa,
                                            {{"bsn", kOtherYouthBsn}, {"naam", kOtherYouthName}, {"geboortedatum", "2010-02-02"}}));
  const std::int64_t wpg_case =
      CreatedId(Call("POST", "/api/v1/zaken", lpa, {{"jongere", youth}, {"categorie", "absoluut-verzuim"}}));
  const std::string path = "/api/v1/zaken/" + std::to_string(wpg_case);
  const auto own = nlohmann::json::parse(Call("GET", path, lpa).body);
  EXPECT_EQ(own["label"], "WPG");
  EXPECT_EQ(own["wpg_sinds"], "2025-03-14");
  EXPECT_EQ(own["regime_tekst"], "Regime A — Wpg vanaf melding (sinds 2025-01-01)");

  const Login rmc = As("a-rmc");
  const auto asked = nlohmann::json::parse(Call("POST", "/api/v1/break-glass", rmc,
                                                {{"zaak", wpg_case}, {"reden", "RMC-taak"}, {"grondslag", "AVG"}})
                                               .body);
  ASSERT_TRUE(asked.contains("id")) << asked.dump();
  ASSERT_EQ(Call("POST", "/api/v1/break-glass/" + std::to_string(asked["id"].get<std::int64_t>()) + "/goedkeuren",
                 As("a-tl"))
                .status,
            200);
  EXPECT_EQ(nlohmann::json::parse(Call("GET", path, rmc).body)["weergave"], "in-beeld");
}

TEST_F(ApiTest, R_07_colleague_standing_in_gets_access_at_once_and_the_fg_sees_it) {
  const Login colleague = As("u-lpa2");
  EXPECT_EQ(nlohmann::json::parse(Call("GET", CasePath(), colleague).body)["weergave"], "in-beeld");
  const HttpReply asked = Call("POST", "/api/v1/break-glass", colleague,
                               {{"zaak", case_id_}, {"reden", "waarneming tijdens ziekte collega"},
                                {"grondslag", "Leerplichtwet 1969 art. 16"}, {"reikwijdte", "alles"}, {"dagen", 14}});
  ASSERT_EQ(asked.status, 201) << asked.body;
  EXPECT_EQ(nlohmann::json::parse(asked.body)["status"], "actief");
  EXPECT_EQ(nlohmann::json::parse(Call("GET", CasePath(), colleague).body)["weergave"], "volledig");
  EXPECT_EQ(Call("GET", CasePath() + "/notities", colleague).status, 200);
  const auto fg_list = nlohmann::json::parse(Call("GET", "/api/v1/break-glass", As("u-fg")).body);
  ASSERT_EQ(fg_list["verzoeken"].size(), 1u);
  EXPECT_EQ(fg_list["verzoeken"][0]["aanvrager"], "K. Jansen");
  EXPECT_EQ(fg_list["verzoeken"][0]["actief"], true);
  // More than the matrix's maximum is refused.
  EXPECT_EQ(Call("POST", "/api/v1/break-glass", colleague,
                 {{"zaak", case_id_}, {"reden", "x"}, {"grondslag", "y"}, {"dagen", 31}})
                .status,
            400);
}

// Issue acceptance: "a test compares the requests made with the entries written". Each request
// carries its own W3C trace id; every read of personal data must have left an entry with it.
TEST_F(ApiTest, Every_read_through_the_api_writes_a_log_entry_with_the_request_trace) {
  struct Read {
    std::string path;
    std::string activity;
  };
  const std::vector<Read> reads = {{CasePath(), "zaak.lezen"},
                                   {"/api/v1/jongeren/" + std::to_string(youth_id_), "jongere.lezen"},
                                   {CasePath() + "/notities", "notitie"},
                                   {"/api/v1/zaken", "zaak.lezen"}};
  int n = 0;
  for (const Read& read : reads) {
    char trace[33];
    std::snprintf(trace, sizeof trace, "%032x", 0xabc000 + ++n);
    const std::string traceparent = std::string("00-") + trace + "-00f067aa0ba902b7-01";
    const HttpReply reply = Call("GET", read.path, lpa_, nullptr, {{"traceparent", traceparent}});
    ASSERT_EQ(reply.status, 200) << read.path;
    EXPECT_GE(LogCount("trace_id = '" + std::string(trace) + "' AND activity LIKE '" + read.activity + "%'"), 1)
        << read.path;
    EXPECT_EQ(LogCount("trace_id = '" + std::string(trace) + "' AND party_id <> '" + kOwnParty + "'"), 0);
  }
  // A refused read is logged too (DESIGN.md §9: denials are logged), with outcome refused.
  const std::int64_t refused_before = LogCount("outcome = 'refused'");
  EXPECT_EQ(Call("GET", CasePath(), As("u-boa")).status, 403);
  EXPECT_EQ(LogCount("outcome = 'refused'"), refused_before + 1);
  // And the log still verifies.
  auto report = audit::Verify(folder_->db(), folder_->keys());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact) << report->problem;
}

TEST_F(ApiTest, W_10_designations_recorded_reconfirmed_and_ended_by_management) {
  const Login admin = As("u-beheerder");
  const std::int64_t id =
      CreatedId(Call("POST", "/api/v1/aanwijzingen", admin,
                     {{"overeenkomst", "thuiszitters-midden-gelre"}, {"gebruiker", user_ids_["leerplichtambtenaar"]},
                      {"datum", "2024-03-01"}}));
  const std::string list_path = "/api/v1/aanwijzingen?overeenkomst=thuiszitters-midden-gelre";
  auto list = nlohmann::json::parse(Call("GET", list_path, admin).body);
  ASSERT_EQ(list["aanwijzingen"].size(), 1u);
  EXPECT_EQ(list["aanwijzingen"][0]["status"], "verlopen");  // more than 12 months ago (W-10)
  EXPECT_EQ(Call("POST", "/api/v1/aanwijzingen/" + std::to_string(id) + "/herbevestigen", admin).status, 204);
  list = nlohmann::json::parse(Call("GET", list_path, admin).body);
  EXPECT_EQ(list["aanwijzingen"][0]["status"], "actief");
  EXPECT_EQ(Call("POST", "/api/v1/aanwijzingen/" + std::to_string(id) + "/herbevestigen", lpa_).status, 403);
  EXPECT_EQ(Call("POST", "/api/v1/aanwijzingen/" + std::to_string(id) + "/beeindigen", admin).status, 204);
  list = nlohmann::json::parse(Call("GET", list_path, admin).body);
  EXPECT_EQ(list["aanwijzingen"][0]["status"], "niet-aangewezen");
  EXPECT_EQ(Call("POST", "/api/v1/aanwijzingen/" + std::to_string(id) + "/beeindigen", admin).status, 409);
  EXPECT_EQ(Call("POST", "/api/v1/aanwijzingen", admin,
                 {{"overeenkomst", "x"}, {"gebruiker", user_ids_["ander-lpa"]}})
                .status,
            404);  // another party's medewerker
}

TEST_F(ApiTest, R_06_accounts_created_by_the_administrator_and_separation_of_duties) {
  const Login admin = As("u-beheerder");
  const HttpReply created = Call("POST", "/api/v1/gebruikers", admin,
                                 {{"gebruikersnaam", "p-dewit"}, {"naam", "P. de Wit"}, {"rollen", {"boa"}}});
  ASSERT_EQ(created.status, 201) << created.body;
  const std::string otp = nlohmann::json::parse(created.body)["eenmalig_wachtwoord"];
  EXPECT_EQ(otp.size(), 23u);
  EXPECT_EQ(Call("POST", "/api/v1/gebruikers", admin,
                 {{"gebruikersnaam", "baas"}, {"naam", "Baas"}, {"rollen", {"verwerkingsverantwoordelijke"}}})
                .status,
            403);
  EXPECT_EQ(Call("POST", "/api/v1/gebruikers", admin,
                 {{"gebruikersnaam", "rare"}, {"naam", "Rare"}, {"rollen", {"superuser"}}})
                .status,
            400);
  // The new user must replace the one-time password before touching any data.
  auto login = HttpRequest(server_->port(), "POST", "/api/v1/login",
                           nlohmann::json{{"gebruiker", "p-dewit"}, {"wachtwoord", otp}}.dump());
  ASSERT_EQ(login.status, 200);
  const std::string set = login.Header("Set-Cookie");
  const HttpReply blocked = HttpRequest(server_->port(), "GET", "/api/v1/zaken", "", {{"Cookie", set.substr(0, set.find(';'))}});
  EXPECT_EQ(blocked.status, 403);
  EXPECT_NE(blocked.body.find("eenmalige wachtwoord"), std::string::npos);

  const auto users = nlohmann::json::parse(Call("GET", "/api/v1/gebruikers", admin).body)["gebruikers"];
  bool found = false;
  for (const auto& u : users) {
    EXPECT_FALSE(u.contains("wachtwoord"));
    EXPECT_NE(u["gebruikersnaam"], "x-lpa");  // another party's users are not listed
    found = found || u["gebruikersnaam"] == "p-dewit";
  }
  EXPECT_TRUE(found);
  EXPECT_EQ(Call("POST", "/api/v1/gebruikers/" + std::to_string(user_ids_["beheerder"]) + "/deactiveren", admin).status,
            403);  // not himself
}

// A deactivated account must stop working at once, not when its session times out.
TEST_F(ApiTest, Deactivating_a_user_ends_his_sessions_at_once) {
  const Login admin = As("u-beheerder");
  const Login leaver = As("u-lpa2");
  ASSERT_EQ(Call("GET", "/api/v1/me", leaver).status, 200);
  ASSERT_EQ(Call("POST", "/api/v1/gebruikers/" + std::to_string(user_ids_["lpa2"]) + "/deactiveren", admin).status, 204);
  EXPECT_EQ(Call("GET", "/api/v1/me", leaver).status, 401);
  EXPECT_EQ(Call("GET", "/api/v1/me", admin).status, 200);  // only his sessions end
}

TEST_F(ApiTest, Caseload_assignment_only_to_colleagues_whose_role_fits) {
  const std::string path = CasePath() + "/behandelaars";
  EXPECT_EQ(Call("POST", path, lpa_, {{"gebruiker", user_ids_["fg"]}}).status, 400);
  EXPECT_EQ(Call("POST", path, lpa_, {{"gebruiker", user_ids_["ander-lpa"]}}).status, 404);
  EXPECT_EQ(Call("POST", path, As("u-lpa2"), {{"gebruiker", user_ids_["lpa2"]}}).status, 403);  // not his case
  EXPECT_EQ(Call("POST", path, lpa_, {{"gebruiker", user_ids_["lpa2"]}}).status, 204);
  EXPECT_EQ(nlohmann::json::parse(Call("GET", CasePath(), As("u-lpa2")).body)["weergave"], "volledig");
}

// SPEC C-21, P-07: no person-level file for relative absence without the school's DUO melding.
TEST_F(ApiTest, C_21_P_07_no_relatief_verzuim_case_without_a_duo_melding) {
  for (const char* category : {"relatief-verzuim", "luxe-verzuim", "overig-verzuim", "beginnend-verzuim"}) {
    const HttpReply refused = Call("POST", "/api/v1/zaken", lpa_, {{"jongere", youth_id_}, {"categorie", category}});
    EXPECT_EQ(refused.status, 403) << category;
    EXPECT_NE(refused.body.find("DUO-melding"), std::string::npos) << refused.body;
  }
  EXPECT_EQ(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", youth_id_}, {"categorie", "relatief-verzuim"}, {"melding", 42}})
                .status,
            400);  // a melding that is not this youth's
}

// SPEC P-07: a person-level note needs a ground. A langdurig-verzuim case opened without the
// school's DUO melding has none; an absoluut-verzuim case is the RBL's own finding (C-21).
TEST_F(ApiTest, P_07_a_person_level_note_without_a_ground_is_refused) {
  const std::int64_t other = CreatedId(Call("POST", "/api/v1/jongeren", lpa_,
                                            {{"bsn", kOtherYouthBsn}, {"naam", kOtherYouthName},
                                             {"geboortedatum", "2010-09-01"}, {"gemeente", "Ede"}}));
  const std::int64_t bare =
      CreatedId(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", other}, {"categorie", "langdurig-verzuim"}}));
  const HttpReply refused =
      Call("POST", "/api/v1/zaken/" + std::to_string(bare) + "/notities", lpa_, {{"tekst", "gesprek gevoerd"}});
  EXPECT_EQ(refused.status, 403);
  EXPECT_NE(refused.body.find("geen persoonsnotitie zonder grondslag"), std::string::npos) << refused.body;
  EXPECT_NE(refused.body.find("schoolniveau"), std::string::npos) << refused.body;
  const std::int64_t own_finding =
      CreatedId(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", other}, {"categorie", "absoluut-verzuim"}}));
  EXPECT_EQ(Call("POST", "/api/v1/zaken/" + std::to_string(own_finding) + "/notities", lpa_,
                 {{"tekst", "niet ingeschreven; huisbezoek gepland"}})
                .status,
            201);
}

// SPEC: Regime B — the hand-over to the boa for a proces-verbaal makes the case police
// data from that day; the boa joins, the leerplichtambtenaar keeps his access; the tag never
// returns to AVG, and a colleague from the RMC sees "in beeld" only.
TEST_F(ApiTest, R_09_hand_over_to_a_boa_moves_the_case_into_the_wpg_domain) {
  EXPECT_EQ(Call("GET", CasePath(), As("u-boa")).status, 403);
  EXPECT_EQ(Call("POST", CasePath() + "/overdracht", lpa_, {{"boa", user_ids_["rmc"]}}).status, 400);
  const HttpReply handed = Call("POST", CasePath() + "/overdracht", lpa_, {{"boa", user_ids_["boa"]}});
  ASSERT_EQ(handed.status, 200) << handed.body;
  EXPECT_EQ(nlohmann::json::parse(handed.body)["label"], "WPG");
  const auto boa_view = nlohmann::json::parse(Call("GET", CasePath(), As("u-boa")).body);
  EXPECT_EQ(boa_view["weergave"], "volledig");
  EXPECT_EQ(boa_view["fase"], "proces-verbaal");
  EXPECT_EQ(boa_view["wpg_sinds"], "2025-03-14");
  EXPECT_EQ(boa_view["behandelaars"].size(), 2u);
  EXPECT_EQ(nlohmann::json::parse(Call("GET", CasePath(), lpa_).body)["weergave"], "volledig");
  // Back to "hulp": still WPG.
  const HttpReply back = Call("POST", CasePath() + "/fase", lpa_, {{"fase", "hulp"}});
  ASSERT_EQ(back.status, 200);
  EXPECT_EQ(nlohmann::json::parse(back.body)["label"], "WPG");
  // The swv-consulent of the matrix table reads AVG cases only: now just "in beeld".
  EXPECT_EQ(nlohmann::json::parse(Call("GET", CasePath(), As("u-swv-consulent")).body)["weergave"], "in-beeld");
  EXPECT_EQ(Call("POST", CasePath() + "/fase", lpa_, {{"fase", "afgesloten"}}).status, 400);
}

TEST_F(ApiTest, Bad_input_gets_a_clear_400_and_changes_nothing) {
  const std::int64_t before = LogCount();
  EXPECT_EQ(Call("POST", "/api/v1/jongeren", lpa_, {{"bsn", "123456789"}, {"naam", "X"}, {"geboortedatum", "2011-01-01"}})
                .status,
            400);  // fails the elfproef
  EXPECT_EQ(Call("POST", "/api/v1/jongeren", lpa_, {{"bsn", kOtherYouthBsn}, {"naam", "X"}, {"geboortedatum", "2011-13-01"}})
                .status,
            400);
  EXPECT_EQ(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", youth_id_}, {"categorie", "onbekend"}}).status, 400);
  EXPECT_EQ(Call("POST", "/api/v1/zaken", lpa_, {{"jongere", "één"}, {"categorie", "langdurig-verzuim"}}).status, 400);
  EXPECT_EQ(HttpRequest(server_->port(), "POST", "/api/v1/zaken", "{kapot", lpa_.Post()).status, 400);
  EXPECT_EQ(Call("GET", "/api/v1/zaken/abc", lpa_).status, 404);
  EXPECT_EQ(Call("GET", "/api/v1/zaken/999999", lpa_).status, 404);
  EXPECT_EQ(LogCount(), before);
  // The BSN is never echoed in an error.
  const HttpReply bad = Call("POST", "/api/v1/jongeren", lpa_, {{"bsn", "123456789"}, {"naam", "X"}, {"geboortedatum", "2011-01-01"}});
  EXPECT_EQ(bad.body.find("123456789"), std::string::npos);
}

}  // namespace
}  // namespace leerrecht::http

namespace leerrecht::http {
namespace {

std::string ShippedMatrixWith(int version, const std::string& wpg_roles, const std::string& extra_rules) {
  std::string text = leerrecht::services::DefaultMatrixText();
  const std::string version_line = "version = 1\n";
  text.replace(text.find(version_line), version_line.size(), "version = " + std::to_string(version) + "\n");
  const std::string wpg_line = "wpg_roles = [\"leerplichtambtenaar\", \"boa\"]\n";
  text.replace(text.find(wpg_line), wpg_line.size(), "wpg_roles = [" + wpg_roles + "]\n");
  return text + extra_rules;
}

std::string Rule(const std::string& role, const std::string& action, const std::string& resource,
                 const std::string& conditions) {
  return "\n[[rules]]\nrole = \"" + role + "\"\naction = \"" + action + "\"\nresource = \"" + resource +
         "\"\nconditions = [" + conditions + "]\n";
}

// SPEC R-06: the controller approves a new row "teamleider leerplicht: read WPG, own team" → v2
// takes effect and the change is logged; an administrator who may prepare matrices still cannot
// give himself police data (separation of duties), and the refusal is logged too.
TEST_F(ApiTest, R_06_matrix_changes_by_the_controller_only) {
  AddUser(kOwnParty, "u-vv", "Dagelijks bestuur", {"verwerkingsverantwoordelijke"});
  const Login controller = As("u-vv");
  const Login admin = As("u-beheerder");
  const std::string v2 = ShippedMatrixWith(2, "\"leerplichtambtenaar\", \"boa\", \"teamleider-leerplicht\"",
                                           Rule("teamleider-leerplicht", "lezen", "dossier",
                                                "\"eigen-partij\", \"regime-wpg\"") +
                                               Rule("beheerder", "beheren", "matrix", "\"eigen-partij\""));
  EXPECT_EQ(Call("POST", "/api/v1/autorisatiematrix", admin, {{"toml", v2}}).status, 403);  // not his to approve

  const std::int64_t refused_before = LogCount("activity = 'autorisatiematrix.vaststellen' AND outcome = 'refused'");
  const HttpReply applied = Call("POST", "/api/v1/autorisatiematrix", controller, {{"toml", v2}});
  ASSERT_EQ(applied.status, 200) << applied.body;
  EXPECT_EQ(nlohmann::json::parse(applied.body)["naar"], 2);
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/autorisatiematrix", admin).body)["versie"], 2);
  EXPECT_EQ(LogCount("activity = 'autorisatiematrix.vaststellen' AND outcome = 'ok' AND subject = "
                     "'autorisatiematrix:v2'"),
            1);
  // The same version again is not a change.
  EXPECT_EQ(Call("POST", "/api/v1/autorisatiematrix", controller, {{"toml", v2}}).status, 403);

  // Now the beheerder may prepare matrices — but granting himself police data is refused.
  const std::string v3 = ShippedMatrixWith(3, "\"leerplichtambtenaar\", \"boa\", \"teamleider-leerplicht\", \"beheerder\"",
                                           Rule("teamleider-leerplicht", "lezen", "dossier",
                                                "\"eigen-partij\", \"regime-wpg\"") +
                                               Rule("beheerder", "beheren", "matrix", "\"eigen-partij\"") +
                                               Rule("beheerder", "lezen", "dossier", "\"eigen-partij\", \"regime-wpg\""));
  const HttpReply self_grant = Call("POST", "/api/v1/autorisatiematrix", admin, {{"toml", v3}});
  EXPECT_EQ(self_grant.status, 403) << self_grant.body;
  EXPECT_NE(self_grant.body.find("scheiding van functies"), std::string::npos) << self_grant.body;
  EXPECT_EQ(LogCount("activity = 'autorisatiematrix.vaststellen' AND outcome = 'refused'"), refused_before + 2);
  EXPECT_EQ(Call("POST", "/api/v1/autorisatiematrix", controller, {{"toml", "schema = 1"}}).status, 400);
  EXPECT_EQ(nlohmann::json::parse(Call("GET", "/api/v1/autorisatiematrix", admin).body)["versie"], 2);

  // The approved matrix survives a restart of the server on the same folder.
  auto store = services::MatrixStore::Open(*folder_, services::DefaultMatrix(), clock_);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Current()->version(), 2);
}

}  // namespace
}  // namespace leerrecht::http
