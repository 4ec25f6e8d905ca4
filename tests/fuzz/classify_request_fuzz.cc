// libFuzzer target: the classify request parser and the classification must never crash.
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "services/classify_request.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  auto request = leerrecht::services::ParseClassifyRequest(text);
  if (request.ok()) {
    const auto c = leerrecht::domain::Classify(request->youth, request->date);
    (void)leerrecht::services::ClassificationToJson(c);
  }
  return 0;
}
