#pragma once

#include "backup/armerror.h"
#include "backup/backupservice.h"
#include "backup/pendingrestore.h"
#include "backup/restorerequest.h"
#include "backup/restoretracking.h"
#include "core/clock.h"
#include "core/serverclock.h"

#include <QObject>
#include <QPointer>

namespace RestoreDesk::Backup {

// The service's 202 to a restore: where to follow it, and the ids to quote.
struct RestoreAccepted
{
    QString operationUrl; // Azure-AsyncOperation; may be empty when Location is given
    QString locationUrl;
    QString correlationId;
    QString requestId;
    int attempts = 1;
};

// What the service said to a cancel (202): the ids to quote.
struct CancelAccepted
{
    QString locationUrl;
    QString correlationId;
    QString requestId;
};

// Whether a restore target exists, as far as the API lets this identity tell.
struct TargetLookup
{
    enum class State {
        Exists,
        Missing, // 404
        Unknown, // 403: the identity may not read it; the service will decide
    };
    State state = State::Unknown;
    QString id; // as the API spells it when it exists
    QString location;
    QStringList children; // a network's subnets
    Error error; // why Missing or Unknown
};

// On-demand restores through the Azure Backup (Recovery Services) API: the source of a
// recovery point (item, point, vault region), target lookups for live validation, the API's own
// validation, the one POST that starts a restore (never repeated by the transport after a lost
// answer: nothing promises that the service recognises a repeated client request id), the
// restore jobs of an item since a request (to reconcile a lost answer), following a restore to
// its job's end (status monitor, or Location then the jobs list), and cancelling a job. No state of its own
// beyond its backup service; each call a job that reports once. GUI/CLI thread.
class RestoreService : public QObject
{
    Q_OBJECT

public:
    template<typename T>
    using Done = std::function<void(Result<T>)>;

    explicit RestoreService(BackupService *backup, QObject *parent = nullptr);
    BackupService *backup() const { return m_backup; }

    // The point, its item and the vault (its region) at once.
    RestoreDesk::Job<RestoreSource> *source(const QString &pointId, QObject *owner, Done<RestoreSource> done);
    // GET of a resource group, storage account, share, network or VM.
    RestoreDesk::Job<TargetLookup> *lookup(const QString &id, QObject *owner, Done<TargetLookup> done);
    // The service's own check of a VM restore (backupValidateOperation): its findings, empty when
    // none. Other kinds answer an empty list without a call (the API validates only VM restores).
    RestoreDesk::Job<QList<ArmError>> *validate(const RestoreRequest &request, QObject *owner,
                                                Done<QList<ArmError>> done);
    // The POST that starts the restore, as the pending record holds it.
    RestoreDesk::Job<RestoreAccepted> *submit(const PendingRestore &restore, QObject *owner,
                                              Done<RestoreAccepted> done);
    RestoreTracking *track(const QString &operationUrl, const QString &jobId, const TrackingOptions &options,
                           QObject *owner, RestoreTracking::Progress progress, Done<Backup::Job> done);
    // Follows an accepted record: its job when known, else its status monitor, else its Location
    // (the job then found in the jobs list, never one of `excludedJobIds`).
    RestoreTracking *follow(const PendingRestore &record, const QStringList &excludedJobIds,
                            const TrackingOptions &options, QObject *owner,
                            RestoreTracking::Progress progress, Done<Backup::Job> done);
    // The Restore jobs of the record's item that started at or after its request (the first attempt
    // of its resendOf chain: PendingRestore::chainStart()), but for those
    // whose activity id names one of `otherRequests` (client request or correlation ids of other
    // requests this console knows); ours by activity id first, then the earliest. A job whose
    // activity id is empty, zero or names no known request stays: Azure does not document that a
    // job's activity id carries the request's id, so such a job may be this restore.
    // The request's time is put on the vault's clock by the offset its answers' Date headers show
    // (ServerClock), less `clockSkewMs` or what that measure may miss, whichever is more; a job
    // whose activity id names the request or an earlier attempt of it is never left out for its time. A
    // record with no time looks back a day (on the transport's clock).
    static QDateTime jobsSince(const PendingRestore &record, const ServerClock &server, const Clock &clock,
                               int clockSkewMs);
    RestoreDesk::Job<QList<Backup::Job>> *restoreJobsSince(const PendingRestore &record, int clockSkewMs,
                                                           QObject *owner, Done<QList<Backup::Job>> done,
                                                           const QStringList &otherRequests = {});
    // Whether the job's activity id names this record's request (its client request or correlation
    // id): only such a job is taken for the record. Any other job of the item in the window (no,
    // zero or an unknown activity id; one started in the portal, say) is never taken for it, but
    // it may be it: the service does not say which request started a job.
    static bool namesRequest(const Backup::Job &job, const PendingRestore &record);
    // Whether a job's activity id is `requestId`: both whole, equal, non-zero UUIDs (any case, braces
    // or none). Never a prefix: an empty, zero or truncated id names no request.
    static bool sameRequestId(const QString &activityId, const QString &requestId);
    static bool namesAny(const QString &activityId, const QStringList &requestIds);
    RestoreDesk::Job<CancelAccepted> *cancel(const QString &jobId, QObject *owner, Done<CancelAccepted> done);
    // Whether `id` is a well-formed full job id (a vault's backupJobs/{id}).
    static bool isJobId(const QString &id);
    // The jobs an unsettled restore's error names as possibly it (restore_outcome_unknown,
    // restore_no_job: its args after the first), each a well-formed job id; none for other errors.
    static QStringList candidateJobs(const Error &error);
    // The same, sent with `correlationId` (x-ms-correlation-request-id): the id the audit log's
    // "requested" record names.
    RestoreDesk::Job<CancelAccepted> *cancel(const QString &jobId, const QString &correlationId,
                                             QObject *owner, Done<CancelAccepted> done);

    // The request as REST, for the operator to copy (method, URL, headers that matter, body; never
    // a token).
    QString equivalentRequest(const QString &path, const QJsonObject &body) const;
    QString apiVersionOf(const QString &resourceId) const;

    // A refusal that is final: the request reached the service and it said no (4xx but a timeout
    // or throttling). Anything else leaves it unknown whether the restore started.
    static bool isRefusal(const Error &error);

private:
    QPointer<BackupService> m_backup;
};

} // namespace RestoreDesk::Backup
