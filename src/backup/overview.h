#pragma once

#include "backup/job.h"
#include "backup/policy.h"
#include "backup/protecteditem.h"

#include <QDateTime>
#include <QMap>

namespace RestoreDesk::Backup {

// What the overview and `restoredesk-cli overview` show about an estate: protected items by
// health; the jobs of a window (by default the last 24 h) as succeeded / failed / completed
// with warnings / in progress / cancelled; and the items whose last recovery point is older
// than their policy allows (see BackupCadence). Built from already-parsed values; pure; value
// type, any thread.
struct Overview
{
    struct JobCounts
    {
        int succeeded = 0;
        int failed = 0;
        int withWarnings = 0;
        int inProgress = 0;
        int cancelled = 0;
        int other = 0;
        int total() const { return succeeded + failed + withWarnings + inProgress + cancelled + other; }
    };

    struct StaleItem
    {
        QString itemId;
        QString friendlyName;
        QString policyName;
        QDateTime lastRecoveryPoint; // invalid: none yet
        qint64 allowedAgeSecs = 0;
        qint64 ageSecs = -1; // -1 when there is no recovery point at all
    };

    QDateTime windowStart;
    QDateTime windowEnd;
    int totalItems = 0;
    QMap<ProtectedItem::Health, int> itemsByHealth;
    JobCounts jobs;
    QStringList failedJobIds; // in the window, newest first
    QStringList warningJobIds; // completed with warnings, in the window, newest first
    QList<StaleItem> staleItems; // most overdue first
    // Actively protected items whose freshness cannot be judged (policy not among `policies`,
    // or a policy whose schedule is unknown).
    QStringList unjudgedItemIds;

    int itemsWithHealth(ProtectedItem::Health health) const { return itemsByHealth.value(health); }

    // Jobs count when they started or ended in [now - windowSecs, now], or are still running.
    // Items in IRPending (first backup not taken yet), stopped or paused are not judged stale.
    static Overview build(const QList<ProtectedItem> &items, const QList<Policy> &policies,
                          const QList<Job> &jobs, const QDateTime &now, qint64 windowSecs = 24 * 3600);
};

} // namespace RestoreDesk::Backup
