// restoredesk-cli's restore verbs as a script would run them, against the in-process sandbox with
// an access token alone: every restore kind the sandbox supports (VM new / disks / original, file
// share original / alternate, SQL as a database / as files) to its completed job with --wait, its
// audit records (requested, accepted, finished, with the identity and the correlation id) and the
// job in the vault's list; the preview and the equivalent request printed before the prompt, and
// nothing sent unless confirmed; an overwrite refused without --confirm and the item's name; the
// reader stopped by the pre-check (exit 6 naming the missing action); a job ending with warnings
// (exit 5); jobs cancel audited, and jobs show --wait seeing the cancellation; and a restore under
// injected faults and a lost answer that still completes as one restore.
#include "audit/auditreader.h"
#include "backup/pendingrestorestore.h"
#include "backup/recoverypoint.h"
#include "clirun.h"
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QDateTime>
#include <QDir>
#include <QDirIterator>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>
#include <QTime>
#include <QTimer>
#include <QUuid>

#include <unistd.h>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

// Every run's requests time out after this many seconds (--request-timeout) instead of 60: a
// restore whose answer is lost is looked for in the vault's jobs for this plus the grace, so the
// drills of lost answers take seconds, not minutes. The sandbox answers on loopback in
// milliseconds; 10 s is still far above any answer a loaded machine gives here.
constexpr int kRequestTimeoutSeconds = 10;

class TestCliRestoreE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void everyKindRunsToItsEnd_data();
    void everyKindRunsToItsEnd();
    void previewComesFirstAndNothingIsSentUnconfirmed();
    void overwriteNeedsTheItemsName();
    void readerIsStoppedByThePreCheck();
    void sqlTargetServerIsPreChecked_data();
    void sqlTargetServerIsPreChecked();
    void anArchivedPointIsRehydratedFirst();
    void anAcceptedRestoreWhoseFollowingStopsStillSaysAccepted();
    void warningsExitFive();
    void aCompletedJobWithAWarningIsNotASuccess();
    void anOperationThatFailsBeforeAJobIsTheEnd_data();
    void anOperationThatFailsBeforeAJobIsTheEnd();
    void cancelIsAuditedAndSeenByJobsShowWait();
    void faultsAndALostAnswerStillMakeOneRestore();
    void answersLostBeyondTheTransportAreReconciledNotResent();
    void aJobListedLateIsWaitedForNotSentAgain();
    void aKeptRestoreIsSettledAsOneRestore();
    void aResendIsPreCheckedAndConfirmedLikeARestore();
    void aJobOfAnotherKnownRequestIsNotTakenForThisOne();
    void aJobNamingNoKnownRequestLeavesTheOutcomeUnknown();
    void aKilledWaitIsResumedByTheNextRun();
    void keptRestoresOfAnotherApiAreLeftAlone();
    void badInputIsAUsageError();

private:
    using Run = Test::CliRun;
    // `extra`: its inChild and inputAfterStderr are used (a closed standard error, the answer
    // written once the question shows).
    Run cli(SandboxHarness &sandbox, const QStringList &args, const QString &user = QStringLiteral("oscar"),
            const QByteArray &input = {}, const Test::CliRunOptions &extra = {});
    Run cli(const QStringList &args, const QString &user = QStringLiteral("oscar"),
            const QByteArray &input = {})
    {
        return cli(m_sandbox, args, user, input);
    }
    QString point(SandboxHarness &sandbox, const QString &item);
    Sandbox::SandboxItem *sandboxItem(const QString &name);
    QString point(const QString &item) { return point(m_sandbox, item); }
    int restoreJobs(SandboxHarness &sandbox, const QString &item);
    // The records of `type` (and of the item `item`, when given): ends of restores the run picked
    // up again (started by an earlier test, whose log is another) are recorded too.
    QList<Audit::Record> records(const QString &type = {}, const QString &item = {});

    QTemporaryDir m_dir;
    SandboxHarness m_sandbox;
    SandboxHarness m_long; // jobs that run ten minutes: time to cancel one
    // A vault of its own for the functions that lose a restore's answer and reconcile it: each
    // function has an audit log of its own (init()), so the jobs other functions leave on an item
    // are, to it, another console's restores of that item in the window; those may be this
    // restore (the service does not say which request started a job), and the outcome is
    // rightly unknown. A drill of one console's lost answer needs an item no one else restored.
    SandboxHarness m_quiet;
    QHash<QString, QString> m_tokens;
    QString m_log;
};

void TestCliRestoreE2E::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.jobDurationSeconds = 3;
    options.retryAfterSeconds = 1;
    // As with Azure, nothing promises that a repeated client request id is recognised (one restore is
    // proven without the sandbox's help).
    options.dedupClientRequestIds = false;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
    QVERIFY2(m_quiet.start(options, &error), qPrintable(error));
    options.jobDurationSeconds = 600;
    QVERIFY2(m_long.start(options, &error), qPrintable(error));
}

void TestCliRestoreE2E::init()
{
    // A log of its own per test: the records a test expects are all there are.
    const QString tag
        = QString::fromUtf8(QTest::currentDataTag()).remove(QRegularExpression(QStringLiteral("[^a-z]")));
    m_log = m_dir.filePath(
        QStringLiteral("%1%2/audit.jsonl").arg(QString::fromLatin1(QTest::currentTestFunction()), tag));
    for (SandboxHarness *h : { &m_sandbox, &m_quiet }) {
        h->server().setFaultRates(0, 0, 0);
        h->server().setMaxFaultsPerRequest(0);
        h->server().setRestoreLocationOnly(false);
        h->server().loseAnswers({}, {}, 0);
        h->server().loseRequests({}, {}, 0);
        h->server().setJobListingDelay(0);
    }
}

TestCliRestoreE2E::Run TestCliRestoreE2E::cli(SandboxHarness &sandbox, const QStringList &args,
                                              const QString &user, const QByteArray &input,
                                              const Test::CliRunOptions &extra)
{
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1"));
    // The pending restores live in the app data folder: this test's own.
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    const QString key = user + QLatin1Char('@') + sandbox.api();
    if (!m_tokens.contains(key))
        m_tokens.insert(key, sandbox.signIn(user).accessToken);
    env.insert(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"), m_tokens.value(key));
    Test::CliRunOptions options;
    options.environment = env;
    options.input = input;
    options.inChild = extra.inChild;
    options.inputAfterStderr = extra.inputAfterStderr;
    const QStringList all { QStringLiteral("--config"),          m_dir.filePath(QStringLiteral("cli.conf")),
                            QStringLiteral("--audit-log"),       m_log,
                            QStringLiteral("--api-base"),        sandbox.api(),
                            QStringLiteral("--request-timeout"), QString::number(kRequestTimeoutSeconds) };
    Run run = Test::runCli(QStringLiteral(RD_CLI_BINARY), all + args, options);
    // Never a token, on either stream.
    if (run.out.contains(m_tokens.value(key).toUtf8()) || run.err.contains(m_tokens.value(key).toUtf8()))
        run.exitCode = -2;
    return run;
}

static QStringList outcomesOf(const QList<Audit::Record> &log)
{
    QStringList out;
    for (const Audit::Record &r : log)
        out << r.outcome;
    return out;
}

QString TestCliRestoreE2E::point(SandboxHarness &sandbox, const QString &item)
{
    Sandbox::SandboxVault *v = sandbox.server().tenant().vault(kProdWeu);
    for (const Sandbox::SandboxItem &i : v->items) {
        if (i.resource[QStringLiteral("properties")][QStringLiteral("friendlyName")].toString() == item)
            return i.recoveryPoints.first().value(QStringLiteral("id")).toString();
    }
    return {};
}

Sandbox::SandboxItem *TestCliRestoreE2E::sandboxItem(const QString &name)
{
    for (Sandbox::SandboxItem &i : m_sandbox.server().tenant().vault(kProdWeu)->items) {
        if (i.resource[QStringLiteral("properties")][QStringLiteral("friendlyName")].toString() == name)
            return &i;
    }
    return nullptr;
}

int TestCliRestoreE2E::restoreJobs(SandboxHarness &sandbox, const QString &item)
{
    int n = 0;
    for (const Sandbox::SandboxJob &j : sandbox.server().tenant().vault(kProdWeu)->jobs)
        n += j.operation == QLatin1String("Restore") && j.itemName == item ? 1 : 0;
    return n;
}

QList<Audit::Record> TestCliRestoreE2E::records(const QString &type, const QString &item)
{
    const auto read = Audit::readRecords(m_log);
    const QString itemId
        = item.isEmpty() ? QString() : point(item).section(QStringLiteral("/recoveryPoints/"), 0, 0);
    QList<Audit::Record> out;
    for (const Audit::Record &r : read ? read->records : QList<Audit::Record>()) {
        if ((type.isEmpty() || r.type == type)
            && (itemId.isEmpty() || r.target.compare(itemId, Qt::CaseInsensitive) == 0))
            out << r;
    }
    return out;
}

void TestCliRestoreE2E::everyKindRunsToItsEnd_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<QStringList>("args");
    QTest::newRow("vm, new VM (alternate)") << "vm-web-01"
                                            << QStringList { "--mode",
                                                             "alternate",
                                                             "--target-resource-group",
                                                             "rg-restore-weu",
                                                             "--target-vm-name",
                                                             "vm-web-01-cli",
                                                             "--target-vnet",
                                                             kVnet,
                                                             "--target-subnet",
                                                             "restore",
                                                             "--staging-storage-account",
                                                             kStaging };
    QTest::newRow("vm, disks") << "vm-web-01"
                               << QStringList { "--mode", "disks", "--staging-storage-account", kStaging };
    QTest::newRow("vm, original (overwrite)")
        << "vm-web-02" << QStringList { "--mode", "original",  "--staging-storage-account",
                                        kStaging, "--confirm", "vm-web-02" };
    QTest::newRow("file share, original") << "finance" << QStringList { "--mode", "original" };
    QTest::newRow("file share, alternate")
        << "hr-records"
        << QStringList { "--mode",         "alternate", "--target-storage-account", kTargetAccount,
                         "--target-share", "restored",  "--target-folder",          "hr-cli" };
    QTest::newRow("file share, chosen files to another share") << "hr-records"
                                                               << QStringList { "--mode",
                                                                                "alternate",
                                                                                "--target-storage-account",
                                                                                kTargetAccount,
                                                                                "--target-share",
                                                                                "restored",
                                                                                "--target-folder",
                                                                                "hr-items",
                                                                                "--item",
                                                                                "reports/2026/q3.xlsx",
                                                                                "--item",
                                                                                "contracts/" };
    QTest::newRow("file share, original (overwrite)")
        << "finance" << QStringList { "--mode", "original", "--overwrite", "--confirm", "finance" };
    QTest::newRow("sql, over the existing database (overwrite)")
        << "sales" << QStringList { "--mode",    "alternate", "--target-database", "sales", "--overwrite",
                                    "--confirm", "sales" };
    QTest::newRow("sql, another database")
        << "sales" << QStringList { "--mode", "alternate", "--target-database", "sales_cli" };
    QTest::newRow("sql, as files") << "sales"
                                   << QStringList { "--mode", "files", "--target-directory",
                                                    "F:\\restore\\cli" };
}

void TestCliRestoreE2E::everyKindRunsToItsEnd()
{
    QFETCH(QString, item);
    QFETCH(QStringList, args);
    const int before = restoreJobs(m_sandbox, item);
    const Run run = cli(QStringList { "--output", "json", "restore", "--point", point(item), "--reason",
                                      "INC-42 drill", "--yes", "--wait", "--poll", "1" }
                        + args);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // JSON alone on standard output; the preview and the request on standard error.
    const QJsonObject out = run.object();
    QCOMPARE(out[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    QCOMPARE(out[QStringLiteral("itemName")].toString(), item);
    QVERIFY(!out[QStringLiteral("preview")].toArray().isEmpty());
    QCOMPARE(out[QStringLiteral("job")][QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    QVERIFY2(run.err.contains("Equivalent request:") && run.err.contains("POST http"), run.err.constData());
    // No header of the request reaches the operator (the preview names actions such as
    // Microsoft.Authorization/…/read, never an Authorization header or a bearer token).
    QVERIFY2(!run.err.contains("Authorization:") && !run.err.contains("Bearer "), run.err.constData());
    QCOMPARE(restoreJobs(m_sandbox, item), before + 1);
    // The trail: requested, accepted, finished, one chain, the identity and the ids.
    const QList<Audit::Record> log = records(QStringLiteral("restore"), item);
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.at(0).outcome, QStringLiteral("requested"));
    QCOMPARE(log.at(0).reason, QStringLiteral("INC-42 drill"));
    QCOMPARE(log.at(0).identity.username, QStringLiteral("oscar@sandbox.restoredesk.invalid"));
    QCOMPARE(log.at(1).outcome, QStringLiteral("accepted"));
    QCOMPARE(log.at(2).outcome, QStringLiteral("finished"));
    QCOMPARE(log.at(1).ref, log.at(0).seq);
    QCOMPARE(log.at(2).ref, log.at(0).seq);
    QVERIFY(log.at(0).correlationIds.contains(out[QStringLiteral("correlationId")].toString()));
    QVERIFY(log.at(1).correlationIds.contains(out[QStringLiteral("correlationId")].toString()));
    QCOMPARE(log.at(2).params[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    // The job in the vault's list, as an operator would look for it.
    const Run jobs
        = cli({ "--output", "json", "jobs", "list", "--vault", kProdWeu, "--status", "Completed" });
    QVERIFY2(jobs.exitCode == 0, jobs.err.constData());
    const QString jobId = log.at(2).params[QStringLiteral("jobId")].toString();
    bool listed = false;
    for (const QJsonValue &j : jobs.json().array())
        listed = listed || j[QStringLiteral("id")].toString().compare(jobId, Qt::CaseInsensitive) == 0;
    QVERIFY2(listed, qPrintable(jobId));
}

void TestCliRestoreE2E::previewComesFirstAndNothingIsSentUnconfirmed()
{
    const int before = restoreJobs(m_sandbox, QStringLiteral("vm-app-02"));
    const QStringList args { "restore", "--point",  point(QStringLiteral("vm-app-02")),
                             "--mode",  "disks",    "--staging-storage-account",
                             kStaging,  "--reason", "drill" };
    const Run no = cli(args, QStringLiteral("oscar"), "n\n");
    QCOMPARE(no.exitCode, 1);
    QVERIFY2(no.out.contains("Restore vm-app-02 from its recovery point"), no.out.constData());
    QVERIFY(no.out.contains("Stage the data in storage account ststaging (resource group rg-staging)."));
    QVERIFY(no.out.contains("Equivalent request:"));
    QVERIFY(no.out.contains("\"recoveryType\": \"RestoreDisks\""));
    QVERIFY(no.err.contains("Start this restore? [y/N]"));
    QVERIFY(no.err.contains("nothing was sent"));
    QCOMPARE(restoreJobs(m_sandbox, QStringLiteral("vm-app-02")), before);
    QVERIFY(records(QStringLiteral("restore")).isEmpty());
    // A "y" where the question could not be seen is no: standard error closed at the start (and
    // failing, at the end of this function).
    Test::CliRunOptions closedErr;
    closedErr.inChild = [] { ::close(2); };
    const Run unseen = cli(m_sandbox, args, QStringLiteral("oscar"), "y\n", closedErr);
    QCOMPARE(unseen.exitCode, 1);
    // Confirmed, the answer given only once the question is on the terminal (it must not wait for
    // a line's end first): accepted, exit 0 without waiting.
    Test::CliRunOptions afterQuestion;
    afterQuestion.inputAfterStderr = "Start this restore? [y/N] ";
    const Run yes = cli(m_sandbox, args, QStringLiteral("oscar"), "y\n", afterQuestion);
    QVERIFY2(yes.errBeforeInput.endsWith("Start this restore? [y/N] "), yes.errBeforeInput.constData());
    QVERIFY2(yes.exitCode == 0, yes.err.constData());
    QVERIFY(yes.err.contains("Restore accepted"));
    QCOMPARE(restoreJobs(m_sandbox, QStringLiteral("vm-app-02")), before + 1);
    QCOMPARE(records(QStringLiteral("restore")).size(), 2); // requested, accepted: the end is the follower's
    // The same with standard input non-blocking (a parent's flag on the terminal it shares): the
    // answer is waited for, not read as an empty line (a "no" the operator never gave).
    afterQuestion.inChild = Test::makeStandardStreamsNonBlocking;
    const Run waited = cli(m_sandbox, args, QStringLiteral("oscar"), "y\n", afterQuestion);
    QVERIFY2(waited.errBeforeInput.endsWith("Start this restore? [y/N] "), waited.errBeforeInput.constData());
    QVERIFY2(waited.exitCode == 0, waited.err.constData());
    QVERIFY(waited.err.contains("Restore accepted"));
    QCOMPARE(restoreJobs(m_sandbox, QStringLiteral("vm-app-02")), before + 2);
    QCOMPARE(records(QStringLiteral("restore")).size(), 4);
    // Last, as it needs /dev/full: a "y" after a preview and a question that failed to be written
    // (JSON mode, where the preview is on standard error) is no.
    if (!Test::hasDevFull())
        QSKIP("no /dev/full here: a failing standard error cannot be given");
    Test::CliRunOptions fullErr;
    fullErr.inChild = Test::putStandardErrorOnDevFull;
    const Run lost
        = cli(m_sandbox, QStringList { "--output", "json" } + args, QStringLiteral("oscar"), "y\n", fullErr);
    QCOMPARE(lost.exitCode, 1);
    QVERIFY(lost.out.isEmpty()); // JSON mode: the outcome would be printed, had there been one
    QCOMPARE(restoreJobs(m_sandbox, QStringLiteral("vm-app-02")), before + 2);
    QCOMPARE(records(QStringLiteral("restore")).size(), 4);
}

void TestCliRestoreE2E::overwriteNeedsTheItemsName()
{
    const int before = restoreJobs(m_sandbox, QStringLiteral("vm-web-02"));
    const QStringList args { "restore", "--point",  point(QStringLiteral("vm-web-02")),
                             "--mode",  "original", "--staging-storage-account",
                             kStaging,  "--reason", "drill",
                             "--yes" };
    const Run missing = cli(args);
    QCOMPARE(missing.exitCode, 2);
    QVERIFY2(missing.err.contains("--confirm \"vm-web-02\""), missing.err.constData());
    const Run wrong = cli(args + QStringList { "--confirm", "vm-web-01" });
    QCOMPARE(wrong.exitCode, 2);
    QCOMPARE(restoreJobs(m_sandbox, QStringLiteral("vm-web-02")), before);
    QVERIFY(records(QStringLiteral("restore")).isEmpty());
}

void TestCliRestoreE2E::readerIsStoppedByThePreCheck()
{
    const Run run = cli({ "restore", "--point", point(QStringLiteral("vm-web-01")), "--mode", "disks",
                          "--staging-storage-account", kStaging, "--reason", "drill", "--yes" },
                        QStringLiteral("rita"));
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(run.err.contains("missing permission: " + kRestoreAction.toUtf8()), run.err.constData());
    QVERIFY(run.out.isEmpty()); // no preview: it stopped before
    QVERIFY(records(QStringLiteral("restore")).isEmpty());
    const QList<Audit::Record> checks = records(QStringLiteral("permission-check"));
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first().outcome, QStringLiteral("denied"));
    QCOMPARE(checks.first().identity.username, QStringLiteral("rita@sandbox.restoredesk.invalid"));
    QVERIFY(QJsonDocument(checks.first().params).toJson().contains(kRestoreAction.toUtf8()));
}

void TestCliRestoreE2E::sqlTargetServerIsPreChecked_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::newRow("another database")
        << QStringList { "--mode", "alternate", "--target-database", "sales_carla" };
    QTest::newRow("as files") << QStringList { "--mode", "files", "--target-directory",
                                               "F:\\restore\\carla" };
}

void TestCliRestoreE2E::sqlTargetServerIsPreChecked()
{
    // Carla may restore in the vault (Backup Contributor) but not write the SQL server's VM: the
    // pre-check on the target server stops her before anything is sent.
    QFETCH(QStringList, args);
    const QString server = kProd
        + QStringLiteral("/resourceGroups/rg-db-prod/providers/Microsoft.Compute/virtualMachines/vm-sql-01");
    const int before = restoreJobs(m_sandbox, QStringLiteral("sales"));
    const Run run = cli(
        QStringList { "restore", "--point", point(QStringLiteral("sales")), "--reason", "drill", "--yes" }
            + args,
        QStringLiteral("carla"));
    QCOMPARE(run.exitCode, 6);
    QVERIFY2(
        run.err.contains("missing permission: Microsoft.Compute/virtualMachines/write on " + server.toUtf8()),
        run.err.constData());
    QVERIFY2(run.err.contains("Virtual Machine Contributor"), run.err.constData());
    QVERIFY(!run.err.contains(kRestoreAction.toUtf8())); // the vault side is granted
    QVERIFY(run.out.isEmpty());
    QCOMPARE(restoreJobs(m_sandbox, QStringLiteral("sales")), before);
    QVERIFY(records(QStringLiteral("restore")).isEmpty());
    const QList<Audit::Record> checks = records(QStringLiteral("permission-check"));
    QCOMPARE(checks.size(), 1);
    QCOMPARE(checks.first().outcome, QStringLiteral("denied"));
    QVERIFY(QJsonDocument(checks.first().params).toJson().contains(server.toUtf8()));
    // Oscar, who may write that VM, passes the same check (everyKindRunsToItsEnd runs it to the end).
}

void TestCliRestoreE2E::anArchivedPointIsRehydratedFirst()
{
    // A point only in the archive tier (vm-archive-01, in North Europe): the preview says it is
    // rehydrated first and for how long, the request asks for it, and the restore runs to its end.
    QString archived;
    for (const Sandbox::SandboxItem &i : m_sandbox.server().tenant().vault(kProdNeu)->items) {
        if (i.resource[QStringLiteral("properties")][QStringLiteral("friendlyName")].toString()
            != QLatin1String("vm-archive-01"))
            continue;
        for (const QJsonObject &p : i.recoveryPoints) {
            const auto parsed = Backup::RecoveryPoint::fromArm(p);
            if (parsed && parsed->needsRehydration()) {
                archived = p.value(QStringLiteral("id")).toString();
                break;
            }
        }
    }
    QVERIFY2(!archived.isEmpty(), "vm-archive-01 has a point only in the archive tier");
    // The vault's legal hold (a deny assignment on restores) is lifted for this one.
    auto &denials = m_sandbox.server().tenant().denyAssignments;
    const auto kept = denials;
    denials.clear();
    m_sandbox.server().reloadAccess();
    const Run run = cli({ "--output", "json", "restore", "--point", archived, "--mode", "disks",
                          "--staging-storage-account", kStagingNeu, "--rehydration-days", "12",
                          "--rehydration-priority", "high", "--reason", "INC-77 audit request", "--yes",
                          "--wait", "--poll", "1" },
                        QStringLiteral("carla"));
    denials = kept;
    m_sandbox.server().reloadAccess();
    QVERIFY2(run.exitCode == 0, run.err.constData());
    const QJsonObject out = run.object();
    QCOMPARE(out[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    const QString preview = out[QStringLiteral("preview")].toVariant().toStringList().join(QLatin1Char('\n'));
    QVERIFY2(preview.contains(QStringLiteral("back from the archive tier (High priority)"))
                 && preview.contains(QStringLiteral("keep that copy for 12 days")),
             qPrintable(preview));
    QVERIFY2(run.err.contains("IaasVMRestoreWithRehydrationRequest") && run.err.contains("\"P12D\"")
                 && run.err.contains("\"High\""),
             run.err.constData());
    // The request as recorded before it was sent asks for the rehydration too.
    QList<Audit::Record> requested;
    for (const Audit::Record &r : records(QStringLiteral("restore")))
        requested << r;
    QVERIFY(!requested.isEmpty());
    QCOMPARE(requested.first().outcome, QStringLiteral("requested"));
    QVERIFY2(QJsonDocument(requested.first().params).toJson().contains("recoveryPointRehydrationInfo"),
             QJsonDocument(requested.first().params).toJson().constData());
}

void TestCliRestoreE2E::anAcceptedRestoreWhoseFollowingStopsStillSaysAccepted()
{
    // Oscar loses every role once the service has taken the restore (its job exists), so `--wait`
    // cannot follow it: exit 6, and standard output still says, as JSON, that the restore
    // was accepted and under which ids (a script that saw nothing might start a second restore).
    const QString item = QStringLiteral("vm-app-02");
    const int before = restoreJobs(m_long, item);
    const QString oscar = QStringLiteral("b2d5f9a3-4c6e-4f80-8b2c-3d4e5f6a7b02");
    QList<Access::RoleAssignment> &assignments = m_long.server().tenant().roleAssignments;
    const QList<Access::RoleAssignment> kept = assignments;
    QTimer taker;
    taker.setInterval(50);
    bool taken = false;
    QObject::connect(&taker, &QTimer::timeout, this, [&] {
        if (restoreJobs(m_long, item) == before)
            return;
        assignments.removeIf([&](const Access::RoleAssignment &a) { return a.principalId == oscar; });
        m_long.server().reloadAccess();
        taken = true;
        taker.stop();
    });
    taker.start();
    const Run run = cli(m_long,
                        { "--output", "json", "restore", "--point", point(m_long, item), "--mode", "disks",
                          "--staging-storage-account", kStaging, "--reason", "INC-88", "--yes", "--wait",
                          "--poll", "1" });
    assignments = kept;
    m_long.server().reloadAccess();
    QVERIFY(taken);
    QCOMPARE(run.exitCode, 6);
    const QJsonObject out = run.object();
    QCOMPARE(out[QStringLiteral("status")].toString(), QStringLiteral("Accepted"));
    QVERIFY(!out[QStringLiteral("clientRequestId")].toString().isEmpty());
    QVERIFY(!out[QStringLiteral("trackingStopped")][QStringLiteral("code")].toString().isEmpty());
    QVERIFY2(run.err.contains("The restore was accepted and is kept")
                 && run.err.contains(
                     ("restore resend " + out[QStringLiteral("clientRequestId")].toString()).toUtf8()),
             run.err.constData());
    QCOMPARE(restoreJobs(m_long, item), before + 1);
}

void TestCliRestoreE2E::warningsExitFive()
{
    // vm-legacy-erp's restores complete with warnings: never exit 0 when waited on.
    const Run run = cli({ "--output", "json", "restore", "--point", point(QStringLiteral("vm-legacy-erp")),
                          "--mode", "disks", "--staging-storage-account", kStaging, "--reason", "drill",
                          "--yes", "--wait", "--poll", "1" },
                        QStringLiteral("carla"));
    QCOMPARE(run.exitCode, 5);
    QCOMPARE(run.object()[QStringLiteral("status")].toString(), QStringLiteral("CompletedWithWarnings"));
    QVERIFY2(run.err.contains("WITH WARNINGS") && run.err.contains("warning: "), run.err.constData());
    const QList<Audit::Record> log = records(QStringLiteral("restore"), QStringLiteral("vm-legacy-erp"));
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.last().outcome, QStringLiteral("finished"));
    QCOMPARE(log.last().params[QStringLiteral("status")].toString(), QStringLiteral("CompletedWithWarnings"));
    QVERIFY(!log.last().params[QStringLiteral("warnings")].toArray().isEmpty());
}

void TestCliRestoreE2E::aCompletedJobWithAWarningIsNotASuccess()
{
    // The service says "Completed" and puts a warning in the job's property bag: exit 5, the
    // warning said, for `restore --wait` and for `jobs show --wait` alike.
    Sandbox::SandboxItem *item = sandboxItem(QStringLiteral("vm-app-01"));
    QVERIFY(item);
    item->restoreWarning = QStringLiteral("The restored VM's extensions were not installed.");
    const Run run = cli({ "--output", "json", "restore", "--point", point(QStringLiteral("vm-app-01")),
                          "--mode", "disks", "--staging-storage-account", kStaging, "--reason", "drill",
                          "--yes", "--wait", "--poll", "1" },
                        QStringLiteral("carla"));
    item->restoreWarning.clear();
    QVERIFY2(run.exitCode == 5, run.err.constData());
    QCOMPARE(run.object()[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    QVERIFY2(run.err.contains("WITH WARNINGS") && run.err.contains("extensions were not installed"),
             run.err.constData());
    const QString jobId = run.object()[QStringLiteral("job")][QStringLiteral("id")].toString();
    QVERIFY2(jobId.contains(QStringLiteral("/backupJobs/")), qPrintable(jobId));
    const Run shown = cli({ "--output", "json", "jobs", "show", jobId, "--wait", "--poll", "1" },
                          QStringLiteral("carla"));
    QVERIFY2(shown.exitCode == 5, shown.err.constData());
    const QList<Audit::Record> log = records(QStringLiteral("restore"), QStringLiteral("vm-app-01"));
    QCOMPARE(log.last().outcome, QStringLiteral("finished"));
    QCOMPARE(log.last().params[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    QVERIFY(!log.last().params[QStringLiteral("warnings")].toArray().isEmpty());
}

void TestCliRestoreE2E::anOperationThatFailsBeforeAJobIsTheEnd_data()
{
    QTest::addColumn<bool>("locationOnly");
    QTest::addColumn<bool>("wait");
    QTest::newRow("status monitor") << false << true;
    // Followed through its result URL, which answers the failure itself (a 4xx with the code).
    QTest::newRow("location only") << true << true;
    // Not waited on: it fails while the command waits for its job id, and says so (it said
    // "Accepted" and exit 0).
    QTest::newRow("status monitor, no wait") << false << false;
}

void TestCliRestoreE2E::anOperationThatFailsBeforeAJobIsTheEnd()
{
    // Accepted, then its operation ends Failed before any job exists: exit 5 with the service's
    // code, "failed" in the audit log, nothing left pending, and no job.
    QFETCH(bool, locationOnly);
    QFETCH(bool, wait);
    m_sandbox.server().setRestoreLocationOnly(locationOnly);
    Sandbox::SandboxItem *item = sandboxItem(QStringLiteral("vm-app-01"));
    QVERIFY(item);
    const int before = restoreJobs(m_sandbox, QStringLiteral("vm-app-01"));
    item->restoreOperationFailure = QStringLiteral("UserErrorSnapshotNotFound");
    QStringList args { "--output",
                       "json",
                       "restore",
                       "--point",
                       point(QStringLiteral("vm-app-01")),
                       "--mode",
                       "disks",
                       "--staging-storage-account",
                       kStaging,
                       "--reason",
                       "drill",
                       "--yes" };
    if (wait)
        args << QStringLiteral("--wait") << QStringLiteral("--poll") << QStringLiteral("1");
    const Run run = cli(args, QStringLiteral("carla"));
    item->restoreOperationFailure.clear();
    QVERIFY2(run.exitCode == 5, run.err.constData());
    QCOMPARE(run.object()[QStringLiteral("status")].toString(), QStringLiteral("Failed"));
    QCOMPARE(run.object()[QStringLiteral("error")][QStringLiteral("code")].toString(),
             QStringLiteral("UserErrorSnapshotNotFound"));
    QVERIFY2(run.err.contains("nothing was restored"), run.err.constData());
    QCOMPARE(restoreJobs(m_sandbox, QStringLiteral("vm-app-01")), before);
    const QList<Audit::Record> log = records(QStringLiteral("restore"), QStringLiteral("vm-app-01"));
    QCOMPARE(log.size(), 3); // requested, accepted, failed
    QCOMPARE(log.last().outcome, QStringLiteral("failed"));
    QCOMPARE(log.last().ref, log.first().seq);
    QCOMPARE(log.last().params[QStringLiteral("code")].toString(),
             QStringLiteral("UserErrorSnapshotNotFound"));
    // Not pending any more: no file in the pending-restores folder names it.
    const QString id = run.object()[QStringLiteral("clientRequestId")].toString();
    QVERIFY(!id.isEmpty());
    QDirIterator files(m_dir.filePath(QStringLiteral("data")), QDir::Files, QDirIterator::Subdirectories);
    while (files.hasNext()) {
        const QString f = files.next();
        QVERIFY2(!f.contains(id), qPrintable(f));
    }
}

void TestCliRestoreE2E::cancelIsAuditedAndSeenByJobsShowWait()
{
    const Run started
        = cli(m_long,
              { "--output", "json", "restore", "--point", point(m_long, QStringLiteral("vm-app-02")),
                "--mode", "disks", "--staging-storage-account", kStaging, "--reason", "drill", "--yes" });
    QVERIFY2(started.exitCode == 0, started.err.constData());
    // Not waited on, it still names its job (once the operation did), the one the service made.
    const QString jobId = started.object()[QStringLiteral("jobId")].toString();
    QString made;
    for (const Sandbox::SandboxJob &j : m_long.server().tenant().vault(kProdWeu)->jobs) {
        if (j.operation == QLatin1String("Restore") && j.itemName == QLatin1String("vm-app-02"))
            made = j.vaultId + QStringLiteral("/backupJobs/") + j.id;
    }
    QVERIFY2(!jobId.isEmpty() && jobId.compare(made, Qt::CaseInsensitive) == 0, started.out.constData());
    const Run text = cli(m_long,
                         { "restore", "--point", point(m_long, QStringLiteral("vm-app-01")), "--mode",
                           "disks", "--staging-storage-account", kStaging, "--reason", "drill", "--yes" });
    QVERIFY2(text.exitCode == 0, text.err.constData());
    QVERIFY2(text.out.contains("Follow it with: restoredesk-cli jobs show /subscriptions/"),
             text.out.constData());
    // The reader may not cancel: exit 6, the action named, nothing sent.
    // Without a reason: a usage error, nothing sent or recorded (the console asks for one too).
    const Run reasonless = cli(m_long, { "jobs", "cancel", jobId, "--yes" });
    QCOMPARE(reasonless.exitCode, 2);
    QVERIFY2(reasonless.err.contains("--reason"), reasonless.err.constData());
    QVERIFY(records(QStringLiteral("job-cancel")).isEmpty());
    const Run denied
        = cli(m_long, { "jobs", "cancel", jobId, "--yes", "--reason", "drill" }, QStringLiteral("rita"));
    QCOMPARE(denied.exitCode, 6);
    QVERIFY2(denied.err.contains("backupJobs/cancel/action"), denied.err.constData());
    // Not confirmed: nothing sent.
    QCOMPARE(cli(m_long, { "jobs", "cancel", jobId, "--reason", "drill" }, QStringLiteral("oscar"), "no\n")
                 .exitCode,
             1);
    QVERIFY(records(QStringLiteral("job-cancel")).isEmpty());
    // Nor with a "y" to a question that could not be shown (standard error failing): the service
    // never hears of it.
    if (Test::hasDevFull()) {
        Test::CliRunOptions fullErr;
        fullErr.inChild = Test::putStandardErrorOnDevFull;
        const Run unseen = cli(m_long, { "jobs", "cancel", jobId, "--reason", "drill" },
                               QStringLiteral("oscar"), "y\n", fullErr);
        QCOMPARE(unseen.exitCode, 1);
        QVERIFY(unseen.out.isEmpty()); // "Cancel requested", had it been
        QVERIFY(records(QStringLiteral("job-cancel")).isEmpty());
        bool found = false;
        for (const Sandbox::SandboxJob &j : m_long.server().tenant().vault(kProdWeu)->jobs) {
            if (jobId.endsWith(QStringLiteral("/backupJobs/") + j.id, Qt::CaseInsensitive)) {
                found = true;
                QVERIFY(!j.cancelRequestedAt.isValid());
            }
        }
        QVERIFY(found);
    } else {
        qInfo("no writable /dev/full here: a cancel with a failing standard error is not checked");
    }
    const Run cancel = cli(m_long, { "jobs", "cancel", jobId, "--yes", "--reason", "wrong point" });
    QVERIFY2(cancel.exitCode == 0, cancel.err.constData());
    const QList<Audit::Record> log = records(QStringLiteral("job-cancel"));
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(0).outcome, QStringLiteral("requested"));
    QCOMPARE(log.at(0).target, jobId);
    QCOMPARE(log.at(0).reason, QStringLiteral("wrong point"));
    QCOMPARE(log.at(0).identity.username, QStringLiteral("oscar@sandbox.restoredesk.invalid"));
    QCOMPARE(log.at(1).outcome, QStringLiteral("accepted"));
    QCOMPARE(log.at(1).ref, log.at(0).seq);
    // Waited on, the cancelled job is exit 5.
    const Run shown = cli(m_long, { "--output", "json", "jobs", "show", jobId, "--wait", "--poll", "1" });
    QCOMPARE(shown.exitCode, 5);
    QCOMPARE(shown.object()[QStringLiteral("status")].toString(), QStringLiteral("Cancelled"));
    // Cancelling it again: the service refuses, and that is audited too.
    const Run again = cli(m_long, { "jobs", "cancel", jobId, "--yes", "--reason", "again" });
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains("Cancelled"), again.err.constData());
}

// The client request id the CLI's advice names ("… restore resend ID …"), wherever the sentence
// puts it ("(restoredesk-cli restore resend ID)", "… resend ID looks again …").
static QString resendIdOf(const QByteArray &err)
{
    static const QRegularExpression id(QStringLiteral("restore resend ([0-9A-Fa-f-]{36})"));
    return id.match(QString::fromUtf8(err)).captured(1);
}

void TestCliRestoreE2E::faultsAndALostAnswerStillMakeOneRestore()
{
    // On a vault of its own (m_quiet): no other function's restores of the item in the window.
    const int before = restoreJobs(m_quiet, QStringLiteral("vm-web-01"));
    // Throttling, 5xx and dropped connections on every route, and the restore's first answer lost
    // after it was handled. Faults are transient (at most 3 in a row for one request, inside the
    // client's 5 tries): a drill of riding them out, not of running out of tries.
    m_quiet.server().setFaultRates(0.15, 0.15, 0.15);
    m_quiet.server().setMaxFaultsPerRequest(3);
    m_quiet.server().loseAnswers("POST", QStringLiteral("/restore"), 1);
    Run run = cli(m_quiet,
                  { "--output", "json", "restore", "--point", point(m_quiet, QStringLiteral("vm-web-01")),
                    "--mode", "disks", "--staging-storage-account", kStaging, "--reason", "fault drill",
                    "--yes", "--wait", "--poll", "1", "--reconcile-grace", "5" });
    if (run.exitCode == 1) {
        // The POST itself was dropped before the service saw it: no job of it appeared, nothing
        // was sent again on its own, and it is kept. The operator resends it (a new request).
        QVERIFY2(run.err.contains("restore resend "), run.err.constData());
        const QString id = resendIdOf(run.err);
        QCOMPARE(restoreJobs(m_quiet, QStringLiteral("vm-web-01")), before);
        // Later, once the network is back (a resend whose POST is dropped too stays kept, as the
        // first did: nothing that may have been processed is sent twice).
        m_quiet.server().setFaultRates(0, 0, 0);
        run = cli(m_quiet,
                  { "--output", "json", "restore", "resend", id, "--yes", "--wait", "--poll", "1",
                    "--reconcile-grace", "5" });
    }
    m_quiet.server().setFaultRates(0, 0, 0);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QCOMPARE(run.object()[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    QCOMPARE(restoreJobs(m_quiet, QStringLiteral("vm-web-01")), before + 1);
    // requested, accepted (answered, or found by reconciliation), finished; a POST the faults
    // kept from the service (no job appeared) adds a resend: requested (resendOf), noted.
    const QList<Audit::Record> log = records(QStringLiteral("restore"), QStringLiteral("vm-web-01"));
    int accepted = 0;
    int requested = 0;
    for (const Audit::Record &r : log) {
        accepted += r.outcome == QLatin1String("accepted");
        if (r.outcome == QLatin1String("requested") && requested++ > 0)
            QVERIFY(!r.params.value(QStringLiteral("resendOf")).toString().isEmpty());
    }
    QCOMPARE(accepted, 1);
    QCOMPARE(log.first().outcome, QStringLiteral("requested"));
    QCOMPARE(log.last().outcome, QStringLiteral("finished"));
}

void TestCliRestoreE2E::answersLostBeyondTheTransportAreReconciledNotResent()
{
    // Every answer lost: the verb sends nothing again; the vault's jobs show the restore started,
    // and it is adopted. One restore, without the sandbox recognising a repeated request id.
    const int before = restoreJobs(m_sandbox, QStringLiteral("vm-sql-01"));
    m_sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 12);
    const Run run = cli({ "--output", "json", "restore", "--point", point(QStringLiteral("vm-sql-01")),
                          "--mode", "disks", "--staging-storage-account", kStaging, "--reason",
                          "lost answers", "--yes", "--reconcile-grace", "5" });
    m_sandbox.server().loseAnswers({}, {}, 0);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    // Said once, and what it says: the service may have it, its job is looked for, nothing is sent.
    QCOMPARE(int(run.err.count("No answer came for request ")), 1);
    QVERIFY2(run.err.contains("nothing is sent again meanwhile"), run.err.constData());
    QCOMPARE(restoreJobs(m_sandbox, QStringLiteral("vm-sql-01")), before + 1);
    const QList<Audit::Record> log = records(QStringLiteral("restore"), QStringLiteral("vm-sql-01"));
    QCOMPARE(log.size(), 2); // one requested, one accepted (found by reconciliation)
    for (const Audit::Record &r : log)
        QVERIFY(!r.params.contains(QStringLiteral("resendOf")));
    QCOMPARE(log.at(1).outcome, QStringLiteral("accepted"));
    QCOMPARE(log.at(1).ref, log.at(0).seq);
    QVERIFY(log.at(1).params.value(QStringLiteral("reconciled")).toBool());
}

void TestCliRestoreE2E::aJobListedLateIsWaitedForNotSentAgain()
{
    // The answer lost after the service took the restore, and the vault lists its job only 6 s
    // later: with a listing lag of 3 s on top of the request's own timeout, the verb says it is
    // looking, keeps listing, finds the job and adopts it. One restore; not "no job found".
    const QString item = QStringLiteral("vm-app-02");
    const int before = restoreJobs(m_sandbox, item);
    m_sandbox.server().setJobListingDelay(6);
    m_sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 1);
    const Run run = cli({ "--output", "json", "restore", "--point", point(item), "--mode", "disks",
                          "--staging-storage-account", kStaging, "--reason", "late listing", "--yes",
                          "--poll", "1", "--reconcile-grace", "3" });
    m_sandbox.server().setJobListingDelay(0);
    QVERIFY2(run.exitCode == 0, run.err.constData());
    QVERIFY2(run.err.contains("No answer came") && run.err.contains("nothing is sent again meanwhile"),
             run.err.constData());
    QCOMPARE(restoreJobs(m_sandbox, item), before + 1);
    const QList<Audit::Record> log = records(QStringLiteral("restore"), item);
    QCOMPARE(log.size(), 2); // requested; accepted, found by reconciliation
    QCOMPARE(log.at(1).outcome, QStringLiteral("accepted"));
    QCOMPARE(log.at(1).ref, log.at(0).seq);
    QVERIFY(log.at(1).params.value(QStringLiteral("reconciled")).toBool());
}

void TestCliRestoreE2E::aKeptRestoreIsSettledAsOneRestore()
{
    // Every answer lost, and the vault's jobs unreadable meanwhile, so reconciliation cannot tell
    // either: the restore is kept, its outcome unknown.
    const QString item = QStringLiteral("vm-app-01");
    const int before = restoreJobs(m_sandbox, item);
    m_sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 1000);
    m_sandbox.server().loseAnswers("GET", QStringLiteral("/backupJobs"), 1000);
    const Run lost = cli({ "restore", "--point", point(item), "--mode", "disks", "--staging-storage-account",
                           kStaging, "--reason", "answers lost", "--yes", "--reconcile-grace", "0" });
    m_sandbox.server().loseAnswers({}, {}, 0);
    QCOMPARE(lost.exitCode, 1);
    QCOMPARE(restoreJobs(m_sandbox, item), before + 1); // it did start
    QCOMPARE(records(QStringLiteral("restore"), item).size(), 1); // requested; the rest unknown

    // Listed as kept, with the id the resend takes (the failed run named it too).
    const Run pending = cli({ "--output", "json", "restore", "pending", "list" });
    QVERIFY2(pending.exitCode == 0, pending.err.constData());
    QString id;
    for (const QJsonValue &v : pending.json().array()) {
        if (v[QStringLiteral("itemName")].toString() == item
            && v[QStringLiteral("state")].toString() == QLatin1String("Submitting"))
            id = v[QStringLiteral("clientRequestId")].toString();
    }
    QVERIFY2(!id.isEmpty(), pending.out.constData());
    QVERIFY2(lost.err.contains("restore resend " + id.toUtf8()), lost.err.constData());
    const Run text = cli({ "restore", "pending", "list" });
    QVERIFY2(text.out.contains(id.toUtf8()) && text.out.contains("Submitting"), text.out.constData());

    // The same restore asked for again meanwhile is refused: nothing sent, nothing recorded.
    const Run twice = cli({ "restore", "--point", point(item), "--mode", "disks", "--staging-storage-account",
                            kStaging, "--reason", "answers lost", "--yes" });
    QVERIFY(twice.exitCode != 0);
    QVERIFY2(twice.err.contains("still unsettled") && twice.err.contains(id.toUtf8()), twice.err.constData());
    QCOMPARE(restoreJobs(m_sandbox, item), before + 1);
    QCOMPARE(records(QStringLiteral("restore"), item).size(), 1);

    // Settled: its job is found in the vault's jobs and adopted (never a second restore), then
    // followed to its end.
    const Run again = cli({ "--output", "json", "restore", "resend", id, "--yes", "--wait", "--poll", "1" });
    QVERIFY2(again.exitCode == 0, again.err.right(700).constData());
    QVERIFY2(again.err.contains("looking for its job") && again.err.contains(id.toUtf8()),
             again.err.constData());
    QCOMPARE(again.object()[QStringLiteral("clientRequestId")].toString(), id);
    QCOMPARE(again.object()[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    QCOMPARE(restoreJobs(m_sandbox, item), before + 1); // never a second restore
    const QList<Audit::Record> log = records(QStringLiteral("restore"), item);
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.at(0).outcome, QStringLiteral("requested"));
    QCOMPARE(log.at(0).params[QStringLiteral("clientRequestId")].toString(), id);
    QCOMPARE(log.at(1).outcome, QStringLiteral("accepted"));
    QCOMPARE(log.at(1).ref, log.at(0).seq);
    QVERIFY(log.at(1).params.value(QStringLiteral("reconciled")).toBool());
    QCOMPARE(log.at(2).outcome, QStringLiteral("finished"));
    QCOMPARE(log.at(2).ref, log.at(0).seq);

    // No longer kept; a second resend finds nothing; a malformed id is a usage error.
    const Run after = cli({ "--output", "json", "restore", "pending", "list" });
    QVERIFY(!after.out.contains(id.toUtf8()));
    QCOMPARE(cli({ "restore", "resend", id, "--yes" }).exitCode, 1);
    QCOMPARE(cli({ "restore", "resend", "../../etc/passwd", "--yes" }).exitCode, 2);
    QCOMPARE(cli({ "restore", "resend" }).exitCode, 2);
    QCOMPARE(cli({ "restore", "resend", id, "--yes", "--reconcile-grace", "soon" }).exitCode, 2);
    QCOMPARE(records(QStringLiteral("restore"), item).size(), 3);
}

// Defect: `restore resend` sent a new restore after only --yes: no permission pre-check, and no
// --confirm for one that overwrites. Now the same rules as `restore`, before anything is sent.
void TestCliRestoreE2E::aResendIsPreCheckedAndConfirmedLikeARestore()
{
    const QString item = QStringLiteral("vm-web-02");
    const QString pointId = point(item);
    const QString itemId = pointId.section(QStringLiteral("/recoveryPoints/"), 0, 0);
    const Run text = cli({ "restore", "pending", "list" });
    const QString folder
        = QString::fromUtf8(text.out).section(QStringLiteral("(in "), 1).section(QLatin1Char(')'), 0, 0);
    QVERIFY2(!folder.isEmpty() && QDir().mkpath(folder), text.out.constData());
    // Kept from an earlier run: sent, no answer, no job found. The VM's original location: it
    // overwrites the VM's disks.
    Backup::PendingRestore kept;
    kept.clientRequestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    kept.correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    kept.itemId = itemId;
    kept.itemName = item;
    kept.vaultId = kProdWeu;
    kept.pointId = pointId;
    kept.path = pointId + QStringLiteral("/restore");
    kept.mode = QStringLiteral("original");
    kept.kind = QStringLiteral("vm");
    kept.body = QJsonObject {
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("objectType"), QStringLiteral("IaasVMRestoreRequest") },
                        { QStringLiteral("recoveryType"), QStringLiteral("OriginalLocation") },
                        { QStringLiteral("recoveryPointId"), pointId.section(QLatin1Char('/'), -1) },
                        { QStringLiteral("storageAccountId"), kStaging },
                        { QStringLiteral("sourceResourceId"), QString() } } }
    };
    kept.requestedAt = QDateTime::currentDateTimeUtc().addSecs(-600);
    kept.reason = QStringLiteral("kept for the resend drill");
    kept.apiOrigin = Backup::PendingRestore::originOf(QUrl(m_sandbox.api()));
    kept.auditSeq = 1;
    kept.noJobFound = true;
    QVERIFY(kept.overwrites());
    const Backup::PendingRestoreStore store(folder);
    QVERIFY(store.save(kept));
    const auto forget = qScopeGuard([&store, &kept] { (void)store.remove(kept.clientRequestId); });
    const int before = restoreJobs(m_sandbox, item);

    // Overwriting, without --confirm: a usage error naming the item; nothing sent or recorded.
    const Run unconfirmed = cli({ "restore", "resend", kept.clientRequestId, "--yes" });
    QCOMPARE(unconfirmed.exitCode, 2);
    QVERIFY2(unconfirmed.err.contains("--confirm \"vm-web-02\""), unconfirmed.err.constData());
    const Run wrongName
        = cli({ "restore", "resend", kept.clientRequestId, "--yes", "--confirm", "vm-web-01" });
    QCOMPARE(wrongName.exitCode, 2);
    // A reader, confirmed: the pre-check stops it (exit 6, the action named), audited as denied.
    const Run reader = cli({ "restore", "resend", kept.clientRequestId, "--yes", "--confirm", item },
                           QStringLiteral("rita"));
    QCOMPARE(reader.exitCode, 6);
    QVERIFY2(reader.err.contains("missing permission") && reader.err.contains("restore/action"),
             reader.err.constData());
    const QList<Audit::Record> checks = records(QStringLiteral("permission-check"));
    QVERIFY(!checks.isEmpty());
    QCOMPARE(checks.last().outcome, QStringLiteral("denied"));
    QCOMPARE(restoreJobs(m_sandbox, item), before);
    QVERIFY(records(QStringLiteral("restore"), item).isEmpty());
    QVERIFY(store.find(kept.clientRequestId).has_value()); // still kept
    // Allowed, named, but the "y" answers a question that could not be shown (standard error
    // failing): nothing sent, nothing recorded, still kept.
    if (Test::hasDevFull()) {
        Test::CliRunOptions fullErr;
        fullErr.inChild = Test::putStandardErrorOnDevFull;
        const Run unseen = cli(m_sandbox, { "restore", "resend", kept.clientRequestId, "--confirm", item },
                               QStringLiteral("oscar"), "y\n", fullErr);
        QCOMPARE(unseen.exitCode, 1);
        QCOMPARE(restoreJobs(m_sandbox, item), before);
        QVERIFY(records(QStringLiteral("restore"), item).isEmpty());
        QVERIFY(store.find(kept.clientRequestId).has_value());
    } else {
        qInfo("no writable /dev/full here: a resend with a failing standard error is not checked");
    }
}

void TestCliRestoreE2E::aJobOfAnotherKnownRequestIsNotTakenForThisOne()
{
    // This console restored the item a moment ago (request A, in its audit log); a second restore
    // of it (B) is lost on its way to the service. A's job is in B's window, but it names A, a
    // request this console knows: it is neither taken for B nor a reason to doubt that B did not
    // start. B ends "no job found", and the operator's resend makes B's one restore.
    const QString item = QStringLiteral("vm-web-02");
    const int before = restoreJobs(m_quiet, item);
    const QStringList restore { "--output",
                                "json",
                                "restore",
                                "--point",
                                point(m_quiet, item),
                                "--mode",
                                "disks",
                                "--staging-storage-account",
                                kStaging,
                                "--yes" };
    const Run a = cli(m_quiet, restore + QStringList { "--reason", "first", "--wait", "--poll", "1" });
    QVERIFY2(a.exitCode == 0, a.err.right(700).constData());
    QCOMPARE(restoreJobs(m_quiet, item), before + 1);
    QString jobA;
    for (const Sandbox::SandboxJob &j : m_quiet.server().tenant().vault(kProdWeu)->jobs)
        jobA = j.operation == QLatin1String("Restore") && j.itemName == item ? j.id : jobA;
    QVERIFY(!jobA.isEmpty());

    m_quiet.server().loseRequests("POST", QStringLiteral("/restore"), 1);
    const Run b = cli(m_quiet, restore + QStringList { "--reason", "second", "--reconcile-grace", "2" });
    QCOMPARE(b.exitCode, 1);
    QVERIFY2(b.err.contains("restore_no_job_found") && !b.err.contains(jobA.toUtf8()), b.err.constData());
    QCOMPARE(restoreJobs(m_quiet, item), before + 1);
    const QString id = resendIdOf(b.err);
    QVERIFY2(!id.isEmpty(), b.err.constData());

    const Run again = cli(m_quiet,
                          { "--output", "json", "restore", "resend", id, "--yes", "--wait", "--poll", "1",
                            "--reconcile-grace", "2" });
    QVERIFY2(again.exitCode == 0, again.err.right(700).constData());
    QCOMPARE(restoreJobs(m_quiet, item), before + 2);
    int accepted = 0;
    for (const Audit::Record &r : records(QStringLiteral("restore"), item)) {
        if (r.outcome == QLatin1String("accepted")) {
            ++accepted;
            QVERIFY(accepted == 1 || r.params.value(QStringLiteral("jobId")).toString() != jobA);
        }
    }
    QCOMPARE(accepted, 2);
}

void TestCliRestoreE2E::aJobNamingNoKnownRequestLeavesTheOutcomeUnknown()
{
    // Another console (an audit log of its own) restored the item a moment ago; this console's
    // restore of it is lost on its way to the service. The other's job names a request this
    // console does not know: for all the service says, it may be this restore. It is not taken
    // for it, and nothing is sent again: the outcome is unknown, the text says what to do.
    const QString item = QStringLiteral("vm-app-01");
    const int before = restoreJobs(m_quiet, item);
    const QStringList restore { "restore", "--point", point(m_quiet, item),
                                "--mode",  "disks",   "--staging-storage-account",
                                kStaging,  "--yes" };
    const QString mine = m_log;
    m_log = m_dir.filePath(QStringLiteral("another-console/audit.jsonl"));
    const Run other
        = cli(m_quiet, restore + QStringList { "--reason", "another console", "--wait", "--poll", "1" });
    m_log = mine;
    QVERIFY2(other.exitCode == 0, other.err.right(700).constData());
    QCOMPARE(restoreJobs(m_quiet, item), before + 1);

    m_quiet.server().loseRequests("POST", QStringLiteral("/restore"), 1);
    const QDateTime lostStarted = QDateTime::currentDateTimeUtc();
    const Run lost = cli(m_quiet, restore + QStringList { "--reason", "mine", "--reconcile-grace", "2" });
    QCOMPARE(lost.exitCode, 1);
    QVERIFY2(lost.err.contains("restore_outcome_unknown") && lost.err.contains("may be this restore")
                 && lost.err.contains("Nothing was sent again"),
             lost.err.constData());
    QCOMPARE(restoreJobs(m_quiet, item), before + 1);
    const QString id = resendIdOf(lost.err);
    QVERIFY2(!id.isEmpty(), lost.err.constData());
    // Looked for again: the same answer, and still nothing sent. A resend looks until the lost
    // run's window ends (the request's timeout plus the grace, both counted from the one request)
    // even when given a shorter grace (0 here: its own window would end 2 s sooner), so a job
    // listed late is never taken for none; without a grace given it would wait out 60 s more.
    const Run again = cli(m_quiet, { "restore", "resend", id, "--yes", "--reconcile-grace", "0" });
    QCOMPARE(again.exitCode, 1);
    QVERIFY2(again.err.contains("restore_outcome_unknown") && again.err.contains("Nothing was sent again"),
             again.err.constData());
    static const QRegularExpression until(QStringLiteral("jobs until (\\d\\d:\\d\\d:\\d\\d UTC)"));
    const QString lostUntil = until.match(QString::fromUtf8(lost.err)).captured(1);
    QVERIFY2(!lostUntil.isEmpty(), lost.err.constData());
    // The window follows --request-timeout: it ends the request's 10 s plus the 2 s grace after
    // the request was sent (with the default 60 s it would be a minute later). 20 s of slack for
    // the run's pre-checks on a loaded machine; the stated time has whole seconds.
    const QTime untilTime = QTime::fromString(lostUntil.left(8), QStringLiteral("HH:mm:ss"));
    QVERIFY(untilTime.isValid());
    const int stated = lostStarted.time().secsTo(untilTime);
    const int afterStart = stated < -43200 ? stated + 86400 : stated; // across midnight
    QVERIFY2(afterStart >= kRequestTimeoutSeconds + 2 && afterStart <= kRequestTimeoutSeconds + 2 + 20,
             qPrintable(QStringLiteral("window ends %1 s after the run started").arg(afterStart)));
    QCOMPARE(until.match(QString::fromUtf8(again.err)).captured(1), lostUntil);
    QCOMPARE(restoreJobs(m_quiet, item), before + 1);
    for (const Audit::Record &r : records(QStringLiteral("restore"), item))
        QCOMPARE(r.outcome, QStringLiteral("requested")); // only this console's one request

    // Its headline says the outcome is not known, never that it did not start.
    QVERIFY2(!lost.err.contains("not started") && lost.err.contains("is not known"), lost.err.constData());
    QVERIFY2(lost.err.contains(("restore pending discard " + id).toUtf8()), lost.err.constData());
    QVERIFY2(lost.err.contains(("restore pending adopt " + id + " --job /").toUtf8()), lost.err.constData());

    // As JSON: the job that may be it is data ("candidateJobs", a full job id), nothing sent again.
    const Run json
        = cli(m_quiet, { "--output", "json", "restore", "resend", id, "--yes", "--reconcile-grace", "2" });
    QCOMPARE(json.exitCode, 1);
    const QJsonObject unsettled = QJsonDocument::fromJson(json.out).object();
    QVERIFY2(!unsettled.isEmpty(), json.out.constData());
    QCOMPARE(unsettled.value(QStringLiteral("clientRequestId")).toString(), id);
    QCOMPARE(unsettled.value(QStringLiteral("sentAgain")).toBool(true), false);
    const QJsonArray candidates = unsettled.value(QStringLiteral("candidateJobs")).toArray();
    QCOMPARE(candidates.size(), 1);
    QVERIFY(candidates.first().toString().contains(QStringLiteral("/backupJobs/")));
    // Adopting a job that is not one of them is refused, the request kept.
    const QString notCandidate = candidates.first().toString().section(QLatin1Char('/'), 0, -2)
        + QStringLiteral("/00000000-0000-4000-8000-000000000001");
    // Without --reason: a usage error (who adopts and why go to the audit log).
    const Run adoptWithoutReason = cli(m_quiet, { "restore", "pending", "adopt", id, "--job", notCandidate });
    QCOMPARE(adoptWithoutReason.exitCode, 2);
    QVERIFY2(adoptWithoutReason.err.contains("--reason"), adoptWithoutReason.err.constData());
    const Run refused
        = cli(m_quiet, { "restore", "pending", "adopt", id, "--job", notCandidate, "--reason", "INC-9" });
    QCOMPARE(refused.exitCode, 1);
    QVERIFY2(refused.err.contains("restore_adopt_not_candidate"), refused.err.constData());
    QCOMPARE(restoreJobs(m_quiet, item), before + 1);

    // The operator found the job was the other console's: the record is discarded with the
    // command the text names (audited as the console's Discard is), so later functions start clean.
    // Without --reason: a usage error, the record kept and nothing logged.
    const qsizetype logged = records(QStringLiteral("restore")).size();
    for (const QStringList &extra : { QStringList(), QStringList { "--reason", "  " } }) {
        const Run noReason = cli(m_quiet, QStringList { "restore", "pending", "discard", id } + extra);
        QCOMPARE(noReason.exitCode, 2);
        QVERIFY2(noReason.err.contains("--reason"), noReason.err.constData());
        QVERIFY(cli(m_quiet, { "restore", "pending", "list" }).out.contains(id.toUtf8()));
        QCOMPARE(records(QStringLiteral("restore")).size(), logged);
    }
    const Run dropped
        = cli(m_quiet, { "restore", "pending", "discard", id, "--reason", "INC-9: the other console's job" });
    QVERIFY2(dropped.exitCode == 0, dropped.err.constData());
    const Run text = cli(m_quiet, { "restore", "pending", "list" });
    QVERIFY2(!text.out.contains(id.toUtf8()), text.out.constData());
    bool noted = false;
    for (const Audit::Record &r : records(QStringLiteral("restore")))
        noted = noted
            || (r.outcome == QLatin1String("noted") && r.params.value(QStringLiteral("discarded")).toBool()
                && r.params.value(QStringLiteral("reason")).toString()
                    == QLatin1String("INC-9: the other console's job")
                && !Audit::Identity::fromJson(r.params.value(QStringLiteral("discardedBy")).toObject())
                        .subject.isEmpty());
    QVERIFY(noted);
    QCOMPARE(restoreJobs(m_quiet, item), before + 1); // nothing sent
    const Run twice = cli(m_quiet, { "restore", "pending", "discard", id, "--reason", "again" });
    QCOMPARE(twice.exitCode, 1);
}

void TestCliRestoreE2E::aKilledWaitIsResumedByTheNextRun()
{
    // `restore --wait` killed (SIGKILL, nothing cleaned up) once the service accepted the restore,
    // while its job runs; the next run picks the kept restore up, follows it to its end and
    // records that end against the first run's "requested".
    const QString item = QStringLiteral("vm-web-01");
    const int before = restoreJobs(m_sandbox, item);
    bool killed = false;
    const QString token = m_tokens.value(QStringLiteral("oscar@") + m_sandbox.api());
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), m_dir.filePath(QStringLiteral("data")));
    env.insert(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"),
               token.isEmpty() ? m_sandbox.signIn(QStringLiteral("oscar")).accessToken : token);
    Test::CliRunOptions options;
    options.environment = env;
    options.whileRunning = [&](QProcess &process) {
        auto *watch = new QTimer(&process);
        QObject::connect(watch, &QTimer::timeout, &process, [&, watch] {
            for (const Audit::Record &r : records(QStringLiteral("restore"), item)) {
                if (r.outcome == QLatin1String("accepted") && !killed) {
                    killed = true;
                    watch->stop();
                    process.kill(); // SIGKILL
                }
            }
        });
        watch->start(20);
    };
    const QStringList globals {
        QStringLiteral("--config"),          m_dir.filePath(QStringLiteral("cli.conf")),
        QStringLiteral("--audit-log"),       m_log,
        QStringLiteral("--api-base"),        m_sandbox.api(),
        QStringLiteral("--request-timeout"), QString::number(kRequestTimeoutSeconds)
    };
    const Run first = Test::runCli(
        QStringLiteral(RD_CLI_BINARY),
        globals
            + QStringList { "restore", "--point", point(item), "--mode", "disks", "--staging-storage-account",
                            kStaging, "--reason", "killed mid-restore", "--yes", "--wait", "--poll", "1" },
        options);
    QVERIFY2(killed, first.err.constData());
    QCOMPARE(restoreJobs(m_sandbox, item), before + 1);
    QCOMPARE(outcomesOf(records(QStringLiteral("restore"), item)), QStringList({ "requested", "accepted" }));

    // Kept, as accepted, for the next run.
    const Run pending = cli({ "--output", "json", "restore", "pending", "list" });
    QString id;
    for (const QJsonValue &v : pending.json().array()) {
        if (v[QStringLiteral("itemName")].toString() == item
            && v[QStringLiteral("reason")].toString() == QLatin1String("killed mid-restore")) {
            QCOMPARE(v[QStringLiteral("state")].toString(), QStringLiteral("Accepted"));
            id = v[QStringLiteral("clientRequestId")].toString();
        }
    }
    QVERIFY2(!id.isEmpty(), pending.out.constData());

    // While another process holds it (the console, say), a run follows its job read-only and
    // leaves the end to the holder to record, rather than wait for an end it would never see.
    const Run text = cli({ "restore", "pending", "list" });
    const QString folder
        = QString::fromUtf8(text.out).section(QStringLiteral("(in "), 1).section(QLatin1Char(')'), 0, 0);
    QVERIFY2(QDir(folder).exists(), text.out.constData());
    {
        Error why;
        const auto held = Backup::PendingRestoreStore(folder).claim(id, &why);
        QVERIFY2(held, qPrintable(why.toString()));
        const Run watched
            = cli({ "--output", "json", "restore", "resend", id, "--yes", "--wait", "--poll", "1" });
        QVERIFY2(watched.exitCode == 0, watched.err.right(700).constData());
        QVERIFY2(watched.err.contains("another Restore Desk process"), watched.err.constData());
        QCOMPARE(watched.object()[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
        QCOMPARE(outcomesOf(records(QStringLiteral("restore"), item)),
                 QStringList({ "requested", "accepted" }));
    }

    // Released: the next run follows it to its end and records it; nothing is sent again.
    const Run next = cli({ "--output", "json", "restore", "resend", id, "--yes", "--wait", "--poll", "1" });
    QVERIFY2(next.exitCode == 0, next.err.right(700).constData());
    QVERIFY2(next.err.contains("accepted this restore already"), next.err.constData());
    QCOMPARE(next.object()[QStringLiteral("status")].toString(), QStringLiteral("Completed"));
    QCOMPARE(restoreJobs(m_sandbox, item), before + 1);
    const QList<Audit::Record> log = records(QStringLiteral("restore"), item);
    QCOMPARE(outcomesOf(log), QStringList({ "requested", "accepted", "finished" }));
    QCOMPARE(log.at(2).ref, log.at(0).seq);
    const Run after = cli({ "--output", "json", "restore", "pending", "list" });
    QVERIFY(!after.out.contains(id.toUtf8()));
}

void TestCliRestoreE2E::keptRestoresOfAnotherApiAreLeftAlone()
{
    // One pending folder, two APIs: a restore kept while talking to another API (m_long, as
    // profile "prod") is listed with where it was recorded, and left alone by the verbs that talk
    // to this one (m_sandbox): not dropped, adopted or sent again; nothing recorded or sent.
    const QString item = QStringLiteral("vm-web-01");
    const QString pointId = point(item);
    const Run text = cli({ "restore", "pending", "list" });
    const QString folder
        = QString::fromUtf8(text.out).section(QStringLiteral("(in "), 1).section(QLatin1Char(')'), 0, 0);
    QVERIFY2(!folder.isEmpty() && QDir().mkpath(folder), text.out.constData());
    Backup::PendingRestore kept;
    kept.clientRequestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    kept.correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    kept.itemId = pointId.section(QStringLiteral("/recoveryPoints/"), 0, 0);
    kept.itemName = item;
    kept.vaultId = kProdWeu;
    kept.pointId = pointId;
    kept.path = pointId + QStringLiteral("/restore");
    kept.mode = QStringLiteral("disks");
    kept.kind = QStringLiteral("vm");
    kept.requestedAt = QDateTime::currentDateTimeUtc().addSecs(-600);
    kept.reason = QStringLiteral("kept against another API");
    kept.auditSeq = 1;
    kept.noJobFound = true;
    kept.apiOrigin = Backup::PendingRestore::originOf(QUrl(m_long.api()));
    kept.profile = QStringLiteral("prod");
    QVERIFY(kept.apiOrigin != Backup::PendingRestore::originOf(QUrl(m_sandbox.api())));
    const Backup::PendingRestoreStore store(folder);
    QVERIFY(store.save(kept));
    const auto forget = qScopeGuard([&store, &kept] { (void)store.remove(kept.clientRequestId); });
    const int before = restoreJobs(m_sandbox, item);

    auto rowOf = [&kept](const Run &list) {
        for (const QJsonValue &v : list.json().array()) {
            if (v[QStringLiteral("clientRequestId")].toString() == kept.clientRequestId)
                return v.toObject();
        }
        return QJsonObject();
    };
    const QJsonObject here = rowOf(cli({ "--output", "json", "restore", "pending", "list" }));
    QCOMPARE(here[QStringLiteral("apiOrigin")].toString(), kept.apiOrigin);
    QCOMPARE(here[QStringLiteral("profile")].toString(), QStringLiteral("prod"));
    QCOMPARE(here[QStringLiteral("thisApi")].toBool(true), false);
    const Run listed = cli({ "restore", "pending", "list" });
    QVERIFY2(listed.out.contains("recorded against " + kept.apiOrigin.toUtf8() + " (profile prod)"),
             listed.out.constData());
    QCOMPARE(
        rowOf(cli(m_long, { "--output", "json", "restore", "pending", "list" }))[QStringLiteral("thisApi")]
            .toBool(false),
        true);

    for (const QStringList &verb :
         { QStringList { "restore", "pending", "discard", kept.clientRequestId, "--reason", "r" },
           QStringList { "restore", "pending", "adopt", kept.clientRequestId, "--job",
                         kProdWeu + QStringLiteral("/backupJobs/")
                             + QUuid::createUuid().toString(QUuid::WithoutBraces),
                         "--reason", "r" },
           QStringList { "restore", "resend", kept.clientRequestId, "--yes", "--wait", "--poll", "1" } }) {
        const Run refused = cli(verb);
        QCOMPARE(refused.exitCode, 1);
        QVERIFY2(refused.err.contains("recorded against " + kept.apiOrigin.toUtf8() + " (profile prod)"),
                 refused.err.constData());
    }
    const auto still = store.find(kept.clientRequestId);
    QVERIFY(still && still->toJson() == kept.toJson());
    QCOMPARE(restoreJobs(m_sandbox, item), before);
    QVERIFY(records(QStringLiteral("restore"), item).isEmpty());
}

void TestCliRestoreE2E::badInputIsAUsageError()
{
    const QString p = point(QStringLiteral("vm-web-01"));
    // No reason; an unknown mode; a missing target; a bad VM name; a point that is not one.
    QList<QStringList> cases {
        { "restore", "--point", p, "--mode", "disks", "--staging-storage-account", kStaging, "--yes" },
        { "restore", "--point", p, "--mode", "files", "--reason", "r", "--yes" },
        { "restore", "--point", p, "--mode", "disks", "--reason", "r", "--yes" },
        { "restore", "--point", p, "--mode", "alternate", "--target-resource-group", "rg-restore-weu",
          "--target-vm-name", "bad name!", "--target-vnet", kVnet, "--target-subnet", "restore",
          "--staging-storage-account", kStaging, "--reason", "r", "--yes" },
        { "restore", "--point", kProdWeu, "--mode", "disks", "--reason", "r", "--yes" },
        // Restoring as files only creates files: there is nothing --overwrite could mean.
        { "restore", "--point", point(QStringLiteral("sales")), "--mode", "files", "--target-directory",
          "F:\\restore\\x", "--overwrite", "--reason", "r", "--yes" },
    };
    // A request timeout that is no number of seconds, or outside 5..600 (the last one given wins
    // over the one cli() gives): the error names the option.
    QList<QStringList> timeouts;
    for (const char *timeout : { "soon", "4", "601", "" })
        timeouts.append(QStringList { "--request-timeout", timeout, "restore", "--point", p, "--mode",
                                      "disks", "--staging-storage-account", kStaging, "--reason", "r",
                                      "--yes" });
    for (const QStringList &args : cases + timeouts) {
        const Run run = cli(args);
        QVERIFY2(run.exitCode == 2,
                 qPrintable(args.join(QLatin1Char(' ')) + QStringLiteral(" → ")
                            + QString::number(run.exitCode) + QStringLiteral(": ")
                            + QString::fromUtf8(run.err)));
        QVERIFY(!run.err.isEmpty());
        if (timeouts.contains(args))
            QVERIFY2(run.err.contains("--request-timeout"), run.err.constData());
    }
    // The bounds themselves are accepted (what the value does is tested by the killed run's
    // reconcile window, which follows it).
    for (const char *timeout : { "5", "600" }) {
        const Run run = cli({ "--request-timeout", timeout, "restore", "pending", "list" });
        QVERIFY2(run.exitCode == 0,
                 qPrintable(QLatin1String(timeout) + QStringLiteral(": ") + QString::fromUtf8(run.err)));
    }
    QVERIFY(records(QStringLiteral("restore")).isEmpty());
    // Every kind's options are in the help.
    const Run help = cli({ "restore", "--help" });
    QCOMPARE(help.exitCode, 0);
    for (const char *o :
         { "--target-resource-group", "--target-vm-name", "--target-vnet", "--target-subnet",
           "--staging-storage-account", "--target-storage-account", "--target-share", "--target-folder",
           "--target-database", "--target-directory", "--confirm", "--wait", "restore pending list",
           "restore pending discard CLIENT_REQUEST_ID", "restore resend CLIENT_REQUEST_ID" })
        QVERIFY2(help.out.contains(o), o);
    const Run overview = cli({ "--help" });
    QVERIFY(overview.out.contains("restore resend CLIENT_REQUEST_ID"));
    QVERIFY(overview.out.contains("restore pending discard CLIENT_REQUEST_ID"));
}

QTEST_GUILESS_MAIN(TestCliRestoreE2E)
#include "tst_cli_restore_e2e.moc"
