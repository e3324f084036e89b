#pragma once

#include <QByteArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QString>
#include <QStringList>

#include <functional>

namespace RestoreDesk::Test {

// What one run of a command-line program left: its exit code (-1 when it did not start, crashed
// or was killed at the time limit) and everything it wrote.
struct CliRun
{
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    QByteArray errBeforeInput; // standard error when the input was written (see inputAfterStderr)
    QJsonDocument json() const { return QJsonDocument::fromJson(out); }
    QJsonObject object() const { return json().object(); }
};

struct CliRunOptions
{
    // The program's environment; the test's own (minus RESTOREDESK_ACCESS_TOKEN, so a developer's
    // shell never leaks into a test) when left empty.
    QProcessEnvironment environment;
    QByteArray input; // written to standard input, which is then closed
    int inputDelayMs = 0; // the input is written only this long after the start (event loop turning)
    // When set, the input is written only once standard error shows this (a question the program
    // waits on), or after 20 s without it; CliRun::errBeforeInput keeps what had come by then.
    QByteArray inputAfterStderr;
    int timeoutMs = 120000; // then the program is killed
    std::function<void(QProcess &)> whileRunning; // called once it has started
    // Run in the child before the program (Unix): e.g. to give it a standard output that is
    // closed, or a pipe nobody reads. Async-signal-safe calls only.
    std::function<void()> inChild;
};

// For CliRunOptions::inChild: puts the program's standard error on /dev/full, which takes the
// open and fails every write (ENOSPC), as a full disk would. When that cannot be done the child
// exits 127 instead of running the program with the standard error it had. hasDevFull() tells
// whether /dev/full can be opened for writing here.
void putStandardErrorOnDevFull();
bool hasDevFull();

// For CliRunOptions::inChild: makes the program's standard input, output and error non-blocking
// (O_NONBLOCK, on the open files its parent shares, as a Node.js parent leaves them), and the
// pipes of its standard output and error one page small, so a write finds them full and a read
// finds standard input empty. When that cannot be done the child exits 127 (the flags) or 126
// (pipes of 4 KB: Linux's F_SETPIPE_SZ, 4 KB pages) instead of running the program.
void makeStandardStreamsNonBlocking();

// Runs `program` to its end. The event loop keeps turning while it runs, so a sandbox or an IdP
// living in the test's own process can answer it. Main thread of a test.
CliRun runCli(const QString &program, const QStringList &arguments, const CliRunOptions &options = {});

} // namespace RestoreDesk::Test
