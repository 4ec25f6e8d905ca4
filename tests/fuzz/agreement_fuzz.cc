// libFuzzer target: the agreement loader and validator must report, never crash, on any text.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "policy/agreement_loader.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const auto load = leerrecht::policy::LoadAgreement(text, "fuzz.toml");
  if (load.agreement) {
    // A valid agreement must also be usable by the engine.
    (void)load.agreement->InForceOn(leerrecht::Date::Ymd(2025, 1, 1));
  }
  return 0;
}
