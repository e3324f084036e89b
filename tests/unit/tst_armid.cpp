// Resource ids as the API writes them (tests/data/arm and the sandbox): read case-insensitively,
// with or without backupFabrics, from ids and from header URLs; canonical forms; friendly names
// from container and item segments; case-insensitive sameness; the scope chain for permission
// checks; and strings that are not ids.
#include "armexamples.h"
#include "backup/armid.h"
#include "backup/backupname.h"

#include <QDirIterator>
#include <QJsonArray>
#include <QTest>

#include <algorithm>
#include <memory>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;

Q_DECLARE_METATYPE(RestoreDesk::Backup::ArmId::Kind)
Q_DECLARE_METATYPE(RestoreDesk::Backup::BackupName::Kind)

namespace {

const QString kSub = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000");
const QString kVault
    = kSub
    + QStringLiteral(
          "/resourceGroups/SwaggerTestRg/providers/Microsoft.RecoveryServices/vaults/NetSDKTestRsVault");
const QString kContainer = QStringLiteral("IaasVMContainer;iaasvmcontainerv2;netsdktestrg;netvmtestv2vm1");
const QString kItem = QStringLiteral("VM;iaasvmcontainerv2;netsdktestrg;netvmtestv2vm1");
const QString kItemId = kVault + QStringLiteral("/backupFabrics/Azure/protectionContainers/") + kContainer
    + QStringLiteral("/protectedItems/") + kItem;

void collectIds(const QJsonValue &v, QStringList *out)
{
    if (v.isString()) {
        const QString s = v.toString();
        if (s.startsWith(QLatin1String("/subscriptions/"), Qt::CaseInsensitive)
            || s.startsWith(QLatin1String("https://management.azure.com/subscriptions/"),
                            Qt::CaseInsensitive))
            out->append(s);
    } else if (v.isArray()) {
        for (const QJsonValue &e : v.toArray())
            collectIds(e, out);
    } else if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            collectIds(it.value(), out);
    }
}

// BackupName::parse as it was written with QStringView::split and Qt's folding of every word:
// what the one that splits in place must still give.
BackupName referenceBackupName(const QString &name)
{
    BackupName n;
    n.name = name;
    const QList<QStringView> parts = QStringView(name).split(QLatin1Char(';'));
    const QStringView tag = parts.first();
    const auto size = parts.size();
    auto is = [&tag](QLatin1String word) { return tag.compare(word, Qt::CaseInsensitive) == 0; };
    auto take = [&](BackupName::Kind found, int rgIndex, int nameIndex) {
        n.kind = found;
        n.resourceGroup = rgIndex >= 0 ? parts.at(rgIndex).toString() : QString();
        n.friendlyName = parts.at(nameIndex).toString();
    };
    using Kind = BackupName::Kind;
    if (is(QLatin1String("vm")) && size == 4)
        take(Kind::VmItem, 2, 3);
    else if (is(QLatin1String("iaasvmcontainer")) && size == 4)
        take(Kind::VmContainer, 2, 3);
    else if ((is(QLatin1String("iaasvmcontainerv2")) || is(QLatin1String("iaasvmcontainer"))) && size == 3)
        take(Kind::VmContainer, 1, 2);
    else if (is(QLatin1String("azurefileshare")) && size == 2)
        take(Kind::FileShareItem, -1, 1);
    else if (is(QLatin1String("storagecontainer")) && size == 4)
        take(Kind::StorageContainer, 2, 3);
    else if (is(QLatin1String("storage")) && size == 3)
        take(Kind::StorageContainer, 1, 2);
    else if (is(QLatin1String("vmappcontainer")) && size == 4)
        take(Kind::WorkloadContainer, 2, 3);
    else if (is(QLatin1String("compute")) && size == 3)
        take(Kind::WorkloadContainer, 1, 2);
    else if (is(QLatin1String("sqldatabase")) && size == 3) {
        take(Kind::SqlDatabaseItem, -1, 2);
        n.instance = parts.at(1).toString();
    } else {
        for (auto i = size - 1; i >= 0 && n.friendlyName.isEmpty(); --i)
            n.friendlyName = parts.at(i).toString();
    }
    return n;
}

} // namespace

class TestArmId : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void kinds_data();
    void kinds();
    void segmentNamesFoldedAsQtFoldsThem();
    void lowerIdIsToLower_data();
    void lowerIdIsToLower();
    void keyIsCanonicalLowered();
    void backupNameAsSplitAndFolded();
    void oddAndMalformedIds_data();
    void oddAndMalformedIds();
    void partsOfExampleIds();
    void everyIdInTheExamplesParses();
    void parsedLikeAnotherIsTheSame();
    void friendlyNames_data();
    void friendlyNames();
    void sameness_data();
    void sameness();
    void scopeChain_data();
    void scopeChain();
};

void TestArmId::kinds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<ArmId::Kind>("kind");
    QTest::addColumn<QString>("canonical");

    QTest::newRow("root") << "/" << ArmId::Kind::Root << "/";
    QTest::newRow("subscription") << kSub << ArmId::Kind::Subscription << kSub;
    QTest::newRow("resource group, odd casing")
        << "/Subscriptions/abc/resourcegroups/RG/" << ArmId::Kind::ResourceGroup
        << "/subscriptions/abc/resourceGroups/RG";
    QTest::newRow("vault") << kVault << ArmId::Kind::Vault << kVault;
    QTest::newRow("vault, odd casing")
        << "/Subscriptions/s/resourceGroups/rg/providers/microsoft.recoveryservices/Vaults/v"
        << ArmId::Kind::Vault
        << "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v";
    QTest::newRow("policy (example)")
        << armExample(QStringLiteral("ProtectionPolicies_Get.json")).value(QStringLiteral("id")).toString()
        << ArmId::Kind::Policy << kVault + QStringLiteral("/backupPolicies/testPolicy1");
    QTest::newRow("item without backupFabrics (list example)")
        << armExample(QStringLiteral("BackupProtectedItems_List.json"))
               .value(QStringLiteral("value"))
               .toArray()
               .first()
               .toObject()
               .value(QStringLiteral("id"))
               .toString()
        << ArmId::Kind::Item
        << kVault
            + QStringLiteral("/backupFabrics/Azure/protectionContainers/"
                             "IaasVMContainer;iaasvmcontainer;iaasvm-rg;iaasvm-1/"
                             "protectedItems/VM;iaasvmcontainer;iaasvm-rg;iaasvm-1");
    QTest::newRow("container") << kVault + QStringLiteral("/backupFabrics/Azure/protectionContainers/")
            + kContainer << ArmId::Kind::Container
                               << kVault + QStringLiteral("/backupFabrics/Azure/protectionContainers/")
            + kContainer;
    QTest::newRow("fabric") << kVault + QStringLiteral("/BACKUPFABRICS/Azure") << ArmId::Kind::Fabric
                            << kVault + QStringLiteral("/backupFabrics/Azure");
    QTest::newRow("recovery point") << kItemId + QStringLiteral("/RecoveryPoints/123")
                                    << ArmId::Kind::RecoveryPoint
                                    << kItemId + QStringLiteral("/recoveryPoints/123");
    QTest::newRow("job (example)")
        << armExample(QStringLiteral("GetJobDetails.json")).value(QStringLiteral("id")).toString()
        << ArmId::Kind::Job << kVault + QStringLiteral("/backupJobs/00000000-0000-0000-0000-000000000000");
    QTest::newRow("backup status URL (header)")
        << armExampleHeader(QStringLiteral("TriggerBackup_Post.json"), QStringLiteral("202"),
                            QStringLiteral("Azure-AsyncOperation"))
        << ArmId::Kind::Operation
        << kSub
            + QStringLiteral(
                "/resourceGroups/linuxRsVaultRG/providers/Microsoft.RecoveryServices/vaults/linuxRsVault/"
                "backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainer;testrg;v1win2012r/"
                "protectedItems/VM;iaasvmcontainer;testrg;v1win2012r/operationsStatus/"
                "00000000-0000-0000-0000-000000000000");
    QTest::newRow("policy status URL (header)")
        << armExampleHeader(QStringLiteral("ProtectionPolicies_CreateOrUpdate_Daily.json"),
                            QStringLiteral("202"), QStringLiteral("Azure-AsyncOperation"))
        << ArmId::Kind::Operation
        << kSub
            + QStringLiteral(
                "/resourceGroups/SwaggerTestRg/providers/Microsoft.RecoveryServices/vaults/swaggertestvault/"
                "backupPolicies/dailyPolicy2/operations/00000000-0000-0000-0000-000000000000");
    QTest::newRow("vault operation URL (header)")
        << armExampleHeader(QStringLiteral("ProtectedItem_Delete_OperationResult.json"),
                            QStringLiteral("202"), QStringLiteral("Azure-AsyncOperation"))
        << ArmId::Kind::Operation
        << kSub
            + QStringLiteral(
                "/resourceGroups/PythonSDKBackupTestRg/providers/Microsoft.RecoveryServices/vaults/"
                "PySDKBackupTestRsVault/backupOperations/00000000-0000-0000-0000-000000000000");
    QTest::newRow("job cancel result URL (header)") << armExampleHeader(
        QStringLiteral("TriggerCancelJob.json"), QStringLiteral("202"), QStringLiteral("Location"))
                                                    << ArmId::Kind::Operation
                                                    << kVault
            + QStringLiteral("/backupJobs/00000000-0000-0000-0000-000000000000/operationResults/"
                             "00000000-0000-0000-0000-000000000000");
    QTest::newRow("jobs export result")
        << kVault + QStringLiteral("/backupJobs/operationResults/op1") << ArmId::Kind::Operation
        << kVault + QStringLiteral("/backupJobs/operationResults/op1");
    QTest::newRow("vault LRO status")
        << kVault + QStringLiteral("/operationStatus/op2") << ArmId::Kind::Operation
        << kVault + QStringLiteral("/operationStatus/op2");
    QTest::newRow("virtual machine")
        << "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1"
        << ArmId::Kind::Resource
        << "/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/vm-1";
    QTest::newRow("resource group without a name (example sourceResourceId)")
        << armExample(QStringLiteral("Compute_ProtectedItem_Get.json"))
               .value(QStringLiteral("properties"))
               .toObject()
               .value(QStringLiteral("sourceResourceId"))
               .toString()
        << ArmId::Kind::Resource
        << kSub + QStringLiteral("/resourceGroups/providers/Microsoft.Compute/virtualMachines/iaasvm-1");
    QTest::newRow("group named providers")
        << "/subscriptions/s/resourceGroups/providers/providers/Microsoft.Compute/virtualMachines/v"
        << ArmId::Kind::Resource
        << "/subscriptions/s/resourceGroups/providers/providers/Microsoft.Compute/virtualMachines/v";
    QTest::newRow("tenant-level resource")
        << "/providers/Microsoft.Authorization/roleDefinitions/abc" << ArmId::Kind::Resource
        << "/providers/Microsoft.Authorization/roleDefinitions/abc";
    QTest::newRow("vault child") << kVault + QStringLiteral("/backupconfig/vaultconfig") << ArmId::Kind::Child
                                 << kVault + QStringLiteral("/backupconfig/vaultconfig");

    const QString notIds[] = {
        QString(),
        QStringLiteral("not an id"),
        QStringLiteral("subscriptions/x"),
        QStringLiteral("/subscriptions"),
        QStringLiteral("/resourceGroups/rg"),
        QStringLiteral("/subscriptions/x/resourceGroups"),
        QStringLiteral("/subscriptions/x/providers/Microsoft.RecoveryServices"),
        QStringLiteral("/subscriptions/x/foo/bar"),
        kVault + QStringLiteral("/protectedItems/x"),
        kVault + QStringLiteral("/recoveryPoints/1"),
        kVault + QStringLiteral("/backupFabrics"),
        kVault + QStringLiteral("/backupJobs/j/operationResults/o/extra/x"),
        kVault + QStringLiteral("/backupPolicies/p/backupJobs/j"),
        kVault + QStringLiteral("/backupJobs/operationResults"),
    };
    int n = 0;
    for (const QString &s : notIds)
        QTest::addRow("not an id %d", n++) << s << ArmId::Kind::Invalid << QString();
}

void TestArmId::kinds()
{
    QFETCH(QString, id);
    QFETCH(ArmId::Kind, kind);
    QFETCH(QString, canonical);
    const ArmId parsed = ArmId::parse(id);
    QCOMPARE(parsed.kind, kind);
    QCOMPARE(parsed.canonical(), canonical);
    QCOMPARE(parsed.isValid(), kind != ArmId::Kind::Invalid);
    if (parsed.isValid()) // the canonical form reads back as the same thing
        QCOMPARE(ArmId::parse(parsed.canonical()).key(), parsed.key());
}

void TestArmId::oddAndMalformedIds_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<ArmId::Kind>("kind");
    QTest::addColumn<QString>("canonical");

    const QString vault
        = QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v");
    const QString item
        = vault + QStringLiteral("/backupFabrics/Azure/protectionContainers/c;1/protectedItems/VM;a;b;vm-1");
    QTest::newRow("every segment upper case")
        << "/SUBSCRIPTIONS/s/RESOURCEGROUPS/rg/PROVIDERS/MICROSOFT.RECOVERYSERVICES/VAULTS/v/BACKUPFABRICS/"
           "Azure/PROTECTIONCONTAINERS/c;1/PROTECTEDITEMS/VM;a;b;vm-1"
        << ArmId::Kind::Item << item;
    QTest::newRow("doubled and trailing slashes, spaces around")
        << "  //Subscriptions//s//resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v//  "
        << ArmId::Kind::Vault << vault;
    QTest::newRow("URL with query and fragment") << QStringLiteral("https://management.azure.com") + item
            + QStringLiteral("?api-version=2023-04-01#top")
                                                 << ArmId::Kind::Item << item;
    QTest::newRow("URL without a path") << "https://management.azure.com" << ArmId::Kind::Root << "/";
    // The path ends at the first '?' or '#', whichever comes first; slashes after it are not
    // segments.
    QTest::newRow("fragment before a query")
        << vault + QStringLiteral("#/protectedItems/x?y=/z") << ArmId::Kind::Vault << vault;
    QTest::newRow("query with slashes")
        << vault + QStringLiteral("?$skipToken=a/b/c&x=/protectedItems/y") << ArmId::Kind::Vault << vault;
    QTest::newRow("query right after a slash")
        << vault + QStringLiteral("/?api-version=1") << ArmId::Kind::Vault << vault;
    // A slash in the query of a URL without a path is not the path.
    QTest::newRow("host with a query and no path")
        << "https://management.azure.com?x=/subscriptions/s" << ArmId::Kind::Root << "/";
    QTest::newRow("host with a fragment and no path")
        << "https://management.azure.com#/subscriptions/s" << ArmId::Kind::Root << "/";
    // "://" counts only after a scheme of one to nine characters at the start.
    QTest::newRow("scheme of nine") << "abcdefghi://h/subscriptions/s" << ArmId::Kind::Subscription
                                    << "/subscriptions/s";
    QTest::newRow("scheme of ten") << "abcdefghij://h/subscriptions/s" << ArmId::Kind::Invalid << QString();
    QTest::newRow("scheme with + - .")
        << "a+b-c.d://h/subscriptions/s" << ArmId::Kind::Subscription << "/subscriptions/s";
    QTest::newRow("scheme starting with a digit")
        << "1ab://h/subscriptions/s" << ArmId::Kind::Invalid << QString();
    QTest::newRow(":// in a query") << "/a?b=://h/subscriptions/s" << ArmId::Kind::Invalid << QString();
    QTest::newRow(":// after a query mark") << "?://h/subscriptions/s" << ArmId::Kind::Invalid << QString();
    QTest::newRow(":// after a slash") << "/://h/subscriptions/s" << ArmId::Kind::Invalid << QString();
    QTest::newRow("scheme too far in")
        << "abcdefghijk://h/subscriptions/s" << ArmId::Kind::Invalid << QString();
    // Segments of every length around the eight-unit steps the split takes.
    for (int length = 1; length <= 18; ++length) {
        const QString name(length, QLatin1Char('n'));
        QTest::newRow(qPrintable(QStringLiteral("vault name of %1").arg(length)))
            << QStringLiteral(
                   "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/")
                + name + QStringLiteral("?q#f")
            << ArmId::Kind::Vault
            << QStringLiteral(
                   "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/")
                + name;
    }
    QTest::newRow("segment one letter off") << "/subscriptionz/s" << ArmId::Kind::Invalid << QString();
    QTest::newRow("segment one letter longer")
        << vault + QStringLiteral("/protectedItemss/x") << ArmId::Kind::Child
        << vault + QStringLiteral("/protectedItemss/x");
    QTest::newRow("vaults without a name")
        << "/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults"
        << ArmId::Kind::Invalid << QString();
    QTest::newRow("item without its name") << vault
            + QStringLiteral("/backupFabrics/Azure/protectionContainers/c/"
                             "protectedItems")
                                           << ArmId::Kind::Invalid << QString();
    QTest::newRow("only slashes") << "///" << ArmId::Kind::Root << "/";
    QTest::newRow("non-ASCII segment")
        << QStringLiteral("/subscriptions/s/resourceGroups/r\u00e9/x") << ArmId::Kind::Invalid << QString();
    QTest::newRow("NUL in a segment")
        << QString(QStringLiteral("/subscriptions/a") + QChar(0) + QStringLiteral("b"))
        << ArmId::Kind::Subscription
        << QString(QStringLiteral("/subscriptions/a") + QChar(0) + QStringLiteral("b"));
    // More segments than the parser keeps in place: children of a resource, all kept in order.
    QString many
        = QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/virtualMachines/m");
    for (int i = 0; i < 40; ++i)
        many += QStringLiteral("/t%1/n%1").arg(i);
    QTest::newRow("eighty child segments") << many << ArmId::Kind::Child << many;
    QString odd = many + QStringLiteral("/dangling");
    QTest::newRow("eighty child segments and a type without a name")
        << odd << ArmId::Kind::Invalid << QString();
}

void TestArmId::oddAndMalformedIds()
{
    QFETCH(QString, id);
    QFETCH(ArmId::Kind, kind);
    QFETCH(QString, canonical);
    const ArmId parsed = ArmId::parse(id);
    QCOMPARE(parsed.kind, kind);
    QCOMPARE(parsed.canonical(), canonical);
    if (!parsed.isValid()) { // nothing of a refused id is kept
        QVERIFY(parsed.subscription.isEmpty());
        QVERIFY(parsed.item.isEmpty());
        QVERIFY(parsed.children.isEmpty());
    }
}

void TestArmId::partsOfExampleIds()
{
    // The list example: "Subscriptions", no backupFabrics.
    const ArmId listed = ArmId::parse(armExample(QStringLiteral("BackupProtectedItems_List.json"))
                                          .value(QStringLiteral("value"))
                                          .toArray()
                                          .first()
                                          .toObject()
                                          .value(QStringLiteral("id"))
                                          .toString());
    QCOMPARE(listed.subscription, QStringLiteral("00000000-0000-0000-0000-000000000000"));
    QCOMPARE(listed.resourceGroup, QStringLiteral("SwaggerTestRg"));
    QCOMPARE(listed.vault, QStringLiteral("NetSDKTestRsVault"));
    QCOMPARE(listed.fabric, QStringLiteral("Azure"));
    QVERIFY(!listed.fabricInId);
    QCOMPARE(listed.container, QStringLiteral("IaasVMContainer;iaasvmcontainer;iaasvm-rg;iaasvm-1"));
    QCOMPARE(listed.item, QStringLiteral("VM;iaasvmcontainer;iaasvm-rg;iaasvm-1"));
    QCOMPARE(listed.itemFriendlyName(), QStringLiteral("iaasvm-1"));
    QCOMPARE(listed.vaultId(), kVault);
    QCOMPARE(listed.friendlyName(), QStringLiteral("iaasvm-1"));

    // A recovery point of the list example.
    const ArmId point = ArmId::parse(armExample(QStringLiteral("RecoveryPoints_List.json"))
                                         .value(QStringLiteral("value"))
                                         .toArray()
                                         .at(2)
                                         .toObject()
                                         .value(QStringLiteral("id"))
                                         .toString());
    QCOMPARE(point.kind, ArmId::Kind::RecoveryPoint);
    QCOMPARE(point.recoveryPoint, QStringLiteral("70477518625276"));
    QCOMPARE(point.vault, QStringLiteral("testVault408"));
    QVERIFY(point.fabricInId);
    QCOMPARE(point.containerFriendlyName(), QStringLiteral("vm408"));
    QCOMPARE(
        point.itemId(),
        QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/"
                       "FijiValidation-asr-microsoftrrdclab3-408/providers/Microsoft.RecoveryServices/vaults/"
                       "testVault408/backupFabrics/Azure/protectionContainers/"
                       "IaasVMContainer;iaasvmcontainerv2;fijivalidation-asr-microsoftrrdclab3-408;vm408/"
                       "protectedItems/VM;iaasvmcontainerv2;fijivalidation-asr-microsoftrrdclab3-408;vm408"));

    // The restore's status URL writes the names in other casings; it is still that item.
    const QString statusUrl
        = armExampleHeader(QStringLiteral("TriggerRestore_RestoreDisks_IaasVMRestoreRequest.json"),
                           QStringLiteral("202"), QStringLiteral("Azure-AsyncOperation"));
    const ArmId status = ArmId::parse(statusUrl);
    QCOMPARE(status.kind, ArmId::Kind::Operation);
    QCOMPARE(status.operationType, QStringLiteral("operationsStatus"));
    QCOMPARE(status.operation, QStringLiteral("00000000-0000-0000-0000-000000000000"));
    QCOMPARE(status.item, QStringLiteral("vm;iaasVMContainerV2;netsdktestrg;netvmtestv2vm1"));
    const QJsonObject params
        = armExampleFile(QStringLiteral("TriggerRestore_RestoreDisks_IaasVMRestoreRequest.json"))
              .value(QStringLiteral("parameters"))
              .toObject();
    const QString requestItem
        = QStringLiteral("/subscriptions/%1/resourceGroups/%2/providers/Microsoft.RecoveryServices/vaults/%3/"
                         "backupFabrics/%4/protectionContainers/%5/protectedItems/%6")
              .arg(params.value(QStringLiteral("subscriptionId")).toString(),
                   params.value(QStringLiteral("resourceGroupName")).toString(),
                   params.value(QStringLiteral("vaultName")).toString(),
                   params.value(QStringLiteral("fabricName")).toString(),
                   params.value(QStringLiteral("containerName")).toString(),
                   params.value(QStringLiteral("protectedItemName")).toString());
    QVERIFY(sameArmId(status.itemId(), requestItem));
    QCOMPARE(status.itemFriendlyName(), QStringLiteral("netvmtestv2vm1"));

    // The policy's status URL names the policy; the cancel's result URL names the job.
    const ArmId policyOp
        = ArmId::parse(armExampleHeader(QStringLiteral("ProtectionPolicies_CreateOrUpdate_Daily.json"),
                                        QStringLiteral("202"), QStringLiteral("Location")));
    QCOMPARE(policyOp.policy, QStringLiteral("dailyPolicy2"));
    QCOMPARE(policyOp.operationType, QStringLiteral("operationResults"));
    const ArmId cancel = ArmId::parse(armExampleHeader(QStringLiteral("CancelJobOperationResult.json"),
                                                       QStringLiteral("202"), QStringLiteral("Location")));
    QCOMPARE(cancel.job, QStringLiteral("00000000-0000-0000-0000-000000000000"));
    QCOMPARE(cancel.jobId(), kVault + QStringLiteral("/backupJobs/00000000-0000-0000-0000-000000000000"));
}

void TestArmId::everyIdInTheExamplesParses()
{
    // Every id-like string in every example file (resources, policies, sources, targets,
    // headers): it parses, and its canonical form reads back as the same thing.
    QDirIterator it(armExamplesDir(), { QStringLiteral("*.json") });
    int ids = 0;
    while (it.hasNext()) {
        const QString path = it.next();
        QStringList found;
        collectIds(armExampleFile(QFileInfo(path).fileName()), &found);
        for (const QString &s : std::as_const(found)) {
            const ArmId id = ArmId::parse(s);
            QVERIFY2(id.isValid(), qPrintable(QFileInfo(path).fileName() + QStringLiteral(": ") + s));
            QVERIFY2(sameArmId(id.canonical(), s), qPrintable(s));
            ++ids;
        }
    }
    QVERIFY2(ids >= 78, qPrintable(QString::number(ids))); // as many as the examples had when written
}

void TestArmId::parsedLikeAnotherIsTheSame()
{
    // parse(id, like) shares like's strings where they are equal: every part is still the id's
    // own, whatever `like` is (the same vault, another one, other casing, another kind of id).
    QStringList ids {
        QStringLiteral("/"),
        kSub,
        kVault,
        QStringLiteral("/subscriptions/S/resourceGroups/RG/providers/Microsoft.RecoveryServices/"
                       "vaults/V/backupFabrics/Azure/protectionContainers/c1/protectedItems/i1"),
        QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/"
                       "vaults/v/backupFabrics/azure/protectionContainers/c1/protectedItems/i2"),
        QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.RecoveryServices/"
                       "vaults/v/backupPolicies/p"),
        QStringLiteral("/subscriptions/s/resourceGroups/rg/providers/Microsoft.Compute/"
                       "virtualMachines/v"),
        QStringLiteral("/subscriptions/s/resourceGroups/providers/Microsoft.Compute/virtualMachines/v"),
        QStringLiteral("not an id")
    };
    QDirIterator it(armExamplesDir(), { QStringLiteral("*.json") });
    while (it.hasNext())
        collectIds(armExampleFile(QFileInfo(it.next()).fileName()), &ids);
    auto parts = [](const ArmId &a) {
        return QStringList { QString::number(int(a.kind)),
                             a.subscription,
                             a.resourceGroup,
                             QString::number(a.namelessResourceGroup),
                             a.providerNamespace,
                             a.resourceType,
                             a.resourceName,
                             a.vault,
                             a.fabric,
                             QString::number(a.fabricInId),
                             a.container,
                             a.item,
                             a.recoveryPoint,
                             a.policy,
                             a.job,
                             a.operationType,
                             a.operation,
                             a.children.join(QLatin1Char('|')) };
    };
    for (const QString &like : std::as_const(ids)) {
        const ArmId l = ArmId::parse(like);
        for (const QString &id : std::as_const(ids))
            QCOMPARE(parts(ArmId::parse(id, l)), parts(ArmId::parse(id)));
    }
}

void TestArmId::friendlyNames_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<BackupName::Kind>("kind");
    QTest::addColumn<QString>("friendly");
    QTest::addColumn<QString>("resourceGroup");

    QTest::newRow("vm item") << "VM;iaasvmcontainerv2;rg-web;vm-web-01" << BackupName::Kind::VmItem
                             << "vm-web-01"
                             << "rg-web";
    QTest::newRow("vm item, lower case") << "vm;iaasvmcontainerv2;rg;vm1" << BackupName::Kind::VmItem << "vm1"
                                         << "rg";
    QTest::newRow("classic vm item") << "VM;iaasvmcontainer;iaasvm-rg;iaasvm-1" << BackupName::Kind::VmItem
                                     << "iaasvm-1"
                                     << "iaasvm-rg";
    QTest::newRow("vm container") << "IaasVMContainer;iaasvmcontainerv2;rg;vm1"
                                  << BackupName::Kind::VmContainer << "vm1"
                                  << "rg";
    QTest::newRow("vm container, short (containerName)")
        << "iaasvmcontainerv2;iaasvm-rg;iaasvm-1" << BackupName::Kind::VmContainer << "iaasvm-1"
        << "iaasvm-rg";
    QTest::newRow("file share") << "AzureFileShare;finance" << BackupName::Kind::FileShareItem << "finance"
                                << "";
    QTest::newRow("storage container") << "StorageContainer;Storage;rg-files;stfabrikam"
                                       << BackupName::Kind::StorageContainer << "stfabrikam"
                                       << "rg-files";
    QTest::newRow("storage container, short")
        << "Storage;rg-files;stfabrikam" << BackupName::Kind::StorageContainer << "stfabrikam"
        << "rg-files";
    QTest::newRow("sql database") << "SQLDataBase;mssqlserver;sales" << BackupName::Kind::SqlDatabaseItem
                                  << "sales"
                                  << "";
    QTest::newRow("workload container")
        << "VMAppContainer;Compute;rg-db;vm-sql-01" << BackupName::Kind::WorkloadContainer << "vm-sql-01"
        << "rg-db";
    QTest::newRow("unknown shape") << "SAPHanaDatabase;hxe;systemdb" << BackupName::Kind::Other << "systemdb"
                                   << "";
    QTest::newRow("plain") << "something" << BackupName::Kind::Other << "something"
                           << "";
    QTest::newRow("trailing separator") << "odd;name;" << BackupName::Kind::Other << "name"
                                        << "";
    QTest::newRow("empty") << "" << BackupName::Kind::Other << ""
                           << "";
}

void TestArmId::friendlyNames()
{
    QFETCH(QString, name);
    QFETCH(BackupName::Kind, kind);
    QFETCH(QString, friendly);
    QFETCH(QString, resourceGroup);
    const BackupName n = BackupName::parse(name);
    QCOMPARE(n.kind, kind);
    QCOMPARE(n.friendlyName, friendly);
    QCOMPARE(n.resourceGroup, resourceGroup);
    if (kind == BackupName::Kind::SqlDatabaseItem)
        QCOMPARE(n.instance, QStringLiteral("mssqlserver"));
}

void TestArmId::sameness_data()
{
    QTest::addColumn<QString>("a");
    QTest::addColumn<QString>("b");
    QTest::addColumn<bool>("same");
    QTest::newRow("case and trailing slash") << "/Subscriptions/A/resourceGroups/RG/"
                                             << "/subscriptions/a/resourcegroups/rg" << true;
    QTest::newRow("with and without backupFabrics") << kVault + QStringLiteral("/protectionContainers/")
            + kContainer + QStringLiteral("/protectedItems/")
            + kItem << kItemId.toUpper() << true;
    QTest::newRow("other fabric") << kVault + QStringLiteral("/protectionContainers/c/protectedItems/i")
                                  << kVault
            + QStringLiteral("/backupFabrics/Other/protectionContainers/c/protectedItems/i")
                                  << false;
    QTest::newRow("URL and id") << QStringLiteral("https://management.azure.com") + kVault
            + QStringLiteral("?api-version=1")
                                << kVault << true;
    QTest::newRow("different vault") << kVault << kVault + QStringLiteral("2") << false;
    QTest::newRow("vault and its item") << kVault << kItemId << false;
    QTest::newRow("two non-ids, same text") << "not an id"
                                            << "NOT AN ID" << true;
    QTest::newRow("id and non-id") << kVault << "vault" << false;
}

void TestArmId::sameness()
{
    QFETCH(QString, a);
    QFETCH(QString, b);
    QFETCH(bool, same);
    QCOMPARE(sameArmId(a, b), same);
    QCOMPARE(sameArmId(b, a), same);
}

void TestArmId::scopeChain_data()
{
    QTest::addColumn<QString>("id");
    QTest::addColumn<QStringList>("chain");
    const QString rg = kSub + QStringLiteral("/resourceGroups/SwaggerTestRg");
    QTest::newRow("item") << kItemId << QStringList { kVault, rg, kSub, QStringLiteral("/") };
    QTest::newRow("job") << kVault + QStringLiteral("/backupJobs/j")
                         << QStringList { kVault, rg, kSub, QStringLiteral("/") };
    QTest::newRow("vault, odd casing")
        << kVault.toUpper()
        << QStringList { QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/"
                                        "resourceGroups/SWAGGERTESTRG/providers/"
                                        "Microsoft.RecoveryServices/vaults/NETSDKTESTRSVAULT"),
                         QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/"
                                        "resourceGroups/SWAGGERTESTRG"),
                         kSub, QStringLiteral("/") };
    QTest::newRow("resource group") << rg << QStringList { rg, kSub, QStringLiteral("/") };
    QTest::newRow("subscription") << kSub << QStringList { kSub, QStringLiteral("/") };
    QTest::newRow("root") << "/" << QStringList { QStringLiteral("/") };
    QTest::newRow("not an id") << "vault" << QStringList {};
}

void TestArmId::scopeChain()
{
    QFETCH(QString, id);
    QFETCH(QStringList, chain);
    QCOMPARE(ArmId::parse(id).scopeChain(), chain);
}

void TestArmId::segmentNamesFoldedAsQtFoldsThem()
{
    // Segment names are compared without regard to case: ASCII is folded directly, anything else
    // as Qt folds it (U+017F, long s, is an 's'; U+212A, the Kelvin sign, a 'k'), as before.
    const QString vault
        = QStringLiteral("/%1/abc/resourceGroups/rg/providers/Microsoft.RecoveryServices/vaults/v1");
    const ArmId longS = ArmId::parse(vault.arg(QString::fromUtf16(u"\u017Fubscriptions")));
    QCOMPARE(longS.kind, ArmId::Kind::Vault);
    QCOMPARE(longS.subscription, QStringLiteral("abc"));
    const ArmId upper = ArmId::parse(
        QStringLiteral("/SUBSCRIPTIONS/abc/RESOURCEGROUPS/rg/PROVIDERS/microsoft.recoveryservices/VAULTS/v1/"
                       "backupFabrics/Azure/protectionContainers/c;x/protectedItems/VM;a;b"));
    QCOMPARE(upper.kind, ArmId::Kind::Item);
    QCOMPARE(upper.item, QStringLiteral("VM;a;b"));
    const ArmId kelvin
        = ArmId::parse(vault.arg(QStringLiteral("subscriptions"))
                       + QString::fromUtf16(u"/bac\u212Aupfabrics/Azure/protectionContainers/c/"
                                            u"protectedItems/i"));
    QCOMPARE(kelvin.kind, ArmId::Kind::Item);
    QCOMPARE(kelvin.item, QStringLiteral("i"));
    const ArmId sharpS = ArmId::parse(vault.arg(QStringLiteral("subscriptions"))
                                      + QString::fromUtf16(u"/backupPolicie\u00DF/p1"));
    QVERIFY(sharpS.policy.isEmpty()); // \u00DF folds to "ss": not the same length, not the name
}

void TestArmId::lowerIdIsToLower_data()
{
    QTest::addColumn<QString>("text");
    QTest::newRow("empty") << QString();
    QTest::newRow("empty, not null") << QStringLiteral("");
    QTest::newRow("lower") << kItemId.toLower();
    QTest::newRow("mixed") << kItemId;
    QTest::newRow("upper") << kItemId.toUpper();
    QTest::newRow("edges of A-Z") << QStringLiteral("@AZ[`az{ \x01\x7f");
    QTest::newRow("upper at the end") << QStringLiteral("abc/Z");
    QTest::newRow("latin-1") << QString::fromUtf16(u"/vaults/\u00C9T\u00C9-\u00DF");
    QTest::newRow("kelvin") << QString::fromUtf16(u"/bac\u212AupFabrics");
    QTest::newRow("dotted I, final sigma") << QString::fromUtf16(u"I\u0130\u03A3\u03A3 x");
    QTest::newRow("surrogate pair") << QString::fromUtf16(u"A\U00010400B"); // DESERET CAPITAL LONG I
    QTest::newRow("non-ASCII last") << QString::fromUtf16(u"ABC\u00C0");
    // Eight units at a time, then one by one: every ASCII unit and the first units past it in
    // every place of a block and of the tail.
    for (const qsizetype length : { 7, 8, 9, 16, 17, 23 }) {
        for (char16_t u = 0; u < 0x82; ++u) {
            for (qsizetype at = 0; at < length; at += (length > 9 ? 3 : 1)) {
                QString text(length, QLatin1Char('Q'));
                text[at] = QChar(u);
                QTest::addRow("unit %x at %d of %d", unsigned(u), int(at), int(length)) << text;
            }
        }
    }
    for (const char16_t u : { char16_t(0x212a), char16_t(0x8041), char16_t(0xff41), char16_t(0xffff) })
        QTest::addRow("unit %x in a block", unsigned(u))
            << (QStringLiteral("ABCDEFG") + QChar(u) + QStringLiteral("HIJ"));
}

void TestArmId::lowerIdIsToLower()
{
    // What QString::toLower() gives, byte for byte, whatever the text (ASCII is lowered directly).
    QFETCH(QString, text);
    const QString lowered = lowerId(text);
    QCOMPARE(lowered, text.toLower());
    QCOMPARE(lowered.isNull(), text.toLower().isNull());
    // The argument is not changed through a shared copy.
    const QString copy = text;
    QCOMPARE(lowerId(copy), text.toLower());
    QCOMPARE(copy, text);
    // lowerAsciiInto(): the same units for ASCII text, and no answer for any other.
    // Exactly the text's size on the heap: a write past it is an error the sanitizers see.
    const auto out = std::make_unique<char16_t[]>(size_t(text.size()));
    const bool ascii = std::all_of(text.cbegin(), text.cend(), [](QChar c) { return c.unicode() < 0x80; });
    QCOMPARE(lowerAsciiInto(text, out.get()), ascii);
    if (ascii)
        QCOMPARE(QStringView(out.get(), text.size()).toString(), text.toLower());
}

void TestArmId::keyIsCanonicalLowered()
{
    const QStringList ids { kItemId,
                            kItemId.toUpper(),
                            kVault,
                            kSub,
                            QStringLiteral("/"),
                            QStringLiteral("not an id"),
                            kVault + QString::fromUtf16(u"/backupPolicies/P\u00C9-\u212A"),
                            kVault + QStringLiteral("/backupJobs/JOB-1") };
    for (const QString &id : ids) {
        const ArmId a = ArmId::parse(id);
        QCOMPARE(a.key(), a.canonical().toLower());
    }
}

void TestArmId::backupNameAsSplitAndFolded()
{
    // Every form the header lists, in odd casing, with parts missing, empty or added, and tags
    // that fold to a word only through Qt's tables (U+017F, long s, is an 's'; U+212A a 'k').
    QStringList names { QString(),
                        QStringLiteral(""),
                        QStringLiteral(";"),
                        QStringLiteral(";;;"),
                        QStringLiteral("vm"),
                        QStringLiteral("x;y;"),
                        QStringLiteral("a;;"),
                        QString::fromUtf16(u"\u017Ftorage;rg;acct"),
                        QString::fromUtf16(u"\u017Fqldatabase;mssqlserver;db"),
                        QString::fromUtf16(u"\u212A;a;b;c"),
                        QString::fromUtf16(u"caf\u00e9;r\u00e9g;n\u00e6me") };
    const QStringList forms { QStringLiteral("VM;iaasvmcontainerv2;rg;vm1"),
                              QStringLiteral("IaasVMContainer;iaasvmcontainerv2;rg;vm1"),
                              QStringLiteral("iaasvmcontainerv2;rg;vm1"),
                              QStringLiteral("iaasvmcontainer;rg;vm1"),
                              QStringLiteral("AzureFileShare;share1"),
                              QStringLiteral("StorageContainer;Storage;rg;acct"),
                              QStringLiteral("Storage;rg;acct"),
                              QStringLiteral("VMAppContainer;Compute;rg;vm1"),
                              QStringLiteral("Compute;rg;vm1"),
                              QStringLiteral("SQLDataBase;mssqlserver;db1") };
    for (const QString &form : forms) {
        names << form << form.toUpper() << form.toLower() << form + QStringLiteral(";extra")
              << form.section(QLatin1Char(';'), 0, -2) << form + QLatin1Char(';') << QLatin1Char(';') + form;
    }
    for (const QString &name : std::as_const(names)) {
        const BackupName got = BackupName::parse(name);
        const BackupName want = referenceBackupName(name);
        QCOMPARE(int(got.kind), int(want.kind));
        QCOMPARE(got.name, want.name);
        QCOMPARE(got.friendlyName, want.friendlyName);
        QCOMPARE(got.friendlyName.isNull(), want.friendlyName.isNull());
        QCOMPARE(got.resourceGroup, want.resourceGroup);
        QCOMPARE(got.instance, want.instance);
        // The view a listing's rows take (ProtectedItem::hostNameView()): the same text, in place.
        const QStringView view = BackupName::friendlyNameOf(name);
        QCOMPARE(view.toString(), want.friendlyName);
        const QStringView all(name);
        QVERIFY(view.isEmpty()
                || (view.utf16() >= all.utf16() && view.utf16() + view.size() <= all.utf16() + all.size()));
    }
}

QTEST_GUILESS_MAIN(TestArmId)
#include "tst_armid.moc"
