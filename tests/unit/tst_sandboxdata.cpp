// The sandbox's data: seed loading, recovery-point planning from schedule and retention, the
// large-tenant generator, $filter parsing and option parsing.
#include "core/qtcompat.h"
#include "sandbox/odatafilter.h"
#include "sandbox/restorerequest.h"
#include "sandbox/retentionplanner.h"
#include "sandbox/sandboxoptions.h"
#include "sandbox/tenant.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Sandbox;

class TestSandboxData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void builtInSeedMeetsItsPromise();
    void badSeedsAreRefusedWithReasons_data();
    void badSeedsAreRefusedWithReasons();
    void dailyRetentionKeepsExactlyThatManyDays();
    void longTermRulesKeepTheirPoints();
    void weekdayArithmetic_data();
    void weekdayArithmetic();
    void scaleGeneratesWhatItSays();
    void filters_data();
    void filters();
    void trustedIssuersFromTheDataFile();
    void options_data();
    void options();
    void archivedPointsNeedTheRehydratingType_data();
    void archivedPointsNeedTheRehydratingType();
};

void TestSandboxData::builtInSeedMeetsItsPromise()
{
    const auto t = Tenant::builtIn(QDateTime::currentDateTimeUtc());
    QVERIFY2(t.ok(), qPrintable(t.ok() ? QString() : t.error().detail));
    QVERIFY(t->subscriptions.size() >= 2);
    QVERIFY(t->vaults.size() >= 4);
    QSet<QString> regions;
    for (const SandboxVault &v : t->vaults)
        regions.insert(v.resource.value(QStringLiteral("location")).toString());
    QVERIFY(regions.size() >= 4);
    QVERIFY(t->totalItems() >= 20);
    QSet<QString> kinds;
    QSet<QString> health;
    QSet<QString> jobStatuses;
    QSet<QString> tiers;
    for (const SandboxVault &v : t->vaults) {
        for (const SandboxItem &i : v.items) {
            kinds.insert(i.kind);
            health.insert(i.resource.value(QStringLiteral("properties"))
                              .toObject()
                              .value(QStringLiteral("healthStatus"))
                              .toString());
            QVERIFY2(!i.recoveryPoints.isEmpty(),
                     qPrintable(i.resource.value(QStringLiteral("name")).toString()));
            for (const QJsonObject &p : i.recoveryPoints) {
                for (const QJsonValue &tier : p.value(QStringLiteral("properties"))
                                                  .toObject()
                                                  .value(QStringLiteral("recoveryPointTierDetails"))
                                                  .toArray()) {
                    if (tier.toObject().value(QStringLiteral("status")).toString() == QLatin1String("Valid"))
                        tiers.insert(tier.toObject().value(QStringLiteral("type")).toString());
                }
            }
        }
        for (const SandboxJob &j : v.jobs)
            jobStatuses.insert(j.finalStatus);
    }
    QCOMPARE(kinds,
             (QSet<QString> { QStringLiteral("vm"), QStringLiteral("fileshare"), QStringLiteral("sql") }));
    QVERIFY(health.size() >= 3);
    QVERIFY(jobStatuses.contains(QStringLiteral("Failed")));
    QVERIFY(jobStatuses.contains(QStringLiteral("CompletedWithWarnings")));
    QCOMPARE(tiers,
             (QSet<QString> { QStringLiteral("InstantRP"), QStringLiteral("HardenedRP"),
                              QStringLiteral("ArchivedRP") }));
    QCOMPARE(t->users.size(), 5);
    QVERIFY(t->user(QStringLiteral("nora"))->roleSummary.isEmpty());
    QVERIFY(t->user(QStringLiteral("greg"))->roleSummary.first().contains(QStringLiteral("via dr-team")));
    // The sign-in page tells scopes apart: a subscription by its name, a resource group whose name
    // is used in two subscriptions (rg-staging) with its subscription, a unique one by its name only.
    const QStringList carla = t->user(QStringLiteral("carla"))->roleSummary;
    QCOMPARE(QSet<QString>(carla.cbegin(), carla.cend()).size(), carla.size());
    QVERIFY2(carla.contains(QStringLiteral("Backup Contributor @ Fabrikam Production")),
             qPrintable(carla.join('\n')));
    QVERIFY2(
        carla.contains(QStringLiteral("Storage Account Contributor @ rg-staging in Fabrikam Production")),
        qPrintable(carla.join('\n')));
    QVERIFY2(
        carla.contains(QStringLiteral("Storage Account Contributor @ rg-staging in Fabrikam Development")),
        qPrintable(carla.join('\n')));
    QVERIFY2(carla.contains(QStringLiteral("Virtual Machine Contributor @ rg-restored")),
             qPrintable(carla.join('\n')));
    QVERIFY(!t->identities.first().federatedCredentials.isEmpty());
}

void TestSandboxData::badSeedsAreRefusedWithReasons_data()
{
    QTest::addColumn<QByteArray>("seed");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("not json") << QByteArray("{nope") << QStringLiteral("not valid JSON");
    QTest::newRow("no tenant") << QByteArray("{}") << QStringLiteral("tenant id");
    QTest::newRow("unknown subscription")
        << QByteArray(R"({"tenant":{"id":"t"},"vaults":[{"name":"v","subscription":"Nope"}]})")
        << QStringLiteral("unknown subscription");
    QTest::newRow("unknown group") << QByteArray(
        R"({"tenant":{"id":"t"},"users":[{"username":"u","oid":"o","groups":["g"]}]})")
                                   << QStringLiteral("unknown group");
    QTest::newRow("unknown role") << QByteArray(
        R"({"tenant":{"id":"t"},"users":[{"username":"u","oid":"o"}],"roleAssignments":[{"principal":"u","role":"Owner","scope":"/"}]})")
                                  << QStringLiteral("Unknown role");
}

void TestSandboxData::badSeedsAreRefusedWithReasons()
{
    QFETCH(QByteArray, seed);
    QFETCH(QString, mentions);
    const auto t = Tenant::fromSeed(seed, QDateTime::currentDateTimeUtc());
    QVERIFY(!t.ok());
    QVERIFY2(t.error().detail.contains(mentions), qPrintable(t.error().detail));
}

void TestSandboxData::dailyRetentionKeepsExactlyThatManyDays()
{
    const QDateTime now = Compat::utcDateTime(QDate(2026, 11, 29), QTime(12, 0));
    SeedSchedule s;
    s.times = { QTime(2, 0) };
    s.dailyCount = 30;
    s.instantRpDays = 2;
    const auto points = planRecoveryPoints(s, now);
    QCOMPARE(points.size(), 30); // today's 02:00 run .. 29 days back; the 30th is expired
    QCOMPARE(points.first().time, Compat::utcDateTime(QDate(2026, 11, 29), QTime(2, 0)));
    QCOMPARE(points.first().ruleName, QStringLiteral("DailyRule"));
    QCOMPARE(points.first().tiers,
             (QStringList { QStringLiteral("InstantRP"), QStringLiteral("HardenedRP") }));
    QCOMPARE(points.last().tiers, QStringList { QStringLiteral("HardenedRP") });
    for (const PlannedPoint &p : points)
        QVERIFY(p.expiry > now);
}

void TestSandboxData::longTermRulesKeepTheirPoints()
{
    const QDateTime now = Compat::utcDateTime(QDate(2026, 11, 29), QTime(12, 0));
    SeedSchedule s;
    s.times = { QTime(22, 30) };
    s.dailyCount = 7;
    s.weeklyCount = 4;
    s.weeklyRetentionDays = { QStringLiteral("Sunday") };
    s.monthlyCount = 12;
    s.monthlyWeek = QStringLiteral("First");
    s.monthlyDay = QStringLiteral("Sunday");
    s.yearlyCount = 3;
    s.yearlyMonth = QStringLiteral("January");
    s.yearlyWeek = QStringLiteral("First");
    s.yearlyDay = QStringLiteral("Sunday");
    const auto points = planRecoveryPoints(s, now);
    QHash<QString, int> byRule;
    for (const PlannedPoint &p : points)
        byRule[p.ruleName] += 1;
    // The last 7 daily runs (today's 22:30 run has not happened) are all kept; Sunday 22 Nov is
    // labelled by the weekly rule, which keeps it longer. Beyond them: weekly Sundays, first
    // Sundays of the month, first Sundays of January.
    int lastWeek = 0;
    for (const PlannedPoint &p : points)
        lastWeek += p.time > now.addDays(-7) ? 1 : 0;
    QCOMPARE(lastWeek, 7);
    QCOMPARE(byRule.value(QStringLiteral("DailyRule")), 6);
    QVERIFY(byRule.value(QStringLiteral("WeeklyRule")) >= 2
            && byRule.value(QStringLiteral("WeeklyRule")) <= 4);
    QVERIFY(byRule.value(QStringLiteral("MonthlyRule")) >= 9
            && byRule.value(QStringLiteral("MonthlyRule")) <= 12);
    QCOMPARE(byRule.value(QStringLiteral("YearlyRule")),
             3); // first Sundays of Jan 2024, 2025, 2026 (kept 3 years)
    for (const PlannedPoint &p : points) {
        if (p.ruleName == QLatin1String("YearlyRule")) {
            QCOMPARE(p.time.date().month(), 1);
            QCOMPARE(p.time.date().dayOfWeek(), 7);
            QVERIFY(p.time.date().day() <= 7);
            QVERIFY(p.tiers.contains(QStringLiteral("ArchivedRP")));
        }
    }
    // Newest first, no duplicates.
    for (int i = 1; i < points.size(); ++i)
        QVERIFY(points.at(i - 1).time > points.at(i).time);
}

void TestSandboxData::weekdayArithmetic_data()
{
    QTest::addColumn<QDate>("date");
    QTest::addColumn<QString>("week");
    QTest::addColumn<bool>("expected");
    QTest::newRow("first sunday nov 2026") << QDate(2026, 11, 1) << "First" << true;
    QTest::newRow("second sunday") << QDate(2026, 11, 8) << "Second" << true;
    QTest::newRow("last sunday") << QDate(2026, 11, 29) << "Last" << true;
    QTest::newRow("not last") << QDate(2026, 11, 22) << "Last" << false;
    QTest::newRow("fourth is also 22nd") << QDate(2026, 11, 22) << "Fourth" << true;
}

void TestSandboxData::weekdayArithmetic()
{
    QFETCH(QDate, date);
    QFETCH(QString, week);
    QFETCH(bool, expected);
    QCOMPARE(isNthWeekdayOfMonth(date, week, 7), expected);
}

void TestSandboxData::scaleGeneratesWhatItSays()
{
    auto scale = Tenant::parseScale(QStringLiteral("subscriptions=2,vaults=3,items=4,points=5"));
    QVERIFY(scale.ok());
    auto built = Tenant::builtIn(QDateTime::currentDateTimeUtc());
    QVERIFY(built.ok());
    Tenant *t = &built.value();
    const int vaultsBefore = int(t->vaults.size());
    const int itemsBefore = t->totalItems();
    const qint64 pointsBefore = t->totalRecoveryPoints();
    t->grow(scale.value(), QDateTime::currentDateTimeUtc());
    QCOMPARE(int(t->vaults.size()), vaultsBefore + 6);
    QCOMPARE(t->totalItems(), itemsBefore + 24);
    QCOMPARE(t->totalRecoveryPoints(), pointsBefore + 24 * 5);
    QVERIFY(!Tenant::parseScale(QStringLiteral("vaults=x")).ok());
    QVERIFY(!Tenant::parseScale(QStringLiteral("planets=3")).ok());
}

void TestSandboxData::filters_data()
{
    QTest::addColumn<QString>("filter");
    QTest::addColumn<int>("clauses");
    QTest::addColumn<QString>("lastValue");
    QTest::newRow("jobs, every field")
        << "startTime eq '2016-01-01 00:00:00 AM' and endTime eq '2017-11-29 00:00:00 AM' and operation eq "
           "'Backup' and backupManagementType eq 'AzureIaasVM' and status eq 'InProgress'"
        << 5 << "InProgress";
    QTest::newRow("quote escaped") << "friendlyName eq 'it''s'" << 1 << "it's";
    QTest::newRow("activity log")
        << "eventTimestamp ge '2015-01-21T20:00:00Z' and eventTimestamp le '2015-01-23T20:00:00Z'" << 2
        << "2015-01-23T20:00:00Z";
    QTest::newRow("function") << "atScope()" << 1 << "";
    QTest::newRow("garbage") << "this is not a filter" << -1 << "";
    QTest::newRow("empty") << "" << 0 << "";
}

void TestSandboxData::filters()
{
    QFETCH(QString, filter);
    QFETCH(int, clauses);
    QFETCH(QString, lastValue);
    const auto parsed = parseFilter(filter);
    if (clauses < 0) {
        QVERIFY(!parsed.ok());
        return;
    }
    QVERIFY(parsed.ok());
    QCOMPARE(parsed->size(), clauses);
    if (clauses > 0)
        QCOMPARE(parsed->last().value, lastValue);
    QCOMPARE(parseFilterTime(QStringLiteral("2016-01-01 00:00:00 AM")),
             Compat::utcDateTime(QDate(2016, 1, 1), QTime(0, 0)));
    // az writes a 12-hour clock: the afternoon is PM, midnight 12 AM, noon 12 PM.
    QCOMPARE(parseFilterTime(QStringLiteral("2026-11-29 01:05:06 PM")),
             Compat::utcDateTime(QDate(2026, 11, 29), QTime(13, 5, 6)));
    QCOMPARE(parseFilterTime(QStringLiteral("2026-11-29 12:30:00 AM")),
             Compat::utcDateTime(QDate(2026, 11, 29), QTime(0, 30)));
    QCOMPARE(parseFilterTime(QStringLiteral("2026-11-29 12:30:00 PM")),
             Compat::utcDateTime(QDate(2026, 11, 29), QTime(12, 30)));
    QCOMPARE(parseFilterTime(QStringLiteral("2026-11-29 11:59:59 am")),
             Compat::utcDateTime(QDate(2026, 11, 29), QTime(11, 59, 59)));
    QVERIFY(!parseFilterTime(QStringLiteral("2026-11-29 13:00:00 PM")).isValid());
}

void TestSandboxData::trustedIssuersFromTheDataFile()
{
    const QByteArray seed
        = R"({"tenant":{"id":"t"},"trustedIssuers":[{"issuer":"https://keycloak.example/realms/ops","audience":"backup-api",
        "principalClaim":"sub","roleClaims":["realm_access.roles"],"roleMapping":{"backup-operator":"Backup Operator"},"scope":"/subscriptions/s1"}]})";
    const auto t = Tenant::fromSeed(seed, QDateTime::currentDateTimeUtc());
    QVERIFY(t.ok());
    QCOMPARE(t->trustedIssuers.size(), 1);
    const auto trusted = TrustedIssuer::fromJson(t->trustedIssuers.first());
    QVERIFY2(trusted.ok(), qPrintable(trusted.ok() ? QString() : trusted.error().detail));
    QCOMPARE(trusted->issuer, QStringLiteral("https://keycloak.example/realms/ops"));
    QCOMPARE(trusted->principalClaim, QStringLiteral("sub"));
    QCOMPARE(trusted->roleClaims, QStringList { QStringLiteral("realm_access.roles") });
    QCOMPARE(trusted->roleMapping.value(QStringLiteral("backup-operator")),
             QStringLiteral("Backup Operator"));
    QCOMPARE(trusted->scope, QStringLiteral("/subscriptions/s1"));
    QVERIFY(
        !TrustedIssuer::fromJson(QJsonObject { { QStringLiteral("issuer"), QStringLiteral("https://x") } })
             .ok()); // no audience
}

void TestSandboxData::options_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<bool>("ok");
    QTest::newRow("none") << QStringList {} << true;
    QTest::newRow("all knobs") << QStringList {
        "--port",      "0",       "--latency",        "5",  "--throttle-rate", "0.1", "--error-rate=0.2",
        "--drop-rate", "0",       "--token-lifetime", "60", "--page-size",     "10",  "--job-duration",
        "3",           "--scale", "vaults=1"
    } << true;
    QTest::newRow("rate above one") << QStringList { "--error-rate", "1.5" } << false;
    QTest::newRow("missing value") << QStringList { "--port" } << false;
    QTest::newRow("unknown") << QStringList { "--frobnicate" } << false;
    QTest::newRow("port out of range") << QStringList { "--port", "70000" } << false;
    QTest::newRow("fault limit") << QStringList { "--max-faults-per-request", "3" } << true;
    QTest::newRow("fault limit not a number") << QStringList { "--max-faults-per-request", "x" } << false;
    QTest::newRow("points without retention") << QStringList { "--points-without-retention" } << true;
    QTest::newRow("clock behind") << QStringList { "--clock-offset", "-600" } << true;
    QTest::newRow("job listing delay") << QStringList { "--job-listing-delay", "30" } << true;
    QTest::newRow("job listing delay negative") << QStringList { "--job-listing-delay", "-1" } << false;
    QTest::newRow("clock more than a day off") << QStringList { "--clock-offset", "90000" } << false;
    QTest::newRow("points without retention takes no value")
        << QStringList { "--points-without-retention=yes" } << false;
}

void TestSandboxData::options()
{
    QFETCH(QStringList, args);
    QFETCH(bool, ok);
    const auto o = SandboxOptions::fromArguments(args);
    QCOMPARE(o.ok(), ok);
    if (ok && args.contains(QStringLiteral("--page-size")))
        QCOMPARE(o->pageSize, 10);
    if (ok)
        QCOMPARE(o->pointsWithoutRetention, args.contains(QStringLiteral("--points-without-retention")));
    if (ok)
        QVERIFY(SandboxOptions::usage().contains(QStringLiteral("--points-without-retention")));
    if (ok && args.contains(QStringLiteral("--clock-offset")))
        QCOMPARE(o->clockOffsetSeconds, -600);
    if (ok)
        QCOMPARE(o->jobListingDelaySeconds, args.contains(QStringLiteral("--job-listing-delay")) ? 30 : 0);
}

QTEST_GUILESS_MAIN(TestSandboxData)
void TestSandboxData::archivedPointsNeedTheRehydratingType_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<QString>("objectType");
    QTest::addColumn<bool>("withInfo");
    QTest::addColumn<QString>("code"); // the archive problem expected; empty: none about the tier
    QTest::newRow("vm, plain type") << "vm-web-01"
                                    << "IaasVMRestoreRequest" << false
                                    << "UserErrorRecoveryPointInArchiveTier";
    QTest::newRow("vm, with rehydration") << "vm-web-01"
                                          << "IaasVMRestoreWithRehydrationRequest" << true << "";
    QTest::newRow("vm, with rehydration but no info")
        << "vm-web-01"
        << "IaasVMRestoreWithRehydrationRequest" << false << "BMSUserErrorRehydrationInfoMissing";
    QTest::newRow("sql, plain type") << "sales"
                                     << "AzureWorkloadSQLRestoreRequest" << false
                                     << "UserErrorRecoveryPointInArchiveTier";
    QTest::newRow("sql, with rehydrate") << "sales"
                                         << "AzureWorkloadSQLRestoreWithRehydrateRequest" << true << "";
    QTest::newRow("sql, with rehydrate but no info")
        << "sales"
        << "AzureWorkloadSQLRestoreWithRehydrateRequest" << false << "BMSUserErrorRehydrationInfoMissing";
}

void TestSandboxData::archivedPointsNeedTheRehydratingType()
{
    // An archive-tier point is restored only by a type that rehydrates it first, with how long it
    // stays readable: a VM's IaasVMRestoreWithRehydrationRequest, a SQL database's
    // AzureWorkloadSQLRestoreWithRehydrateRequest (the service's names).
    QFETCH(QString, item);
    QFETCH(QString, objectType);
    QFETCH(bool, withInfo);
    QFETCH(QString, code);
    const auto t = Tenant::builtIn(QDateTime::currentDateTimeUtc());
    QVERIFY(t.ok());
    const SandboxVault *vault = nullptr;
    const SandboxItem *found = nullptr;
    for (const SandboxVault &v : t->vaults) {
        for (const SandboxItem &i : v.items) {
            if (i.resource.value(QStringLiteral("name")).toString().endsWith(QLatin1Char(';') + item)) {
                vault = &v;
                found = &i;
            }
        }
    }
    QVERIFY2(found && !found->recoveryPoints.isEmpty(), qPrintable(item));
    // Its newest point, moved to the archive tier.
    QJsonObject point = found->recoveryPoints.first();
    QJsonObject props = point.value(QStringLiteral("properties")).toObject();
    props.insert(QStringLiteral("recoveryPointTierDetails"),
                 QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("ArchivedRP") },
                                            { QStringLiteral("status"), QStringLiteral("Valid") } } });
    point.insert(QStringLiteral("properties"), props);

    QJsonObject r { { QStringLiteral("objectType"), objectType },
                    { QStringLiteral("recoveryPointId"), point.value(QStringLiteral("name")) },
                    { QStringLiteral("recoveryType"), QStringLiteral("AlternateLocation") } };
    if (withInfo)
        r.insert(QStringLiteral("recoveryPointRehydrationInfo"),
                 QJsonObject { { QStringLiteral("rehydrationPriority"), QStringLiteral("Standard") },
                               { QStringLiteral("rehydrationRetentionDuration"), QStringLiteral("P15D") } });
    QStringList codes;
    for (const RestoreProblem &p : validateRestoreRequest(r, *found, point, *vault, *t))
        codes << p.code;
    // The targets are left out on purpose (their own problems are listed too); only the tier's matter.
    const QStringList tierCodes { QStringLiteral("UserErrorRecoveryPointInArchiveTier"),
                                  QStringLiteral("BMSUserErrorRehydrationInfoMissing") };
    QStringList got;
    for (const QString &c : std::as_const(codes)) {
        if (tierCodes.contains(c))
            got << c;
    }
    QCOMPARE(got, code.isEmpty() ? QStringList() : QStringList { code });
    QVERIFY2(!codes.contains(QStringLiteral("BMSUserErrorInvalidRestoreRequestType")),
             qPrintable(codes.join(u',')));
}

#include "tst_sandboxdata.moc"
