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

// Standard input, output and error that were closed when the process started (`>&-`) are opened
// on /dev/null, before anything else opens a file: otherwise the next descriptor opened (the event
// loop's, a socket, the audit log) would take their number, and what is printed would be written
// into it. Called first by the GUI, the CLI and the sandbox. Returns which were closed, as the
// bits 1 << descriptor (0 when all three were open), or -1 when one was closed and could not be
// given /dev/null (then the process must not go on).
int ensureStandardDescriptors();

} // namespace RestoreDesk
