#include "core/logging.h"

#include "core/redact.h"

Q_LOGGING_CATEGORY(lcCore, "restoredesk.core", QtInfoMsg)

namespace RestoreDesk {

namespace {

QtMessageHandler g_previous = nullptr;

void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString clean = redactSecrets(message);
    if (g_previous)
        g_previous(type, context, clean);
}

} // namespace

void installRedactingMessageHandler()
{
    if (g_previous)
        return;
    g_previous = qInstallMessageHandler(redactingHandler);
}

} // namespace RestoreDesk
