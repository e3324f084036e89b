// The models behind the estate views, over real values (the public API examples and the
// sandbox's built-in tenant): recovery points merged page by page in any order without a reset,
// retention from the service or derived from the policy (and the two agree), words for
// consistency and tiers, the tier/time filter, the stale-items table; every model under
// QAbstractItemModelTester. appendTwentyThousand measures the merge and prints the numbers.
#include "armexamples.h"
#include "models/recoverypointfiltermodel.h"
#include "models/recoverypointmodel.h"
#include "models/staleitemmodel.h"
#include "models/timetext.h"
#include "sandboxestate.h"

#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

#include <algorithm>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using Models::RecoveryPointModel;

namespace {

QStringList idsInRowOrder(const QAbstractItemModel &model)
{
    QStringList ids;
    for (int row = 0; row < model.rowCount(); ++row)
        ids << model.index(row, 0).data(RecoveryPointModel::IdRole).toString();
    return ids;
}

QStringList newestFirst(QList<RecoveryPoint> points)
{
    std::sort(points.begin(), points.end(), [](const RecoveryPoint &a, const RecoveryPoint &b) {
        return a.time != b.time ? a.time > b.time : a.id < b.id;
    });
    QStringList ids;
    for (const RecoveryPoint &p : points)
        ids << p.id;
    return ids;
}

QList<QList<RecoveryPoint>> pages(const QList<RecoveryPoint> &points, int size)
{
    QList<QList<RecoveryPoint>> out;
    for (qsizetype i = 0; i < points.size(); i += size)
        out << points.mid(i, size);
    return out;
}

// The same point as the service would send it without naming its retention.
RecoveryPoint withoutRetention(const RecoveryPoint &p)
{
    QJsonObject raw = p.raw;
    QJsonObject props = raw.value(QStringLiteral("properties")).toObject();
    props.remove(QStringLiteral("recoveryPointProperties"));
    raw.insert(QStringLiteral("properties"), props);
    return RecoveryPoint::fromArm(raw).value();
}

} // namespace

class TestEstateModels : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void pagesInAnyOrderMergeNewestFirst_data();
    void pagesInAnyOrderMergeNewestFirst();
    void aPointSeenAgainIsUpdatedNotDuplicated();
    void pointIdsCompareWithoutCase();
    void idsOfEveryShapeComeBackAsSent_data();
    void idsOfEveryShapeComeBackAsSent();
    void derivedRetentionAgreesWithTheService_data();
    void derivedRetentionAgreesWithTheService();
    void examplesWithoutRuleNames();
    void words_data();
    void words();
    void fetchMoreAsksOncePerPage();
    void filterByTierAndTime();
    void staleItems();
    void durations_data();
    void durations();
    void appendTwentyThousand();

private:
    Test::SandboxEstate m_estate;
};

void TestEstateModels::initTestCase()
{
    m_estate = Test::SandboxEstate::load();
    QVERIFY2(m_estate.ok(), qPrintable(m_estate.error));
}

void TestEstateModels::pagesInAnyOrderMergeNewestFirst_data()
{
    QTest::addColumn<QString>("order");
    QTest::newRow("as listed (newest page first)") << QStringLiteral("listed");
    QTest::newRow("oldest page first") << QStringLiteral("reversed");
    QTest::newRow("shuffled pages") << QStringLiteral("shuffled");
    QTest::newRow("interleaved pages") << QStringLiteral("interleaved");
}

void TestEstateModels::pagesInAnyOrderMergeNewestFirst()
{
    QFETCH(QString, order);
    const Backup::ProtectedItem *item = m_estate.item(QStringLiteral("vm-payments-01")); // hourly
    QVERIFY(item);
    QList<RecoveryPoint> points = m_estate.points.value(item->id);
    QVERIFY(points.size() > 40);
    QList<QList<RecoveryPoint>> batches;
    if (order == QLatin1String("interleaved")) {
        batches.resize(4);
        for (qsizetype i = 0; i < points.size(); ++i)
            batches[i % 4] << points.at(i);
    } else {
        batches = pages(points, 7);
        if (order == QLatin1String("reversed"))
            std::reverse(batches.begin(), batches.end());
        else if (order == QLatin1String("shuffled"))
            std::shuffle(batches.begin(), batches.end(), *QRandomGenerator::global());
    }

    RecoveryPointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy resets(&model, &QAbstractItemModel::modelReset);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    for (const QList<RecoveryPoint> &page : std::as_const(batches))
        model.appendPoints(page);
    QCOMPARE(resets.count(), 0);
    QVERIFY(inserts.count() >= batches.size());
    QCOMPARE(idsInRowOrder(model), newestFirst(points));
    for (int row = 0; row < model.rowCount(); ++row)
        QCOMPARE(model.rowOf(model.index(row, 0).data(RecoveryPointModel::IdRole).toString()), row);
    QCOMPARE(model.rowOf(QStringLiteral("/no/such/point")), -1);
}

void TestEstateModels::aPointSeenAgainIsUpdatedNotDuplicated()
{
    const QJsonArray list = Test::armExample(QStringLiteral("RecoveryPoints_List.json"))
                                .value(QStringLiteral("value"))
                                .toArray();
    QList<RecoveryPoint> points;
    for (const QJsonValue &v : list)
        points << RecoveryPoint::fromArm(v.toObject()).value();
    RecoveryPointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendPoints(points);
    QCOMPARE(model.rowCount(), 3);

    // The same page again, one point now archived: updated in place.
    QJsonObject raw = points.at(0).raw;
    QJsonObject props = raw.value(QStringLiteral("properties")).toObject();
    props.insert(QStringLiteral("recoveryPointTierDetails"),
                 QJsonArray { QJsonObject { { QStringLiteral("type"), QStringLiteral("ArchivedRP") },
                                            { QStringLiteral("status"), QStringLiteral("Valid") } } });
    raw.insert(QStringLiteral("properties"), props);
    QList<RecoveryPoint> again = points;
    again[0] = RecoveryPoint::fromArm(raw).value();
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserts(&model, &QAbstractItemModel::rowsInserted);
    model.appendPoints(again);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(inserts.count(), 0);
    QCOMPARE(changed.count(), 3);
    const int row = model.rowOf(points.at(0).id);
    QCOMPARE(model.index(row, RecoveryPointModel::TierColumn).data().toString(),
             QStringLiteral("vault-archive (needs rehydration)"));

    // A point whose time changed moves to its new place.
    props.insert(QStringLiteral("recoveryPointTime"), QStringLiteral("2030-01-01T00:00:00Z"));
    raw.insert(QStringLiteral("properties"), props);
    model.appendPoints({ RecoveryPoint::fromArm(raw).value() });
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.rowOf(points.at(0).id), 0);
}

void TestEstateModels::pointIdsCompareWithoutCase()
{
    const QJsonArray list = Test::armExample(QStringLiteral("RecoveryPoints_List.json"))
                                .value(QStringLiteral("value"))
                                .toArray();
    QList<RecoveryPoint> points;
    for (const QJsonValue &v : list)
        points << RecoveryPoint::fromArm(v.toObject()).value();
    QVERIFY(points.size() >= 2);
    // The service spells the same id both ways (/Subscriptions/ and /subscriptions/, Vaults…).
    QList<RecoveryPoint> shouted = points;
    for (RecoveryPoint &p : shouted)
        p.id = p.id.toUpper();
    RecoveryPointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendPoints(points);
    model.appendPoints(shouted);
    QCOMPARE(model.rowCount(), int(points.size()));
    QCOMPARE(model.rowOf(points.at(1).id.toLower()), model.rowOf(points.at(1).id));
    QVERIFY(model.rowOf(points.at(1).id.toLower()) >= 0);
    // Within one page and in setPoints too.
    model.clear();
    model.appendPoints(points + shouted);
    QCOMPARE(model.rowCount(), int(points.size()));
    model.setPoints(points + shouted);
    QCOMPARE(model.rowCount(), int(points.size()));
    QVERIFY(model.rowOf(points.at(0).id.toUpper()) >= 0);
}

void TestEstateModels::idsOfEveryShapeComeBackAsSent_data()
{
    // Last segments of point ids: numbers (as the service names points) are kept as numbers,
    // anything else whole; all come back exactly, and points of the same time sort by id text.
    QTest::addColumn<QStringList>("tails");
    QTest::newRow("numbers") << QStringList { "26083826328862", "9", "10", "0" };
    QTest::newRow("leading zeros and signs") << QStringList { "007", "7", "+7", "-7" };
    QTest::newRow("spaces and words") << QStringList { "7 ", " 7", "rp-7" };
    QTest::newRow("too big for 64 bits") << QStringList { "18446744073709551615", "18446744073709551616" };
    QTest::newRow("non-ASCII digits") << QStringList { QString(QChar(0x0667)), QStringLiteral("7") };
}

void TestEstateModels::idsOfEveryShapeComeBackAsSent()
{
    QFETCH(QStringList, tails);
    const QJsonObject example = Test::armExample(QStringLiteral("RecoveryPoints_List.json"))
                                    .value(QStringLiteral("value"))
                                    .toArray()
                                    .first()
                                    .toObject();
    const QString id = example.value(QStringLiteral("id")).toString();
    const QString prefix = id.left(id.lastIndexOf(QLatin1Char('/')) + 1);
    QList<RecoveryPoint> points;
    for (const QString &tail : std::as_const(tails)) {
        QJsonObject raw = example;
        raw.insert(QStringLiteral("id"), prefix + tail);
        raw.insert(QStringLiteral("name"), tail);
        points << RecoveryPoint::fromArm(raw).value(); // all of the same time
    }
    RecoveryPointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendPoints(points);
    QCOMPARE(model.rowCount(), int(tails.size()));
    QCOMPARE(idsInRowOrder(model), newestFirst(points));
    for (const RecoveryPoint &p : std::as_const(points)) {
        const int row = model.rowOf(p.id);
        QVERIFY2(row >= 0, qPrintable(p.id));
        QCOMPARE(model.pointId(row), p.id);
    }
}

void TestEstateModels::derivedRetentionAgreesWithTheService_data()
{
    QTest::addColumn<QString>("itemName");
    QTest::newRow("VM, daily to yearly rules") << QStringLiteral("vm-web-01");
    QTest::newRow("VM, weekly schedule") << QStringLiteral("vm-archive-01");
    QTest::newRow("VM, hourly schedule") << QStringLiteral("vm-payments-01");
    QTest::newRow("file share, last Friday monthly") << QStringLiteral("finance");
    QTest::newRow("SQL, full sub-policy") << QStringLiteral("sales");
}

void TestEstateModels::derivedRetentionAgreesWithTheService()
{
    // The sandbox names every point's rule and expiry; strip them, give the model the policy,
    // and the derived values must be the same (and flagged as derived).
    QFETCH(QString, itemName);
    const Backup::ProtectedItem *item = m_estate.item(itemName);
    QVERIFY(item);
    const Backup::Policy *policy = m_estate.policyOf(*item);
    QVERIFY(policy);
    const QList<RecoveryPoint> said = m_estate.points.value(item->id);
    QVERIFY(!said.isEmpty());
    QList<RecoveryPoint> bare;
    for (const RecoveryPoint &p : said) {
        QVERIFY(!p.retentionRule.isEmpty());
        bare << withoutRetention(p);
    }

    RecoveryPointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.appendPoints(bare);
    for (int row = 0; row < model.rowCount(); ++row) {
        QVERIFY(model.index(row, 0).data(RecoveryPointModel::RuleRole).toString().isEmpty());
        QCOMPARE(model.index(row, RecoveryPointModel::RetentionColumn).data().toString(),
                 QStringLiteral("—"));
    }
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    model.setPolicy(*policy);
    QCOMPARE(changed.count(), 1);
    for (const RecoveryPoint &p : said) {
        const int row = model.rowOf(p.id);
        QVERIFY(row >= 0);
        const QModelIndex i = model.index(row, RecoveryPointModel::RetentionColumn);
        QCOMPARE(i.data(RecoveryPointModel::RuleRole).toString(), p.retentionRule);
        QCOMPARE(i.data(RecoveryPointModel::KeptUntilRole).toDateTime(), p.expiresAt);
        QVERIFY(i.data(RecoveryPointModel::RetentionDerivedRole).toBool());
        QVERIFY(i.data(Qt::ToolTipRole).toString().contains(policy->name));
    }

    // With the service's words, nothing is derived even though the policy is known.
    RecoveryPointModel told;
    told.setPolicy(*policy);
    told.appendPoints(said);
    for (int row = 0; row < told.rowCount(); ++row)
        QVERIFY(!told.index(row, 0).data(RecoveryPointModel::RetentionDerivedRole).toBool());
}

void TestEstateModels::examplesWithoutRuleNames()
{
    // The public list example names no rule; ProtectionPolicies_Get (daily, 1 day, Pacific time)
    // keeps a point for one day by the daily rule; the get example names "DefaultRule".
    QList<RecoveryPoint> points;
    for (const QJsonValue &v : Test::armExample(QStringLiteral("RecoveryPoints_List.json"))
                                   .value(QStringLiteral("value"))
                                   .toArray())
        points << RecoveryPoint::fromArm(v.toObject()).value();
    points << RecoveryPoint::fromArm(Test::armExample(QStringLiteral("RecoveryPoints_Get.json"))).value();
    const auto policy = Policy::fromArm(Test::armExample(QStringLiteral("ProtectionPolicies_Get.json")));
    QVERIFY(policy.ok());
    RecoveryPointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setPolicy(policy.value());
    model.appendPoints(points);
    QCOMPARE(model.rowCount(), 4);
    int derived = 0;
    for (const RecoveryPoint &p : std::as_const(points)) {
        const QModelIndex i = model.index(model.rowOf(p.id), RecoveryPointModel::RetentionColumn);
        if (p.retentionRule.isEmpty()) {
            ++derived;
            QCOMPARE(i.data().toString(), QStringLiteral("Daily"));
            QVERIFY(i.data(RecoveryPointModel::RetentionDerivedRole).toBool());
            QCOMPARE(i.data(RecoveryPointModel::KeptUntilRole).toDateTime(),
                     p.time.toTimeZone(policy->timeZone).addDays(1).toUTC());
        } else {
            QCOMPARE(i.data().toString(), QStringLiteral("DefaultRule"));
            QVERIFY(!i.data(RecoveryPointModel::RetentionDerivedRole).toBool());
            QCOMPARE(i.data(RecoveryPointModel::KeptUntilRole).toDateTime(), p.expiresAt);
        }
    }
    QCOMPARE(derived, 3);
}

void TestEstateModels::words_data()
{
    QTest::addColumn<QString>("objectType");
    QTest::addColumn<QString>("type");
    QTest::addColumn<QString>("tiers");
    QTest::addColumn<QString>("consistency");
    QTest::addColumn<QString>("tier");
    QTest::addColumn<int>("fastest");
    QTest::newRow("VM crash, snapshot and vault")
        << "IaasVMRecoveryPoint"
        << "CrashConsistent"
        << "InstantRP,HardenedRP"
        << "crash-consistent"
        << "snapshot + vault-standard" << int(RecoveryPointModel::Tier::Snapshot);
    QTest::newRow("VM application consistent, vault")
        << "IaasVMRecoveryPoint"
        << "AppConsistent"
        << "HardenedRP"
        << "application consistent"
        << "vault-standard" << int(RecoveryPointModel::Tier::VaultStandard);
    QTest::newRow("VM file-system consistent, archive")
        << "IaasVMRecoveryPoint"
        << "FileSystemConsistent"
        << "ArchivedRP"
        << "file-system consistent"
        << "vault-archive (needs rehydration)" << int(RecoveryPointModel::Tier::VaultArchive);
    QTest::newRow("SQL full") << "AzureWorkloadSQLRecoveryPoint"
                              << "Full"
                              << "HardenedRP"
                              << "SQL full"
                              << "vault-standard" << int(RecoveryPointModel::Tier::VaultStandard);
    QTest::newRow("SQL differential") << "AzureWorkloadSQLRecoveryPoint"
                                      << "Differential"
                                      << "HardenedRP"
                                      << "SQL differential"
                                      << "vault-standard" << int(RecoveryPointModel::Tier::VaultStandard);
    QTest::newRow("SQL log") << "AzureWorkloadSQLRecoveryPoint"
                             << "Log"
                             << ""
                             << "SQL log"
                             << "unknown" << int(RecoveryPointModel::Tier::Unknown);
    QTest::newRow("a future word is shown as sent")
        << "IaasVMRecoveryPoint"
        << "QuantumConsistent"
        << "HardenedRP"
        << "QuantumConsistent"
        << "vault-standard" << int(RecoveryPointModel::Tier::VaultStandard);
}

void TestEstateModels::words()
{
    QFETCH(QString, objectType);
    QFETCH(QString, type);
    QFETCH(QString, tiers);
    QFETCH(QString, consistency);
    QFETCH(QString, tier);
    QFETCH(int, fastest);
    const bool sql = objectType.startsWith(QLatin1String("AzureWorkload"));
    QJsonArray tierDetails;
    for (const QString &t : tiers.split(QLatin1Char(','), Qt::SkipEmptyParts))
        tierDetails.append(QJsonObject { { QStringLiteral("type"), t },
                                         { QStringLiteral("status"), QStringLiteral("Valid") } });
    const QJsonObject raw {
        { QStringLiteral("id"), QStringLiteral("/x/recoveryPoints/1") },
        { QStringLiteral("properties"),
          QJsonObject {
              { QStringLiteral("objectType"), objectType },
              { sql ? QStringLiteral("recoveryPointTimeInUTC") : QStringLiteral("recoveryPointTime"),
                QStringLiteral("2026-11-28T22:30:00Z") },
              { sql ? QStringLiteral("type") : QStringLiteral("recoveryPointType"), type },
              { QStringLiteral("recoveryPointTierDetails"), tierDetails } } }
    };
    const auto p = RecoveryPoint::fromArm(raw);
    QVERIFY(p.ok());
    RecoveryPointModel model;
    model.setPoints({ p.value() });
    QCOMPARE(model.index(0, RecoveryPointModel::ConsistencyColumn).data().toString(), consistency);
    QCOMPARE(model.index(0, RecoveryPointModel::TierColumn).data().toString(), tier);
    QCOMPARE(model.index(0, 0).data(RecoveryPointModel::TierRole).toInt(), fastest);
    QCOMPARE(model.index(0, 0).data(RecoveryPointModel::NeedsRehydrationRole).toBool(),
             tiers == QLatin1String("ArchivedRP"));
    QCOMPARE(model.index(0, RecoveryPointModel::TimeColumn).data().toString(),
             QDateTime(QDate(2026, 11, 28), QTime(22, 30), QTimeZone::utc())
                 .toLocalTime()
                 .toString(QStringLiteral("yyyy-MM-dd HH:mm")));
    QVERIFY(model.index(0, 0).data(RecoveryPointModel::SummaryRole).toString().contains(consistency));
}

void TestEstateModels::fetchMoreAsksOncePerPage()
{
    RecoveryPointModel model;
    QSignalSpy asked(&model, &RecoveryPointModel::moreRequested);
    QVERIFY(!model.canFetchMore({}));
    model.setMoreAvailable(true);
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    model.fetchMore({});
    QCOMPARE(asked.count(), 1);
    QVERIFY(!model.canFetchMore({}));
    model.appendPoints(m_estate.points.value(m_estate.item(QStringLiteral("finance"))->id).mid(0, 5));
    QVERIFY(model.canFetchMore({}));
    model.fetchMore({});
    QCOMPARE(asked.count(), 2);
    model.setMoreAvailable(false);
    QVERIFY(!model.canFetchMore({}));
}

void TestEstateModels::filterByTierAndTime()
{
    const Backup::ProtectedItem *item = m_estate.item(QStringLiteral("vm-web-01"));
    const QList<RecoveryPoint> points = m_estate.points.value(item->id);
    RecoveryPointModel model;
    model.appendPoints(points);
    Models::RecoveryPointFilterModel proxy;
    QAbstractItemModelTester tester(&proxy, QAbstractItemModelTester::FailureReportingMode::QtTest);
    proxy.setSourceModel(&model);
    QCOMPARE(proxy.rowCount(), points.size());

    int archived = 0;
    int lastWeek = 0;
    const QDateTime weekAgo = m_estate.now.addDays(-7);
    for (const RecoveryPoint &p : points) {
        archived += p.validTiers.contains(QStringLiteral("ArchivedRP")) ? 1 : 0;
        lastWeek += p.time >= weekAgo ? 1 : 0;
    }
    QVERIFY(archived > 0 && archived < points.size());
    proxy.setTierMask(1 << int(RecoveryPointModel::Tier::VaultArchive));
    QCOMPARE(proxy.rowCount(), archived);
    for (int row = 0; row < proxy.rowCount(); ++row)
        QVERIFY(proxy.index(row, 0).data(RecoveryPointModel::NeedsRehydrationRole).toBool());
    proxy.setTierMask(0);
    proxy.setTimeRange(weekAgo, {});
    QCOMPARE(proxy.rowCount(), lastWeek);

    // Sorting by tier puts snapshots first; by time ascending puts the oldest first.
    proxy.setTimeRange({}, {});
    proxy.sort(RecoveryPointModel::TierColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data(RecoveryPointModel::TierRole).toInt(),
             int(RecoveryPointModel::Tier::Snapshot));
    proxy.sort(RecoveryPointModel::TimeColumn, Qt::AscendingOrder);
    QCOMPARE(proxy.index(0, 0).data(RecoveryPointModel::IdRole).toString(), newestFirst(points).last());
}

void TestEstateModels::staleItems()
{
    // vm-web-01's last point three days back: it is behind schedule, its twin vm-web-02 is not.
    QList<Backup::ProtectedItem> items = m_estate.items;
    for (Backup::ProtectedItem &i : items) {
        if (i.friendlyName == QLatin1String("vm-web-01"))
            i.lastRecoveryPoint = m_estate.now.addDays(-3);
    }
    const Overview o = Overview::build(items, m_estate.policies, m_estate.jobs, m_estate.now);
    Models::StaleItemModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setItems(o.staleItems);
    QCOMPARE(model.rowCount(), o.staleItems.size());
    int row = -1;
    for (int r = 0; r < model.rowCount(); ++r) {
        const QString name = model.index(r, Models::StaleItemModel::NameColumn).data().toString();
        QVERIFY(name != QLatin1String("vm-web-02"));
        if (name == QLatin1String("vm-web-01"))
            row = r;
    }
    QVERIFY(row >= 0);
    QCOMPARE(model.index(row, Models::StaleItemModel::PolicyColumn).data().toString(),
             QStringLiteral("vm-daily-gold"));
    // Daily: allowed 24 h + 2 h start delay + 10 % = 28 h 24 min; three days old is 1 day 19 h over.
    QCOMPARE(model.index(row, Models::StaleItemModel::OverdueColumn).data().toString(),
             QStringLiteral("1 day 19 hours overdue"));
    QCOMPARE(model.index(row, 0).data(Models::StaleItemModel::ItemIdRole).toString(),
             m_estate.item(QStringLiteral("vm-web-01"))->id);
}

void TestEstateModels::durations_data()
{
    QTest::addColumn<qint64>("secs");
    QTest::addColumn<QString>("text");
    QTest::newRow("seconds") << qint64(59) << "under a minute";
    QTest::newRow("one minute") << qint64(60) << "1 minute";
    QTest::newRow("hours and minutes") << qint64(2 * 3600 + 5 * 60) << "2 hours 5 minutes";
    QTest::newRow("whole days") << qint64(3 * 86400 + 59 * 60) << "3 days";
    QTest::newRow("a day and an hour") << qint64(86400 + 3600) << "1 day 1 hour";
    QTest::newRow("years and months") << qint64(400) * 86400 << "1 year 1 month";
}

void TestEstateModels::durations()
{
    QFETCH(qint64, secs);
    QFETCH(QString, text);
    QCOMPARE(Models::durationText(secs), text);
}

void TestEstateModels::appendTwentyThousand()
{
    const QList<RecoveryPoint> points = Test::SandboxEstate::generatedPoints(20000, m_estate.now);
    QCOMPARE(points.size(), 20000);
    QList<QList<RecoveryPoint>> batches = pages(points, 200);
    std::shuffle(batches.begin(), batches.end(), *QRandomGenerator::global());

    for (const bool withProxy : { false, true }) {
        RecoveryPointModel model;
        Models::RecoveryPointFilterModel proxy;
        if (withProxy) {
            proxy.setSourceModel(&model);
            proxy.sort(RecoveryPointModel::TimeColumn, Qt::DescendingOrder);
        }
        QElapsedTimer timer;
        timer.start();
        qint64 slowest = 0;
        for (const QList<RecoveryPoint> &page : std::as_const(batches)) {
            QElapsedTimer one;
            one.start();
            model.appendPoints(page);
            slowest = qMax(slowest, one.nsecsElapsed());
        }
        const qint64 total = timer.nsecsElapsed();
        qInfo("appended 20000 points in 100 shuffled pages of 200%s: %.1f ms in all, slowest page %.2f ms",
              withProxy ? " (sorted proxy attached)" : "", double(total) / 1e6, double(slowest) / 1e6);
        QCOMPARE(model.rowCount(), 20000);
        QCOMPARE(idsInRowOrder(model), newestFirst(points));
        if (withProxy)
            QCOMPARE(proxy.index(0, 0).data(RecoveryPointModel::IdRole),
                     model.index(0, 0).data(RecoveryPointModel::IdRole));
    }
}

QTEST_GUILESS_MAIN(TestEstateModels)
#include "tst_estatemodels.moc"
