#pragma once

#include <QDateTime>
#include <QString>

namespace RestoreDesk::Backup {

struct Policy;
struct RecoveryPoint;
class RetentionRules;

// What the recovery-point table shows as "kept by" and "kept until": the service's own answer
// when the point carries one (recoveryPointProperties.ruleName / expiryTime, which can name
// rules the arithmetic does not know, such as "DefaultRule"), else what the policy's retention
// arithmetic says; plus how long the snapshot tier keeps it. Value type; pure; any thread.
struct PointRetention
{
    QString ruleName; // DailyRule, WeeklyRule, ..., SnapshotRule, or the service's word
    QDateTime keptUntil; // invalid when nothing is known
    QDateTime snapshotUntil; // invalid when the policy keeps no snapshots (or is unknown)
    bool computed = false; // from the policy, not from the service

    // For a SQL point the sub-policy of its `type` (Full, Differential, Log) is used.
    static PointRetention of(const RecoveryPoint &point, const Policy &policy);
    static PointRetention of(const RecoveryPoint &point, const RetentionRules &rules);
};

} // namespace RestoreDesk::Backup
