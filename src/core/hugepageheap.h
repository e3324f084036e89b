#pragma once

#include <QByteArray>

#include <cstddef>
#include <cstdint>

namespace RestoreDesk::HugePageHeap {

// Transparent huge pages for a short-lived process's heap, asked for as glibc's own
// `glibc.malloc.hugetlb=1` tunable asks for them (a tunable is read from the environment when the
// process starts, so a process cannot set it for itself). Every page of heap a process touches for
// the first time is a page fault; with 2 MB pages one fault covers 512 of them. For the CLI, whose
// estate listing first touches some 13 MB of heap and exits, that took the faults of a 1x listing
// from about 3 500 to under 2 000 (tests/bench/RESULTS.md) at the cost of a few MB more
// resident memory. Not for a long-lived process (the GUI): huge pages are kept whole while any byte
// of them is in use. Only hints, and only where the system gives huge pages on request
// (transparent_hugepage/enabled is "madvise"): with "always" there is nothing to ask, with "never"
// nothing to get. 64-bit Linux with glibc's allocator only (not a sanitizer's); elsewhere nothing
// is done (available() is false).

// Grows the main heap (the one `brk` extends) once by at least `bytes` (and the M_TOP_PAD the
// caller set), keeps the growth (the caller has set M_TRIM_THRESHOLD above it and M_MMAP_THRESHOLD
// above `bytes`), asks for huge pages on it, and, when that was done, turns adviseThisThread() on
// for the process. Returns the bytes advised (0: none, e.g. when the heap could not grow in place).
// Call once, early, on the main thread.
std::size_t adviseMainHeap(std::size_t bytes);

// Asks for huge pages on the heap of the calling thread's malloc arena (glibc gives a thread an
// arena at its first allocation, a 64 MB-aligned reservation; arenas are capped at 8 per core and
// reused after a thread ends), once per thread. Returns whether it asked now: false after the
// first call on a thread, until adviseMainHeap() has advised, when the thread allocates from the
// main heap, or when the memory found is not an arena's reservation. Cheap after the first call:
// worker tasks that parse or format pages call it before they allocate.
bool adviseThisThread();

// Whether this build can ask at all (64-bit Linux, glibc's allocator, no sanitizer).
bool available();

namespace detail {
// Whether /proc/self/maps text `maps` shows [base, base + size) as one glibc arena reservation:
// contiguous anonymous private mappings from `base` to its end, read-write first, then only
// reserved (---p) ones. Anything else (a gap, a named or file mapping, one that straddles an
// edge, shared memory) is not. For adviseThisThread and its tests.
bool isArenaReservation(const QByteArray &maps, std::uintptr_t base, std::uintptr_t size);
} // namespace detail

} // namespace RestoreDesk::HugePageHeap
