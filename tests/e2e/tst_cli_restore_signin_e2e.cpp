// A restore from the CLI with a real sign-in and access tokens that live five seconds: `login`
// through Chromium leaves the refresh token in a real keychain (gnome-keyring); `restore --wait`
// resumes that session, and its job outlives several access tokens, so the transport renews them
// (the API answers 401 to an expired one) while the job is followed, throttled and failing now
// and then. The restore completes, is tracked to its end and audited with the verified identity.
#include "audit/auditreader.h"
#include "clirun.h"
#include "sandboxharness.h"
#include "sandboxids.h"
#include "testprocesses.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

class TestCliRestoreSignInE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void restoreOutlivesItsTokens();

private:
    Test::CliRun cli(const QStringList &args);

    QTemporaryDir m_dir;
    SandboxHarness m_sandbox;
};

void TestCliRestoreSignInE2E::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.tokenLifetimeSeconds = 5;
    options.clockSkewSeconds = 0;
    options.jobDurationSeconds = 16;
    options.retryAfterSeconds = 1;
    options.seed = 7;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run through with-keyring.sh");
}

Test::CliRun TestCliRestoreSignInE2E::cli(const QStringList &args)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    Test::CliRunOptions options;
    options.environment = env;
    options.timeoutMs = 180000;
    const QStringList common { QStringLiteral("--issuer"),    m_sandbox.issuer(),
                               QStringLiteral("--client-id"), QStringLiteral("restoredesk"),
                               QStringLiteral("--api-base"),  m_sandbox.api(),
                               QStringLiteral("--config"),    m_dir.filePath(QStringLiteral("cli.conf")),
                               QStringLiteral("--audit-log"), m_dir.filePath(QStringLiteral("audit.jsonl")) };
    return Test::runCli(QStringLiteral(RD_CLI_BINARY), common + args, options);
}

void TestCliRestoreSignInE2E::restoreOutlivesItsTokens()
{
    const QString browser
        = QStringLiteral("'%1' '%2/browser.js' --user oscar").arg(nodeExecutable(), idpDirectory());
    const Test::CliRun login = cli({ QStringLiteral("--browser-command"), browser, QStringLiteral("login") });
    QVERIFY2(login.exitCode == 0, login.err.constData());

    Sandbox::SandboxVault *v = m_sandbox.server().tenant().vault(kProdWeu);
    QString point;
    for (const Sandbox::SandboxItem &i : v->items) {
        if (i.resource[QStringLiteral("properties")][QStringLiteral("friendlyName")].toString()
            == QLatin1String("vm-app-02"))
            point = i.recoveryPoints.first().value(QStringLiteral("id")).toString();
    }
    QVERIFY(!point.isEmpty());
    const quint64 renewalsBefore = m_sandbox.server().requestCount();
    m_sandbox.server().setFaultRates(0.05, 0.1, 0.1);
    const Test::CliRun run
        = cli({ QStringLiteral("--stats"), QStringLiteral("--output"), QStringLiteral("json"),
                QStringLiteral("restore"), QStringLiteral("--point"), point, QStringLiteral("--mode"),
                QStringLiteral("disks"), QStringLiteral("--staging-storage-account"), kStaging,
                QStringLiteral("--reason"), QStringLiteral("token drill"), QStringLiteral("--yes"),
                QStringLiteral("--wait"), QStringLiteral("--poll"), QStringLiteral("2") });
    m_sandbox.server().setFaultRates(0, 0, 0);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.object()[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    QVERIFY(m_sandbox.server().requestCount() > renewalsBefore);
    // The transport renewed at least once: the job ran past three token lifetimes.
    const QRegularExpression renewed(QStringLiteral("(\\d+) renewals"));
    const auto m = renewed.match(QString::fromUtf8(run.err));
    QVERIFY2(m.hasMatch() && m.captured(1).toInt() >= 1, run.err.constData());

    const auto read = Audit::readRecords(m_dir.filePath(QStringLiteral("audit.jsonl")));
    QVERIFY(read);
    QStringList outcomes;
    for (const Audit::Record &r : read->records) {
        if (r.type != QLatin1String("restore"))
            continue;
        outcomes << r.outcome;
        QCOMPARE(r.identity.username, QStringLiteral("oscar@sandbox.restoredesk.invalid"));
    }
    QCOMPARE(
        outcomes,
        QStringList({ QStringLiteral("requested"), QStringLiteral("accepted"), QStringLiteral("finished") }));
    QCOMPARE(cli({ QStringLiteral("logout") }).exitCode, 0);
}

QTEST_GUILESS_MAIN(TestCliRestoreSignInE2E)
#include "tst_cli_restore_signin_e2e.moc"
