#include "cli/exit_codes.h"

namespace leerrecht::cli {

int ExitCodeFor(const Status& status) {
  switch (status.code()) {
    case ErrorCode::kOk: return kExitOk;
    case ErrorCode::kInvalidInput:
    case ErrorCode::kNotFound:
    case ErrorCode::kIo: return kExitInvalid;
    case ErrorCode::kRefused:
    case ErrorCode::kConflict:
    case ErrorCode::kUnavailable: return kExitFailed;
    case ErrorCode::kInternal: return kExitInternal;
  }
  return kExitInternal;
}

}  // namespace leerrecht::cli
