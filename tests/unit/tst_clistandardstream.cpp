// The CLI's standard streams over descriptors that a parent left non-blocking: a write to a full
// pipe waits for its reader and a read of an empty one for its writer, instead of failing with
// EAGAIN (output lost, input cut short); real failures keep their errno.

#include "standardstream.h"

#include <QScopeGuard>
#include <QTest>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <thread>

#include <fcntl.h>
#include <pthread.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>

using namespace RestoreDesk;
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
    void writeResumesAfterASignal();
    void writeToAGoneReaderFails();
    void readWaitsForALateWriter();
    void lineLeavesTheRestInThePipe();
    void lineEndsSayWhetherItIsWhole();
    void lineOnATerminalHandingOverKeys();
    void lineOnATerminalInLineMode();
    void lineOnAHungUpTerminalEnds();
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

namespace {
std::atomic<int> g_signals { 0 };
void countSignal(int)
{
    g_signals.fetch_add(1);
}
} // namespace

// A signal whose handler does not restart calls (no SA_RESTART) lands on the writer while it
// waits for the reader: the write goes on where it was, whole.
void TestCliStandardStream::writeResumesAfterASignal()
{
    struct sigaction action = {};
    action.sa_handler = countSignal;
    sigemptyset(&action.sa_mask);
    action.sa_flags = 0; // no SA_RESTART: a waiting call is interrupted (EINTR)
    struct sigaction previous = {};
    QCOMPARE(::sigaction(SIGUSR1, &action, &previous), 0);
    const auto restore = qScopeGuard([&] { ::sigaction(SIGUSR1, &previous, nullptr); });
    g_signals = 0;
    int fds[2];
    QVERIFY(makePipe(fds, 1));
    const QByteArray payload(256 * 1024, 'x');
    std::atomic<int> result { -1 };
    std::thread writer([&] {
        result = writeFully(fds[1], payload.constData(), payload.size());
        ::close(fds[1]); // the reader's end of input
    });
    for (int i = 0; i < 5; ++i) { // the pipe holds one page: the writer is waiting by now
        std::this_thread::sleep_for(std::chrono::milliseconds(40));
        ::pthread_kill(writer.native_handle(), SIGUSR1);
    }
    const QByteArray got = readToEnd(fds[0]);
    writer.join();
    ::close(fds[0]);
    QCOMPARE(result.load(), 0);
    QVERIFY(g_signals.load() >= 1); // signals sent close together may arrive as one
    QCOMPARE(got.size(), payload.size());
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
    const LineRead first = readLineWaiting(fds[0]);
    QCOMPARE(first.line, QByteArray("yes"));
    QCOMPARE(first.end, LineRead::End::Newline);
    QCOMPARE(readToEnd(fds[0]), QByteArray("credential\n"));
    ::close(fds[0]);
}

void TestCliStandardStream::lineEndsSayWhetherItIsWhole()
{
    int fds[2];
    QVERIFY(makePipe(fds, 0));
    QCOMPARE(writeFully(fds[1], "abcdef", 6), 0);
    ::close(fds[1]);
    const LineRead cut = readLineWaiting(fds[0], 4);
    QCOMPARE(cut.line, QByteArray("abcd"));
    QCOMPARE(cut.end, LineRead::End::TooLong); // not whole: the rest stays unread
    QVERIFY(!cut.whole());
    const LineRead rest = readLineWaiting(fds[0]);
    QCOMPARE(rest.line, QByteArray("ef"));
    QCOMPARE(rest.end, LineRead::End::EndOfInput); // what came before the end: whole
    QVERIFY(rest.whole());
    ::close(fds[0]);

    // A descriptor that cannot be read (open for writing only): an error, not an empty line.
    QVERIFY(makePipe(fds, 0));
    const LineRead failed = readLineWaiting(fds[1]);
    QCOMPARE(failed.end, LineRead::End::Error);
    QCOMPARE(failed.error, EBADF);
    QVERIFY(!failed.whole());
    ::close(fds[0]);
    ::close(fds[1]);
}

namespace {

// A pseudo-terminal: its controlling side (`master`, where a test types) and the terminal a
// program reads (`terminal`), in the mode setMode() leaves it in. Closes both when it goes.
struct PseudoTerminal
{
    int master = -1;
    int terminal = -1;
    // False when the system has no pseudo-terminals (posix_openpt); the rest must then work.
    bool open()
    {
        master = ::posix_openpt(O_RDWR | O_NOCTTY);
        return master >= 0;
    }
    bool openTerminal()
    {
        if (::grantpt(master) != 0 || ::unlockpt(master) != 0)
            return false;
        const char *name = ::ptsname(master);
        terminal = name ? ::open(name, O_RDWR | O_NOCTTY) : -1;
        return terminal >= 0;
    }
    // Lines (ICANON, CR turned into LF), or keys handed over as typed (no ICANON, CR kept, at
    // least `minimum` bytes per read); no echo and no signals either way.
    bool setMode(bool lines, cc_t minimum = 1)
    {
        termios mode = {};
        if (::tcgetattr(terminal, &mode) != 0)
            return false;
        mode.c_lflag &= ~tcflag_t(ECHO | ISIG);
        if (lines) {
            mode.c_lflag |= ICANON;
            mode.c_iflag |= ICRNL;
        } else {
            mode.c_lflag &= ~tcflag_t(ICANON);
            mode.c_iflag &= ~tcflag_t(ICRNL);
            mode.c_cc[VMIN] = minimum;
            mode.c_cc[VTIME] = 0;
        }
        return ::tcsetattr(terminal, TCSANOW, &mode) == 0;
    }
    ~PseudoTerminal()
    {
        if (terminal >= 0)
            ::close(terminal);
        if (master >= 0)
            ::close(master);
    }
};

} // namespace

// A terminal a parent left handing over each key (no ICANON: raw or cbreak): Enter comes as '\r'
// and ends the line; Ctrl-C comes as a byte and interrupts it (no signal is sent in that mode).
// What follows each (a line of its own) is read next: a regression gives a wrong line, not a hang.
void TestCliStandardStream::lineOnATerminalHandingOverKeys()
{
    PseudoTerminal pty;
    if (!pty.open())
        QSKIP("no pseudo-terminal here");
    QVERIFY(pty.openTerminal());
    QVERIFY(pty.setMode(false));

    QCOMPARE(writeFully(pty.master, "y\rafter\n", 8), 0);
    const LineRead enter = readLineWaiting(pty.terminal);
    QCOMPARE(enter.line, QByteArray("y"));
    QCOMPARE(enter.end, LineRead::End::Newline);
    QCOMPARE(readLineWaiting(pty.terminal).line, QByteArray("after"));

    QCOMPARE(writeFully(pty.master,
                        "y\x03"
                        "after\n",
                        8),
             0);
    const LineRead interrupted = readLineWaiting(pty.terminal);
    QCOMPARE(interrupted.end, LineRead::End::Interrupted);
    QVERIFY(!interrupted.whole());
    QCOMPARE(readLineWaiting(pty.terminal).line, QByteArray("after"));

    // With VMIN 0 a read gives nothing at once when no key came: the key is still waited for.
    QVERIFY(pty.setMode(false, 0));
    std::thread typist([&] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        (void)writeFully(pty.master, "yes\r", 4);
    });
    const LineRead late = readLineWaiting(pty.terminal);
    typist.join();
    QCOMPARE(late.line, QByteArray("yes"));
    QCOMPARE(late.end, LineRead::End::Newline);
}

// A terminal in line mode: Enter is a line end (the terminal turns '\r' into '\n'); Ctrl-D after
// some text hands that text over without a line end, and a second one ends the input: not whole
// there, unlike a pipe's last line.
void TestCliStandardStream::lineOnATerminalInLineMode()
{
    PseudoTerminal pty;
    if (!pty.open())
        QSKIP("no pseudo-terminal here");
    QVERIFY(pty.openTerminal());
    QVERIFY(pty.setMode(true));
    QCOMPARE(writeFully(pty.master, "yes\r", 4), 0);
    const LineRead line = readLineWaiting(pty.terminal);
    QCOMPARE(line.line, QByteArray("yes"));
    QCOMPARE(line.end, LineRead::End::Newline);

    QCOMPARE(writeFully(pty.master, "y\x04\x04", 3), 0);
    const LineRead ended = readLineWaiting(pty.terminal);
    QCOMPARE(ended.line, QByteArray("y"));
    QCOMPARE(ended.end, LineRead::End::Interrupted);
    QVERIFY(!ended.whole());
}

// The terminal hangs up (its window closed: the pseudo-terminal's controlling side goes) while a
// key is awaited with VMIN 0: every read then gives 0 and poll says POLLIN with POLLHUP. The wait
// ends (the input's end), in a child under a 5 s alarm, so a loop fails the test, not hangs it.
void TestCliStandardStream::lineOnAHungUpTerminalEnds()
{
    PseudoTerminal pty;
    if (!pty.open())
        QSKIP("no pseudo-terminal here");
    QVERIFY(pty.openTerminal());
    QVERIFY(pty.setMode(false, 0));
    QCOMPARE(writeFully(pty.master, "y", 1), 0);
    // The "y" in the terminal's queue first (the system moves it there a little after the write),
    // so that the queue found empty below can only mean the child took it.
    int queued = 0;
    for (int i = 0; i < 500 && queued == 0; ++i) {
        if (::ioctl(pty.terminal, FIONREAD, &queued) != 0)
            break;
        if (queued == 0)
            std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    QCOMPARE(queued, 1);
    const pid_t child = ::fork();
    QVERIFY(child >= 0);
    if (child == 0) {
        ::alarm(5);
        ::close(pty.master);
        const LineRead read = readLineWaiting(pty.terminal);
        // Not an answer given: the line cut off by the hang-up (Interrupted, or EIO).
        ::_exit(read.whole() ? 1 : 0);
    }
    // The child has taken the "y" and waits for the next key (in poll) before the hang-up.
    for (int i = 0; i < 500 && queued > 0; ++i) {
        std::this_thread::sleep_for(std::chrono::milliseconds(2));
        if (::ioctl(pty.terminal, FIONREAD, &queued) != 0)
            break;
    }
    QCOMPARE(queued, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    ::close(pty.master); // the last controlling side gone: the terminal hangs up
    pty.master = -1;
    int status = 0;
    QCOMPARE(::waitpid(child, &status, 0), child);
    QVERIFY2(!WIFSIGNALED(status), "still waiting after 5 s (killed by the alarm)");
    QVERIFY(WIFEXITED(status));
    QCOMPARE(WEXITSTATUS(status), 0);
}

QTEST_GUILESS_MAIN(TestCliStandardStream)
#include "tst_clistandardstream.moc"
