#pragma once

#include "core/result.h"

#include <QStringList>

namespace RestoreDesk {

// Splits a command line the way a POSIX shell splits words: blanks separate words; '…' keeps
// everything literally; "…" keeps blanks and honours \" \\ \$ \`; a backslash outside quotes
// escapes the next character. No expansion of any kind. An unterminated quote is an error.
Result<QStringList> splitShellWords(const QString &command);

// A browser command as argv with the URL put in: every "{url}" is replaced by it; without a
// placeholder the URL becomes the last argument.
QStringList browserArguments(const QStringList &argvTemplate, const QString &url);

} // namespace RestoreDesk
