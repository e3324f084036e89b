// Parsing the public API examples (tests/data/arm) for subscriptions, vaults, protected items
// and recovery points into the console's values, with the real field values asserted; list
// pages with nextLink present, null and absent.
#include "armexamples.h"
#include "backup/armreader.h"
#include "backup/page.h"
#include "backup/protecteditem.h"
#include "backup/recoverypoint.h"
#include "backup/subscription.h"
#include "backup/vault.h"

#include <QJsonArray>
#include <QTest>
#include <QTimeZone>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;

namespace {
QDateTime utc(int y, int mo, int d, int h, int mi, int s, int ms = 0)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s, ms), QTimeZone::utc());
}
} // namespace

class TestBackupResources : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void subscriptions();
    void readerPathsAcrossParents();
    void vault();
    void vaultLists_data();
    void vaultLists();
    void protectedItemsFromTheList();
    void protectedItemFromGet();
    void protectedItemFromOperationResult();
    void protectedItemNamesWhateverTheirCase();
    void recoveryPointsFromTheList();
    void recoveryPointFromGet();
    void numericTiersOfOlderPayloads();
    void workloadRecoveryPoints();
};

void TestBackupResources::subscriptions()
{
    const auto page = Page<Subscription>::fromArm(armExample(QStringLiteral("GetSubscriptions.json")));
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 2);
    QVERIFY(page->rejected.isEmpty());
    QCOMPARE(page->nextLink, QStringLiteral("http://nextlink"));
    QVERIFY(page->hasMore());
    const Subscription &first = page->items.at(0);
    QCOMPARE(first.id, QStringLiteral("/subscriptions/291bba3f-e0a5-47bc-a099-3bdcb2a50a05"));
    QCOMPARE(first.subscriptionId, QStringLiteral("291bba3f-e0a5-47bc-a099-3bdcb2a50a05"));
    QCOMPARE(first.displayName, QStringLiteral("Example Subscription"));
    QCOMPARE(first.tenantId, QStringLiteral("31c75423-32d6-4322-88b7-c478bdde4858"));
    QCOMPARE(first.authorizationSource, QStringLiteral("RoleBased"));
    QVERIFY(first.isEnabled());
    QCOMPARE(first.managedByTenants, QStringList { QStringLiteral("8f70baf1-1f6e-46a2-a1ff-238dac1ebfb7") });
    QCOMPARE(first.tags.value(QStringLiteral("tagKey2")), QStringLiteral("tagValue2"));
    const Subscription &second = page->items.at(1);
    QCOMPARE(second.displayName, QStringLiteral("Example Subscription2"));
    QCOMPARE(second.managedByTenants.size(), 2);
    QCOMPARE(second.managedByTenants.at(1), QStringLiteral("f7fb6af2-321d-47c8-9c0f-b0239eaad39a"));
    QCOMPARE(second.raw.value(QStringLiteral("subscriptionPolicies"))
                 .toObject()
                 .value(QStringLiteral("quotaId"))
                 .toString(),
             QStringLiteral("Internal_2014-09-01"));

    // Only an id: the subscription id and the name come from it.
    const auto bare
        = Subscription::fromArm({ { QStringLiteral("id"), QStringLiteral("/subscriptions/abc") } });
    QVERIFY(bare.ok());
    QCOMPARE(bare->subscriptionId, QStringLiteral("abc"));
    QCOMPARE(bare->displayName, QStringLiteral("abc"));
    QVERIFY(!bare->isEnabled());
}

void TestBackupResources::vault()
{
    const auto v = Vault::fromArm(armExample(QStringLiteral("GETVault.json")));
    QVERIFY2(v.ok(), qPrintable(v.ok() ? QString() : v.error().toString()));
    QCOMPARE(v->name, QStringLiteral("swaggerExample"));
    QCOMPARE(v->armId.kind, ArmId::Kind::Vault);
    QCOMPARE(v->subscriptionId(), QStringLiteral("77777777-b0c6-47a2-b37c-d8e65a629c18"));
    QCOMPARE(v->resourceGroup(), QStringLiteral("Default-RecoveryServices-ResourceGroup"));
    QCOMPARE(v->location, QStringLiteral("westus"));
    QCOMPARE(v->sku, QStringLiteral("Standard"));
    QCOMPARE(v->provisioningState, QStringLiteral("Succeeded"));
    QCOMPARE(v->storageRedundancy, QStringLiteral("GeoRedundant"));
    QCOMPARE(v->crossRegionRestore, std::optional<bool>(true));
    QCOMPARE(v->softDeleteState, QStringLiteral("Enabled"));
    QCOMPARE(v->softDeleteRetentionDays, std::optional<int>(14));
    QCOMPARE(v->immutabilityState, QStringLiteral("Disabled"));
    QCOMPARE(v->multiUserAuthorization, QStringLiteral("Disabled"));
    QCOMPARE(v->publicNetworkAccess, QStringLiteral("Enabled"));
    QCOMPARE(v->secureScore, QStringLiteral("None"));
    QCOMPARE(v->bcdrSecurityLevel, QStringLiteral("Poor"));
    QCOMPARE(v->identityType, QStringLiteral("SystemAssigned"));
    QCOMPARE(v->identityPrincipalId, QStringLiteral("3137d6c7-5d6c-411c-b934-7a2a729ee247"));
    QCOMPARE(v->tags.value(QStringLiteral("TestUpdatedKey")), QStringLiteral("TestUpdatedValue"));
    QVERIFY(
        v->raw.value(QStringLiteral("properties")).toObject().contains(QStringLiteral("monitoringSettings")));
}

void TestBackupResources::vaultLists_data()
{
    QTest::addColumn<QString>("file");
    QTest::addColumn<QStringList>("names");
    QTest::addColumn<QStringList>("groups");
    QTest::newRow("by subscription") << "ListBySubscriptionIds.json"
                                     << QStringList { "patchtest", "swaggerExample", "today1" }
                                     << QStringList { "Default-RecoveryServices-ResourceGroup", "HelloWorld",
                                                      "HelloWorld" };
    QTest::newRow("by resource group")
        << "ListResources.json" << QStringList { "patchtest", "swaggerExample", "today1" }
        << QStringList { "Default-RecoveryServices-ResourceGroup", "Default-RecoveryServices-ResourceGroup",
                         "Default-RecoveryServices-ResourceGroup" };
}

void TestBackupResources::vaultLists()
{
    QFETCH(QString, file);
    QFETCH(QStringList, names);
    QFETCH(QStringList, groups);
    const auto page = Page<Vault>::fromArm(armExample(file));
    QVERIFY(page.ok());
    QVERIFY(page->nextLink.isEmpty()); // absent
    QVERIFY(!page->hasMore());
    QStringList gotNames;
    QStringList gotGroups;
    for (const Vault &v : page->items) {
        gotNames << v.name;
        gotGroups << v.resourceGroup();
        QCOMPARE(v.location, QStringLiteral("westus"));
        QCOMPARE(v.provisioningState, QStringLiteral("Succeeded"));
        QVERIFY(!v.crossRegionRestore.has_value()); // the list does not say
    }
    QCOMPARE(gotNames, names);
    QCOMPARE(gotGroups, groups);
    QCOMPARE(page->items.first().tags.value(QStringLiteral("Love")), QStringLiteral("India"));
}

void TestBackupResources::protectedItemsFromTheList()
{
    const auto page
        = Page<ProtectedItem>::fromArm(armExample(QStringLiteral("BackupProtectedItems_List.json")));
    QVERIFY(page.ok());
    QCOMPARE(page->items.size(), 1);
    const ProtectedItem &i = page->items.first();
    QCOMPARE(i.kind, ProtectedItem::Kind::Vm);
    QCOMPARE(i.protectedItemType, QStringLiteral("Microsoft.ClassicCompute/virtualMachines"));
    QCOMPARE(i.name, QStringLiteral("VM;iaasvmcontainer;iaasvm-rg;iaasvm-1"));
    QCOMPARE(i.friendlyName, QStringLiteral("iaasvm-1"));
    QCOMPARE(i.hostName(), QStringLiteral("iaasvm-1"));
    QCOMPARE(i.containerName, QStringLiteral("iaasvmcontainer;iaasvm-rg;iaasvm-1"));
    QCOMPARE(i.armId.container,
             QStringLiteral("IaasVMContainer;iaasvmcontainer;iaasvm-rg;iaasvm-1")); // from the id
    QCOMPARE(i.armId.vault, QStringLiteral("NetSDKTestRsVault"));
    QCOMPARE(i.policyName, QStringLiteral("testPolicy1"));
    QCOMPARE(i.policyType, QStringLiteral("V2"));
    QCOMPARE(i.backupManagementType, QStringLiteral("AzureIaasVM"));
    QCOMPARE(i.workloadType, QStringLiteral("VM"));
    QCOMPARE(i.lastBackupStatus, QStringLiteral("Completed"));
    QCOMPARE(i.lastBackupTime, utc(2018, 1, 22, 12, 25, 32, 49));
    QCOMPARE(i.lastRecoveryPoint, utc(2017, 11, 22, 12, 25, 32, 49));
    QCOMPARE(i.health, ProtectedItem::Health::Passed);
    QCOMPARE(i.healthText, QStringLiteral("Passed"));
    QCOMPARE(i.protectionState, ProtectedItem::ProtectionState::Protected);
    QCOMPARE(i.protectionStatus, QStringLiteral("Healthy"));
    QVERIFY(i.isActivelyProtected());
    QVERIFY(i.sourceResourceId.endsWith(QStringLiteral("/virtualMachines/iaasvm-1")));
}

void TestBackupResources::protectedItemFromGet()
{
    const auto i = ProtectedItem::fromArm(armExample(QStringLiteral("Compute_ProtectedItem_Get.json")));
    QVERIFY(i.ok());
    QCOMPARE(i->kind, ProtectedItem::Kind::Vm);
    QCOMPARE(i->protectedItemType, QStringLiteral("Microsoft.Compute/virtualMachines"));
    QCOMPARE(i->armId.fabric, QStringLiteral("Azure"));
    QVERIFY(i->armId.fabricInId);
    QCOMPARE(i->armId.vault, QStringLiteral("PySDKBackupTestRsVault"));
    QCOMPARE(i->armId.container, QStringLiteral("IaasVMContainer;iaasvmcontainerv2;iaasvm-rg;iaasvm-1"));
    QCOMPARE(i->friendlyName, QStringLiteral("iaasvm-1"));
    QCOMPARE(
        i->policyId,
        QStringLiteral(
            "/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/PythonSDKBackupTestRg/"
            "providers/Microsoft.RecoveryServices/vaults/PySDKBackupTestRsVault/backupPolicies/testPolicy1"));
    QCOMPARE(i->policyName, QStringLiteral("testPolicy1"));
    QCOMPARE(i->raw.object()
                 .value(QStringLiteral("properties"))
                 .toObject()
                 .value(QStringLiteral("protectedItemDataId"))
                 .toString(),
             QStringLiteral("636482643132986882"));
}

void TestBackupResources::protectedItemNamesWhateverTheirCase()
{
    // Kind, health and state are told from their names ignoring case; a name of another length
    // (or the same length and other letters) is none of them.
    QJsonObject o = armExample(QStringLiteral("Compute_ProtectedItem_Get.json"));
    QJsonObject p = o.value(QStringLiteral("properties")).toObject();
    auto read = [&](const char *type, const char *health, const char *state) {
        p.insert(QStringLiteral("protectedItemType"), QLatin1String(type));
        p.insert(QStringLiteral("healthStatus"), QLatin1String(health));
        p.insert(QStringLiteral("protectionState"), QLatin1String(state));
        o.insert(QStringLiteral("properties"), p);
        return ProtectedItem::fromArm(o);
    };
    auto i = read("microsoft.compute/VIRTUALMACHINES", "passed", "PROTECTED");
    QVERIFY(i.ok());
    QCOMPARE(i->kind, ProtectedItem::Kind::Vm);
    QCOMPARE(i->health, ProtectedItem::Health::Passed);
    QCOMPARE(i->protectionState, ProtectedItem::ProtectionState::Protected);
    i = read("AzureFileShareProtectedItem", "ActionRequired", "ProtectionStopped");
    QVERIFY(i.ok());
    QCOMPARE(i->kind, ProtectedItem::Kind::FileShare);
    QCOMPARE(i->health, ProtectedItem::Health::ActionRequired);
    QCOMPARE(i->protectionState, ProtectedItem::ProtectionState::ProtectionStopped);
    i = read("Microsoft.Compute/virtualMachine", "Passes", "Protectedd");
    QVERIFY(i.ok());
    QVERIFY(i->kind != ProtectedItem::Kind::Vm);
    QCOMPARE(i->health, ProtectedItem::Health::Unknown);
    QCOMPARE(i->protectionState, ProtectedItem::ProtectionState::Unknown);
}

void TestBackupResources::protectedItemFromOperationResult()
{
    // The result of a protected-item operation is the item; its lastRecoveryPoint is null.
    const auto i = ProtectedItem::fromArm(armExample(QStringLiteral("ProtectedItemOperationResults.json")));
    QVERIFY(i.ok());
    QCOMPARE(i->friendlyName, QStringLiteral("netvmtestv2vm1"));
    QVERIFY(!i->lastRecoveryPoint.isValid());
    QVERIFY(i->lastBackupTime.isValid());
    QVERIFY(i->policyType.isEmpty());
    QCOMPARE(i->armId.resourceGroup, QStringLiteral("PythonSDKBackupTestRg"));
    QCOMPARE(ArmId::parse(i->sourceResourceId).resourceGroup, QStringLiteral("netsdktestrg"));
}

void TestBackupResources::recoveryPointsFromTheList()
{
    const auto page = Page<RecoveryPoint>::fromArm(armExample(QStringLiteral("RecoveryPoints_List.json")));
    QVERIFY(page.ok());
    QVERIFY(page->nextLink.isEmpty()); // null
    QCOMPARE(page->items.size(), 3);
    using Tier = RecoveryPoint::Tier;

    const RecoveryPoint &a = page->items.at(0);
    QCOMPARE(a.name, QStringLiteral("22244821112382"));
    QCOMPARE(a.kind, RecoveryPoint::Kind::IaasVm);
    QCOMPARE(a.time, utc(2017, 12, 21, 22, 48, 25, 435));
    QCOMPARE(a.consistency, QStringLiteral("CrashConsistent"));
    QCOMPARE(a.tiers.size(), 2);
    QCOMPARE(a.tiers.at(0).type, Tier::Type::Instant);
    QCOMPARE(a.tiers.at(0).status, Tier::Status::Deleted);
    QCOMPARE(a.validTiers, QStringList { QStringLiteral("HardenedRP") });
    QVERIFY(a.archiveReadiness()); // written "Archive" in this one
    QVERIFY(a.archiveReadiness()->ready);
    QCOMPARE(a.vmSize, QStringLiteral("Standard_D1"));
    QVERIFY(!a.needsRehydration());

    const RecoveryPoint &b = page->items.at(1);
    QCOMPARE(b.validTiers, QStringList { QStringLiteral("ArchivedRP") });
    QVERIFY(b.needsRehydration());
    const Tier *archived = b.tier(Tier::Type::Archived);
    QVERIFY(archived);
    QCOMPARE(archived->status, Tier::Status::Rehydrated);
    QCOMPARE(archived->rehydratedUntil, utc(2020, 12, 21, 22, 48, 25, 435));
    QVERIFY(b.isRehydratedAt(utc(2020, 12, 1, 0, 0, 0)));
    QVERIFY(!b.isRehydratedAt(utc(2021, 1, 1, 0, 0, 0)));
    QVERIFY(!b.archiveReadiness()->ready);
    QCOMPARE(
        b.archiveReadiness()->info,
        QStringLiteral("Recovery point cannot be moved to archive tier since it has already been moved."));
    QCOMPARE(b.zones, QStringList { QStringLiteral("1") });

    const RecoveryPoint &c = page->items.at(2);
    QCOMPARE(c.validTiers, (QStringList { QStringLiteral("InstantRP"), QStringLiteral("HardenedRP") }));
    QCOMPARE(c.sourceVmEncrypted, std::optional<bool>(true));
    QCOMPARE(c.vmSize, QStringLiteral("Standard_D2s_v3"));
    QCOMPARE(c.time, utc(2023, 9, 22, 20, 2, 0, 123));
    QVERIFY(c.retentionRule.isEmpty()); // the list does not say
    QVERIFY(!c.expiresAt.isValid());
    QCOMPARE(c.raw.value(QStringLiteral("properties")).toObject().value(QStringLiteral("osType")).toString(),
             QStringLiteral("Windows"));
}

void TestBackupResources::recoveryPointFromGet()
{
    const auto p = RecoveryPoint::fromArm(armExample(QStringLiteral("RecoveryPoints_Get.json")));
    QVERIFY(p.ok());
    QCOMPARE(p->name, QStringLiteral("26083826328862"));
    QCOMPARE(p->retentionRule, QStringLiteral("DefaultRule"));
    QCOMPARE(p->expiresAt, utc(2020, 11, 22, 22, 32, 46, 609));
    QCOMPARE(p->immutable, std::optional<bool>(true));
    QCOMPARE(p->immutableUntil, utc(2020, 11, 22, 22, 32, 46, 609));
    QCOMPARE(p->validTiers, QStringList { QStringLiteral("HardenedRP") });
    QVERIFY(p->archiveReadiness()->ready);
}

void TestBackupResources::numericTiersOfOlderPayloads()
{
    // The 2018 docs numbered tiers (1 instant, 2 vault, 3 archive) and statuses (1 valid, 3 deleted).
    const QJsonObject point {
        { QStringLiteral("id"),
          QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/"
                         "backupFabrics/Azure/protectionContainers/c/protectedItems/i/recoveryPoints/1") },
        { QStringLiteral("properties"),
          QJsonObject {
              { QStringLiteral("objectType"), QStringLiteral("IaasVMRecoveryPoint") },
              { QStringLiteral("recoveryPointTime"), QStringLiteral("2018-01-01T02:00:00Z") },
              { QStringLiteral("recoveryPointTierDetails"),
                QJsonArray {
                    QJsonObject { { QStringLiteral("type"), 1 }, { QStringLiteral("status"), 1 } },
                    QJsonObject { { QStringLiteral("type"), 2 }, { QStringLiteral("status"), 1 } },
                    QJsonObject { { QStringLiteral("type"), 3 }, { QStringLiteral("status"), 3 } } } } } }
    };
    const auto p = RecoveryPoint::fromArm(point);
    QVERIFY(p.ok());
    QCOMPARE(p->name, QStringLiteral("1")); // from the id
    QCOMPARE(p->validTiers, (QStringList { QStringLiteral("InstantRP"), QStringLiteral("HardenedRP") }));
    QCOMPARE(p->tiers.at(2).type, RecoveryPoint::Tier::Type::Archived);
    QCOMPARE(p->tiers.at(2).statusName, QStringLiteral("Deleted"));
    QCOMPARE(p->time, utc(2018, 1, 1, 2, 0, 0));
}

void TestBackupResources::workloadRecoveryPoints()
{
    const QString item
        = QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v/"
                         "backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg;vm/"
                         "protectedItems/SQLDataBase;mssqlserver;sales");
    const auto full = RecoveryPoint::fromArm(
        { { QStringLiteral("id"), item + QStringLiteral("/recoveryPoints/9") },
          { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("objectType"), QStringLiteral("AzureWorkloadSQLRecoveryPoint") },
                { QStringLiteral("recoveryPointTimeInUTC"), QStringLiteral("2026-11-01T00:30:00.0000000Z") },
                { QStringLiteral("type"), QStringLiteral("Full") } } } });
    QVERIFY(full.ok());
    QCOMPARE(full->kind, RecoveryPoint::Kind::WorkloadSql);
    QCOMPARE(full->consistency, QStringLiteral("Full"));
    QCOMPARE(full->time, utc(2026, 11, 1, 0, 30, 0));

    // A log chain has time ranges and may have no single time.
    const auto log = RecoveryPoint::fromArm(
        { { QStringLiteral("id"), item + QStringLiteral("/recoveryPoints/DefaultRangeRecoveryPoint") },
          { QStringLiteral("properties"),
            QJsonObject {
                { QStringLiteral("objectType"), QStringLiteral("AzureWorkloadSQLPointInTimeRecoveryPoint") },
                { QStringLiteral("type"), QStringLiteral("Log") },
                { QStringLiteral("timeRanges"),
                  QJsonArray { QJsonObject {
                      { QStringLiteral("startTime"), QStringLiteral("2026-11-01T00:30:00Z") },
                      { QStringLiteral("endTime"), QStringLiteral("2026-11-01T09:30:00Z") } } } } } } });
    QVERIFY2(log.ok(), qPrintable(log.ok() ? QString() : log.error().toString()));
    QVERIFY(!log->time.isValid());
    QCOMPARE(log->timeRanges.size(), 1);
    QCOMPARE(log->timeRanges.first().end, utc(2026, 11, 1, 9, 30, 0));
}

// ArmReader keeps the object it last descended to ("properties"): reads that switch between
// parents, nulls, missing members and a parent that is not an object read as a fresh walk would.
void TestBackupResources::readerPathsAcrossParents()
{
    const QJsonObject o {
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("a"), QStringLiteral("pa") },
                        { QStringLiteral("n"), QJsonValue() },
                        { QStringLiteral("deep"), QJsonObject { { QStringLiteral("x"), 1 } } } } },
        { QStringLiteral("other"), QJsonObject { { QStringLiteral("a"), QStringLiteral("oa") } } },
        { QStringLiteral("flat"), QStringLiteral("f") },
    };
    ArmReader r(o, QStringLiteral("Thing"));
    QCOMPARE(r.string("properties.a"), QStringLiteral("pa"));
    QCOMPARE(r.string("other.a"), QStringLiteral("oa"));
    QCOMPARE(r.string("properties.a"), QStringLiteral("pa"));
    QVERIFY(r.value("properties.n").isUndefined());
    QVERIFY(r.value("properties.missing").isUndefined());
    QCOMPARE(r.value("properties.deep.x").toInt(), 1);
    QCOMPARE(r.string("properties.a"), QStringLiteral("pa"));
    QCOMPARE(r.string("flat"), QStringLiteral("f"));
    QCOMPARE(r.string("othe.a"), QString());
    QVERIFY(r.ok());
    QVERIFY(r.value("flat.a").isUndefined()); // "flat" is no object
    QVERIFY(!r.ok());
    QVERIFY2(r.error().toString().contains(QStringLiteral("flat")), qPrintable(r.error().toString()));
}

QTEST_GUILESS_MAIN(TestBackupResources)
#include "tst_backupresources.moc"
