#pragma once

namespace RestoreDesk {

// Keeps this process's memory (access and refresh tokens live there) out of core dumps and out of
// reach of same-user debuggers: no core files (RLIMIT_CORE 0) and not dumpable (Linux
// PR_SET_DUMPABLE 0, which also blocks ptrace attach by other processes of this user). Called by
// the GUI and the CLI at start; `--allow-core-dumps` skips it for debugging. Returns false when
// the system refused either step.
bool disableCoreDumps();
bool coreDumpsDisabled(); // both steps in force

} // namespace RestoreDesk
