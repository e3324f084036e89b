// The overview's arithmetic: items by health (whatever word each kind of item uses), the jobs
// of a window by outcome (warnings counted apart from successes), and stale items — the last
// recovery point older than the policy allows, never backed up, most overdue first — while
// stopped, paused and not-yet-protected items and items of unknown policies are not judged.
#include "backup/overview.h"

#include <QTest>
#include <QTimeZone>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;

namespace {

const QString kVault
    = QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v");
const QDateTime kNow(QDate(2026, 11, 29), QTime(12, 0), QTimeZone::utc());

Policy dailyPolicy(const QString &name)
{
    Policy p;
    p.id = kVault + QStringLiteral("/backupPolicies/") + name;
    p.armId = ArmId::parse(p.id);
    p.name = name;
    p.kind = Policy::Kind::IaasVm;
    p.schedule.frequency = SchedulePolicy::Frequency::Daily;
    p.schedule.runTimes = { QTime(22, 0) };
    return p;
}

ProtectedItem item(const QString &vm, const QString &policy, qint64 hoursSincePoint,
                   ProtectedItem::ProtectionState state = ProtectedItem::ProtectionState::Protected)
{
    ProtectedItem i;
    i.id = kVault
        + QStringLiteral("/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg;%1/"
                         "protectedItems/VM;iaasvmcontainerv2;rg;%1")
              .arg(vm);
    i.armId = ArmId::parse(i.id);
    i.friendlyName = vm;
    i.policyId = kVault + QStringLiteral("/backupPolicies/") + policy;
    i.protectionState = state;
    i.health = ProtectedItem::Health::Passed;
    if (hoursSincePoint >= 0)
        i.lastRecoveryPoint = kNow.addSecs(-hoursSincePoint * 3600);
    return i;
}

Job job(const QString &name, const QString &status, qint64 startedHoursAgo, qint64 endedHoursAgo = -1)
{
    Job j;
    j.id = kVault + QStringLiteral("/backupJobs/") + name;
    j.status = Job::statusFrom(status);
    j.startTime = kNow.addSecs(-startedHoursAgo * 3600);
    if (endedHoursAgo >= 0)
        j.endTime = kNow.addSecs(-endedHoursAgo * 3600);
    return j;
}

} // namespace

class TestBackupOverview : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void healthOfEveryKind();
    void staleItems();
    void jobsOfTheWindow();
};

void TestBackupOverview::healthOfEveryKind()
{
    auto fromProperties = [](const QJsonObject &properties) {
        return ProtectedItem::fromArm(
                   { { QStringLiteral("id"), item(QStringLiteral("x"), QStringLiteral("p"), 1).id },
                     { QStringLiteral("properties"), properties } })
            .value();
    };
    const QList<ProtectedItem> items {
        fromProperties({ { QStringLiteral("healthStatus"), QStringLiteral("Passed") } }),
        fromProperties({ { QStringLiteral("healthStatus"), QStringLiteral("ActionRequired") } }),
        fromProperties({ { QStringLiteral("healthStatus"), QStringLiteral("actionsuggested") } }),
        fromProperties(
            { { QStringLiteral("protectedItemHealthStatus"), QStringLiteral("Unhealthy") } }), // SQL
        fromProperties({ { QStringLiteral("protectedItemHealthStatus"), QStringLiteral("IRPending") } }),
        fromProperties({ { QStringLiteral("protectionStatus"), QStringLiteral("Healthy") } }), // file share
        fromProperties({}),
    };
    const Overview o = Overview::build(items, {}, {}, kNow);
    QCOMPARE(o.totalItems, 7);
    QCOMPARE(o.itemsWithHealth(ProtectedItem::Health::Passed), 2);
    QCOMPARE(o.itemsWithHealth(ProtectedItem::Health::ActionRequired), 2);
    QCOMPARE(o.itemsWithHealth(ProtectedItem::Health::ActionSuggested), 1);
    QCOMPARE(o.itemsWithHealth(ProtectedItem::Health::Unknown), 2);
    QCOMPARE(items.at(4).healthText, QStringLiteral("IRPending"));
    QCOMPARE(ProtectedItem::healthName(ProtectedItem::Health::ActionRequired),
             QStringLiteral("ActionRequired"));
}

void TestBackupOverview::staleItems()
{
    const QList<Policy> policies { dailyPolicy(QStringLiteral("daily")) };
    QList<ProtectedItem> items {
        item(QStringLiteral("fresh"), QStringLiteral("daily"), 20),
        item(QStringLiteral("late"), QStringLiteral("daily"), 40),
        item(QStringLiteral("never"), QStringLiteral("daily"), -1),
        item(QStringLiteral("stopped"), QStringLiteral("daily"), 500,
             ProtectedItem::ProtectionState::ProtectionStopped),
        item(QStringLiteral("paused"), QStringLiteral("daily"), 500,
             ProtectedItem::ProtectionState::ProtectionPaused),
        item(QStringLiteral("new"), QStringLiteral("daily"), -1, ProtectedItem::ProtectionState::IRPending),
        item(QStringLiteral("erroring"), QStringLiteral("DAILY"), 240,
             ProtectedItem::ProtectionState::ProtectionError),
        item(QStringLiteral("orphan"), QStringLiteral("gone"), 1000),
    };
    items.last().policyId = QString(); // an item whose policy is not known at all
    const Overview o = Overview::build(items, policies, {}, kNow);
    QStringList names;
    for (const Overview::StaleItem &s : o.staleItems)
        names << s.friendlyName;
    // Never backed up first, then the most overdue.
    QCOMPARE(names,
             (QStringList { QStringLiteral("never"), QStringLiteral("erroring"), QStringLiteral("late") }));
    const Overview::StaleItem &late = o.staleItems.last();
    QCOMPARE(late.ageSecs, qint64(40 * 3600));
    QCOMPARE(late.allowedAgeSecs, qint64(86400 + 7200 + 8640));
    QCOMPARE(late.policyName, QStringLiteral("daily"));
    QCOMPARE(late.lastRecoveryPoint, kNow.addSecs(-40 * 3600));
    QCOMPARE(o.staleItems.first().ageSecs, qint64(-1));
    QCOMPARE(o.unjudgedItemIds, QStringList { items.last().id });
}

void TestBackupOverview::jobsOfTheWindow()
{
    const QList<Job> jobs {
        job(QStringLiteral("ok"), QStringLiteral("Completed"), 2, 1),
        job(QStringLiteral("ended-in-window"), QStringLiteral("Completed"), 30, 20),
        job(QStringLiteral("too-old"), QStringLiteral("Completed"), 30, 29),
        job(QStringLiteral("long-runner"), QStringLiteral("InProgress"), 50),
        job(QStringLiteral("stopping"), QStringLiteral("Cancelling"), 3),
        job(QStringLiteral("canceled"), QStringLiteral("Canceled"), 5, 4),
        job(QStringLiteral("failed-early"), QStringLiteral("Failed"), 10, 9),
        job(QStringLiteral("failed-late"), QStringLiteral("Failed"), 1, 0),
        job(QStringLiteral("warned"), QStringLiteral("CompletedWithWarnings"), 6, 5),
        job(QStringLiteral("odd"), QStringLiteral("Paused"), 7),
    };
    const Overview o = Overview::build({}, {}, jobs, kNow);
    QCOMPARE(o.windowStart, kNow.addDays(-1));
    QCOMPARE(o.windowEnd, kNow);
    QCOMPARE(o.jobs.succeeded, 2);
    QCOMPARE(o.jobs.inProgress, 2);
    QCOMPARE(o.jobs.cancelled, 1);
    QCOMPARE(o.jobs.failed, 2);
    QCOMPARE(o.jobs.withWarnings, 1);
    QCOMPARE(o.jobs.other, 1);
    QCOMPARE(o.jobs.total(), 9);
    QCOMPARE(o.failedJobIds, (QStringList { jobs.at(7).id, jobs.at(6).id })); // newest first
    QCOMPARE(o.warningJobIds, QStringList { jobs.at(8).id });
    // A week's window takes the older one in too.
    QCOMPARE(Overview::build({}, {}, jobs, kNow, 7 * 86400).jobs.succeeded, 3);
    // "Completed" with warnings in its details is counted with the warnings, not as a success.
    QList<Job> warnedJobs = jobs;
    warnedJobs[0].warnings << Job::Problem {
        QStringLiteral("UserErrorSnapshotTimedOut"), QStringLiteral("slow"), {}, {}
    };
    const Overview w = Overview::build({}, {}, warnedJobs, kNow);
    QCOMPARE(w.jobs.succeeded, 1);
    QCOMPARE(w.jobs.withWarnings, 2);
    QCOMPARE(w.warningJobIds, (QStringList { jobs.at(0).id, jobs.at(8).id })); // newest first
}

QTEST_GUILESS_MAIN(TestBackupOverview)
#include "tst_backupoverview.moc"
