// The restore service against the sandbox over real sockets, signed in through the sandbox's own
// issuer: every restore kind runs to its job's end; warnings and failures are the job's; the
// service's refusals are final and say why; a lost answer is not sent again by the transport,
// and the jobs list shows what it started; a Location-only 202 is followed to its job; following survives
// throttling, 5xx, dropped connections, a 60-second token lifetime and a network that goes away for a while;
// cancel ends a job Cancelled; a new tracker picks up what an earlier one left in the pending store.
#include "backup/restoreactions.h"
#include "backup/restoreerrors.h"
#include "backup/restoretracker.h"
#include "restorefixture.h"
#include "restoresetup.h"
#include "sandbox/tenant.h"
#include "sandboxids.h"

#include <QPointer>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;
using Mode = RestoreRequest::Mode;

namespace {

QString guid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

TrackingOptions fast()
{
    TrackingOptions o;
    o.operationPollMs = 40;
    o.jobPollMs = 60;
    o.retryBaseMs = 40;
    o.retryMaxMs = 300;
    return o;
}

Sandbox::SandboxOptions quick()
{
    Sandbox::SandboxOptions o;
    o.jobDurationSeconds = 30; // sandbox seconds; the fixture's clock runs them in about 0.3 s
    o.retryAfterSeconds = 0;
    // As with Azure, nothing promises that a repeated client request id is recognised, so every repeat
    // of a restore POST would start another restore.
    o.dedupClientRequestIds = false;
    return o;
}
} // namespace

class TestRestoreService : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void sourceAndLookups();
    void validateNamesTheServicesFindings();
    void everyKindRunsToItsEnd_data();
    void everyKindRunsToItsEnd();
    void warningsAndFailuresAreTheJobs();
    void refusalsAreFinal();
    void lostAnswerIsNotSentAgainAndTheJobsListShowsIt();
    void anActivityIdNamesARequestOnlyAsAWholeNonZeroId_data();
    void anActivityIdNamesARequestOnlyAsAWholeNonZeroId();
    void locationOnlyIsFollowedToTheJob();
    void locationOnlyWithoutANamedJobNamesTheCandidates();
    void locationOnlyFailureIsTheOperationsFailure();
    void anExpiredResultUrlLeadsToTheJobsList();
    void survivesFaultsAndShortTokens();
    void networkLossThenResume();
    void aRenewalThatMeetsTheNetworkKeepsTracking();
    void cancelEndsCancelled();
    void aNewTrackerPicksUpWhatWasLeft();
    void aRunningTrackerPicksUpWhatAnotherProcessLeaves();
    void originsAreReadAsTheRecordSaysThem_data();
    void originsAreReadAsTheRecordSaysThem();
    void aTrackerFollowsOnlyTheRecordsOfItsApi();

private:
    RestoreRequest request(RestoreFixture &f, const QString &vault, const QString &item, Mode mode);
    PendingRestore pendingFor(const RestoreRequest &r);
    Result<RestoreAccepted> submit(RestoreFixture &f, const PendingRestore &p);
    Result<Backup::Job> track(RestoreFixture &f, const QString &operationUrl,
                              QList<RestoreProgress> *seen = nullptr);

    RestoreFixture m_oscar;
    int m_names = 0;
};

void TestRestoreService::initTestCase()
{
    QString error;
    QVERIFY2(m_oscar.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    m_oscar.runClock(5, 50);
}

RestoreRequest TestRestoreService::request(RestoreFixture &f, const QString &vault, const QString &item,
                                           Mode mode)
{
    const QString itemId = f.itemId(vault, item);
    std::optional<Result<RestoreSource>> source;
    f.restore->source(f.newestPoint(itemId), &f.nam, [&](Result<RestoreSource> s) { source = s; });
    if (!QTest::qWaitFor([&] { return source.has_value(); }, 20000) || !source->ok())
        return {};
    RestoreRequest r = RestoreRequest::forSource(source->value());
    r.mode = mode;
    const QString n = QString::number(++m_names);
    switch (mode) {
    case Mode::VmNew:
        r.targetResourceGroupId = kRestoreRg;
        r.targetVmName = item + QStringLiteral("-restored-") + n;
        r.virtualNetworkId = kVnet;
        r.subnetName = QStringLiteral("restore");
        r.stagingStorageAccountId = kStaging;
        break;
    case Mode::VmDisks:
        r.targetResourceGroupId = kRestoreRg;
        r.stagingStorageAccountId = kStaging;
        break;
    case Mode::VmReplace:
        r.stagingStorageAccountId = kStaging;
        break;
    case Mode::FileShareAlternate:
        r.targetStorageAccountId
            = kRestoreRg + QStringLiteral("/providers/Microsoft.Storage/storageAccounts/strestoreweu");
        r.targetShare = QStringLiteral("restored");
        r.targetFolder = item + QStringLiteral("-") + n;
        break;
    case Mode::SqlAlternate:
        r.targetDatabase = item + QStringLiteral("_copy_") + n;
        break;
    case Mode::SqlFiles:
        r.targetDirectory = QStringLiteral("F:\\restore\\") + n;
        break;
    case Mode::FileShareOriginal:
        break;
    }
    return r;
}

PendingRestore TestRestoreService::pendingFor(const RestoreRequest &r)
{
    PendingRestore p;
    p.clientRequestId = guid();
    p.correlationId = guid();
    p.itemId = r.itemId;
    p.itemName = r.itemName;
    p.vaultId = ArmId::parse(r.itemId).vaultId();
    p.pointId = r.pointId;
    p.path = r.restorePath();
    p.body = r.body().value();
    p.requestedAt = QDateTime::currentDateTimeUtc();
    return p;
}

Result<RestoreAccepted> TestRestoreService::submit(RestoreFixture &f, const PendingRestore &p)
{
    std::optional<Result<RestoreAccepted>> accepted;
    f.restore->submit(p, &f.nam, [&](Result<RestoreAccepted> a) { accepted = a; });
    if (!QTest::qWaitFor([&] { return accepted.has_value(); }, 60000))
        return Error::make(Error::Kind::Timeout, QStringLiteral("test_timeout"));
    return *accepted;
}

Result<Backup::Job> TestRestoreService::track(RestoreFixture &f, const QString &operationUrl,
                                              QList<RestoreProgress> *seen)
{
    std::optional<Result<Backup::Job>> done;
    f.restore->track(
        operationUrl, {}, fast(), &f.nam,
        [seen](const RestoreProgress &p) {
            if (seen)
                *seen << p;
        },
        [&](Result<Backup::Job> j) { done = j; });
    if (!QTest::qWaitFor([&] { return done.has_value(); }, 90000))
        return Error::make(Error::Kind::Timeout, QStringLiteral("test_timeout"));
    return *done;
}

void TestRestoreService::sourceAndLookups()
{
    const RestoreRequest r
        = request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-web-01"), Mode::VmNew);
    QCOMPARE(r.kind, ProtectedItem::Kind::Vm);
    QCOMPARE(r.vaultLocation, QStringLiteral("westeurope"));
    QCOMPARE(r.itemName, QStringLiteral("vm-web-01"));
    QVERIFY(r.sourceResourceId.endsWith(QStringLiteral("/virtualMachines/vm-web-01")));
    QVERIFY(!r.archived);

    auto lookup = [this](const QString &id) {
        std::optional<Result<TargetLookup>> l;
        m_oscar.restore->lookup(id, &m_oscar.nam, [&](Result<TargetLookup> x) { l = x; });
        [[maybe_unused]] const bool done = QTest::qWaitFor([&] { return l.has_value(); }, 20000);
        return l.value_or(
            Result<TargetLookup>(Error::make(Error::Kind::Timeout, QStringLiteral("test_timeout"))));
    };
    const auto group = lookup(kRestoreRg);
    QVERIFY(group);
    QCOMPARE(group->state, TargetLookup::State::Exists);
    QCOMPARE(group->location, QStringLiteral("westeurope"));
    const auto vnet = lookup(kVnet);
    QCOMPARE(vnet->children, QStringList({ "default", "restore" }));
    const auto freeName
        = lookup(kRestoreRg + QStringLiteral("/providers/Microsoft.Compute/virtualMachines/vm-free"));
    QCOMPARE(freeName->state, TargetLookup::State::Missing);
    QCOMPARE(freeName->error.httpStatus, 404);
    // Oscar may not read the northern network: the API cannot tell him, so neither can the console.
    const auto hidden
        = lookup(kProd
                 + QStringLiteral(
                     "/resourceGroups/rg-network-neu/providers/Microsoft.Network/virtualNetworks/vnet-neu"));
    QCOMPARE(hidden->state, TargetLookup::State::Unknown);
    QCOMPARE(hidden->error.code, QStringLiteral("AuthorizationFailed"));
    const auto share = lookup(kRestoreRg
                              + QStringLiteral("/providers/Microsoft.Storage/storageAccounts/strestoreweu/"
                                               "fileServices/default/shares/restored"));
    QCOMPARE(share->state, TargetLookup::State::Exists);
}

void TestRestoreService::validateNamesTheServicesFindings()
{
    RestoreRequest r
        = request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-web-01"), Mode::VmNew);
    auto validate = [this](const RestoreRequest &req) {
        std::optional<Result<QList<ArmError>>> v;
        m_oscar.restore->validate(req, &m_oscar.nam, [&](Result<QList<ArmError>> x) { v = x; });
        [[maybe_unused]] const bool done = QTest::qWaitFor([&] { return v.has_value(); }, 20000);
        return v.value_or(
            Result<QList<ArmError>>(Error::make(Error::Kind::Timeout, QStringLiteral("test_timeout"))));
    };
    QVERIFY(validate(r)->isEmpty());
    r.stagingStorageAccountId = kStagingNeu;
    r.subnetName = QStringLiteral("nope");
    const auto findings = validate(r);
    QVERIFY(findings);
    QCOMPARE(findings->size(), 2);
    QCOMPARE(findings->at(0).code, QStringLiteral("UserErrorStagingStorageAccountInDifferentRegion"));
    QVERIFY(findings->at(0).message.contains(QStringLiteral("northeurope")));
    QCOMPARE(findings->at(1).code, QStringLiteral("UserErrorSubnetNotFound"));
    // Other kinds: the API has nothing to validate; no call, no findings.
    const quint64 before = m_oscar.sandbox.server().requestCount();
    const RestoreRequest share = request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("finance"),
                                         Mode::FileShareOriginal);
    const quint64 reads = m_oscar.sandbox.server().requestCount();
    QVERIFY(validate(share)->isEmpty());
    QCOMPARE(m_oscar.sandbox.server().requestCount(), reads);
    QVERIFY(reads > before);
}

void TestRestoreService::everyKindRunsToItsEnd_data()
{
    QTest::addColumn<QString>("item");
    QTest::addColumn<int>("mode");
    QTest::newRow("vm, new VM") << "vm-web-01" << int(Mode::VmNew);
    QTest::newRow("vm, disks") << "vm-web-01" << int(Mode::VmDisks);
    QTest::newRow("vm, replace") << "vm-web-02" << int(Mode::VmReplace);
    QTest::newRow("file share, original") << "finance" << int(Mode::FileShareOriginal);
    QTest::newRow("file share, alternate") << "hr-records" << int(Mode::FileShareAlternate);
    QTest::newRow("sql, another database") << "sales" << int(Mode::SqlAlternate);
    QTest::newRow("sql, as files") << "sales" << int(Mode::SqlFiles);
}

void TestRestoreService::everyKindRunsToItsEnd()
{
    QFETCH(QString, item);
    QFETCH(int, mode);
    const RestoreRequest r = request(m_oscar, QStringLiteral("rsv-prod-weu"), item, Mode(mode));
    QVERIFY2(r.check().isEmpty(),
             qPrintable(r.check().isEmpty() ? QString() : r.check().first().error.toString()));
    const PendingRestore p = pendingFor(r);
    const auto accepted = submit(m_oscar, p);
    QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().toString()));
    QVERIFY(accepted->operationUrl.contains(QStringLiteral("/operationsStatus/")));
    QCOMPARE(accepted->correlationId, p.correlationId);
    QList<RestoreProgress> seen;
    const auto job = track(m_oscar, accepted->operationUrl, &seen);
    QVERIFY2(job, qPrintable(job ? QString() : job.error().toString()));
    QCOMPARE(job->status, Backup::Job::Status::Completed);
    QCOMPARE(job->operation, QStringLiteral("Restore"));
    QCOMPARE(job->entityFriendlyName, item);
    QVERIFY(job->warnings.isEmpty());
    QVERIFY(!seen.isEmpty());
    QVERIFY(!seen.last().jobId.isEmpty());
    QCOMPARE(job->activityId, p.correlationId); // the job carries the request's correlation id
}

void TestRestoreService::warningsAndFailuresAreTheJobs()
{
    // vm-legacy-erp's restores complete with warnings; inventory's fail.
    RestoreFixture carla;
    QString error;
    QVERIFY2(carla.start(quick(), QStringLiteral("carla"), &error), qPrintable(error));
    carla.runClock(5, 50);
    const RestoreRequest legacy
        = request(carla, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-legacy-erp"), Mode::VmDisks);
    RestoreRequest disks = legacy;
    disks.targetResourceGroupId.clear(); // Carla may write only the staging account
    const auto a = submit(carla, pendingFor(disks));
    QVERIFY2(a, qPrintable(a ? QString() : a.error().toString()));
    const auto warned = track(carla, a->operationUrl);
    QCOMPARE(warned->status, Backup::Job::Status::CompletedWithWarnings);
    QVERIFY(!warned->warnings.isEmpty());
    QVERIFY(warned->warnings.first().message.contains(QStringLiteral("extensions")));

    // Oscar restores the SQL host's databases (Carla may not write its VM).
    const auto f = submit(m_oscar,
                          pendingFor(request(m_oscar, QStringLiteral("rsv-prod-weu"),
                                             QStringLiteral("inventory"), Mode::SqlFiles)));
    QVERIFY(f);
    const auto failed = track(m_oscar, f->operationUrl);
    QCOMPARE(failed->status, Backup::Job::Status::Failed);
    QCOMPARE(failed->errors.first().code, QStringLiteral("UserErrorRestoreTargetBusy"));
}

void TestRestoreService::refusalsAreFinal()
{
    // Oscar may not replace vm-web-01 (only vm-web-02): the target's rights are missing.
    const auto linked = submit(m_oscar,
                               pendingFor(request(m_oscar, QStringLiteral("rsv-prod-weu"),
                                                  QStringLiteral("vm-web-01"), Mode::VmReplace)));
    QVERIFY(!linked);
    QCOMPARE(linked.error().code, QStringLiteral("LinkedAuthorizationFailed"));
    QCOMPARE(linked.error().httpStatus, 403);
    QVERIFY(!linked.error().correlationId.isEmpty());
    QVERIFY(RestoreService::isRefusal(linked.error()));
    // A request the service finds wrong (the new VM's network is in another region).
    RestoreRequest r
        = request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-web-01"), Mode::VmNew);
    r.stagingStorageAccountId = kStagingNeu;
    const auto invalid = submit(m_oscar, pendingFor(r));
    QCOMPARE(invalid.error().code, QStringLiteral("UserErrorStagingStorageAccountInDifferentRegion"));
    QCOMPARE(invalid.error().httpStatus, 400);
    QVERIFY(RestoreService::isRefusal(invalid.error()));
    // Rita reads and nothing more.
    RestoreFixture rita;
    QString error;
    QVERIFY2(rita.start(quick(), QStringLiteral("rita"), &error), qPrintable(error));
    const auto denied = submit(rita,
                               pendingFor(request(rita, QStringLiteral("rsv-prod-weu"),
                                                  QStringLiteral("vm-web-01"), Mode::VmDisks)));
    QCOMPARE(denied.error().code, QStringLiteral("AuthorizationFailed"));
    QVERIFY(BackupService::deniedAction(denied.error())
                .endsWith(QStringLiteral("recoveryPoints/restore/action")));
    // What is not a refusal: nothing is known about whether it started.
    QVERIFY(!RestoreService::isRefusal(Error::make(Error::Kind::Network, QStringLiteral("network_error"))));
    QVERIFY(
        !RestoreService::isRefusal(Error::make(Error::Kind::Http, QStringLiteral("http_503")).withHttp(503)));
    QVERIFY(!RestoreService::isRefusal(
        Error::make(Error::Kind::Http, QStringLiteral("TooManyRequests")).withHttp(429)));
}

void TestRestoreService::lostAnswerIsNotSentAgainAndTheJobsListShowsIt()
{
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const int before = m_oscar.restoreJobs(vault, QStringLiteral("vm-app-02"));
    PendingRestore p = pendingFor(
        request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-app-02"), Mode::VmDisks));
    p.requestedAt = m_oscar.clock.now(); // the sandbox's time, which lists the jobs
    // The service starts it, and the answer is lost on the way back: the transport must not send
    // it again (the sandbox, like Azure as documented, does not recognise a repeated client request id).
    const int retries = m_oscar.arm->retryCount();
    m_oscar.sandbox.server().loseAnswers("POST", QStringLiteral("/restore"), 3);
    const auto first = submit(m_oscar, p);
    m_oscar.sandbox.server().loseAnswers({}, {}, 0);
    QVERIFY(!first);
    QVERIFY2(!RestoreService::isRefusal(first.error()), qPrintable(first.error().toString()));
    QCOMPARE(m_oscar.arm->retryCount(), retries);
    QCOMPARE(m_oscar.restoreJobs(vault, QStringLiteral("vm-app-02")), before + 1);
    // What reconciliation reads: that one job, listed for this item since the request.
    std::optional<Result<QList<Backup::Job>>> listed;
    m_oscar.restore->restoreJobsSince(p, 120000, &m_oscar.nam,
                                      [&](Result<QList<Backup::Job>> l) { listed = l; });
    QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 20000);
    QVERIFY2(listed->ok(), qPrintable(listed->ok() ? QString() : listed->error().toString()));
    QVERIFY(!listed->value().isEmpty());
    const Backup::Job found = listed->value().first();
    QCOMPARE(found.entityFriendlyName, QStringLiteral("vm-app-02"));
    QCOMPARE(found.activityId, p.correlationId); // the request's own job comes first
    // For another request of the same time, that job does not name it, but may still be it: Azure
    // does not document that a job's activity id carries the request's id, so only a request this
    // console knows to be another (`otherRequests`) rules the job out.
    PendingRestore other = p;
    other.clientRequestId = guid();
    other.correlationId = guid();
    listed.reset();
    m_oscar.restore->restoreJobsSince(other, 120000, &m_oscar.nam,
                                      [&](Result<QList<Backup::Job>> l) { listed = l; });
    QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 20000);
    QVERIFY(listed->ok() && !listed->value().isEmpty());
    QVERIFY(!RestoreService::namesRequest(listed->value().first(), other));
    listed.reset();
    m_oscar.restore->restoreJobsSince(other, 120000, &m_oscar.nam,
                                      [&](Result<QList<Backup::Job>> l) { listed = l; },
                                      { p.clientRequestId, p.correlationId });
    QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 20000);
    QVERIFY(listed->ok() && listed->value().isEmpty());
    // Known requests are matched as whole ids: one whose id is only a prefix of the job's activity
    // id (or a zero id) does not rule the job out.
    listed.reset();
    m_oscar.restore->restoreJobsSince(
        other, 120000, &m_oscar.nam, [&](Result<QList<Backup::Job>> l) { listed = l; },
        { p.correlationId.left(8), QStringLiteral("00000000-0000-0000-0000-000000000000") });
    QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 20000);
    QVERIFY(listed->ok() && !listed->value().isEmpty());
    // Nothing for a request made after it.
    PendingRestore later = p;
    later.requestedAt = m_oscar.clock.now().addSecs(3600);
    listed.reset();
    m_oscar.restore->restoreJobsSince(later, 0, &m_oscar.nam,
                                      [&](Result<QList<Backup::Job>> l) { listed = l; });
    QTRY_VERIFY_WITH_TIMEOUT(listed.has_value(), 20000);
    QVERIFY(listed->ok() && listed->value().isEmpty());
}

void TestRestoreService::anActivityIdNamesARequestOnlyAsAWholeNonZeroId_data()
{
    QTest::addColumn<QString>("activityId");
    QTest::addColumn<QString>("requestId");
    QTest::addColumn<bool>("names");
    const QString id = guid();
    QTest::newRow("the same id") << id << id << true;
    QTest::newRow("the same id, other case and braces")
        << id.toUpper() << QStringLiteral("{%1}").arg(id) << true;
    QTest::newRow("the id with more after it") << id + QStringLiteral("-2026-12-01") << id << false;
    QTest::newRow("a request id that is a prefix") << id << id.left(8) << false;
    QTest::newRow("both zero") << QStringLiteral("00000000-0000-0000-0000-000000000000")
                               << QStringLiteral("00000000-0000-0000-0000-000000000000") << false;
    QTest::newRow("a zero request id")
        << QStringLiteral("00000000-0000-0000-0000-000000000000") << QStringLiteral("00000000") << false;
    QTest::newRow("no activity id") << QString() << id << false;
    QTest::newRow("another id") << guid() << id << false;
    // The service echoes a client request id as "id; id" (as Azure Backup's answers show): the first token.
    QTest::newRow("the echo 'id; id'") << QStringLiteral("%1; %1").arg(id) << id << true;
    QTest::newRow("the echo without a space") << QStringLiteral(" %1;%1 ").arg(id.toUpper()) << id << true;
    QTest::newRow("the echo of another id") << QStringLiteral("%1; %1").arg(guid()) << id << false;
    QTest::newRow("an empty first token") << QStringLiteral("; %1").arg(id) << id << false;
    QTest::newRow("a zero first token")
        << QStringLiteral("00000000-0000-0000-0000-000000000000; %1").arg(id) << id << false;
}

void TestRestoreService::anActivityIdNamesARequestOnlyAsAWholeNonZeroId()
{
    // Whether a job is a request's is told by whole, non-zero ids only: a prefix (or a zero id, as
    // the spec's examples carry) would tie a job to a request it need not be.
    QFETCH(QString, activityId);
    QFETCH(QString, requestId);
    QFETCH(bool, names);
    Backup::Job job;
    job.activityId = activityId;
    PendingRestore p;
    p.clientRequestId = requestId;
    QCOMPARE(RestoreService::namesRequest(job, p), names);
    p.clientRequestId = guid();
    p.correlationId = requestId;
    QCOMPARE(RestoreService::namesRequest(job, p), names);
}

void TestRestoreService::locationOnlyIsFollowedToTheJob()
{
    // A 202 with Location only (no Azure-AsyncOperation): accepted, and followed through the
    // Location to its end, then to the job the jobs list names.
    RestoreFixture f;
    const auto accepted = acceptedLocationOnly(f, quick());
    QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().toString()));
    const PendingRestore p = accepted.value();
    QVERIFY(p.locationUrl.contains(QStringLiteral("/operationResults/")));
    std::optional<Result<Backup::Job>> done;
    QList<RestoreProgress> seen;
    f.restore->follow(
        p, {}, fast(), &f.nam, [&](const RestoreProgress &pr) { seen << pr; },
        [&](Result<Backup::Job> j) { done = j; });
    QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 60000);
    QVERIFY2(done->ok(), qPrintable(done->ok() ? QString() : done->error().toString()));
    QCOMPARE(done->value().status, Backup::Job::Status::Completed);
    QCOMPARE(done->value().activityId, p.correlationId);
    QVERIFY(!seen.isEmpty() && !seen.last().jobId.isEmpty());
}

void TestRestoreService::locationOnlyWithoutANamedJobNamesTheCandidates()
{
    // Location only, and the restore's job names no request (a service that zeroes or invents
    // activity ids): no job is taken for it, and restore_no_job names the job that may be it as
    // data (its args after the operation URL), as restore_outcome_unknown does.
    RestoreFixture f;
    const auto accepted = acceptedLocationOnly(f, quick());
    QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().toString()));
    const PendingRestore p = accepted.value();
    Sandbox::SandboxVault *v
        = f.sandbox.server().tenant().vault(RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu")));
    QVERIFY(v);
    QString mayBe;
    for (Sandbox::SandboxJob &j : v->jobs) {
        if (j.activityId == p.correlationId) {
            j.activityId = guid();
            mayBe = j.id;
        }
    }
    QVERIFY(!mayBe.isEmpty());
    std::optional<Result<Backup::Job>> done;
    f.restore->follow(p, {}, fast(), &f.nam, {}, [&](Result<Backup::Job> j) { done = j; });
    QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 60000);
    QVERIFY(!done->ok());
    QCOMPARE(done->error().code, QString(Backup::Codes::RestoreNoJob));
    QCOMPARE(done->error().args.size(), 2);
    QVERIFY2(
        done->error().args.value(1).endsWith(QStringLiteral("/backupJobs/") + mayBe, Qt::CaseInsensitive),
        qPrintable(done->error().toString()));
}

void TestRestoreService::locationOnlyFailureIsTheOperationsFailure()
{
    // The result URL answers a failed operation with its failure (a 4xx with the service's
    // code): that is the restore's end before any job, not a passing error or an unknown one.
    RestoreFixture f;
    bool failing = false;
    const auto accepted = acceptedLocationOnly(f, quick(), [&failing](RestoreFixture &started) {
        Sandbox::SandboxVault *vault = started.sandbox.server().tenant().vault(
            RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu")));
        if (!vault)
            return;
        for (Sandbox::SandboxItem &i : vault->items) {
            if (i.resource[QStringLiteral("properties")][QStringLiteral("friendlyName")].toString()
                == QLatin1String("vm-web-02")) {
                i.restoreOperationFailure = QStringLiteral("UserErrorSnapshotNotFound");
                failing = true;
            }
        }
    });
    QVERIFY(failing);
    QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().toString()));
    const PendingRestore p = accepted.value();
    std::optional<Result<Backup::Job>> done;
    f.restore->follow(p, {}, fast(), &f.nam, {}, [&](Result<Backup::Job> j) { done = j; });
    QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 60000);
    QVERIFY(!done->ok());
    QCOMPARE(done->error().code, QString(Backup::Codes::RestoreOperationFailed));
    QVERIFY(RestoreActions::endedWithoutJob(done->error()));
    QCOMPARE(done->error().args.value(0), QStringLiteral("UserErrorSnapshotNotFound"));
    QCOMPARE(done->error().httpStatus, 400);
    QVERIFY(!done->error().correlationId.isEmpty());
}

void TestRestoreService::anExpiredResultUrlLeadsToTheJobsList()
{
    // The result URL no longer knows the operation (404): the job that names the request is
    // found in the vault's jobs list and followed to its end.
    RestoreFixture f;
    const auto accepted = acceptedLocationOnly(f, quick());
    QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().toString()));
    const PendingRestore p = accepted.value();
    f.sandbox.server().forgetOperations();
    std::optional<Result<Backup::Job>> done;
    f.restore->follow(p, {}, fast(), &f.nam, {}, [&](Result<Backup::Job> j) { done = j; });
    QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 60000);
    QVERIFY2(done->ok(), qPrintable(done->ok() ? QString() : done->error().toString()));
    QCOMPARE(done->value().status, Backup::Job::Status::Completed);
    QCOMPARE(done->value().activityId, p.correlationId);
}

void TestRestoreService::survivesFaultsAndShortTokens()
{
    RestoreFixture f;
    Sandbox::SandboxOptions options = quick();
    options.tokenLifetimeSeconds = 60;
    options.jobDurationSeconds = 300; // five token lifetimes
    options.throttleRate = 0.1;
    options.errorRate = 0.1;
    options.dropRate = 0.05;
    options.seed = 7;
    QString error;
    QVERIFY2(f.start(options, QStringLiteral("oscar"), &error), qPrintable(error));
    f.session->setAutoRefresh(false); // the API's 401s drive every renewal
    const QString vault = RestoreFixture::vaultId(QStringLiteral("rsv-prod-weu"));
    const RestoreRequest r
        = request(f, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-web-02"), Mode::VmDisks);
    const PendingRestore p = pendingFor(r);
    const auto accepted = submit(f, p);
    QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().toString()));
    f.runClock(5, 40);
    QList<RestoreProgress> seen;
    const auto job = track(f, accepted->operationUrl, &seen);
    QVERIFY2(job, qPrintable(job ? QString() : job.error().toString()));
    QCOMPARE(job->status, Backup::Job::Status::Completed);
    QVERIFY2(f.arm->renewCount() >= 2, qPrintable(QString::number(f.arm->renewCount())));
    QVERIFY(f.arm->retryCount() > 0);
    QCOMPARE(f.restoreJobs(vault, QStringLiteral("vm-web-02")), 1);
}

void TestRestoreService::networkLossThenResume()
{
    const PendingRestore p = pendingFor(
        request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-app-01"), Mode::VmDisks));
    const auto accepted = submit(m_oscar, p);
    QVERIFY(accepted);
    m_oscar.runClock(0, 0); // the job waits while the network is gone
    std::optional<Result<Backup::Job>> done;
    RestoreProgress last;
    QPointer<RestoreTracking> tracking = m_oscar.restore->track(
        accepted->operationUrl, {}, fast(), &m_oscar.nam, [&](const RestoreProgress &pr) { last = pr; },
        [&](Result<Backup::Job> j) { done = j; });
    // Ended before `done` and `last` go, also when a check below returns early.
    const auto end = qScopeGuard([&tracking] { delete tracking.data(); });
    m_oscar.clock.advance(3); // the operation settles (a stopped clock alone would never let it)
    QTRY_VERIFY_WITH_TIMEOUT(last.stage == RestoreProgress::Stage::Job, 10000);
    m_oscar.sandbox.server().setFaultRates(1.0, 0, 0); // every request dropped
    QTRY_VERIFY_WITH_TIMEOUT(last.stage == RestoreProgress::Stage::Reconnecting && last.failures >= 2, 20000);
    QVERIFY(last.problem.has_value());
    QCOMPARE(last.problem->kind, Error::Kind::Network);
    QVERIFY(!done.has_value()); // not given up
    m_oscar.sandbox.server().setFaultRates(0, 0, 0);
    m_oscar.runClock(5, 50);
    QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 30000);
    QVERIFY(done->ok());
    QCOMPARE(done->value().status, Backup::Job::Status::Completed);
}

// Defect: a 401 whose renewal failed came back as the 401 itself, which tracking took for final,
// so a restore was no longer followed after one renewal met a network failure. Now the failed
// renewal is its own error, of the renewal's kind, and a network one is waited out.
void TestRestoreService::aRenewalThatMeetsTheNetworkKeepsTracking()
{
    RestoreFixture f;
    Sandbox::SandboxOptions options = quick();
    options.tokenLifetimeSeconds = 60;
    options.clockSkewSeconds = 0;
    QString error;
    QVERIFY2(f.start(options, QStringLiteral("oscar"), &error), qPrintable(error));
    f.session->setAutoRefresh(false); // the API's 401s drive every renewal
    const auto accepted = submit(
        f,
        pendingFor(request(f, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-app-01"), Mode::VmDisks)));
    QVERIFY2(accepted, qPrintable(accepted ? QString() : accepted.error().toString()));
    std::optional<Result<Backup::Job>> done;
    RestoreProgress last;
    std::optional<Error> renewalProblem;
    QPointer<RestoreTracking> tracking = f.restore->track(
        accepted->operationUrl, {}, fast(), &f.nam,
        [&](const RestoreProgress &pr) {
            last = pr;
            if (pr.problem && pr.problem->code == QLatin1String("token_renewal_failed"))
                renewalProblem = *pr.problem;
        },
        [&](Result<Backup::Job> j) { done = j; });
    const auto end = qScopeGuard([&tracking] { delete tracking.data(); });
    f.clock.advance(3); // the operation settles; the job runs
    QTRY_VERIFY_WITH_TIMEOUT(last.stage == RestoreProgress::Stage::Job, 10000);
    const int refreshesBefore = f.session->refreshCount();
    f.sandbox.server().dropTokenRequests(2); // the next two renewals meet a dropped connection
    f.clock.advance(61); // the access token has expired at the API
    QTRY_VERIFY_WITH_TIMEOUT(renewalProblem.has_value() || done.has_value(), 20000);
    QVERIFY2(!done.has_value(),
             qPrintable(done->ok() ? QStringLiteral("ended") : done->error().toString())); // not given up
    QCOMPARE(renewalProblem->kind, Error::Kind::Network);
    QCOMPARE(renewalProblem->httpStatus, 401);
    QVERIFY(RestoreTracking::isTransient(*renewalProblem));
    f.runClock(5, 50);
    QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 30000);
    QVERIFY2(done->ok(), qPrintable(done->ok() ? QString() : done->error().toString()));
    QCOMPARE(done->value().status, Backup::Job::Status::Completed);
    QCOMPARE(f.sandbox.server().tokenRequestsToDrop(), 0);
    QVERIFY(f.session->refreshCount() > refreshesBefore); // a later renewal went through
    QVERIFY(f.session->isSignedIn());

    // An issuer's refusal stays final; so does a renewal of the wrong kind.
    Error refused = *renewalProblem;
    refused.kind = Error::Kind::Auth;
    refused.args = QStringList { QStringLiteral("invalid_grant") };
    QVERIFY(!RestoreTracking::isTransient(refused));
    refused.args = QStringList { QStringLiteral("refresh_too_soon") };
    QVERIFY(RestoreTracking::isTransient(refused));
    QVERIFY(RestoreService::isRefusal(refused)); // answered 401: the service did nothing with it
}

void TestRestoreService::cancelEndsCancelled()
{
    m_oscar.runClock(0, 0);
    const auto accepted = submit(m_oscar,
                                 pendingFor(request(m_oscar, QStringLiteral("rsv-prod-weu"),
                                                    QStringLiteral("vm-sql-01"), Mode::VmDisks)));
    QVERIFY(accepted);
    std::optional<Result<Backup::Job>> done;
    RestoreProgress last;
    QPointer<RestoreTracking> tracking = m_oscar.restore->track(
        accepted->operationUrl, {}, fast(), &m_oscar.nam, [&](const RestoreProgress &pr) { last = pr; },
        [&](Result<Backup::Job> j) { done = j; });
    const auto end = qScopeGuard([&tracking] { delete tracking.data(); });
    m_oscar.clock.advance(3); // the operation settles; the job runs
    QTRY_VERIFY_WITH_TIMEOUT(last.job.has_value() && last.job->status == Backup::Job::Status::InProgress,
                             10000);
    std::optional<Result<CancelAccepted>> cancelled;
    m_oscar.restore->cancel(last.jobId, &m_oscar.nam, [&](Result<CancelAccepted> c) { cancelled = c; });
    QTRY_VERIFY_WITH_TIMEOUT(cancelled.has_value(), 10000);
    QVERIFY2(cancelled->ok(), qPrintable(cancelled->ok() ? QString() : cancelled->error().toString()));
    QVERIFY(cancelled->value().locationUrl.contains(QStringLiteral("/operationResults/")));
    m_oscar.runClock(1, 50);
    QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 20000);
    QCOMPARE(done->value().status, Backup::Job::Status::Cancelled);
    // Cancelling what has ended is refused, and says so.
    cancelled.reset();
    m_oscar.restore->cancel(last.jobId, &m_oscar.nam, [&](Result<CancelAccepted> c) { cancelled = c; });
    QTRY_VERIFY_WITH_TIMEOUT(cancelled.has_value(), 10000);
    QCOMPARE(cancelled->error().code, QStringLiteral("BMSUserErrorJobNotCancellable"));
    m_oscar.runClock(5, 50);
}

void TestRestoreService::aNewTrackerPicksUpWhatWasLeft()
{
    QTemporaryDir dir;
    const PendingRestoreStore store(dir.filePath(QStringLiteral("pending")));
    m_oscar.runClock(0, 0);
    PendingRestore p = pendingFor(
        request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-web-01"), Mode::VmDisks));
    QVERIFY(store.save(p)); // written before sending
    const auto accepted = submit(m_oscar, p);
    QVERIFY(accepted);
    p.state = PendingRestore::State::Accepted;
    p.operationUrl = accepted->operationUrl;
    QString jobId;
    {
        RestoreTracker first(store);
        first.setOptions(fast());
        first.setService(m_oscar.restore.get());
        QVERIFY(first.follow(p));
        m_oscar.clock.advance(3);
        QSignalSpy progressed(&first, &RestoreTracker::progressed);
        QTRY_VERIFY_WITH_TIMEOUT(!progressed.isEmpty()
                                     && !progressed.last().at(1).value<RestoreProgress>().jobId.isEmpty(),
                                 10000);
        // The job's id is on disk: a restart follows the job directly.
        QTRY_VERIFY(!store.find(p.clientRequestId)->jobId.isEmpty());
        jobId = store.find(p.clientRequestId)->jobId;
    } // gone before the job ended (its lock with it)
    m_oscar.runClock(5, 50);
    RestoreTracker second(store);
    second.setOptions(fast());
    QSignalSpy resumed(&second, &RestoreTracker::resumed);
    QSignalSpy ended(&second, &RestoreTracker::ended);
    second.setService(m_oscar.restore.get());
    QCOMPARE(resumed.size(), 1);
    QCOMPARE(resumed.first().first().value<QList<PendingRestore>>().first().clientRequestId,
             p.clientRequestId);
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 20000);
    const auto job = ended.first().at(1).value<Backup::Job>();
    QCOMPARE(job.id.toLower(), jobId.toLower());
    QCOMPARE(job.status, Backup::Job::Status::Completed);
    QVERIFY(store.find(p.clientRequestId)); // kept until the outcome is recorded…
    QVERIFY(second.forget(p.clientRequestId));
    QVERIFY(!store.find(p.clientRequestId)); // …then gone
    // A record another live process follows is left alone.
    PendingRestore other = p;
    other.clientRequestId = guid();
    QVERIFY(store.save(other));
    Error why;
    auto held = store.claim(other.clientRequestId, &why);
    RestoreTracker third(store);
    QSignalSpy thirdResumed(&third, &RestoreTracker::resumed);
    third.setService(m_oscar.restore.get());
    QVERIFY(thirdResumed.isEmpty());
    QVERIFY(!third.isFollowing(other.clientRequestId));
}

void TestRestoreService::aRunningTrackerPicksUpWhatAnotherProcessLeaves()
{
    // The console runs; `restoredesk-cli restore` (no --wait) submits a restore, holding its
    // record while it runs, and exits. The console follows it from then on, to its end, without
    // a restart; while the other process holds the record, it is left alone.
    QTemporaryDir dir;
    const PendingRestoreStore store(dir.filePath(QStringLiteral("pending")));
    m_oscar.runClock(0, 0);
    RestoreTracker console(store);
    console.setOptions(fast());
    QSignalSpy resumed(&console, &RestoreTracker::resumed);
    QSignalSpy pickedUp(&console, &RestoreTracker::pickedUp);
    QSignalSpy ended(&console, &RestoreTracker::ended);
    console.setService(m_oscar.restore.get()); // the folder does not even exist yet

    PendingRestore p = pendingFor(
        request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-web-01"), Mode::VmDisks));
    {
        Error why;
        auto held = store.claim(p.clientRequestId, &why); // the other process
        QVERIFY(held);
        QVERIFY(store.save(p));
        const auto accepted = submit(m_oscar, p);
        QVERIFY(accepted);
        p.state = PendingRestore::State::Accepted;
        p.operationUrl = accepted->operationUrl;
        QVERIFY(store.save(p));
        QTest::qWait(1500); // past the console's reading of the changed folder
        QVERIFY(pickedUp.isEmpty());
        QVERIFY(!console.holds(p.clientRequestId));
    } // it exits: its lock goes
    QTRY_COMPARE_WITH_TIMEOUT(pickedUp.size(), 1, 10000);
    QCOMPARE(pickedUp.first().first().value<QList<PendingRestore>>().first().clientRequestId,
             p.clientRequestId);
    QVERIFY(resumed.isEmpty()); // not "started before the console was last closed"
    QVERIFY(console.holds(p.clientRequestId));
    m_oscar.clock.advance(3);
    m_oscar.runClock(5, 50);
    QTRY_COMPARE_WITH_TIMEOUT(ended.size(), 1, 20000);
    QCOMPARE(ended.first().at(1).value<Backup::Job>().status, Backup::Job::Status::Completed);
    // Read again later, it is not picked up twice.
    QTest::qWait(600);
    QCOMPARE(pickedUp.size(), 1);
    QVERIFY(console.forget(p.clientRequestId));

    // One the other process left still being submitted (its answer lost) is its own to settle:
    // `restore pending adopt|discard|resend` would find it held by the console otherwise.
    PendingRestore unsettled = p;
    unsettled.clientRequestId = guid();
    unsettled.state = PendingRestore::State::Submitting;
    unsettled.operationUrl.clear();
    {
        Error why;
        auto held = store.claim(unsettled.clientRequestId, &why);
        QVERIFY(held);
        QVERIFY(store.save(unsettled));
    } // let go
    QTest::qWait(1500);
    QVERIFY(!console.holds(unsettled.clientRequestId));
    Error why;
    QVERIFY2(store.claim(unsettled.clientRequestId, &why), qPrintable(why.toString()));
    QCOMPARE(pickedUp.size(), 1);
}

void TestRestoreService::originsAreReadAsTheRecordSaysThem_data()
{
    QTest::addColumn<QString>("apiOrigin");
    QTest::addColumn<QString>("operationUrl");
    QTest::addColumn<QString>("locationUrl");
    QTest::addColumn<QString>("recorded");
    QTest::newRow("its own origin wins over its URLs")
        << "https://management.azure.com:443"
        << "http://127.0.0.1:8080/op" << QString() << "https://management.azure.com:443";
    QTest::newRow("an older record: its operation URL's origin, the port written")
        << QString() << "https://Management.Azure.com/subscriptions/x/operations/y?api-version=1" << QString()
        << "https://management.azure.com:443";
    QTest::newRow("an older record followed by Location")
        << QString() << QString() << "http://127.0.0.1:41234/loc"
        << "http://127.0.0.1:41234";
    QTest::newRow("an older record whose answer was lost: no known API")
        << QString() << QString() << QString() << QString();
    QTest::newRow("a relative URL tells nothing")
        << QString() << "/subscriptions/x/operations/y" << QString() << QString();
}

void TestRestoreService::originsAreReadAsTheRecordSaysThem()
{
    QFETCH(QString, apiOrigin);
    QFETCH(QString, operationUrl);
    QFETCH(QString, locationUrl);
    QFETCH(QString, recorded);
    PendingRestore p = pendingFor(
        request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-web-01"), Mode::VmDisks));
    p.apiOrigin = apiOrigin;
    p.profile = QStringLiteral("prod");
    p.operationUrl = operationUrl;
    p.locationUrl = locationUrl;
    QCOMPARE(p.recordedOrigin(), recorded);
    QCOMPARE(p.isOfApi(recorded), !recorded.isEmpty());
    // Kept with the record, as written.
    const auto read = PendingRestore::fromJson(p.toJson());
    QVERIFY(read);
    QCOMPARE(read->apiOrigin, apiOrigin);
    QCOMPARE(read->profile, QStringLiteral("prod"));
    QCOMPARE(read->recordedOrigin(), recorded);
}

void TestRestoreService::aTrackerFollowsOnlyTheRecordsOfItsApi()
{
    // One pending folder, two APIs: the console is signed in to the sandbox (this API), and the
    // folder also holds a restore recorded while signed in to profile "prod" (another API), and an
    // older record that names no API and whose answer was lost. Only this API's is claimed and
    // followed; the others are neither claimed (another process may take them) nor polled here.
    QTemporaryDir dir;
    const PendingRestoreStore store(dir.filePath(QStringLiteral("pending")));
    m_oscar.runClock(0, 0);
    const QString here = PendingRestore::originOf(m_oscar.arm->baseUrl());
    QVERIFY(!here.isEmpty());
    PendingRestore ours = pendingFor(
        request(m_oscar, QStringLiteral("rsv-prod-weu"), QStringLiteral("vm-web-01"), Mode::VmDisks));
    const auto accepted = submit(m_oscar, ours);
    QVERIFY(accepted);
    ours.state = PendingRestore::State::Accepted;
    ours.operationUrl = accepted->operationUrl;
    ours.apiOrigin = here;
    PendingRestore theirs = ours; // the same operation URL: the record's own origin decides
    theirs.clientRequestId = guid();
    theirs.apiOrigin = QStringLiteral("https://management.azure.com:443");
    theirs.profile = QStringLiteral("prod");
    PendingRestore older = ours;
    older.clientRequestId = guid();
    older.state = PendingRestore::State::Submitting;
    older.operationUrl.clear();
    older.apiOrigin.clear();
    older.auditSeq = 7;
    QVERIFY(store.save(ours) && store.save(theirs) && store.save(older));

    RestoreTracker console(store);
    console.setOptions(fast());
    console.setProfile(QStringLiteral("sandbox"));
    QSignalSpy resumed(&console, &RestoreTracker::resumed);
    QSignalSpy unanswered(&console, &RestoreTracker::unanswered);
    console.setService(m_oscar.restore.get());
    QCOMPARE(console.apiOrigin(), here);
    QCOMPARE(resumed.size(), 1);
    const auto followed = resumed.first().first().value<QList<PendingRestore>>();
    QCOMPARE(followed.size(), 1);
    QCOMPARE(followed.first().clientRequestId, ours.clientRequestId);
    QVERIFY(unanswered.isEmpty()); // the older one is not reconciled against this API
    QVERIFY(console.holds(ours.clientRequestId));
    QVERIFY(!console.holds(theirs.clientRequestId) && !console.holds(older.clientRequestId));
    QVERIFY(console.isOfThisApi(ours) && !console.isOfThisApi(theirs) && !console.isOfThisApi(older));
    for (const PendingRestore &r : { theirs, older }) {
        Error why;
        QVERIFY2(store.claim(r.clientRequestId, &why), qPrintable(why.toString())); // not claimed here
    }
    // Asked to follow another API's, it refuses, naming where it was recorded.
    const auto refused = console.follow(theirs);
    QVERIFY(!refused);
    QCOMPARE(refused.error().code, QString(Backup::Codes::PendingOtherApi));
    QCOMPARE(refused.error().args,
             QStringList({ theirs.clientRequestId, theirs.apiOrigin, QStringLiteral("prod"), here }));
    QCOMPARE(console.follow(older).error().code, QString(Backup::Codes::PendingUnknownApi));
    // Read again while running (another process left them): still left alone.
    QSignalSpy pickedUp(&console, &RestoreTracker::pickedUp);
    QVERIFY(store.save(theirs));
    QTest::qWait(800);
    QVERIFY(pickedUp.isEmpty());
    QVERIFY(!console.holds(theirs.clientRequestId));

    // Signed in to another API (a second profile): this API's record is let go at once, its claim
    // too, so a session of this API (the CLI, another console) follows it meanwhile.
    Net::Transport transport;
    transport.nam = &m_oscar.nam;
    Arm::ArmClient elsewhere(transport, m_oscar.tokens.get(), QUrl(QStringLiteral("http://127.0.0.1:9")));
    BackupService backup(&elsewhere);
    RestoreService restore(&backup);
    console.setService(nullptr);
    console.setService(&restore);
    QCOMPARE(console.apiOrigin(), QStringLiteral("http://127.0.0.1:9"));
    QVERIFY(!console.holds(ours.clientRequestId));
    QVERIFY(!console.isFollowing(ours.clientRequestId));
    Error why;
    QVERIFY2(store.claim(ours.clientRequestId, &why), qPrintable(why.toString()));
    console.setService(nullptr);
    m_oscar.runClock(5, 50);
}

QTEST_GUILESS_MAIN(TestRestoreService)
#include "tst_restoreservice.moc"
