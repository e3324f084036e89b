#include "core/logging.h"

#include "core/descriptorio.h"
#include "core/redact.h"

#include <unistd.h>

Q_LOGGING_CATEGORY(lcCore, "restoredesk.core", QtInfoMsg)

namespace RestoreDesk {

namespace {

QtMessageHandler g_previous = nullptr;
bool g_installed = false;
LogSink g_sink = LogSink::PreviousHandler;

void redactingHandler(QtMsgType type, const QMessageLogContext &context, const QString &message)
{
    const QString clean = redactSecrets(message);
    if (g_sink == LogSink::StandardError) {
        const QByteArray line = (qFormatLogMessage(type, context, clean) + QLatin1Char('\n')).toLocal8Bit();
        (void)writeFully(STDERR_FILENO, line.constData(), line.size()); // nowhere left to say it failed
        return;
    }
    if (g_previous)
        g_previous(type, context, clean);
}

} // namespace

void installRedactingMessageHandler(LogSink sink)
{
    if (g_installed)
        return;
    g_installed = true;
    g_sink = sink;
    g_previous = qInstallMessageHandler(redactingHandler);
}

} // namespace RestoreDesk
