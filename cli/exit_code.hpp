#pragma once

namespace cxjf::cli {

// DESIGN §6: 0 = no file has an error, 1 = some file has an error, 2 = usage or I/O failure.
enum ExitCode : int { kExitOk = 0, kExitFindings = 1, kExitUsageOrIo = 2 };

}  // namespace cxjf::cli
