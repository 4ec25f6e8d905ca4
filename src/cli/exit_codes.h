// The command's exit codes and the one table that maps a Status to them.
#pragma once

#include "core/status.h"

namespace leerrecht::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;   // the command ran and the answer is "no" (e.g. a file is invalid)
inline constexpr int kExitInvalid = 2;  // unusable input or usage: nothing was done
inline constexpr int kExitInternal = 3;

int ExitCodeFor(const Status& status);

}  // namespace leerrecht::cli
