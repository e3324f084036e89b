#include "backup/restoretracking.h"

#include "arm/armerrors.h"
#include "backup/backupservice.h"
#include "backup/operationstatus.h"
#include "backup/restoreerrors.h"

#include <QLoggingCategory>

#include <limits>

Q_LOGGING_CATEGORY(lcTracking, "restoredesk.restore.tracking", QtInfoMsg)

namespace RestoreDesk::Backup {

namespace {

// Retry-After in ms (-1: none); an HTTP-date counts from the answer's own Date. The caller caps it
// at maxPollMs, so a huge value is cut here before it can overflow.
int retryAfterMs(const Arm::ArmResponse &r, const QDateTime &localNow)
{
    const int seconds = Arm::retryAfterSeconds(r.header("Retry-After"), r.header("Date"), localNow);
    return seconds < 0 ? -1 : int(qMin<qint64>(qint64(seconds) * 1000, std::numeric_limits<int>::max()));
}

} // namespace

bool RestoreTracking::isTransient(const Error &e)
{
    if (e.code == Arm::Codes::TokenRenewalFailed) {
        // The renewal met the network, a timeout, the issuer's own trouble, or the session's
        // once-a-minute guard: a later one may succeed. The issuer's refusal (invalid_grant) not.
        return e.kind == Error::Kind::Network || e.kind == Error::Kind::Timeout
            || e.kind == Error::Kind::Protocol || e.kind == Error::Kind::Http
            || e.args.value(0) == QLatin1String("refresh_too_soon");
    }
    switch (e.kind) {
    case Error::Kind::Network:
    case Error::Kind::Timeout:
    case Error::Kind::Protocol:
        return true;
    case Error::Kind::Http:
        return e.httpStatus == 429 || e.httpStatus == 408 || e.httpStatus >= 500
            || e.code == Arm::Codes::Throttled || e.code == Arm::Codes::RetryBudgetExhausted;
    default:
        return e.code == Arm::Codes::RetryBudgetExhausted;
    }
}

RestoreTracking *RestoreTracking::start(BackupService *service, const QString &operationUrl,
                                        const QString &jobId, const TrackingOptions &options, QObject *owner,
                                        Progress progress, Done done)
{
    auto *t = new RestoreTracking(service, operationUrl, jobId, options, owner, std::move(progress),
                                  std::move(done));
    // From the event loop: the caller gets the job before its first report.
    QMetaObject::invokeMethod(t, &RestoreTracking::look, Qt::QueuedConnection);
    return t;
}

RestoreTracking::RestoreTracking(BackupService *service, QString operationUrl, QString jobId,
                                 TrackingOptions options, QObject *owner, Progress progress, Done done)
    : RestoreDesk::Job<Backup::Job>(owner, std::move(done))
    , m_service(service)
    , m_operationUrl(std::move(operationUrl))
    , m_options(options)
    , m_onProgress(std::move(progress))
{
    m_progress.jobId = std::move(jobId);
    m_progress.stage
        = m_progress.jobId.isEmpty() ? RestoreProgress::Stage::Operation : RestoreProgress::Stage::Job;
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RestoreTracking::look);
}

RestoreTracking::~RestoreTracking()
{
    m_timer.stop();
    // The look in flight reports to this job: end it while this job is whole.
    if (m_call)
        delete m_call.data();
    report(cancelledError());
}

void RestoreTracking::cancel()
{
    m_timer.stop();
    report(cancelledError());
    if (m_call)
        m_call->cancel();
}

void RestoreTracking::look()
{
    if (isFinished())
        return;
    if (!m_service)
        return report(cancelledError());
    if (!m_progress.jobId.isEmpty())
        lookAtJob();
    else if (!m_operationUrl.isEmpty())
        lookAtOperation();
    else if (m_locationDone)
        findJob();
    else if (!m_locationUrl.isEmpty() && m_find && m_probeJobs)
        probeJobs();
    else if (!m_locationUrl.isEmpty() && m_find)
        lookAtLocation();
    else
        report(Error::make(Error::Kind::Protocol, Codes::RestoreNoJob, {}, { m_locationUrl }));
}

void RestoreTracking::followLocation(const QString &locationUrl, Finder find)
{
    m_locationUrl = locationUrl;
    m_find = std::move(find);
}

void RestoreTracking::lookAtLocation()
{
    m_call = m_service->arm()->get(m_locationUrl, {}, this, [this](Result<Arm::ArmResponse> r) {
        m_call = nullptr;
        if (isFinished())
            return;
        if (!r)
            return locationFailed(r.error());
        m_progress.failures = 0;
        m_progress.problem.reset();
        m_progress.stage = RestoreProgress::Stage::Operation;
        if (r->status == 202) {
            // Still running. A status monitor named now is preferred from here on.
            const QString monitor = QString::fromLatin1(r->header("Azure-AsyncOperation")).trimmed();
            if (!monitor.isEmpty())
                m_operationUrl = monitor;
            const QString next = QString::fromLatin1(r->header("Location")).trimmed();
            if (!next.isEmpty())
                m_locationUrl = next;
            const int after = retryAfterMs(
                r.value(), m_service ? m_service->arm()->clock()() : QDateTime::currentDateTimeUtc());
            lookAgainIn(qMin(after >= 0 ? after : m_options.operationPollMs, m_options.maxPollMs));
            return notify();
        }
        // 200 or 204: done. The result names no job: the vault's jobs list does.
        m_locationDone = true;
        notify();
        findJob();
    });
}

bool RestoreTracking::isOperationFailure(const Error &error)
{
    // A result URL answers a failed operation with the failure itself: a 4xx carrying the
    // service's error (ARM's long-running operation rules). Not: access to the URL refused, the
    // URL unknown, throttling, a timeout, or an answer without an error body.
    if (error.kind != Error::Kind::Http || error.httpStatus < 400 || error.httpStatus >= 500
        || error.code == Arm::Codes::TokenRenewalFailed)
        return false;
    if (error.httpStatus == 404 || error.httpStatus == 408 || error.httpStatus == 429)
        return false;
    return !error.code.isEmpty() && error.code != QStringLiteral("http_%1").arg(error.httpStatus);
}

void RestoreTracking::locationFailed(const Error &error)
{
    if (error.kind == Error::Kind::Cancelled)
        return report(error);
    if (isOperationFailure(error)) {
        const QString message = error.detail;
        return report(
            Error::make(Error::Kind::Http, Codes::RestoreOperationFailed, message, { error.code, message })
                .withHttp(error.httpStatus, error.correlationId));
    }
    if (error.kind == Error::Kind::Http && error.httpStatus == 404) {
        // The result URL no longer knows the operation (results expire): the vault's jobs list
        // is the one place left that can name the job.
        qCInfo(lcTracking) << "the result URL no longer knows the operation; looking in the jobs list";
        m_locationDone = true;
        return findJob();
    }
    failed(error);
    // While the result URL keeps failing, the jobs list is looked at every third time: a job that
    // names the request is followed whatever the URL says.
    if (!isFinished() && isTransient(error) && m_progress.failures % 3 == 0)
        m_probeJobs = true;
}

void RestoreTracking::probeJobs()
{
    m_probeJobs = false;
    m_call = m_find(this, [this](Result<QString> r) {
        m_call = nullptr;
        if (isFinished())
            return;
        if (r && !r->isEmpty()) {
            m_locationDone = true;
            m_progress.jobId = r.value();
            m_progress.stage = RestoreProgress::Stage::Job;
            m_progress.failures = 0;
            m_progress.problem.reset();
            notify();
            return lookAtJob();
        }
        // Not there (or unreadable too): back to the result URL.
        lookAtLocation();
    });
}

void RestoreTracking::findJob()
{
    // The jobs list may show the job a little after the operation ends: look a few times.
    constexpr int kMaxMisses = 10;
    m_call = m_find(this, [this](Result<QString> r) {
        m_call = nullptr;
        if (isFinished())
            return;
        if (!r)
            return failed(r.error());
        m_progress.failures = 0;
        m_progress.problem.reset();
        if (r->isEmpty()) {
            if (++m_findMisses >= kMaxMisses)
                return report(Error::make(Error::Kind::Protocol, Codes::RestoreNoJob, {}, { m_locationUrl }));
            lookAgainIn(m_options.operationPollMs);
            return notify();
        }
        m_progress.jobId = r.value();
        m_progress.stage = RestoreProgress::Stage::Job;
        notify();
        lookAtJob();
    });
}

void RestoreTracking::lookAtOperation()
{
    m_call = m_service->arm()->get(m_operationUrl, {}, this, [this](Result<Arm::ArmResponse> r) {
        m_call = nullptr;
        if (isFinished())
            return;
        if (!r)
            return failed(r.error());
        auto status = OperationStatus::fromArm(r->body);
        if (!status)
            return failed(Error(status.error()).withHttp(r->status, r->correlationId));
        m_progress.failures = 0;
        m_progress.problem.reset();
        if (!status->isTerminal()) {
            m_progress.stage = RestoreProgress::Stage::Operation;
            const int after = retryAfterMs(
                r.value(), m_service ? m_service->arm()->clock()() : QDateTime::currentDateTimeUtc());
            lookAgainIn(qMin(after >= 0 ? after : m_options.operationPollMs, m_options.maxPollMs));
            return notify();
        }
        if (status->status != OperationStatus::Status::Succeeded) {
            const QString code = status->error ? status->error->code : status->statusText;
            const QString message = status->error ? status->error->message : QString();
            return report(
                Error::make(Error::Kind::Http, Codes::RestoreOperationFailed, message, { code, message })
                    .withHttp(r->status, r->correlationId));
        }
        const QString job = !status->jobId.isEmpty() ? status->jobId : status->jobIds.value(0);
        if (job.isEmpty())
            return report(Error::make(Error::Kind::Protocol, Codes::RestoreNoJob, {}, { m_operationUrl })
                              .withHttp(r->status, r->correlationId));
        // A job id is a GUID (or, from some services, a full id): the vault's backupJobs/{id}.
        const ArmId op = ArmId::parse(m_operationUrl);
        m_progress.jobId
            = job.startsWith(QLatin1Char('/')) ? job : op.vaultId() + QStringLiteral("/backupJobs/") + job;
        m_progress.stage = RestoreProgress::Stage::Job;
        notify();
        lookAtJob();
    });
}

void RestoreTracking::lookAtJob()
{
    m_call = m_service->job(m_progress.jobId, this, [this](Result<Backup::Job> r) {
        m_call = nullptr;
        if (isFinished())
            return;
        if (!r)
            return failed(r.error());
        m_progress.failures = 0;
        m_progress.problem.reset();
        m_progress.stage = RestoreProgress::Stage::Job;
        m_progress.job = r.value();
        if (r->isTerminal()) {
            notify();
            return report(r.value());
        }
        lookAgainIn(m_options.jobPollMs);
        notify();
    });
}

void RestoreTracking::lookAgainIn(int ms)
{
    m_progress.nextLookMs = ms;
    m_timer.start(ms);
}

void RestoreTracking::failed(const Error &error)
{
    if (error.kind == Error::Kind::Cancelled)
        return report(error);
    if (!isTransient(error))
        return report(error);
    // Passing trouble: say so, and look again later, patiently.
    ++m_progress.failures;
    m_progress.problem = error;
    m_progress.stage = RestoreProgress::Stage::Reconnecting;
    const qint64 delay = qMin<qint64>(m_options.retryMaxMs,
                                      qint64(m_options.retryBaseMs) << qMin(m_progress.failures - 1, 16));
    qCInfo(lcTracking) << "looking again in" << delay << "ms after" << error.toString();
    lookAgainIn(int(delay));
    notify();
}

void RestoreTracking::notify()
{
    if (m_onProgress)
        m_onProgress(m_progress);
}

} // namespace RestoreDesk::Backup
