// Tokens live in the console's memory: its processes turn core dumps and same-user ptrace off. A
// file-size limit fails a write (the audit log's, and so the action) instead of killing them.

#include "core/processhardening.h"

#include <QTemporaryDir>
#include <QTest>

#include <cerrno>
#include <csignal>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace RestoreDesk;

class TestProcessHardening : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void turnsCoreDumpsOff();
    void fileSizeLimitFailsTheWrite_data();
    void fileSizeLimitFailsTheWrite();
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

QTEST_GUILESS_MAIN(TestProcessHardening)
#include "tst_processhardening.moc"
