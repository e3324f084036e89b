// Parsing real payloads (tests/data/arm, from the public API examples): ids read
// case-insensitively and without backupFabrics; recovery points by subtype, tiers, retention;
// the model over them passes QAbstractItemModelTester.
#include "backup/armid.h"
#include "backup/recoverypoint.h"
#include "core/qtcompat.h"
#include "models/recoverypointmodel.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

#include <algorithm>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;

namespace {
QJsonObject example(const QString &file)
{
    QFile f(QStringLiteral(RD_TEST_DATA_DIR "/arm/") + file);
    f.open(QIODevice::ReadOnly);
    return QJsonDocument::fromJson(f.readAll())
        .object()
        .value(QStringLiteral("responses"))
        .toObject()
        .value(QStringLiteral("200"))
        .toObject()
        .value(QStringLiteral("body"))
        .toObject();
}
} // namespace

class TestBackupData : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void idsFromTheExamples();
    void recoveryPointsFromTheExamples();
    void unknownSubtypeIsKept();
    void modelOverPoints();
};

void TestBackupData::idsFromTheExamples()
{
    // The list example's id has "Subscriptions" and no backupFabrics segment.
    const QString listed = example(QStringLiteral("BackupProtectedItems_List.json"))
                               .value(QStringLiteral("value"))
                               .toArray()
                               .first()
                               .toObject()
                               .value(QStringLiteral("id"))
                               .toString();
    const ArmId a = ArmId::parse(listed);
    QCOMPARE(a.subscription, QStringLiteral("00000000-0000-0000-0000-000000000000"));
    QCOMPARE(a.vault, QStringLiteral("NetSDKTestRsVault"));
    QCOMPARE(a.fabric, QStringLiteral("Azure"));
    QCOMPARE(a.container, QStringLiteral("IaasVMContainer;iaasvmcontainer;iaasvm-rg;iaasvm-1"));
    QCOMPARE(a.item, QStringLiteral("VM;iaasvmcontainer;iaasvm-rg;iaasvm-1"));
    const QString got
        = example(QStringLiteral("Compute_ProtectedItem_Get.json")).value(QStringLiteral("id")).toString();
    QCOMPARE(ArmId::parse(got).item, QStringLiteral("VM;iaasvmcontainerv2;iaasvm-rg;iaasvm-1"));
    QVERIFY(sameArmId(QStringLiteral("/Subscriptions/A/resourceGroups/RG/"),
                      QStringLiteral("/subscriptions/a/resourcegroups/rg")));
}

void TestBackupData::recoveryPointsFromTheExamples()
{
    const QJsonArray list
        = example(QStringLiteral("RecoveryPoints_List.json")).value(QStringLiteral("value")).toArray();
    QCOMPARE(list.size(), 3);
    QList<RecoveryPoint> points;
    for (const QJsonValue &v : list) {
        auto p = RecoveryPoint::fromArm(v.toObject());
        QVERIFY(p.ok());
        QCOMPARE(p->kind, RecoveryPoint::Kind::IaasVm);
        QVERIFY(p->time.isValid());
        points << p.value();
    }
    QCOMPARE(points.at(0).validTiers, QStringList { QStringLiteral("HardenedRP") });
    QCOMPARE(points.at(1).validTiers, QStringList { QStringLiteral("ArchivedRP") }); // rehydrated
    QVERIFY(points.at(1).needsRehydration());
    QCOMPARE(points.at(2).validTiers,
             (QStringList { QStringLiteral("InstantRP"), QStringLiteral("HardenedRP") }));
    auto one = RecoveryPoint::fromArm(example(QStringLiteral("RecoveryPoints_Get.json")));
    QVERIFY(one.ok());
    QCOMPARE(one->retentionRule, QStringLiteral("DefaultRule"));
    QCOMPARE(one->expiresAt,
             Compat::utcDateTime(QDate(2020, 11, 22), QTime(22, 32, 46, 609))); // .6088472 rounds up
    QVERIFY(!RecoveryPoint::fromArm(QJsonObject {}).ok());
}

void TestBackupData::unknownSubtypeIsKept()
{
    const QJsonObject future {
        { QStringLiteral("id"), QStringLiteral("/x/recoveryPoints/1") },
        { QStringLiteral("name"), QStringLiteral("1") },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("objectType"), QStringLiteral("SAPHanaFutureRecoveryPoint") },
                        { QStringLiteral("recoveryPointTimeInUTC"), QStringLiteral("2026-11-01T00:00:00Z") },
                        { QStringLiteral("somethingNew"), 42 } } }
    };
    auto p = RecoveryPoint::fromArm(future);
    QVERIFY(p.ok());
    QCOMPARE(p->kind, RecoveryPoint::Kind::Unknown);
    QVERIFY(p->time.isValid());
    QCOMPARE(
        p->raw.value(QStringLiteral("properties")).toObject().value(QStringLiteral("somethingNew")).toInt(),
        42);
}

void TestBackupData::modelOverPoints()
{
    Models::RecoveryPointModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QList<RecoveryPoint> points;
    const QJsonArray examples
        = example(QStringLiteral("RecoveryPoints_List.json")).value(QStringLiteral("value")).toArray();
    for (const QJsonValue &v : examples)
        points << RecoveryPoint::fromArm(v.toObject()).value();
    // A kind the console does not know keeps the service's JSON; the known ones are compact rows.
    QJsonObject future = examples.first().toObject();
    QJsonObject properties = future.value(QStringLiteral("properties")).toObject();
    properties.insert(QStringLiteral("objectType"), QStringLiteral("SomeFutureRecoveryPoint"));
    future.insert(QStringLiteral("properties"), properties);
    future.insert(QStringLiteral("id"),
                  future.value(QStringLiteral("id")).toString() + QStringLiteral("-future"));
    const RecoveryPoint unknown = RecoveryPoint::fromArm(future).value();
    model.setPoints(points + QList<RecoveryPoint> { unknown });
    QCOMPARE(model.rowCount(), 4);
    const int unknownRow = model.rowOf(unknown.id);
    QVERIFY(unknownRow >= 0);
    QVERIFY(model.index(unknownRow, 0)
                .data(Models::RecoveryPointModel::RawJsonRole)
                .toString()
                .contains(QStringLiteral("SomeFutureRecoveryPoint")));
    model.setPoints(points);
    QCOMPARE(model.rowCount(), 3);
    QCOMPARE(model.columnCount(), int(Models::RecoveryPointModel::ColumnCount));
    // Newest first.
    QVERIFY(model.index(0, 0).data(Models::RecoveryPointModel::TimeRole).toDateTime()
            >= model.index(1, 0).data(Models::RecoveryPointModel::TimeRole).toDateTime());
    bool sawArchive = false;
    for (int row = 0; row < model.rowCount(); ++row) {
        const QString tier = model.index(row, Models::RecoveryPointModel::TierColumn).data().toString();
        sawArchive = sawArchive || tier.contains(QStringLiteral("needs rehydration"));
        // A compact row still gives its whole id back, and finds itself by it.
        const QString id = model.index(row, 0).data(Models::RecoveryPointModel::IdRole).toString();
        QVERIFY(
            std::any_of(points.begin(), points.end(), [&](const RecoveryPoint &p) { return p.id == id; }));
        QCOMPARE(model.rowOf(id), row);
        QCOMPARE(model.pointId(row), id);
    }
    QVERIFY(sawArchive);
    model.setPoints({});
    QCOMPARE(model.rowCount(), 0);
}

QTEST_GUILESS_MAIN(TestBackupData)
#include "tst_backupdata.moc"
