#include "text/errortext.h"

#include <QCoreApplication>
#include <QHash>

namespace RestoreDesk::Text {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RestoreDesk::Text", text);
}

const QHash<QString, const char *> &catalogue()
{
    static const QHash<QString, const char *> all = [] {
        QHash<QString, const char *> h;
        for (const QList<Sentence> *area : { &commonSentences(), &authSentences(), &backupSentences() }) {
            for (const Sentence &s : *area)
                h.insert(QString::fromLatin1(s.code), s.text);
        }
        return h;
    }();
    return all;
}

QString fallback(const Error &e)
{
    switch (e.kind) {
    case Error::Kind::Invalid:
        return tr("The input was not accepted.");
    case Error::Kind::Network:
        return tr("The service could not be reached.");
    case Error::Kind::Http:
        return tr("The service answered with an error.");
    case Error::Kind::Protocol:
        return tr("The service answered something this console cannot read.");
    case Error::Kind::Auth:
        return tr("The request was refused: not authenticated or not allowed.");
    case Error::Kind::Security:
        return tr("A security check failed; nothing was used.");
    case Error::Kind::Timeout:
        return tr("No answer came in time.");
    case Error::Kind::Cancelled:
        return tr("Cancelled.");
    case Error::Kind::Keychain:
        return tr("The keychain could not be used.");
    case Error::Kind::Io:
        return tr("A local file could not be read or written.");
    case Error::Kind::Internal:
        break;
    }
    return tr("Something went wrong inside the console.");
}

} // namespace

QString headline(const Error &e)
{
    const char *text = catalogue().value(e.code, nullptr);
    if (!text)
        return fallback(e);
    QString sentence = tr(text);
    for (const QString &arg : e.args)
        sentence = sentence.arg(arg);
    return sentence;
}

QString diagnostics(const Error &e)
{
    QStringList parts;
    if (e.httpStatus > 0)
        parts << tr("HTTP %1").arg(e.httpStatus);
    if (!e.correlationId.isEmpty())
        parts << tr("correlation id %1").arg(e.correlationId);
    if (!e.requestId.isEmpty() && e.requestId != e.correlationId)
        parts << tr("request id %1").arg(e.requestId);
    return parts.join(QStringLiteral(" · "));
}

QString describe(const Error &e)
{
    QString text = headline(e);
    const bool known = catalogue().contains(e.code);
    if (!known && !e.code.isEmpty())
        text += QLatin1Char(' ') + tr("(%1)").arg(e.code);
    if (!e.detail.isEmpty())
        text += QStringLiteral(" — ") + e.detail;
    const QString ids = diagnostics(e);
    if (!ids.isEmpty())
        text += QStringLiteral(" [") + ids + QLatin1Char(']');
    return text;
}

} // namespace RestoreDesk::Text
