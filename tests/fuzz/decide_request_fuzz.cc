// libFuzzer target: disclosure requests against the shipped seed covenant must never crash.
#include <cstddef>
#include <cstdint>
#include <fstream>
#include <sstream>
#include <string_view>

#include "policy/agreement_loader.h"
#include "services/decide_request.h"

namespace {

const leerrecht::policy::Agreement& Covenant() {
  static const leerrecht::policy::Agreement agreement = [] {
    std::ifstream in(LEERRECHT_SOURCE_DIR "/config/agreements/thuiszitters-midden-gelre.toml");
    std::ostringstream text;
    text << in.rdbuf();
    auto load = leerrecht::policy::LoadAgreement(text.str(), "covenant");
    if (!load.agreement) __builtin_trap();
    return *load.agreement;
  }();
  return agreement;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto request = leerrecht::services::ParseDisclosureRequest(text);
  if (request.ok()) {
    const auto decision = leerrecht::policy::Decide(Covenant(), *request);
    (void)leerrecht::services::DecisionToJson(Covenant(), *request, decision);
  }
  return 0;
}
