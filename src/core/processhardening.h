#pragma once

namespace RestoreDesk {

// Keeps this process's memory (access and refresh tokens live there) out of core dumps and out of
// reach of same-user debuggers: no core files (RLIMIT_CORE 0) and not dumpable (Linux
// PR_SET_DUMPABLE 0, which also blocks ptrace attach by other processes of this user). Called by
// the GUI and the CLI at start; `--allow-core-dumps` skips it for debugging. Returns false when
// the system refused either step.
bool disableCoreDumps();
bool coreDumpsDisabled(); // both steps in force

// A write past the file-size limit (RLIMIT_FSIZE) then fails with EFBIG instead of killing the
// process with SIGXFSZ: the audit log reports it as a value and refuses the action, and the
// operator sees why. Called by the GUI and the CLI at start. Returns false when it could not be set.
bool ignoreFileSizeSignal();

} // namespace RestoreDesk
