// "Kill the app mid-restore and start it again: tracking resumes and the job finishes", with real,
// separate processes and nothing in the product made for the test. One throw-away home (HOME and
// the XDG folders) and a real keychain (gnome-keyring, through with-keyring.sh) stand for one
// operator's machine; the sandbox lives in this process and holds its jobs InProgress until the
// test releases them, so every kill below lands mid-job whatever the machine's speed.
//
//   1. `restoredesk-cli login` through Chromium: the refresh token goes to the keychain.
//   2. `restoredesk-cli restore … --wait` until the service took it and its job runs; then SIGKILL.
//   3. The console (`restoredesk`, offscreen) starts on the same home: it resumes the session
//      silently and says on its log that it follows the restore again; SIGKILL it too, mid-job.
//   4. The console again: it says it follows the restore again; the job is released and the
//      console follows it to its end; SIGTERM closes it, exit 0.
//
// Seen from outside only: the processes' logs, the pending-restores folder, the audit log (through
// `restoredesk-cli audit verify` / `audit list`) and the sandbox's jobs (through its API). The
// restore has exactly one job, and one "requested", "accepted", "finished" in the audit log.
#include "clirun.h"
#include "sandboxharness.h"
#include "sandboxids.h"
#include "testprocesses.h"

#include <QDir>
#include <QJsonArray>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

#include "auth/profilestore.h"

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

const QString kItem = QStringLiteral("vm-app-02");
const QString kProfile = QStringLiteral("drill");
constexpr int kJobSeconds = 2; // once released; held until then

// The console as a process: everything it writes, kept; stopped (SIGKILL) if still running at the end.
class Console
{
public:
    explicit Console(const QProcessEnvironment &env)
    {
        m_process.setProcessEnvironment(env);
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        QObject::connect(&m_process, &QProcess::readyRead, &m_process,
                         [this] { m_log += m_process.readAll(); });
    }
    ~Console()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished(5000);
        }
    }
    bool start(const QStringList &arguments)
    {
        m_process.start(QStringLiteral(RD_GUI_BINARY), arguments);
        return m_process.waitForStarted(10000);
    }
    // Waits (turning the event loop: the sandbox lives in this process) until the log matches.
    QRegularExpressionMatch waitForLog(const QRegularExpression &re, int timeoutMs)
    {
        QRegularExpressionMatch m;
        (void)QTest::qWaitFor(
            [&] {
                m_log += m_process.readAll();
                m = re.match(QString::fromUtf8(m_log));
                return m.hasMatch() || m_process.state() == QProcess::NotRunning;
            },
            timeoutMs);
        return m;
    }
    bool waitForEnd(int timeoutMs)
    {
        return QTest::qWaitFor([&] { return m_process.state() == QProcess::NotRunning; }, timeoutMs);
    }
    void kill() { m_process.kill(); }
    void terminate() { m_process.terminate(); }
    bool isRunning() const { return m_process.state() != QProcess::NotRunning; }
    QProcess::ExitStatus exitStatus() const { return m_process.exitStatus(); }
    int exitCode() const { return m_process.exitCode(); }
    QByteArray log() const { return m_log; }

private:
    QProcess m_process;
    QByteArray m_log;
};

} // namespace

class TestRestoreRestartE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void killedMidRestoreTheConsoleFollowsItToTheEnd();

private:
    QProcessEnvironment environment() const;
    CliRun cli(const QStringList &args, const std::function<void(QProcess &)> &whileRunning = {});
    QString pendingDir() const
    {
        return m_home.filePath(QStringLiteral("data/restoredesk/pending-restores"));
    }
    QList<QJsonObject> pending() const;
    // The audit log's records of `type`, as `restoredesk-cli audit list` shows them.
    QJsonArray auditRecords(const QString &type);
    // This run's restore jobs of the item, as the sandbox's API lists them.
    QList<QJsonObject> restoreJobs();

    QTemporaryDir m_home;
    SandboxHarness m_sandbox;
    QDateTime m_started;
};

void TestRestoreRestartE2E::initTestCase()
{
    QVERIFY2(!qEnvironmentVariableIsEmpty("DBUS_SESSION_BUS_ADDRESS"), "run through with-keyring.sh");
    QVERIFY(m_home.isValid());
    Sandbox::SandboxOptions options;
    options.jobDurationSeconds = kJobSeconds;
    options.holdJobs = true;
    options.retryAfterSeconds = 1;
    options.seed = 11;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
    m_started = QDateTime::currentDateTimeUtc().addSecs(-5);

    // The operator's saved profile for this back end, where the console and the CLI read it
    // (~/.config/restoredesk.invalid/restoredesk.conf under this home).
    Auth::ProfileStore profiles(
        m_home.filePath(QStringLiteral("config/restoredesk.invalid/restoredesk.conf")));
    Auth::Profile p
        = Auth::Profile::sandbox(m_sandbox.issuer(), m_sandbox.api(), Sandbox::SandboxServer::apiAudience());
    p.name = kProfile;
    QVERIFY(profiles.save(p).ok());
    profiles.setCurrent(kProfile);
}

QProcessEnvironment TestRestoreRestartE2E::environment() const
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    for (const char *name : { "RESTOREDESK_ACCESS_TOKEN", "RESTOREDESK_AUDIT_LOG",
                              "RESTOREDESK_AUDIT_FORWARD", "RESTOREDESK_NO_KEYCHAIN" })
        env.remove(QLatin1String(name));
    env.insert(QStringLiteral("HOME"), m_home.filePath(QStringLiteral("home")));
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), m_home.filePath(QStringLiteral("config")));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_home.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("XDG_STATE_HOME"), m_home.filePath(QStringLiteral("state")));
    env.insert(QStringLiteral("XDG_CACHE_HOME"), m_home.filePath(QStringLiteral("cache")));
    env.insert(QStringLiteral("QT_QPA_PLATFORM"), QStringLiteral("offscreen"));
    // The product's own log lines at their default level, whatever the caller's rules.
    env.insert(QStringLiteral("QT_LOGGING_RULES"), QStringLiteral("restoredesk.*.debug=false"));
    return env;
}

CliRun TestRestoreRestartE2E::cli(const QStringList &args,
                                  const std::function<void(QProcess &)> &whileRunning)
{
    CliRunOptions options;
    options.environment = environment();
    options.timeoutMs = 120000;
    options.whileRunning = whileRunning;
    return runCli(QStringLiteral(RD_CLI_BINARY), QStringList { QStringLiteral("--profile"), kProfile } + args,
                  options);
}

QList<QJsonObject> TestRestoreRestartE2E::pending() const
{
    QList<QJsonObject> out;
    const QDir dir(pendingDir());
    for (const QString &name : dir.entryList({ QStringLiteral("*.json") }, QDir::Files)) {
        QFile f(dir.filePath(name));
        if (f.open(QIODevice::ReadOnly))
            out << QJsonDocument::fromJson(f.readAll()).object();
    }
    return out;
}

QList<QJsonObject> TestRestoreRestartE2E::restoreJobs()
{
    static QString token;
    if (token.isEmpty())
        token = m_sandbox.signIn(QStringLiteral("rita")).accessToken;
    QList<QJsonObject> out;
    const SandboxHarness::Reply r
        = m_sandbox.get(kProdWeu + QStringLiteral("/backupJobs?api-version=2026-02-01"), token);
    if (r.status != 200)
        qWarning() << "jobs list:" << r.status << r.body;
    for (const QJsonValue &v : r.json.value(QStringLiteral("value")).toArray()) {
        const QJsonObject props = v.toObject().value(QStringLiteral("properties")).toObject();
        const QDateTime start
            = QDateTime::fromString(props.value(QStringLiteral("startTime")).toString(), Qt::ISODateWithMs);
        if (props.value(QStringLiteral("operation")).toString() == QLatin1String("Restore")
            && props.value(QStringLiteral("entityFriendlyName")).toString() == kItem && start >= m_started)
            out << v.toObject();
    }
    return out;
}

QJsonArray TestRestoreRestartE2E::auditRecords(const QString &type)
{
    const CliRun list = cli({ QStringLiteral("--output"), QStringLiteral("json"), QStringLiteral("audit"),
                              QStringLiteral("list"), QStringLiteral("--type"), type });
    if (list.exitCode != 0)
        qWarning() << "audit list:" << list.err;
    return list.json().array();
}

void TestRestoreRestartE2E::killedMidRestoreTheConsoleFollowsItToTheEnd()
{
    // 1. Signed in through the browser; the refresh token is in the keychain.
    const QString browser
        = QStringLiteral("'%1' '%2/browser.js' --user oscar").arg(nodeExecutable(), idpDirectory());
    const CliRun login = cli({ QStringLiteral("--browser-command"), browser, QStringLiteral("login") });
    QVERIFY2(login.exitCode == 0, login.err.constData());

    QString point;
    for (const Sandbox::SandboxItem &i : m_sandbox.server().tenant().vault(kProdWeu)->items) {
        if (i.resource[QStringLiteral("properties")][QStringLiteral("friendlyName")].toString() == kItem)
            point = i.recoveryPoints.first().value(QStringLiteral("id")).toString();
    }
    QVERIFY(!point.isEmpty());
    QVERIFY(restoreJobs().isEmpty());

    // 2. The CLI sends the restore and follows it; killed once its job runs.
    QString id;
    bool running = false;
    const CliRun killed = cli(
        { QStringLiteral("restore"), QStringLiteral("--point"), point, QStringLiteral("--mode"),
          QStringLiteral("disks"), QStringLiteral("--staging-storage-account"), kStaging,
          QStringLiteral("--reason"), QStringLiteral("restart drill"), QStringLiteral("--yes"),
          QStringLiteral("--wait"), QStringLiteral("--poll"), QStringLiteral("1") },
        [&](QProcess &process) {
            running = QTest::qWaitFor(
                [&] {
                    const QList<QJsonObject> kept = pending();
                    if (kept.size() != 1 || kept.first().value(QStringLiteral("jobId")).toString().isEmpty()
                        || kept.first().value(QStringLiteral("lastStatus")).toString()
                            != QLatin1String("InProgress"))
                        return false;
                    id = kept.first().value(QStringLiteral("clientRequestId")).toString();
                    return process.state() == QProcess::Running;
                },
                60000);
            process.kill(); // SIGKILL: no shutdown of any kind
        });
    QVERIFY2(running, killed.err.constData());
    QCOMPARE(killed.exitCode, -1); // killed, not ended
    QVERIFY2(killed.err.contains("Restore accepted"), killed.err.constData());
    QVERIFY(!id.isEmpty());
    QCOMPARE(pending().size(), 1);
    QList<QJsonObject> jobs = restoreJobs();
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs.first()[QStringLiteral("properties")][QStringLiteral("status")].toString(),
             QStringLiteral("InProgress"));

    // 3. The console on the same home: the session comes back from the keychain (no browser: the
    // command given fails; each start is a "session-resumed" record), and the console says it
    // follows the kept restore again.
    const qsizetype resumedBefore = auditRecords(QStringLiteral("session-resumed")).size();
    const QStringList guiArgs { QStringLiteral("--browser-command"), QStringLiteral("/bin/false") };
    const QRegularExpression resumed(
        QStringLiteral("following again 1 restore\\(s\\) started before this run: ")
        + QRegularExpression::escape(id));
    {
        Console first(environment());
        QVERIFY(first.start(guiArgs));
        QVERIFY2(first.waitForLog(resumed, 60000).hasMatch(), first.log().constData());
        QVERIFY2(first.isRunning(), first.log().constData());
        jobs = restoreJobs();
        QCOMPARE(jobs.size(), 1);
        QCOMPARE(jobs.first()[QStringLiteral("properties")][QStringLiteral("status")].toString(),
                 QStringLiteral("InProgress"));
        first.kill(); // the console itself, mid-restore
        QVERIFY(first.waitForEnd(10000));
        QCOMPARE(first.exitStatus(), QProcess::CrashExit);
    }
    QCOMPARE(pending().size(), 1);

    // 4. Again: it follows the restore again (the job still held: nothing has ended); the job is
    // released and the console follows it to its end, then closed by SIGTERM.
    Console second(environment());
    QVERIFY(second.start(guiArgs));
    QVERIFY2(second.waitForLog(resumed, 60000).hasMatch(), second.log().constData());
    const QRegularExpression ended(QStringLiteral("restore ") + QRegularExpression::escape(id)
                                   + QStringLiteral(" ended: job \\S+ (\\w+)"));
    QVERIFY2(!ended.match(QString::fromUtf8(second.log())).hasMatch(), second.log().constData());
    jobs = restoreJobs();
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs.first()[QStringLiteral("properties")][QStringLiteral("status")].toString(),
             QStringLiteral("InProgress"));
    QCOMPARE(pending().size(), 1);
    QCOMPARE(m_sandbox.server().releaseJobs(), 1);
    const QRegularExpressionMatch end = second.waitForLog(ended, (kJobSeconds + 60) * 1000);
    QVERIFY2(end.hasMatch(), second.log().constData());
    QCOMPARE(end.captured(1), QStringLiteral("Completed"));
    // Its end recorded, the restore is no longer kept.
    QTRY_VERIFY2_WITH_TIMEOUT(pending().isEmpty(), second.log().constData(), 15000);
    QVERIFY2(second.isRunning(), second.log().constData());
    second.terminate();
    QVERIFY2(second.waitForEnd(20000), second.log().constData());
    QCOMPARE(second.exitStatus(), QProcess::NormalExit);
    QCOMPARE(second.exitCode(), 0);
    QVERIFY2(!second.log().contains("another process follows"), second.log().constData());

    // One job, completed.
    jobs = restoreJobs();
    QCOMPARE(jobs.size(), 1);
    QCOMPARE(jobs.first()[QStringLiteral("properties")][QStringLiteral("status")].toString(),
             QStringLiteral("Completed"));

    // The audit log: intact, and the restore's three records, once each, in order.
    const CliRun verify = cli({ QStringLiteral("audit"), QStringLiteral("verify") });
    QVERIFY2(verify.exitCode == 0, (verify.err + verify.out).constData());
    QCOMPARE(auditRecords(QStringLiteral("session-resumed")).size(), resumedBefore + 2);
    QStringList outcomes;
    for (const QJsonValue &v : auditRecords(QStringLiteral("restore"))) {
        const QJsonObject r = v.toObject();
        const QStringList ids = [&] {
            QStringList s;
            for (const QJsonValue &c : r.value(QStringLiteral("correlationIds")).toArray())
                s << c.toString();
            return s;
        }();
        if (ids.contains(id))
            outcomes << r.value(QStringLiteral("outcome")).toString();
    }
    QCOMPARE(
        outcomes,
        QStringList({ QStringLiteral("requested"), QStringLiteral("accepted"), QStringLiteral("finished") }));
}

QTEST_GUILESS_MAIN(TestRestoreRestartE2E)
#include "tst_restore_restart_e2e.moc"
