// The command-line program's log sink: every Qt message redacted and written whole to standard
// error, waiting on a descriptor a parent left non-blocking instead of losing the line.

#include "core/logging.h"

#include <QTest>

#include <cerrno>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

using namespace RestoreDesk;

class TestLogSink : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void longLineReachesASlowReaderRedacted();
};

void TestLogSink::longLineReachesASlowReaderRedacted()
{
    qunsetenv("QT_MESSAGE_PATTERN"); // Qt's default pattern: the message and a line end
    installRedactingMessageHandler(LogSink::StandardError);
    int fds[2];
    QVERIFY(::pipe2(fds, O_CLOEXEC) == 0);
#if defined(F_SETPIPE_SZ)
    (void)::fcntl(fds[1], F_SETPIPE_SZ, 4096);
#endif
    QVERIFY(::fcntl(fds[1], F_SETFL, ::fcntl(fds[1], F_GETFL) | O_NONBLOCK) == 0);
    const int savedError = ::dup(STDERR_FILENO);
    QVERIFY(savedError >= 0);
    QVERIFY(::dup2(fds[1], STDERR_FILENO) == STDERR_FILENO);
    ::close(fds[1]);
    QByteArray got;
    std::thread reader([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the pipe is full by then
        char buffer[8192];
        for (;;) {
            const ssize_t n = ::read(fds[0], buffer, sizeof buffer);
            if (n > 0)
                got.append(buffer, n);
            else if (n == 0 || errno != EINTR)
                break;
        }
        ::close(fds[0]); // a writer still waiting now fails (EPIPE) instead of waiting forever
    });
    const QString filler(64 * 1024, QLatin1Char('x'));
    // A JWT-shaped secret in the message: the redaction comes before the sink.
    qWarning("before %s Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2lnbmF0dXJl after", qPrintable(filler));
    ::dup2(savedError, STDERR_FILENO); // the reader's end of input: no writer left
    ::close(savedError);
    reader.join();
    QVERIFY2(got.contains("before xxxx"), got.left(80).constData()); // the default message pattern
    QVERIFY2(got.endsWith(" after\n"), got.right(80).constData());
    QCOMPARE(got.count('x'), qsizetype(filler.size()));
    QVERIFY(!got.contains("eyJzdWIiOiJ4In0"));
}

QTEST_GUILESS_MAIN(TestLogSink)
#include "tst_logsink.moc"
