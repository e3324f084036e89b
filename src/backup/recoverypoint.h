#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

#include <optional>

namespace RestoreDesk::Backup {

// A recovery point, polymorphic by `properties.objectType`: the fields the console shows are
// read per subtype (IaaS VMs and file shares use recoveryPointTime + recoveryPointType, SQL
// workloads recoveryPointTimeInUTC + type, and point-in-time log points carry timeRanges); an
// unknown subtype is kept with its raw JSON so it can still be shown. Tiers come as strings
// (InstantRP / HardenedRP / ArchivedRP; Valid / Deleted / Rehydrated…) or, in older payloads, as
// numbers (1 / 2 / 3; 1 = Valid…). Value type, any thread.
struct RecoveryPoint
{
    enum class Kind { IaasVm, WorkloadSql, FileShare, Unknown };

    struct Tier
    {
        enum class Type { Instant, Hardened, Archived, Unknown }; // snapshot, vault-standard, vault-archive
        enum class Status { Valid, Disabled, Deleted, Rehydrated, Invalid, Unknown };
        Type type = Type::Unknown;
        QString typeName; // InstantRP, HardenedRP, ArchivedRP (numbers mapped), or as sent
        Status status = Status::Unknown;
        QString statusName; // Valid, Deleted, Rehydrated... (numbers mapped), or as sent
        QDateTime rehydratedUntil; // extendedInfo.RehydratedRPExpiryTime, when rehydrated
        bool usable() const { return status == Status::Valid || status == Status::Rehydrated; }
    };

    struct MoveReadiness
    {
        QString tier; // "ArchivedRP" (the API also writes "Archive")
        bool ready = false;
        QString info; // why not, as the service says
    };

    struct TimeRange
    {
        QDateTime start;
        QDateTime end;
    };

    QString id;
    QString name;
    Kind kind = Kind::Unknown;
    QString objectType;
    QDateTime time; // invalid for a log chain that has only timeRanges
    QString consistency; // CrashConsistent, FileSystemConsistent, AppConsistent; Full, Log, Differential…
    QList<Tier> tiers;
    QStringList validTiers; // typeName of the usable tiers, in the order sent
    QList<MoveReadiness> moveReadiness;
    QString retentionRule; // recoveryPointProperties.ruleName: DailyRule, WeeklyRule, … when the service says
    QDateTime expiresAt; // recoveryPointProperties.expiryTime
    std::optional<bool> immutable;
    QDateTime immutableUntil;
    QList<TimeRange> timeRanges; // SQL point-in-time (log) recovery points
    QString vmSize; // IaaS VM: virtualMachineSize
    std::optional<bool> sourceVmEncrypted;
    QStringList zones;
    std::optional<double> sizeInGb; // file share
    QJsonObject raw;

    // Lives only in the archive tier: a restore needs rehydration first, unless a rehydrated
    // copy is still there (see isRehydratedAt).
    // When the point is from: its time, or for a log chain with only time ranges the end of its
    // last range (what a newest-first order sorts by); invalid when it has neither. UTC.
    QDateTime latestTime() const;
    bool needsRehydration() const { return validTiers == QStringList { QStringLiteral("ArchivedRP") }; }
    // A rehydrated copy of an archived point is readable at `now`.
    bool isRehydratedAt(const QDateTime &now) const;
    const Tier *tier(Tier::Type type) const;
    // What the service says about moving the point to the archive tier; nullptr when silent.
    const MoveReadiness *archiveReadiness() const;

    static Result<RecoveryPoint> fromArm(const QJsonObject &resource);
};

} // namespace RestoreDesk::Backup
