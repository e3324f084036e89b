#pragma once

#include <cstddef>

namespace RestoreDesk::HugePageHeap {

// Transparent huge pages for a short-lived process's heap, as glibc's own `glibc.malloc.hugetlb=1`
// tunable would ask for them (a tunable is read from the environment when the process starts, so
// a process cannot set it for itself). Every page of heap a process touches for the first time is
// a page fault; with 2 MB pages one fault covers 512 of them. For the CLI, whose estate listing
// first touches some 13 MB of heap and exits, that took the faults of a 1x listing from about
// 3 400 to 2 300 (see the README's benchmark notes) at the cost of a few MB more resident memory.
// Not for a long-lived process (the GUI): huge pages are kept whole while any byte of them is used.
// Only hints: on a system without transparent huge pages, or with them off, nothing changes.
// Linux with glibc only; elsewhere both calls do nothing.

// Grows the main heap (the one `brk` extends) once by at least `bytes`, keeps the growth (the
// caller has set M_TRIM_THRESHOLD above it and M_MMAP_THRESHOLD above `bytes`), asks for huge pages
// on it, and turns adviseThisThread() on for the process. Returns the bytes advised (0: none, e.g.
// when the heap could not grow in place). Call once, early, on the main thread.
std::size_t adviseMainHeap(std::size_t bytes);

// Asks for huge pages on the heap of the calling thread's malloc arena (a thread's first
// allocation gives it an arena of its own, a 64 MB-aligned reservation), once per thread. Does
// nothing until adviseMainHeap() has run, or when the thread allocates from the main heap.
// Cheap after the first call on a thread: worker tasks call it before they allocate.
void adviseThisThread();

} // namespace RestoreDesk::HugePageHeap
