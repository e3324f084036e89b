#pragma once

#include "core/error.h"
#include "core/result.h"

#include <QCommandLineParser>
#include <QIODevice>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace RestoreDesk::Cli {

// Exit codes shared by every command (documented in --help and the README's "Command line").
enum ExitCode {
    Ok = 0,
    Failure = 1,
    Usage = 2,
    AuthFailed = 3,
    ChainBroken = 4,
    JobFailed = 5,
    PermissionDenied = 6,
    NoCredentialMatch = 7,
    // `audit verify` / `audit export`: every check passed, but the log's own integrity notes
    // record incidents (records cut, an edited or unsigned anchor, the log missing, a key change,
    // a torn or unauthenticated tail set aside): intact only since the last of them.
    AuditIncidents = 8,
    // What the command printed could not be written (a full disk, a closed pipe, a failing device,
    // a closed standard output): a change it made is made, and in the audit log; a listing may
    // have stopped before its end (recorded as cancelled).
    OutputLost = 9
};

// The more telling of two exit codes, for a command that met more than one failure (a listing of
// many vaults): permission denied (6) over authentication failed (3) over a usage error (2) over
// any other failure (of two others, the higher), and any failure over 0. The same in either order.
constexpr int moreTellingExit(int a, int b)
{
    auto rank = [](int code) {
        return code == PermissionDenied ? 4 : code == AuthFailed ? 3 : code == Usage ? 2 : code == Ok ? 0 : 1;
    };
    return rank(b) > rank(a) || (rank(b) == rank(a) && b > a) ? b : a;
}

enum class OutputFormat { Text, Json };

// What every command gets: its own arguments, the output format and the two streams, and the
// parsed command line for the options a verb takes (--token, --verify…).
struct Context
{
    QStringList args; // after the command name(s)
    OutputFormat output = OutputFormat::Text;
    QTextStream &out;
    QTextStream &err;
    const QCommandLineParser *parser = nullptr;
};

// The exit code for a failure while signing in or resuming a session: the command line's own
// mistakes (a missing option, an unknown profile) are usage errors; local trouble (files, the
// keychain, the network, time) is a failure; anything the issuer or a check refused is 3.
int authExitCode(const Error &e);
// The exit code for a failed API call (the README's "Command line"): 403 is 6 (permission denied), 401 after
// the one renewal (or a token that cannot be renewed) is 3, everything else 1.
int apiExitCode(const Error &e);

// Reads standard input (for "-" arguments): all of it, or at most `limit` bytes plus one, so a
// caller can tell "too large" without holding an unbounded input. A non-blocking descriptor is
// waited on (readWaiting), not taken as the input's end; a read that fails is an Io error
// ("stdin_unreadable", the system's reason as its detail), not a shorter input.
Result<QByteArray> readStandardInput(qint64 limit = -1);

// Standard input that could not be read: an Io error (the system's reason for `errnum` as its
// detail), as readStandardInput() gives it.
Error unreadableInput(int errnum);

// "could not read standard input: …" for readStandardInput()'s error.
QString standardInputError(const Error &e);

// A message on one line of standard error: line breaks and carriage returns (which would let
// text from a service overwrite what the terminal shows) become spaces.
QString oneLine(QString text);

// Flushes `out` (the stream over standard output): an empty string when everything written so far
// reached its file, pipe or terminal, else why not (the first failed write's errno as text, the
// device's own error, "an earlier write failed", or "standard output is closed").
// `error`, when given, gets the errno of the write that failed (0 when there is none, or when the
// loss is known without one).
QString unwrittenOutput(QTextStream &out, int *error = nullptr);

// Standard output as the commands see it when it was closed at the start (`>&-`; descriptor 1 is
// then /dev/null, see ensureStandardDescriptors()): nothing written there reaches anyone, so every
// write fails, as it would to a reader that went away. A command that prints nothing is not
// affected (unwrittenOutput() reports a loss only when something was offered).
class ClosedOutput final : public QIODevice
{
public:
    ClosedOutput();
    bool offered() const { return m_offered; }
    bool isSequential() const override { return true; }

protected:
    qint64 readData(char *, qint64) override { return -1; }
    qint64 writeData(const char *, qint64 size) override;

private:
    bool m_offered = false;
};

// Writes what `err` holds now, a line not ended included (a question, a progress line that
// "\r" rewrites): standard error otherwise passes whole lines through redaction.
void showNow(QTextStream &err);

// Standard error was closed at the start (now /dev/null): no question can be asked there.
void standardErrorWasClosed();

// Asks `question` ("… [y/N]", shown at once, before the line ends) on standard error and reads the
// answer from standard input: true for y or yes. First what the command printed on standard
// output (the preview in text mode) is flushed, so it is on the terminal before the question; if
// it could not be written, standard error was closed at the start (the question would go nowhere),
// or a write to standard error failed (the preview in JSON mode, the question), the answer is no.
// The caller says what was not done.
bool askToConfirm(Context &ctx, const QString &question);

} // namespace RestoreDesk::Cli
