#include "backup/overview.h"

#include "backup/backupcadence.h"

#include <QHash>

#include <algorithm>

namespace RestoreDesk::Backup {

namespace {

void countJobs(Overview &o, const QList<Job> &jobs)
{
    QList<const Job *> inWindow;
    for (const Job &j : jobs) {
        const bool started
            = j.startTime.isValid() && j.startTime >= o.windowStart && j.startTime <= o.windowEnd;
        const bool ended = j.endTime.isValid() && j.endTime >= o.windowStart && j.endTime <= o.windowEnd;
        if (started || ended || j.isRunning())
            inWindow << &j;
    }
    std::stable_sort(inWindow.begin(), inWindow.end(),
                     [](const Job *a, const Job *b) { return a->startTime > b->startTime; });
    for (const Job *j : std::as_const(inWindow)) {
        switch (j->status) {
        case Job::Status::Completed:
            // "Completed" with warnings in its details is no clean success (succeededCleanly()).
            if (!j->succeededCleanly()) {
                ++o.jobs.withWarnings;
                o.warningJobIds << j->id;
                break;
            }
            ++o.jobs.succeeded;
            break;
        case Job::Status::CompletedWithWarnings:
            ++o.jobs.withWarnings;
            o.warningJobIds << j->id;
            break;
        case Job::Status::Failed:
            ++o.jobs.failed;
            o.failedJobIds << j->id;
            break;
        case Job::Status::InProgress:
        case Job::Status::Cancelling:
            ++o.jobs.inProgress;
            break;
        case Job::Status::Cancelled:
            ++o.jobs.cancelled;
            break;
        case Job::Status::Invalid:
        case Job::Status::Unknown:
            ++o.jobs.other;
            break;
        }
    }
}

} // namespace

Overview Overview::build(const QList<ProtectedItem> &items, const QList<Policy> &policies,
                         const QList<Job> &jobs, const QDateTime &now, qint64 windowSecs)
{
    Overview o;
    o.windowEnd = now.toUTC();
    o.windowStart = o.windowEnd.addSecs(-qMax<qint64>(0, windowSecs));
    o.totalItems = int(items.size());

    QHash<QString, const Policy *> byId;
    for (const Policy &p : policies)
        byId.insert(p.armId.isValid() ? p.armId.key() : p.id.toLower(), &p);

    // Items share a few policies: each policy id as written is looked up (parsed, compared as ARM
    // does) and its cadence worked out once, not once per item.
    struct Judge
    {
        const Policy *policy = nullptr;
        BackupCadence cadence;
    };
    QHash<QString, Judge> judges; // policy id as the item names it
    for (const ProtectedItem &item : items) {
        o.itemsByHealth[item.health] += 1;
        if (!item.isActivelyProtected() || item.protectionState == ProtectedItem::ProtectionState::IRPending)
            continue;
        auto judge = judges.constFind(item.policyId);
        if (judge == judges.cend()) {
            const ArmId policyId = ArmId::parse(item.policyId);
            const Policy *p = byId.value(policyId.isValid() ? policyId.key() : item.policyId.toLower());
            judge = judges.insert(item.policyId,
                                  Judge { p, p ? BackupCadence::forPolicy(*p) : BackupCadence {} });
        }
        const Policy *policy = judge->policy;
        const BackupCadence &cadence = judge->cadence;
        if (!cadence.isKnown()) {
            o.unjudgedItemIds << item.id;
            continue;
        }
        if (!cadence.isStale(item.lastRecoveryPoint, o.windowEnd))
            continue;
        StaleItem s;
        s.itemId = item.id;
        s.friendlyName = item.friendlyName;
        s.policyName = policy->name;
        s.lastRecoveryPoint = item.lastRecoveryPoint;
        s.allowedAgeSecs = cadence.allowedAgeSecs();
        s.ageSecs = item.lastRecoveryPoint.isValid() ? item.lastRecoveryPoint.secsTo(o.windowEnd) : -1;
        o.staleItems << s;
    }
    std::stable_sort(o.staleItems.begin(), o.staleItems.end(), [](const StaleItem &a, const StaleItem &b) {
        const bool aNever = a.ageSecs < 0;
        const bool bNever = b.ageSecs < 0;
        if (aNever != bNever)
            return aNever;
        return a.ageSecs - a.allowedAgeSecs > b.ageSecs - b.allowedAgeSecs;
    });
    countJobs(o, jobs);
    return o;
}

} // namespace RestoreDesk::Backup
