// The sandbox's own payloads (the built-in tenant the console browses by default) through the
// console's parsers: every subscription, vault, policy, protected item, recovery point and job
// parses into the value it should; the retention arithmetic, run on the parsed policies, says
// for every recovery point exactly the rule and expiry the sandbox served; the overview of the
// tenant counts what the seed says.
#include "backup/job.h"
#include "backup/overview.h"
#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/recoverypoint.h"
#include "backup/retentionrules.h"
#include "backup/subscription.h"
#include "backup/vault.h"
#include "sandbox/armbuilders.h"
#include "sandbox/tenant.h"

#include <QTest>
#include <QTimeZone>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;

class TestBackupSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void subscriptionsAndVaults();
    void policies();
    void protectedItems();
    void recoveryPointsAgreeWithTheRetentionArithmetic();
    void jobs();
    void runningJob();
    void overviewOfTheTenant();
    void sqlLastRecoveryPointCountsLogBackups();

private:
    Policy policyOfItem(const ProtectedItem &item) const;

    // Sunday noon: some weekly points, a first Sunday of the month behind.
    const QDateTime m_now = QDateTime(QDate(2026, 11, 29), QTime(12, 0), QTimeZone::utc());
    std::optional<Sandbox::Tenant> m_tenant;
    QList<Policy> m_policies;
    QList<ProtectedItem> m_items;
};

void TestBackupSandbox::initTestCase()
{
    auto t = Sandbox::Tenant::builtIn(m_now);
    QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().toString()));
    m_tenant = std::move(t).value();
    for (const Sandbox::SandboxVault &v : m_tenant->vaults) {
        for (const QJsonObject &p : v.policies) {
            auto parsed = Policy::fromArm(p);
            QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
            m_policies << parsed.value();
        }
        for (const Sandbox::SandboxItem &i : v.items) {
            auto parsed = ProtectedItem::fromArm(i.resource);
            QVERIFY2(parsed.ok(), qPrintable(parsed.ok() ? QString() : parsed.error().toString()));
            m_items << parsed.value();
        }
    }
}

Policy TestBackupSandbox::policyOfItem(const ProtectedItem &item) const
{
    for (const Policy &p : m_policies) {
        if (sameArmId(p.id, item.policyId))
            return p;
    }
    return {};
}

void TestBackupSandbox::subscriptionsAndVaults()
{
    QStringList names;
    for (const QJsonObject &s : m_tenant->subscriptions) {
        const auto parsed = Subscription::fromArm(s);
        QVERIFY(parsed.ok());
        QVERIFY(parsed->isEnabled());
        QCOMPARE(parsed->tenantId, m_tenant->tenantId);
        names << parsed->displayName;
    }
    QCOMPARE(names,
             (QStringList { QStringLiteral("Fabrikam Production"), QStringLiteral("Fabrikam Development") }));

    QStringList vaults;
    for (const Sandbox::SandboxVault &v : m_tenant->vaults) {
        const auto parsed = Vault::fromArm(v.resource);
        QVERIFY(parsed.ok());
        QCOMPARE(parsed->subscriptionId(), v.subscriptionId);
        QCOMPARE(parsed->resourceGroup(), v.resourceGroup);
        vaults << parsed->name + QLatin1Char('@') + parsed->location;
        if (parsed->name == QLatin1String("rsv-prod-weu")) {
            QCOMPARE(parsed->crossRegionRestore, std::optional<bool>(true));
            QCOMPARE(parsed->softDeleteState, QStringLiteral("Enabled"));
        }
        if (parsed->name == QLatin1String("rsv-dev-eus"))
            QCOMPARE(parsed->softDeleteState, QStringLiteral("Disabled"));
        // The vault list entry too.
        QVERIFY(Vault::fromArm(Sandbox::Arm::vaultListEntry(v.resource)).ok());
    }
    QCOMPARE(
        vaults,
        (QStringList { QStringLiteral("rsv-prod-weu@westeurope"), QStringLiteral("rsv-prod-neu@northeurope"),
                       QStringLiteral("rsv-dev-eus@eastus"), QStringLiteral("rsv-dev-wus2@westus2") }));
}

void TestBackupSandbox::policies()
{
    QCOMPARE(m_policies.size(), 11);
    QHash<QString, const Policy *> byName;
    for (const Policy &p : m_policies)
        byName.insert(p.name, &p);

    const Policy *gold = byName.value(QStringLiteral("vm-daily-gold"));
    QCOMPARE(gold->kind, Policy::Kind::IaasVm);
    QCOMPARE(gold->generation, Policy::Generation::V2);
    QCOMPARE(gold->instantRpRetentionDays, 5);
    QCOMPARE(gold->schedule.runTimes, QList<QTime> { QTime(22, 30) });
    QCOMPARE(gold->retention.yearly.duration.count, 5);
    QCOMPARE(gold->retention.yearly.months, QList<int> { 1 });

    QCOMPARE(byName.value(QStringLiteral("vm-daily-silver"))->generation, Policy::Generation::V1);

    const Policy *files = byName.value(QStringLiteral("files-daily"));
    QCOMPARE(files->kind, Policy::Kind::FileShare);
    QCOMPARE(files->retention.monthly.weeksOfMonth, QStringList { QStringLiteral("Last") });
    QCOMPARE(files->retention.monthly.daysOfWeek, QList<int> { 5 });

    const Policy *sql = byName.value(QStringLiteral("sql-full-daily-log-hourly"));
    QCOMPARE(sql->kind, Policy::Kind::Workload);
    QCOMPARE(sql->subPolicy(QStringLiteral("Log"))->schedule.logFrequencyMinutes, 60);
    QCOMPARE(byName.value(QStringLiteral("sql-dev"))
                 ->subPolicy(QStringLiteral("Log"))
                 ->schedule.logFrequencyMinutes,
             120);

    const Policy *weekly = byName.value(QStringLiteral("vm-weekly"));
    QCOMPARE(weekly->schedule.frequency, SchedulePolicy::Frequency::Weekly);
    QCOMPARE(weekly->schedule.runDays, QList<int> { 6 });
    QVERIFY(!weekly->retention.daily.enabled);

    const Policy *hourly = byName.value(QStringLiteral("vm-hourly-critical"));
    QCOMPARE(hourly->schedule.frequency, SchedulePolicy::Frequency::Hourly);
    QCOMPARE(hourly->schedule.hourlyInterval, 4);
    QCOMPARE(hourly->schedule.windowStart, QTime(0, 0));
    QCOMPARE(hourly->schedule.windowHours, 24);
}

void TestBackupSandbox::protectedItems()
{
    QCOMPARE(m_items.size(), m_tenant->totalItems());
    QHash<ProtectedItem::Kind, int> kinds;
    for (const ProtectedItem &i : std::as_const(m_items)) {
        kinds[i.kind] += 1;
        QVERIFY(!policyOfItem(i).id.isEmpty()); // every item's policy is among the vault's
        QCOMPARE(i.policyName, policyOfItem(i).name);
        QCOMPARE(i.armId.itemFriendlyName(), i.friendlyName); // the id's segment says the same
        QVERIFY(i.lastBackupTime.isValid());
        if (i.kind == ProtectedItem::Kind::FileShare)
            QVERIFY(i.hostName().startsWith(QStringLiteral("stfabrikam")));
        if (i.kind == ProtectedItem::Kind::SqlDatabase)
            QCOMPARE(i.hostName(), i.serverName);
    }
    QCOMPARE(kinds.value(ProtectedItem::Kind::Vm), 15);
    QCOMPARE(kinds.value(ProtectedItem::Kind::FileShare), 4);
    QCOMPARE(kinds.value(ProtectedItem::Kind::SqlDatabase), 3);
    QCOMPARE(kinds.value(ProtectedItem::Kind::Unknown), 0);
}

void TestBackupSandbox::recoveryPointsAgreeWithTheRetentionArithmetic()
{
    int points = 0;
    int archiveOnly = 0;
    QSet<QString> rules;
    for (const Sandbox::SandboxVault &v : m_tenant->vaults) {
        for (const Sandbox::SandboxItem &si : v.items) {
            const ProtectedItem item = ProtectedItem::fromArm(si.resource).value();
            const Policy policy = policyOfItem(item);
            for (const QJsonObject &raw : si.recoveryPoints) {
                const auto p = RecoveryPoint::fromArm(raw);
                QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().toString()));
                const RecoveryPoint::Kind expected = si.kind == QLatin1String("sql")
                    ? RecoveryPoint::Kind::WorkloadSql
                    : si.kind == QLatin1String("fileshare") ? RecoveryPoint::Kind::FileShare
                                                            : RecoveryPoint::Kind::IaasVm;
                QCOMPARE(p->kind, expected);
                QVERIFY(!p->validTiers.isEmpty());
                const RetentionRules::Verdict verdict
                    = RetentionRules::forPolicy(policy,
                                                item.kind == ProtectedItem::Kind::SqlDatabase
                                                    ? p->consistency
                                                    : QStringLiteral("Full"))
                          .keeperOf(p->time);
                QVERIFY2(RetentionRules::ruleName(verdict.rule) == p->retentionRule,
                         qPrintable(item.friendlyName + QLatin1Char(' ') + p->time.toString(Qt::ISODate)
                                    + QLatin1Char(' ') + p->retentionRule));
                QCOMPARE(verdict.keptUntil, p->expiresAt);
                QVERIFY(verdict.isKeptAt(m_now));
                rules.insert(p->retentionRule);
                archiveOnly += p->needsRehydration() ? 1 : 0;
                ++points;
            }
        }
    }
    QCOMPARE(points, int(m_tenant->totalRecoveryPoints()));
    QCOMPARE(rules,
             (QSet<QString> { QStringLiteral("DailyRule"), QStringLiteral("WeeklyRule"),
                              QStringLiteral("MonthlyRule"), QStringLiteral("YearlyRule") }));
    QVERIFY(archiveOnly > 0);
}

void TestBackupSandbox::jobs()
{
    QHash<Job::Status, int> statuses;
    for (const Sandbox::SandboxVault &v : m_tenant->vaults) {
        for (const Sandbox::SandboxJob &sj : v.jobs) {
            for (bool detailed : { false, true }) {
                const auto j = Job::fromArm(Sandbox::Arm::job(sj, m_now, detailed));
                QVERIFY2(j.ok(), qPrintable(j.ok() ? QString() : j.error().toString()));
                QCOMPARE(j->name, sj.id);
                QCOMPARE(j->entityFriendlyName, sj.itemName);
                QCOMPARE(j->operation, sj.operation);
                QCOMPARE(Job::statusName(j->status), sj.finalStatus);
                QVERIFY(j->isTerminal());
                QCOMPARE(j->startTime, sj.start);
                QVERIFY(j->endTime.isValid());
                QVERIFY(j->durationMs.has_value());
                if (!detailed)
                    continue;
                statuses[j->status] += 1;
                QCOMPARE(j->tasks.size(), sj.tasks.size());
                if (j->status == Job::Status::Failed) {
                    QCOMPARE(j->errors.size(), 1);
                    QCOMPARE(j->errors.first().code, sj.errorCode);
                }
                if (j->status == Job::Status::CompletedWithWarnings) {
                    QCOMPARE(j->warnings.size(), 1);
                    QCOMPARE(j->warnings.first().message, sj.warning);
                }
            }
        }
    }
    QCOMPARE(statuses.value(Job::Status::Failed), 3);
    QCOMPARE(statuses.value(Job::Status::CompletedWithWarnings), 1);
    QCOMPARE(statuses.value(Job::Status::Cancelled), 1);
    QCOMPARE(statuses.value(Job::Status::Completed), 8);
}

void TestBackupSandbox::runningJob()
{
    // A restore started a minute ago that takes ten: in progress, 10 %, its first task running.
    Sandbox::SandboxJob sj = m_tenant->vaults.first().jobs.first();
    sj.operation = QStringLiteral("Restore");
    sj.start = m_now.addSecs(-60);
    sj.durationMs = 600000;
    sj.tasks = { QStringLiteral("Validate restore request"), QStringLiteral("Transfer data from vault") };
    const auto j = Job::fromArm(Sandbox::Arm::job(sj, m_now, true));
    QVERIFY(j.ok());
    QCOMPARE(j->status, Job::Status::InProgress);
    QVERIFY(!j->endTime.isValid());
    QCOMPARE(j->percent, std::optional<double>(10));
    QCOMPARE(j->currentTask, QStringLiteral("Validate restore request"));
    QCOMPARE(j->elapsedMs(m_now), std::optional<qint64>(60000));
}

void TestBackupSandbox::overviewOfTheTenant()
{
    QList<Job> jobs;
    int lastDay = 0;
    for (const Sandbox::SandboxVault &v : m_tenant->vaults) {
        for (const Sandbox::SandboxJob &sj : v.jobs) {
            jobs << Job::fromArm(Sandbox::Arm::job(sj, m_now, false)).value();
            lastDay += sj.start.addMSecs(sj.durationMs) >= m_now.addDays(-1) ? 1 : 0;
        }
    }
    const Overview o = Overview::build(m_items, m_policies, jobs, m_now);
    QCOMPARE(o.totalItems, 22);
    QCOMPARE(o.itemsWithHealth(ProtectedItem::Health::Passed), 18);
    QCOMPARE(o.itemsWithHealth(ProtectedItem::Health::ActionRequired), 2);
    QCOMPARE(o.itemsWithHealth(ProtectedItem::Health::ActionSuggested), 2);
    // The seed's jobs of the last 24 hours: 6 completed, 2 failed, 1 with warnings.
    QCOMPARE(o.jobs.total(), lastDay);
    QCOMPARE(o.jobs.succeeded, 6);
    QCOMPARE(o.jobs.failed, 2);
    QCOMPARE(o.jobs.withWarnings, 1);
    QCOMPARE(o.jobs.cancelled, 0); // 70 hours ago
    QCOMPARE(o.failedJobIds.size(), 2);
    QVERIFY(o.unjudgedItemIds.isEmpty());
    // Every item the seed keeps healthy is backed up on schedule, SQL databases included: their
    // policies take log backups every hour or two, and (as in Azure) an item's last recovery
    // point counts its log backups, so none of them is stale.
    QStringList stale;
    for (const Overview::StaleItem &s : o.staleItems)
        stale << s.friendlyName + QLatin1Char(' ') + QString::number(s.ageSecs) + QLatin1Char('/')
                + QString::number(s.allowedAgeSecs);
    QVERIFY2(stale.isEmpty(), qPrintable(stale.join(QStringLiteral(", "))));
}

void TestBackupSandbox::sqlLastRecoveryPointCountsLogBackups()
{
    int sql = 0;
    for (const Sandbox::SandboxVault &v : m_tenant->vaults) {
        for (const Sandbox::SandboxItem &si : v.items) {
            if (si.kind != QLatin1String("sql"))
                continue;
            ++sql;
            const ProtectedItem item = ProtectedItem::fromArm(si.resource).value();
            const Policy policy = policyOfItem(item);
            const int logMinutes = policy.subPolicy(QStringLiteral("Log"))->schedule.logFrequencyMinutes;
            QVERIFY(logMinutes > 0);
            const RecoveryPoint newestFull = RecoveryPoint::fromArm(si.recoveryPoints.first()).value();
            // The newest log backup: after the newest full one, not in the future, and less than
            // one log interval old; on the log schedule's grid.
            QVERIFY2(item.lastRecoveryPoint > newestFull.time, qPrintable(item.friendlyName));
            QVERIFY(item.lastRecoveryPoint <= m_now);
            QVERIFY(item.lastRecoveryPoint.secsTo(m_now) < logMinutes * 60);
            QCOMPARE(item.lastRecoveryPoint.toSecsSinceEpoch() % (logMinutes * 60), 0);
            // The last backup job is still the full backup's.
            QCOMPARE(item.lastBackupTime, newestFull.time);
        }
    }
    QCOMPARE(sql, 3);
}

QTEST_GUILESS_MAIN(TestBackupSandbox)
#include "tst_backupsandbox.moc"
