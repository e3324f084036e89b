#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcCore)

namespace RestoreDesk {

// Where redacted messages go: to the handler installed before (Qt's own: standard error, or the
// journal where Qt was built to use it), or straight to standard error (formatted by
// QT_MESSAGE_PATTERN as Qt's would be, each message one writeFully(), which waits on a descriptor a
// parent left non-blocking instead of dropping the message: the command-line program's choice).
enum class LogSink { PreviousHandler, StandardError };

// Installs a Qt message handler that passes every message through redactSecrets() before it
// reaches `sink`, so no token reaches stderr, the journal or a log file even when a caller
// forgets. Call once from main(), before anything logs.
void installRedactingMessageHandler(LogSink sink = LogSink::PreviousHandler);

} // namespace RestoreDesk
