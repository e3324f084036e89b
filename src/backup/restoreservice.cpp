#include "backup/restoreservice.h"

#include "arm/armclient.h"
#include "arm/armerrors.h"
#include "backup/armcalljob.h"
#include "backup/armid.h"
#include "backup/backupservice.h"
#include "backup/mappedjob.h"
#include "backup/readyjob.h"
#include "backup/restoreerrors.h"
#include "backup/restoresourcejob.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>
#include <algorithm>
#include <memory>

namespace RestoreDesk::Backup {

namespace {

QString header(const Arm::ArmResponse &r, const char *name)
{
    return QString::fromLatin1(r.header(name)).trimmed();
}

Error cancelledErrorOf()
{
    return Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled);
}

} // namespace

RestoreService::RestoreService(BackupService *backup, QObject *parent)
    : QObject(parent)
    , m_backup(backup)
{ }

bool RestoreService::isRefusal(const Error &e)
{
    // Answered 401, then the token could not be renewed: the service did nothing with it.
    if (e.code == Arm::Codes::TokenRenewalFailed)
        return true;
    if (e.kind == Error::Kind::Cancelled || e.kind == Error::Kind::Network || e.kind == Error::Kind::Timeout)
        return false;
    // Not sent at all: refused here, before anything reached the service.
    if (e.httpStatus == 0)
        return e.kind == Error::Kind::Invalid || e.kind == Error::Kind::Security
            || e.kind == Error::Kind::Auth;
    return e.httpStatus >= 400 && e.httpStatus < 500 && e.httpStatus != 408 && e.httpStatus != 429;
}

QString RestoreService::apiVersionOf(const QString &resourceId) const
{
    const ArmId a = ArmId::parse(resourceId);
    const ApiVersions &v = m_backup->versions();
    if (a.kind == ArmId::Kind::ResourceGroup)
        return v.resourceGroups;
    if (a.providerNamespace.compare(QLatin1String("Microsoft.Storage"), Qt::CaseInsensitive) == 0)
        return v.storage;
    if (a.providerNamespace.compare(QLatin1String("Microsoft.Network"), Qt::CaseInsensitive) == 0)
        return v.network;
    if (a.providerNamespace.compare(QLatin1String("Microsoft.Compute"), Qt::CaseInsensitive) == 0)
        return v.compute;
    return m_backup->apiVersionFor(resourceId);
}

RestoreDesk::Job<RestoreSource> *RestoreService::source(const QString &pointId, QObject *owner,
                                                        Done<RestoreSource> done)
{
    return RestoreSourceJob::start(m_backup, pointId, owner, std::move(done));
}

RestoreDesk::Job<TargetLookup> *RestoreService::lookup(const QString &id, QObject *owner,
                                                       Done<TargetLookup> done)
{
    return ArmCallJob<TargetLookup>::start(
        m_backup->arm(), Arm::ArmRequest::get(id, apiVersionOf(id)), owner,
        [id](Result<Arm::ArmResponse> r) -> Result<TargetLookup> {
            TargetLookup t;
            t.id = id;
            if (!r) {
                if (r.error().httpStatus == 404) {
                    t.state = TargetLookup::State::Missing;
                    t.error = r.error();
                    return t;
                }
                if (r.error().httpStatus == 403) {
                    t.state = TargetLookup::State::Unknown;
                    t.error = r.error();
                    return t;
                }
                return r.error();
            }
            t.state = TargetLookup::State::Exists;
            t.id = r->body.value(QStringLiteral("id")).toString(id);
            t.location = r->body.value(QStringLiteral("location")).toString();
            for (const QJsonValue &s : r->body.value(QStringLiteral("properties"))
                                           .toObject()
                                           .value(QStringLiteral("subnets"))
                                           .toArray())
                t.children << s.toObject().value(QStringLiteral("name")).toString();
            return t;
        },
        std::move(done));
}

RestoreDesk::Job<QList<ArmError>> *RestoreService::validate(const RestoreRequest &request, QObject *owner,
                                                            Done<QList<ArmError>> done)
{
    Arm::ArmRequest r;
    r.method = "POST";
    r.pathOrUrl = ArmId::parse(request.itemId).vaultId() + QStringLiteral("/backupValidateOperation");
    r.apiVersion = m_backup->versions().backup;
    r.body = request.validationBody();
    r.sendBody = true;
    r.idempotent = true; // a check changes nothing
    if (r.body.isEmpty()) // nothing the API validates for this kind: no findings, without a call
        return ReadyJob<QList<ArmError>>::start(QList<ArmError> {}, owner, std::move(done));
    return ArmCallJob<QList<ArmError>>::start(
        m_backup->arm(), r, owner,
        [](Result<Arm::ArmResponse> resp) -> Result<QList<ArmError>> {
            if (!resp)
                return resp.error();
            QList<ArmError> out;
            const QJsonArray results = resp->body.value(QStringLiteral("validateOperationResponse"))
                                           .toObject()
                                           .value(QStringLiteral("validationResults"))
                                           .toArray();
            for (const QJsonValue &v : results) {
                auto e = ArmError::fromArm(v.toObject());
                if (e)
                    out << e.value();
            }
            return out;
        },
        std::move(done));
}

RestoreDesk::Job<RestoreAccepted> *RestoreService::submit(const PendingRestore &restore, QObject *owner,
                                                          Done<RestoreAccepted> done)
{
    Arm::ArmRequest r;
    r.method = "POST";
    r.pathOrUrl = restore.path;
    r.apiVersion = m_backup->versions().backup;
    r.body = restore.body;
    r.sendBody = true;
    // Not repeatable: ARM promises only that x-ms-client-request-id is echoed, not that a
    // repeat is recognised, so the transport resends it only where it certainly was not processed
    // (401 before renewal, 429 with Retry-After, connection refused). A lost answer is reconciled
    // against the vault's jobs (RestoreActions).
    r.idempotent = false;
    r.clientRequestId = restore.clientRequestId;
    r.correlationId = restore.correlationId;
    return ArmCallJob<RestoreAccepted>::start(
        m_backup->arm(), r, owner,
        [](Result<Arm::ArmResponse> resp) -> Result<RestoreAccepted> {
            if (!resp)
                return resp.error();
            RestoreAccepted a;
            a.operationUrl = header(resp.value(), "Azure-AsyncOperation");
            a.locationUrl = header(resp.value(), "Location");
            a.correlationId = resp->correlationId;
            a.requestId = resp->requestId;
            a.attempts = resp->attempts;
            // Azure-AsyncOperation is preferred; Location alone is followed (ARM allows either).
            if (a.operationUrl.isEmpty() && a.locationUrl.isEmpty())
                return Error::make(Error::Kind::Protocol, Codes::RestoreNoJob,
                                   QStringLiteral("HTTP %1 without Azure-AsyncOperation or Location")
                                       .arg(resp->status),
                                   { QString() })
                    .withHttp(resp->status, resp->correlationId);
            return a;
        },
        std::move(done));
}

RestoreTracking *RestoreService::track(const QString &operationUrl, const QString &jobId,
                                       const TrackingOptions &options, QObject *owner,
                                       RestoreTracking::Progress progress, Done<Backup::Job> done)
{
    return RestoreTracking::start(m_backup, operationUrl, jobId, options, owner, std::move(progress),
                                  std::move(done));
}

RestoreTracking *RestoreService::follow(const PendingRestore &record, const QStringList &excludedJobIds,
                                        const TrackingOptions &options, QObject *owner,
                                        RestoreTracking::Progress progress, Done<Backup::Job> done)
{
    const bool byLocation
        = record.jobId.isEmpty() && record.operationUrl.isEmpty() && !record.locationUrl.isEmpty();
    // Through the Location, the jobs list's last look names the restore jobs of the item that may
    // be it (they name no request) when none names it: restore_no_job carries them, as data.
    auto candidates = std::make_shared<QStringList>();
    Done<Backup::Job> reported = std::move(done);
    if (byLocation)
        reported = [candidates, inner = std::move(reported)](Result<Backup::Job> r) {
            if (!r && r.error().code == QString(Codes::RestoreNoJob) && !candidates->isEmpty()) {
                Error e = r.error();
                e.args = QStringList { e.args.value(0) } + *candidates;
                // For people only (the tail of the sentence); the ids travel as args.
                if (e.detail.isEmpty())
                    e.detail = QStringLiteral(
                                   "restore job(s) of the item that may be it (they name no request): %1")
                                   .arg(candidates->join(QStringLiteral(", ")));
                return inner(e);
            }
            inner(std::move(r));
        };
    RestoreTracking *t = RestoreTracking::start(m_backup, record.operationUrl, record.jobResourceId(),
                                                options, owner, std::move(progress), std::move(reported));
    if (byLocation) {
        QPointer<RestoreService> self(this);
        const int skew = options.clockSkewMs;
        t->followLocation(
            record.locationUrl,
            [self, record, excludedJobIds, skew,
             candidates](QObject *o, std::function<void(Result<QString>)> d) -> JobBase * {
                if (!self)
                    return ReadyJob<QString>::start(cancelledErrorOf(), o, std::move(d));
                return MappedJob<QString, QList<Backup::Job>>::start(
                    [self, record, skew](QObject *oo, std::function<void(Result<QList<Backup::Job>>)> dd) {
                        return self->restoreJobsSince(record, skew, oo, std::move(dd));
                    },
                    [excludedJobIds, record, candidates](Result<QList<Backup::Job>> jobs) -> Result<QString> {
                        if (!jobs)
                            return jobs.error();
                        QStringList mayBe;
                        for (const Backup::Job &j : jobs.value()) {
                            if (excludedJobIds.contains(j.id, Qt::CaseInsensitive))
                                continue;
                            if (namesRequest(j, record))
                                return j.id;
                            if (isJobId(j.id))
                                mayBe << j.id;
                        }
                        *candidates = mayBe;
                        return QString();
                    },
                    o, std::move(d));
            });
    }
    return t;
}

bool RestoreService::sameRequestId(const QString &activityId, const QString &requestId)
{
    // Whole ids only: a prefix would let a short or zero id name every job that starts with it (and
    // QUuid alone reads the first 36 characters of a longer text).
    auto whole = [](const QString &text) {
        const QString t = text.trimmed();
        const bool braced = t.startsWith(QLatin1Char('{')) && t.endsWith(QLatin1Char('}'));
        return (braced ? t.size() == 38 : t.size() == 36) ? QUuid::fromString(t) : QUuid();
    };
    // The service may echo the client request id as "id; id" (the same id twice): the first token
    // is the id (as Azure Backup's documented answers show it); it must still be whole.
    const QUuid a = whole(activityId.section(QLatin1Char(';'), 0, 0));
    return !a.isNull() && a == whole(requestId);
}

bool RestoreService::namesAny(const QString &activityId, const QStringList &requestIds)
{
    for (const QString &id : requestIds) {
        if (sameRequestId(activityId, id))
            return true;
    }
    return false;
}

bool RestoreService::namesRequest(const Backup::Job &job, const PendingRestore &record)
{
    return namesAny(job.activityId, { record.correlationId, record.clientRequestId });
}

QDateTime RestoreService::jobsSince(const PendingRestore &record, const ServerClock &server,
                                    const Clock &clock, int clockSkewMs)
{
    // From the restore's first attempt: a job of an earlier attempt (its resendOf chain) that the
    // service lists late is this restore's, whatever this attempt's own time.
    const QDateTime from = record.chainStart();
    if (!from.isValid())
        return server.toServer(clock()).addDays(-1);
    // The Date headers come from the front door and the job's start time from the vault's
    // backend, whose clocks need not agree within the measure's own error, and the local clock
    // may have stepped since the request: the measured offset moves the window onto the vault's
    // clock but never makes it narrower than `clockSkewMs`.
    return server.toServer(from).addMSecs(-std::max<qint64>(clockSkewMs, server.allowanceMs(clockSkewMs)));
}

RestoreDesk::Job<QList<Backup::Job>> *RestoreService::restoreJobsSince(const PendingRestore &record,
                                                                       int clockSkewMs, QObject *owner,
                                                                       Done<QList<Backup::Job>> done,
                                                                       const QStringList &otherRequests)
{
    JobFilter filter;
    const Arm::ArmClient *arm = m_backup->arm();
    const QDateTime since = jobsSince(record, arm->serverClock(), arm->clock(), clockSkewMs);
    // The filter's times have whole seconds: one second earlier loses nothing.
    filter.since = since.addSecs(-1);
    filter.operation = QStringLiteral("Restore");
    const QString vault = record.vaultId.isEmpty() ? ArmId::parse(record.itemId).vaultId() : record.vaultId;
    const QString item
        = record.itemName.isEmpty() ? ArmId::parse(record.itemId).itemFriendlyName() : record.itemName;
    // This request and its earlier attempts: a job naming any of them is this restore's, whatever
    // its start time.
    const QStringList ours = record.chainIds();
    QPointer<BackupService> backup = m_backup;
    return MappedJob<QList<Backup::Job>, QList<Backup::Job>>::start(
        [backup, vault, filter](QObject *o, std::function<void(Result<QList<Backup::Job>>)> d) {
            return backup->jobs(vault, filter, o, {}, std::move(d));
        },
        [item, since, ours, otherRequests](Result<QList<Backup::Job>> all) -> Result<QList<Backup::Job>> {
            if (!all)
                return all.error();
            // A job whose activity id is this request's client request id or correlation id (the
            // whole, non-zero id, any case) is this restore (the sandbox does so). That is NOT documented for
            // Azure: its REST specification describes the field only as "ActivityId of job", and its
            // examples zero it. So a job whose activity id is empty, zero or any other value may be
            // this restore too, and stays in the list; only one whose activity id names another
            // request this console knows (`otherRequests`) is provably not it.
            auto isOurs = [&ours](const QString &activity) { return namesAny(activity, ours); };
            QList<Backup::Job> out;
            for (const Backup::Job &j : all.value()) {
                if (j.operation.compare(QLatin1String("Restore"), Qt::CaseInsensitive) != 0
                    || j.entityFriendlyName.compare(item, Qt::CaseInsensitive) != 0
                    || (j.startTime.isValid() && j.startTime < since && !isOurs(j.activityId))
                    || (!isOurs(j.activityId) && namesAny(j.activityId, otherRequests)))
                    continue;
                out << j;
            }
            // Ours by activity id first, then the earliest.
            std::stable_sort(out.begin(), out.end(), [&isOurs](const Backup::Job &a, const Backup::Job &b) {
                const bool aOurs = isOurs(a.activityId);
                const bool bOurs = isOurs(b.activityId);
                if (aOurs != bOurs)
                    return aOurs;
                return a.startTime < b.startTime;
            });
            return out;
        },
        owner, std::move(done));
}

bool RestoreService::isJobId(const QString &id)
{
    const ArmId a = ArmId::parse(id);
    return a.kind == ArmId::Kind::Job && id.trimmed().startsWith(QLatin1Char('/')) && !a.vault.isEmpty()
        && !a.job.isEmpty();
}

QStringList RestoreService::candidateJobs(const Error &error)
{
    if (error.code != QString(Codes::RestoreOutcomeUnknown) && error.code != QString(Codes::RestoreNoJob))
        return {};
    QStringList out;
    for (qsizetype i = 1; i < error.args.size(); ++i) {
        if (isJobId(error.args.at(i)) && !out.contains(error.args.at(i), Qt::CaseInsensitive))
            out << error.args.at(i);
    }
    return out;
}

RestoreDesk::Job<CancelAccepted> *RestoreService::cancel(const QString &jobId, QObject *owner,
                                                         Done<CancelAccepted> done)
{
    return cancel(jobId, QString(), owner, std::move(done));
}

RestoreDesk::Job<CancelAccepted> *RestoreService::cancel(const QString &jobId, const QString &correlationId,
                                                         QObject *owner, Done<CancelAccepted> done)
{
    Arm::ArmRequest r;
    r.correlationId = correlationId; // empty: the transport makes one
    r.method = "POST";
    r.pathOrUrl = ArmId::parse(jobId).jobId() + QStringLiteral("/cancel");
    r.apiVersion = m_backup->versions().backup;
    r.idempotent = true; // cancelling twice is cancelling
    return ArmCallJob<CancelAccepted>::start(
        m_backup->arm(), r, owner,
        [](Result<Arm::ArmResponse> resp) -> Result<CancelAccepted> {
            if (!resp)
                return resp.error();
            return CancelAccepted { header(resp.value(), "Location"), resp->correlationId, resp->requestId };
        },
        std::move(done));
}

QString RestoreService::equivalentRequest(const QString &path, const QJsonObject &body) const
{
    const QUrl url = m_backup->urlFor(path, m_backup->versions().backup);
    return QStringLiteral("POST %1\nContent-Type: application/json\n\n%2")
        .arg(url.toString(QUrl::FullyEncoded),
             QString::fromUtf8(QJsonDocument(body).toJson(QJsonDocument::Indented)).trimmed());
}

} // namespace RestoreDesk::Backup
