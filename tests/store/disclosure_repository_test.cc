#include <gtest/gtest.h>

#include <algorithm>

#include "repository_fixture.h"

namespace leerrecht::store {
namespace {

using leerrecht::testing::kOtherParty;
using leerrecht::testing::kOwnParty;

constexpr const char* kGgd = "ggd-gelderland-midden";
constexpr const char* kNotice = "Politiegegevens verstrekt o.g.v. art. 20 Wpg — geheimhoudingsplicht art. 7 lid 2 Wpg";
constexpr const char* kPhone = "06-98765432";

class DisclosureRepositoryTest : public leerrecht::testing::RepositoryFixture {
 protected:
  void SetUp() override {
    RepositoryFixture::SetUp();
    if (HasFatalFailure()) return;
    youth_ = AddYouth("111222333", "Sem de Vries");
    case_ = AddCase(youth_);
    auto tx = Write();
    ASSERT_TRUE(parties_->Create(*tx, kGgd, "GGD Gelderland-Midden", "ggd").ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  NewDisclosure ToSwv() const {
    NewDisclosure d;
    d.recipient_party = kOtherParty;
    d.agreement_id = "thuiszitters-midden-gelre";
    d.agreement_version = 1;
    d.case_id = case_;
    d.purpose = "thuiszitters-in-beeld";
    d.decision_json = R"({"decision":"granted","granted":["bsn","naam","telefoon"]})";
    d.documentation_json = R"({"recipient":"swv-passend-wijs","date":"2025-03-14"})";
    d.notice = kNotice;
    d.recipient_legal_basis = "Wet passend onderwijs";
    d.granted = {{"bsn", "111222333"}, {"naam", "Sem de Vries"}, {"telefoon", kPhone}};
    return d;
  }
  std::int64_t Disclose(const NewDisclosure& d) {
    auto tx = Write();
    auto id = disclosures_->Record(*tx, Ctx(), d);
    EXPECT_TRUE(id.ok()) << id.status().message();
    EXPECT_TRUE(tx->Commit().ok());
    return *id;
  }
  std::int64_t youth_ = 0;
  std::int64_t case_ = 0;
};

TEST_F(DisclosureRepositoryTest, RecordLogsOneVerstrekkingForTheSenderAndOneOntvangstForTheRecipient) {
  const std::int64_t before = LogCount();
  Disclose(ToSwv());
  EXPECT_EQ(LogCount(), before + 2);
  auto tx = folder_->db().BeginRead();
  auto rows = (*tx)->Query(
      "SELECT activity, party_id, subject, fields, recipient, actor, purpose, legal_basis FROM processing_log "
      "ORDER BY seq DESC LIMIT 2");
  ASSERT_TRUE(rows.ok());
  const std::string subject = youths_->Pseudonym(*Bsn::Parse("111222333"));
  const Row& received = rows->at(0);
  const Row& sent = rows->at(1);
  EXPECT_EQ(sent.Text(0), "verstrekking");
  EXPECT_EQ(sent.Text(1), kOwnParty);
  EXPECT_EQ(sent.Text(2), subject);
  EXPECT_EQ(sent.Text(3), "bsn,naam,telefoon");
  EXPECT_EQ(sent.Text(4), kOtherParty);
  EXPECT_EQ(sent.Text(5), "user:1");
  EXPECT_EQ(sent.Text(6), "thuiszitters-in-beeld");
  EXPECT_EQ(received.Text(0), "ontvangst");
  EXPECT_EQ(received.Text(1), kOtherParty);
  EXPECT_EQ(received.Text(2), subject);
  EXPECT_EQ(received.Text(3), "bsn,naam,telefoon");
  EXPECT_EQ(received.Text(5), "system");
  EXPECT_EQ(received.Text(7), "Wet passend onderwijs");
  tx->reset();
  ExpectLogIntact();
}

TEST_F(DisclosureRepositoryTest, RecipientReadsTheValuesWithProvenanceAndTheReadIsLogged) {
  const std::int64_t id = Disclose(ToSwv());
  const std::int64_t before = LogCount();
  auto tx = Write();
  auto items = disclosures_->ListReceived(*tx, Ctx(kOtherParty));
  ASSERT_TRUE(items.ok()) << items.status().message();
  ASSERT_EQ(items->size(), 3u);
  EXPECT_EQ(items->at(0).field, "bsn");
  EXPECT_EQ(items->at(0).value, "111222333");
  EXPECT_EQ(items->at(1).field, "naam");
  EXPECT_EQ(items->at(1).value, "Sem de Vries");
  EXPECT_EQ(items->at(2).value, kPhone);
  for (const auto& item : *items) {
    EXPECT_EQ(item.disclosure_id, id);
    EXPECT_EQ(item.source_party, kOwnParty);
    EXPECT_EQ(item.agreement_id, "thuiszitters-midden-gelre");
    EXPECT_EQ(item.purpose, "thuiszitters-in-beeld");
    EXPECT_EQ(item.notice, kNotice);
    EXPECT_FALSE(item.received_at.empty());
  }
  auto one = disclosures_->ListReceived(*tx, Ctx(kOtherParty), id);
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->size(), 3u);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 2);  // one subject per call
  auto entry = LastEntry();
  EXPECT_EQ(entry.Text(0), "ontvangen-gegevens.lezen");
  EXPECT_EQ(entry.Text(1), kOtherParty);
  EXPECT_EQ(entry.Text(2), youths_->Pseudonym(*Bsn::Parse("111222333")));
  EXPECT_EQ(entry.Text(4), "bsn,naam,telefoon");
  ExpectLogIntact();
}

// SPEC W-27: the disclosure log names every recipient of a field that later proves incorrect.
TEST_F(DisclosureRepositoryTest, ListForCaseShowsEveryRecipientAndTheirFields) {
  const std::int64_t to_swv = Disclose(ToSwv());
  NewDisclosure to_ggd = ToSwv();
  to_ggd.recipient_party = kGgd;
  to_ggd.purpose = "hulp-verlenen";
  to_ggd.notice.clear();
  to_ggd.granted = {{"naam", "Sem de Vries"}, {"geboortedatum", "2013-04-12"}};
  const std::int64_t to_ggd_id = Disclose(to_ggd);

  const std::int64_t before = LogCount();
  auto tx = Write();
  auto list = disclosures_->ListForCase(*tx, Ctx(), case_);
  ASSERT_TRUE(list.ok()) << list.status().message();
  ASSERT_EQ(list->size(), 2u);
  EXPECT_EQ(list->at(0).id, to_swv);
  EXPECT_EQ(list->at(0).recipient_party, kOtherParty);
  EXPECT_EQ(list->at(0).sender_party, kOwnParty);
  EXPECT_EQ(list->at(0).fields, (std::vector<std::string>{"bsn", "naam", "telefoon"}));
  EXPECT_EQ(list->at(0).agreement_version, 1);
  EXPECT_EQ(list->at(0).case_id, case_);
  EXPECT_EQ(list->at(0).decision_json, ToSwv().decision_json);
  EXPECT_EQ(list->at(0).documentation_json, ToSwv().documentation_json);
  EXPECT_EQ(list->at(0).received_at, list->at(0).sent_at);
  EXPECT_EQ(list->at(1).id, to_ggd_id);
  EXPECT_EQ(list->at(1).purpose, "hulp-verlenen");
  std::vector<std::string> naam_recipients;
  for (const auto& d : *list) {
    if (std::find(d.fields.begin(), d.fields.end(), "naam") != d.fields.end())
      naam_recipients.push_back(d.recipient_party);
  }
  EXPECT_EQ(naam_recipients, (std::vector<std::string>{kOtherParty, kGgd}));
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before + 1);
  EXPECT_EQ(LastEntry().Text(0), "verstrekkingen.lezen");
  EXPECT_EQ(LastEntry().Text(4), "bsn,geboortedatum,naam,telefoon");
}

TEST_F(DisclosureRepositoryTest, EachPartySeesOnlyItsOwnSide) {
  const std::int64_t id = Disclose(ToSwv());
  const std::int64_t before = LogCount();
  auto tx = Write();
  // The recipient cannot list the sender's disclosures, nor disclose the sender's case.
  EXPECT_EQ(disclosures_->ListForCase(*tx, Ctx(kOtherParty), case_).status().code(), ErrorCode::kNotFound);
  NewDisclosure onward = ToSwv();
  onward.recipient_party = kGgd;
  EXPECT_EQ(disclosures_->Record(*tx, Ctx(kOtherParty), onward).status().code(), ErrorCode::kNotFound);
  // The sender does not hold the received copy, and a third party received nothing.
  auto own = disclosures_->ListReceived(*tx, Ctx(kOwnParty));
  ASSERT_TRUE(own.ok());
  EXPECT_TRUE(own->empty());
  auto ggd = disclosures_->ListReceived(*tx, Ctx(kGgd));
  ASSERT_TRUE(ggd.ok());
  EXPECT_TRUE(ggd->empty());
  auto ggd_one = disclosures_->ListReceived(*tx, Ctx(kGgd), id);
  ASSERT_TRUE(ggd_one.ok());
  EXPECT_TRUE(ggd_one->empty());
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before);
}

// SPEC W-30: no disclosure without recipient, purpose, description (fields) and documentation.
TEST_F(DisclosureRepositoryTest, IncompleteDisclosuresAreRefusedAndLeaveNoTrace) {
  const std::int64_t before = LogCount();
  auto tx = Write();
  NewDisclosure d = ToSwv();
  d.purpose.clear();
  EXPECT_EQ(disclosures_->Record(*tx, Ctx(), d).status().code(), ErrorCode::kInvalidInput);
  d = ToSwv();
  d.documentation_json.clear();
  EXPECT_EQ(disclosures_->Record(*tx, Ctx(), d).status().code(), ErrorCode::kInvalidInput);
  d = ToSwv();
  d.granted.clear();
  EXPECT_EQ(disclosures_->Record(*tx, Ctx(), d).status().code(), ErrorCode::kInvalidInput);
  d = ToSwv();
  d.granted.push_back({"naam", "nog eens"});
  EXPECT_EQ(disclosures_->Record(*tx, Ctx(), d).status().code(), ErrorCode::kInvalidInput);
  d = ToSwv();
  d.recipient_party = kOwnParty;
  EXPECT_EQ(disclosures_->Record(*tx, Ctx(), d).status().code(), ErrorCode::kInvalidInput);
  d = ToSwv();
  d.recipient_party = "bestaat-niet";
  EXPECT_EQ(disclosures_->Record(*tx, Ctx(), d).status().code(), ErrorCode::kNotFound);
  d = ToSwv();
  d.case_id = 424242;
  EXPECT_EQ(disclosures_->Record(*tx, Ctx(), d).status().code(), ErrorCode::kNotFound);
  ASSERT_TRUE(tx->Commit().ok());
  EXPECT_EQ(LogCount(), before);
  auto check = folder_->db().BeginRead();
  EXPECT_EQ((*check)->Query("SELECT COUNT(*) FROM disclosures")->at(0).Int(0), 0);
  EXPECT_EQ((*check)->Query("SELECT COUNT(*) FROM received_data")->at(0).Int(0), 0);
}

TEST_F(DisclosureRepositoryTest, ReceivedValuesAreNotInPlaintextOnDisk) {
  Disclose(ToSwv());
  {
    auto tx = Write();
    ASSERT_TRUE(disclosures_->ListReceived(*tx, Ctx(kOtherParty)).ok());
    ASSERT_TRUE(tx->Commit().ok());
  }
  const std::string everything = AllFolderBytes();
  EXPECT_GT(everything.size(), 10000u);
  EXPECT_NE(everything.find("thuiszitters-midden-gelre"), std::string::npos);  // provenance is plain
  EXPECT_EQ(everything.find(kPhone), std::string::npos);
  EXPECT_EQ(everything.find("111222333"), std::string::npos);
  EXPECT_EQ(everything.find("Sem de Vries"), std::string::npos);
}

}  // namespace
}  // namespace leerrecht::store
