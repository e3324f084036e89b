#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace RestoreDesk::Backup {

// A recovery point, polymorphic by `properties.objectType`: the fields the console shows are
// read per subtype (IaaS VMs use recoveryPointTime, SQL workloads recoveryPointTimeInUTC); an
// unknown subtype is kept with its raw JSON so it can still be shown. Value type.
struct RecoveryPoint
{
    enum class Kind { IaasVm, WorkloadSql, FileShare, Unknown };

    QString id;
    QString name;
    Kind kind = Kind::Unknown;
    QString objectType;
    QDateTime time;
    QString consistency; // CrashConsistent, FileSystemConsistent, Full, ...
    QStringList validTiers; // InstantRP (snapshot), HardenedRP (vault-standard), ArchivedRP
    QString retentionRule; // DailyRule, WeeklyRule, ... when the service says
    QDateTime expiresAt;
    QJsonObject raw;

    bool needsRehydration() const { return validTiers == QStringList { QStringLiteral("ArchivedRP") }; }

    static Result<RecoveryPoint> fromArm(const QJsonObject &resource);
};

} // namespace RestoreDesk::Backup
