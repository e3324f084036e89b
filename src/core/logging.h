#pragma once

#include <QLoggingCategory>

Q_DECLARE_LOGGING_CATEGORY(lcCore)

namespace RestoreDesk {

// Installs a Qt message handler that passes every message through redactSecrets() before the
// previous handler sees it, so no token reaches stderr, the journal or a log file even when a
// caller forgets. Call once from main(), before anything logs.
void installRedactingMessageHandler();

} // namespace RestoreDesk
