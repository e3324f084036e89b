#include "backup/armerror.h"

#include "backup/armreader.h"

namespace RestoreDesk::Backup {

namespace {

ArmError read(ArmReader &r, int depth)
{
    ArmError e;
    e.raw = r.object();
    e.code = r.string("code");
    e.message = r.string("message");
    e.target = r.string("target");
    const QJsonArray details = r.array("details");
    for (qsizetype i = 0; i < details.size() && r.ok(); ++i) {
        if (depth + 1 >= ArmError::kMaxDepth || i >= ArmError::kMaxDetails) {
            e.truncated = true;
            break;
        }
        if (!details.at(i).isObject()) {
            r.failType(QStringLiteral("details[%1]").arg(i), QStringLiteral("object"));
            break;
        }
        ArmReader child = r.nested(details.at(i).toObject(), QStringLiteral("details[%1]").arg(i));
        ArmError inner = read(child, depth + 1);
        if (!r.absorb(child))
            break;
        e.truncated = e.truncated || inner.truncated;
        e.details << inner;
    }
    const QJsonArray info = r.array("additionalInfo");
    for (qsizetype i = 0; i < info.size() && r.ok() && i < ArmError::kMaxDetails; ++i) {
        if (!info.at(i).isObject()) {
            r.failType(QStringLiteral("additionalInfo[%1]").arg(i), QStringLiteral("object"));
            break;
        }
        ArmReader entry = r.nested(info.at(i).toObject(), QStringLiteral("additionalInfo[%1]").arg(i));
        ArmError::AdditionalInfo a;
        a.type = entry.string("type");
        a.info = entry.value("info");
        if (!r.absorb(entry))
            break;
        e.additionalInfo << a;
    }
    return e;
}

} // namespace

Result<ArmError> ArmError::fromArm(const QJsonObject &body)
{
    ArmReader outer(body, QStringLiteral("ArmError"));
    const QJsonObject inner
        = body.contains(QLatin1String("error")) ? outer.object("error", ArmReader::Required) : body;
    if (!outer.ok())
        return outer.error();
    ArmReader r(inner, QStringLiteral("ArmError"),
                body.contains(QLatin1String("error")) ? QStringLiteral("error") : QString());
    ArmError e = read(r, 0);
    if (!r.ok())
        return r.error();
    e.raw = body;
    return e;
}

Error ArmError::toError(int httpStatus, const QString &correlationId) const
{
    const Error::Kind kind = httpStatus == 401 || httpStatus == 403 ? Error::Kind::Auth : Error::Kind::Http;
    QString detail = message;
    if (!target.isEmpty())
        detail += QStringLiteral(" (target: %1)").arg(target);
    Error e = Error::make(kind, code.isEmpty() ? QStringLiteral("http_%1").arg(httpStatus) : code,
                          detail.trimmed());
    return httpStatus > 0 ? e.withHttp(httpStatus, correlationId) : e;
}

QStringList ArmError::allCodes() const
{
    QStringList out;
    if (!code.isEmpty())
        out << code;
    for (const ArmError &d : details)
        out << d.allCodes();
    return out;
}

} // namespace RestoreDesk::Backup
