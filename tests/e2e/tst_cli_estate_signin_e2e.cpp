// The estate verbs with a real sign-in: `login` through Chromium leaves the refresh token in a
// real keychain (gnome-keyring), and the listing verbs of later runs resume that session
// silently — for a profile-less --issuer/--client-id/--api-base run and for a saved profile
// (--profile, or the current one). The audit records carry the verified identity. Signed out, a
// listing exits 3; --issuer without --api-base is a usage error.
#include "auth/profilestore.h"
#include "clirun.h"
#include "sandboxharness.h"
#include "sandboxids.h"
#include "testprocesses.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

class TestCliEstateSignInE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void profileLessRunResumesTheSession();
    void savedProfileResumesTheSession();
    void issuerWithoutApiBaseIsUsage();

private:
    using Run = Test::CliRun;
    Run cli(const QStringList &args);
    QString browser(const QString &user) const;
    QJsonArray auditRecords(const QString &log);

    QTemporaryDir m_dir;
    SandboxHarness m_sandbox;
};

void TestCliEstateSignInE2E::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.pageSize = 3;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run through with-keyring.sh");
}

QString TestCliEstateSignInE2E::browser(const QString &user) const
{
    return QStringLiteral("'%1' '%2/browser.js' --user %3").arg(nodeExecutable(), idpDirectory(), user);
}

TestCliEstateSignInE2E::Run TestCliEstateSignInE2E::cli(const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"));
    env.remove(QStringLiteral("QT_LOGGING_RULES")); // standard error as an operator sees it
    Test::CliRunOptions options;
    options.environment = env;
    return Test::runCli(QStringLiteral(RD_CLI_BINARY), args, options);
}

QJsonArray TestCliEstateSignInE2E::auditRecords(const QString &log)
{
    const Run list = cli({ QStringLiteral("--audit-log"), log, QStringLiteral("--output"),
                           QStringLiteral("json"), QStringLiteral("audit"), QStringLiteral("list"),
                           QStringLiteral("--type"), QStringLiteral("estate-read") });
    return QJsonDocument::fromJson(list.out).array();
}

void TestCliEstateSignInE2E::profileLessRunResumesTheSession()
{
    const QString log = m_dir.filePath(QStringLiteral("adhoc/audit.jsonl"));
    const QStringList common { QStringLiteral("--issuer"),    m_sandbox.issuer(),
                               QStringLiteral("--client-id"), QStringLiteral("restoredesk"),
                               QStringLiteral("--api-base"),  m_sandbox.api(),
                               QStringLiteral("--config"),    m_dir.filePath(QStringLiteral("adhoc.conf")),
                               QStringLiteral("--audit-log"), log };
    const Run login = cli(common
                          + QStringList { QStringLiteral("--browser-command"),
                                          browser(QStringLiteral("rita")), QStringLiteral("login") });
    QVERIFY2(login.exitCode == 0, login.err.constData());

    const Run items
        = cli(common
              + QStringList { QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("items"),
                              QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu });
    QVERIFY2(items.exitCode == 0, items.err.constData());
    QCOMPARE(QJsonDocument::fromJson(items.out).array().size(),
             m_sandbox.server().tenant().vault(kProdWeu)->items.size());
    const Run subs = cli(common + QStringList { QStringLiteral("subscriptions"), QStringLiteral("list") });
    QVERIFY2(subs.exitCode == 0, subs.err.constData());
    QVERIFY(subs.out.contains("Fabrikam Development"));

    const QJsonArray records = auditRecords(log);
    QCOMPARE(records.size(), 2);
    for (const QJsonValue &r : records) {
        QCOMPARE(r[QStringLiteral("identity")][QStringLiteral("username")].toString(),
                 QStringLiteral("rita@sandbox.restoredesk.invalid"));
        QCOMPARE(r[QStringLiteral("params")][QStringLiteral("identityVerified")].toBool(), true);
    }
    QCOMPARE(records.at(0)[QStringLiteral("target")].toString(), kProdWeu);
    QCOMPARE(records.at(1)[QStringLiteral("target")].toString(), QStringLiteral("/"));

    QCOMPARE(cli(common + QStringList { QStringLiteral("logout") }).exitCode, 0);
    const Run after = cli(common + QStringList { QStringLiteral("subscriptions"), QStringLiteral("list") });
    QCOMPARE(after.exitCode, 3);
    QVERIFY2(after.err.contains("Not signed in"), after.err.constData());
    QVERIFY(after.out.isEmpty());
}

void TestCliEstateSignInE2E::savedProfileResumesTheSession()
{
    const QString config = m_dir.filePath(QStringLiteral("saved.conf"));
    {
        Auth::ProfileStore store(config);
        Auth::Profile p = Auth::Profile::sandbox(m_sandbox.issuer(), m_sandbox.api(),
                                                 Sandbox::SandboxServer::apiAudience());
        p.name = QStringLiteral("lab");
        QVERIFY(store.save(p).ok());
        store.setCurrent(QStringLiteral("lab"));
    }
    const QString log = m_dir.filePath(QStringLiteral("saved/audit.jsonl"));
    const QStringList common { QStringLiteral("--config"), config, QStringLiteral("--audit-log"), log };
    const Run login = cli(common
                          + QStringList { QStringLiteral("--browser-command"),
                                          browser(QStringLiteral("greg")), QStringLiteral("login") });
    QVERIFY2(login.exitCode == 0, login.err.constData());

    // The current profile: greg sees the one vault his group may operate.
    const Run vaults = cli(common
                           + QStringList { QStringLiteral("--output"), QStringLiteral("json"),
                                           QStringLiteral("vaults"), QStringLiteral("list") });
    QVERIFY2(vaults.exitCode == 0, vaults.err.constData());
    const QJsonArray list = QJsonDocument::fromJson(vaults.out).array();
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first()[QStringLiteral("name")].toString(), QStringLiteral("rsv-dev-eus"));
    QCOMPARE(list.first()[QStringLiteral("subscriptionName")].toString(),
             QStringLiteral("Fabrikam Development"));
    // Named with --profile: the same session; a vault outside his scope is refused (6).
    const Run refused
        = cli(common
              + QStringList { QStringLiteral("--profile"), QStringLiteral("lab"), QStringLiteral("policies"),
                              QStringLiteral("list"), QStringLiteral("--vault"), kProdWeu });
    QCOMPARE(refused.exitCode, 6);
    QVERIFY2(
        refused.err.contains("missing permission: Microsoft.RecoveryServices/Vaults/backupPolicies/read"),
        refused.err.constData());
    const QJsonArray records = auditRecords(log);
    QCOMPARE(records.size(), 2);
    QCOMPARE(records.at(1)[QStringLiteral("outcome")].toString(), QStringLiteral("denied"));
    QCOMPARE(records.at(1)[QStringLiteral("identity")][QStringLiteral("username")].toString(),
             QStringLiteral("greg@sandbox.restoredesk.invalid"));
    QCOMPARE(cli(common + QStringList { QStringLiteral("logout") }).exitCode, 0);
}

void TestCliEstateSignInE2E::issuerWithoutApiBaseIsUsage()
{
    const Run r = cli({ QStringLiteral("--issuer"), m_sandbox.issuer(), QStringLiteral("--client-id"),
                        QStringLiteral("restoredesk"), QStringLiteral("--config"),
                        m_dir.filePath(QStringLiteral("x.conf")), QStringLiteral("subscriptions"),
                        QStringLiteral("list") });
    QCOMPARE(r.exitCode, 2);
    // It says exactly what to add.
    QVERIFY2(r.err.contains("add --api-base URL"), r.err.constData());
    QVERIFY2(r.err.contains("https://management.azure.com"), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCliEstateSignInE2E)
#include "tst_cli_estate_signin_e2e.moc"
