// The DUO upload and the youth's meldingen over loopback, on a router of their own (login + import routes).
#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "http/auth.h"
#include "http/import_routes.h"
#include "services/matrix_config.h"
#include "services/matrix_store.h"
#include "test_region.h"

namespace leerrecht::http {
namespace {

using leerrecht::testing::HttpReply;
using leerrecht::testing::kOtherRbl;
using leerrecht::testing::Login;

constexpr const char* kOwnParty = "eigen-organisatie";
constexpr const char* kHeader =
    "meldingsnummer;bsn;achternaam;voornamen;geboortedatum;brin;verzuimsoort;begindatum;lesuren;toelichting;"
    "melddatum\n";

std::string Row(const std::string& number, const std::string& bsn, const std::string& kind = "16-uur-onder-18") {
  return number + ";" + bsn + ";Zwartkruis;Lina;2011-05-04;12AB;" + kind + ";2025-02-10;18;Vaak te laat;2025-02-24\n";
}

class ImportApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_NO_FATAL_FAILURE(region_.Init({}, /*with_covenant=*/false));
    ASSERT_NO_FATAL_FAILURE(region_.AddParty(kOtherRbl, "RBL Andere Regio", "leerplicht"));
    ASSERT_NO_FATAL_FAILURE(region_.AddUser(kOwnParty, "lpa", "lpa", {"leerplichtambtenaar"}));
    ASSERT_NO_FATAL_FAILURE(region_.AddUser(kOwnParty, "boa", "boa", {"boa"}));
    ASSERT_NO_FATAL_FAILURE(region_.AddUser(kOwnParty, "fg", "fg", {"fg"}));
    ASSERT_NO_FATAL_FAILURE(region_.AddUser(kOtherRbl, "ander", "ander", {"leerplichtambtenaar"}));

    auto matrices = services::MatrixStore::Open(region_.folder(), services::DefaultMatrix(), region_.clock());
    ASSERT_TRUE(matrices.ok());
    matrices_ = std::move(*matrices);
    // The lead wires these routes into BuildRouter; here they get a router of their own.
    Router router;
    AddAuthRoutes(router, region_.sessions());
    AddImportRoutes(router, region_.sessions(), region_.folder(), *matrices_, region_.clock());
    ASSERT_NO_FATAL_FAILURE(region_.StartServer(std::move(router)));
  }
  // The router refers to the matrix store, which goes before the region.
  void TearDown() override { region_.StopServer(); }

  Login As(const std::string& username) { return region_.ApiLogin(username); }

  HttpReply Upload(const Login& who, const std::string& csv, const std::string& type = "text/csv; charset=utf-8") {
    return region_.Send("POST", "/api/v1/verzuimmeldingen/import", who, csv, type);
  }

  std::int64_t LogCount() {
    auto tx = region_.folder().db().BeginRead();
    return (*tx)->Query("SELECT COUNT(*) FROM processing_log")->at(0).Int(0);
  }
  std::int64_t YouthId() {
    auto tx = region_.folder().db().BeginRead();
    auto rows = (*tx)->Query("SELECT id FROM youths ORDER BY id LIMIT 1");
    return rows->empty() ? 0 : rows->front().Int(0);
  }

  leerrecht::testing::TestRegion region_;
  std::unique_ptr<services::MatrixStore> matrices_;
};

TEST_F(ImportApiTest, UploadReturnsTheReportAndAgainChangesNothing) {
  const Login lpa = As("lpa");
  const std::string csv = kHeader + Row("A-1", "111222333") + Row("A-2", "123456782") + Row("A-3", "123456789") +
                          Row("A-4", "232262536", "ziekte");
  const HttpReply first = Upload(lpa, csv);
  ASSERT_EQ(first.status, 200) << first.body;
  const auto report = nlohmann::json::parse(first.body);
  EXPECT_EQ(report["regels"], 4);
  EXPECT_EQ(report["ingelezen"], 2);
  EXPECT_EQ(report["afgewezen"], 2);
  EXPECT_EQ(report["nieuwe_jongeren"], 2);
  EXPECT_EQ(report["afgewezen_regels"][0]["regel"], 4);
  EXPECT_EQ(report["afgewezen_regels"][0]["code"], "ongeldig");
  EXPECT_EQ(report["afgewezen_regels"][1]["regel"], 5);
  EXPECT_EQ(report["afgewezen_regels"][1]["code"], "ziekteverzuim");
  for (const char* bsn : {"111222333", "123456782", "123456789", "232262536"}) {
    EXPECT_EQ(first.body.find(bsn), std::string::npos) << bsn;
  }

  const std::int64_t log = LogCount();
  const HttpReply second = Upload(lpa, csv);
  ASSERT_EQ(second.status, 200) << second.body;
  EXPECT_EQ(nlohmann::json::parse(second.body)["al_aanwezig"], 2);
  EXPECT_EQ(nlohmann::json::parse(second.body)["ingelezen"], 0);
  EXPECT_EQ(LogCount(), log);
}

TEST_F(ImportApiTest, RequestsThatAreNotAnUpload) {
  const Login lpa = As("lpa");
  const std::string csv = kHeader + Row("A-1", "111222333");
  EXPECT_EQ(Upload(lpa, csv, "application/json").status, 415);
  const HttpReply wrong_header = Upload(lpa, "naam;adres\nJan;Dorpsstraat 1\n");
  EXPECT_EQ(wrong_header.status, 400);
  EXPECT_NE(nlohmann::json::parse(wrong_header.body)["fout"].get<std::string>().find("mist verplichte kolommen"),
            std::string::npos);
  EXPECT_EQ(Upload(lpa, "").status, 400);
  // No CSRF token, no session.
  EXPECT_EQ(Upload(Login{lpa.cookie, ""}, csv, "text/csv").status, 403);
  EXPECT_EQ(Upload(Login{}, csv, "text/csv").status, 401);
  // Above the body limit (1 MiB): the command line is the way for large files.
  std::string large = kHeader;
  while (large.size() < (1u << 20) + 1000) large += Row("A-1", "111222333");
  EXPECT_EQ(Upload(lpa, large).status, 413);
  EXPECT_EQ(YouthId(), 0);
}

TEST_F(ImportApiTest, TheMatrixDecidesWhoImports) {
  const HttpReply boa = Upload(As("boa"), kHeader + Row("A-1", "111222333"));
  EXPECT_EQ(boa.status, 403) << boa.body;
  EXPECT_EQ(YouthId(), 0);
}

TEST_F(ImportApiTest, YouthsMeldingenForTheOwnPartyOnly) {
  const Login lpa = As("lpa");
  ASSERT_EQ(Upload(lpa, kHeader + Row("A-1", "111222333") + Row("A-2", "111222333", "overig-verzuim")).status, 200);
  const std::string path = "/api/v1/jongeren/" + std::to_string(YouthId()) + "/verzuimmeldingen";
  const HttpReply list = region_.Get(path, lpa);
  ASSERT_EQ(list.status, 200) << list.body;
  const auto j = nlohmann::json::parse(list.body);
  ASSERT_EQ(j["verzuimmeldingen"].size(), 2u);
  const auto& first = j["verzuimmeldingen"][0];
  EXPECT_EQ(first["meldingsnummer"], "A-1");
  EXPECT_EQ(first["verzuimsoort"], "16-uur-onder-18");
  EXPECT_EQ(first["categorie"], "relatief-verzuim");
  EXPECT_EQ(first["begindatum"], "2025-02-10");
  EXPECT_TRUE(first["einddatum"].is_null());
  EXPECT_EQ(first["lesuren"], 18.0);
  EXPECT_EQ(first["toelichting"], "Vaak te laat");
  EXPECT_EQ(first["melddatum"], "2025-02-24");
  EXPECT_EQ(region_.Get(path, As("fg")).status, 403);
  EXPECT_EQ(region_.Get(path, As("ander")).status, 404);
  EXPECT_EQ(region_.Get("/api/v1/jongeren/abc/verzuimmeldingen", lpa).status, 404);
}

}  // namespace
}  // namespace leerrecht::http
