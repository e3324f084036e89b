#include "core/hugepageheap.h"

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>

#if defined(__linux__) && defined(__GLIBC__)
#include <sys/mman.h>
#include <unistd.h>
#define RD_HUGE_PAGE_HEAP 1
#endif

extern "C" {
#if defined(RD_HUGE_PAGE_HEAP)
extern char end; // the end of the program's data: the main heap lies between it and the break
#endif
}

namespace RestoreDesk::HugePageHeap {

namespace {

std::atomic<bool> g_threadsToo { false };

#if defined(RD_HUGE_PAGE_HEAP)
constexpr std::uintptr_t kHugePage = std::uintptr_t(2) << 20;
// glibc's HEAP_MAX_SIZE on 64-bit systems (2 × DEFAULT_MMAP_THRESHOLD_MAX): each arena's heap is
// a reservation of this size, aligned to it. Were it another, the hint would fall on part of the
// arena's heap (or on other memory, where a hint changes nothing but the page size).
constexpr std::uintptr_t kArenaHeap
    = sizeof(void *) == 8 ? std::uintptr_t(64) << 20 : std::uintptr_t(1) << 20;

std::uintptr_t currentBreak()
{
    return reinterpret_cast<std::uintptr_t>(sbrk(0));
}
#endif

} // namespace

std::size_t adviseMainHeap(std::size_t bytes)
{
#if defined(RD_HUGE_PAGE_HEAP)
    const std::uintptr_t before = currentBreak();
    // Below the mmap threshold, so from the main heap, which grows by it (and by M_TOP_PAD); freed
    // at once into the heap's top, which stays (M_TRIM_THRESHOLD). Only its header is touched.
    // volatile: an allocation freed unused is otherwise removed by the compiler.
    void *volatile grow = std::malloc(bytes);
    const std::uintptr_t after = currentBreak();
    std::free(grow);
    g_threadsToo.store(true, std::memory_order_relaxed);
    // From where the allocation began (the heap's free top, which may start below the old break)
    // to the new break, in whole huge pages.
    const auto start = reinterpret_cast<std::uintptr_t>(grow);
    if (start == 0 || start >= after)
        return 0; // not from the main heap
    const std::uintptr_t from = (std::min(start, before) + kHugePage - 1) & ~(kHugePage - 1);
    const std::uintptr_t to = after & ~(kHugePage - 1);
    if (to <= from)
        return 0;
    if (madvise(reinterpret_cast<void *>(from), to - from, MADV_HUGEPAGE) != 0)
        return 0;
    return std::size_t(to - from);
#else
    (void)bytes;
    return 0;
#endif
}

void adviseThisThread()
{
#if defined(RD_HUGE_PAGE_HEAP)
    thread_local bool done = false;
    if (done || !g_threadsToo.load(std::memory_order_relaxed))
        return;
    done = true;
    void *volatile probe = std::malloc(64);
    const auto at = reinterpret_cast<std::uintptr_t>(probe);
    std::free(probe);
    if (at == 0 || (at >= reinterpret_cast<std::uintptr_t>(&end) && at < currentBreak()))
        return; // the main heap's, advised by adviseMainHeap()
    madvise(reinterpret_cast<void *>(at & ~(kArenaHeap - 1)), kArenaHeap, MADV_HUGEPAGE);
#endif
}

} // namespace RestoreDesk::HugePageHeap
