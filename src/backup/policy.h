#pragma once

#include "backup/armid.h"
#include "backup/retentionpolicy.h"
#include "backup/schedulepolicy.h"
#include "core/result.h"

#include <QJsonObject>
#include <QTimeZone>

#include <optional>

namespace RestoreDesk::Backup {

// A backup policy, polymorphic by `properties.backupManagementType`:
//   AzureIaasVM    schedulePolicy + retentionPolicy + instantRpRetentionRangeInDays; V1 or V2
//                  (`policyType` "V2", or a SimpleSchedulePolicyV2 schedule: enhanced, hourly);
//   AzureStorage   schedulePolicy + retentionPolicy (Azure file shares);
//   AzureWorkload  settings{timeZone} + subProtectionPolicy[] of Full / Differential / Log, each
//                  with its own schedule and retention (SQL in a VM; `workLoadType`).
// Anything else is Unknown and keeps its raw JSON (name, id and management type still show).
// Value type, any thread.
struct Policy
{
    enum class Kind { IaasVm, FileShare, Workload, Unknown };
    enum class Generation { V1, V2 };

    struct SubPolicy
    {
        QString type; // Full, Differential, Log, Incremental, CopyOnlyFull, SnapshotFull...
        SchedulePolicy schedule;
        RetentionPolicy retention;
        QJsonObject raw;
    };

    QString id;
    ArmId armId;
    QString name;
    Kind kind = Kind::Unknown;
    QString backupManagementType;
    QString workloadType; // SQLDataBase, AzureFileShare (when the service says)
    Generation generation = Generation::V1;
    QString timeZoneName; // Windows name as sent ("Pacific Standard Time"); "UTC" when absent
    QTimeZone timeZone
        = QTimeZone::utc(); // the zone schedule clocks are read in; UTC when the name is unknown
    bool timeZoneKnown = true;
    SchedulePolicy schedule; // IaaS VM and file share
    RetentionPolicy retention; // IaaS VM and file share
    int instantRpRetentionDays = 0; // snapshot (instant restore) tier, IaaS VM
    QString snapshotConsistency; // V2: OnlyCrashConsistent...
    QString archiveTieringMode; // tieringPolicy.ArchivedRP.tieringMode: TierAfter, TierRecommended, DoNotTier
    RetentionPolicy::Duration archiveAfter;
    std::optional<int> protectedItemsCount;
    QList<SubPolicy> subPolicies; // workload
    std::optional<bool> compression; // workload settings
    QJsonObject raw;

    // The workload sub-policy of `type` (case-insensitive), or nullptr.
    const SubPolicy *subPolicy(const QString &type) const;

    static Result<Policy> fromArm(const QJsonObject &resource);
};

} // namespace RestoreDesk::Backup
