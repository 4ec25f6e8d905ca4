// Test helper for crash_test: writes youths, cases and log entries until killed, printing each
// committed youth id on stdout only after its transaction has committed.
#include <cstdio>
#include <string>

#include "services/data_folder.h"
#include "store/repositories/case_repository.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::fprintf(stderr, "usage: crash_writer DIR START\n");
    return 2;
  }
  const std::string dir = argv[1];
  long long n = std::stoll(argv[2]);
  leerrecht::SystemClock clock;
  auto folder = leerrecht::services::DataFolder::Open(dir, clock);
  if (!folder.ok()) {
    std::fprintf(stderr, "open: %s\n", folder.status().message().c_str());
    return 1;
  }
  leerrecht::store::YouthRepository youths((*folder)->keys(), (*folder)->log());
  leerrecht::store::CaseRepository cases(youths, (*folder)->log());
  for (;; ++n) {
    // A BSN that passes the elfproef: 8 digits from n, check digit computed.
    char digits[10];
    std::snprintf(digits, sizeof digits, "%08lld", n % 100000000);
    int sum = 0;
    for (int i = 0; i < 8; ++i) sum += (digits[i] - '0') * (9 - i);
    const int check = sum % 11;
    if (check == 10) continue;
    digits[8] = static_cast<char>('0' + check);
    digits[9] = '\0';
    auto bsn = leerrecht::Bsn::Parse(digits);
    if (!bsn.ok()) continue;
    leerrecht::store::AccessContext ctx;
    ctx.party = "eigen-organisatie";
    ctx.actor = "system";
    ctx.purpose = "test";
    ctx.legal_basis = "test";
    ctx.trace = leerrecht::audit::TraceContext::New();
    auto tx = (*folder)->db().BeginWrite();
    if (!tx.ok()) return 1;
    auto id = youths.Create(**tx, ctx, *bsn, "Jongere " + std::to_string(n), leerrecht::Date::Ymd(2012, 1, 1), "Arnhem");
    if (!id.ok()) return 1;
    leerrecht::store::CaseRecord record{0, *id, "langdurig-verzuim", "onderzoek", "AVG", std::nullopt, "2025-01-06", std::nullopt, std::nullopt};
    if (!cases.Create(**tx, ctx, record).ok()) return 1;
    if (!(*tx)->Commit().ok()) return 1;
    std::printf("%lld\n", static_cast<long long>(*id));
    std::fflush(stdout);
  }
}
