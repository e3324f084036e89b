// The CLI's standard streams over descriptors that a parent left non-blocking: a write to a full
// pipe waits for its reader and a read of an empty one for its writer, instead of failing with
// EAGAIN (output lost, input cut short); real failures keep their errno.

#include "standardstream.h"

#include <QTest>

#include <cerrno>
#include <csignal>
#include <thread>

#include <fcntl.h>
#include <unistd.h>

using namespace RestoreDesk::Cli;

namespace {

// A pipe; `nonBlocking` gets O_NONBLOCK on the end it names (0 reading, 1 writing), and the pipe
// holds one page (where the system allows).
bool makePipe(int fds[2], int nonBlocking)
{
    if (::pipe2(fds, O_CLOEXEC) != 0)
        return false;
#if defined(F_SETPIPE_SZ)
    (void)::fcntl(fds[1], F_SETPIPE_SZ, 4096);
#endif
    const int flags = ::fcntl(fds[nonBlocking], F_GETFL);
    return flags >= 0 && ::fcntl(fds[nonBlocking], F_SETFL, flags | O_NONBLOCK) == 0;
}

QByteArray readToEnd(int fd)
{
    QByteArray all;
    char buffer[8192];
    for (;;) {
        const ssize_t n = ::read(fd, buffer, sizeof buffer);
        if (n > 0)
            all.append(buffer, n);
        else if (n == 0 || errno != EINTR)
            return all;
    }
}

} // namespace

class TestCliStandardStream : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { std::signal(SIGPIPE, SIG_IGN); } // as the CLI does
    void writeWaitsForASlowReader();
    void writeToAGoneReaderFails();
    void readWaitsForALateWriter();
    void lineLeavesTheRestInThePipe();
};

void TestCliStandardStream::writeWaitsForASlowReader()
{
    int fds[2];
    QVERIFY(makePipe(fds, 1));
    QByteArray payload(1024 * 1024, '\0');
    for (int i = 0; i < payload.size(); ++i)
        payload[i] = char('a' + i % 23);
    QByteArray got;
    std::thread reader([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the pipe is full long before
        got = readToEnd(fds[0]);
    });
    StandardStream out(fds[1]);
    const qint64 written = out.write(payload);
    ::close(fds[1]);
    reader.join();
    ::close(fds[0]);
    QCOMPARE(written, qint64(payload.size()));
    QCOMPARE(out.failure(), 0);
    QCOMPARE(got.size(), payload.size());
    QVERIFY(got == payload);
}

void TestCliStandardStream::writeToAGoneReaderFails()
{
    int fds[2];
    QVERIFY(makePipe(fds, 1));
    ::close(fds[0]);
    StandardStream out(fds[1]);
    QCOMPARE(out.write("lost\n"), qint64(-1));
    QCOMPARE(out.failure(), EPIPE);
    QVERIFY(!out.errorString().isEmpty());
    QCOMPARE(out.write("again\n"), qint64(-1)); // tried again, failing the same way
    QCOMPARE(out.failure(), EPIPE);
    ::close(fds[1]);
}

void TestCliStandardStream::readWaitsForALateWriter()
{
    int fds[2];
    QVERIFY(makePipe(fds, 0));
    std::thread writer([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(200)); // the reader is waiting by now
        (void)writeFully(fds[1], "late", 4);
        ::close(fds[1]);
    });
    char buffer[16];
    const qint64 n = readWaiting(fds[0], buffer, sizeof buffer);
    writer.join();
    QCOMPARE(n, qint64(4));
    QCOMPARE(QByteArray(buffer, 4), QByteArray("late"));
    QCOMPARE(readWaiting(fds[0], buffer, sizeof buffer), qint64(0)); // the end of the input
    ::close(fds[0]);
}

void TestCliStandardStream::lineLeavesTheRestInThePipe()
{
    int fds[2];
    QVERIFY(makePipe(fds, 0));
    QCOMPARE(writeFully(fds[1], "yes\ncredential\n", 15), 0);
    ::close(fds[1]);
    QCOMPARE(readLineWaiting(fds[0]), QByteArray("yes"));
    QCOMPARE(readToEnd(fds[0]), QByteArray("credential\n"));
    ::close(fds[0]);

    QVERIFY(makePipe(fds, 0));
    QCOMPARE(writeFully(fds[1], "abcdef", 6), 0);
    ::close(fds[1]);
    QCOMPARE(readLineWaiting(fds[0], 4), QByteArray("abcd")); // at most the limit
    QCOMPARE(readLineWaiting(fds[0]), QByteArray("ef")); // no line end: what came before the end
    ::close(fds[0]);
}

QTEST_GUILESS_MAIN(TestCliStandardStream)
#include "tst_clistandardstream.moc"
