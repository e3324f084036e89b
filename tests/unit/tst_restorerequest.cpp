// The restore request as the wizard and the CLI build it: only the modes an item's kind supports,
// the body the API takes for each (objectType, recoveryType, targets, copy and overwrite options,
// rehydration), what is checked before sending (names, id kinds, paths, required fields, each tied
// to its field), what the preview says it will do, and the pending record that survives a restart.
#include "access/restoretarget.h"
#include "backup/pendingrestore.h"
#include "backup/pendingrestorestore.h"
#include "backup/restoreerrors.h"
#include "backup/restorerequest.h"
#include "backup/restoreservice.h"
#include "core/qtcompat.h"
#include "core/serverclock.h"
#include "sandbox/linkedauthorization.h"
#include "sandboxestate.h"
#include "sandboxids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;
using Mode = RestoreRequest::Mode;
using Field = RestoreRequest::Field;

class TestRestoreRequest : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void modesPerKind();
    void modeWords();
    void bodies_data();
    void bodies();
    void archivedPointsRehydrate();
    void archivedSqlPointsRehydrate();
    void checks_data();
    void checks();
    void overwriteIsOptIn();
    void effectsSayWhereItLands();
    void idsFromNames();
    void pendingRecordRoundTrip();
    void storeWritesWholeRecordsAndClaims();
    void aMeasuredClockNeverNarrowsTheLookBack_data();
    void aMeasuredClockNeverNarrowsTheLookBack();

    void preCheckAsksWhatTheServiceDemands_data();
    void preCheckAsksWhatTheServiceDemands();

private:
    RestoreRequest forItem(const QString &name, bool archived = false) const;
    RestoreRequest withEveryTarget(const QString &name, Mode mode, bool archived = false) const;
    Test::SandboxEstate m_estate;
};

void TestRestoreRequest::initTestCase()
{
    m_estate = Test::SandboxEstate::load();
    QVERIFY2(m_estate.ok(), qPrintable(m_estate.error));
}

RestoreRequest TestRestoreRequest::forItem(const QString &name, bool archived) const
{
    const ProtectedItem *item = m_estate.item(name);
    Q_ASSERT(item);
    RestoreSource s;
    s.item = *item;
    for (const RecoveryPoint &p : m_estate.points.value(item->id)) {
        if (p.needsRehydration() == archived) {
            s.point = p;
            break;
        }
    }
    s.vaultId = item->armId.vaultId();
    s.vaultLocation = QStringLiteral("westeurope");
    return RestoreRequest::forSource(s);
}

// A request of the item in the mode, with every target field filled (each mode reads its own).
RestoreRequest TestRestoreRequest::withEveryTarget(const QString &name, Mode mode, bool archived) const
{
    RestoreRequest r = forItem(name, archived);
    r.mode = mode;
    r.targetResourceGroupId = kRestoreRg;
    r.targetVmName = QStringLiteral("vm-web-01-restored");
    r.virtualNetworkId = kVnet;
    r.subnetName = QStringLiteral("restore");
    r.stagingStorageAccountId = kStaging;
    r.targetStorageAccountId
        = kRestoreRg + QStringLiteral("/providers/Microsoft.Storage/storageAccounts/strestoreweu");
    r.targetShare = QStringLiteral("restored");
    r.targetFolder = QStringLiteral("finance/2026");
    r.targetDatabase = QStringLiteral("sales_copy");
    r.targetDirectory = QStringLiteral("F:\\restore");
    return r;
}

void TestRestoreRequest::modesPerKind()
{
    QCOMPARE(RestoreRequest::modesFor(ProtectedItem::Kind::Vm),
             QList<Mode>({ Mode::VmNew, Mode::VmDisks, Mode::VmReplace }));
    QCOMPARE(RestoreRequest::modesFor(ProtectedItem::Kind::FileShare),
             QList<Mode>({ Mode::FileShareOriginal, Mode::FileShareAlternate }));
    QCOMPARE(RestoreRequest::modesFor(ProtectedItem::Kind::SqlDatabase),
             QList<Mode>({ Mode::SqlAlternate, Mode::SqlFiles }));
    QVERIFY(RestoreRequest::modesFor(ProtectedItem::Kind::Unknown).isEmpty());
    // A mode the kind does not support is refused before anything else.
    RestoreRequest r = forItem(QStringLiteral("finance"));
    r.mode = Mode::VmNew;
    const auto problems = r.check();
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().field, Field::Mode);
    QCOMPARE(problems.first().error.code, QString(Backup::Codes::RestoreModeUnsupported));
    QVERIFY(!r.body());
}

void TestRestoreRequest::modeWords()
{
    QCOMPARE(RestoreRequest::modeFrom(QStringLiteral("original"), ProtectedItem::Kind::Vm).value(),
             Mode::VmReplace);
    QCOMPARE(RestoreRequest::modeFrom(QStringLiteral("alternate"), ProtectedItem::Kind::Vm).value(),
             Mode::VmNew);
    QCOMPARE(RestoreRequest::modeFrom(QStringLiteral("DISKS"), ProtectedItem::Kind::Vm).value(),
             Mode::VmDisks);
    QCOMPARE(RestoreRequest::modeFrom(QStringLiteral("original"), ProtectedItem::Kind::FileShare).value(),
             Mode::FileShareOriginal);
    QCOMPARE(RestoreRequest::modeFrom(QStringLiteral("files"), ProtectedItem::Kind::SqlDatabase).value(),
             Mode::SqlFiles);
    const auto bad = RestoreRequest::modeFrom(QStringLiteral("disks"), ProtectedItem::Kind::SqlDatabase);
    QVERIFY(!bad);
    QCOMPARE(bad.error().args, QStringList({ "disks", "sql" }));
    QCOMPARE(bad.error().detail, QStringLiteral("alternate, files"));
}

void TestRestoreRequest::bodies_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QJsonObject>("expected"); // members that must be there, with these values
    QTest::addColumn<QStringList>("absent");

    QTest::newRow("vm new")
        << "vm-web-01" << int(Mode::VmNew)
        << QJsonObject { { "objectType", "IaasVMRestoreRequest" },
                         { "recoveryType", "AlternateLocation" },
                         { "region", "westeurope" },
                         { "storageAccountId", kStaging },
                         { "targetResourceGroupId", kRestoreRg },
                         { "targetVirtualMachineId",
                           kRestoreRg + "/providers/Microsoft.Compute/virtualMachines/vm-web-01-restored" },
                         { "virtualNetworkId", kVnet },
                         { "subnetId", kVnet + "/subnets/restore" },
                         { "createNewCloudService", false },
                         { "originalStorageAccountOption", false } }
        << QStringList { "recoveryPointRehydrationInfo" };
    QTest::newRow("vm disks") << "vm-web-01" << int(Mode::VmDisks)
                              << QJsonObject { { "objectType", "IaasVMRestoreRequest" },
                                               { "recoveryType", "RestoreDisks" },
                                               { "storageAccountId", kStaging },
                                               { "targetResourceGroupId", kRestoreRg } }
                              << QStringList { "targetVirtualMachineId", "subnetId" };
    QTest::newRow("vm replace") << "vm-web-02" << int(Mode::VmReplace)
                                << QJsonObject { { "objectType", "IaasVMRestoreRequest" },
                                                 { "recoveryType", "OriginalLocation" },
                                                 { "storageAccountId", kStaging } }
                                << QStringList { "targetResourceGroupId", "targetVirtualMachineId" };
    QTest::newRow("share original") << "finance" << int(Mode::FileShareOriginal)
                                    << QJsonObject { { "objectType", "AzureFileShareRestoreRequest" },
                                                     { "recoveryType", "OriginalLocation" },
                                                     { "copyOptions", "Skip" },
                                                     { "restoreRequestType", "FullShareRestore" } }
                                    << QStringList { "targetDetails", "restoreFileSpecs" };
    QTest::newRow("share alternate")
        << "finance" << int(Mode::FileShareAlternate)
        << QJsonObject { { "objectType", "AzureFileShareRestoreRequest" },
                         { "recoveryType", "AlternateLocation" },
                         { "copyOptions", "Skip" },
                         { "restoreFileSpecs",
                           QJsonArray { QJsonObject { { "targetFolderPath", "finance/2026" } } } },
                         { "targetDetails",
                           QJsonObject {
                               { "name", "restored" },
                               { "targetResourceId",
                                 kRestoreRg
                                     + "/providers/Microsoft.Storage/storageAccounts/strestoreweu" } } } }
        << QStringList {};
    QTest::newRow("sql alternate") << "sales" << int(Mode::SqlAlternate)
                                   << QJsonObject { { "objectType", "AzureWorkloadSQLRestoreRequest" },
                                                    { "recoveryType", "AlternateLocation" },
                                                    { "recoveryMode", "WorkloadRecovery" },
                                                    { "targetVirtualMachineId",
                                                      kProd
                                                          + "/resourceGroups/rg-db-prod/providers/"
                                                            "Microsoft.Compute/virtualMachines/vm-sql-01" } }
                                   << QStringList {};
    QTest::newRow("sql files") << "sales" << int(Mode::SqlFiles)
                               << QJsonObject { { "objectType", "AzureWorkloadSQLRestoreRequest" },
                                                { "recoveryMode", "FileRecovery" } }
                               << QStringList {};
}

void TestRestoreRequest::bodies()
{
    QFETCH(QString, item);
    QFETCH(int, mode);
    QFETCH(QJsonObject, expected);
    QFETCH(QStringList, absent);
    const RestoreRequest r = withEveryTarget(item, Mode(mode));
    const auto problems = r.check();
    QVERIFY2(problems.isEmpty(),
             qPrintable(problems.isEmpty() ? QString() : problems.first().error.toString()));
    const auto body = r.body();
    QVERIFY(body);
    const QJsonObject p = body->value(QStringLiteral("properties")).toObject();
    for (auto it = expected.begin(); it != expected.end(); ++it)
        QVERIFY2(p.value(it.key()) == it.value(),
                 qPrintable(it.key() + QStringLiteral(": ") + QJsonDocument(p).toJson()));
    for (const QString &a : absent)
        QVERIFY2(!p.contains(a), qPrintable(a));
    // Every body names the point and the source, as the URL does.
    QCOMPARE(p.value(QStringLiteral("recoveryPointId")).toString(), r.pointName);
    QCOMPARE(p.value(QStringLiteral("sourceResourceId")).toString(), r.sourceResourceId);
    QVERIFY(r.restorePath().endsWith(QStringLiteral("/recoveryPoints/") + r.pointName
                                     + QStringLiteral("/restore")));
    if (r.kind == ProtectedItem::Kind::SqlDatabase) {
        const QJsonObject target = p.value(QStringLiteral("targetInfo")).toObject();
        QCOMPARE(target.value(QStringLiteral("overwriteOption")).toString(),
                 QStringLiteral("FailOnConflict"));
        QCOMPARE(target.value(QStringLiteral("containerId")).toString(),
                 r.itemId.section(QStringLiteral("/protectedItems/"), 0, 0));
        if (r.mode == Mode::SqlAlternate)
            QCOMPARE(target.value(QStringLiteral("databaseName")).toString(),
                     QStringLiteral("MSSQLSERVER/sales_copy"));
        else
            QCOMPARE(target.value(QStringLiteral("targetDirectoryForFileRestore")).toString(),
                     QStringLiteral("F:\\restore"));
    }
    // Only VM restores have a validation body (the API validates only those).
    QCOMPARE(r.validationBody().isEmpty(), r.kind != ProtectedItem::Kind::Vm);
}

void TestRestoreRequest::archivedPointsRehydrate()
{
    RestoreRequest r = forItem(QStringLiteral("vm-archive-01"), true);
    QVERIFY(r.archived);
    r.mode = Mode::VmDisks;
    r.stagingStorageAccountId = kStaging;
    r.rehydrationPriority = RestoreRequest::Priority::High;
    r.rehydrationDays = 12;
    const QJsonObject p = r.body()->value(QStringLiteral("properties")).toObject();
    QCOMPARE(p.value(QStringLiteral("objectType")).toString(),
             QStringLiteral("IaasVMRestoreWithRehydrationRequest"));
    QCOMPARE(p.value(QStringLiteral("recoveryPointRehydrationInfo")).toObject(),
             QJsonObject({ { "rehydrationPriority", "High" }, { "rehydrationRetentionDuration", "P12D" } }));
    QCOMPARE(r.effects().first().kind, RestoreEffect::Kind::Rehydrate);
    QCOMPARE(r.effects().first().args.at(1), QStringLiteral("12"));
    r.rehydrationDays = 45;
    QCOMPARE(r.check().first().field, Field::RehydrationDays);
    QCOMPARE(r.check().first().error.code, QString(Backup::Codes::RestoreRehydrationDays));
}

void TestRestoreRequest::archivedSqlPointsRehydrate()
{
    // A SQL database's archived point is restored with the workload "with rehydrate" type and the
    // same rehydration the preview promises; the plain type would be refused by the service.
    RestoreRequest r = forItem(QStringLiteral("sales"));
    r.archived = true; // (the sandbox's SQL points are not archived: the flag is what a point sets)
    r.mode = Mode::SqlAlternate;
    r.targetDatabase = QStringLiteral("sales_copy");
    r.rehydrationPriority = RestoreRequest::Priority::Standard;
    r.rehydrationDays = 20;
    const QJsonObject p = r.body()->value(QStringLiteral("properties")).toObject();
    QCOMPARE(p.value(QStringLiteral("objectType")).toString(),
             QStringLiteral("AzureWorkloadSQLRestoreWithRehydrateRequest"));
    QCOMPARE(
        p.value(QStringLiteral("recoveryPointRehydrationInfo")).toObject(),
        QJsonObject({ { "rehydrationPriority", "Standard" }, { "rehydrationRetentionDuration", "P20D" } }));
    QCOMPARE(r.effects().first().kind, RestoreEffect::Kind::Rehydrate);
    r.archived = false;
    const QJsonObject plain = r.body()->value(QStringLiteral("properties")).toObject();
    QCOMPARE(plain.value(QStringLiteral("objectType")).toString(),
             QStringLiteral("AzureWorkloadSQLRestoreRequest"));
    QVERIFY(!plain.contains(QStringLiteral("recoveryPointRehydrationInfo")));
}

void TestRestoreRequest::checks_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<int>("mode");
    QTest::addColumn<QString>("set"); // field=value
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("code");
    QTest::newRow("new VM needs a name")
        << "vm-web-01" << int(Mode::VmNew) << "name=" << int(Field::TargetVmName)
        << QString(Backup::Codes::RestoreFieldRequired);
    QTest::newRow("VM name with a space")
        << "vm-web-01" << int(Mode::VmNew) << "name=vm web" << int(Field::TargetVmName)
        << QString(Backup::Codes::RestoreInvalidName);
    QTest::newRow("VM name ending in a dot")
        << "vm-web-01" << int(Mode::VmNew) << "name=vm." << int(Field::TargetVmName)
        << QString(Backup::Codes::RestoreInvalidName);
    QTest::newRow("VM name too long")
        << "vm-web-01" << int(Mode::VmNew) << "name=" + QString(65, QLatin1Char('a'))
        << int(Field::TargetVmName) << QString(Backup::Codes::RestoreInvalidName);
    QTest::newRow("VM name of digits")
        << "vm-web-01" << int(Mode::VmNew) << "name=12345" << int(Field::TargetVmName)
        << QString(Backup::Codes::RestoreInvalidName);
    QTest::newRow("group is not a group")
        << "vm-web-01" << int(Mode::VmNew) << "group=" + kStaging << int(Field::TargetResourceGroup)
        << QString(Backup::Codes::RestoreInvalidTarget);
    QTest::newRow("network is not a network")
        << "vm-web-01" << int(Mode::VmNew) << "vnet=" + kStaging << int(Field::VirtualNetwork)
        << QString(Backup::Codes::RestoreInvalidTarget);
    QTest::newRow("subnet needed") << "vm-web-01" << int(Mode::VmNew) << "subnet=" << int(Field::Subnet)
                                   << QString(Backup::Codes::RestoreFieldRequired);
    QTest::newRow("staging needed for disks")
        << "vm-web-01" << int(Mode::VmDisks) << "staging=" << int(Field::StagingStorageAccount)
        << QString(Backup::Codes::RestoreFieldRequired);
    QTest::newRow("staging account name upper case")
        << "vm-web-01" << int(Mode::VmReplace)
        << "staging=" + kProd + "/resourceGroups/rg/providers/Microsoft.Storage/storageAccounts/StStaging"
        << int(Field::StagingStorageAccount) << QString(Backup::Codes::RestoreInvalidName);
    QTest::newRow("share name with underscore")
        << "finance" << int(Mode::FileShareAlternate) << "share=my_share" << int(Field::TargetShare)
        << QString(Backup::Codes::RestoreInvalidName);
    QTest::newRow("folder escapes the share")
        << "finance" << int(Mode::FileShareAlternate) << "folder=../x" << int(Field::TargetFolder)
        << QString(Backup::Codes::RestoreInvalidPath);
    QTest::newRow("item-level without items")
        << "finance" << int(Mode::FileShareOriginal) << "items=" << int(Field::Items)
        << QString(Backup::Codes::RestoreFieldRequired);
    QTest::newRow("absolute item path") << "finance" << int(Mode::FileShareOriginal) << "items=/etc/passwd"
                                        << int(Field::Items) << QString(Backup::Codes::RestoreInvalidPath);
    QTest::newRow("database name with a bracket")
        << "sales" << int(Mode::SqlAlternate) << "database=sales]" << int(Field::TargetDatabase)
        << QString(Backup::Codes::RestoreInvalidName);
    QTest::newRow("files need a folder")
        << "sales" << int(Mode::SqlFiles) << "directory=" << int(Field::TargetDirectory)
        << QString(Backup::Codes::RestoreFieldRequired);
    QTest::newRow("relative server folder")
        << "sales" << int(Mode::SqlFiles) << "directory=restore" << int(Field::TargetDirectory)
        << QString(Backup::Codes::RestoreInvalidPath);
    QTest::newRow("server is not a container")
        << "sales" << int(Mode::SqlAlternate) << "server=" + kRestoreRg << int(Field::TargetServer)
        << QString(Backup::Codes::RestoreInvalidTarget);
}

void TestRestoreRequest::checks()
{
    QFETCH(QString, item);
    QFETCH(int, mode);
    QFETCH(QString, set);
    QFETCH(int, field);
    QFETCH(QString, code);
    RestoreRequest r = forItem(item);
    r.mode = Mode(mode);
    r.targetResourceGroupId = kRestoreRg;
    r.targetVmName = QStringLiteral("vm-new");
    r.virtualNetworkId = kVnet;
    r.subnetName = QStringLiteral("default");
    r.stagingStorageAccountId = kStaging;
    r.targetStorageAccountId
        = kRestoreRg + QStringLiteral("/providers/Microsoft.Storage/storageAccounts/strestoreweu");
    r.targetShare = QStringLiteral("restored");
    r.targetDatabase = QStringLiteral("sales_copy");
    r.targetDirectory = QStringLiteral("/var/opt/mssql/restore");
    QVERIFY(r.check().isEmpty()); // the baseline is sendable
    const QString key = set.section(QLatin1Char('='), 0, 0);
    const QString value = set.section(QLatin1Char('='), 1);
    if (key == QLatin1String("name"))
        r.targetVmName = value;
    else if (key == QLatin1String("group"))
        r.targetResourceGroupId = value;
    else if (key == QLatin1String("vnet"))
        r.virtualNetworkId = value;
    else if (key == QLatin1String("subnet"))
        r.subnetName = value;
    else if (key == QLatin1String("staging"))
        r.stagingStorageAccountId = value;
    else if (key == QLatin1String("share"))
        r.targetShare = value;
    else if (key == QLatin1String("folder"))
        r.targetFolder = value;
    else if (key == QLatin1String("items")) {
        r.itemLevel = true;
        r.items = value.isEmpty() ? QStringList() : QStringList { value };
    } else if (key == QLatin1String("database"))
        r.targetDatabase = value;
    else if (key == QLatin1String("directory"))
        r.targetDirectory = value;
    else if (key == QLatin1String("server"))
        r.targetServerId = value;
    const auto problems = r.check();
    QCOMPARE(problems.size(), 1);
    QCOMPARE(int(problems.first().field), field);
    QCOMPARE(problems.first().error.code, code);
    QCOMPARE(problems.first().error.args.first(), RestoreRequest::fieldKey(Field(field)));
    QVERIFY(!r.body()); // nothing is built from a request with a problem
}

void TestRestoreRequest::overwriteIsOptIn()
{
    RestoreRequest share = forItem(QStringLiteral("finance"));
    QVERIFY(!share.overwrite);
    QVERIFY(!share.overwrites());
    QCOMPARE(share.effects().first().kind, RestoreEffect::Kind::WriteFiles);
    share.overwrite = true;
    QVERIFY(share.overwrites());
    QCOMPARE(share.body()
                 ->value(QStringLiteral("properties"))
                 .toObject()
                 .value(QStringLiteral("copyOptions"))
                 .toString(),
             QStringLiteral("Overwrite"));
    QVERIFY(share.effects().first().destructive());
    RestoreRequest vm = forItem(QStringLiteral("vm-web-02"));
    vm.mode = Mode::VmReplace;
    QVERIFY(vm.overwrites()); // replacing a VM's disks always overwrites
    vm.mode = Mode::VmNew;
    QVERIFY(!vm.overwrites());
    RestoreRequest sql = forItem(QStringLiteral("sales"));
    sql.targetDatabase = QStringLiteral("inventory");
    QVERIFY(!sql.overwrites());
    sql.overwrite = true;
    QVERIFY(sql.overwrites());
    QCOMPARE(sql.effects().first().kind, RestoreEffect::Kind::OverwriteDatabase);
    QCOMPARE(sql.itemName, QStringLiteral("sales")); // what a typed confirmation must match
    // Restoring as files or to a new VM only creates: asking to overwrite there is refused, and
    // the body never says Overwrite behind the preview's back.
    RestoreRequest files = forItem(QStringLiteral("sales"));
    files.mode = Mode::SqlFiles;
    files.targetDirectory = QStringLiteral("F:\\restore");
    QVERIFY(files.check().isEmpty());
    files.overwrite = true;
    QVERIFY(!files.overwrites());
    const auto refused = files.check();
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().error.code, QString(Backup::Codes::RestoreOverwriteUnsupported));
    QVERIFY(!files.body());
    QVERIFY(!RestoreRequest::canOverwrite(Mode::VmNew));
    QVERIFY(!RestoreRequest::canOverwrite(Mode::SqlFiles));
    QVERIFY(RestoreRequest::canOverwrite(Mode::SqlAlternate));
}

void TestRestoreRequest::effectsSayWhereItLands()
{
    RestoreRequest r = forItem(QStringLiteral("vm-web-01"));
    r.targetResourceGroupId = kRestoreRg;
    r.targetVmName = QStringLiteral("vm-web-01-copy");
    r.virtualNetworkId = kVnet;
    r.subnetName = QStringLiteral("restore");
    r.stagingStorageAccountId = kStaging;
    const auto effects = r.effects();
    QCOMPARE(effects.size(), 3);
    QCOMPARE(effects.at(0).kind, RestoreEffect::Kind::CreateVm);
    QCOMPARE(effects.at(0).args, QStringList({ "vm-web-01-copy", kRestoreRg }));
    QCOMPARE(effects.at(1).args, QStringList({ "restore", kVnet }));
    QCOMPARE(effects.at(2).args, QStringList { kStaging });
    const auto targets = r.lookupTargets();
    QCOMPARE(targets.size(), 4);
    QCOMPARE(targets.at(1).second,
             kRestoreRg + QStringLiteral("/providers/Microsoft.Compute/virtualMachines/vm-web-01-copy"));
    // The audit keeps targets and options, in the request's own words.
    const QJsonObject audit = r.auditParams();
    QCOMPARE(audit.value(QStringLiteral("mode")).toString(), QStringLiteral("alternate"));
    QCOMPARE(audit.value(QStringLiteral("request")).toObject().value(QStringLiteral("subnetId")).toString(),
             kVnet + QStringLiteral("/subnets/restore"));
}

void TestRestoreRequest::idsFromNames()
{
    QCOMPARE(RestoreRequest::resourceIdFrom(QStringLiteral(" ststaging "), kRestoreRg,
                                            QStringLiteral("Microsoft.Storage/storageAccounts")),
             kRestoreRg + QStringLiteral("/providers/Microsoft.Storage/storageAccounts/ststaging"));
    QCOMPARE(RestoreRequest::resourceIdFrom(kStaging, kRestoreRg,
                                            QStringLiteral("Microsoft.Storage/storageAccounts")),
             kStaging);
    QCOMPARE(RestoreRequest::resourceIdFrom(QStringLiteral("x"), {},
                                            QStringLiteral("Microsoft.Storage/storageAccounts")),
             QString());
}

void TestRestoreRequest::pendingRecordRoundTrip()
{
    PendingRestore p;
    p.clientRequestId = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
    p.correlationId = QStringLiteral("7c9e6679-7425-40de-944b-e07fc1f90ae7");
    p.state = PendingRestore::State::Accepted;
    p.vaultId = kProd
        + QStringLiteral(
                    "/resourceGroups/rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu");
    p.path = p.vaultId + QStringLiteral("/x/restore");
    p.operationUrl = QStringLiteral("http://127.0.0.1:1/op");
    p.jobId = QStringLiteral("d1a6b1e2-0000-4000-8000-000000000001");
    p.requestedAt = Compat::utcDateTime(QDate(2026, 11, 29), QTime(10, 0, 0, 123));
    p.auditSeq = 42;
    p.auditCorrelationIds = { p.correlationId };
    p.reason = QStringLiteral("INC-1234: finance share lost files");
    p.reconcileUntil = Compat::utcDateTime(QDate(2026, 11, 29), QTime(10, 2, 0, 123));
    const auto back = PendingRestore::fromJson(p.toJson());
    QVERIFY(back);
    QCOMPARE(back->toJson(), p.toJson());
    // The saved window's end survives the round trip to the millisecond; a record saved without
    // one (before any look through the jobs, or by an older console) reads back without one.
    QCOMPARE(back->reconcileUntil, p.reconcileUntil);
    QJsonObject noWindow = p.toJson();
    noWindow.remove(QStringLiteral("reconcileUntil"));
    const auto withoutWindow = PendingRestore::fromJson(noWindow);
    QVERIFY(withoutWindow);
    QVERIFY(!withoutWindow->reconcileUntil.isValid());
    QCOMPARE(back->jobResourceId(), p.vaultId + QStringLiteral("/backupJobs/") + p.jobId);
    // A file name that could leave the folder is not an id; an accepted record needs a way to follow it.
    QJsonObject bad = p.toJson();
    bad.insert(QStringLiteral("clientRequestId"), QStringLiteral("../../etc"));
    QVERIFY(!PendingRestore::fromJson(bad));
    bad = p.toJson();
    bad.remove(QStringLiteral("operationUrl"));
    bad.remove(QStringLiteral("jobId"));
    QVERIFY(!PendingRestore::fromJson(bad));
}

void TestRestoreRequest::storeWritesWholeRecordsAndClaims()
{
    QTemporaryDir dir;
    PendingRestoreStore store(dir.filePath(QStringLiteral("pending")));
    QVERIFY(store.load()->isEmpty()); // no folder yet: nothing pending
    PendingRestore p;
    p.clientRequestId = QStringLiteral("0f8fad5b-d9cb-469f-a165-70867728950e");
    p.vaultId = kProd;
    p.path = QStringLiteral("/x/restore");
    p.requestedAt = QDateTime::currentDateTimeUtc();
    QVERIFY(store.save(p));
    p.state = PendingRestore::State::Accepted;
    p.operationUrl = QStringLiteral("http://127.0.0.1:1/op");
    QVERIFY(store.save(p));
    // Readable only by its owner; no temporary file left behind.
    const QFileInfo file(store.directory() + QStringLiteral("/") + p.clientRequestId
                         + QStringLiteral(".json"));
    QCOMPARE(file.permissions() & (QFileDevice::ReadGroup | QFileDevice::ReadOther),
             QFileDevice::Permissions());
    QCOMPARE(QDir(store.directory()).entryList(QDir::Files).size(), 1);
    // A torn or foreign file is reported, not taken, and does not hide the good one.
    QFile junk(store.directory() + QStringLiteral("/7c9e6679-7425-40de-944b-e07fc1f90ae7.json"));
    QVERIFY(junk.open(QIODevice::WriteOnly));
    junk.write("{\"clientRequestId\":");
    junk.close();
    QList<Error> unreadable;
    const auto loaded = store.load(&unreadable);
    QCOMPARE(loaded->size(), 1);
    QCOMPARE(loaded->first().state, PendingRestore::State::Accepted);
    QCOMPARE(unreadable.size(), 1);
    QCOMPARE(unreadable.first().code, QString(Backup::Codes::PendingStoreRead));
    // One follower at a time; the claim goes with its holder.
    Error why;
    auto first = store.claim(p.clientRequestId, &why);
    QVERIFY(first);
    QVERIFY(!store.claim(p.clientRequestId, &why));
    QCOMPARE(why.code, QString(Backup::Codes::PendingClaimed));
    first.reset();
    QVERIFY(store.claim(p.clientRequestId, &why));
    QVERIFY(store.remove(p.clientRequestId));
    QVERIFY(!store.find(p.clientRequestId));
}

void TestRestoreRequest::aMeasuredClockNeverNarrowsTheLookBack_data()
{
    QTest::addColumn<int>("offsetSeconds");
    QTest::newRow("in step") << 0;
    QTest::newRow("vault 10 min behind") << -600;
    QTest::newRow("vault 10 min ahead") << 600;
}

void TestRestoreRequest::aMeasuredClockNeverNarrowsTheLookBack()
{
    // The Date headers (the front door) and a job's start (the vault's backend) are different
    // clocks, and the local clock may step between a request and its reconciliation: a measured
    // offset moves the look back onto the vault's clock but never makes it narrower than the
    // fixed allowance, or a job a lost answer started could be missed and a resend make another.
    QFETCH(int, offsetSeconds);
    const QDateTime t0 = Compat::utcDateTime(QDate(2026, 11, 30), QTime(12, 0));
    ServerClock server;
    for (int i = 0; i < 5; ++i) {
        const QDateTime sent = t0.addSecs(i);
        QVERIFY(server.observe(ServerClock::httpDate(sent.addMSecs(50).addSecs(offsetSeconds)), sent,
                               sent.addMSecs(100)));
    }
    QVERIFY(server.isMeasured());
    PendingRestore record;
    record.requestedAt = t0.addSecs(30);
    const Clock clock = [t0] { return t0.addSecs(90); };
    const int skewMs = 120000;
    const QDateTime since = RestoreService::jobsSince(record, server, clock, skewMs);
    const QDateTime onVault = record.requestedAt.addSecs(offsetSeconds);
    // (Within the Date's whole second.)
    QVERIFY2(since.msecsTo(onVault) >= skewMs - 1000, qPrintable(since.toString(Qt::ISODateWithMs)));
    // ... and it is still on the vault's clock: not the local time less the allowance.
    QVERIFY2(since.msecsTo(onVault) <= skewMs + 2000, qPrintable(since.toString(Qt::ISODateWithMs)));
}

void TestRestoreRequest::preCheckAsksWhatTheServiceDemands_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<int>("mode");
    QTest::addColumn<bool>("archived");
    QTest::newRow("vm new") << "vm-web-01" << int(Mode::VmNew) << false;
    QTest::newRow("vm disks") << "vm-web-01" << int(Mode::VmDisks) << false;
    QTest::newRow("vm replace") << "vm-web-02" << int(Mode::VmReplace) << false;
    QTest::newRow("archived vm new") << "vm-archive-01" << int(Mode::VmNew) << true;
    QTest::newRow("archived vm disks") << "vm-archive-01" << int(Mode::VmDisks) << true;
    QTest::newRow("file share original") << "finance" << int(Mode::FileShareOriginal) << false;
    QTest::newRow("file share alternate") << "finance" << int(Mode::FileShareAlternate) << false;
    QTest::newRow("sql alternate") << "sales" << int(Mode::SqlAlternate) << false;
    QTest::newRow("sql files") << "sales" << int(Mode::SqlFiles) << false;
}

void TestRestoreRequest::preCheckAsksWhatTheServiceDemands()
{
    // The console's pre-check (Access::RestoreTarget) and the sandbox's linked authorization
    // (Sandbox::linkedNeeds) are written apart; on every body the console sends they must name
    // the same rights on the same scopes. Otherwise the pre-check lets through a restore the
    // service refuses with 403, or blocks one it would take.
    QFETCH(QString, item);
    QFETCH(int, mode);
    QFETCH(bool, archived);
    const RestoreRequest r = withEveryTarget(item, Mode(mode), archived);
    QCOMPARE(r.archived, archived);
    const auto body = r.body();
    QVERIFY2(body, qPrintable(body ? QString() : body.error().toString()));
    const QJsonObject p = body->value(QStringLiteral("properties")).toObject();
    auto key = [](const QString &scope, const QString &action) {
        return scope.toLower() + QLatin1Char(' ') + action;
    };
    QStringList console;
    for (const Access::ScopedAction &n : Access::RestoreTarget::fromRequestProperties(p).requirements())
        console << key(n.scope, n.action);
    QStringList service;
    for (const Sandbox::LinkedNeed &n : Sandbox::linkedNeeds(p))
        service << key(n.scope, n.action);
    QVERIFY(!service.isEmpty());
    console.sort();
    service.sort();
    QCOMPARE(console, service);
}
QTEST_GUILESS_MAIN(TestRestoreRequest)
#include "tst_restorerequest.moc"
