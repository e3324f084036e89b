#include "core/error.h"

namespace RestoreDesk {

Error Error::make(Kind kind, const QString &code, const QString &detail, const QStringList &args)
{
    Error e;
    e.kind = kind;
    e.code = code;
    e.detail = detail;
    e.args = args;
    return e;
}

Error Error::make(Kind kind, QLatin1String code, const QString &detail, const QStringList &args)
{
    return make(kind, QString(code), detail, args);
}

Error Error::withHttp(int status, const QString &correlation) const
{
    Error e = *this;
    e.httpStatus = status;
    if (!correlation.isEmpty())
        e.correlationId = correlation;
    return e;
}

Error Error::withDetail(const QString &text) const
{
    Error e = *this;
    e.detail = text;
    return e;
}

QString Error::toString() const
{
    QString text = code;
    if (!detail.isEmpty())
        text += (text.isEmpty() ? QString() : QStringLiteral(": ")) + detail;
    if (!args.isEmpty())
        text += QStringLiteral(" [") + args.join(QStringLiteral(", ")) + QLatin1Char(']');
    QStringList extra;
    if (httpStatus > 0)
        extra << QStringLiteral("HTTP %1").arg(httpStatus);
    if (!correlationId.isEmpty())
        extra << QStringLiteral("correlation %1").arg(correlationId);
    if (!requestId.isEmpty())
        extra << QStringLiteral("request %1").arg(requestId);
    if (!extra.isEmpty())
        text += QStringLiteral(" (") + extra.join(QStringLiteral(", ")) + QLatin1Char(')');
    return text;
}

QString Error::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Invalid:
        return QStringLiteral("invalid");
    case Kind::Network:
        return QStringLiteral("network");
    case Kind::Http:
        return QStringLiteral("http");
    case Kind::Protocol:
        return QStringLiteral("protocol");
    case Kind::Auth:
        return QStringLiteral("auth");
    case Kind::Security:
        return QStringLiteral("security");
    case Kind::Timeout:
        return QStringLiteral("timeout");
    case Kind::Cancelled:
        return QStringLiteral("cancelled");
    case Kind::Keychain:
        return QStringLiteral("keychain");
    case Kind::Io:
        return QStringLiteral("io");
    case Kind::Internal:
        return QStringLiteral("internal");
    }
    return QStringLiteral("internal");
}

} // namespace RestoreDesk
