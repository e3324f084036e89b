// The audited restore actions against the sandbox: nothing is sent unaudited (no trail, a full
// disk, no reason); "requested" is on disk before the POST and "accepted" / "refused" after, with
// the service's ids; the end is "finished" (warnings kept), "failed" or "cancelled" against the
// request; a submit whose answer never came keeps its record, and resending it is the same
// restore; a double submit is refused while the first is in flight; cancel is audited.
// A lost answer is reconciled against the vault's jobs (the sandbox does not de-duplicate here):
// found, it is adopted; not found, a resend is a new request audited as one; records left by an
// earlier run are announced and reconciled at start.
#include "audit/auditerrors.h"
#include "audit/auditreader.h"
#include "audit/audittrail.h"
#include "audit/filelock.h"
#include "audit/logfiles.h"
#include "backup/restoreactions.h"
#include "backup/restoreerrors.h"
#include "restorefixture.h"
#include "restoresetup.h"
#include "sandboxids.h"

#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <QUuid>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;
using Mode = RestoreRequest::Mode;

class TestRestoreActions : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void nothingIsSentUnaudited();
    void requestedAcceptedFinished();
    void refusedIsAuditedWithTheServicesWords();
    void conflictIsAuditedAsRefused();
    void unknownOutcomeIsReconciledIntoOneRestore();
    void aVaultClockBehindStillShowsTheLostAnswersJob();
    void aLostAnswersJobListedLateIsStillFound();
    void resendReconcilesThenSendsANewAuditedRequest();
    void aJobThatNamesNoRequestIsNeitherAdoptedNorResent_data();
    void aJobThatNamesNoRequestIsNeitherAdoptedNorResent();
    void aJobOfAnEarlierAttemptIsThisRestoresNotAnothers();
    void aJobOfAnEarlierAttemptStartedBeforeThisAttemptIsStillListed();
    void theGraceIsNotEatenByTheLogsRead();
    void theAuditLogIsReadOffTheCallersThread();
    void anOperatorAdoptsACandidateJob();
    void adoptRefusesWhatIsNotACandidateAChangedRecordAndAnUnwritableLog();
    void aReconciliationCancelledWhileTheLogIsReadReportsOnce();
    void anUnreadableAuditLogIsLoggedAndNothingIsSentAgain();
    void aNewRestoreWaitsForAnUnsettledOne();
    void resendRefusesNeverSentAndFailsClosed();
    void aDiscardNamesWhoDroppedItAndWhy();
    void leftOverRecordsAreAnnouncedAndReconciledAtStart();
    void aOneShotCommandLeavesKeptRecordsToTheConsole();
    void doubleSubmitIsRefusedWhileTheFirstIsInFlight();
    void warningsAndCancelAreAudited();
    void aRecordNamesItsApiAndProfile();
    void recordsOfAnotherApiAreLeftAlone();
    void aLocationOnlyRestoreThatNamesNoJobIsAdopted();
    void aClaimLastsOnlyWhileTheRecordIsWorkedOn();

private:
    RestoreRequest disks(const QString &item, RestoreFixture *f = nullptr);
    Result<PendingRestore> run(RestoreDesk::Job<PendingRestore> *&job,
                               std::optional<Result<PendingRestore>> &out);
    QList<Audit::Record> records();
    Backup::Job waitForEnd(const QString &clientRequestId);
    // A record as a run that stopped after "requested" (and maybe the POST) leaves it.
    PendingRestore leftOver(const RestoreRequest &r, bool audited);

    RestoreFixture m_f;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<Audit::AuditTrail> m_trail;
    std::unique_ptr<RestoreActions> m_actions;
    // Created with the actions, so an end that comes before a test starts waiting is not missed.
    std::unique_ptr<QSignalSpy> m_ended;
};

void TestRestoreActions::initTestCase()
{
    Sandbox::SandboxOptions o;
    o.jobDurationSeconds = 30;
    o.retryAfterSeconds = 0;
    o.dedupClientRequestIds = false; // one restore is proven without the sandbox's help
    QString error;
    QVERIFY2(m_f.start(o, QStringLiteral("oscar"), &error), qPrintable(error));
    m_f.runClock(5, 50);
}

void TestRestoreActions::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_trail = std::make_unique<Audit::AuditTrail>(
        std::make_unique<Audit::AuditLog>(m_dir->filePath(QStringLiteral("audit.jsonl"))));
    m_actions
        = std::make_unique<RestoreActions>(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))));
    TrackingOptions fast;
    fast.operationPollMs = 40;
    fast.jobPollMs = 60;
    fast.retryBaseMs = 40;
    fast.retryMaxMs = 300;
    fast.reconcileGraceMs = 1500;
    fast.reconcilePollMs = 100;
    fast.clockSkewMs = 1000; // the sandbox and the actions share one clock here
    m_actions->tracker()->setOptions(fast);
    m_ended = std::make_unique<QSignalSpy>(m_actions->tracker(), &RestoreTracker::ended);
    m_actions->setClock(m_f.clock.clock()); // the sandbox's time: jobs are listed by it
    m_actions->setService(m_f.restore.get());
    m_actions->setAuditTrail(m_trail.get());
    const QJsonObject claims = m_f.session->identity().jwt.claims;
    m_actions->setIdentity([claims] { return Audit::Identity::fromClaims(claims); });
}

void TestRestoreActions::cleanup()
{
    m_f.sandbox.server().setFaultRates(0, 0, 0);
    m_f.sandbox.server().setJobListingDelay(0);
    m_ended.reset();
    m_actions.reset();
    m_trail.reset();
}

RestoreRequest TestRestoreActions::disks(const QString &item, RestoreFixture *f)
{
    RestoreFixture &on = f ? *f : m_f;
    std::optional<Result<RestoreSource>> source;
    on.restore->source(on.newestPoint(on.itemId(QStringLiteral("rsv-prod-weu"), item)), &on.nam,
                       [&](Result<RestoreSource> s) { source = s; });
    if (!QTest::qWaitFor([&] { return source.has_value(); }, 20000) || !source->ok())
        return {};
    RestoreRequest r = RestoreRequest::forSource(source->value());
    r.mode = r.kind == ProtectedItem::Kind::Vm ? Mode::VmDisks : r.mode;
    r.stagingStorageAccountId = kStaging;
    r.targetDirectory = QStringLiteral("F:\\restore");
    return r;
}

QList<Audit::Record> TestRestoreActions::records()
{
    const auto read = Audit::readRecords(m_dir->filePath(QStringLiteral("audit.jsonl")));
    return read ? read->records : QList<Audit::Record>();
}

Backup::Job TestRestoreActions::waitForEnd(const QString &clientRequestId)
{
    const QSignalSpy &ended = *m_ended;
    Backup::Job job;
    (void)QTest::qWaitFor(
        [&] {
            for (const auto &args : std::as_const(ended)) {
                if (args.at(0).value<PendingRestore>().clientRequestId == clientRequestId) {
                    job = args.at(1).value<Backup::Job>();
                    return true;
                }
            }
            return false;
        },
        30000);
    return job;
}

void TestRestoreActions::nothingIsSentUnaudited()
{
    const RestoreRequest r = disks(QStringLiteral("vm-web-01"));
    const quint64 before = m_f.sandbox.server().requestCount();
    auto submitted = [&](RestoreActions &actions, const QString &reason) {
        std::optional<Result<PendingRestore>> out;
        actions.submit(r, reason, &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
        [[maybe_unused]] const bool answered = QTest::qWaitFor([&] { return out.has_value(); }, 5000);
        return out.value_or(
            Result<PendingRestore>(Error::make(Error::Kind::Timeout, QStringLiteral("test_timeout"))));
    };
    // No trail.
    m_actions->setAuditTrail(nullptr);
    QCOMPARE(submitted(*m_actions, QStringLiteral("drill")).error().code,
             QString(Backup::Codes::RestoreAuditUnavailable));
    // A log on a full disk: "requested" cannot be written, so nothing is sent and nothing kept.
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), m_dir->filePath(QStringLiteral("full.jsonl"))));
    Audit::AuditTrail full(std::make_unique<Audit::AuditLog>(m_dir->filePath(QStringLiteral("full.jsonl"))));
    m_actions->setAuditTrail(&full);
    QCOMPARE(submitted(*m_actions, QStringLiteral("drill")).error().code, QString(Audit::Codes::WriteFailed));
    // No reason.
    m_actions->setAuditTrail(m_trail.get());
    QCOMPARE(submitted(*m_actions, QStringLiteral("  ")).error().code,
             QString(Backup::Codes::RestoreReasonRequired));
    QCOMPARE(m_f.sandbox.server().requestCount(), before);
    QVERIFY(m_actions->tracker()->records().isEmpty());
    QVERIFY(records().isEmpty());
}

void TestRestoreActions::requestedAcceptedFinished()
{
    const RestoreRequest r = disks(QStringLiteral("vm-web-01"));
    std::optional<Result<PendingRestore>> out;
    m_actions->submit(r, QStringLiteral("INC-42: web tier lost a disk"), &m_f.nam,
                      [&](Result<PendingRestore> x) { out = x; });
    // Before the POST is answered, "requested" is already on disk, with the reason and the ids.
    QCOMPARE(records().size(), 1);
    QCOMPARE(records().first().outcome, QString(Audit::Outcome::Requested));
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000);
    QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
    const PendingRestore p = out->value();
    QCOMPARE(p.state, PendingRestore::State::Accepted);
    QList<Audit::Record> log = records();
    QCOMPARE(log.size(), 2);
    const Audit::Record requested = log.at(0);
    QCOMPARE(requested.type, QString(Audit::EventType::Restore));
    QCOMPARE(requested.target, r.itemId);
    QCOMPARE(requested.reason, QStringLiteral("INC-42: web tier lost a disk"));
    QCOMPARE(requested.identity.username, QStringLiteral("oscar@sandbox.restoredesk.invalid"));
    QCOMPARE(requested.params.value(QStringLiteral("mode")).toString(), QStringLiteral("disks"));
    QCOMPARE(requested.params.value(QStringLiteral("clientRequestId")).toString(), p.clientRequestId);
    QVERIFY(requested.correlationIds.contains(p.correlationId));
    const Audit::Record accepted = log.at(1);
    QCOMPARE(accepted.outcome, QString(Audit::Outcome::Accepted));
    QCOMPARE(accepted.ref, requested.seq);
    QVERIFY(accepted.correlationIds.contains(p.correlationId));
    // The tracker follows it; its end is recorded against the request, then the record goes.
    const Backup::Job job = waitForEnd(p.clientRequestId);
    QCOMPARE(job.status, Backup::Job::Status::Completed);
    QVERIFY(m_actions->recordEnd(p, job));
    log = records();
    QCOMPARE(log.size(), 3);
    QCOMPARE(log.at(2).outcome, QString(Audit::Outcome::Finished));
    QCOMPARE(log.at(2).ref, requested.seq);
    QCOMPARE(log.at(2).params.value(QStringLiteral("status")).toString(), QStringLiteral("Completed"));
    QCOMPARE(log.at(2).params.value(QStringLiteral("jobId")).toString(), job.id);
    QVERIFY(m_actions->tracker()->records().isEmpty());
    // No token anywhere in the log.
    QVERIFY(!QFile(m_dir->filePath(QStringLiteral("audit.jsonl"))).exists()
            || !records().first().raw.contains(m_f.session->accessToken()));
}

void TestRestoreActions::refusedIsAuditedWithTheServicesWords()
{
    RestoreRequest r = disks(QStringLiteral("vm-web-01"));
    r.mode = Mode::VmReplace; // Oscar may not write vm-web-01
    std::optional<Result<PendingRestore>> out;
    m_actions->submit(r, QStringLiteral("drill"), &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000);
    QCOMPARE(out->error().code, QStringLiteral("LinkedAuthorizationFailed"));
    const QList<Audit::Record> log = records();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(1).outcome, QString(Audit::Outcome::Refused));
    QCOMPARE(log.at(1).params.value(QStringLiteral("code")).toString(),
             QStringLiteral("LinkedAuthorizationFailed"));
    QCOMPARE(log.at(1).params.value(QStringLiteral("httpStatus")).toInt(), 403);
    QVERIFY(log.at(1)
                .params.value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("virtualMachines/write")));
    QVERIFY(log.at(1).correlationIds.contains(out->error().correlationId));
    QVERIFY(m_actions->tracker()->records().isEmpty()); // nothing left to follow
}

void TestRestoreActions::conflictIsAuditedAsRefused()
{
    // Replacing vm-web-02's disks while an earlier replace runs: the service's 409, audited as
    // refused with its code, and nothing left to follow for it.
    m_f.runClock(0, 0); // the first job stays in progress
    RestoreRequest r = disks(QStringLiteral("vm-web-02"));
    r.mode = Mode::VmReplace;
    std::optional<Result<PendingRestore>> first;
    m_actions->submit(r, QStringLiteral("INC-7: roll back the web tier"), &m_f.nam,
                      [&](Result<PendingRestore> x) { first = x; });
    QTRY_VERIFY_WITH_TIMEOUT(first.has_value(), 20000);
    QVERIFY2(first->ok(), qPrintable(first->ok() ? QString() : first->error().toString()));
    std::optional<Result<PendingRestore>> second;
    m_actions->submit(r, QStringLiteral("INC-7: roll back the web tier"), &m_f.nam,
                      [&](Result<PendingRestore> x) { second = x; });
    QTRY_VERIFY_WITH_TIMEOUT(second.has_value(), 20000);
    QVERIFY(!second->ok());
    QCOMPARE(second->error().httpStatus, 409);
    QCOMPARE(second->error().code, QStringLiteral("UserErrorAnotherRestoreInProgressOnSameTarget"));
    const QList<Audit::Record> log = records();
    QCOMPARE(log.size(), 4); // requested, accepted; requested, refused
    QCOMPARE(log.at(2).outcome, QString(Audit::Outcome::Requested));
    QCOMPARE(log.at(3).outcome, QString(Audit::Outcome::Refused));
    QCOMPARE(log.at(3).ref, log.at(2).seq);
    QCOMPARE(log.at(3).params.value(QStringLiteral("httpStatus")).toInt(), 409);
    QCOMPARE(log.at(3).params.value(QStringLiteral("code")).toString(),
             QStringLiteral("UserErrorAnotherRestoreInProgressOnSameTarget"));
    QVERIFY(log.at(3).correlationIds.contains(second->error().correlationId));
    QCOMPARE(m_actions->tracker()->records().size(), 1); // only the accepted one
    m_f.runClock(5, 50);
    QCOMPARE(waitForEnd(first->value().clientRequestId).status, Backup::Job::Status::Completed);
}

void TestRestoreActions::unknownOutcomeIsReconciledIntoOneRestore()
{
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const int before = m_f.restoreJobs(vault, QStringLiteral("vm-app-02"));
    const RestoreRequest r = disks(QStringLiteral("vm-app-02"));
    // Handled, and every answer lost; the sandbox does not recognise a repeated request id.
    m_f.sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 100);
    QSignalSpy accepted(m_actions.get(), &RestoreActions::accepted);
    std::optional<Result<PendingRestore>> out;
    m_actions->submit(r, QStringLiteral("drill"), &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    QVERIFY(m_actions->isSubmitting());
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    m_f.sandbox.server().loseAnswers({}, {}, 0);
    // Found in the vault's jobs: adopted, not sent again.
    QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
    const PendingRestore p = out->value();
    QCOMPARE(p.state, PendingRestore::State::Accepted);
    QVERIFY(!p.jobId.isEmpty());
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(m_f.restoreJobs(vault, QStringLiteral("vm-app-02")), before + 1);
    const QList<Audit::Record> log = records();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(1).outcome, QString(Audit::Outcome::Accepted));
    QCOMPARE(log.at(1).ref, log.at(0).seq);
    QVERIFY(log.at(1).params.value(QStringLiteral("reconciled")).toBool());
    QVERIFY(
        log.at(1).params.value(QStringLiteral("note")).toString().contains(QStringLiteral("reconciliation")));
    QCOMPARE(log.at(1).params.value(QStringLiteral("jobId")).toString(), p.jobId);
    QCOMPARE(waitForEnd(p.clientRequestId).status, Backup::Job::Status::Completed);
    QCOMPARE(m_f.restoreJobs(vault, QStringLiteral("vm-app-02")), before + 1);
}

void TestRestoreActions::aLostAnswersJobListedLateIsStillFound()
{
    // The service took the restore, the answer was lost, and the vault lists the new job only 20 s
    // (on the shared clock) after taking it, as the real service can. Until the request's own
    // timeout plus the listing lag have passed, an empty listing does not mean "not started": it
    // is listed again, the job is found and adopted — one restore, never "no job found".
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const int before = m_f.restoreJobs(vault, QStringLiteral("vm-sql-01"));
    const RestoreRequest r = disks(QStringLiteral("vm-sql-01"));
    QVERIFY(!r.itemId.isEmpty());
    m_f.sandbox.server().setJobListingDelay(20);
    m_f.sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 1);
    QSignalSpy accepted(m_actions.get(), &RestoreActions::accepted);
    std::optional<Result<PendingRestore>> out;
    m_actions->submit(r, QStringLiteral("late listing"), &m_f.nam,
                      [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    m_f.sandbox.server().loseAnswers({}, {}, 0);
    m_f.sandbox.server().setJobListingDelay(0);
    QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
    const PendingRestore p = out->value();
    QCOMPARE(p.state, PendingRestore::State::Accepted);
    QVERIFY(!p.jobId.isEmpty());
    QCOMPARE(accepted.size(), 1);
    // requested -> accepted (found by reconciliation), nothing sent again.
    const QList<Audit::Record> log = records();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(0).outcome, QString(Audit::Outcome::Requested));
    QCOMPARE(log.at(1).outcome, QString(Audit::Outcome::Accepted));
    QCOMPARE(log.at(1).ref, log.at(0).seq);
    QVERIFY(log.at(1).params.value(QStringLiteral("reconciled")).toBool());
    QCOMPARE(waitForEnd(p.clientRequestId).status, Backup::Job::Status::Completed);
    QCOMPARE(m_f.restoreJobs(vault, QStringLiteral("vm-sql-01")), before + 1);
    QCOMPARE(records().size(), 2); // the end is the tracker's listener's to record
}

PendingRestore TestRestoreActions::leftOver(const RestoreRequest &r, bool audited)
{
    PendingRestore p;
    p.clientRequestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.itemId = r.itemId;
    p.itemName = r.itemName;
    p.vaultId = ArmId::parse(r.itemId).vaultId();
    p.pointId = r.pointId;
    p.mode = RestoreRequest::modeKey(r.mode);
    p.kind = RestoreRequest::kindKey(r.kind);
    p.path = r.restorePath();
    p.body = r.body().value();
    p.requestedAt = m_f.clock.now();
    p.reason = QStringLiteral("drill");
    p.apiOrigin = PendingRestore::originOf(m_f.arm->baseUrl()); // recorded against this API
    if (audited)
        (void)recordRequested(*m_trail, Audit::Identity::fromClaims(m_f.session->identity().jwt.claims), p);
    return p;
}

void TestRestoreActions::aJobThatNamesNoRequestIsNeitherAdoptedNorResent_data()
{
    QTest::addColumn<QString>("activityId");
    QTest::newRow("no activity id") << QString();
    // Azure does not document that a job's activity id carries the request's ids (its REST
    // specification says only "ActivityId of job"): a job whose activity id is a value of the service's own,
    // or the zero id of the spec's examples, may be this very restore.
    QTest::newRow("an activity id of its own") << QUuid::createUuid().toString(QUuid::WithoutBraces);
    QTest::newRow("an all-zeros activity id") << QStringLiteral("00000000-0000-0000-0000-000000000000");
}

void TestRestoreActions::aJobThatNamesNoRequestIsNeitherAdoptedNorResent()
{
    // A record whose POST never reached the service, and meanwhile someone started a restore of the
    // same item in the portal: its job names no request. It is not taken for this one (that would
    // follow someone else's restore to a false "finished"), and this one is not sent again (it
    // might be this one): the outcome stays unknown and the record stays. The same for a job whose
    // activity id is not one of a request this console knows: the service does not say which request
    // started a job, so that job may be this restore.
    QFETCH(QString, activityId);
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r = disks(QStringLiteral("vm-web-02"));
    PendingRestore kept = leftOver(r, true);
    QVERIFY(kept.auditSeq > 0);
    // An earlier look found no job (the portal's was not listed yet): saved as "no job found".
    kept.noJobFound = true;
    QVERIFY(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))).save(kept));
    Sandbox::SandboxVault *v = m_f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    Sandbox::SandboxJob portal;
    portal.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    portal.vaultId = vault.toLower();
    portal.itemId = r.itemId.toLower();
    portal.operation = QStringLiteral("Restore");
    portal.itemName = r.itemName;
    portal.backupManagementType = QStringLiteral("AzureIaasVM");
    portal.jobType = QStringLiteral("AzureIaaSVMJob");
    portal.start = m_f.clock.now();
    portal.durationMs = 3600 * 1000;
    portal.finalStatus = QStringLiteral("Completed");
    portal.activityId = activityId;
    v->jobs << portal;
    const int before = m_f.restoreJobs(vault, r.itemName);

    std::optional<Result<PendingRestore>> out;
    RestoreActions::ResendOutcome did { true, {} };
    m_actions->resend(kept, &m_f.nam, [&](Result<PendingRestore> x, RestoreActions::ResendOutcome o) {
        out = x;
        did = o;
    });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    QVERIFY(!out->ok());
    QCOMPARE(out->error().code, QString(Backup::Codes::RestoreOutcomeUnknown));
    QVERIFY(!did.sentAgain);
    QCOMPARE(did.clientRequestId, kept.clientRequestId);
    // The job that may be this restore travels as data (the args after the client request id, a
    // full job id), not in the detail's sentence; the kept record names it too.
    QCOMPARE(out->error().args.size(), 2);
    QCOMPARE(out->error().args.value(0), kept.clientRequestId);
    QVERIFY2(
        out->error().args.value(1).endsWith(QStringLiteral("/backupJobs/") + portal.id, Qt::CaseInsensitive),
        qPrintable(out->error().toString()));
    QCOMPARE(m_f.restoreJobs(vault, r.itemName), before); // nothing sent again
    const auto still = m_actions->tracker()->store().find(kept.clientRequestId);
    QVERIFY(still && still->state == PendingRestore::State::Submitting);
    // A job that may be this one is listed now: the record no longer says "did not start" (the
    // submit page would otherwise offer to drop it as never started).
    QVERIFY(!still->noJobFound);
    QCOMPARE(still->candidateJobs, QStringList { out->error().args.value(1) });
    for (const Audit::Record &rec : records()) {
        // Only the earlier "requested": nothing accepted, nothing requested anew.
        QVERIFY2(rec.outcome != QLatin1String("accepted"), qPrintable(rec.outcome));
        QVERIFY(rec.outcome != QLatin1String("requested") || rec.seq == kept.auditSeq);
    }
    QVERIFY(m_actions->discard(still.value(), QStringLiteral("not this restore")));
}

static Sandbox::SandboxJob restoreJobOf(const RestoreRequest &r, const QString &vault,
                                        const QString &activityId, const QDateTime &start)
{
    Sandbox::SandboxJob j;
    j.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    j.vaultId = vault.toLower();
    j.itemId = r.itemId.toLower();
    j.operation = QStringLiteral("Restore");
    j.itemName = r.itemName;
    j.backupManagementType = QStringLiteral("AzureIaasVM");
    j.jobType = QStringLiteral("AzureIaaSVMJob");
    j.start = start;
    j.durationMs = 3600 * 1000;
    j.finalStatus = QStringLiteral("Completed");
    j.activityId = activityId;
    return j;
}

void TestRestoreActions::aJobOfAnEarlierAttemptIsThisRestoresNotAnothers()
{
    // A kept request A is sent again as B (no job of A was listed yet). B's POST never reaches the
    // service; meanwhile A's job, started late, is listed. It names A: an earlier attempt of this
    // very restore, not another console's request. It must not be ruled out as another's (that
    // would end in "did not start", and an operator's resend would make a second restore).
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    // An item no other function restores: their jobs in A's window would leave it unknown already.
    const RestoreRequest r = disks(QStringLiteral("vm-legacy-erp"));
    PendingRestore a = leftOver(r, false);
    a.requestedAt = m_f.clock.now().addSecs(-600); // long ago: one look, past its window
    (void)recordRequested(*m_trail, Audit::Identity::fromClaims(m_f.session->identity().jwt.claims), a);
    QVERIFY(a.auditSeq > 0);
    QVERIFY(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))).save(a));
    Sandbox::SandboxVault *v = m_f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    Sandbox::SandboxJob late = restoreJobOf(r, vault, a.clientRequestId, m_f.clock.now());
    const int before = m_f.restoreJobs(vault, r.itemName);
    late.listedFrom = m_f.clock.now().addYears(1); // not listed while A itself is looked for
    v->jobs << late;
    // Listed from B's first look on, started after B was sent.
    connect(m_actions.get(), &RestoreActions::reconciling, this,
            [&](const PendingRestore &p, const QDateTime &, int) {
                if (p.resendOf != a.clientRequestId)
                    return;
                for (Sandbox::SandboxJob &j : v->jobs) {
                    if (j.id == late.id) {
                        j.start = p.requestedAt.addSecs(1);
                        j.listedFrom = QDateTime();
                    }
                }
            });
    m_f.sandbox.server().loseRequests("POST", QStringLiteral("/restore"), 1);
    std::optional<Result<PendingRestore>> out;
    m_actions->resend(a, &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    m_f.sandbox.server().loseRequests({}, {}, 0);
    QVERIFY(!out->ok());
    QCOMPARE(out->error().code, QString(Backup::Codes::RestoreOutcomeUnknown));
    QVERIFY2(out->error().args.value(1).endsWith(late.id), qPrintable(out->error().toString()));
    // Listed now: A's late job, and nothing else (B never reached the service; nothing sent again).
    QCOMPARE(m_f.restoreJobs(vault, r.itemName), before + 1);
    const QList<PendingRestore> kept = m_actions->tracker()->records();
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().resendOf, a.clientRequestId);
    QVERIFY(!kept.first().noJobFound);
    QVERIFY(m_actions->discard(kept.first(), QStringLiteral("not this restore")));
}

void TestRestoreActions::aJobOfAnEarlierAttemptStartedBeforeThisAttemptIsStillListed()
{
    // A kept request A is sent again as B (no job of A was listed yet), B's POST never reaches the
    // service, and A's job, started soon after A (long before B's window), is listed only now. It
    // names A: this restore's own. Left out for its start time, B would end "no job found" and a
    // resend would make a second restore. The window starts at the chain's first attempt.
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r = disks(QStringLiteral("vm-legacy-erp"));
    PendingRestore a = leftOver(r, false);
    a.requestedAt = m_f.clock.now().addSecs(-600);
    (void)recordRequested(*m_trail, Audit::Identity::fromClaims(m_f.session->identity().jwt.claims), a);
    QVERIFY(a.auditSeq > 0);
    QVERIFY(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))).save(a));
    Sandbox::SandboxVault *v = m_f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    // No other function's restore of the item in A's window (they would leave A unknown already).
    v->jobs.erase(std::remove_if(v->jobs.begin(), v->jobs.end(),
                                 [&r](const Sandbox::SandboxJob &j) {
                                     return j.itemName == r.itemName
                                         && j.operation == QLatin1String("Restore");
                                 }),
                  v->jobs.end());
    // Started 30 s after A, ten minutes before B: never listed while A itself is looked for.
    Sandbox::SandboxJob late = restoreJobOf(r, vault, a.clientRequestId, a.requestedAt.addSecs(30));
    late.listedFrom = m_f.clock.now().addYears(1);
    const int before = m_f.restoreJobs(vault, r.itemName);
    v->jobs << late;
    connect(m_actions.get(), &RestoreActions::reconciling, this,
            [&](const PendingRestore &p, const QDateTime &, int) {
                if (p.resendOf != a.clientRequestId)
                    return;
                for (Sandbox::SandboxJob &j : v->jobs) {
                    if (j.id == late.id)
                        j.listedFrom = QDateTime();
                }
            });
    m_f.sandbox.server().loseRequests("POST", QStringLiteral("/restore"), 1);
    std::optional<Result<PendingRestore>> out;
    m_actions->resend(a, &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    m_f.sandbox.server().loseRequests({}, {}, 0);
    QVERIFY(!out->ok());
    QCOMPARE(out->error().code, QString(Backup::Codes::RestoreOutcomeUnknown));
    QVERIFY2(out->error().args.value(1).endsWith(late.id), qPrintable(out->error().toString()));
    QCOMPARE(m_f.restoreJobs(vault, r.itemName), before + 1); // A's job only: nothing sent again
    const QList<PendingRestore> kept = m_actions->tracker()->records();
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().resendOf, a.clientRequestId);
    QVERIFY(!kept.first().noJobFound);
    QVERIFY(m_actions->discard(kept.first(), QStringLiteral("not this restore")));
}

void TestRestoreActions::theGraceIsNotEatenByTheLogsRead()
{
    // The answer is lost; reconciliation first reads the audit log (held here for two minutes of
    // the shared clock, past the request's timeout plus the listing lag). The job is listed 135 s
    // after the service took it. The listing lag counts from the end of the read, so the job is
    // still looked for (and found) after the read; counted from before it, the first look would
    // be the last, and the restore would end "no job found".
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r = disks(QStringLiteral("vm-app-02"));
    QVERIFY(!r.itemId.isEmpty());
    TrackingOptions t = m_actions->tracker()->options();
    t.reconcileGraceMs = 30000;
    m_actions->tracker()->setOptions(t);
    const int before = m_f.restoreJobs(vault, r.itemName);
    m_f.runClock(0, 0); // the test moves the clock
    m_f.sandbox.server().setJobListingDelay(135);
    m_f.sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 1);
    connect(m_actions.get(), &RestoreActions::reconciling, this,
            [this](const PendingRestore &, const QDateTime &, int look) {
                if (look == 1)
                    m_f.runClock(5, 50);
            });
    std::optional<Result<PendingRestore>> out;
    m_actions->submit(r, QStringLiteral("slow log"), &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    // "requested" is written: hold the log while the lost answer's reconciliation reads it.
    const QString log = m_dir->filePath(QStringLiteral("audit.jsonl"));
    std::optional<Result<Audit::FileLock>> held(Audit::FileLock::acquire(Audit::LogFiles(log).lock(), 1000));
    QVERIFY(held->ok());
    const int busyBefore = QThreadPool::globalInstance()->activeThreadCount();
    QTRY_VERIFY_WITH_TIMEOUT(QThreadPool::globalInstance()->activeThreadCount() > busyBefore, 10000);
    m_f.clock.advance(120); // the read takes a while
    held.reset();
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    m_f.runClock(5, 50);
    m_f.sandbox.server().loseAnswers({}, {}, 0);
    m_f.sandbox.server().setJobListingDelay(0);
    QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
    QCOMPARE(out->value().state, PendingRestore::State::Accepted);
    QCOMPARE(m_f.restoreJobs(vault, r.itemName), before + 1);
    QCOMPARE(waitForEnd(out->value().clientRequestId).status, Backup::Job::Status::Completed);
}

void TestRestoreActions::anOperatorAdoptsACandidateJob()
{
    // A kept restore whose outcome is unknown: a job of the item that names no request may be it.
    // The operator says it is: checked against the vault, "accepted" (adopted, with the job, the
    // reason and who) against the restore's "requested", then followed to the job's end.
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r = disks(QStringLiteral("vm-web-02"));
    const PendingRestore kept = leftOver(r, true);
    QVERIFY(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))).save(kept));
    Sandbox::SandboxVault *v = m_f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    Sandbox::SandboxJob mine = restoreJobOf(r, vault, QString(), m_f.clock.now());
    mine.durationMs = 20 * 1000;
    v->jobs << mine;
    std::optional<Result<PendingRestore>> out;
    m_actions->reconcile(kept, &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    QVERIFY(!out->ok());
    const QStringList candidates = RestoreService::candidateJobs(out->error());
    QCOMPARE(candidates.size(), 1);
    QVERIFY(candidates.first().endsWith(mine.id));
    const int logged = records().size();
    const int before = m_f.restoreJobs(vault, r.itemName);

    QSignalSpy accepted(m_actions.get(), &RestoreActions::accepted);
    std::optional<Result<PendingRestore>> adopted;
    m_actions->adopt(kept, candidates.first(), QStringLiteral("INC-7: that job is mine"), &m_f.nam,
                     [&](Result<PendingRestore> x) { adopted = x; });
    QTRY_VERIFY_WITH_TIMEOUT(adopted.has_value(), 30000);
    QVERIFY2(adopted->ok(), qPrintable(adopted->ok() ? QString() : adopted->error().toString()));
    QCOMPARE(adopted->value().state, PendingRestore::State::Accepted);
    QCOMPARE(adopted->value().jobResourceId().toLower(), candidates.first().toLower());
    QCOMPARE(accepted.size(), 1);
    const QList<Audit::Record> log = records();
    QCOMPARE(log.size(), logged + 1);
    const Audit::Record &rec = log.last();
    QCOMPARE(rec.outcome, QString(Audit::Outcome::Accepted));
    QCOMPARE(rec.ref, kept.auditSeq);
    QVERIFY(rec.params.value(QStringLiteral("adopted")).toBool());
    QCOMPARE(rec.params.value(QStringLiteral("jobId")).toString().toLower(), candidates.first().toLower());
    QCOMPARE(rec.params.value(QStringLiteral("reason")).toString(),
             QStringLiteral("INC-7: that job is mine"));
    QVERIFY(!rec.params.value(QStringLiteral("adoptedBy")).toObject().isEmpty());
    const auto onDisk = m_actions->tracker()->store().find(kept.clientRequestId);
    QVERIFY(onDisk && onDisk->state == PendingRestore::State::Accepted);
    QCOMPARE(waitForEnd(kept.clientRequestId).status, Backup::Job::Status::Completed);
    QCOMPARE(m_f.restoreJobs(vault, r.itemName), before); // nothing sent
}

void TestRestoreActions::adoptRefusesWhatIsNotACandidateAChangedRecordAndAnUnwritableLog()
{
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r = disks(QStringLiteral("vm-app-01"));
    PendingRestore kept = leftOver(r, true);
    Sandbox::SandboxVault *v = m_f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    const Sandbox::SandboxJob candidate = restoreJobOf(r, vault, QString(), m_f.clock.now());
    const Sandbox::SandboxJob other = restoreJobOf(r, vault, QString(), m_f.clock.now());
    Sandbox::SandboxJob backup = restoreJobOf(r, vault, QString(), m_f.clock.now());
    backup.operation = QStringLiteral("Backup"); // named a candidate, but not a restore
    v->jobs << candidate << other << backup;
    const QString backupId = vault + QStringLiteral("/backupJobs/") + backup.id;
    kept.candidateJobs = QStringList { vault + QStringLiteral("/backupJobs/") + candidate.id, backupId };
    const PendingRestoreStore store(m_dir->filePath(QStringLiteral("pending")));
    QVERIFY(store.save(kept));
    auto adopt = [&](const PendingRestore &record, const QString &job) {
        std::optional<Result<PendingRestore>> out;
        m_actions->adopt(record, job, QStringLiteral("drill"), &m_f.nam,
                         [&](Result<PendingRestore> x) { out = x; });
        (void)QTest::qWaitFor([&] { return out.has_value(); }, 30000);
        return out.value_or(
            Result<PendingRestore>(Error::make(Error::Kind::Timeout, QStringLiteral("no answer"))));
    };
    const int logged = records().size();
    // No reason: refused before anything is read (who adopts and why go to the audit log).
    std::optional<Result<PendingRestore>> blank;
    m_actions->adopt(kept, vault + QStringLiteral("/backupJobs/") + other.id, QStringLiteral("  "), &m_f.nam,
                     [&](Result<PendingRestore> x) { blank = x; });
    QVERIFY(QTest::qWaitFor([&] { return blank.has_value(); }, 5000));
    QVERIFY(!blank->ok());
    QCOMPARE(blank->error().code, QString(Backup::Codes::RestoreReasonRequired));
    // Not one of the record's candidates (though a Restore job of the item).
    auto refused = adopt(kept, vault + QStringLiteral("/backupJobs/") + other.id);
    QVERIFY(!refused.ok());
    QCOMPARE(refused.error().code, QString(Backup::Codes::RestoreAdoptNotCandidate));
    // Not a job of this vault at all.
    refused = adopt(kept,
                    QStringLiteral("/subscriptions/x/resourceGroups/y/providers/Microsoft.RecoveryServices/"
                                   "vaults/elsewhere/backupJobs/")
                        + candidate.id);
    QCOMPARE(refused.error().code, QString(Backup::Codes::RestoreAdoptNotCandidate));
    QCOMPARE(refused.error().args.value(2), QStringLiteral("other-vault"));
    // Refused once the job is read (after adopt() returned): not a Restore job.
    refused = adopt(kept, backupId);
    QCOMPARE(refused.error().code, QString(Backup::Codes::RestoreAdoptNotCandidate));
    QCOMPARE(refused.error().args, QStringList({ backupId, r.itemName, QStringLiteral("not-restore") }));
    // A record the reconciliation named no job for: nothing to adopt, not any Restore job of the
    // item's name (an old one, another same-named item's).
    PendingRestore none = kept;
    none.candidateJobs.clear();
    QVERIFY(store.save(none));
    refused = adopt(none, vault + QStringLiteral("/backupJobs/") + candidate.id);
    QCOMPARE(refused.error().code, QString(Backup::Codes::RestoreAdoptNotCandidate));
    QCOMPARE(refused.error().args.value(2), QStringLiteral("not-candidate"));
    QVERIFY(store.save(kept));
    // Changed meanwhile: another run settled it (accepted on disk).
    PendingRestore settled = kept;
    settled.state = PendingRestore::State::Accepted;
    settled.jobId = other.id;
    QVERIFY(store.save(settled));
    refused = adopt(kept, candidate.id);
    QCOMPARE(refused.error().code, QString(Backup::Codes::RestoreAdoptChanged));
    QVERIFY(store.save(kept));
    // The log cannot record it: nothing adopted, the record kept as it was.
    const QString log = m_dir->filePath(QStringLiteral("audit.jsonl"));
    QVERIFY(QFile::rename(log, log + QStringLiteral(".away")));
    QVERIFY(QDir().mkpath(log));
    refused = adopt(kept, candidate.id);
    QVERIFY(QDir(log).removeRecursively());
    QVERIFY(QFile::rename(log + QStringLiteral(".away"), log));
    QCOMPARE(refused.error().code, QString(Backup::Codes::RestoreAdoptUnrecorded));
    const auto still = store.find(kept.clientRequestId);
    QVERIFY(still && still->state == PendingRestore::State::Submitting && still->jobId.isEmpty());
    QCOMPARE(records().size(), logged); // nothing recorded by the refusals
    QVERIFY(!m_actions->tracker()->isFollowing(kept.clientRequestId));
    QVERIFY(m_actions->discard(still.value(), QStringLiteral("not this restore")));
}

void TestRestoreActions::theAuditLogIsReadOffTheCallersThread()
{
    // The requests of others come from the whole audit log (every rotated segment), whose read may
    // wait on the log's lock: never on the caller's (the GUI's) thread. While another holder has the
    // lock, the caller's event loop runs on and nothing is reported; once it is let go, the
    // reconciliation goes on with the whole log: X, another request of this console known only
    // from the log, is excluded, and this one's absent job is "no job found" (not "may be it").
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r = disks(QStringLiteral("vm-web-01"));
    const PendingRestore x = leftOver(r, true);
    const PendingRestore kept = leftOver(r, true);
    QVERIFY(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))).save(kept));
    Sandbox::SandboxVault *v = m_f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    const Sandbox::SandboxJob xs = restoreJobOf(r, vault, x.clientRequestId, m_f.clock.now());
    v->jobs << xs;
    const QString log = m_dir->filePath(QStringLiteral("audit.jsonl"));
    std::optional<Result<Audit::FileLock>> held(Audit::FileLock::acquire(Audit::LogFiles(log).lock(), 1000));
    QVERIFY(held->ok());
    bool spun = false;
    QTimer::singleShot(0, this, [&spun] { spun = true; });
    std::optional<Result<PendingRestore>> out;
    m_actions->reconcile(kept, &m_f.nam, [&](Result<PendingRestore> y) { out = y; });
    QTRY_VERIFY(spun);
    QVERIFY(!out.has_value());
    held.reset(); // let go
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    QVERIFY(!out->ok());
    QCOMPARE(out->error().code, QString(Backup::Codes::RestoreNoJobFound));
    if (const auto left = m_actions->tracker()->store().find(kept.clientRequestId))
        QVERIFY(m_actions->discard(left.value(), QStringLiteral("not this restore")));
}

void TestRestoreActions::aReconciliationCancelledWhileTheLogIsReadReportsOnce()
{
    // Cancelled while the audit log is really being read on the pool (the read waits on the log's
    // lock, held here): it reports "cancelled" once, and the read's end calls nothing back (no
    // look, no second report, nothing sent again although no job of the record is listed).
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r = disks(QStringLiteral("vm-web-01"));
    const PendingRestore kept = leftOver(r, true);
    QVERIFY(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))).save(kept));
    const int before = m_f.restoreJobs(vault, r.itemName);
    const QString log = m_dir->filePath(QStringLiteral("audit.jsonl"));
    std::optional<Result<Audit::FileLock>> held(Audit::FileLock::acquire(Audit::LogFiles(log).lock(), 1000));
    QVERIFY(held->ok());
    QSignalSpy looks(m_actions.get(), &RestoreActions::reconciling);
    int reports = 0;
    std::optional<Result<PendingRestore>> out;
    const int busyBefore = QThreadPool::globalInstance()->activeThreadCount();
    auto *cancelled = m_actions->resend(kept, &m_f.nam, [&](Result<PendingRestore> y) {
        ++reports;
        out = y;
    });
    QVERIFY(cancelled);
    // The read has started and waits on the lock: a pool thread is busy with it.
    QTRY_VERIFY(QThreadPool::globalInstance()->activeThreadCount() > busyBefore);
    QTest::qWait(100);
    QCOMPARE(reports, 0);
    cancelled->cancel();
    QCOMPARE(reports, 1);
    held.reset();
    QTRY_COMPARE(QThreadPool::globalInstance()->activeThreadCount(), busyBefore); // the read ended
    QTest::qWait(300);
    QCOMPARE(reports, 1);
    QCOMPARE(out->error().kind, Error::Kind::Cancelled);
    QCOMPARE(looks.size(), 0);
    QCOMPARE(m_f.restoreJobs(vault, r.itemName), before); // nothing sent
    for (const Audit::Record &rec : records())
        QVERIFY(rec.outcome != QLatin1String("requested") || rec.seq == kept.auditSeq);
    if (const auto left = m_actions->tracker()->store().find(kept.clientRequestId))
        QVERIFY(m_actions->discard(left.value(), QStringLiteral("not this restore")));
}

void TestRestoreActions::anUnreadableAuditLogIsLoggedAndNothingIsSentAgain()
{
    // Another request X of this console is in the audit log, and its job is listed for the item.
    // When the log cannot be read, X is not known: its job may be this restore. That is logged, and
    // the decision falls to the safe side: not "did not start", nothing sent again.
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r = disks(QStringLiteral("vm-app-01"));
    const PendingRestore x = leftOver(r, true);
    PendingRestore kept = leftOver(r, true);
    QVERIFY(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))).save(kept));
    Sandbox::SandboxVault *v = m_f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    const Sandbox::SandboxJob xs = restoreJobOf(r, vault, x.clientRequestId, m_f.clock.now());
    v->jobs << xs;
    const int before = m_f.restoreJobs(vault, r.itemName);
    const QString log = m_dir->filePath(QStringLiteral("audit.jsonl"));
    QVERIFY(QFile::rename(log, log + QStringLiteral(".away")));
    QVERIFY(QDir().mkpath(log));
    QTest::ignoreMessage(QtWarningMsg, QRegularExpression(QStringLiteral("audit log could not be read")));
    std::optional<Result<PendingRestore>> out;
    m_actions->resend(kept, &m_f.nam, [&](Result<PendingRestore> y) { out = y; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    QVERIFY(QDir(log).removeRecursively());
    QVERIFY(QFile::rename(log + QStringLiteral(".away"), log));
    QVERIFY(!out->ok());
    QCOMPARE(out->error().code, QString(Backup::Codes::RestoreOutcomeUnknown));
    QVERIFY2(out->error().args.value(1).endsWith(xs.id), qPrintable(out->error().toString()));
    QCOMPARE(m_f.restoreJobs(vault, r.itemName), before);
    const auto still = m_actions->tracker()->store().find(kept.clientRequestId);
    QVERIFY(still && !still->noJobFound);
    QVERIFY(m_actions->discard(still.value(), QStringLiteral("not this restore")));
}

void TestRestoreActions::aNewRestoreWaitsForAnUnsettledOne()
{
    // A restore of the item sent earlier, its outcome unknown: a new one of the same item is
    // refused (it could be the same restore twice) until the earlier one is settled.
    const RestoreRequest r = disks(QStringLiteral("vm-web-01"));
    const PendingRestore kept = leftOver(r, true);
    QVERIFY(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))).save(kept));
    const int logged = records().size();
    std::optional<Result<PendingRestore>> out;
    m_actions->submit(r, QStringLiteral("again"), &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY(out.has_value());
    QVERIFY(!out->ok());
    QCOMPARE(out->error().code, QString(Backup::Codes::RestoreUnsettled));
    QCOMPARE(out->error().args.value(1), kept.clientRequestId);
    QCOMPARE(records().size(), logged); // nothing requested, nothing sent
    // Dropped: a new restore may go.
    QVERIFY(m_actions->discard(kept, QStringLiteral("not this restore")));
    out.reset();
    m_actions->submit(r, QStringLiteral("again"), &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
    QCOMPARE(waitForEnd(out->value().clientRequestId).status, Backup::Job::Status::Completed);
}

void TestRestoreActions::aVaultClockBehindStillShowsTheLostAnswersJob()
{
    // The vault's clock is ten minutes behind this one, so the job a lost answer started begins
    // "ten minutes before" the request. Reconciliation puts the request on the vault's clock, by
    // the offset its Date headers show, and adopts that job; with a fixed two-minute allowance it
    // would call the restore not started, and a resend would make a second one.
    RestoreFixture behind;
    Sandbox::SandboxOptions o;
    o.jobDurationSeconds = 30;
    o.retryAfterSeconds = 0;
    o.dedupClientRequestIds = false;
    o.clockOffsetSeconds = -600;
    QString error;
    QVERIFY2(behind.start(o, QStringLiteral("oscar"), &error), qPrintable(error));
    behind.runClock(5, 50);
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const int before = behind.restoreJobs(vault, QStringLiteral("vm-app-01"));
    const RestoreRequest r = disks(QStringLiteral("vm-app-01"), &behind);
    QVERIFY(behind.arm->serverClock().isMeasured());
    QVERIFY2(qAbs(behind.arm->serverClock().offsetMs() + 600000) < 15000,
             qPrintable(QString::number(behind.arm->serverClock().offsetMs())));

    RestoreActions actions(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending-behind"))));
    TrackingOptions t = m_actions->tracker()->options();
    t.clockSkewMs = TrackingOptions().clockSkewMs; // the fixed allowance, were nothing measured
    actions.tracker()->setOptions(t);
    actions.setClock(behind.clock.clock());
    actions.setService(behind.restore.get());
    actions.setAuditTrail(m_trail.get());
    const QJsonObject claims = behind.session->identity().jwt.claims;
    actions.setIdentity([claims] { return Audit::Identity::fromClaims(claims); });
    behind.sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 1);
    std::optional<Result<PendingRestore>> out;
    actions.submit(r, QStringLiteral("skewed vault"), &behind.nam,
                   [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    behind.sandbox.server().loseAnswers({}, {}, 0);
    QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
    QVERIFY(!out->value().jobId.isEmpty());
    QCOMPARE(behind.restoreJobs(vault, QStringLiteral("vm-app-01")), before + 1);
    const QList<Audit::Record> log = records();
    QCOMPARE(log.size(), 2);
    QCOMPARE(log.at(1).outcome, QString(Audit::Outcome::Accepted));
    QVERIFY(log.at(1).params.value(QStringLiteral("reconciled")).toBool());
}

void TestRestoreActions::resendReconcilesThenSendsANewAuditedRequest()
{
    // A record whose POST never reached the service (the answer was lost before it was handled):
    // no job appears, so the resend is a new request, audited as a resend of the earlier one.
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const int before = m_f.restoreJobs(vault, QStringLiteral("vm-app-01"));
    const PendingRestore earlier = leftOver(disks(QStringLiteral("vm-app-01")), true);
    QVERIFY(earlier.auditSeq > 0);
    QVERIFY(PendingRestoreStore(m_dir->filePath(QStringLiteral("pending"))).save(earlier));
    std::optional<Result<PendingRestore>> again;
    RestoreActions::ResendOutcome did;
    m_actions->resend(earlier, &m_f.nam, [&](Result<PendingRestore> x, RestoreActions::ResendOutcome o) {
        again = x;
        did = o;
    });
    QTRY_VERIFY_WITH_TIMEOUT(again.has_value(), 30000);
    QVERIFY2(again->ok(), qPrintable(again->ok() ? QString() : again->error().toString()));
    const PendingRestore sent = again->value();
    // Sent again is a fact of the result, with the id it now stands under.
    QVERIFY(did.sentAgain);
    QCOMPARE(did.clientRequestId, sent.clientRequestId);
    QVERIFY(sent.clientRequestId != earlier.clientRequestId);
    QCOMPARE(sent.resendOf, earlier.clientRequestId);
    QCOMPARE(m_f.restoreJobs(vault, QStringLiteral("vm-app-01")), before + 1);
    const QList<Audit::Record> log = records();
    // requested (earlier), requested (the resend), noted on the earlier, accepted (the resend).
    QCOMPARE(log.size(), 4);
    QCOMPARE(log.at(1).outcome, QString(Audit::Outcome::Requested));
    QCOMPARE(log.at(1).params.value(QStringLiteral("resendOf")).toString(), earlier.clientRequestId);
    QCOMPARE(log.at(1).params.value(QStringLiteral("clientRequestId")).toString(), sent.clientRequestId);
    // It says what is restored where (the body sent again), as a first request's record does.
    QCOMPARE(log.at(1).params.value(QStringLiteral("request")).toObject(),
             earlier.body.value(QStringLiteral("properties")).toObject());
    QVERIFY(log.at(1)
                .params.value(QStringLiteral("request"))
                .toObject()
                .contains(QStringLiteral("storageAccountId")));
    QCOMPARE(log.at(1).params.value(QStringLiteral("overwrite")), QJsonValue(false));
    QCOMPARE(log.at(2).outcome, QString(Audit::Outcome::Noted));
    QCOMPARE(log.at(2).ref, log.at(0).seq);
    QCOMPARE(log.at(2).params.value(QStringLiteral("resentAs")).toString(), sent.clientRequestId);
    QCOMPARE(log.at(3).outcome, QString(Audit::Outcome::Accepted));
    QCOMPARE(log.at(3).ref, log.at(1).seq);
    const QList<PendingRestore> kept = m_actions->tracker()->records();
    QCOMPARE(kept.size(), 1); // the earlier record is settled
    QCOMPARE(kept.first().clientRequestId, sent.clientRequestId);
    QCOMPARE(waitForEnd(sent.clientRequestId).status, Backup::Job::Status::Completed);
}

void TestRestoreActions::resendRefusesNeverSentAndFailsClosed()
{
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const int before = m_f.restoreJobs(vault, QStringLiteral("vm-app-01"));
    const RestoreRequest r = disks(QStringLiteral("vm-app-01"));
    PendingRestoreStore store(m_dir->filePath(QStringLiteral("pending")));
    // Recorded, but "requested" never written: never sent. Resend refuses; discard drops it.
    const PendingRestore never = leftOver(r, false);
    QVERIFY(store.save(never));
    std::optional<Result<PendingRestore>> out;
    m_actions->resend(never, &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 10000);
    QCOMPARE(out->error().code, QString(Backup::Codes::RestoreNeverSent));
    QCOMPARE(out->error().args.value(0), never.clientRequestId);
    QVERIFY(m_actions->discard(never, QStringLiteral("not this restore")));
    QVERIFY(!store.find(never.clientRequestId));
    // Sent, no job found, and the log cannot be written: nothing is sent again.
    const PendingRestore earlier = leftOver(r, true);
    QVERIFY(store.save(earlier));
    QVERIFY(QFile::link(QStringLiteral("/dev/full"), m_dir->filePath(QStringLiteral("full.jsonl"))));
    Audit::AuditTrail full(std::make_unique<Audit::AuditLog>(m_dir->filePath(QStringLiteral("full.jsonl"))));
    m_actions->setAuditTrail(&full);
    out.reset();
    m_actions->resend(earlier, &m_f.nam, [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    m_actions->setAuditTrail(m_trail.get());
    QVERIFY2(!out->ok(), "sent although the log could not record it");
    QCOMPARE(out->error().code, QString(Audit::Codes::WriteFailed));
    QCOMPARE(m_f.restoreJobs(vault, QStringLiteral("vm-app-01")), before);
    const auto still = store.find(earlier.clientRequestId);
    QVERIFY(still.has_value()); // kept for a later attempt
    QCOMPARE(still->state, PendingRestore::State::Submitting);
    QVERIFY(still->noJobFound);
    QCOMPARE(m_actions->tracker()->records().size(), 1);

    // A discard the log cannot record keeps the record (the operator discards it again later).
    m_actions->setAuditTrail(&full);
    const auto notRecorded = m_actions->discard(still.value(), QStringLiteral("not this restore"));
    m_actions->setAuditTrail(m_trail.get());
    QVERIFY2(!notRecorded, "dropped although the log could not record the discard");
    QCOMPARE(notRecorded.error().code, QString(Audit::Codes::WriteFailed));
    QVERIFY(store.find(earlier.clientRequestId).has_value());
    // Settled meanwhile by another run (its record gone): a stale copy records no discard.
    const qsizetype logged = records().size();
    QVERIFY(store.remove(earlier.clientRequestId));
    QVERIFY2(!m_actions->discard(still.value(), QStringLiteral("not this restore")),
             "a record settled meanwhile was discarded");
    QCOMPARE(records().size(), logged);
    // Still unknown, the log writable: dropped, and the log says so.
    QVERIFY(store.save(still.value()));
    QVERIFY(m_actions->discard(still.value(), QStringLiteral("not this restore")));
    QVERIFY(!store.find(earlier.clientRequestId));
}

void TestRestoreActions::aDiscardNamesWhoDroppedItAndWhy()
{
    // Requested by the session's operator; dropped later by another operator signed in.
    const RestoreRequest r = disks(QStringLiteral("vm-app-01"));
    PendingRestoreStore store(m_dir->filePath(QStringLiteral("pending")));
    const PendingRestore kept = leftOver(r, true);
    QVERIFY(store.save(kept));
    const Audit::Identity requester = Audit::Identity::fromClaims(m_f.session->identity().jwt.claims);
    Audit::Identity other;
    other.issuer = requester.issuer;
    other.subject = QStringLiteral("subject-of-another-operator");
    other.objectId = QStringLiteral("9b1deb4d-3b7d-4bad-9bdd-2b0d7b3dcb6d");
    other.username = QStringLiteral("night-shift@contoso.example");
    other.tenant = requester.tenant;
    QVERIFY(other.toJson() != requester.toJson());
    const qsizetype logged = records().size();

    // No reason: refused, nothing recorded, the record kept.
    const auto noReason = m_actions->discard(kept, QStringLiteral("  "));
    QVERIFY2(!noReason, "dropped without a reason");
    QCOMPARE(noReason.error().code, QString(Backup::Codes::RestoreReasonRequired));
    // Nobody to name: refused likewise.
    m_actions->setIdentity([] { return Audit::Identity(); });
    const auto nobody = m_actions->discard(kept, QStringLiteral("not ours"));
    QVERIFY2(!nobody, "dropped with nobody to name for it");
    QCOMPARE(nobody.error().code, QString(Audit::Codes::NoIdentity));
    QCOMPARE(records().size(), logged);
    QVERIFY(store.find(kept.clientRequestId).has_value());

    m_actions->setIdentity([other] { return other; });
    QVERIFY(m_actions->discard(kept, QStringLiteral("  INC-4711: the portal's job, not this one ")));
    QVERIFY(!store.find(kept.clientRequestId));
    const QList<Audit::Record> log = records();
    QCOMPARE(log.size(), logged + 1);
    const Audit::Record &noted = log.last();
    QCOMPARE(noted.outcome, QString(Audit::Outcome::Noted));
    QVERIFY(kept.auditSeq > 0);
    QCOMPARE(noted.ref, kept.auditSeq);
    QVERIFY(noted.params.value(QStringLiteral("discarded")).toBool());
    QCOMPARE(noted.params.value(QStringLiteral("reason")).toString(),
             QStringLiteral("INC-4711: the portal's job, not this one"));
    // Who dropped it, not who requested it (the requester stays on the "requested" record).
    QCOMPARE(noted.params.value(QStringLiteral("discardedBy")).toObject(), other.toJson());
    QCOMPARE(log.at(logged - 1).identity.toJson(), requester.toJson());
}

void TestRestoreActions::leftOverRecordsAreAnnouncedAndReconciledAtStart()
{
    // An earlier run sent a restore and stopped before the answer (the service started it), and
    // left another recorded but never sent. The next start announces both and settles the first
    // against the vault's jobs on its own.
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const int before = m_f.restoreJobs(vault, QStringLiteral("vm-sql-01"));
    const int appBefore = m_f.restoreJobs(vault, QStringLiteral("vm-app-01"));
    const RestoreRequest r = disks(QStringLiteral("vm-sql-01"));
    const PendingRestore sent = leftOver(r, true);
    const PendingRestore never = leftOver(disks(QStringLiteral("vm-app-01")), false);
    std::optional<Result<RestoreAccepted>> posted;
    m_f.sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 1);
    m_f.restore->submit(sent, &m_f.nam, [&](Result<RestoreAccepted> a) { posted = a; });
    QTRY_VERIFY_WITH_TIMEOUT(posted.has_value(), 20000);
    m_f.sandbox.server().loseAnswers({}, {}, 0);
    QVERIFY(!posted->ok());
    QCOMPARE(m_f.restoreJobs(vault, QStringLiteral("vm-sql-01")), before + 1);
    PendingRestoreStore store(m_dir->filePath(QStringLiteral("pending")));
    QVERIFY(store.save(sent));
    QVERIFY(store.save(never));

    RestoreActions next(store);
    next.setClock(m_f.clock.clock());
    next.tracker()->setOptions(m_actions->tracker()->options());
    next.setAuditTrail(m_trail.get());
    QSignalSpy unanswered(next.tracker(), &RestoreTracker::unanswered);
    QSignalSpy accepted(&next, &RestoreActions::accepted);
    QSignalSpy ended(next.tracker(), &RestoreTracker::ended);
    m_ended.reset();
    m_actions.reset(); // the earlier run is gone
    next.setService(m_f.restore.get());
    QCOMPARE(unanswered.size(), 1);
    const auto announced = unanswered.first().first().value<QList<PendingRestore>>();
    QCOMPARE(announced.size(), 2);
    QTRY_COMPARE_WITH_TIMEOUT(accepted.size(), 1, 20000);
    const PendingRestore adopted = accepted.first().first().value<PendingRestore>();
    QCOMPARE(adopted.clientRequestId, sent.clientRequestId);
    QVERIFY(!adopted.jobId.isEmpty());
    const QList<Audit::Record> log = records();
    QCOMPARE(log.last().outcome, QString(Audit::Outcome::Accepted));
    QCOMPARE(log.last().ref, sent.auditSeq);
    QVERIFY(log.last().params.value(QStringLiteral("reconciled")).toBool());
    // The never-sent one waits for the operator: never sent by itself.
    const auto stays = store.find(never.clientRequestId);
    QVERIFY(stays.has_value());
    QCOMPARE(stays->state, PendingRestore::State::Submitting);
    QTRY_VERIFY_WITH_TIMEOUT(!ended.isEmpty(), 30000);
    QCOMPARE(m_f.restoreJobs(vault, QStringLiteral("vm-sql-01")), before + 1);
    QCOMPARE(m_f.restoreJobs(vault, QStringLiteral("vm-app-01")), appBefore);
}

void TestRestoreActions::aOneShotCommandLeavesKeptRecordsToTheConsole()
{
    // A kept restore (accepted, and one still unanswered) that a one-shot command did not start is
    // neither claimed nor settled by it: the console, started meanwhile, follows and settles them.
    const RestoreRequest r = disks(QStringLiteral("vm-web-01"));
    PendingRestore accepted = leftOver(r, true);
    accepted.state = PendingRestore::State::Accepted;
    accepted.jobId = QStringLiteral("00000000-0000-0000-0000-000000000001");
    const PendingRestore unanswered = leftOver(disks(QStringLiteral("vm-app-01")), true);
    PendingRestoreStore store(m_dir->filePath(QStringLiteral("pending")));
    QVERIFY(store.save(accepted));
    QVERIFY(store.save(unanswered));
    m_ended.reset();
    m_actions.reset();

    RestoreActions oneShot(store);
    oneShot.setSettlesLeftOvers(false);
    oneShot.setAuditTrail(m_trail.get());
    QSignalSpy found(oneShot.tracker(), &RestoreTracker::unanswered);
    QSignalSpy resumed(oneShot.tracker(), &RestoreTracker::resumed);
    oneShot.setService(m_f.restore.get());
    QVERIFY(!oneShot.tracker()->holds(accepted.clientRequestId));
    QVERIFY(!oneShot.tracker()->holds(unanswered.clientRequestId));
    QVERIFY(found.isEmpty() && resumed.isEmpty());

    RestoreActions console(store);
    console.tracker()->setOptions(TrackingOptions {});
    console.setAuditTrail(m_trail.get());
    QSignalSpy consoleResumed(console.tracker(), &RestoreTracker::resumed);
    QSignalSpy consoleFound(console.tracker(), &RestoreTracker::unanswered);
    console.setService(m_f.restore.get());
    QVERIFY(console.tracker()->holds(accepted.clientRequestId));
    QVERIFY(console.tracker()->holds(unanswered.clientRequestId));
    QCOMPARE(consoleResumed.size(), 1);
    QCOMPARE(consoleFound.size(), 1);
    // Handed one explicitly, the one-shot command cannot take it from the console.
    QVERIFY(!oneShot.tracker()->follow(accepted));
    QVERIFY(!oneShot.tracker()->holds(accepted.clientRequestId));
}

void TestRestoreActions::doubleSubmitIsRefusedWhileTheFirstIsInFlight()
{
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const int before = m_f.restoreJobs(vault, QStringLiteral("vm-sql-01"));
    const RestoreRequest r = disks(QStringLiteral("vm-sql-01"));
    std::optional<Result<PendingRestore>> first, second;
    m_actions->submit(r, QStringLiteral("drill"), &m_f.nam, [&](Result<PendingRestore> x) { first = x; });
    QVERIFY(m_actions->isSubmitting());
    m_actions->submit(r, QStringLiteral("drill"), &m_f.nam, [&](Result<PendingRestore> x) { second = x; });
    QTRY_VERIFY_WITH_TIMEOUT(first.has_value() && second.has_value(), 20000);
    QVERIFY(first->ok());
    QCOMPARE(second->error().code, QString(Backup::Codes::RestoreInFlight));
    QCOMPARE(m_f.restoreJobs(vault, QStringLiteral("vm-sql-01")), before + 1);
    QCOMPARE(records().size(), 2); // one requested, one accepted
    waitForEnd(first->value().clientRequestId);
}

void TestRestoreActions::warningsAndCancelAreAudited()
{
    // vm-legacy-erp completes with warnings: "finished", with the status and the warnings, never
    // a plain success.
    RestoreFixture carla;
    Sandbox::SandboxOptions o;
    o.jobDurationSeconds = 30;
    o.retryAfterSeconds = 0;
    QString error;
    QVERIFY2(carla.start(o, QStringLiteral("carla"), &error), qPrintable(error));
    carla.runClock(5, 50);
    m_actions->setService(carla.restore.get());
    const QJsonObject claims = carla.session->identity().jwt.claims;
    m_actions->setIdentity([claims] { return Audit::Identity::fromClaims(claims); });
    std::optional<Result<RestoreSource>> source;
    carla.restore->source(
        carla.newestPoint(carla.itemId(QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-legacy-erp"))),
        &carla.nam, [&](Result<RestoreSource> s) { source = s; });
    QTRY_VERIFY_WITH_TIMEOUT(source.has_value(), 20000);
    RestoreRequest r = RestoreRequest::forSource(source->value());
    r.mode = Mode::VmDisks;
    r.stagingStorageAccountId = kStaging;
    std::optional<Result<PendingRestore>> out;
    m_actions->submit(r, QStringLiteral("drill"), &carla.nam, [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000);
    QVERIFY(out->ok());
    const Backup::Job warned = waitForEnd(out->value().clientRequestId);
    QCOMPARE(warned.status, Backup::Job::Status::CompletedWithWarnings);
    QVERIFY(m_actions->recordEnd(out->value(), warned));
    const Audit::Record end = records().last();
    QCOMPARE(end.outcome, QString(Audit::Outcome::Finished));
    QCOMPARE(end.params.value(QStringLiteral("status")).toString(), QStringLiteral("CompletedWithWarnings"));
    QVERIFY(!end.params.value(QStringLiteral("warnings")).toArray().isEmpty());
    // A cancel the service refuses (the job has ended): requested, then refused with its code.
    std::optional<Result<CancelAccepted>> late;
    m_actions->cancel(warned.id, QStringLiteral("too late"), &carla.nam,
                      [&](Result<CancelAccepted> c) { late = c; });
    QTRY_VERIFY_WITH_TIMEOUT(late.has_value(), 10000);
    QVERIFY(!late->ok());
    QCOMPARE(records().last().type, QString(Audit::EventType::JobCancel));
    QCOMPARE(records().last().outcome, QString(Audit::Outcome::Refused));
    QCOMPARE(records().last().params.value(QStringLiteral("code")).toString(),
             QStringLiteral("BMSUserErrorJobNotCancellable"));
    // A cancel that gets no answer at all was not refused by anyone: noted, its outcome unknown.
    carla.sandbox.server().setFaultRates(1.0, 0, 0);
    std::optional<Result<CancelAccepted>> unanswered;
    m_actions->cancel(warned.id, QStringLiteral("no answer"), &carla.nam,
                      [&](Result<CancelAccepted> c) { unanswered = c; });
    QTRY_VERIFY_WITH_TIMEOUT(unanswered.has_value(), 30000);
    carla.sandbox.server().setFaultRates(0, 0, 0);
    QVERIFY(!unanswered->ok());
    QCOMPARE(records().last().type, QString(Audit::EventType::JobCancel));
    QCOMPARE(records().last().outcome, QString(Audit::Outcome::Noted));
    QVERIFY(records()
                .last()
                .params.value(QStringLiteral("note"))
                .toString()
                .contains(QStringLiteral("not known")));

    // Cancel: requested, accepted, then the job's end "cancelled".
    carla.runClock(0, 0);
    out.reset();
    m_actions->submit(r, QStringLiteral("cancel drill"), &carla.nam,
                      [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 20000);
    QVERIFY(out->ok());
    carla.clock.advance(3);
    QString jobId;
    QTRY_VERIFY_WITH_TIMEOUT(
        !(jobId
          = m_actions->tracker()->progressOf(out->value().clientRequestId).value_or(RestoreProgress()).jobId)
             .isEmpty(),
        10000);
    std::optional<Result<CancelAccepted>> cancelled;
    m_actions->cancel(jobId, QStringLiteral("wrong point"), &carla.nam,
                      [&](Result<CancelAccepted> c) { cancelled = c; });
    QTRY_VERIFY_WITH_TIMEOUT(cancelled.has_value(), 10000);
    QVERIFY(cancelled->ok());
    QList<Audit::Record> log = records();
    QCOMPARE(log.at(log.size() - 2).type, QString(Audit::EventType::JobCancel));
    QCOMPARE(log.at(log.size() - 2).outcome, QString(Audit::Outcome::Requested));
    QCOMPARE(log.at(log.size() - 2).target, jobId);
    QCOMPARE(log.last().outcome, QString(Audit::Outcome::Accepted));
    // The correlation id "requested" names is the one the cancel was sent with: the service's
    // activity log and its answer quote it.
    const QStringList named = log.at(log.size() - 2).correlationIds;
    QCOMPARE(named.size(), 1);
    QCOMPARE(cancelled->value().correlationId, named.first());
    QCOMPARE(log.last().correlationIds, named);
    bool seen = false;
    for (const QJsonObject &event : std::as_const(carla.sandbox.server().tenant().activityLog))
        seen = seen
            || (event[QStringLiteral("authorization")][QStringLiteral("action")].toString()
                    == QLatin1String("Microsoft.RecoveryServices/Vaults/backupJobs/cancel/action")
                && event[QStringLiteral("correlationId")].toString() == named.first());
    QVERIFY2(seen, qPrintable(named.first()));
    carla.runClock(1, 50);
    const Backup::Job stopped = waitForEnd(out->value().clientRequestId);
    QCOMPARE(stopped.status, Backup::Job::Status::Cancelled);
    QVERIFY(m_actions->recordEnd(out->value(), stopped));
    QCOMPARE(records().last().outcome, QString(Audit::Outcome::Cancelled));
    m_actions->setService(m_f.restore.get());
}

void TestRestoreActions::aRecordNamesItsApiAndProfile()
{
    m_actions->tracker()->setProfile(QStringLiteral("sandbox-oscar"));
    const RestoreRequest r = disks(QStringLiteral("vm-sql-01"));
    std::optional<Result<PendingRestore>> out;
    m_actions->submit(r, QStringLiteral("origin drill"), &m_f.nam,
                      [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
    const QString here = PendingRestore::originOf(m_f.arm->baseUrl());
    QVERIFY(here.startsWith(QLatin1String("http://127.0.0.1:")));
    const auto onDisk = m_actions->tracker()->store().find(out->value().clientRequestId);
    QVERIFY(onDisk);
    QCOMPARE(onDisk->apiOrigin, here);
    QCOMPARE(onDisk->profile, QStringLiteral("sandbox-oscar"));
    QCOMPARE(waitForEnd(onDisk->clientRequestId).status, Backup::Job::Status::Completed);
}

void TestRestoreActions::recordsOfAnotherApiAreLeftAlone()
{
    // Kept while signed in to profile "prod" (another API): this session neither looks for its job,
    // nor sends it again, nor adopts a job of this API for it, nor drops it. Nothing reaches this
    // API; nothing is recorded; the record stays for a session of its API.
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r = disks(QStringLiteral("vm-web-01"));
    PendingRestore kept = leftOver(r, true);
    kept.apiOrigin = QStringLiteral("https://management.azure.com:443");
    kept.profile = QStringLiteral("prod");
    Sandbox::SandboxVault *v = m_f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    const Sandbox::SandboxJob candidate = restoreJobOf(r, vault, QString(), m_f.clock.now());
    v->jobs << candidate;
    kept.candidateJobs = QStringList { vault + QStringLiteral("/backupJobs/") + candidate.id };
    const PendingRestoreStore store(m_dir->filePath(QStringLiteral("pending")));
    QVERIFY(store.save(kept));
    const int logged = records().size();
    const int jobs = m_f.restoreJobs(vault, r.itemName);
    QSignalSpy reconciling(m_actions.get(), &RestoreActions::reconciling);
    auto settle = [&](const std::function<void(std::function<void(Result<PendingRestore>)>)> &start) {
        std::optional<Result<PendingRestore>> out;
        start([&](Result<PendingRestore> x) { out = x; });
        (void)QTest::qWaitFor([&] { return out.has_value(); }, 30000);
        return out.value_or(
            Result<PendingRestore>(Error::make(Error::Kind::Timeout, QStringLiteral("no answer"))));
    };
    const QStringList why { kept.clientRequestId, kept.apiOrigin, QStringLiteral("prod"),
                            PendingRestore::originOf(m_f.arm->baseUrl()) };
    auto refused = settle([&](auto done) { m_actions->reconcile(kept, &m_f.nam, done); });
    QCOMPARE(refused.error().code, QString(Backup::Codes::PendingOtherApi));
    QCOMPARE(refused.error().args, why);
    refused = settle([&](auto done) { m_actions->resend(kept, &m_f.nam, done); });
    QCOMPARE(refused.error().code, QString(Backup::Codes::PendingOtherApi));
    refused = settle([&](auto done) {
        m_actions->adopt(kept, kept.candidateJobs.first(), QStringLiteral("drill"), &m_f.nam, done);
    });
    QCOMPARE(refused.error().code, QString(Backup::Codes::PendingOtherApi));
    const auto dropped = m_actions->discard(kept, QStringLiteral("not this restore"));
    QVERIFY(!dropped);
    QCOMPARE(dropped.error().code, QString(Backup::Codes::PendingOtherApi));
    QVERIFY(reconciling.isEmpty()); // no look at this API's jobs
    QCOMPARE(records().size(), logged);
    QCOMPARE(m_f.restoreJobs(vault, r.itemName), jobs);
    const auto still = store.find(kept.clientRequestId);
    QVERIFY(still && still->toJson() == kept.toJson());
    QVERIFY(!m_actions->tracker()->holds(kept.clientRequestId));

    // An older record that names no API, its answer lost: not looked for, sent or adopted against
    // this API either (and it still holds back a new restore of its item: it may be this API's),
    // but it may be dropped (nothing reaches any API), audited.
    PendingRestore older = kept;
    older.apiOrigin.clear();
    older.profile.clear();
    QVERIFY(store.save(older));
    refused = settle([&](auto done) { m_actions->resend(older, &m_f.nam, done); });
    QCOMPARE(refused.error().code, QString(Backup::Codes::PendingUnknownApi));
    refused = settle([&](auto done) {
        m_actions->adopt(older, older.candidateJobs.first(), QStringLiteral("drill"), &m_f.nam, done);
    });
    QCOMPARE(refused.error().code, QString(Backup::Codes::PendingUnknownApi));
    refused = settle([&](auto done) { m_actions->submit(r, QStringLiteral("again"), &m_f.nam, done); });
    QCOMPARE(refused.error().code, QString(Backup::Codes::RestoreUnsettled));
    QVERIFY(reconciling.isEmpty());
    QCOMPARE(m_f.restoreJobs(vault, r.itemName), jobs);
    QVERIFY(m_actions->discard(older, QStringLiteral("not this restore")));
    QVERIFY(!store.find(older.clientRequestId));
    QCOMPARE(records().size(), logged + 1); // the discard's note
}

void TestRestoreActions::aLocationOnlyRestoreThatNamesNoJobIsAdopted()
{
    // Accepted with Location only, and its operation ends naming no job; the vault lists a restore
    // job of the item that names no request (restore_no_job). The jobs that may be it are kept
    // with the record, and the operator adopts one as for a lost answer: the job read fresh, one
    // the record names; "noted" (adopted) against its "requested"; then followed to its end.
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    m_f.sandbox.server().setRestoreLocationOnly(true);
    const auto back = qScopeGuard([this] { m_f.sandbox.server().setRestoreLocationOnly(false); });
    const RestoreRequest r = disks(QStringLiteral("vm-app-01"));
    PendingRestore p = leftOver(r, true);
    std::optional<Result<RestoreAccepted>> answer;
    m_f.restore->submit(p, &m_f.nam, [&](Result<RestoreAccepted> a) { answer = a; });
    QTRY_VERIFY_WITH_TIMEOUT(answer.has_value(), 30000);
    QVERIFY(answer->ok() && answer->value().operationUrl.isEmpty());
    Sandbox::SandboxVault *v = m_f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    QString mayBe;
    for (Sandbox::SandboxJob &j : v->jobs) {
        Backup::Job listed;
        listed.activityId = j.activityId;
        if (RestoreService::namesRequest(listed, p)) {
            j.activityId = QUuid::createUuid().toString(QUuid::WithoutBraces); // names no request
            mayBe = j.id;
        }
    }
    QVERIFY(!mayBe.isEmpty());
    p.state = PendingRestore::State::Accepted;
    p.locationUrl = answer->value().locationUrl;
    QSignalSpy stopped(m_actions->tracker(), &RestoreTracker::stopped);
    QVERIFY(m_actions->tracker()->follow(p));
    QTRY_VERIFY_WITH_TIMEOUT(!stopped.isEmpty(), 30000);
    QCOMPARE(stopped.first().at(1).value<Error>().code, QString(Backup::Codes::RestoreNoJob));
    // The candidates are kept with the record (they were only in the error).
    const PendingRestoreStore store(m_dir->filePath(QStringLiteral("pending")));
    const auto kept = store.find(p.clientRequestId);
    QVERIFY(kept);
    QCOMPARE(kept->candidateJobs.size(), 1);
    QVERIFY2(
        kept->candidateJobs.first().endsWith(QStringLiteral("/backupJobs/") + mayBe, Qt::CaseInsensitive),
        qPrintable(kept->candidateJobs.join(QLatin1Char(','))));
    QVERIFY(kept->isAdoptable());
    QCOMPARE(stopped.first().at(0).value<PendingRestore>().candidateJobs, kept->candidateJobs);

    // The same checks as for a lost answer: a job the record does not name is refused.
    std::optional<Result<PendingRestore>> refused;
    const Sandbox::SandboxJob other = restoreJobOf(r, vault, QString(), m_f.clock.now());
    v->jobs << other;
    m_actions->adopt(kept.value(), other.id, QStringLiteral("drill"), &m_f.nam,
                     [&](Result<PendingRestore> x) { refused = x; });
    QTRY_VERIFY_WITH_TIMEOUT(refused.has_value(), 30000);
    QCOMPARE(refused->error().code, QString(Backup::Codes::RestoreAdoptNotCandidate));

    const int logged = records().size();
    std::optional<Result<PendingRestore>> adopted;
    m_actions->adopt(kept.value(), kept->candidateJobs.first(),
                     QStringLiteral("INC-9: Location named no job"), &m_f.nam,
                     [&](Result<PendingRestore> x) { adopted = x; });
    QTRY_VERIFY_WITH_TIMEOUT(adopted.has_value(), 30000);
    QVERIFY2(adopted->ok(), qPrintable(adopted->ok() ? QString() : adopted->error().toString()));
    QCOMPARE(adopted->value().jobResourceId().toLower(), kept->candidateJobs.first().toLower());
    const QList<Audit::Record> log = records();
    QCOMPARE(log.size(), logged + 1);
    QCOMPARE(log.last().outcome, QString(Audit::Outcome::Noted)); // accepted already: noted
    QCOMPARE(log.last().ref, p.auditSeq);
    QVERIFY(log.last().params.value(QStringLiteral("adopted")).toBool());
    QCOMPARE(log.last().params.value(QStringLiteral("reason")).toString(),
             QStringLiteral("INC-9: Location named no job"));
    QCOMPARE(waitForEnd(p.clientRequestId).status, Backup::Job::Status::Completed);
}

void TestRestoreActions::aClaimLastsOnlyWhileTheRecordIsWorkedOn()
{
    // Two processes on one folder: this console (started with kept records in it) and another
    // (restoredesk-cli restore … --wait, restore pending adopt), which takes a record's claim as
    // the store does. The console holds a record only while it polls or works on it: a lost
    // answer while it is reconciled, an accepted restore while it is followed; not a record never
    // sent, not one left unsettled, nothing once signed out.
    const PendingRestoreStore store(m_dir->filePath(QStringLiteral("console")));
    const PendingRestore lost = leftOver(disks(QStringLiteral("vm-web-02")), true);
    const PendingRestore never = leftOver(disks(QStringLiteral("vm-app-01")), false);
    QVERIFY(store.save(lost) && store.save(never));
    RestoreActions console(store);
    console.tracker()->setOptions(m_actions->tracker()->options());
    console.setClock(m_f.clock.clock());
    console.setAuditTrail(m_trail.get());
    const QJsonObject claims = m_f.session->identity().jwt.claims;
    console.setIdentity([claims] { return Audit::Identity::fromClaims(claims); });
    QSignalSpy unsettled(&console, &RestoreActions::stillUnanswered);
    auto freeFor = [&store](const QString &id) {
        Error why;
        return store.claim(id, &why) != nullptr; // taken and let go at once, as a short command would
    };
    console.setService(m_f.restore.get());
    QVERIFY(!freeFor(lost.clientRequestId)); // being looked for in the vault's jobs
    QVERIFY(freeFor(never.clientRequestId)); // nothing to do with it here but drop it
    QTRY_VERIFY_WITH_TIMEOUT(!unsettled.isEmpty(), 30000); // no job of it within the grace
    QCOMPARE(unsettled.first().at(1).value<Error>().code, QString(Backup::Codes::RestoreNoJobFound));
    QVERIFY(freeFor(lost.clientRequestId)); // left unsettled: the other process may settle it
    QVERIFY(!console.tracker()->holds(lost.clientRequestId));

    // An accepted restore is held while it is followed, let go at the sign-out, and followed
    // (held) again at the next sign-in.
    m_f.runClock(0, 0); // its job stays in progress meanwhile
    std::optional<Result<PendingRestore>> out;
    console.submit(disks(QStringLiteral("vm-sql-01")), QStringLiteral("claims drill"), &m_f.nam,
                   [&](Result<PendingRestore> x) { out = x; });
    QTRY_VERIFY_WITH_TIMEOUT(out.has_value(), 30000);
    QVERIFY2(out->ok(), qPrintable(out->ok() ? QString() : out->error().toString()));
    const QString id = out->value().clientRequestId;
    QVERIFY(console.tracker()->isFollowing(id));
    QVERIFY(!freeFor(id));
    console.setService(nullptr);
    QVERIFY(freeFor(id));
    console.setService(m_f.restore.get());
    QVERIFY(console.tracker()->holds(id));
    QVERIFY(console.tracker()->isFollowing(id));
    QVERIFY(!freeFor(id));
    QSignalSpy ended(console.tracker(), &RestoreTracker::ended);
    m_f.runClock(5, 50);
    QTRY_VERIFY_WITH_TIMEOUT(!ended.isEmpty(), 30000);
    QVERIFY(console.recordEnd(ended.first().at(0).value<PendingRestore>(),
                              ended.first().at(1).value<Backup::Job>()));
    QVERIFY(!store.find(id));
}

QTEST_GUILESS_MAIN(TestRestoreActions)
#include "tst_restoreactions.moc"
