#include "backup/pendingrestore.h"

#include "backup/backuperrors.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace RestoreDesk::Backup {

namespace {

QString iso(const QDateTime &t)
{
    return t.isValid() ? t.toUTC().toString(Qt::ISODateWithMs) : QString();
}

QDateTime fromIso(const QJsonValue &v)
{
    QDateTime t = QDateTime::fromString(v.toString(), Qt::ISODateWithMs);
    return t.isValid() ? t.toUTC() : QDateTime();
}

} // namespace

bool PendingRestore::overwrites() const
{
    const QJsonObject p = body.value(QStringLiteral("properties")).toObject();
    const QString type = p.value(QStringLiteral("objectType")).toString();
    if (type.startsWith(QLatin1String("IaasVM"))
        && p.value(QStringLiteral("recoveryType")).toString() == QLatin1String("OriginalLocation"))
        return true;
    if (p.value(QStringLiteral("copyOptions")).toString() == QLatin1String("Overwrite"))
        return true;
    return p.value(QStringLiteral("targetInfo"))
               .toObject()
               .value(QStringLiteral("overwriteOption"))
               .toString()
        == QLatin1String("Overwrite");
}

bool PendingRestore::isValidId(const QString &id)
{
    static const QRegularExpression re(QStringLiteral("^[0-9A-Za-z][0-9A-Za-z-]{7,63}$"));
    return re.match(id).hasMatch();
}

QString PendingRestore::stateName(State s)
{
    return s == State::Accepted ? QStringLiteral("accepted") : QStringLiteral("submitting");
}

QString PendingRestore::jobResourceId() const
{
    if (jobId.isEmpty())
        return {};
    if (jobId.startsWith(QLatin1Char('/')))
        return jobId;
    return vaultId + QStringLiteral("/backupJobs/") + jobId;
}

QJsonObject PendingRestore::toJson() const
{
    return QJsonObject { { QStringLiteral("version"), 1 },
                         { QStringLiteral("clientRequestId"), clientRequestId },
                         { QStringLiteral("correlationId"), correlationId },
                         { QStringLiteral("state"), stateName(state) },
                         { QStringLiteral("itemId"), itemId },
                         { QStringLiteral("itemName"), itemName },
                         { QStringLiteral("vaultId"), vaultId },
                         { QStringLiteral("pointId"), pointId },
                         { QStringLiteral("mode"), mode },
                         { QStringLiteral("kind"), kind },
                         { QStringLiteral("path"), path },
                         { QStringLiteral("body"), body },
                         { QStringLiteral("operationUrl"), operationUrl },
                         { QStringLiteral("locationUrl"), locationUrl },
                         { QStringLiteral("jobId"), jobId },
                         { QStringLiteral("requestedAt"), iso(requestedAt) },
                         { QStringLiteral("acceptedAt"), iso(acceptedAt) },
                         { QStringLiteral("reason"), reason },
                         { QStringLiteral("auditSeq"), double(auditSeq) },
                         { QStringLiteral("auditIdentity"), auditIdentity },
                         { QStringLiteral("auditCorrelationIds"),
                           QJsonArray::fromStringList(auditCorrelationIds) },
                         { QStringLiteral("lastStatus"), lastStatus },
                         { QStringLiteral("noJobFound"), noJobFound },
                         { QStringLiteral("resendOf"), resendOf },
                         { QStringLiteral("earlierIds"), QJsonArray::fromStringList(earlierIds) },
                         { QStringLiteral("firstRequestedAt"), iso(firstRequestedAt) },
                         { QStringLiteral("candidateJobs"), QJsonArray::fromStringList(candidateJobs) },
                         { QStringLiteral("reconcileUntil"), iso(reconcileUntil) },
                         { QStringLiteral("apiOrigin"), apiOrigin },
                         { QStringLiteral("profile"), profile } };
}

QString PendingRestore::originOf(const QUrl &url)
{
    const QString scheme = url.scheme().toLower();
    if (!url.isValid() || url.host().isEmpty()
        || (scheme != QLatin1String("https") && scheme != QLatin1String("http")))
        return {};
    const int port = url.port(scheme == QLatin1String("https") ? 443 : 80);
    return scheme + QStringLiteral("://") + url.host().toLower() + QLatin1Char(':') + QString::number(port);
}

QString PendingRestore::recordedOrigin() const
{
    if (!apiOrigin.isEmpty())
        return apiOrigin;
    // An older record: the service's own URLs say which API took it.
    for (const QString &u : { operationUrl, locationUrl }) {
        if (const QString o = originOf(QUrl(u)); !o.isEmpty())
            return o;
    }
    return {};
}

bool PendingRestore::isOfApi(const QString &origin) const
{
    const QString mine = recordedOrigin();
    return !mine.isEmpty() && mine.compare(origin, Qt::CaseInsensitive) == 0;
}

QDateTime PendingRestore::chainStart() const
{
    if (firstRequestedAt.isValid() && (!requestedAt.isValid() || firstRequestedAt < requestedAt))
        return firstRequestedAt;
    return requestedAt;
}

QStringList PendingRestore::chainIds() const
{
    QStringList ids { clientRequestId, correlationId };
    ids << earlierIds;
    ids.removeAll(QString());
    return ids;
}

Result<PendingRestore> PendingRestore::fromJson(const QJsonObject &o)
{
    PendingRestore p;
    p.clientRequestId = o.value(QStringLiteral("clientRequestId")).toString();
    if (!isValidId(p.clientRequestId))
        return Error::make(
            Error::Kind::Invalid, Codes::InvalidValue, {},
            { QStringLiteral("clientRequestId"), QStringLiteral("PendingRestore"), p.clientRequestId });
    const QString state = o.value(QStringLiteral("state")).toString();
    if (state != stateName(State::Accepted) && state != stateName(State::Submitting))
        return Error::make(Error::Kind::Invalid, Codes::InvalidValue, {},
                           { QStringLiteral("state"), p.clientRequestId, state });
    p.state = state == stateName(State::Accepted) ? State::Accepted : State::Submitting;
    p.correlationId = o.value(QStringLiteral("correlationId")).toString();
    p.itemId = o.value(QStringLiteral("itemId")).toString();
    p.itemName = o.value(QStringLiteral("itemName")).toString();
    p.vaultId = o.value(QStringLiteral("vaultId")).toString();
    p.pointId = o.value(QStringLiteral("pointId")).toString();
    p.mode = o.value(QStringLiteral("mode")).toString();
    p.kind = o.value(QStringLiteral("kind")).toString();
    p.path = o.value(QStringLiteral("path")).toString();
    p.body = o.value(QStringLiteral("body")).toObject();
    p.operationUrl = o.value(QStringLiteral("operationUrl")).toString();
    p.locationUrl = o.value(QStringLiteral("locationUrl")).toString();
    p.jobId = o.value(QStringLiteral("jobId")).toString();
    p.requestedAt = fromIso(o.value(QStringLiteral("requestedAt")));
    p.acceptedAt = fromIso(o.value(QStringLiteral("acceptedAt")));
    p.reason = o.value(QStringLiteral("reason")).toString();
    p.auditSeq = qint64(o.value(QStringLiteral("auditSeq")).toDouble());
    p.auditIdentity = o.value(QStringLiteral("auditIdentity")).toObject();
    for (const QJsonValue &v : o.value(QStringLiteral("auditCorrelationIds")).toArray())
        p.auditCorrelationIds << v.toString();
    p.lastStatus = o.value(QStringLiteral("lastStatus")).toString();
    p.noJobFound = o.value(QStringLiteral("noJobFound")).toBool();
    p.resendOf = o.value(QStringLiteral("resendOf")).toString();
    for (const QJsonValue &v : o.value(QStringLiteral("earlierIds")).toArray())
        p.earlierIds << v.toString();
    p.firstRequestedAt = fromIso(o.value(QStringLiteral("firstRequestedAt")));
    for (const QJsonValue &v : o.value(QStringLiteral("candidateJobs")).toArray())
        p.candidateJobs << v.toString();
    p.reconcileUntil = fromIso(o.value(QStringLiteral("reconcileUntil")));
    p.apiOrigin = o.value(QStringLiteral("apiOrigin")).toString();
    p.profile = o.value(QStringLiteral("profile")).toString();
    if (p.path.isEmpty() || p.vaultId.isEmpty())
        return Error::make(
            Error::Kind::Invalid, Codes::MissingField, {},
            { p.path.isEmpty() ? QStringLiteral("path") : QStringLiteral("vaultId"), p.clientRequestId });
    if (p.state == State::Accepted && p.operationUrl.isEmpty() && p.locationUrl.isEmpty()
        && p.jobId.isEmpty())
        return Error::make(Error::Kind::Invalid, Codes::MissingField, {},
                           { QStringLiteral("operationUrl"), p.clientRequestId });
    return p;
}

} // namespace RestoreDesk::Backup
