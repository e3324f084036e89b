// Tokens live in the console's memory: its processes turn core dumps and same-user ptrace off. A
// file-size limit fails a write (the audit log's, and so the action) instead of killing them.
// Standard descriptors closed at the start are /dev/null, so the next file opened never takes
// their number.

#include "core/processhardening.h"

#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace RestoreDesk;

namespace {

// Whether descriptor `fd` is /dev/null (async-signal-safe: for a forked child).
bool isDevNull(int fd)
{
    struct stat mine = {};
    struct stat null = {};
    return fstat(fd, &mine) == 0 && stat("/dev/null", &null) == 0 && S_ISCHR(mine.st_mode)
        && mine.st_rdev == null.st_rdev;
}

} // namespace

class TestProcessHardening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void turnsCoreDumpsOff();
    void fileSizeLimitFailsTheWrite_data();
    void fileSizeLimitFailsTheWrite();
    void closedStandardDescriptorsAreDevNull();
};

void TestProcessHardening::turnsCoreDumpsOff()
{
    struct rlimit limit = {};
    QVERIFY(getrlimit(RLIMIT_CORE, &limit) == 0);
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_CORE, &limit);
    prctl(PR_SET_DUMPABLE, 1, 0, 0, 0);
    if (limit.rlim_max != 0)
        QVERIFY(!coreDumpsDisabled()); // the check can tell the difference
    QVERIFY(disableCoreDumps());
    QVERIFY(coreDumpsDisabled());
    QCOMPARE(prctl(PR_GET_DUMPABLE, 0, 0, 0, 0), 0);
    QVERIFY(getrlimit(RLIMIT_CORE, &limit) == 0);
    QCOMPARE(limit.rlim_cur, rlim_t(0));
    QCOMPARE(limit.rlim_max, rlim_t(0));
}

void TestProcessHardening::fileSizeLimitFailsTheWrite_data()
{
    QTest::addColumn<bool>("ignore");
    QTest::newRow("ignored: the write fails with EFBIG") << true;
    QTest::newRow("default: SIGXFSZ kills the process") << false; // what the call prevents
}

void TestProcessHardening::fileSizeLimitFailsTheWrite()
{
    QFETCH(bool, ignore);
    QTemporaryDir dir;
    const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("big")));
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        // The child: only async-signal-safe calls from here on.
        signal(SIGXFSZ, SIG_DFL);
        const rlimit noCore { 0, 0 };
        setrlimit(RLIMIT_CORE, &noCore);
        if (ignore && !ignoreFileSizeSignal())
            _exit(2);
        const rlimit limit { 1024, 1024 };
        if (setrlimit(RLIMIT_FSIZE, &limit) != 0)
            _exit(3);
        const int fd = open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        char block[2048] = {};
        ssize_t first = write(fd, block, sizeof block); // short: up to the limit
        ssize_t second = write(fd, block, sizeof block); // at the limit: EFBIG, or the signal
        _exit(first == 1024 && second < 0 && errno == EFBIG ? 0 : 4);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    if (ignore) {
        QVERIFY2(WIFEXITED(status), "the process was killed");
        QCOMPARE(WEXITSTATUS(status), 0);
    } else {
        QVERIFY(WIFSIGNALED(status));
        QCOMPARE(WTERMSIG(status), SIGXFSZ);
    }
}

// In a child: 0 and 2 closed (1 left open), the call gives both /dev/null and says which; then
// the next file opened takes a number above 2, not 0. With all three open it changes nothing.
void TestProcessHardening::closedStandardDescriptorsAreDevNull()
{
    QTemporaryDir dir;
    const QByteArray path = QFile::encodeName(dir.filePath(QStringLiteral("next")));
    const pid_t child = fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        if (ensureStandardDescriptors() < 0 || ensureStandardDescriptors() != 0)
            _exit(2); // once all three are open there is nothing to do
        close(STDIN_FILENO);
        close(STDERR_FILENO);
        if (ensureStandardDescriptors() != ((1 << 0) | (1 << 2)))
            _exit(3);
        if (!isDevNull(STDIN_FILENO) || !isDevNull(STDERR_FILENO))
            _exit(4);
        const int next = open(path.constData(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
        _exit(next > STDERR_FILENO ? 0 : 5);
    }
    int status = 0;
    QCOMPARE(waitpid(child, &status, 0), child);
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
}

QTEST_GUILESS_MAIN(TestProcessHardening)
#include "tst_processhardening.moc"
