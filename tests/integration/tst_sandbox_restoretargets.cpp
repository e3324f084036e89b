// Where restores land, as the sandbox serves and checks it: reads of target resources (resource
// group, storage account and share, network, VM) with ARM's 403-before-404 order; the restore
// request's targets must exist, be free and sit in the vault's region, per kind; linked
// authorization on the targets (the same needs the console's pre-check evaluates); a restore whose
// answer is lost is the same restore when sent again with its client request id.
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {
const QString kB = QStringLiteral("?api-version=2026-02-01");
} // namespace

class TestSandboxRestoreTargets : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void targetReads_data();
    void targetReads();
    void requestChecks_data();
    void requestChecks();
    void validateListsEveryProblem();
    void linkedAuthorization();
    void childResourcePermissions();
    void newNamesAreTaken();
    void concurrentReplaceIsAConflict();
    void lostAnswerIsTheSameRestore();

private:
    QString token(const QString &user);
    QJsonObject item(const QString &friendlyName);
    QString point(const QString &itemId);
    SandboxHarness::Reply restore(const QString &user, const QString &friendlyName, QJsonObject props,
                                  const QList<QPair<QByteArray, QByteArray>> &headers = {});
    QJsonObject vmBody(const QString &friendlyName, const QString &recoveryType);

    SandboxHarness m_sandbox;
    QHash<QString, QString> m_tokens;
};

void TestSandboxRestoreTargets::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.jobDurationSeconds = 600;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
}

QString TestSandboxRestoreTargets::token(const QString &user)
{
    if (!m_tokens.contains(user))
        m_tokens.insert(user, m_sandbox.signIn(user).accessToken);
    return m_tokens.value(user);
}

QJsonObject TestSandboxRestoreTargets::item(const QString &friendlyName)
{
    const auto items = m_sandbox.get(kProdWeu + QStringLiteral("/backupProtectedItems") + kB,
                                     token(QStringLiteral("carla")));
    for (const QJsonValue &v : items.json.value(QStringLiteral("value")).toArray()) {
        if (v.toObject()
                .value(QStringLiteral("properties"))
                .toObject()
                .value(QStringLiteral("friendlyName"))
                .toString()
            == friendlyName)
            return v.toObject();
    }
    return {};
}

QString TestSandboxRestoreTargets::point(const QString &itemId)
{
    return m_sandbox.get(itemId + QStringLiteral("/recoveryPoints") + kB, token(QStringLiteral("carla")))
        .json.value(QStringLiteral("value"))
        .toArray()
        .first()
        .toObject()
        .value(QStringLiteral("name"))
        .toString();
}

SandboxHarness::Reply TestSandboxRestoreTargets::restore(const QString &user, const QString &friendlyName,
                                                         QJsonObject props,
                                                         const QList<QPair<QByteArray, QByteArray>> &headers)
{
    const QJsonObject i = item(friendlyName);
    const QString itemId = i.value(QStringLiteral("id")).toString();
    const QString p = point(itemId);
    props.insert(QStringLiteral("recoveryPointId"), p);
    if (!props.contains(QStringLiteral("sourceResourceId")))
        props.insert(
            QStringLiteral("sourceResourceId"),
            i.value(QStringLiteral("properties")).toObject().value(QStringLiteral("sourceResourceId")));
    return m_sandbox.send(
        "POST", itemId + QStringLiteral("/recoveryPoints/") + p + QStringLiteral("/restore") + kB,
        token(user), QJsonDocument(QJsonObject { { QStringLiteral("properties"), props } }).toJson(),
        headers);
}

QJsonObject TestSandboxRestoreTargets::vmBody(const QString &name, const QString &recoveryType)
{
    QJsonObject p { { QStringLiteral("objectType"), QStringLiteral("IaasVMRestoreRequest") },
                    { QStringLiteral("recoveryType"), recoveryType },
                    { QStringLiteral("storageAccountId"), kStaging } };
    if (recoveryType == QLatin1String("AlternateLocation")) {
        p.insert(QStringLiteral("targetResourceGroupId"), kRestoreRg);
        p.insert(QStringLiteral("targetVirtualMachineId"),
                 kRestoreRg + QStringLiteral("/providers/Microsoft.Compute/virtualMachines/") + name);
        p.insert(QStringLiteral("virtualNetworkId"), kVnet);
        p.insert(QStringLiteral("subnetId"), kVnet + QStringLiteral("/subnets/restore"));
    }
    return p;
}

void TestSandboxRestoreTargets::targetReads_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("path");
    QTest::addColumn<int>("status");
    QTest::addColumn<QString>("expect"); // the location, or the error code
    const QString res = QStringLiteral("?api-version=2021-04-01");
    const QString sto = QStringLiteral("?api-version=2023-05-01");
    const QString net = QStringLiteral("?api-version=2024-05-01");
    const QString cmp = QStringLiteral("?api-version=2024-07-01");
    QTest::newRow("resource group") << "oscar" << kRestoreRg + res << 200 << "westeurope";
    QTest::newRow("implied resource group of an item")
        << "carla" << kProd + "/resourceGroups/rg-web-prod" + res << 200 << "westeurope";
    QTest::newRow("missing resource group")
        << "carla" << kProd + "/resourceGroups/rg-nowhere" + res << 404 << "ResourceGroupNotFound";
    QTest::newRow("staging account") << "oscar" << kStaging + sto << 200 << "westeurope";
    QTest::newRow("account in another region") << "oscar" << kStagingNeu + sto << 200 << "northeurope";
    QTest::newRow("missing account") << "oscar"
                                     << kProd
            + "/resourceGroups/rg-staging/providers/Microsoft.Storage/storageAccounts/stnope" + sto
                                     << 404 << "ResourceNotFound";
    QTest::newRow("share") << "oscar" << kTargetAccount + "/fileServices/default/shares/restored" + sto << 200
                           << "";
    QTest::newRow("missing share") << "oscar" << kTargetAccount + "/fileServices/default/shares/nope" + sto
                                   << 404 << "ShareNotFound";
    QTest::newRow("network") << "oscar" << kVnet + net << 200 << "westeurope";
    QTest::newRow("protected VM") << "carla"
                                  << kProd
            + "/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01" + cmp
                                  << 200 << "westeurope";
    QTest::newRow("free VM name") << "oscar"
                                  << kRestoreRg + "/providers/Microsoft.Compute/virtualMachines/vm-new" + cmp
                                  << 404 << "ResourceNotFound";
    // No read right at the scope: 403, whether or not the thing exists (nothing leaks).
    QTest::newRow("no access, existing") << "nora" << kStaging + sto << 403 << "AuthorizationFailed";
    QTest::newRow("no access, missing")
        << "nora" << kProd + "/resourceGroups/rg-nowhere" + res << 403 << "AuthorizationFailed";
}

void TestSandboxRestoreTargets::targetReads()
{
    QFETCH(QString, user);
    QFETCH(QString, path);
    QFETCH(int, status);
    QFETCH(QString, expect);
    const auto r = m_sandbox.get(path, token(user));
    QCOMPARE(r.status, status);
    if (status == 200) {
        QCOMPARE(r.json.value(QStringLiteral("location")).toString(), expect);
        QCOMPARE(r.json.value(QStringLiteral("id")).toString().toLower(),
                 path.section(QLatin1Char('?'), 0, 0).toLower());
    } else {
        QCOMPARE(r.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 expect);
    }
    if (path.contains(QLatin1String("virtualNetworks")) && status == 200) {
        const QJsonArray subnets = r.json.value(QStringLiteral("properties"))
                                       .toObject()
                                       .value(QStringLiteral("subnets"))
                                       .toArray();
        QCOMPARE(subnets.size(), 2);
        QCOMPARE(subnets.at(1).toObject().value(QStringLiteral("id")).toString(),
                 kVnet + QStringLiteral("/subnets/restore"));
    }
}

void TestSandboxRestoreTargets::requestChecks_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<QJsonObject>("props");
    QTest::addColumn<QString>("code"); // empty: accepted (202)

    int names = 0;
    auto vm = [this, &names](const QString &type, const char *key = nullptr, const QString &value = {}) {
        // A fresh name per row: an accepted restore takes its new VM's name.
        QJsonObject p = vmBody(QStringLiteral("vm-checked-%1").arg(++names), type);
        if (key)
            p.insert(QLatin1String(key), value);
        return p;
    };
    QTest::newRow("disks") << "vm-web-01" << vm("RestoreDisks") << "";
    QTest::newRow("disks: staging missing")
        << "vm-web-01" << vm("RestoreDisks", "storageAccountId", kStaging + "x")
        << "UserErrorStorageAccountNotFound";
    QTest::newRow("disks: staging in another region")
        << "vm-web-01" << vm("RestoreDisks", "storageAccountId", kStagingNeu)
        << "UserErrorStagingStorageAccountInDifferentRegion";
    QTest::newRow("disks: target group missing")
        << "vm-web-01" << vm("RestoreDisks", "targetResourceGroupId", kProd + "/resourceGroups/rg-nowhere")
        << "UserErrorTargetResourceGroupNotFound";
    QTest::newRow("new VM") << "vm-web-01" << vm("AlternateLocation") << "";
    QTest::newRow("new VM: outside the target group")
        << "vm-web-01"
        << vm("AlternateLocation", "targetVirtualMachineId",
              kProd + "/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/vm-web-02")
        << "UserErrorInvalidTargetVm"; // another group than the target group
    QTest::newRow("new VM: network missing")
        << "vm-web-01" << vm("AlternateLocation", "virtualNetworkId", kVnet + "x")
        << "UserErrorVirtualNetworkNotFound";
    QJsonObject neu = vm("AlternateLocation", "virtualNetworkId", kVnetNeu);
    neu.insert(QStringLiteral("subnetId"), kVnetNeu + QStringLiteral("/subnets/default"));
    QTest::newRow("new VM: network in another region")
        << "vm-web-01" << neu << "UserErrorVirtualNetworkInDifferentRegion";
    QTest::newRow("new VM: subnet missing")
        << "vm-web-01" << vm("AlternateLocation", "subnetId", kVnet + "/subnets/nope")
        << "UserErrorSubnetNotFound";
    QTest::newRow("replace VM") << "vm-web-02" << vm("OriginalLocation") << "";

    const QString files
        = kProd
        + QStringLiteral(
              "/resourceGroups/rg-files-prod/providers/Microsoft.Storage/storageAccounts/stfabrikamfiles");
    auto share = [&](const QString &type, const QString &copy, const QString &requestType,
                     const QJsonArray &specs, const QJsonObject &target) {
        QJsonObject p { { QStringLiteral("objectType"), QStringLiteral("AzureFileShareRestoreRequest") },
                        { QStringLiteral("recoveryType"), type },
                        { QStringLiteral("copyOptions"), copy },
                        { QStringLiteral("restoreRequestType"), requestType },
                        { QStringLiteral("sourceResourceId"), files } };
        if (!specs.isEmpty())
            p.insert(QStringLiteral("restoreFileSpecs"), specs);
        if (!target.isEmpty())
            p.insert(QStringLiteral("targetDetails"), target);
        return p;
    };
    const QJsonObject toRestored { { "name", "restored" }, { "targetResourceId", kTargetAccount } };
    QTest::newRow("share, original, skip")
        << "finance" << share("OriginalLocation", "Skip", "FullShareRestore", {}, {}) << "";
    QTest::newRow("share, alternate folder")
        << "finance"
        << share("AlternateLocation", "FailOnConflict", "FullShareRestore",
                 QJsonArray { QJsonObject { { "targetFolderPath", "finance-2026" } } }, toRestored)
        << "";
    QTest::newRow("share, alternate share missing")
        << "finance"
        << share("AlternateLocation", "Skip", "FullShareRestore", {},
                 QJsonObject { { "name", "nope" }, { "targetResourceId", kTargetAccount } })
        << "UserErrorTargetFileShareNotFound";
    QTest::newRow("share, alternate account in another region")
        << "finance"
        << share("AlternateLocation", "Skip", "FullShareRestore", {},
                 QJsonObject { { "name", "restored" }, { "targetResourceId", kStagingNeu } })
        << "UserErrorTargetStorageAccountInDifferentRegion";
    QTest::newRow("share, item level")
        << "finance"
        << share("OriginalLocation", "Overwrite", "ItemLevelRestore",
                 QJsonArray { QJsonObject { { "path", "reports/q3.xlsx" }, { "fileSpecType", "File" } } }, {})
        << "";
    QTest::newRow("share, item level escapes the share")
        << "finance"
        << share("OriginalLocation", "Skip", "ItemLevelRestore",
                 QJsonArray { QJsonObject { { "path", "../other" }, { "fileSpecType", "Directory" } } }, {})
        << "UserErrorInvalidRestoreFileSpec";
    QTest::newRow("share, item level without items")
        << "finance" << share("OriginalLocation", "Skip", "ItemLevelRestore", {}, {})
        << "UserErrorInvalidRestoreFileSpec";

    const QString host
        = kProdWeu
        + QStringLiteral(
              "/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg-db-prod;vm-sql-01");
    auto sql = [&](const QString &mode, const QJsonObject &target) {
        return QJsonObject { { QStringLiteral("objectType"),
                               QStringLiteral("AzureWorkloadSQLRestoreRequest") },
                             { QStringLiteral("recoveryType"), QStringLiteral("AlternateLocation") },
                             { QStringLiteral("recoveryMode"), mode },
                             { QStringLiteral("shouldUseAlternateTargetLocation"), true },
                             { QStringLiteral("targetInfo"), target } };
    };
    QTest::newRow("sql, new database") << "sales"
                                       << sql("WorkloadRecovery",
                                              { { "containerId", host },
                                                { "databaseName", "MSSQLSERVER/sales_copy" },
                                                { "overwriteOption", "FailOnConflict" } })
                                       << "";
    QTest::newRow("sql, existing database") << "sales"
                                            << sql("WorkloadRecovery",
                                                   { { "containerId", host },
                                                     { "databaseName", "MSSQLSERVER/inventory" },
                                                     { "overwriteOption", "FailOnConflict" } })
                                            << "UserErrorDatabaseAlreadyExists";
    QTest::newRow("sql, existing database overwritten") << "sales"
                                                        << sql("WorkloadRecovery",
                                                               { { "containerId", host },
                                                                 { "databaseName", "MSSQLSERVER/inventory" },
                                                                 { "overwriteOption", "Overwrite" } })
                                                        << "";
    // A host not registered in the vault, on a VM Oscar may write (so the linked authorization on
    // the target server passes and the vault's own check answers).
    const QString unknownHost = kProdWeu
        + QStringLiteral("/backupFabrics/Azure/protectionContainers/"
                         "VMAppContainer;Compute;rg-restore-weu;vm-not-registered");
    QTest::newRow("sql, unknown host")
        << "sales"
        << sql("WorkloadRecovery", { { "containerId", unknownHost }, { "databaseName", "MSSQLSERVER/x" } })
        << "UserErrorTargetContainerNotFound";
    QTest::newRow("sql, as files") << "sales"
                                   << sql("FileRecovery",
                                          { { "containerId", host },
                                            { "targetDirectoryForFileRestore", "F:\\restore" } })
                                   << "";
    QTest::newRow("sql, as files without folder")
        << "sales" << sql("FileRecovery", { { "containerId", host } }) << "UserErrorTargetDirectoryMissing";
}

void TestSandboxRestoreTargets::requestChecks()
{
    QFETCH(QString, item);
    QFETCH(QJsonObject, props);
    QFETCH(QString, code);
    // VM requests go through the validate operation too (it shares the checks, and reports them
    // without the linked-authorization step, so targets Oscar may not write are still judged).
    if (props.value(QStringLiteral("objectType")).toString().startsWith(QLatin1String("IaasVM"))) {
        const QJsonObject i = this->item(item);
        QJsonObject r = props;
        r.insert(QStringLiteral("recoveryPointId"), point(i.value(QStringLiteral("id")).toString()));
        r.insert(QStringLiteral("sourceResourceId"),
                 i.value(QStringLiteral("properties")).toObject().value(QStringLiteral("sourceResourceId")));
        const QJsonObject body { { QStringLiteral("properties"),
                                   QJsonObject { { QStringLiteral("objectType"),
                                                   QStringLiteral("ValidateIaasVMRestoreOperationRequest") },
                                                 { QStringLiteral("restoreRequest"), r } } } };
        const auto v = m_sandbox.send("POST", kProdWeu + QStringLiteral("/backupValidateOperation") + kB,
                                      token(QStringLiteral("oscar")), QJsonDocument(body).toJson());
        QCOMPARE(v.status, 200);
        const QJsonArray results = v.json.value(QStringLiteral("validateOperationResponse"))
                                       .toObject()
                                       .value(QStringLiteral("validationResults"))
                                       .toArray();
        QCOMPARE(results.isEmpty() ? QString()
                                   : results.first().toObject().value(QStringLiteral("code")).toString(),
                 code);
        if (!code.isEmpty())
            return;
    }
    const auto r = restore(QStringLiteral("oscar"), item, props);
    if (code.isEmpty()) {
        QVERIFY2(r.status == 202, r.body.constData());
    } else {
        QCOMPARE(r.status, 400);
        QCOMPARE(r.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
                 code);
    }
}

void TestSandboxRestoreTargets::validateListsEveryProblem()
{
    const QJsonObject i = item(QStringLiteral("vm-web-01"));
    QJsonObject props = vmBody(QStringLiteral("vm-x"), QStringLiteral("AlternateLocation"));
    const QString nowhere = kProd + QStringLiteral("/resourceGroups/rg-nowhere");
    props.insert(QStringLiteral("targetResourceGroupId"), nowhere);
    props.insert(QStringLiteral("targetVirtualMachineId"),
                 nowhere + QStringLiteral("/providers/Microsoft.Compute/virtualMachines/vm-x"));
    props.insert(QStringLiteral("storageAccountId"), kStagingNeu);
    props.insert(QStringLiteral("subnetId"), kVnet + QStringLiteral("/subnets/nope"));
    props.insert(QStringLiteral("recoveryPointId"), point(i.value(QStringLiteral("id")).toString()));
    props.insert(QStringLiteral("sourceResourceId"),
                 i.value(QStringLiteral("properties")).toObject().value(QStringLiteral("sourceResourceId")));
    const QJsonObject body { { QStringLiteral("properties"),
                               QJsonObject { { QStringLiteral("objectType"),
                                               QStringLiteral("ValidateIaasVMRestoreOperationRequest") },
                                             { QStringLiteral("restoreRequest"), props } } } };
    const auto r = m_sandbox.send("POST", kProdWeu + QStringLiteral("/backupValidateOperation") + kB,
                                  token(QStringLiteral("oscar")), QJsonDocument(body).toJson());
    QCOMPARE(r.status, 200);
    QStringList codes;
    for (const QJsonValue &v : r.json.value(QStringLiteral("validateOperationResponse"))
                                   .toObject()
                                   .value(QStringLiteral("validationResults"))
                                   .toArray())
        codes << v.toObject().value(QStringLiteral("code")).toString();
    QCOMPARE(codes,
             QStringList({ "UserErrorStagingStorageAccountInDifferentRegion",
                           "UserErrorTargetResourceGroupNotFound", "UserErrorSubnetNotFound" }));
}

void TestSandboxRestoreTargets::linkedAuthorization()
{
    // Oscar may replace vm-web-02 but not vm-web-01: the vault side is the same, the target differs.
    auto refused = restore(QStringLiteral("oscar"), QStringLiteral("vm-web-01"),
                           vmBody({}, QStringLiteral("OriginalLocation")));
    QCOMPARE(refused.status, 403);
    const QJsonObject error = refused.json.value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("LinkedAuthorizationFailed"));
    QVERIFY(
        error.value(QStringLiteral("message"))
            .toString()
            .contains(
                QStringLiteral("'Microsoft.Compute/virtualMachines/write' on the linked scope(s) '") + kProd
                + QStringLiteral(
                    "/resourceGroups/rg-web-prod/providers/Microsoft.Compute/virtualMachines/vm-web-01'")));
    // Past the authorization: accepted, or (when an earlier case's replace of vm-web-02 still runs)
    // the conflict that is only judged after it.
    const auto allowed = restore(QStringLiteral("oscar"), QStringLiteral("vm-web-02"),
                                 vmBody({}, QStringLiteral("OriginalLocation")));
    QVERIFY2(
        allowed.status == 202
            || allowed.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString()
                == QLatin1String("UserErrorAnotherRestoreInProgressOnSameTarget"),
        allowed.body.constData());
    // Carla (Backup Contributor, Reader) has the vault side and nothing to write at rg-restore-weu.
    const auto carla = restore(QStringLiteral("carla"), QStringLiteral("vm-web-01"),
                               vmBody(QStringLiteral("vm-carla"), QStringLiteral("AlternateLocation")));
    QCOMPARE(carla.status, 403);
    QVERIFY(carla.body.contains("Microsoft.Compute/virtualMachines/write"));
    QVERIFY(carla.body.contains("Microsoft.Network/virtualNetworks/subnets/join/action"));
    // A SQL restore writes on the target server: Carla may not write vm-sql-01, Oscar may. The
    // server is the body's targetVirtualMachineId, else the VM its target container names.
    const QJsonObject sqlBody {
        { QStringLiteral("objectType"), QStringLiteral("AzureWorkloadSQLRestoreRequest") },
        { QStringLiteral("recoveryType"), QStringLiteral("AlternateLocation") },
        { QStringLiteral("recoveryMode"), QStringLiteral("FileRecovery") },
        { QStringLiteral("targetInfo"),
          QJsonObject { { QStringLiteral("containerId"),
                          kProdWeu
                              + QStringLiteral("/backupFabrics/Azure/protectionContainers/"
                                               "VMAppContainer;Compute;rg-db-prod;vm-sql-01") },
                        { QStringLiteral("targetDirectoryForFileRestore"), QStringLiteral("F:\\linked") } } }
    };
    const auto sqlCarla = restore(QStringLiteral("carla"), QStringLiteral("sales"), sqlBody);
    QCOMPARE(sqlCarla.status, 403);
    QVERIFY2(sqlCarla.body.contains("LinkedAuthorizationFailed")
                 && sqlCarla.body.contains(
                     "'Microsoft.Compute/virtualMachines/write' on the linked scope(s) '" + kProd.toUtf8()
                     + "/resourceGroups/rg-db-prod/providers/Microsoft.Compute/"
                       "virtualMachines/vm-sql-01'"),
             sqlCarla.body.constData());
    QCOMPARE(restore(QStringLiteral("oscar"), QStringLiteral("sales"), sqlBody).status, 202);
    // Rita has not even the vault side: the plain 403 comes first.
    const auto rita = restore(QStringLiteral("rita"), QStringLiteral("vm-web-01"),
                              vmBody({}, QStringLiteral("RestoreDisks")));
    QCOMPARE(rita.status, 403);
    QCOMPARE(rita.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("AuthorizationFailed"));
}

void TestSandboxRestoreTargets::childResourcePermissions()
{
    // A subnet's permissions (the pre-check asks there for subnets/join/action): the parent's path
    // is part of the scope, and what is assigned at the group above answers.
    const auto r
        = m_sandbox.get(kVnet
                            + QStringLiteral("/subnets/restore/providers/Microsoft.Authorization/permissions"
                                             "?api-version=2022-04-01"),
                        token(QStringLiteral("oscar")));
    QCOMPARE(r.status, 200);
    QStringList actions;
    for (const QJsonValue &v : r.json.value(QStringLiteral("value")).toArray()) {
        for (const QJsonValue &a : v.toObject().value(QStringLiteral("actions")).toArray())
            actions << a.toString();
    }
    QVERIFY(actions.contains(QStringLiteral("Microsoft.Network/virtualNetworks/subnets/join/action")));
    const auto nora = m_sandbox.get(kVnet
                                        + QStringLiteral("/subnets/restore/providers/Microsoft.Authorization/"
                                                         "permissions?api-version=2022-04-01"),
                                    token(QStringLiteral("nora")));
    QCOMPARE(nora.status, 200);
    QVERIFY(nora.json.value(QStringLiteral("value")).toArray().isEmpty());
}

void TestSandboxRestoreTargets::newNamesAreTaken()
{
    const QJsonObject props = vmBody(QStringLiteral("vm-web-restored"), QStringLiteral("AlternateLocation"));
    QCOMPARE(restore(QStringLiteral("oscar"), QStringLiteral("vm-web-01"), props).status, 202);
    const auto again = restore(QStringLiteral("oscar"), QStringLiteral("vm-web-01"), props);
    QCOMPARE(again.status, 400);
    QCOMPARE(again.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("UserErrorVmNameAlreadyExists"));
    QCOMPARE(m_sandbox
                 .get(kRestoreRg
                          + QStringLiteral("/providers/Microsoft.Compute/virtualMachines/"
                                           "vm-web-restored?api-version=2024-07-01"),
                      token(QStringLiteral("oscar")))
                 .status,
             200);
}

void TestSandboxRestoreTargets::concurrentReplaceIsAConflict()
{
    // Replacing vm-web-02's disks while another replace of it runs (jobs last ten minutes here):
    // 409 with the running job named; a new VM from the same item is no conflict.
    const QJsonObject replace = vmBody({}, QStringLiteral("OriginalLocation"));
    const auto first = restore(QStringLiteral("oscar"), QStringLiteral("vm-web-02"), replace);
    QVERIFY(first.status == 202 || first.status == 409); // 409: an earlier case's replace still runs
    const auto second = restore(QStringLiteral("oscar"), QStringLiteral("vm-web-02"), replace);
    QCOMPARE(second.status, 409);
    const QJsonObject error = second.json.value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(),
             QStringLiteral("UserErrorAnotherRestoreInProgressOnSameTarget"));
    QVERIFY(error.value(QStringLiteral("message")).toString().contains(QStringLiteral("in progress")));
    QCOMPARE(restore(QStringLiteral("oscar"), QStringLiteral("vm-web-02"),
                     vmBody(QStringLiteral("vm-web-02-copy"), QStringLiteral("AlternateLocation")))
                 .status,
             202);
}

void TestSandboxRestoreTargets::lostAnswerIsTheSameRestore()
{
    auto restoreJobs = [this] {
        int n = 0;
        for (const QJsonValue &v :
             m_sandbox.get(kProdWeu + QStringLiteral("/backupJobs") + kB, token(QStringLiteral("oscar")))
                 .json.value(QStringLiteral("value"))
                 .toArray()) {
            n += v.toObject()
                     .value(QStringLiteral("properties"))
                     .toObject()
                     .value(QStringLiteral("entityFriendlyName"))
                     .toString()
                == QLatin1String("vm-app-02");
        }
        return n;
    };
    const int before = restoreJobs();
    const QList<QPair<QByteArray, QByteArray>> id { { "x-ms-client-request-id",
                                                      "5b4c8f0e-0d55-4a52-9d2f-lost00000001" } };
    m_sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 1);
    const auto lost = restore(QStringLiteral("oscar"), QStringLiteral("vm-app-02"),
                              vmBody({}, QStringLiteral("RestoreDisks")), id);
    // The restore was started; the answer never came (unless the network stack resent the request
    // on its own, which must then be the same restore).
    QVERIFY(lost.status == 0 || lost.status == 202);
    QCOMPARE(restoreJobs(), before + 1);
    const auto again = restore(QStringLiteral("oscar"), QStringLiteral("vm-app-02"),
                               vmBody({}, QStringLiteral("RestoreDisks")), id);
    QCOMPARE(again.status, 202);
    QCOMPARE(restoreJobs(), before + 1);
    // A new client request id is a new restore.
    QCOMPARE(restore(QStringLiteral("oscar"), QStringLiteral("vm-app-02"),
                     vmBody({}, QStringLiteral("RestoreDisks")))
                 .status,
             202);
    QCOMPARE(restoreJobs(), before + 2);
}

QTEST_GUILESS_MAIN(TestSandboxRestoreTargets)
#include "tst_sandbox_restoretargets.moc"
