#include "core/hugepageheap.h"

#include "core/sanitizers.h"

#include <QByteArray>
#include <QFile>

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <cstdlib>

// glibc's allocator on Linux, 64-bit (its arena layout is what adviseThisThread relies on), and not
// replaced by a sanitizer's.
#if defined(__linux__) && defined(__GLIBC__) && UINTPTR_MAX == UINT64_MAX && !defined(RD_SANITIZED_BUILD)
#include <sys/mman.h>
#include <unistd.h>
#if !defined(MADV_COLLAPSE)
#define MADV_COLLAPSE 25 // Linux 6.1; glibc's headers name it from 2.37
#endif
#define RD_HUGE_PAGE_HEAP 1
#endif

#if defined(RD_HUGE_PAGE_HEAP)
extern "C" {
extern char end; // the end of the program's data: the main heap lies between it and the break
}
#endif

namespace RestoreDesk::HugePageHeap {

namespace {

#if defined(RD_HUGE_PAGE_HEAP)
std::atomic<bool> g_threadsToo { false };
// The huge page size adviseMainHeap() found (set before g_threadsToo).
std::atomic<std::uintptr_t> g_hugePage { 0 };
// The start of the heap that adviseMainHeap() keeps allocated (its first, partial huge page).
void *volatile g_keptBelowHugePages = nullptr; // volatile: written only, never dropped
// glibc's HEAP_MAX_SIZE on 64-bit systems (2 × DEFAULT_MMAP_THRESHOLD_MAX): a thread arena's heap
// is a reservation of this size, aligned to it. adviseThisThread() checks that the window it
// computes is one such reservation before advising it.
constexpr std::uintptr_t kArenaHeap = std::uintptr_t(64) << 20;
// Above glibc's per-thread cache (tcache, up to 1032 bytes), which may hold chunks of other
// arenas freed by this thread; below the mmap threshold: from this thread's own arena.
constexpr std::size_t kProbe = 4096;

QByteArray readSystemFile(const char *path)
{
    QFile f(QString::fromLatin1(path));
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return f.readAll(); // to its end: a /proc file reports no size
}

// The size of a transparent huge page when the system gives them on request (MADV_HUGEPAGE) and
// not to every mapping anyway: "[madvise]" in /sys/kernel/mm/transparent_hugepage/enabled, as
// glibc's tunable also requires. 0 otherwise (always: nothing to ask; never: nothing to get).
std::uintptr_t hugePageOnRequest()
{
    if (!readSystemFile("/sys/kernel/mm/transparent_hugepage/enabled").contains("[madvise]"))
        return 0;
    bool ok = false;
    const qulonglong size
        = readSystemFile("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size").trimmed().toULongLong(&ok);
    // A power of two the arena reservations can hold whole (2 MB on x86-64).
    if (!ok || size < 4096 || (size & (size - 1)) != 0 || size > kArenaHeap)
        return 0;
    return std::uintptr_t(size);
}

#endif

} // namespace

std::size_t adviseMainHeap(std::size_t bytes)
{
#if defined(RD_HUGE_PAGE_HEAP)
    const std::uintptr_t huge = hugePageOnRequest();
    if (huge == 0)
        return 0;
    const std::uintptr_t before = reinterpret_cast<std::uintptr_t>(sbrk(0));
    // Below the mmap threshold, so from the main heap, which grows by it (and by M_TOP_PAD); given
    // back below into the heap's top, which stays (M_TRIM_THRESHOLD). Only the chunk's header and
    // the new top's (`bytes` further on) are written. volatile: a block given back unused is
    // otherwise removed by the compiler.
    void *volatile grow = std::malloc(bytes);
    const auto start = reinterpret_cast<std::uintptr_t>(grow);
    const std::uintptr_t after = reinterpret_cast<std::uintptr_t>(sbrk(0));
    if (start == 0 || start >= after || after <= before || start < reinterpret_cast<std::uintptr_t>(&end)) {
        std::free(grow);
        return 0; // not from the main heap's top, grown for it
    }
    // From where the block began (the heap's free top, which may start below the old break) to
    // the new break, in whole huge pages.
    const std::uintptr_t from = (std::min(start, before) + huge - 1) & ~(huge - 1);
    const std::uintptr_t to = after & ~(huge - 1);
    if (to <= from || madvise(reinterpret_cast<void *>(from), to - from, MADV_HUGEPAGE) != 0) {
        std::free(grow);
        return 0;
    }
    // The heap's free top would begin below `from`, in the heap's first, partial huge page: it
    // shares its 2 MB with what came before the heap, so it can be neither advised nor collapsed,
    // and what the program allocated next came from it 4 KB page by page (about 280 faults in a
    // 1x estate listing, most while requests were being sent). So the block is cut back to end
    // just past `from` (in place, the rest joining the top, which then begins in the advised
    // range) and kept: never written, it holds address space, not memory.
    if (start < from) {
        void *const kept = std::realloc(grow, from - start + 16);
        if (reinterpret_cast<std::uintptr_t>(kept) == start) {
            g_keptBelowHugePages = kept; // reachable, for leak checkers
            grow = nullptr;
        } else if (kept) {
            grow = kept; // moved (glibc cuts back in place): of no use
        }
    }
    std::free(grow);
    g_hugePage.store(huge, std::memory_order_relaxed);
    g_threadsToo.store(true, std::memory_order_release);
    return std::size_t(to - from);
#else
    (void)bytes;
    return 0;
#endif
}

bool adviseThisThread()
{
#if defined(RD_HUGE_PAGE_HEAP)
    thread_local bool done = false;
    if (done || !g_threadsToo.load(std::memory_order_acquire))
        return false;
    done = true;
    // Held until the advice is given, so its heap cannot be trimmed away meanwhile. A probe of the
    // main heap finds its window holding "[heap]", which is no arena reservation.
    void *volatile probe = std::malloc(kProbe);
    const auto at = reinterpret_cast<std::uintptr_t>(probe);
    const std::uintptr_t base = at & ~(kArenaHeap - 1);
    const bool advised = at != 0
        && detail::isArenaReservation(readSystemFile("/proc/self/maps"), base, kArenaHeap)
        && madvise(reinterpret_cast<void *>(base), kArenaHeap, MADV_HUGEPAGE) == 0;
    if (advised) {
        // The arena's first huge page already holds 4 KB pages (its header, written when the
        // arena was made, before this advice), and a range that holds any is never given a huge
        // page on a fault: each of its other 511 pages would fault on its own. Collapsed into one
        // huge page now (Linux 6.1). That takes where the arena's writable part covers the page,
        // as in the CLI, whose M_TOP_PAD (16 MB, set before any thread starts) makes each new
        // arena's that large; elsewhere, or where the kernel cannot, they fault as before. In a 1x
        // estate listing this took the CLI from about 2 040 page faults to 1 170.
        madvise(reinterpret_cast<void *>(base), g_hugePage.load(std::memory_order_relaxed), MADV_COLLAPSE);
    }
    std::free(probe);
    return advised;
#else
    return false;
#endif
}

bool available()
{
#if defined(RD_HUGE_PAGE_HEAP)
    return true;
#else
    return false;
#endif
}

namespace detail {

bool isArenaReservation(const QByteArray &maps, std::uintptr_t base, std::uintptr_t size)
{
    std::uintptr_t next = base; // where the next mapping must start
    bool reserved = false; // past the read-write part
    qsizetype at = 0;
    while (at < maps.size()) {
        qsizetype eol = maps.indexOf('\n', at);
        if (eol < 0)
            eol = maps.size();
        const QByteArray line = maps.mid(at, eol - at);
        at = eol + 1;
        const qsizetype dash = line.indexOf('-');
        const qsizetype space = line.indexOf(' ');
        if (dash <= 0 || space <= dash)
            return false; // not a maps line: trust nothing
        bool ok1 = false, ok2 = false;
        const std::uintptr_t from = line.left(dash).toULongLong(&ok1, 16);
        const std::uintptr_t to = line.mid(dash + 1, space - dash - 1).toULongLong(&ok2, 16);
        if (!ok1 || !ok2 || to <= from)
            return false;
        if (to <= base)
            continue;
        if (from >= base + size)
            break; // the lines are in address order
        // "start-end perms offset dev inode [path]": anonymous when no path follows a zero inode.
        const QList<QByteArray> fields = line.simplified().split(' ');
        if (from != next || to > base + size || fields.size() != 5 || fields.at(3) != "00:00"
            || fields.at(4) != "0")
            return false;
        if (fields.at(1) == "---p" && from > base)
            reserved = true; // the reserved rest
        else if (fields.at(1) != "rw-p" || reserved)
            return false; // the read-write part comes first, from `base`
        next = to;
    }
    return next == base + size;
}

} // namespace detail

} // namespace RestoreDesk::HugePageHeap
