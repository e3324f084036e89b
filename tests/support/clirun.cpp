#include "clirun.h"

#include <QFile>
#include <QTest>

#if defined(Q_OS_UNIX)
#include <fcntl.h>
#include <unistd.h>
#endif

namespace RestoreDesk::Test {

void putStandardErrorOnDevFull()
{
#if defined(Q_OS_UNIX)
    // After fork(): async-signal-safe calls only.
    const int full = ::open("/dev/full", O_WRONLY);
    if (full < 0)
        ::_exit(127);
    if (full != 2 && (::dup2(full, 2) < 0 || ::close(full) < 0))
        ::_exit(127);
#endif
}

bool hasDevFull()
{
    QFile full(QStringLiteral("/dev/full"));
    return full.open(QIODevice::WriteOnly | QIODevice::Unbuffered);
}

void makeStandardStreamsNonBlocking()
{
#if defined(Q_OS_UNIX)
    // After fork(): async-signal-safe calls only.
    for (int fd = 0; fd <= 2; ++fd) {
        const int flags = ::fcntl(fd, F_GETFL);
        if (flags < 0 || ::fcntl(fd, F_SETFL, flags | O_NONBLOCK) < 0)
            ::_exit(127);
    }
    // 4 KB each for standard output and error (QProcess gives pipes), so that a write of more
    // finds them full. Not possible here (no F_SETPIPE_SZ, or pages larger than 4 KB): exit 126,
    // not a test that could pass without a full pipe.
#if defined(F_SETPIPE_SZ)
    for (const int fd : { STDOUT_FILENO, STDERR_FILENO }) {
        if (::fcntl(fd, F_SETPIPE_SZ, 4096) != 4096) // the size it now has
            ::_exit(126);
    }
#else
    ::_exit(126);
#endif
#endif
}

CliRun runCli(const QString &program, const QStringList &arguments, const CliRunOptions &options)
{
    QProcessEnvironment env = options.environment;
    if (env.isEmpty()) {
        env = QProcessEnvironment::systemEnvironment();
        env.remove(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"));
    }
    QProcess p;
    p.setProcessEnvironment(env);
#if defined(Q_OS_UNIX)
    if (options.inChild)
        p.setChildProcessModifier(options.inChild);
#endif
    p.start(program, arguments);
    CliRun r;
    if (!p.waitForStarted(5000))
        return r;
    QByteArray errSoFar;
    if (!options.inputAfterStderr.isEmpty()) {
        (void)QTest::qWaitFor( // not seen in time: the input goes anyway, errBeforeInput tells
            [&] {
                errSoFar += p.readAllStandardError();
                return errSoFar.contains(options.inputAfterStderr) || p.state() == QProcess::NotRunning;
            },
            20000);
        r.errBeforeInput = errSoFar;
    }
    if (options.inputDelayMs > 0)
        QTest::qWait(options.inputDelayMs);
    if (!options.input.isEmpty())
        p.write(options.input);
    p.closeWriteChannel();
    if (options.whileRunning)
        options.whileRunning(p);
    if (!QTest::qWaitFor([&] { return p.state() == QProcess::NotRunning; }, options.timeoutMs)) {
        p.kill();
        p.waitForFinished();
    }
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = errSoFar + p.readAllStandardError();
    return r;
}

} // namespace RestoreDesk::Test
