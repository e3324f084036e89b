#pragma once

#include <QCommandLineParser>
#include <QString>
#include <QStringList>
#include <QTextStream>

namespace RestoreDesk::Cli {

// Exit codes shared by every command (documented in --help and cli.md).
enum ExitCode {
    Ok = 0,
    Failure = 1,
    Usage = 2,
    AuthFailed = 3,
    ChainBroken = 4,
    JobFailed = 5,
    PermissionDenied = 6,
    NoCredentialMatch = 7
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

// Reads standard input (for "-" arguments): all of it, or at most `limit` bytes plus one, so a
// caller can tell "too large" without holding an unbounded input.
QByteArray readStandardInput(qint64 limit = -1);

} // namespace RestoreDesk::Cli
