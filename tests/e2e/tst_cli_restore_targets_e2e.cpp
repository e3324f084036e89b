// `restoredesk-cli restore` checks its targets with the service before anything is sent, as the
// wizard's Where step does (RestoreTargetsCheck), against the in-process sandbox with an access
// token alone: a missing network, a VM name in use, a staging account in another region and a
// missing subnet are each refused with exit 1 as "--OPTION: why" (in JSON: the error object with
// each problem's code), and nothing reaches the service (no POST to the point's restore, no restore
// job, no restore in the audit log); a valid alternate restore still passes; --target-subscription
// puts a resource group's name in another subscription (the sandbox, like Azure, takes a target in
// another subscription; its region rules still hold).
#include "audit/auditreader.h"
#include "clirun.h"
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {
// A VM that already stands in the restore resource group: its name is taken.
const QString kTakenVm = QStringLiteral("vm-already-here");
} // namespace

class TestCliRestoreTargetsE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void aValidAlternateRestorePassesTheCheck();
    void badTargetsAreRefusedBeforeAnythingIsSent_data();
    void badTargetsAreRefusedBeforeAnythingIsSent();
    void targetSubscriptionNamesTheGroupsSubscription();
    void targetSubscriptionIsChecked();

private:
    CliRun cli(const QStringList &args, const QString &user = QStringLiteral("oscar"));
    QString point(const QString &item);
    QStringList alternate(const QString &vmName) const;
    int restoreJobs(const QString &item);
    quint64 restorePosts(const QString &item);
    QList<Audit::Record> restoreRecords();

    QTemporaryDir m_dir;
    SandboxHarness m_sandbox;
    QHash<QString, QString> m_tokens;
    QString m_log;
};

void TestCliRestoreTargetsE2E::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.jobDurationSeconds = 3;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
    m_sandbox.server().tenant().addResource(
        { kRestoreRg + QStringLiteral("/providers/Microsoft.Compute/virtualMachines/") + kTakenVm,
          QStringLiteral("Microsoft.Compute/virtualMachines"),
          QStringLiteral("westeurope"),
          {} });
}

void TestCliRestoreTargetsE2E::init()
{
    // A log of its own per test row: the records a row expects are all there are.
    const QString tag
        = QString::fromUtf8(QTest::currentDataTag()).remove(QRegularExpression(QStringLiteral("[^a-z]")));
    m_log = m_dir.filePath(
        QStringLiteral("%1%2/audit.jsonl").arg(QString::fromLatin1(QTest::currentTestFunction()), tag));
}

CliRun TestCliRestoreTargetsE2E::cli(const QStringList &args, const QString &user)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    if (!m_tokens.contains(user))
        m_tokens.insert(user, m_sandbox.signIn(user).accessToken);
    env.insert(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"), m_tokens.value(user));
    CliRunOptions options;
    options.environment = env;
    const QStringList all { QStringLiteral("--config"),    m_dir.filePath(QStringLiteral("cli.conf")),
                            QStringLiteral("--audit-log"), m_log,
                            QStringLiteral("--api-base"),  m_sandbox.api() };
    // RD_TARGETS_CLI runs another build of the CLI (an older one, to see these tests fail there).
    const QString binary = qEnvironmentVariable("RD_TARGETS_CLI", QStringLiteral(RD_CLI_BINARY));
    CliRun run = runCli(binary, all + args, options);
    if (run.out.contains(m_tokens.value(user).toUtf8()) || run.err.contains(m_tokens.value(user).toUtf8()))
        run.exitCode = -2; // never a token
    return run;
}

QString TestCliRestoreTargetsE2E::point(const QString &item)
{
    for (const Sandbox::SandboxItem &i : m_sandbox.server().tenant().vault(kProdWeu)->items) {
        if (i.resource[QStringLiteral("properties")][QStringLiteral("friendlyName")].toString() == item)
            return i.recoveryPoints.first().value(QStringLiteral("id")).toString();
    }
    return {};
}

QStringList TestCliRestoreTargetsE2E::alternate(const QString &vmName) const
{
    return { "--mode",
             "alternate",
             "--target-resource-group",
             "rg-restore-weu",
             "--target-vm-name",
             vmName,
             "--target-vnet",
             "vnet-restore-weu",
             "--target-subnet",
             "restore",
             "--staging-storage-account",
             kStaging,
             "--reason",
             "INC-7: targets",
             "--yes" };
}

int TestCliRestoreTargetsE2E::restoreJobs(const QString &item)
{
    int n = 0;
    for (const Sandbox::SandboxJob &j : m_sandbox.server().tenant().vault(kProdWeu)->jobs)
        n += j.operation == QLatin1String("Restore") && j.itemName == item ? 1 : 0;
    return n;
}

quint64 TestCliRestoreTargetsE2E::restorePosts(const QString &item)
{
    return m_sandbox.server().requestCountsByPath().value(point(item) + QStringLiteral("/restore"));
}

QList<Audit::Record> TestCliRestoreTargetsE2E::restoreRecords()
{
    const auto read = Audit::readRecords(m_log);
    QList<Audit::Record> out;
    for (const Audit::Record &r : read ? read->records : QList<Audit::Record>()) {
        if (r.type == QLatin1String("restore"))
            out << r;
    }
    return out;
}

void TestCliRestoreTargetsE2E::aValidAlternateRestorePassesTheCheck()
{
    const int jobs = restoreJobs(QStringLiteral("vm-web-01"));
    const quint64 posts = restorePosts(QStringLiteral("vm-web-01"));
    const CliRun run = cli(QStringList { "restore", "--point", point(QStringLiteral("vm-web-01")) }
                           + alternate(QStringLiteral("vm-targets-ok")));
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY(!run.err.contains("nothing was sent"));
    QVERIFY(!run.err.contains("note:")); // Oscar reads every target of this restore
    QCOMPARE(restorePosts(QStringLiteral("vm-web-01")), posts + 1);
    QCOMPARE(restoreJobs(QStringLiteral("vm-web-01")), jobs + 1);
    QVERIFY(!restoreRecords().isEmpty());
}

void TestCliRestoreTargetsE2E::badTargetsAreRefusedBeforeAnythingIsSent_data()
{
    QTest::addColumn<QStringList>("change"); // option, value
    QTest::addColumn<bool>("json");
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("says"); // in the line about the field
    QTest::newRow("missing network") << QStringList { "--target-vnet", "vnet-nowhere" } << false
                                     << "target-vnet"
                                     << "restore_target_not_found"
                                     << "does not exist";
    QTest::newRow("VM name in use") << QStringList { "--target-vm-name", kTakenVm } << false
                                    << "target-vm-name"
                                    << "restore_name_taken"
                                    << "already in use";
    QTest::newRow("staging account in another region")
        << QStringList { "--staging-storage-account", kStagingNeu } << false << "staging-storage-account"
        << "restore_target_wrong_region"
        << "northeurope";
    QTest::newRow("missing subnet") << QStringList { "--target-subnet", "nope" } << false << "target-subnet"
                                    << "restore_subnet_not_found"
                                    << "has no subnet";
    QTest::newRow("missing network, JSON")
        << QStringList { "--target-vnet", "vnet-nowhere" } << true << "target-vnet"
        << "restore_target_not_found"
        << "does not exist";
}

void TestCliRestoreTargetsE2E::badTargetsAreRefusedBeforeAnythingIsSent()
{
    QFETCH(QStringList, change);
    QFETCH(bool, json);
    QFETCH(QString, field);
    QFETCH(QString, code);
    QFETCH(QString, says);
    QStringList args = alternate(QStringLiteral("vm-targets-refused"));
    const int at = int(args.indexOf(change.first()));
    QVERIFY(at >= 0);
    args[at + 1] = change.last();
    if (json)
        args << "--output"
             << "json";
    const int jobs = restoreJobs(QStringLiteral("vm-web-01"));
    const quint64 posts = restorePosts(QStringLiteral("vm-web-01"));

    const CliRun run = cli(QStringList { "restore", "--point", point(QStringLiteral("vm-web-01")) } + args);
    const QString err = QString::fromUtf8(run.err);
    // Bad data only the API could tell: exit 1, as the service's own refusal would have been.
    QVERIFY2(run.exitCode == 1, qPrintable(QString::number(run.exitCode) + QStringLiteral(": ") + err));
    const QRegularExpression line(
        QStringLiteral("^restoredesk-cli restore: --%1: .*%2")
            .arg(QRegularExpression::escape(field), QRegularExpression::escape(says)),
        QRegularExpression::MultilineOption);
    QVERIFY2(line.match(err).hasMatch(), qPrintable(err));
    QVERIFY2(err.contains(QStringLiteral("restoredesk-cli restore: nothing was sent")), qPrintable(err));
    // Nothing reached the service, nothing was recorded as a restore, and no preview was shown.
    QCOMPARE(restorePosts(QStringLiteral("vm-web-01")), posts);
    QCOMPARE(restoreJobs(QStringLiteral("vm-web-01")), jobs);
    QVERIFY(restoreRecords().isEmpty());
    QVERIFY(!run.out.contains("Equivalent request"));
    QVERIFY(!err.contains(QStringLiteral("Equivalent request")));
    if (!json)
        return;
    QJsonParseError parse;
    const QJsonObject out = QJsonDocument::fromJson(run.out, &parse).object();
    QVERIFY2(parse.error == QJsonParseError::NoError, run.out.constData());
    QCOMPARE(out.value(QStringLiteral("status")).toString(), QStringLiteral("NotSent"));
    const QJsonObject error = out.value(QStringLiteral("error")).toObject();
    QCOMPARE(error.value(QStringLiteral("code")).toString(), QStringLiteral("restore_targets_refused"));
    const QJsonArray problems = error.value(QStringLiteral("problems")).toArray();
    QCOMPARE(problems.size(), 1);
    QCOMPARE(problems.first()[QStringLiteral("field")].toString(), field);
    QCOMPARE(problems.first()[QStringLiteral("code")].toString(), code);
    QVERIFY(problems.first()[QStringLiteral("blocking")].toBool());
    QVERIFY(problems.first()[QStringLiteral("message")].toString().contains(says));
    // The service's own check agrees (its code, as it said it).
    QCOMPARE(
        error.value(QStringLiteral("serviceFindings")).toArray().first()[QStringLiteral("code")].toString(),
        QStringLiteral("UserErrorVirtualNetworkNotFound"));
}

void TestCliRestoreTargetsE2E::targetSubscriptionNamesTheGroupsSubscription()
{
    // Carla may restore into both subscriptions. Disks into Development's rg-restored (a resource
    // group has no region rule; the staging account stays in the vault's region): accepted.
    const QString devGroup = kDev + QStringLiteral("/resourceGroups/rg-restored");
    const int jobs = restoreJobs(QStringLiteral("vm-web-01"));
    const CliRun disks
        = cli({ "restore", "--point", point(QStringLiteral("vm-web-01")), "--mode", "disks",
                "--target-subscription", kDevSubscription, "--target-resource-group", "rg-restored",
                "--staging-storage-account", kStaging, "--reason", "INC-8: another subscription", "--yes" },
              QStringLiteral("carla"));
    QVERIFY2(disks.exitCode == 0, disks.err.constData());
    QVERIFY2(disks.out.contains(devGroup.toUtf8()), disks.out.constData()); // the preview and the request
    QCOMPARE(restoreJobs(QStringLiteral("vm-web-01")), jobs + 1);

    // A new VM there: Development's network is in East US, the vault in West Europe. Refused here,
    // with the wizard's words, before anything is sent.
    const quint64 posts = restorePosts(QStringLiteral("vm-web-01"));
    const CliRun vm = cli({ "restore",
                            "--point",
                            point(QStringLiteral("vm-web-01")),
                            "--mode",
                            "alternate",
                            "--target-subscription",
                            QStringLiteral("/subscriptions/") + kDevSubscription,
                            "--target-resource-group",
                            "rg-restored",
                            "--target-vm-name",
                            "vm-cross-sub",
                            "--target-vnet",
                            "vnet-restored",
                            "--target-subnet",
                            "default",
                            "--staging-storage-account",
                            kStaging,
                            "--reason",
                            "INC-8",
                            "--yes" },
                          QStringLiteral("carla"));
    const QString err = QString::fromUtf8(vm.err);
    QVERIFY2(vm.exitCode == 1, qPrintable(QString::number(vm.exitCode) + QStringLiteral(": ") + err));
    const QRegularExpression line(
        QStringLiteral(
            "^restoredesk-cli restore: --target-vnet: .*%1/resourceGroups/rg-restored/.*vnet-restored.*"
            "eastus")
            .arg(QRegularExpression::escape(kDev)),
        QRegularExpression::MultilineOption);
    QVERIFY2(line.match(err).hasMatch(), qPrintable(err));
    QVERIFY(err.contains(QStringLiteral("nothing was sent")));
    QCOMPARE(restorePosts(QStringLiteral("vm-web-01")), posts);
}

void TestCliRestoreTargetsE2E::targetSubscriptionIsChecked()
{
    const QString p = point(QStringLiteral("vm-web-01"));
    // Not a subscription; a full group id in another subscription than the one given.
    const QList<QStringList> cases {
        { "restore", "--point", p, "--mode", "disks", "--target-subscription", "dev",
          "--staging-storage-account", kStaging, "--reason", "r", "--yes" },
        { "restore", "--point", p, "--mode", "disks", "--target-subscription", kDevSubscription,
          "--target-resource-group", kRestoreRg, "--staging-storage-account", kStaging, "--reason", "r",
          "--yes" },
    };
    for (const QStringList &args : cases) {
        const CliRun run = cli(args);
        QVERIFY2(run.exitCode == 2,
                 qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(" → ")
                            + QString::number(run.exitCode) + QStringLiteral(": ")
                            + QString::fromUtf8(run.err)));
        QVERIFY(run.err.contains("--target-subscription"));
    }
    const CliRun help = cli({ "restore", "--help" });
    QCOMPARE(help.exitCode, 0);
    QVERIFY(help.out.contains("--target-subscription ID"));
}

QTEST_GUILESS_MAIN(TestCliRestoreTargetsE2E)
#include "tst_cli_restore_targets_e2e.moc"
