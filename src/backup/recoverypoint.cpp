#include "backup/recoverypoint.h"

#include <QJsonArray>

namespace RestoreDesk::Backup {

Result<RecoveryPoint> RecoveryPoint::fromArm(const QJsonObject &r)
{
    RecoveryPoint p;
    p.raw = r;
    p.id = r.value(QStringLiteral("id")).toString();
    p.name = r.value(QStringLiteral("name")).toString();
    const QJsonObject props = r.value(QStringLiteral("properties")).toObject();
    if (p.id.isEmpty() || props.isEmpty())
        return Error::make(Error::Kind::Protocol, QStringLiteral("invalid_recovery_point"),
                           QStringLiteral("A recovery point without id or properties was received."));
    p.objectType = props.value(QStringLiteral("objectType")).toString();
    QString time;
    if (p.objectType == QLatin1String("IaasVMRecoveryPoint")) {
        p.kind = Kind::IaasVm;
        time = props.value(QStringLiteral("recoveryPointTime")).toString();
        p.consistency = props.value(QStringLiteral("recoveryPointType")).toString();
    } else if (p.objectType.startsWith(QLatin1String("AzureWorkloadSQL"))) {
        p.kind = Kind::WorkloadSql;
        time = props.value(QStringLiteral("recoveryPointTimeInUTC")).toString();
        p.consistency = props.value(QStringLiteral("type")).toString();
    } else if (p.objectType == QLatin1String("AzureFileShareRecoveryPoint")) {
        p.kind = Kind::FileShare;
        time = props.value(QStringLiteral("recoveryPointTime")).toString();
        p.consistency = props.value(QStringLiteral("recoveryPointType")).toString();
    } else {
        // Unknown subtype: keep it, with whatever time it has.
        time = props.value(QStringLiteral("recoveryPointTime"))
                   .toString(props.value(QStringLiteral("recoveryPointTimeInUTC")).toString());
    }
    p.time = QDateTime::fromString(time, Qt::ISODateWithMs);
    for (const QJsonValue &t : props.value(QStringLiteral("recoveryPointTierDetails")).toArray()) {
        const QJsonObject tier = t.toObject();
        // Older payloads carried numbers (1 instant, 2 vault); current ones strings.
        QString type = tier.value(QStringLiteral("type")).toString();
        if (tier.value(QStringLiteral("type")).isDouble())
            type = tier.value(QStringLiteral("type")).toInt() == 1 ? QStringLiteral("InstantRP")
                                                                   : QStringLiteral("HardenedRP");
        const QJsonValue status = tier.value(QStringLiteral("status"));
        const bool valid = status.isString() ? (status.toString() == QLatin1String("Valid")
                                                || status.toString() == QLatin1String("Rehydrated"))
                                             : status.toInt() == 1;
        if (valid && !type.isEmpty())
            p.validTiers << type;
    }
    const QJsonObject retention = props.value(QStringLiteral("recoveryPointProperties")).toObject();
    p.retentionRule = retention.value(QStringLiteral("ruleName")).toString();
    p.expiresAt
        = QDateTime::fromString(retention.value(QStringLiteral("expiryTime")).toString(), Qt::ISODateWithMs);
    return p;
}

} // namespace RestoreDesk::Backup
