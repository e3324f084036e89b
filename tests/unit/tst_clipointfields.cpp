// What `points list` shows of a point's retention: the service's own answer when the point
// carries one, else (given the item's policy) what the policy's arithmetic says, as the
// console's table does (Backup::PointRetention), marked as computed.

#include "armexamples.h"
#include "backup/page.h"
#include "backup/pointretention.h"
#include "estatefields.h"

#include <QJsonArray>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Cli;

class TestCliPointFields : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void pointWithoutServiceRetentionUsesThePolicy();
    void serviceRetentionWins();
};

namespace {

Policy dailyPolicy()
{
    const QJsonObject body = Test::armExample(QStringLiteral("AzureIaasVm_BackupPolicies_List.json"))
                                 .value(QStringLiteral("value"))
                                 .toArray()
                                 .at(0)
                                 .toObject();
    return Policy::fromArm(body).value();
}

} // namespace

void TestCliPointFields::pointWithoutServiceRetentionUsesThePolicy()
{
    // A listed point without recoveryPointProperties.
    const RecoveryPoint listed
        = Page<RecoveryPoint>::fromArm(Test::armExample(QStringLiteral("RecoveryPoints_List.json")))
              ->items.first();
    QVERIFY(listed.retentionRule.isEmpty());
    QVERIFY(!listed.expiresAt.isValid());
    const Policy policy = dailyPolicy();

    const QJsonObject shown = EstateFields::point(listed, &policy).toJson();
    QCOMPARE(shown.value(QStringLiteral("retentionRule")).toString(), QStringLiteral("DailyRule"));
    QCOMPARE(shown.value(QStringLiteral("expiresAt")), ShownResource::isoTime(listed.time.addDays(30)));
    QCOMPARE(shown.value(QStringLiteral("retentionComputed")), QJsonValue(true));
    // The very answer the console's table gives.
    const PointRetention console = PointRetention::of(listed, policy);
    QCOMPARE(shown.value(QStringLiteral("retentionRule")).toString(), console.ruleName);
    QCOMPARE(shown.value(QStringLiteral("expiresAt")), ShownResource::isoTime(console.keptUntil));

    // Without the policy, nothing is made up.
    const QJsonObject bare = EstateFields::point(listed).toJson();
    QCOMPARE(bare.value(QStringLiteral("retentionRule")).toString(), QString());
    QVERIFY(bare.value(QStringLiteral("expiresAt")).isNull());
    QVERIFY(!bare.contains(QStringLiteral("retentionComputed")));
}

void TestCliPointFields::serviceRetentionWins()
{
    const RecoveryPoint told
        = RecoveryPoint::fromArm(Test::armExample(QStringLiteral("RecoveryPoints_Get.json"))).value();
    QVERIFY(!told.retentionRule.isEmpty());
    const Policy policy = dailyPolicy();
    const QJsonObject shown = EstateFields::point(told, &policy).toJson();
    QCOMPARE(shown.value(QStringLiteral("retentionRule")).toString(), told.retentionRule);
    QCOMPARE(shown.value(QStringLiteral("expiresAt")), ShownResource::isoTime(told.expiresAt));
    QVERIFY(!shown.contains(QStringLiteral("retentionComputed")));
}

QTEST_GUILESS_MAIN(TestCliPointFields)
#include "tst_clipointfields.moc"
