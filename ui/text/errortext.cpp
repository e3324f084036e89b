#include "text/errortext.h"

#include "core/redact.h"

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
        for (const QList<Sentence> *area :
             { &commonSentences(), &authSentences(), &armSentences(), &auditSentences(), &accessSentences(),
               &backupSentences(), &restoreSentences(), &sandboxSentences() }) {
            for (const Sentence &s : *area)
                h.insert(QString::fromLatin1(s.code), s.text);
        }
        return h;
    }();
    return all;
}

// %1…%9 replaced by the arguments that exist; extra arguments are ignored, missing ones leave
// an empty place (an error raised with fewer values than its sentence names still reads).
QString substitute(const QString &sentence, const QStringList &args)
{
    QString out;
    out.reserve(sentence.size());
    for (qsizetype i = 0; i < sentence.size(); ++i) {
        const QChar c = sentence.at(i);
        if (c == QLatin1Char('%') && i + 1 < sentence.size() && sentence.at(i + 1).isDigit()
            && sentence.at(i + 1) != QLatin1Char('0')) {
            out += args.value(sentence.at(i + 1).digitValue() - 1);
            ++i;
            continue;
        }
        out += c;
    }
    return out;
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
    // A code may have variants named by its first argument ("invalid_profile/issuer_missing").
    QStringList args = e.args;
    const char *text = nullptr;
    if (!args.isEmpty())
        text = catalogue().value(e.code + QLatin1Char('/') + args.first(), nullptr);
    if (text)
        args.removeFirst();
    else
        text = catalogue().value(e.code, nullptr);
    if (!text && e.code.startsWith(QLatin1String("http_")))
        return tr("The server answered HTTP %1 without saying why.").arg(e.code.mid(5));
    if (!text)
        return fallback(e);
    return substitute(tr(text), args);
}

bool hasSentence(const QString &code)
{
    return catalogue().contains(code) || code.startsWith(QLatin1String("http_"));
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

QString describeRedacted(const Error &e)
{
    return redactSecrets(describe(e));
}

QString describeOnce(const Error &e)
{
    if (e.args.isEmpty()
        || !(catalogue().contains(e.code)
             || catalogue().contains(e.code + QLatin1Char('/') + e.args.first())))
        return describeRedacted(e);
    QString text = headline(e);
    const QString ids = diagnostics(e);
    if (!ids.isEmpty())
        text += QStringLiteral(" [") + ids + QLatin1Char(']');
    return redactSecrets(text);
}

QString describe(const Error &e)
{
    QString text = headline(e);
    const bool known = hasSentence(e.code);
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
