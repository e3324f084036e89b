#include "core/logging.h"

#include "core/descriptorio.h"
#include "core/redact.h"

#include <QMutex>

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
        const QString formatted = qFormatLogMessage(type, context, clean);
        if (formatted.isNull())
            return; // QT_MESSAGE_PATTERN left nothing of it, as Qt's own handler does
        const QByteArray line = (formatted + QLatin1Char('\n')).toLocal8Bit();
        // One message at a time: a write cut short (a non-blocking descriptor) is resumed before
        // another thread's message starts.
        static QBasicMutex lock;
        const QMutexLocker locker(&lock);
        (void)writeFully(STDERR_FILENO, line.constData(), line.size()); // nowhere left to say it failed
        return;
    }
    if (g_previous)
        g_previous(type, context, clean);
}

} // namespace

void installRedactingMessageHandler(LogSink sink)
{
    if (g_installed) {
        Q_ASSERT(sink == g_sink);
        return;
    }
    g_installed = true;
    g_sink = sink;
    g_previous = qInstallMessageHandler(redactingHandler);
}

} // namespace RestoreDesk
