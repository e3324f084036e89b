// The wizard's and the CLI's live validation as one job (RestoreTargetsCheck) against the sandbox
// over real sockets, signed in as Oscar: a restore into existing, free, in-region targets has
// nothing to say; a missing network, a taken VM name, a staging account in another region, a
// missing subnet and a missing share are each named on their field (and the service's own check
// agrees); a target Oscar may not read is a "cannot tell" note, never a block; SQL targets have
// nothing the API can look up; the job reports once, and never into an owner that is gone.
#include "backup/armid.h"
#include "backup/restoreerrors.h"
#include "backup/restoretargetscheck.h"
#include "restorefixture.h"
#include "sandboxids.h"

#include <QPointer>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;
using Mode = RestoreRequest::Mode;
using Field = RestoreRequest::Field;

class TestRestoreTargetsCheck : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void problemsAreNamedOnTheirFields_data();
    void problemsAreNamedOnTheirFields();
    void aTargetThatCannotBeReadIsANoteNotABlock();
    void sqlTargetServerIsLookedUp();
    void reportsOnceAndNeverIntoADeadOwner();

private:
    RestoreRequest request(const QString &item, Mode mode);
    Result<RestoreTargetsReport> check(const RestoreRequest &r);

    RestoreFixture m_oscar;
};

void TestRestoreTargetsCheck::initTestCase()
{
    QString error;
    QVERIFY2(m_oscar.start({}, QStringLiteral("oscar"), &error), qPrintable(error));
}

RestoreRequest TestRestoreTargetsCheck::request(const QString &item, Mode mode)
{
    const QString itemId = m_oscar.itemId(QStringLiteral("rsv-prod-weu"), item);
    std::optional<Result<RestoreSource>> source;
    m_oscar.restore->source(m_oscar.newestPoint(itemId), &m_oscar.nam,
                            [&](Result<RestoreSource> s) { source = s; });
    if (!QTest::qWaitFor([&] { return source.has_value(); }, 20000) || !source->ok())
        return {};
    RestoreRequest r = RestoreRequest::forSource(source->value());
    r.mode = mode;
    r.targetResourceGroupId = kRestoreRg;
    r.targetVmName = QStringLiteral("vm-checked");
    r.virtualNetworkId = kVnet;
    r.subnetName = QStringLiteral("restore");
    r.stagingStorageAccountId = kStaging;
    r.targetStorageAccountId = kTargetAccount;
    r.targetShare = QStringLiteral("restored");
    r.targetDatabase = QStringLiteral("sales_checked");
    r.targetDirectory = QStringLiteral("F:\\restore\\checked");
    return r;
}

Result<RestoreTargetsReport> TestRestoreTargetsCheck::check(const RestoreRequest &r)
{
    std::optional<Result<RestoreTargetsReport>> out;
    int reports = 0;
    RestoreTargetsCheck::start(m_oscar.restore.get(), r, &m_oscar.nam, [&](Result<RestoreTargetsReport> x) {
        ++reports;
        out = x;
    });
    if (!QTest::qWaitFor([&] { return out.has_value(); }, 20000))
        return Error::make(Error::Kind::Timeout, QStringLiteral("test_timeout"));
    QTest::qWait(50);
    if (reports != 1)
        return Error::make(Error::Kind::Protocol, QStringLiteral("reported_%1_times").arg(reports));
    return *out;
}

void TestRestoreTargetsCheck::problemsAreNamedOnTheirFields_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<int>("mode");
    QTest::addColumn<int>("field"); // the changed field; -1: none
    QTest::addColumn<QString>("value");
    QTest::addColumn<int>("problemField");
    QTest::addColumn<QString>("code"); // empty: nothing to say
    QTest::addColumn<QString>("finding"); // the service's own check's code; empty: none
    QTest::addColumn<int>("notes"); // targets Oscar may not read

    const int vnet = int(Field::VirtualNetwork);
    QTest::newRow("new VM, every target fine") << "vm-web-01" << int(Mode::VmNew) << -1 << "" << -1 << ""
                                               << "" << 0;
    QTest::newRow("disks, every target fine") << "vm-web-01" << int(Mode::VmDisks) << -1 << "" << -1 << ""
                                              << "" << 0;
    QTest::newRow("share, every target fine")
        << "finance" << int(Mode::FileShareAlternate) << -1 << "" << -1 << ""
        << "" << 0;
    QTest::newRow("missing network") << "vm-web-01" << int(Mode::VmNew) << vnet << kVnet + "x" << vnet
                                     << QString(Backup::Codes::RestoreTargetNotFound)
                                     << "UserErrorVirtualNetworkNotFound" << 0;
    QTest::newRow("VM name taken (the protected VM's own)")
        << "vm-web-02" << int(Mode::VmNew) << int(Field::TargetResourceGroup)
        << kProd + "/resourceGroups/rg-web-prod" << int(Field::TargetVmName)
        << QString(Backup::Codes::RestoreNameTaken) << "UserErrorVmNameAlreadyExists" << 1;
    QTest::newRow("staging in another region")
        << "vm-web-01" << int(Mode::VmDisks) << int(Field::StagingStorageAccount) << kStagingNeu
        << int(Field::StagingStorageAccount) << QString(Backup::Codes::RestoreTargetWrongRegion)
        << "UserErrorStagingStorageAccountInDifferentRegion" << 0;
    QTest::newRow("missing subnet") << "vm-web-01" << int(Mode::VmNew) << int(Field::Subnet) << "nope"
                                    << int(Field::Subnet) << QString(Backup::Codes::RestoreSubnetNotFound)
                                    << "UserErrorSubnetNotFound" << 0;
    QTest::newRow("missing share") << "finance" << int(Mode::FileShareAlternate) << int(Field::TargetShare)
                                   << "nope" << int(Field::TargetShare)
                                   << QString(Backup::Codes::RestoreTargetNotFound) << "" << 0;
}

void TestRestoreTargetsCheck::problemsAreNamedOnTheirFields()
{
    QFETCH(QString, item);
    QFETCH(int, mode);
    QFETCH(int, field);
    QFETCH(QString, value);
    QFETCH(int, problemField);
    QFETCH(QString, code);
    QFETCH(QString, finding);
    QFETCH(int, notes);
    RestoreRequest r = request(item, Mode(mode));
    QVERIFY(!r.itemId.isEmpty());
    switch (Field(field)) {
    case Field::TargetResourceGroup:
        r.targetResourceGroupId = value;
        if (Mode(mode) == Mode::VmNew) // the network and staging stay where they are
            r.targetVmName = ArmId::parse(r.sourceResourceId).resourceName;
        break;
    case Field::VirtualNetwork:
        r.virtualNetworkId = value;
        break;
    case Field::Subnet:
        r.subnetName = value;
        break;
    case Field::StagingStorageAccount:
        r.stagingStorageAccountId = value;
        break;
    case Field::TargetShare:
        r.targetShare = value;
        break;
    default:
        break;
    }
    QVERIFY2(r.check().isEmpty(), "the offline check passes: only the service can tell");
    const auto report = check(r);
    QVERIFY2(report, report ? "" : qPrintable(report.error().code));
    if (code.isEmpty()) {
        QVERIFY(report->problems.isEmpty());
        QVERIFY(report->findings.isEmpty());
        QVERIFY(!report->validateError);
        QVERIFY(!report->blocks());
        return;
    }
    QVERIFY(report->blocks());
    QCOMPARE(report->blocking().size(), 1);
    QCOMPARE(int(report->blocking().first().field), problemField);
    QCOMPARE(report->blocking().first().error.code, code);
    // Oscar may not read rg-web-prod (only the VM in it): that group is a note, not a block.
    QCOMPARE(report->notes().size(), notes);
    QStringList findings;
    for (const ArmError &e : report->findings)
        findings << e.code;
    QCOMPARE(findings, finding.isEmpty() ? QStringList() : QStringList { finding });
}

void TestRestoreTargetsCheck::aTargetThatCannotBeReadIsANoteNotABlock()
{
    // Oscar may not read the northern network: neither he nor the console can tell whether it is
    // there, so it is a note; the service's own check (which can read it) still blocks the restore.
    RestoreRequest r = request(QStringLiteral("vm-web-01"), Mode::VmNew);
    r.virtualNetworkId = kVnetNeu;
    r.subnetName = QStringLiteral("default");
    const auto report = check(r);
    QVERIFY(report);
    QVERIFY(report->blocking().isEmpty());
    QCOMPARE(report->notes().size(), 1);
    QCOMPARE(report->notes().first().field, Field::VirtualNetwork);
    QCOMPARE(report->notes().first().error.code, QString(Backup::Codes::RestoreTargetUnknown));
    QCOMPARE(report->findings.size(), 1);
    QCOMPARE(report->findings.first().code, QStringLiteral("UserErrorVirtualNetworkInDifferentRegion"));
    QVERIFY(report->blocks());
}

void TestRestoreTargetsCheck::sqlTargetServerIsLookedUp()
{
    // The target server is a protection container of the vault (VMAppContainer;Compute;rg;vm): its
    // VM is looked up, as the other targets are (the API validates only VM restores, so that is the
    // one call). The item's own server exists, in the vault's region: nothing to say.
    for (Mode mode : { Mode::SqlAlternate, Mode::SqlFiles }) {
        const RestoreRequest r = request(QStringLiteral("sales"), mode);
        const auto targets = r.lookupTargets();
        QCOMPARE(targets.size(), 1);
        QCOMPARE(targets.first().first, Field::TargetServer);
        QCOMPARE(targets.first().second,
                 kProd
                     + QStringLiteral(
                         "/resourceGroups/rg-db-prod/providers/Microsoft.Compute/virtualMachines/vm-sql-01"));
        const quint64 before = m_oscar.sandbox.server().requestCount();
        const auto report = check(r);
        QVERIFY(report);
        QVERIFY(!report->blocks());
        QVERIFY2(
            report->problems.isEmpty(),
            qPrintable(report->problems.isEmpty() ? QString() : report->problems.first().error.toString()));
        QCOMPARE(m_oscar.sandbox.server().requestCount(), before + 1);
    }
    // A server whose VM does not exist (a container typed by hand, in a group Oscar may read) is
    // refused before sending.
    RestoreRequest gone = request(QStringLiteral("sales"), Mode::SqlAlternate);
    gone.targetServerId
        = kProdWeu
        + QStringLiteral(
              "/backupFabrics/Azure/protectionContainers/VMAppContainer;Compute;rg-restore-weu;vm-sql-gone");
    const auto report = check(gone);
    QVERIFY(report);
    QVERIFY(report->blocks());
    QCOMPARE(report->blocking().size(), 1);
    QCOMPARE(report->blocking().first().field, Field::TargetServer);
    QCOMPARE(report->blocking().first().error.code, QString(Backup::Codes::RestoreTargetNotFound));
}

void TestRestoreTargetsCheck::reportsOnceAndNeverIntoADeadOwner()
{
    const RestoreRequest r = request(QStringLiteral("vm-web-01"), Mode::VmNew);
    // The owner dies while the lookups are out: the callback hears `cancelled`, once, during the
    // owner's destruction, and nothing later.
    int calls = 0;
    Error::Kind kind = Error::Kind::Invalid;
    auto *owner = new QObject;
    QPointer<RestoreTargetsCheck> job
        = RestoreTargetsCheck::start(m_oscar.restore.get(), r, owner, [&](Result<RestoreTargetsReport> x) {
              ++calls;
              kind = x ? Error::Kind::Invalid : x.error().kind;
          });
    QVERIFY(job);
    delete owner;
    QVERIFY(!job);
    QCOMPARE(calls, 1);
    QCOMPARE(kind, Error::Kind::Cancelled);
    QTest::qWait(500); // the sandbox's answers arrive to no one
    QCOMPARE(calls, 1);

    // Cancelled: one report, `cancelled`.
    calls = 0;
    QObject owner2;
    job = RestoreTargetsCheck::start(m_oscar.restore.get(), r, &owner2, [&](Result<RestoreTargetsReport> x) {
        ++calls;
        kind = x ? Error::Kind::Invalid : x.error().kind;
    });
    job->cancel();
    QTest::qWait(500);
    QCOMPARE(calls, 1);
    QCOMPARE(kind, Error::Kind::Cancelled);
}

QTEST_GUILESS_MAIN(TestRestoreTargetsCheck)
#include "tst_restoretargetscheck.moc"
