// Kills a writer with SIGKILL at random moments, 20 times: every transaction it reported committed
// must be there afterwards, and the processing log must verify.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <random>
#include <set>
#include <thread>

#include "audit/processing_log.h"
#include "services/data_folder.h"
#include "temp_dir.h"

namespace leerrecht {
namespace {

// Starts the writer, lets it run for `run_for`, kills it and returns the ids it reported.
std::vector<long long> RunAndKill(const std::string& dir, long long start, std::chrono::milliseconds run_for) {
  int out[2];
  EXPECT_EQ(::pipe(out), 0);
  const pid_t pid = ::fork();
  if (pid == 0) {
    ::dup2(out[1], STDOUT_FILENO);
    ::close(out[0]);
    ::close(out[1]);
    const std::string start_text = std::to_string(start);
    ::execl(LEERRECHT_CRASH_WRITER, LEERRECHT_CRASH_WRITER, dir.c_str(), start_text.c_str(), static_cast<char*>(nullptr));
    ::_exit(127);
  }
  ::close(out[1]);
  std::this_thread::sleep_for(run_for);
  ::kill(pid, SIGKILL);
  int status = 0;
  ::waitpid(pid, &status, 0);
  EXPECT_TRUE(WIFSIGNALED(status)) << "the writer stopped by itself (exit " << WEXITSTATUS(status) << ")";
  std::string text;
  char buf[4096];
  ssize_t n;
  while ((n = ::read(out[0], buf, sizeof buf)) > 0) text.append(buf, static_cast<std::size_t>(n));
  ::close(out[0]);
  std::vector<long long> ids;
  std::size_t pos = 0;
  // Only complete lines count: a line cut off by the kill was not fully reported.
  while (true) {
    const std::size_t end = text.find('\n', pos);
    if (end == std::string::npos) break;
    ids.push_back(std::stoll(text.substr(pos, end - pos)));
    pos = end + 1;
  }
  return ids;
}

TEST(CrashTest, KilledWriterLosesNothingCommittedAndTheLogVerifies) {
  ::unsetenv("LEERRECHT_KEY_FILE");
  testing::TempDir dir;
  SystemClock clock;
  const std::string data = dir.Sub("data");
  ASSERT_TRUE(services::DataFolder::Init(data, {}, clock).ok());
  std::mt19937 rng(20251130);
  std::uniform_int_distribution<int> millis(150, 600);
  std::set<long long> reported;
  long long start = 10000000;
  for (int round = 0; round < 20; ++round) {
    const auto ids = RunAndKill(data, start, std::chrono::milliseconds(millis(rng)));
    reported.insert(ids.begin(), ids.end());
    start += 100000;

    auto folder = services::DataFolder::Open(data, clock);
    ASSERT_TRUE(folder.ok()) << "round " << round << ": " << folder.status().message();
    auto tx = (*folder)->db().BeginRead();
    ASSERT_TRUE(tx.ok());
    std::set<long long> present;
    ASSERT_TRUE((*tx)->ForEach("SELECT id FROM youths", {}, [&](const store::RowView& r) {
      present.insert(r.Int(0));
      return true;
    }).ok());
    for (long long id : reported) ASSERT_TRUE(present.count(id)) << "round " << round << ": youth " << id << " lost";
    auto cases = (*tx)->Query("SELECT COUNT(*) FROM cases");
    EXPECT_EQ(cases->at(0).Int(0), static_cast<std::int64_t>(present.size())) << "a youth without its case";
    tx->reset();
    auto report = audit::Verify((*folder)->db(), (*folder)->keys(), (*folder)->head_file());
    ASSERT_TRUE(report.ok());
    ASSERT_TRUE(report->intact) << "round " << round << ": " << report->problem;
  }
  EXPECT_GT(reported.size(), 20u) << "the writer hardly wrote anything; the test proves little";
}

}  // namespace
}  // namespace leerrecht
