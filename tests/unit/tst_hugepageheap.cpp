// The CLI asks for transparent huge pages on its heap: the main heap (grown once, kept) and the
// arena of each worker thread, only once the main heap's advice is given. The functions run in
// their declared order: the first before any advice, the last after the main heap's. Checked on the kernel's
// own account of the mappings (/proc/self/smaps, VmFlags "hg" = MADV_HUGEPAGE).

#include "core/hugepageheap.h"

#include <QFile>
#include <QTest>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <malloc.h>
#include <mutex>
#include <sys/mman.h>
#include <vector>
#if !defined(MADV_COLLAPSE)
#define MADV_COLLAPSE 25 // Linux 6.1; glibc's headers name it from 2.37
#endif
#include <thread>
#include <unistd.h>

using namespace RestoreDesk;

namespace {

// The value of `field` ("VmFlags:", "AnonHugePages:") of the mapping that holds `address` (empty
// when none does), simplified.
QByteArray smapsFieldAt(std::uintptr_t address, const QByteArray &field)
{
    QFile smaps(QStringLiteral("/proc/self/smaps"));
    if (!smaps.open(QIODevice::ReadOnly))
        return {};
    bool inside = false;
    // Read whole: a /proc file has no size, so atEnd() holds before the first read.
    const QByteArrayList lines = smaps.readAll().split('\n');
    for (const QByteArray &line : lines) {
        const qsizetype dash = line.indexOf('-');
        const qsizetype space = line.indexOf(' ');
        if (dash > 0 && space > dash && line.at(0) != 'V') { // "start-end perms offset ..."
            bool ok1 = false, ok2 = false;
            const std::uintptr_t from = line.left(dash).toULongLong(&ok1, 16);
            const std::uintptr_t to = line.mid(dash + 1, space - dash - 1).toULongLong(&ok2, 16);
            inside = ok1 && ok2 && address >= from && address < to;
        } else if (inside && line.startsWith(field)) {
            return line.mid(field.size()).simplified();
        }
    }
    return {};
}

// The VmFlags of the mapping that holds `address` (empty when none does).
QByteArrayList vmFlagsAt(std::uintptr_t address)
{
    const QByteArray flags = smapsFieldAt(address, "VmFlags:");
    return flags.isEmpty() ? QByteArrayList() : flags.split(' ');
}

// Kilobytes of huge pages in the mapping that holds `address` (-1: not found).
int anonHugeKilobytesAt(std::uintptr_t address)
{
    const QByteArray value = smapsFieldAt(address, "AnonHugePages:"); // "2048 kB"
    bool ok = false;
    const int kb = value.split(' ').value(0).toInt(&ok);
    return ok ? kb : -1;
}

// Where a fresh allocation made on a new thread, after `before` ran there, lives; and that
// thread's view of it.
struct ThreadAllocation
{
    std::uintptr_t address = 0;
    QByteArrayList flags;
    int hugeKilobytes = -1; // of the mapping that holds the arena's start
};

template<typename F>
ThreadAllocation allocateOnANewThread(F before)
{
    ThreadAllocation out;
    std::thread t([&] {
        before();
        void *volatile p = std::malloc(4096);
        out.address = reinterpret_cast<std::uintptr_t>(p);
        out.flags = vmFlagsAt(out.address);
        out.hugeKilobytes = anonHugeKilobytesAt(out.address & ~((std::uintptr_t(64) << 20) - 1));
        std::free(p);
    });
    t.join();
    return out;
}

// Why this machine cannot show the advice, or empty when it can.
QByteArray cannotAdvise()
{
    if (!HugePageHeap::available())
        return "this build does not ask (not 64-bit Linux with glibc's allocator, or a sanitizer's)";
    QFile enabled(QStringLiteral("/sys/kernel/mm/transparent_hugepage/enabled"));
    if (!enabled.open(QIODevice::ReadOnly))
        return "this kernel has no transparent huge pages";
    if (!enabled.readAll().contains("[madvise]"))
        return "transparent huge pages are not given on request here (not \"madvise\")";
    QFile size(QStringLiteral("/sys/kernel/mm/transparent_hugepage/hpage_pmd_size"));
    if (!size.open(QIODevice::ReadOnly) || size.readAll().trimmed() != "2097152")
        return "huge pages here are not 2 MB, which the checks below assume";
    if (qEnvironmentVariable("GLIBC_TUNABLES").contains(QLatin1String("hugetlb")))
        return "glibc is told to advise its heap itself (GLIBC_TUNABLES)";
    return {};
}

bool s_mainHeapAdvised = false; // by mainHeapIsAdvised, which workerArenasAreAdvisedOnce needs

} // namespace

class TestHugePageHeap : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void anArenaReservationIsRecognised_data();
    void anArenaReservationIsRecognised();
    void threadsAreLeftAloneUntilTheMainHeapIsAdvised();
    void mainHeapIsAdvised();
    void workerArenasAreAdvisedOnce();
};

void TestHugePageHeap::anArenaReservationIsRecognised_data()
{
    QTest::addColumn<QByteArray>("maps");
    QTest::addColumn<bool>("arena");
    const QByteArray before = "7f1000000000-7f1000021000 rw-p 00000000 00:00 0 \n";
    const QByteArray after = "7f1008000000-7f1008001000 r--p 00000000 fd:01 42    /usr/lib/libc.so.6\n";
    // The window is [7f1004000000, 7f1008000000).
    QTest::newRow("a thread arena: read-write, then reserved") << before
            + "7f1004000000-7f1004021000 rw-p 00000000 00:00 0 \n"
              "7f1004021000-7f1008000000 ---p 00000000 00:00 0 \n"
            + after << true;
    QTest::newRow("a full arena: read-write only")
        << QByteArray("7f1004000000-7f1008000000 rw-p 00000000 00:00 0 \n") << true;
    QTest::newRow("its read-write part split in two")
        << QByteArray("7f1004000000-7f1004200000 rw-p 00000000 00:00 0 \n"
                      "7f1004200000-7f1004400000 rw-p 00000000 00:00 0 \n"
                      "7f1004400000-7f1008000000 ---p 00000000 00:00 0 \n")
        << true;
    QTest::newRow("the main heap") << QByteArray("7f1004000000-7f1004800000 rw-p 00000000 00:00 0  [heap]\n"
                                                 "7f1004800000-7f1008000000 ---p 00000000 00:00 0 \n")
                                   << false;
    QTest::newRow("a gap, then a thread stack")
        << QByteArray("7f1004000000-7f1004021000 rw-p 00000000 00:00 0 \n"
                      "7f1007000000-7f1007001000 ---p 00000000 00:00 0 \n"
                      "7f1007001000-7f1007801000 rw-p 00000000 00:00 0 \n")
        << false;
    QTest::newRow("not starting at the window")
        << QByteArray("7f1004001000-7f1008000000 rw-p 00000000 00:00 0 \n") << false;
    QTest::newRow("reserved first") << QByteArray("7f1004000000-7f1004021000 ---p 00000000 00:00 0 \n"
                                                  "7f1004021000-7f1008000000 rw-p 00000000 00:00 0 \n")
                                    << false;
    QTest::newRow("read-write after reserved")
        << QByteArray("7f1004000000-7f1004021000 rw-p 00000000 00:00 0 \n"
                      "7f1004021000-7f1005000000 ---p 00000000 00:00 0 \n"
                      "7f1005000000-7f1008000000 rw-p 00000000 00:00 0 \n")
        << false;
    QTest::newRow("straddling the start")
        << QByteArray("7f1003fff000-7f1008000000 rw-p 00000000 00:00 0 \n") << false;
    QTest::newRow("straddling the end")
        << QByteArray("7f1004000000-7f1008001000 rw-p 00000000 00:00 0 \n") << false;
    QTest::newRow("ending short of the end")
        << QByteArray("7f1004000000-7f1007fff000 rw-p 00000000 00:00 0 \n") << false;
    QTest::newRow("shared memory") << QByteArray("7f1004000000-7f1008000000 rw-s 00000000 00:05 7 \n")
                                   << false;
    QTest::newRow("a file, path with spaces")
        << QByteArray("7f1004000000-7f1008000000 rw-p 00000000 fd:01 9 /tmp/a b\n") << false;
    QTest::newRow("a named anonymous mapping")
        << QByteArray("7f1004000000-7f1008000000 rw-p 00000000 00:00 0  [anon: glibc: malloc arena]\n")
        << false;
    QTest::newRow("nothing there") << before + after << false;
    QTest::newRow("an empty file") << QByteArray() << false;
    QTest::newRow("not a maps file") << QByteArray("hello\n") << false;
}

void TestHugePageHeap::anArenaReservationIsRecognised()
{
    QFETCH(QByteArray, maps);
    QFETCH(bool, arena);
    QCOMPARE(HugePageHeap::detail::isArenaReservation(maps, 0x7f1004000000ULL, 64ULL << 20), arena);
}

void TestHugePageHeap::threadsAreLeftAloneUntilTheMainHeapIsAdvised()
{
    if (const QByteArray why = cannotAdvise(); !why.isEmpty())
        QSKIP(why.constData());
    if (s_mainHeapAdvised)
        QSKIP("the main heap was advised already in this process (a repeated run)");
    bool advised = true;
    const ThreadAllocation a = allocateOnANewThread([&] { advised = HugePageHeap::adviseThisThread(); });
    QVERIFY(!advised);
    QVERIFY(!a.flags.isEmpty());
    QVERIFY2(!a.flags.contains("hg"), a.flags.join(' ').constData());
}

void TestHugePageHeap::mainHeapIsAdvised()
{
    if (const QByteArray why = cannotAdvise(); !why.isEmpty())
        QSKIP(why.constData());
    // As the CLI sets them: what the advice grows stays, and comes from the main heap.
    mallopt(M_TRIM_THRESHOLD, 256 * 1024 * 1024);
    mallopt(M_TOP_PAD, 16 * 1024 * 1024);
    mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
    QVERIFY(!vmFlagsAt(reinterpret_cast<std::uintptr_t>(sbrk(0)) - 1).contains("hg"));
    const auto before = reinterpret_cast<std::uintptr_t>(sbrk(0)); // after that check's allocations
    const std::size_t advised = HugePageHeap::adviseMainHeap(24 * 1024 * 1024);
    const auto after = reinterpret_cast<std::uintptr_t>(sbrk(0));
    QVERIFY2(after >= before + 24 * 1024 * 1024, "the heap did not grow by the request");
    // Whole 2 MB pages between the old and the new break: at most one lost at each end.
    QVERIFY2(advised >= after - before - 4 * 1024 * 1024,
             QByteArray::number(qulonglong(advised)).constData());
    const std::uintptr_t lastWholePage = (after & ~std::uintptr_t(2 * 1024 * 1024 - 1)) - 1;
    QVERIFY(vmFlagsAt(lastWholePage).contains("hg"));
    QVERIFY(!vmFlagsAt(after - 1).contains("hg") || (after % (2 * 1024 * 1024)) == 0);
    // What the program allocates next comes from there (a block larger than any the test has
    // freed comes from the heap's top), from the first whole huge page on: not from the 4 KB pages
    // of the heap's first, partial one, which adviseMainHeap() keeps.
    void *volatile p = std::malloc(4 * 1024 * 1024);
    QVERIFY(reinterpret_cast<std::uintptr_t>(p) < after);
    QVERIFY2(vmFlagsAt(reinterpret_cast<std::uintptr_t>(p)).contains("hg"),
             QByteArray::number(qulonglong(reinterpret_cast<std::uintptr_t>(p)), 16).constData());
    QVERIFY(vmFlagsAt(reinterpret_cast<std::uintptr_t>(p) + 3 * 1024 * 1024).contains("hg"));
    std::free(p);
    s_mainHeapAdvised = true;
}

void TestHugePageHeap::workerArenasAreAdvisedOnce()
{
    if (const QByteArray why = cannotAdvise(); !why.isEmpty())
        QSKIP(why.constData());
    if (!s_mainHeapAdvised)
        QSKIP("needs mainHeapIsAdvised, which turns worker threads on, to have run and passed");
    // The arenas of the threads that ended before (made before M_TOP_PAD was set, so with less
    // than a huge page made writable) stay taken while the checked thread starts: glibc gives it a
    // new arena, as the CLI's workers get theirs (the CLI sets M_TOP_PAD before any thread starts).
    std::mutex held;
    held.lock();
    std::atomic<int> holding { 0 };
    std::vector<std::thread> holders;
    for (int i = 0; i < 4; ++i) {
        holders.emplace_back([&held, &holding] {
            void *volatile p = std::malloc(4096); // this thread's arena, taken until it ends
            ++holding;
            std::lock_guard<std::mutex> wait(held);
            std::free(p);
        });
    }
    while (holding.load() < int(holders.size())) // every holder has its arena
        std::this_thread::yield();
    bool first = false;
    bool second = true;
    const ThreadAllocation a = allocateOnANewThread([&] {
        first = HugePageHeap::adviseThisThread();
        second = HugePageHeap::adviseThisThread(); // once per thread
    });
    held.unlock();
    for (std::thread &t : holders)
        t.join();
    QVERIFY(first);
    QVERIFY(!second);
    QVERIFY(a.address >= reinterpret_cast<std::uintptr_t>(sbrk(0))); // an arena of its own
    QVERIFY2(a.flags.contains("hg"), a.flags.join(' ').constData());
    // Its first huge page, which held the arena's header (4 KB pages written before the advice),
    // is one huge page now, not 512 small ones each faulted in on its own. This thread touched
    // only that page: without the collapse the mapping holds no huge page at all.
    if (madvise(nullptr, 0, MADV_COLLAPSE) != 0)
        QSKIP("this kernel cannot collapse pages into a huge page (Linux 6.1)");
    QVERIFY2(a.hugeKilobytes >= 2048, QByteArray::number(a.hugeKilobytes).constData());
}

QTEST_GUILESS_MAIN(TestHugePageHeap)
#include "tst_hugepageheap.moc"
