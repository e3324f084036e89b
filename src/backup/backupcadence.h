#pragma once

#include <QDateTime>
#include <QString>

namespace RestoreDesk::Backup {

struct Policy;
struct SchedulePolicy;

// How often a policy produces recovery points, and how old an item's last recovery point may
// be before the overview calls the item stale: the longest gap between scheduled backups
// (daily: 24 h; weekly: the longest gap between run days, 7 d for one day; hourly: the
// interval, or the night outside a shorter window; SQL: the log backup frequency when there
// is a log sub-policy, else the most frequent sub-policy) plus a slack for the start delay
// Azure allows (up to 2 h, never more than one gap) and 10 % of the gap for the backup itself.
// Value type; pure; any thread.
struct BackupCadence
{
    enum class Basis { Unknown, Daily, Weekly, Hourly, Log };

    Basis basis = Basis::Unknown;
    qint64 expectedSecs = 0; // the longest gap between scheduled backups
    qint64 slackSecs = 0;

    bool isKnown() const { return expectedSecs > 0; }
    qint64 allowedAgeSecs() const { return expectedSecs + slackSecs; }
    // The last recovery point is older than allowed (or missing) at `now`. False when unknown.
    bool isStale(const QDateTime &lastRecoveryPoint, const QDateTime &now) const;

    static BackupCadence forSchedule(const SchedulePolicy &schedule);
    static BackupCadence forPolicy(const Policy &policy);
};

} // namespace RestoreDesk::Backup
