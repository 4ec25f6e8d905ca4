// Reading one data subject's entries back for one party (the per-youth log viewer): scoped by
// party, newest first, paged, and the chain still verifies (reading changes nothing).
#include <gtest/gtest.h>

#include "audit/processing_log.h"

#include "../store/folder_fixture.h"

namespace leerrecht::audit {
namespace {

using leerrecht::testing::FolderFixture;

class SubjectEntriesTest : public FolderFixture {
 protected:
  void Append(const std::string& party, const std::string& subject, const std::string& activity,
              std::vector<std::string> fields = {}) {
    auto tx = folder_->db().BeginWrite();
    ASSERT_TRUE(tx.ok());
    LogEntry e;
    e.activity = activity;
    e.processing_activity_id = "leerrecht:verzuimregistratie";
    e.actor = "user:7";
    e.party = party;
    e.subject = subject;
    e.fields = std::move(fields);
    e.purpose = "thuiszitters-in-beeld";
    e.legal_basis = "Leerplichtwet 1969 art. 16";
    e.recipient = activity == "verstrekking" ? "swv-passend-wijs" : "";
    e.trace = TraceContext::New();
    ASSERT_TRUE(folder_->log().Append(**tx, e).ok());
    ASSERT_TRUE((*tx)->Commit().ok());
  }
};

TEST_F(SubjectEntriesTest, OnlyThePartysEntriesOfTheSubjectNewestFirstAndPaged) {
  Append("rbl", "subject-a", "zaak.aanmaken", {"categorie"});
  Append("swv", "subject-a", "ontvangst", {"naam"});  // the same person in another tenant
  Append("rbl", "subject-b", "zaak.aanmaken");        // another person
  Append("rbl", "subject-a", "verstrekking", {"naam", "bsn"});
  Append("rbl", "subject-a", "dossier.lezen");

  auto tx = folder_->db().BeginRead();
  ASSERT_TRUE(tx.ok());
  auto count = CountSubjectEntries(**tx, "rbl", "subject-a");
  ASSERT_TRUE(count.ok());
  EXPECT_EQ(*count, 3);
  auto all = ReadSubjectEntries(**tx, "rbl", "subject-a", 10, 0);
  ASSERT_TRUE(all.ok()) << all.status().message();
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[0].entry.activity, "dossier.lezen");
  EXPECT_EQ((*all)[1].entry.activity, "verstrekking");
  EXPECT_EQ((*all)[1].entry.recipient, "swv-passend-wijs");
  EXPECT_EQ((*all)[1].entry.fields, (std::vector<std::string>{"bsn", "naam"}));  // stored sorted
  EXPECT_EQ((*all)[1].fields_joined, "bsn,naam");
  EXPECT_TRUE((*all)[0].entry.fields.empty());
  EXPECT_EQ((*all)[2].entry.activity, "zaak.aanmaken");
  for (const StoredEntry& e : *all) {
    EXPECT_EQ(e.entry.party, "rbl");
    EXPECT_EQ(e.entry.subject, "subject-a");
    EXPECT_EQ(e.hash.size(), 32u);
  }
  EXPECT_GT((*all)[0].seq, (*all)[1].seq);

  auto second = ReadSubjectEntries(**tx, "rbl", "subject-a", 1, 1);
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->size(), 1u);
  EXPECT_EQ((*second)[0].seq, (*all)[1].seq);
  auto theirs = ReadSubjectEntries(**tx, "swv", "subject-a", 10, 0);
  ASSERT_TRUE(theirs.ok());
  ASSERT_EQ(theirs->size(), 1u);
  EXPECT_EQ((*theirs)[0].entry.activity, "ontvangst");
  ASSERT_TRUE((*tx)->Commit().ok());

  auto report = Verify(folder_->db(), folder_->keys());
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->intact) << report->problem;
}

}  // namespace
}  // namespace leerrecht::audit
