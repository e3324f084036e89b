// What the API's answers about restore targets mean (RestoreTargetCheck), and the words of a
// restore's end (Text::restoreVerdict): a target that is missing, a name in use, a staging account
// or network in another region, a subnet the network lacks block; a target the identity may not
// read does not; a job that completed with warnings is never called completed.
#include "backup/restoreerrors.h"
#include "backup/restoretargetcheck.h"
#include "text/errortext.h"
#include "text/restorewizardtext.h"

#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using Field = RestoreRequest::Field;

namespace {

const QString kRg = QStringLiteral("/subscriptions/s1/resourceGroups/rg-restore");
const QString kVnet = kRg + QStringLiteral("/providers/Microsoft.Network/virtualNetworks/vnet1");
const QString kStaging = kRg + QStringLiteral("/providers/Microsoft.Storage/storageAccounts/ststaging");
const QString kVm = kRg + QStringLiteral("/providers/Microsoft.Compute/virtualMachines/vm-new");

RestoreRequest request()
{
    RestoreRequest r;
    r.vaultLocation = QStringLiteral("westeurope");
    r.subnetName = QStringLiteral("restore");
    return r;
}

TargetLookup found(const QString &id, const QString &location, const QStringList &children = {})
{
    TargetLookup t;
    t.state = TargetLookup::State::Exists;
    t.id = id;
    t.location = location;
    t.children = children;
    return t;
}

TargetLookup with(TargetLookup::State state, int status, const QString &code)
{
    TargetLookup t;
    t.state = state;
    t.error = Error::make(Error::Kind::Http, code).withHttp(status);
    return t;
}

} // namespace

class TestRestoreTargetCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void judge_data();
    void judge();
    void failedLookupCannotTell();
    void regionsCompareAsAzureWritesThem();
    void verdictNeverHidesWarnings_data();
    void verdictNeverHidesWarnings();
    void everyRestoreCodeHasASentence();
};

void TestRestoreTargetCheck::judge_data()
{
    QTest::addColumn<int>("field");
    QTest::addColumn<QString>("id");
    QTest::addColumn<TargetLookup>("lookup");
    QTest::addColumn<QString>("code"); // empty: no problem
    QTest::addColumn<bool>("blocks");

    QTest::newRow("group exists") << int(Field::TargetResourceGroup) << kRg
                                  << found(kRg, QStringLiteral("northeurope")) << QString() << false;
    QTest::newRow("group missing") << int(Field::TargetResourceGroup) << kRg
                                   << with(TargetLookup::State::Missing, 404,
                                           QStringLiteral("ResourceGroupNotFound"))
                                   << QString(Backup::Codes::RestoreTargetNotFound) << true;
    QTest::newRow("group not readable")
        << int(Field::TargetResourceGroup) << kRg
        << with(TargetLookup::State::Unknown, 403, QStringLiteral("AuthorizationFailed"))
        << QString(Backup::Codes::RestoreTargetUnknown) << false;
    QTest::newRow("new VM name free")
        << int(Field::TargetVmName) << kVm
        << with(TargetLookup::State::Missing, 404, QStringLiteral("ResourceNotFound")) << QString() << false;
    QTest::newRow("new VM name taken")
        << int(Field::TargetVmName) << kVm << found(kVm, QStringLiteral("westeurope"))
        << QString(Backup::Codes::RestoreNameTaken) << true;
    QTest::newRow("staging in the vault's region")
        << int(Field::StagingStorageAccount) << kStaging << found(kStaging, QStringLiteral("West Europe"))
        << QString() << false;
    QTest::newRow("staging in another region")
        << int(Field::StagingStorageAccount) << kStaging << found(kStaging, QStringLiteral("northeurope"))
        << QString(Backup::Codes::RestoreTargetWrongRegion) << true;
    QTest::newRow("network has the subnet") << int(Field::VirtualNetwork) << kVnet
                                            << found(kVnet, QStringLiteral("westeurope"),
                                                     { QStringLiteral("default"), QStringLiteral("Restore") })
                                            << QString() << false;
    QTest::newRow("network lacks the subnet")
        << int(Field::VirtualNetwork) << kVnet
        << found(kVnet, QStringLiteral("westeurope"), { QStringLiteral("default") })
        << QString(Backup::Codes::RestoreSubnetNotFound) << true;
    QTest::newRow("network in another region")
        << int(Field::VirtualNetwork) << kVnet
        << found(kVnet, QStringLiteral("eastus"), { QStringLiteral("restore") })
        << QString(Backup::Codes::RestoreTargetWrongRegion) << true;
}

void TestRestoreTargetCheck::judge()
{
    QFETCH(int, field);
    QFETCH(QString, id);
    QFETCH(TargetLookup, lookup);
    QFETCH(QString, code);
    QFETCH(bool, blocks);
    const auto problems = RestoreTargetCheck::judge(request(), Field(field), id, lookup);
    if (code.isEmpty()) {
        QVERIFY2(problems.isEmpty(),
                 qPrintable(problems.isEmpty() ? QString() : problems.first().error.code));
        return;
    }
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().error.code, code);
    QCOMPARE(RestoreTargetCheck::blocks(problems.first()), blocks);
    if (code == QString(Backup::Codes::RestoreSubnetNotFound)) {
        QCOMPARE(problems.first().field, Field::Subnet);
        QCOMPARE(
            problems.first().error.args,
            QStringList({ QStringLiteral("restore"), QStringLiteral("vnet1"), QStringLiteral("default") }));
    } else {
        QCOMPARE(problems.first().field, Field(field));
        QCOMPARE(problems.first().error.args.value(0), RestoreRequest::fieldKey(Field(field)));
    }
    QVERIFY(!Text::headline(problems.first().error).isEmpty());
}

void TestRestoreTargetCheck::failedLookupCannotTell()
{
    const Result<TargetLookup> failed = Error::make(Error::Kind::Network, QStringLiteral("network_error"));
    const auto problems
        = RestoreTargetCheck::judge(request(), Field::StagingStorageAccount, kStaging, failed);
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first().error.code, QString(Backup::Codes::RestoreTargetUnknown));
    QVERIFY(!RestoreTargetCheck::blocks(problems.first()));
}

void TestRestoreTargetCheck::regionsCompareAsAzureWritesThem()
{
    QVERIFY(RestoreTargetCheck::sameRegion(QStringLiteral("West Europe"), QStringLiteral("westeurope")));
    QVERIFY(!RestoreTargetCheck::sameRegion(QStringLiteral("westeurope"), QStringLiteral("northeurope")));
}

void TestRestoreTargetCheck::verdictNeverHidesWarnings_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("warned");
    QTest::addColumn<int>("level");
    QTest::newRow("completed") << int(Backup::Job::Status::Completed) << false
                               << int(Text::JobVerdict::Level::Good);
    QTest::newRow("completed, warnings in the list")
        << int(Backup::Job::Status::Completed) << true << int(Text::JobVerdict::Level::Warning);
    QTest::newRow("completed with warnings")
        << int(Backup::Job::Status::CompletedWithWarnings) << true << int(Text::JobVerdict::Level::Warning);
    QTest::newRow("completed with warnings, none listed")
        << int(Backup::Job::Status::CompletedWithWarnings) << false << int(Text::JobVerdict::Level::Warning);
    QTest::newRow("failed") << int(Backup::Job::Status::Failed) << false << int(Text::JobVerdict::Level::Bad);
    QTest::newRow("cancelled") << int(Backup::Job::Status::Cancelled) << false
                               << int(Text::JobVerdict::Level::Bad);
}

void TestRestoreTargetCheck::verdictNeverHidesWarnings()
{
    QFETCH(int, status);
    QFETCH(bool, warned);
    QFETCH(int, level);
    Backup::Job job;
    job.status = Backup::Job::Status(status);
    if (warned)
        job.warnings << Backup::Job::Problem {
            QStringLiteral("UserErrorDiskSkipped"), QStringLiteral("A disk was skipped"), {}, {}
        };
    const Text::JobVerdict v = Text::restoreVerdict(job);
    QCOMPARE(int(v.level), level);
    if (level != int(Text::JobVerdict::Level::Good)) {
        QVERIFY2(!v.title.contains(QLatin1String("completed"), Qt::CaseInsensitive), qPrintable(v.title));
        QVERIFY(!v.title.contains(QLatin1String("succeeded"), Qt::CaseInsensitive));
    }
}

void TestRestoreTargetCheck::everyRestoreCodeHasASentence()
{
    for (const QLatin1String code :
         { Backup::Codes::RestoreFieldRequired, Backup::Codes::RestoreTargetNotFound,
           Backup::Codes::RestoreTargetWrongRegion, Backup::Codes::RestoreNameTaken,
           Backup::Codes::RestoreSubnetNotFound, Backup::Codes::RestoreTargetUnknown,
           Backup::Codes::RestoreOutcomeUnknown, Backup::Codes::RestoreAuditUnavailable,
           Backup::Codes::PendingClaimed, Backup::Codes::RestoreAdoptChanged,
           Backup::Codes::RestoreAdoptNotCandidate, Backup::Codes::RestoreAdoptUnrecorded })
        QVERIFY2(Text::hasSentence(QString(code)), code.data());
}

QTEST_GUILESS_MAIN(TestRestoreTargetCheck)
#include "tst_restoretargetcheck.moc"
