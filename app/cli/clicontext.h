#pragma once

#include "core/error.h"

#include <QCommandLineParser>
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
    // The command did its work (a change made is made, and in the audit log), but what it printed
    // could not be written: a full disk, a closed pipe, a failing device.
    OutputLost = 9
};

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
// caller can tell "too large" without holding an unbounded input.
QByteArray readStandardInput(qint64 limit = -1);

// A message on one line of standard error: line breaks and carriage returns (which would let
// text from a service overwrite what the terminal shows) become spaces.
QString oneLine(QString text);

// Flushes `out` (the stream over standard output) and standard output itself: an empty string
// when everything written so far reached its file, pipe or terminal, else why not (the device's
// own error, the C library's, or "an earlier write failed"), or "standard output is closed" after
// standardOutputWasClosed().
QString unwrittenOutput(QTextStream &out);
// Standard output was closed when the process started (`>&-`) and is /dev/null in its place
// (ensureStandardDescriptors()): nothing printed is seen, so every output counts as lost.
void standardOutputWasClosed();

} // namespace RestoreDesk::Cli
