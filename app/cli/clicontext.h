#pragma once

#include <QString>
#include <QStringList>
#include <QTextStream>

namespace RestoreDesk::Cli {

// Exit codes shared by every command (documented in --help).
enum ExitCode { Ok = 0, Failure = 1, Usage = 2, AuthFailed = 3, ChainBroken = 4 };

enum class OutputFormat { Text, Json };

// What every command gets: its own arguments, the output format and the two streams.
struct Context
{
    QStringList args; // after the command name(s)
    OutputFormat output = OutputFormat::Text;
    QTextStream &out;
    QTextStream &err;
};

// Reads all of standard input (for "-" arguments).
QByteArray readStandardInput();

} // namespace RestoreDesk::Cli
