// Backup policies from the public API examples (IaaS VM V1 and V2, Azure file share with all
// four long-term rules, SQL workload with Full and Log sub-policies), and the retention
// arithmetic on them: when backups run (in the policy's time zone, hourly windows), which rule
// keeps a backup and until when, what a policy holds at a given moment, and how old a last
// recovery point may be.
#include "armexamples.h"
#include "backup/backupcadence.h"
#include "backup/page.h"
#include "backup/pointretention.h"
#include "backup/policy.h"
#include "backup/recoverypoint.h"
#include "backup/retentionrules.h"

#include <QJsonArray>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;

Q_DECLARE_METATYPE(RestoreDesk::Backup::RetentionRules::Rule)

namespace {

QDateTime utc(int y, int mo, int d, int h = 0, int mi = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi), QTimeZone::utc());
}

Policy policyFrom(const QString &file, int index = -1)
{
    QJsonObject body = armExample(file);
    if (index >= 0)
        body = body.value(QStringLiteral("value")).toArray().at(index).toObject();
    auto p = Policy::fromArm(body);
    if (!p.ok())
        qWarning() << p.error().toString();
    return p.ok() ? p.value() : Policy {};
}

// An enhanced (V2) hourly VM policy in the shape of the docs' example: every 4 hours from
// 08:00 for 12 hours, Indian time, daily and weekly retention.
Policy hourlyPolicy(int windowHours)
{
    const QJsonObject body {
        { QStringLiteral("id"),
          QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/"
                         "vaults/v/backupPolicies/hourly") },
        { QStringLiteral("name"), QStringLiteral("hourly") },
        { QStringLiteral("properties"),
          QJsonObject {
              { QStringLiteral("backupManagementType"), QStringLiteral("AzureIaasVM") },
              { QStringLiteral("policyType"), QStringLiteral("V2") },
              { QStringLiteral("instantRpRetentionRangeInDays"), 2 },
              { QStringLiteral("timeZone"), QStringLiteral("India Standard Time") },
              { QStringLiteral("schedulePolicy"),
                QJsonObject {
                    { QStringLiteral("schedulePolicyType"), QStringLiteral("SimpleSchedulePolicyV2") },
                    { QStringLiteral("scheduleRunFrequency"), QStringLiteral("Hourly") },
                    { QStringLiteral("hourlySchedule"),
                      QJsonObject { { QStringLiteral("interval"), 4 },
                                    { QStringLiteral("scheduleWindowStartTime"),
                                      QStringLiteral("2021-12-17T08:00:00Z") },
                                    { QStringLiteral("scheduleWindowDuration"), windowHours } } } } },
              { QStringLiteral("retentionPolicy"),
                QJsonObject {
                    { QStringLiteral("retentionPolicyType"), QStringLiteral("LongTermRetentionPolicy") },
                    { QStringLiteral("dailySchedule"),
                      QJsonObject {
                          { QStringLiteral("retentionDuration"),
                            QJsonObject { { QStringLiteral("count"), 7 },
                                          { QStringLiteral("durationType"), QStringLiteral("Days") } } } } },
                    { QStringLiteral("weeklySchedule"),
                      QJsonObject {
                          { QStringLiteral("daysOfTheWeek"), QJsonArray { QStringLiteral("Sunday") } },
                          { QStringLiteral("retentionDuration"),
                            QJsonObject {
                                { QStringLiteral("count"), 4 },
                                { QStringLiteral("durationType"), QStringLiteral("Weeks") } } } } } } } } }
    };
    auto p = Policy::fromArm(body);
    if (!p.ok())
        qWarning() << p.error().toString();
    return p.ok() ? p.value() : Policy {};
}

} // namespace

class TestBackupPolicies : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void iaasVmV1();
    void iaasVmV2();
    void v2ListMixesGenerations();
    void fileShareWithAllRules();
    void sqlWorkload();
    void operationResultIsAPolicy();
    void unknownKindIsKept();
    void runsInThePolicyTimeZone();
    void hourlyWindows();
    void whichRuleKeepsAPoint_data();
    void whichRuleKeepsAPoint();
    void snapshotsOutlastTheVault();
    void workloadSubPolicies();
    void monthlyByDate();
    void planOfTheFileSharePolicy();
    void whatTheTableShows();
    void cadence_data();
    void cadence();
    void staleness();
};

void TestBackupPolicies::iaasVmV1()
{
    const auto page
        = Page<Policy>::fromArm(armExample(QStringLiteral("AzureIaasVm_BackupPolicies_List.json")));
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 2);
    const Policy &d = page->items.at(0);
    QCOMPARE(d.name, QStringLiteral("DefaultPolicy"));
    QCOMPARE(d.kind, Policy::Kind::IaasVm);
    QCOMPARE(d.generation, Policy::Generation::V1);
    QCOMPARE(d.armId.vault, QStringLiteral("NetSDKTestRsVault"));
    QCOMPARE(d.timeZoneName, QStringLiteral("UTC")); // absent
    QCOMPARE(d.protectedItemsCount, std::optional<int>(0));
    QCOMPARE(d.schedule.type, SchedulePolicy::Type::Simple);
    QCOMPARE(d.schedule.frequency, SchedulePolicy::Frequency::Daily);
    QCOMPARE(d.schedule.runTimes, QList<QTime> { QTime(19, 0) });
    QCOMPARE(d.retention.type, RetentionPolicy::Type::LongTerm);
    QVERIFY(d.retention.daily.enabled);
    QCOMPARE(d.retention.daily.duration.count, 30);
    QCOMPARE(d.retention.daily.duration.unit, RetentionPolicy::Duration::Unit::Days);
    QVERIFY(!d.retention.weekly.enabled);
    const Policy &t = page->items.at(1);
    QCOMPARE(t.name, QStringLiteral("testPolicy1"));
    QCOMPARE(t.timeZoneName, QStringLiteral("Pacific Standard Time"));
    QVERIFY(t.timeZoneKnown);
    QCOMPARE(t.timeZone.id(), QByteArray("America/Los_Angeles"));
    QCOMPARE(t.schedule.runTimes, QList<QTime> { QTime(2, 0) });
    QCOMPARE(t.retention.daily.duration.count, 1);

    const Policy one = policyFrom(QStringLiteral("ProtectionPolicies_Get.json"));
    QCOMPARE(one.name, QStringLiteral("testPolicy1"));
    QCOMPARE(one.retention.daily.times, QList<QTime> { QTime(2, 0) });
}

void TestBackupPolicies::iaasVmV2()
{
    const Policy p = policyFrom(QStringLiteral("v2-Get-Policy.json"));
    QCOMPARE(p.name, QStringLiteral("v2-daily-sample"));
    QCOMPARE(p.kind, Policy::Kind::IaasVm);
    QCOMPARE(p.generation, Policy::Generation::V2);
    QCOMPARE(p.instantRpRetentionDays, 30);
    QCOMPARE(p.snapshotConsistency, QStringLiteral("OnlyCrashConsistent"));
    QCOMPARE(p.schedule.type, SchedulePolicy::Type::SimpleV2);
    QCOMPARE(p.schedule.frequency, SchedulePolicy::Frequency::Daily);
    QCOMPARE(p.schedule.runTimes, QList<QTime> { QTime(10, 0) }); // dailySchedule.scheduleRunTimes
    QCOMPARE(p.retention.daily.duration.count, 1);
}

void TestBackupPolicies::v2ListMixesGenerations()
{
    const auto page = Page<Policy>::fromArm(armExample(QStringLiteral("v2-List-Policies.json")));
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 3);
    QCOMPARE(page->items.at(0).generation, Policy::Generation::V1);
    QCOMPARE(page->items.at(1).generation, Policy::Generation::V1);
    // No policyType in this one, but a V2 schedule: an enhanced policy.
    QCOMPARE(page->items.at(2).name, QStringLiteral("v2-daily-policy"));
    QCOMPARE(page->items.at(2).generation, Policy::Generation::V2);
    QCOMPARE(page->items.at(2).schedule.runTimes, QList<QTime> { QTime(10, 0) });
}

void TestBackupPolicies::fileShareWithAllRules()
{
    const Policy p = policyFrom(QStringLiteral("ProtectionPolicies_CreateOrUpdate_Daily.json"));
    QCOMPARE(p.name, QStringLiteral("dailyPolicy2"));
    QCOMPARE(p.kind, Policy::Kind::FileShare);
    QCOMPARE(p.backupManagementType, QStringLiteral("AzureStorage"));
    QCOMPARE(p.schedule.runTimes, QList<QTime> { QTime(8, 0) });
    const RetentionPolicy &r = p.retention;
    QCOMPARE(r.daily.duration.count, 5);
    QCOMPARE(r.weekly.duration.count, 12);
    QCOMPARE(r.weekly.duration.unit, RetentionPolicy::Duration::Unit::Weeks);
    QCOMPARE(r.weekly.daysOfWeek, QList<int> { 7 });
    QCOMPARE(r.monthly.duration.count, 60);
    QCOMPARE(r.monthly.duration.unit, RetentionPolicy::Duration::Unit::Months);
    QVERIFY(!r.monthly.byDate);
    QCOMPARE(r.monthly.weeksOfMonth, QStringList { QStringLiteral("First") });
    QCOMPARE(r.monthly.daysOfWeek, QList<int> { 7 });
    QCOMPARE(r.yearly.duration.count, 10);
    QCOMPARE(r.yearly.months, QList<int> { 1 });
    QCOMPARE(r.yearly.weeksOfMonth, QStringList { QStringLiteral("First") });
}

void TestBackupPolicies::sqlWorkload()
{
    const auto page
        = Page<Policy>::fromArm(armExample(QStringLiteral("AzureWorkload_BackupPolicies_List.json")));
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 1);
    const Policy &p = page->items.first();
    QCOMPARE(p.name, QStringLiteral("HourlyLogBackup"));
    QCOMPARE(p.kind, Policy::Kind::Workload);
    QCOMPARE(p.workloadType, QStringLiteral("SQLDataBase"));
    QCOMPARE(p.timeZoneName, QStringLiteral("UTC"));
    QCOMPARE(p.compression, std::optional<bool>(false));
    QCOMPARE(p.subPolicies.size(), 2);
    const Policy::SubPolicy *full = p.subPolicy(QStringLiteral("full"));
    QVERIFY(full);
    QCOMPARE(full->schedule.frequency, SchedulePolicy::Frequency::Daily);
    QCOMPARE(full->schedule.runTimes, QList<QTime> { QTime(19, 0) });
    QCOMPARE(full->retention.daily.duration.count, 30);
    const Policy::SubPolicy *log = p.subPolicy(QStringLiteral("Log"));
    QVERIFY(log);
    QCOMPARE(log->schedule.type, SchedulePolicy::Type::Log);
    QCOMPARE(log->schedule.logFrequencyMinutes, 60);
    QCOMPARE(log->retention.type, RetentionPolicy::Type::Simple);
    QCOMPARE(log->retention.simple.count, 30);
    QVERIFY(!p.subPolicy(QStringLiteral("Differential")));
}

void TestBackupPolicies::operationResultIsAPolicy()
{
    const Policy p = policyFrom(QStringLiteral("ProtectionPolicyOperationResults_Get.json"));
    QCOMPARE(p.name, QStringLiteral("testPolicy1"));
    QCOMPARE(p.protectedItemsCount, std::optional<int>(1));
}

void TestBackupPolicies::unknownKindIsKept()
{
    const QJsonObject mab { { QStringLiteral("id"),
                              QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/"
                                             "Microsoft.RecoveryServices/vaults/v/backupPolicies/mab") },
                            { QStringLiteral("properties"),
                              QJsonObject {
                                  { QStringLiteral("backupManagementType"), QStringLiteral("MAB") },
                                  { QStringLiteral("schedulePolicy"), QStringLiteral("no idea") } } } };
    const auto p = Policy::fromArm(mab);
    QVERIFY(p.ok());
    QCOMPARE(p->kind, Policy::Kind::Unknown);
    QCOMPARE(p->name, QStringLiteral("mab")); // from the id
    QCOMPARE(p->backupManagementType, QStringLiteral("MAB"));
    QCOMPARE(p->raw, mab);
    QVERIFY(!RetentionRules::forPolicy(p.value()).isValid());
    QVERIFY(!BackupCadence::forPolicy(p.value()).isKnown());
}

void TestBackupPolicies::runsInThePolicyTimeZone()
{
    // testPolicy1 runs at 02:00 Pacific: 10:00 UTC in winter, 09:00 UTC in summer.
    const RetentionRules rules
        = RetentionRules::forPolicy(policyFrom(QStringLiteral("ProtectionPolicies_Get.json")));
    QVERIFY(rules.isValid());
    QCOMPARE(rules.runsOn(QDate(2026, 1, 15)), QList<QDateTime> { utc(2026, 1, 15, 10) });
    QCOMPARE(rules.runsOn(QDate(2026, 7, 15)), QList<QDateTime> { utc(2026, 7, 15, 9) });
    // Kept one day, by the daily rule; the day is counted in the policy's zone.
    // (10:00 on 7 March in California; the clocks go forward on 8 March: that day is 23 hours.)
    const auto v = rules.keeperOf(utc(2026, 3, 7, 18));
    QCOMPARE(v.rule, RetentionRules::Rule::Daily);
    QCOMPARE(v.keptUntil, utc(2026, 3, 8, 17));
}

void TestBackupPolicies::hourlyWindows()
{
    const Policy p = hourlyPolicy(12);
    QCOMPARE(p.schedule.frequency, SchedulePolicy::Frequency::Hourly);
    QCOMPARE(p.schedule.hourlyInterval, 4);
    QCOMPARE(p.schedule.windowStart, QTime(8, 0));
    QCOMPARE(p.schedule.windowHours, 12);
    const RetentionRules rules = RetentionRules::forPolicy(p);
    // 08, 12, 16 and 20 o'clock in India (UTC+5:30), newest first.
    QCOMPARE(rules.runsOn(QDate(2026, 5, 3)),
             (QList<QDateTime> { utc(2026, 5, 3, 14, 30), utc(2026, 5, 3, 10, 30), utc(2026, 5, 3, 6, 30),
                                 utc(2026, 5, 3, 2, 30) }));
    QVERIFY(rules.isFirstOfDay(utc(2026, 5, 3, 2, 41))); // 08:11 local, the first backup
    QVERIFY(!rules.isFirstOfDay(utc(2026, 5, 3, 6, 35)));
    QVERIFY(!rules.isFirstOfDay(utc(2026, 5, 3, 1, 0))); // before the window: an on-demand backup
    // 3 May 2026 is a Sunday: its first backup is kept 4 weeks, the others 7 days.
    QCOMPARE(rules.keeperOf(utc(2026, 5, 3, 2, 41)).rule, RetentionRules::Rule::Weekly);
    QCOMPARE(rules.keeperOf(utc(2026, 5, 3, 6, 35)).rule, RetentionRules::Rule::Daily);
    // A whole-day window: six runs, the sixth 20 hours after the first.
    QCOMPARE(RetentionRules::forPolicy(hourlyPolicy(24)).runsOn(QDate(2026, 5, 4)).size(), 6);
}

void TestBackupPolicies::whichRuleKeepsAPoint_data()
{
    QTest::addColumn<QDateTime>("taken");
    QTest::addColumn<RetentionRules::Rule>("rule");
    QTest::addColumn<QDateTime>("until");
    // The file-share example: daily 5 days, Sundays 12 weeks, first Sunday of the month 60
    // months, first Sunday of January 10 years; backups at 08:00 UTC.
    QTest::newRow("first Sunday of January")
        << utc(2026, 1, 4, 8) << RetentionRules::Rule::Yearly << utc(2036, 1, 4, 8);
    QTest::newRow("first Sunday of February")
        << utc(2026, 2, 1, 8) << RetentionRules::Rule::Monthly << utc(2031, 2, 1, 8);
    QTest::newRow("second Sunday") << utc(2026, 2, 8, 8) << RetentionRules::Rule::Weekly
                                   << utc(2026, 5, 3, 8);
    QTest::newRow("a Monday") << utc(2026, 2, 9, 8) << RetentionRules::Rule::Daily << utc(2026, 2, 14, 8);
    QTest::newRow("Sunday 1 March") << utc(2026, 3, 1, 8, 20) << RetentionRules::Rule::Monthly
                                    << utc(2031, 3, 1, 8, 20);
}

void TestBackupPolicies::whichRuleKeepsAPoint()
{
    QFETCH(QDateTime, taken);
    QFETCH(RetentionRules::Rule, rule);
    QFETCH(QDateTime, until);
    const RetentionRules rules = RetentionRules::forPolicy(
        policyFrom(QStringLiteral("ProtectionPolicies_CreateOrUpdate_Daily.json")));
    const auto v = rules.keeperOf(taken);
    QCOMPARE(v.rule, rule);
    QCOMPARE(v.keptUntil, until);
    QVERIFY(!v.snapshotUntil.isValid()); // file shares keep no VM snapshots
    QVERIFY(v.isKeptAt(taken));
    QVERIFY(!v.isKeptAt(until));
}

void TestBackupPolicies::snapshotsOutlastTheVault()
{
    // v2-daily-sample keeps vault copies 1 day and snapshots 30 days: the snapshot keeps it.
    const RetentionRules rules = RetentionRules::forPolicy(policyFrom(QStringLiteral("v2-Get-Policy.json")));
    const auto v = rules.keeperOf(utc(2026, 4, 1, 18));
    QCOMPARE(v.rule, RetentionRules::Rule::Snapshot);
    QCOMPARE(v.snapshotUntil, utc(2026, 5, 1, 18));
    QCOMPARE(v.keptUntil, v.snapshotUntil);
    QCOMPARE(RetentionRules::ruleName(v.rule), QStringLiteral("SnapshotRule"));
}

void TestBackupPolicies::workloadSubPolicies()
{
    const Policy p = policyFrom(QStringLiteral("AzureWorkload_BackupPolicies_List.json"), 0);
    const auto full = RetentionRules::forPolicy(p, QStringLiteral("Full")).keeperOf(utc(2026, 2, 2, 19));
    QCOMPARE(full.rule, RetentionRules::Rule::Daily);
    QCOMPARE(full.keptUntil, utc(2026, 3, 4, 19));
    const auto log = RetentionRules::forPolicy(p, QStringLiteral("Log")).keeperOf(utc(2026, 2, 2, 11, 15));
    QCOMPARE(log.rule, RetentionRules::Rule::Simple);
    QCOMPARE(log.keptUntil, utc(2026, 3, 4, 11, 15));
    QVERIFY(RetentionRules::forPolicy(p, QStringLiteral("Log"))
                .plan(utc(2026, 2, 2))
                .isEmpty()); // no single runs
    QVERIFY(!RetentionRules::forPolicy(p, QStringLiteral("Differential")).isValid());
}

void TestBackupPolicies::monthlyByDate()
{
    // Monthly by date: the 15th and the last day of each month, 6 months.
    QJsonObject body = armExample(QStringLiteral("ProtectionPolicies_CreateOrUpdate_Daily.json"));
    QJsonObject props = body.value(QStringLiteral("properties")).toObject();
    QJsonObject retention = props.value(QStringLiteral("retentionPolicy")).toObject();
    retention.insert(
        QStringLiteral("monthlySchedule"),
        QJsonObject {
            { QStringLiteral("retentionDuration"),
              QJsonObject { { QStringLiteral("count"), 6 },
                            { QStringLiteral("durationType"), QStringLiteral("Months") } } },
            { QStringLiteral("retentionScheduleFormatType"), QStringLiteral("Daily") },
            { QStringLiteral("retentionScheduleDaily"),
              QJsonObject { { QStringLiteral("daysOfTheMonth"),
                              QJsonArray { QJsonObject { { QStringLiteral("date"), 15 },
                                                         { QStringLiteral("isLast"), false } },
                                           QJsonObject { { QStringLiteral("date"), 0 },
                                                         { QStringLiteral("isLast"), true } } } } } } });
    retention.remove(QStringLiteral("yearlySchedule"));
    props.insert(QStringLiteral("retentionPolicy"), retention);
    body.insert(QStringLiteral("properties"), props);
    const auto p = Policy::fromArm(body);
    QVERIFY2(p.ok(), qPrintable(p.ok() ? QString() : p.error().toString()));
    QVERIFY(p->retention.monthly.byDate);
    const RetentionRules rules = RetentionRules::forPolicy(p.value());
    QCOMPARE(rules.keeperOf(utc(2026, 2, 28, 8)).rule, RetentionRules::Rule::Monthly); // last day of February
    QCOMPARE(rules.keeperOf(utc(2026, 2, 28, 8)).keptUntil, utc(2026, 8, 28, 8));
    QCOMPARE(rules.keeperOf(utc(2026, 3, 15, 8)).rule,
             RetentionRules::Rule::Monthly); // also a Sunday: 6 months > 12 weeks
    QCOMPARE(rules.keeperOf(utc(2026, 3, 30, 8)).rule, RetentionRules::Rule::Daily);
    QCOMPARE(rules.keeperOf(utc(2026, 3, 31, 8)).rule, RetentionRules::Rule::Monthly);
}

void TestBackupPolicies::planOfTheFileSharePolicy()
{
    // At noon on Sunday 1 March 2026 the file-share example's policy holds: the daily backups of
    // 25-28 February (4), Sundays of the last 12 weeks that no longer rule keeps (9), first
    // Sundays of March 2021 .. March 2026 except Januaries (56), first Sundays of January
    // 2017 .. 2026 (10).
    const RetentionRules rules = RetentionRules::forPolicy(
        policyFrom(QStringLiteral("ProtectionPolicies_CreateOrUpdate_Daily.json")));
    const QDateTime now = utc(2026, 3, 1, 12);
    const auto points = rules.plan(now);
    QHash<RetentionRules::Rule, int> byRule;
    for (const auto &p : points) {
        byRule[p.rule] += 1;
        QVERIFY(p.expiry > now);
        QCOMPARE(p.expiry, rules.keeperOf(p.time).keptUntil); // the plan and the table agree
    }
    QCOMPARE(byRule.value(RetentionRules::Rule::Daily), 4);
    QCOMPARE(byRule.value(RetentionRules::Rule::Weekly), 9);
    QCOMPARE(byRule.value(RetentionRules::Rule::Monthly), 56);
    QCOMPARE(byRule.value(RetentionRules::Rule::Yearly), 10);
    QCOMPARE(points.first().time, utc(2026, 3, 1, 8));
    QCOMPARE(points.last().time, utc(2017, 1, 1, 8));
    for (int i = 1; i < points.size(); ++i)
        QVERIFY(points.at(i - 1).time > points.at(i).time);
    QCOMPARE(rules.plan(now, 3).size(), 3);
}

void TestBackupPolicies::whatTheTableShows()
{
    const Policy daily = policyFrom(QStringLiteral("AzureIaasVm_BackupPolicies_List.json"), 0);
    // The service's own answer wins, even a rule the arithmetic does not know.
    const RecoveryPoint told
        = RecoveryPoint::fromArm(armExample(QStringLiteral("RecoveryPoints_Get.json"))).value();
    const PointRetention service = PointRetention::of(told, daily);
    QVERIFY(!service.computed);
    QCOMPARE(service.ruleName, QStringLiteral("DefaultRule"));
    QCOMPARE(service.keptUntil, told.expiresAt);
    // A listed point says nothing: the policy's arithmetic answers.
    const RecoveryPoint listed
        = Page<RecoveryPoint>::fromArm(armExample(QStringLiteral("RecoveryPoints_List.json")))->items.first();
    const PointRetention computed = PointRetention::of(listed, daily);
    QVERIFY(computed.computed);
    QCOMPARE(computed.ruleName, QStringLiteral("DailyRule"));
    QCOMPARE(computed.keptUntil, listed.time.addDays(30));
    QVERIFY(!computed.snapshotUntil.isValid()); // DefaultPolicy keeps no snapshots
    const PointRetention snapshot
        = PointRetention::of(listed, policyFrom(QStringLiteral("v2-Get-Policy.json")));
    QCOMPARE(snapshot.ruleName, QStringLiteral("SnapshotRule"));
    QCOMPARE(snapshot.snapshotUntil, listed.time.addDays(30));
    // A SQL log point is kept by the Log sub-policy.
    RecoveryPoint log;
    log.kind = RecoveryPoint::Kind::WorkloadSql;
    log.consistency = QStringLiteral("Log");
    log.time = utc(2026, 2, 2, 11, 15);
    const PointRetention sql
        = PointRetention::of(log, policyFrom(QStringLiteral("AzureWorkload_BackupPolicies_List.json"), 0));
    QCOMPARE(sql.ruleName, QStringLiteral("SimpleRule"));
    QCOMPARE(sql.keptUntil, utc(2026, 3, 4, 11, 15));
    // An unknown policy: nothing to say.
    QVERIFY(!PointRetention::of(listed, Policy {}).keptUntil.isValid());
}

void TestBackupPolicies::cadence_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<int>("index");
    QTest::addColumn<qint64>("expected");
    QTest::addColumn<qint64>("allowed");
    // daily: 24 h + 2 h start delay + 2.4 h; SQL: the 60-minute log backups + 1 h + 6 min.
    QTest::newRow("daily VM") << "AzureIaasVm_BackupPolicies_List.json" << 0 << qint64(86400)
                              << qint64(86400 + 7200 + 8640);
    QTest::newRow("daily file share")
        << "ProtectionPolicies_CreateOrUpdate_Daily.json" << -1 << qint64(86400) << qint64(102240);
    QTest::newRow("SQL with log backups")
        << "AzureWorkload_BackupPolicies_List.json" << 0 << qint64(3600) << qint64(3600 + 3600 + 360);
}

void TestBackupPolicies::cadence()
{
    QFETCH(QString, file);
    QFETCH(int, index);
    QFETCH(qint64, expected);
    QFETCH(qint64, allowed);
    const BackupCadence c = BackupCadence::forPolicy(policyFrom(file, index));
    QVERIFY(c.isKnown());
    QCOMPARE(c.expectedSecs, expected);
    QCOMPARE(c.allowedAgeSecs(), allowed);
}

void TestBackupPolicies::staleness()
{
    // Hourly in a 12-hour window: the night between 20:00 and 08:00 is the longest gap.
    const BackupCadence h12 = BackupCadence::forPolicy(hourlyPolicy(12));
    QCOMPARE(h12.basis, BackupCadence::Basis::Hourly);
    QCOMPARE(h12.expectedSecs, qint64(12 * 3600));
    const BackupCadence h24 = BackupCadence::forPolicy(hourlyPolicy(24));
    QCOMPARE(h24.expectedSecs, qint64(4 * 3600));
    QCOMPARE(h24.allowedAgeSecs(), qint64(4 * 3600 + 2 * 3600 + 1440));
    // Weekly on Monday and Thursday: the gap Thursday -> Monday is 4 days.
    SchedulePolicy weekly;
    weekly.frequency = SchedulePolicy::Frequency::Weekly;
    weekly.runDays = { 1, 4 };
    weekly.runTimes = { QTime(22, 0) };
    QCOMPARE(BackupCadence::forSchedule(weekly).expectedSecs, qint64(4 * 86400));
    weekly.runDays = { 6 };
    QCOMPARE(BackupCadence::forSchedule(weekly).expectedSecs, qint64(7 * 86400));

    const QDateTime now = utc(2026, 3, 1, 12);
    QVERIFY(!h24.isStale(now.addSecs(-h24.allowedAgeSecs()), now));
    QVERIFY(h24.isStale(now.addSecs(-h24.allowedAgeSecs() - 1), now));
    QVERIFY(h24.isStale(QDateTime(), now)); // never backed up
    QVERIFY(!BackupCadence {}.isStale(QDateTime(), now)); // unknown cadence judges nothing
}

QTEST_GUILESS_MAIN(TestBackupPolicies)
#include "tst_backuppolicies.moc"
