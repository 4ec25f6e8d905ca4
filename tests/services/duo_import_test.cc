// The DUO import on a real data folder: idempotence, rejected rows, P-12, batches after a full disk, rights, no BSN in sight.
#include "services/duo_import.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <string>

#include "../store/folder_fixture.h"
#include "services/matrix_config.h"
#include "store/repositories/notification_repository.h"
#include "store/repositories/party_repository.h"

namespace leerrecht::services {
namespace {

constexpr const char* kOwnParty = "eigen-organisatie";  // created by Init: a leerplicht party
constexpr const char* kOtherParty = "swv-passend-wijs";

constexpr const char* kHeader =
    "meldingsnummer;bsn;achternaam;voorvoegsel;voornamen;geboortedatum;gemeente;brin;vestiging;verzuimsoort;"
    "begindatum;einddatum;lesuren;vermoedelijke_reden;toelichting;melddatum\n";
const char* const kColumns[] = {"meldingsnummer", "bsn",       "achternaam", "voorvoegsel", "voornamen", "geboortedatum",
                                "gemeente",       "brin",      "vestiging",  "verzuimsoort", "begindatum", "einddatum",
                                "lesuren",        "vermoedelijke_reden", "toelichting", "melddatum"};

std::string Row(std::map<std::string, std::string> overrides = {}) {
  std::map<std::string, std::string> v = {{"meldingsnummer", "VZL-1"},      {"bsn", "111222333"},
                                          {"achternaam", "Zwartkruis"},     {"voorvoegsel", ""},
                                          {"voornamen", "Lina"},            {"geboortedatum", "2011-05-04"},
                                          {"gemeente", "Ede"},              {"brin", "12AB"},
                                          {"vestiging", "00"},              {"verzuimsoort", "16-uur-onder-18"},
                                          {"begindatum", "2025-02-10"},     {"lesuren", "17,5"},
                                          {"vermoedelijke_reden", "thuissituatie"},
                                          {"toelichting", "Geheimzinnige toelichting"},
                                          {"melddatum", "2025-02-24"}};
  for (auto& [k, value] : overrides) v[k] = value;
  std::string line;
  for (const char* c : kColumns) {
    if (!line.empty()) line += ';';
    line += v[c];
  }
  return line + "\n";
}

// Valid BSNs for a generated file: 9 digits passing the elfproef.
std::string NthBsn(int n) {
  for (int candidate = 100000000 + n * 100;; ++candidate) {  // a valid one lies within every 100
    const std::string digits = std::to_string(candidate);
    if (Bsn::PassesElfproef(digits)) return digits;
  }
}

class DuoImportTest : public leerrecht::testing::FolderFixture {
 protected:
  void SetUp() override {
    FolderFixture::SetUp();
    if (HasFatalFailure()) return;
    {
      auto tx = folder_->db().BeginWrite();
      ASSERT_TRUE(tx.ok());
      store::PartyRepository parties(clock_);
      ASSERT_TRUE(parties.Create(**tx, kOtherParty, "SWV Passend Wijs", "swv").ok());
      ASSERT_TRUE((*tx)->Commit().ok());
    }
    ReopenAll();
  }
  void ReopenAll() {
    matrices_.reset();
    notifications_.reset();
    Reopen();
    notifications_ = std::make_unique<store::NotificationRepository>(folder_->keys(), *youths_, folder_->log(), clock_);
    OpenMatrices();
  }
  std::unique_ptr<store::Transaction> Write() {
    auto tx = folder_->db().BeginWrite();
    EXPECT_TRUE(tx.ok()) << tx.status().message();
    return std::move(*tx);
  }
  std::int64_t LogCount() { return Count("processing_log"); }
  // The newest entry's activity.
  std::string LastActivity() {
    auto tx = folder_->db().BeginRead();
    return (*tx)->Query("SELECT activity FROM processing_log ORDER BY seq DESC LIMIT 1")->at(0).Text(0);
  }
  void ExpectLogIntact() {
    auto report = audit::Verify(folder_->db(), folder_->keys());
    ASSERT_TRUE(report.ok()) << report.status().message();
    EXPECT_TRUE(report->intact) << report->problem;
  }
  // Everything on disk after a clean close: database, WAL, head file.
  std::string AllFolderBytes() {
    EXPECT_TRUE(folder_->Close().ok());
    std::string everything;
    for (const auto& entry : std::filesystem::directory_iterator(data_)) {
      std::ifstream in(entry.path(), std::ios::binary);
      everything += std::string(std::istreambuf_iterator<char>(in), {});
    }
    return everything;
  }
  void OpenMatrices() {
    auto matrices = MatrixStore::Open(*folder_, DefaultMatrix(), clock_);
    ASSERT_TRUE(matrices.ok()) << matrices.status().message();
    matrices_ = std::move(*matrices);
  }
  DuoImporter Importer(std::size_t batch_rows = 10000) {
    return DuoImporter(*folder_, *matrices_, clock_, DuoImportOptions{batch_rows});
  }
  DuoImportReport System(const std::string& csv, std::size_t batch_rows = 10000) {
    auto report = Importer(batch_rows).ImportAsSystem(kOwnParty, csv);
    EXPECT_TRUE(report.ok()) << report.status().message();
    return report.ok() ? *report : DuoImportReport{};
  }
  std::int64_t Count(const std::string& table, const std::string& where = "1 = 1") {
    auto tx = folder_->db().BeginRead();
    return (*tx)->Query("SELECT COUNT(*) FROM " + table + " WHERE " + where)->at(0).Int(0);
  }
  std::int64_t LogCountFor(const std::string& activity) {
    return Count("processing_log", "activity = '" + activity + "'");
  }
  static Actor User(std::vector<std::string> roles, const std::string& party = kOwnParty) {
    Actor a;
    a.user_id = 7;
    a.username = "u";
    a.party = party;
    a.roles = std::move(roles);
    return a;
  }

  std::unique_ptr<store::NotificationRepository> notifications_;
  std::unique_ptr<MatrixStore> matrices_;
};

TEST_F(DuoImportTest, ImportsRowsRegistersYouthsAndLogsEachProcessing) {
  const std::string csv = kHeader + Row() + Row({{"meldingsnummer", "VZL-2"}, {"begindatum", "2025-03-03"},
                                                 {"melddatum", "2025-03-10"}}) +
                          Row({{"meldingsnummer", "VZL-3"}, {"bsn", "123456782"}, {"achternaam", "Bakker"}});
  const std::int64_t before = LogCount();
  const DuoImportReport r = System(csv);
  EXPECT_EQ(r.rows, 3u);
  EXPECT_EQ(r.imported, 3u);
  EXPECT_EQ(r.already_present, 0u);
  EXPECT_EQ(r.rejected, 0u);
  EXPECT_EQ(r.new_youths, 2u);
  EXPECT_EQ(Count("youths"), 2);
  EXPECT_EQ(Count("absence_notifications"), 3);
  // One lookup and one registration per youth, one entry per melding (DESIGN.md §7).
  EXPECT_EQ(LogCount(), before + 7);
  EXPECT_EQ(LogCountFor("jongere.zoeken"), 2);
  EXPECT_EQ(LogCountFor("jongere.registreren"), 2);
  EXPECT_EQ(LogCountFor("verzuimmelding.registreren"), 3);
  EXPECT_EQ(Count("processing_log", "actor = 'system' AND purpose = 'toezicht-leerplicht'"), 7);
  EXPECT_EQ(DuoImportSummary(r), "3 regels: 3 ingelezen, 0 al aanwezig, 0 afgewezen");
  ExpectLogIntact();

  // What was stored reads back as it was in the file.
  auto tx = Write();
  auto youth = youths_->FindByBsn(*tx, Ctx(), *Bsn::Parse("111222333"));
  ASSERT_TRUE(youth.ok() && youth->has_value());
  EXPECT_EQ((*youth)->name, "Lina Zwartkruis");
  EXPECT_EQ((*youth)->municipality, "Ede");
  auto list = notifications_->ListForYouth(*tx, Ctx(), (*youth)->id);
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].notification_number, "VZL-1");
  EXPECT_EQ((*list)[0].kind, "16-uur-onder-18");
  EXPECT_EQ((*list)[0].hours, 17.5);
  EXPECT_EQ((*list)[0].suspected_reason, "thuissituatie");
  EXPECT_EQ((*list)[0].explanation, "Geheimzinnige toelichting");
  EXPECT_EQ((*list)[0].location, "00");
}

// Acceptance: re-importing the same file changes nothing and processes nothing.
TEST_F(DuoImportTest, ReimportIsIdempotentAndWritesNoLogEntries) {
  std::string csv = kHeader;
  for (int i = 0; i < 30; ++i) csv += Row({{"meldingsnummer", "N-" + std::to_string(i)}, {"bsn", NthBsn(i % 7)}});
  const DuoImportReport first = System(csv, 8);
  EXPECT_EQ(first.imported, 30u);
  EXPECT_EQ(first.new_youths, 7u);
  const std::int64_t log = LogCount();
  const std::int64_t rows = Count("absence_notifications");

  const DuoImportReport second = System(csv, 8);
  EXPECT_EQ(second.rows, 30u);
  EXPECT_EQ(second.imported, 0u);
  EXPECT_EQ(second.already_present, 30u);
  EXPECT_EQ(second.rejected, 0u);
  EXPECT_EQ(second.new_youths, 0u);
  EXPECT_EQ(LogCount(), log);
  EXPECT_EQ(Count("absence_notifications"), rows);
  EXPECT_EQ(Count("youths"), 7);
  ExpectLogIntact();
}

TEST_F(DuoImportTest, ReimportInAnotherSpellingIsStillTheSameMelding) {
  System(kHeader + Row());
  const DuoImportReport again = System("sep=,\nMeldingsnummer,BSN,Achternaam,Voornamen,Geboortedatum,Gemeente,BRIN,"
                                       "Verzuimsoort,Begindatum,Lesuren,Vermoedelijke reden,Toelichting,Melddatum\n"
                                       "VZL-1,111222333,Zwartkruis,Lina,4-5-2011,Ede,12ab00,16 uur onder 18,"
                                       "10-02-2025,\"17,50\",Thuissituatie,Geheimzinnige toelichting,24-2-2025\n");
  EXPECT_EQ(again.already_present, 1u) << (again.rejected_rows.empty() ? "" : again.rejected_rows[0].reason);
}

TEST_F(DuoImportTest, SameNumberWithOtherContentIsAConflict) {
  System(kHeader + Row());
  const std::int64_t log = LogCount();
  const DuoImportReport r =
      System(kHeader + Row({{"lesuren", "20"}}) + Row({{"bsn", "123456782"}}) + Row({{"meldingsnummer", "VZL-9"}}));
  EXPECT_EQ(r.imported, 1u);
  EXPECT_EQ(r.rejected, 2u);
  ASSERT_EQ(r.rejected_rows.size(), 2u);
  EXPECT_EQ(r.rejected_rows[0].line, 2u);
  EXPECT_EQ(r.rejected_rows[0].problem, DuoRowProblem::kConflict);
  EXPECT_NE(r.rejected_rows[0].reason.find("andere inhoud"), std::string::npos);
  EXPECT_EQ(r.rejected_rows[1].line, 3u);
  EXPECT_NE(r.rejected_rows[1].reason.find("andere jongere"), std::string::npos);
  // A conflict registers nothing: not the other youth, not the melding.
  EXPECT_EQ(Count("youths"), 1);
  EXPECT_EQ(LogCount(), log + 2);  // VZL-9: the lookup of the known youth and the melding
}

TEST_F(DuoImportTest, DuplicateNumberWithinOneFile) {
  const DuoImportReport r = System(kHeader + Row() + Row() + Row({{"lesuren", "30"}}));
  EXPECT_EQ(r.imported, 1u);
  EXPECT_EQ(r.already_present, 1u);
  EXPECT_EQ(r.rejected, 1u);
  ASSERT_EQ(r.rejected_rows.size(), 1u);
  EXPECT_EQ(r.rejected_rows[0].line, 4u);
  EXPECT_EQ(r.rejected_rows[0].problem, DuoRowProblem::kConflict);
  EXPECT_EQ(Count("absence_notifications"), 1);
}

// Acceptance: 10% invalid rows never abort, each is reported with its line, the rest is imported.
TEST_F(DuoImportTest, TenPercentInvalidRowsAreReportedAndTheRestImported) {
  std::string csv = kHeader;
  std::vector<std::uint32_t> bad_lines;
  const std::map<std::string, std::string> breakers[] = {{{"bsn", "123456789"}},
                                                         {{"begindatum", "2025-13-01"}},
                                                         {{"verzuimsoort", "spijbelen"}},
                                                         {{"verzuimsoort", "ziekte"}},
                                                         {{"toelichting", "heeft ADHD"}}};
  for (int i = 0; i < 200; ++i) {
    std::map<std::string, std::string> values = {{"meldingsnummer", "N-" + std::to_string(i)}, {"bsn", NthBsn(i)}};
    if (i % 10 == 3) {
      for (const auto& [k, v] : breakers[(i / 10) % 5]) values[k] = v;
      bad_lines.push_back(static_cast<std::uint32_t>(i + 2));
    }
    csv += Row(values);
  }
  const DuoImportReport r = System(csv, 16);
  EXPECT_EQ(r.rows, 200u);
  EXPECT_EQ(r.imported, 180u);
  EXPECT_EQ(r.rejected, 20u);
  ASSERT_EQ(r.rejected_rows.size(), bad_lines.size());
  for (std::size_t i = 0; i < bad_lines.size(); ++i) EXPECT_EQ(r.rejected_rows[i].line, bad_lines[i]);
  EXPECT_EQ(Count("absence_notifications"), 180);
  EXPECT_EQ(Count("youths"), 180);
  EXPECT_EQ(DuoImportSummary(r), "200 regels: 180 ingelezen, 0 al aanwezig, 20 afgewezen (zie rapport)");
  // And again: nothing twice.
  const DuoImportReport again = System(csv, 16);
  EXPECT_EQ(again.already_present, 180u);
  EXPECT_EQ(again.rejected, 20u);
  EXPECT_EQ(Count("absence_notifications"), 180);
  ExpectLogIntact();
}

TEST_F(DuoImportTest, WrongHeaderIsAUsableErrorAndChangesNothing) {
  const std::int64_t log = LogCount();
  auto r = Importer().ImportAsSystem(kOwnParty, "naam;adres\nJan;Dorpsstraat 1\n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), ErrorCode::kInvalidInput);
  EXPECT_EQ(r.status().message().rfind("de kopregel mist verplichte kolommen: meldingsnummer, bsn", 0), 0u)
      << r.status().message();
  EXPECT_EQ(LogCount(), log);
  EXPECT_EQ(Count("youths"), 0);
}

TEST_F(DuoImportTest, WrongEncodingAndTruncatedLastLineAreReportedTheRestImported) {
  std::string csv = kHeader + Row({{"meldingsnummer", "A"}, {"bsn", NthBsn(1)}}) +
                    Row({{"meldingsnummer", "B"}, {"bsn", NthBsn(2)}, {"achternaam", "M\xFCller"}}) +
                    Row({{"meldingsnummer", "C"}, {"bsn", NthBsn(3)}}) +
                    Row({{"meldingsnummer", "D"}, {"bsn", NthBsn(4)}});
  csv.resize(csv.size() - 12);  // the file was cut off in the last row
  const DuoImportReport r = System(csv);
  EXPECT_EQ(r.imported, 2u);
  ASSERT_EQ(r.rejected_rows.size(), 2u);
  EXPECT_EQ(r.rejected_rows[0].line, 3u);
  EXPECT_EQ(r.rejected_rows[0].problem, DuoRowProblem::kEncoding);
  EXPECT_EQ(r.rejected_rows[1].line, 5u);
  EXPECT_EQ(r.rejected_rows[1].problem, DuoRowProblem::kFormat);
  EXPECT_FALSE(r.warnings.empty());
  EXPECT_EQ(Count("youths"), 2);
}

// SPEC P-12: rejected with the explanation, and no pupil file is created.
TEST_F(DuoImportTest, P_12_SickLeaveRegistersNothing) {
  const std::int64_t log = LogCount();
  const DuoImportReport r =
      System(kHeader + Row({{"verzuimsoort", "overig-verzuim"}, {"vermoedelijke_reden", "ziek gemeld, geoorloofd"}}));
  EXPECT_EQ(r.rejected, 1u);
  ASSERT_EQ(r.rejected_rows.size(), 1u);
  EXPECT_EQ(r.rejected_rows[0].problem, DuoRowProblem::kSickLeave);
  EXPECT_EQ(r.rejected_rows[0].reason,
            "ziekteverzuim is geoorloofd; geen rol leerplicht — volg ziekteverzuimbeleid school/GGD (SPEC P-12)");
  EXPECT_EQ(Count("youths"), 0);
  EXPECT_EQ(Count("absence_notifications"), 0);
  EXPECT_EQ(LogCount(), log);
}

TEST_F(DuoImportTest, KnownYouthIsLinkedAndNotChanged) {
  const std::int64_t id = AddYouth("111222333", "Lina Zwartkruis-Anders");
  const DuoImportReport r = System(kHeader + Row());
  EXPECT_EQ(r.imported, 1u);
  EXPECT_EQ(r.new_youths, 0u);
  ASSERT_EQ(r.warnings.size(), 1u);
  EXPECT_EQ(r.warnings[0].line, 2u);
  EXPECT_EQ(r.warnings[0].text.find("Zwartkruis"), std::string::npos);
  auto tx = Write();
  auto youth = youths_->Get(*tx, Ctx(), id);
  ASSERT_TRUE(youth.ok());
  EXPECT_EQ(youth->name, "Lina Zwartkruis-Anders");
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(Count("absence_notifications", "youth_id = " + std::to_string(id)), 1);
}

// SPEC C-03: the optional column onderwijssoort gives a new youth the school level that routes
// him to the responsible SWV; an unknown value rejects the row, the others import.
TEST_F(DuoImportTest, C_03_OnderwijssoortRoutesNewYouths) {
  // A last column before the line end.
  const auto with = [](std::string line, const std::string& value) { return line.insert(line.size() - 1, ";" + value); };
  const DuoImportReport r = System(with(kHeader, "Onderwijssoort") + with(Row(), "VO") +
                                   with(Row({{"meldingsnummer", "VZL-2"}, {"bsn", NthBsn(1)}}), "") +
                                   with(Row({{"meldingsnummer", "VZL-3"}, {"bsn", NthBsn(2)}}), "hbo"));
  EXPECT_EQ(r.imported, 2u);
  ASSERT_EQ(r.rejected_rows.size(), 1u);
  EXPECT_EQ(r.rejected_rows[0].line, 4u);
  EXPECT_NE(r.rejected_rows[0].reason.find("onderwijssoort"), std::string::npos) << r.rejected_rows[0].reason;
  EXPECT_EQ(Count("youths", "school_type = 'vo'"), 1);
  EXPECT_EQ(Count("youths", "school_type IS NULL OR school_type = ''"), 1);
  ExpectLogIntact();
}

// The demo region's DUO file (config/demo, issue 6 item 9) imports as docs/commands/demo.md
// says: 38 meldingen, one row rejected for its BSN and one for sick leave (SPEC P-12), each youth
// with the school level that routes him (SPEC C-03).
TEST_F(DuoImportTest, DemoRegionFileImportsWithItsTwoInstructiveRejections) {
  std::ifstream in(std::string(LEERRECHT_SOURCE_DIR) + "/config/demo/duo-verzuimmeldingen.csv", std::ios::binary);
  ASSERT_TRUE(in) << "config/demo/duo-verzuimmeldingen.csv ontbreekt";
  const std::string csv((std::istreambuf_iterator<char>(in)), {});
  clock_.Advance(std::chrono::hours(24 * 700));  // the file's meldingen lie in the autumn of 2026
  const DuoImportReport r = System(csv);
  EXPECT_EQ(r.rows, 40u);
  EXPECT_EQ(r.imported, 38u);
  ASSERT_EQ(r.rejected_rows.size(), 2u);
  EXPECT_EQ(r.rejected_rows[0].line, 18u);
  EXPECT_EQ(DuoRowProblemCode(r.rejected_rows[0].problem), "ongeldig");
  EXPECT_EQ(r.rejected_rows[1].line, 30u);
  EXPECT_EQ(DuoRowProblemCode(r.rejected_rows[1].problem), "ziekteverzuim");
  EXPECT_EQ(Count("youths", "school_type IN ('po', 'vo')"), 38);
  ExpectLogIntact();
}

// DESIGN.md §14: a storage failure in the middle loses at most the batch in progress; running
// the file again completes it without importing anything twice, and the log stays verifiable.
TEST_F(DuoImportTest, FullDiskStopsBetweenBatchesAndARerunCompletes) {
  std::string csv = kHeader;
  for (int i = 0; i < 600; ++i) csv += Row({{"meldingsnummer", "N-" + std::to_string(i)}, {"bsn", NthBsn(i)}});
  std::int64_t pages = 0;
  {
    auto tx = folder_->db().BeginRead();
    pages = (*tx)->Query("PRAGMA page_count")->at(0).Int(0);
  }
  matrices_.reset();
  notifications_.reset();
  cases_.reset();
  youths_.reset();
  folder_.reset();
  store::SqliteOptions small;
  small.max_page_count = pages + 60;  // room for some batches, not for 600 rows
  {
    auto full = DataFolder::Open(data_, clock_, small);
    ASSERT_TRUE(full.ok()) << full.status().message();
    auto matrices = MatrixStore::Open(**full, DefaultMatrix(), clock_);
    ASSERT_TRUE(matrices.ok());
    DuoImporter importer(**full, **matrices, clock_, DuoImportOptions{25});
    auto stopped = importer.ImportAsSystem(kOwnParty, csv);
    ASSERT_FALSE(stopped.ok());
    EXPECT_EQ(stopped.status().code(), ErrorCode::kUnavailable) << stopped.status().message();
    EXPECT_NE(stopped.status().message().find("zijn vastgelegd"), std::string::npos) << stopped.status().message();
    EXPECT_NE(stopped.status().message().find("Lees het bestand opnieuw in"), std::string::npos);
  }
  ReopenAll();
  const std::int64_t committed = Count("absence_notifications");
  EXPECT_GT(committed, 0);
  EXPECT_LT(committed, 600);
  EXPECT_EQ(committed % 25, 0) << "only whole batches are committed";
  EXPECT_EQ(Count("youths"), committed);
  ExpectLogIntact();

  const DuoImportReport rest = System(csv, 25);
  EXPECT_EQ(rest.already_present, static_cast<std::uint64_t>(committed));
  EXPECT_EQ(rest.imported, static_cast<std::uint64_t>(600 - committed));
  EXPECT_EQ(Count("absence_notifications"), 600);
  EXPECT_EQ(Count("youths"), 600);
  EXPECT_EQ(LogCountFor("verzuimmelding.registreren"), 600);
  EXPECT_EQ(LogCountFor("jongere.registreren"), 600);
  ExpectLogIntact();
}

TEST_F(DuoImportTest, UsersNeedTheRightsAndALeerplichtParty) {
  DuoImporter importer = Importer();
  const std::int64_t log = LogCount();
  auto refused = importer.Import(User({"boa"}), kHeader + Row());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), ErrorCode::kRefused);
  EXPECT_EQ(LogCount(), log + 1);
  EXPECT_EQ(LastActivity(), "verzuimmelding.importeren.geweigerd");
  EXPECT_EQ(Count("processing_log", "outcome = 'refused'"), 1);
  EXPECT_EQ(Count("youths"), 0);

  auto allowed = importer.Import(User({"leerplichtambtenaar"}), kHeader + Row());
  ASSERT_TRUE(allowed.ok()) << allowed.status().message();
  EXPECT_EQ(allowed->imported, 1u);
  EXPECT_EQ(Count("processing_log", "actor = 'user:7' AND activity = 'verzuimmelding.registreren'"), 1);

  auto swv = importer.Import(User({"leerplichtambtenaar"}, kOtherParty), kHeader + Row());
  ASSERT_FALSE(swv.ok());
  EXPECT_EQ(swv.status().code(), ErrorCode::kRefused);

  EXPECT_EQ(importer.ImportAsSystem("bestaat-niet", kHeader + Row()).status().code(), ErrorCode::kNotFound);
  EXPECT_EQ(importer.ImportAsSystem(kOtherParty, kHeader + Row()).status().code(), ErrorCode::kRefused);
}

TEST_F(DuoImportTest, ListForYouthFollowsTheMatrixAndTheParty) {
  System(kHeader + Row() + Row({{"meldingsnummer", "VZL-2"}, {"begindatum", "2025-01-06"}}));
  auto tx = Write();
  auto youth = youths_->FindByBsn(*tx, Ctx(), *Bsn::Parse("111222333"));
  ASSERT_TRUE(tx->Commit().ok());
  const std::int64_t id = (*youth)->id;
  DuoImporter importer = Importer();
  auto list = importer.ListForYouth(User({"leerplichtambtenaar"}), id);
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ((*list)[0].notification_number, "VZL-2");  // oldest start first
  EXPECT_EQ(LastActivity(), "verzuimmelding.lezen");

  auto refused = importer.ListForYouth(User({"fg"}), id);
  EXPECT_EQ(refused.status().code(), ErrorCode::kRefused);
  EXPECT_EQ(LastActivity(), "verzuimmelding.lezen.geweigerd");
  EXPECT_EQ(importer.ListForYouth(User({"leerplichtambtenaar"}, kOtherParty), id).status().code(),
            ErrorCode::kNotFound);
  EXPECT_EQ(importer.ListForYouth(User({"leerplichtambtenaar"}), id + 1000).status().code(), ErrorCode::kNotFound);
}

// DESIGN.md §8: no BSN in the report or, in plain text, anywhere in the data folder.
TEST_F(DuoImportTest, NoBsnInTheReportOrTheDatabaseFile) {
  const DuoImportReport r =
      System(kHeader + Row() + Row({{"meldingsnummer", "VZL-2"}, {"bsn", "123456789"}}) +
             Row({{"meldingsnummer", "VZL-3"}, {"bsn", "123456782"}, {"verzuimsoort", "ziekte"}}) +
             Row({{"meldingsnummer", "VZL-1"}, {"lesuren", "40"}}));
  EXPECT_EQ(r.imported, 1u);
  EXPECT_EQ(r.rejected, 3u);
  const std::string json = DuoImportReportToJson(r);
  for (const char* secret : {"111222333", "123456789", "123456782", "Zwartkruis", "Geheimzinnige"}) {
    EXPECT_EQ(json.find(secret), std::string::npos) << secret;
  }
  const std::string bytes = AllFolderBytes();
  for (const char* secret : {"111222333", "Zwartkruis", "Geheimzinnige"}) {
    EXPECT_EQ(bytes.find(secret), std::string::npos) << secret;
  }
}

TEST_F(DuoImportTest, ReportJsonAndProgress) {
  std::vector<DuoImportProgress> seen;
  std::string csv = kHeader;
  for (int i = 0; i < 2500; ++i) csv += Row({{"meldingsnummer", "N-" + std::to_string(i)}, {"bsn", NthBsn(i % 50)}});
  csv += Row({{"meldingsnummer", "X"}, {"bsn", "123456789"}});
  auto report = Importer(1000).ImportAsSystem(kOwnParty, csv, [&](const DuoImportProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(report.ok());
  ASSERT_FALSE(seen.empty());
  for (std::size_t i = 1; i < seen.size(); ++i) EXPECT_LE(seen[i - 1].rows, seen[i].rows);
  EXPECT_EQ(seen.back().bytes_done, csv.size());
  EXPECT_EQ(seen.back().bytes_total, csv.size());
  const auto j = nlohmann::json::parse(DuoImportReportToJson(*report));
  EXPECT_EQ(j["schema"], "leerrecht.duo-import-rapport/1");
  EXPECT_EQ(j["partij"], kOwnParty);
  EXPECT_EQ(j["scheidingsteken"], ";");
  EXPECT_EQ(j["regels"], 2501);
  EXPECT_EQ(j["ingelezen"], 2500);
  EXPECT_EQ(j["al_aanwezig"], 0);
  EXPECT_EQ(j["afgewezen"], 1);
  EXPECT_EQ(j["nieuwe_jongeren"], 50);
  EXPECT_EQ(j["afgewezen_regels"][0]["regel"], 2502);
  EXPECT_EQ(j["afgewezen_regels"][0]["code"], "ongeldig");
  EXPECT_EQ(j["afgewezen_regels"][0]["reden"], "bsn: BSN ongeldig (elfproef)");
  EXPECT_EQ(j["samenvatting"], "2.501 regels: 2.500 ingelezen, 0 al aanwezig, 1 afgewezen (zie rapport)");
}

TEST(DuoImportSummaryTest, DutchDigitGrouping) {
  DuoImportReport r;
  r.rows = 1000000;
  r.imported = 900000;
  r.already_present = 50000;
  r.rejected = 50000;
  EXPECT_EQ(DuoImportSummary(r), "1.000.000 regels: 900.000 ingelezen, 50.000 al aanwezig, 50.000 afgewezen (zie rapport)");
  r = DuoImportReport{};
  r.rows = 1;
  r.imported = 1;
  EXPECT_EQ(DuoImportSummary(r), "1 regel: 1 ingelezen, 0 al aanwezig, 0 afgewezen");
}

}  // namespace
}  // namespace leerrecht::services
