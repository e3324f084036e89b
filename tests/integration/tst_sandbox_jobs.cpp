// Restores as the sandbox runs them: operation status, then a job that progresses (percent,
// tasks) and ends Completed or Failed; cancel; idempotent retries by x-ms-client-request-id;
// activity-log events carrying the caller and the correlation id; jobs held until released.
#include "sandboxharness.h"
#include "sandboxids.h"

#include "sandbox/armbuilders.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {
const QString kV = QStringLiteral("?api-version=2026-02-01");
} // namespace

class TestSandboxJobs : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void restoreProgressesToCompleted();
    void failingItemEndsFailedWithErrorDetails();
    void cancelEndsCancelled();
    void sameClientRequestIdDoesNotRestoreTwice();
    void activityLogNamesCallerAndCorrelation();
    void statusFilterListsRunningJobsWhateverTheirStart();
    void heldJobRunsUntilReleased();

private:
    struct Started
    {
        int status = 0;
        QString operationStatus;
        QString jobId;
    };
    Started restore(const QString &friendlyName, const QList<QPair<QByteArray, QByteArray>> &headers = {})
    {
        return restore(m_sandbox, m_token, friendlyName, headers);
    }
    // The same on another sandbox; `accepted` runs once the 202 is in, before the operation is
    // polled (a test clock moves there).
    static Started restore(SandboxHarness &sandbox, const QString &token, const QString &friendlyName,
                           const QList<QPair<QByteArray, QByteArray>> &headers = {},
                           const std::function<void()> &accepted = {});
    QJsonObject job(const QString &jobId) { return job(m_sandbox, m_token, jobId); }
    static QJsonObject job(SandboxHarness &sandbox, const QString &token, const QString &jobId);
    SandboxHarness m_sandbox;
    QString m_token;
};

void TestSandboxJobs::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.jobDurationSeconds = 3;
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
    m_token = m_sandbox.signIn(QStringLiteral("carla")).accessToken;
    QVERIFY(!m_token.isEmpty());
}

TestSandboxJobs::Started TestSandboxJobs::restore(SandboxHarness &sandbox, const QString &token,
                                                  const QString &friendlyName,
                                                  const QList<QPair<QByteArray, QByteArray>> &headers,
                                                  const std::function<void()> &accepted)
{
    Started s;
    const auto items = sandbox.get(kProdWeu + QStringLiteral("/backupProtectedItems") + kV, token);
    QJsonObject item;
    for (const QJsonValue &v : items.json.value(QStringLiteral("value")).toArray()) {
        if (v.toObject()
                .value(QStringLiteral("properties"))
                .toObject()
                .value(QStringLiteral("friendlyName"))
                .toString()
            == friendlyName)
            item = v.toObject();
    }
    const QString itemId = item.value(QStringLiteral("id")).toString();
    const QJsonObject ip = item.value(QStringLiteral("properties")).toObject();
    const auto points = sandbox.get(itemId + QStringLiteral("/recoveryPoints") + kV, token);
    const QString point = points.json.value(QStringLiteral("value"))
                              .toArray()
                              .first()
                              .toObject()
                              .value(QStringLiteral("name"))
                              .toString();
    QJsonObject props;
    if (ip.value(QStringLiteral("workloadType")).toString() == QLatin1String("SQLDataBase"))
        props = { { QStringLiteral("objectType"), QStringLiteral("AzureWorkloadSQLRestoreRequest") },
                  { QStringLiteral("recoveryType"), QStringLiteral("OriginalLocation") } };
    else
        props = {
            { QStringLiteral("objectType"), QStringLiteral("IaasVMRestoreRequest") },
            { QStringLiteral("recoveryType"), QStringLiteral("RestoreDisks") },
            { QStringLiteral("sourceResourceId"), ip.value(QStringLiteral("sourceResourceId")) },
            { QStringLiteral("storageAccountId"),
              kProd
                  + QStringLiteral(
                      "/resourceGroups/rg-staging/providers/Microsoft.Storage/storageAccounts/ststaging") }
        };
    props.insert(QStringLiteral("recoveryPointId"), point);
    const auto r = sandbox.send(
        "POST", itemId + QStringLiteral("/recoveryPoints/") + point + QStringLiteral("/restore") + kV, token,
        QJsonDocument(QJsonObject { { QStringLiteral("properties"), props } }).toJson(), headers);
    s.status = r.status;
    s.operationStatus = QString::fromLatin1(r.header("Azure-AsyncOperation"));
    if (s.status != 202)
        return s;
    if (accepted)
        accepted();
    // Poll the operation as a client would, until it names the job.
    (void)QTest::qWaitFor(
        [&] {
            const auto op = sandbox.get(s.operationStatus, token);
            s.jobId = op.json.value(QStringLiteral("properties"))
                          .toObject()
                          .value(QStringLiteral("jobId"))
                          .toString();
            return !s.jobId.isEmpty();
        },
        10000);
    return s;
}

QJsonObject TestSandboxJobs::job(SandboxHarness &sandbox, const QString &token, const QString &jobId)
{
    return sandbox.get(kProdWeu + QStringLiteral("/backupJobs/") + jobId + kV, token)
        .json.value(QStringLiteral("properties"))
        .toObject();
}

void TestSandboxJobs::restoreProgressesToCompleted()
{
    const Started s = restore(QStringLiteral("vm-web-01"));
    QCOMPARE(s.status, 202);
    QVERIFY(!s.jobId.isEmpty());
    QJsonObject j = job(s.jobId);
    QCOMPARE(j.value(QStringLiteral("operation")).toString(), QStringLiteral("Restore"));
    QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("InProgress"));
    const int percent = j.value(QStringLiteral("extendedInfo"))
                            .toObject()
                            .value(QStringLiteral("progressPercentage"))
                            .toInt(-1);
    QVERIFY(percent >= 0 && percent < 100);
    QCOMPARE(j.value(QStringLiteral("extendedInfo"))
                 .toObject()
                 .value(QStringLiteral("tasksList"))
                 .toArray()
                 .size(),
             4);
    QTRY_COMPARE_WITH_TIMEOUT(job(s.jobId).value(QStringLiteral("status")).toString(),
                              QStringLiteral("Completed"), 10000);
    j = job(s.jobId);
    QVERIFY(j.contains(QStringLiteral("endTime")));
    for (const QJsonValue &t :
         j.value(QStringLiteral("extendedInfo")).toObject().value(QStringLiteral("tasksList")).toArray())
        QCOMPARE(t.toObject().value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
}

void TestSandboxJobs::failingItemEndsFailedWithErrorDetails()
{
    const Started s = restore(QStringLiteral("inventory"));
    QCOMPARE(s.status, 202);
    QTRY_COMPARE_WITH_TIMEOUT(job(s.jobId).value(QStringLiteral("status")).toString(),
                              QStringLiteral("Failed"), 10000);
    const QJsonArray details = job(s.jobId).value(QStringLiteral("errorDetails")).toArray();
    QCOMPARE(details.size(), 1);
    QVERIFY(!details.first().toObject().value(QStringLiteral("errorString")).toString().isEmpty());
}

void TestSandboxJobs::cancelEndsCancelled()
{
    const Started s = restore(QStringLiteral("vm-web-02"));
    const auto c = m_sandbox.send(
        "POST", kProdWeu + QStringLiteral("/backupJobs/") + s.jobId + QStringLiteral("/cancel") + kV,
        m_token);
    QCOMPARE(c.status, 202);
    const QString location = QString::fromLatin1(c.header("Location"));
    QVERIFY(location.contains(QStringLiteral("/operationResults/")));
    QTRY_COMPARE_WITH_TIMEOUT(m_sandbox.get(location, m_token).status, 204, 10000);
    QCOMPARE(job(s.jobId).value(QStringLiteral("status")).toString(), QStringLiteral("Cancelled"));
    // A finished job cannot be cancelled again.
    QCOMPARE(m_sandbox
                 .send("POST",
                       kProdWeu + QStringLiteral("/backupJobs/") + s.jobId + QStringLiteral("/cancel") + kV,
                       m_token)
                 .status,
             400);
}

void TestSandboxJobs::sameClientRequestIdDoesNotRestoreTwice()
{
    const auto before
        = m_sandbox.get(kProdWeu + QStringLiteral("/backupJobs") + kV + QStringLiteral("&$top=1000"), m_token)
              .json.value(QStringLiteral("value"))
              .toArray()
              .size();
    const QList<QPair<QByteArray, QByteArray>> id { { "x-ms-client-request-id", "7f0c2f4e-restore-once" } };
    const Started first = restore(QStringLiteral("vm-app-02"), id);
    const Started again = restore(QStringLiteral("vm-app-02"), id);
    QCOMPARE(first.status, 202);
    QCOMPARE(again.status, 202);
    QCOMPARE(again.operationStatus, first.operationStatus);
    QCOMPARE(again.jobId, first.jobId);
    const auto after
        = m_sandbox.get(kProdWeu + QStringLiteral("/backupJobs") + kV + QStringLiteral("&$top=1000"), m_token)
              .json.value(QStringLiteral("value"))
              .toArray()
              .size();
    QCOMPARE(after, before + 1);
}

void TestSandboxJobs::activityLogNamesCallerAndCorrelation()
{
    const QList<QPair<QByteArray, QByteArray>> corr { { "x-ms-correlation-request-id", "corr-restore-42" } };
    const Started s = restore(QStringLiteral("finance"), corr);
    QVERIFY(s.status == 202 || s.status == 400); // a file share needs its own request shape; both are logged
    const auto log = m_sandbox.get(
        kProd
            + QStringLiteral(
                "/providers/Microsoft.Insights/eventtypes/management/values?api-version=2015-04-01&$filter=")
            + QStringLiteral(
                "eventTimestamp ge '2020-01-01T00:00:00Z' and correlationId eq 'corr-restore-42'"),
        m_token);
    QCOMPARE(log.status, 200);
    const QJsonArray events = log.json.value(QStringLiteral("value")).toArray();
    QCOMPARE(events.size(), 1);
    const QJsonObject e = events.first().toObject();
    QCOMPARE(e.value(QStringLiteral("caller")).toString(),
             QStringLiteral("carla@sandbox.restoredesk.invalid"));
    QCOMPARE(e.value(QStringLiteral("correlationId")).toString(), QStringLiteral("corr-restore-42"));
    QVERIFY(e.value(QStringLiteral("operationName"))
                .toObject()
                .value(QStringLiteral("value"))
                .toString()
                .endsWith(QStringLiteral("restore/action")));
}

// The console lists "the jobs still running" with status eq 'InProgress' and no time bound: the
// sandbox answers with every running job, one started days ago included, and no ended one; a
// start-time bound alone leaves that old one out (which is why the console asks both).
void TestSandboxJobs::statusFilterListsRunningJobsWhateverTheirStart()
{
    Sandbox::SandboxVault *vault = m_sandbox.server().tenant().vault(kProdWeu);
    QVERIFY(vault);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    Sandbox::SandboxJob old;
    old.id = QStringLiteral("0d5e7c1a-0000-4000-8000-00000000a1d0");
    old.vaultId = kProdWeu.toLower();
    old.operation = QStringLiteral("Backup");
    old.itemName = QStringLiteral("vm-long-running");
    old.backupManagementType = QStringLiteral("AzureIaasVM");
    old.jobType = QStringLiteral("AzureIaaSVMJob");
    old.start = now.addDays(-3);
    old.durationMs = qint64(10) * 24 * 3600 * 1000; // still running
    old.finalStatus = QStringLiteral("Completed");
    vault->jobs << old;
    const auto statusOf = [](const QJsonValue &v) {
        return v.toObject()
            .value(QStringLiteral("properties"))
            .toObject()
            .value(QStringLiteral("status"))
            .toString();
    };
    const auto names = [](const QJsonArray &list) {
        QStringList out;
        for (const QJsonValue &v : list)
            out << v.toObject().value(QStringLiteral("name")).toString();
        return out;
    };
    const auto running = m_sandbox.get(kProdWeu + QStringLiteral("/backupJobs") + kV
                                           + QStringLiteral("&$filter=status eq 'InProgress'"),
                                       m_token);
    QCOMPARE(running.status, 200);
    const QJsonArray runningJobs = running.json.value(QStringLiteral("value")).toArray();
    QVERIFY(names(runningJobs).contains(old.id));
    for (const QJsonValue &v : runningJobs)
        QCOMPARE(statusOf(v), QStringLiteral("InProgress"));
    const auto all = m_sandbox.get(kProdWeu + QStringLiteral("/backupJobs") + kV, m_token);
    int runningInAll = 0;
    bool endedSeen = false;
    for (const QJsonValue &v : all.json.value(QStringLiteral("value")).toArray()) {
        runningInAll += statusOf(v) == QLatin1String("InProgress") ? 1 : 0;
        endedSeen = endedSeen || statusOf(v) != QLatin1String("InProgress");
    }
    QVERIFY(endedSeen); // the filter had something to leave out
    QCOMPARE(int(runningJobs.size()), runningInAll);
    const QString since = QLocale::c().toString(now.addDays(-1), QStringLiteral("yyyy-MM-dd hh:mm:ss AP"));
    const auto window = m_sandbox.get(kProdWeu + QStringLiteral("/backupJobs") + kV
                                          + QStringLiteral("&$filter=startTime eq '%1'").arg(since),
                                      m_token);
    QVERIFY(!names(window.json.value(QStringLiteral("value")).toArray()).contains(old.id));
    vault->jobs.removeLast();
}

// Held jobs (options.holdJobs, holdJobs()) stay InProgress past their duration until
// releaseJobs(): one whose duration has passed then ends at once, one that has not runs it out;
// a cancel still ends a held job; jobs accepted once holding is off run as before. On a clock of
// the test's, so nothing here waits for a job.
void TestSandboxJobs::heldJobRunsUntilReleased()
{
    ManualClock clock;
    SandboxHarness sandbox(clock.clock());
    Sandbox::SandboxOptions options;
    options.jobDurationSeconds = 3;
    options.holdJobs = true;
    QString error;
    QVERIFY2(sandbox.start(options, &error), qPrintable(error));
    const QString token = sandbox.signIn(QStringLiteral("carla")).accessToken;
    QVERIFY(!token.isEmpty());
    const auto status = [&](const QString &jobId) {
        return job(sandbox, token, jobId).value(QStringLiteral("status")).toString();
    };
    const auto settle = [&] { clock.advance(1); }; // the restore's operation names its job

    const Started first = restore(sandbox, token, QStringLiteral("vm-web-01"), {}, settle);
    const Started second = restore(sandbox, token, QStringLiteral("vm-web-02"), {}, settle);
    const Started cancelled = restore(sandbox, token, QStringLiteral("vm-app-02"), {}, settle);
    QVERIFY(!first.jobId.isEmpty() && !second.jobId.isEmpty() && !cancelled.jobId.isEmpty());
    QCOMPARE(sandbox
                 .send("POST",
                       kProdWeu + QStringLiteral("/backupJobs/") + cancelled.jobId + QStringLiteral("/cancel")
                           + kV,
                       token)
                 .status,
             202);

    // Ten minutes on, far past the 3 s duration: held, still running, never at 100 %.
    clock.advance(600);
    QJsonObject j = job(sandbox, token, first.jobId);
    QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("InProgress"));
    QVERIFY(!j.contains(QStringLiteral("endTime")));
    QCOMPARE(j.value(QStringLiteral("extendedInfo"))
                 .toObject()
                 .value(QStringLiteral("progressPercentage"))
                 .toInt(),
             99);
    QCOMPARE(status(cancelled.jobId), QStringLiteral("Cancelled"));

    // Released: the long-held ones end now, as they would have.
    QCOMPARE(sandbox.server().releaseJobs(), 3);
    j = job(sandbox, token, first.jobId);
    QCOMPARE(j.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
    QCOMPARE(j.value(QStringLiteral("endTime")).toString(), Sandbox::Arm::isoTime(clock.now()));
    QCOMPARE(status(second.jobId), QStringLiteral("Completed"));
    QCOMPARE(status(cancelled.jobId), QStringLiteral("Cancelled"));
    QCOMPARE(sandbox.server().releaseJobs(), 0);

    // Held, then released before its duration has passed: it runs the rest of it.
    const Started early = restore(sandbox, token, QStringLiteral("vm-web-01"), {}, settle);
    QCOMPARE(sandbox.server().releaseJobs(), 1);
    QCOMPARE(status(early.jobId), QStringLiteral("InProgress"));
    clock.advance(2);
    QCOMPARE(status(early.jobId), QStringLiteral("Completed"));

    // Holding off: a job runs its duration and ends on its own.
    sandbox.server().holdJobs(false);
    const Started free = restore(sandbox, token, QStringLiteral("vm-web-02"), {}, settle);
    QCOMPARE(status(free.jobId), QStringLiteral("InProgress"));
    clock.advance(2);
    QCOMPARE(status(free.jobId), QStringLiteral("Completed"));
    QCOMPARE(sandbox.server().releaseJobs(), 0);
}

QTEST_GUILESS_MAIN(TestSandboxJobs)
#include "tst_sandbox_jobs.moc"
