#pragma once

#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>
#include <QUrl>

namespace RestoreDesk::Backup {

// A restore the console has asked for and not yet seen end, as persisted between runs: the request
// exactly as sent (so a lost answer can be reconciled against the vault's jobs, and sent again as
// a new request only when no job of it appears), the ids that tie it to the service (client request id,
// correlation id, operation URL, job id) and to the audit log (the "requested" record), and the operator's
// reason. Never a token. Value type, any thread.
struct PendingRestore
{
    enum class State {
        Submitting, // recorded and being sent, or sent without a known answer
        Accepted, // the service took it (202): follow the operation, then the job
    };

    QString clientRequestId; // x-ms-client-request-id: the key; a resend is a new record and id
    QString correlationId; // x-ms-correlation-request-id sent with it
    State state = State::Submitting;
    QString itemId;
    QString itemName;
    QString vaultId;
    QString pointId;
    QString mode; // RestoreRequest::modeKey
    QString kind; // RestoreRequest::kindKey
    QString path; // POST target ({pointId}/restore)
    QJsonObject body; // the request body as sent
    QString operationUrl; // Azure-AsyncOperation of the 202
    QString locationUrl; // Location of the 202 (followed when it names no Azure-AsyncOperation)
    QString jobId; // the job's id once the operation names it
    QDateTime requestedAt;
    QDateTime acceptedAt;
    QString reason;
    // The audit log's "requested" record, so whoever sees the end records the outcome against it.
    // 0 until "requested" is written: such a record was never sent.
    qint64 auditSeq = 0;
    QJsonObject auditIdentity;
    QStringList auditCorrelationIds;
    QString lastStatus; // the job status last seen (shown at start, before the first poll)
    // Submitting records whose answer was lost: the vault's jobs were looked through after the
    // grace period and no restore of this item had started since the request (reconciliation).
    bool noJobFound = false;
    QString resendOf; // the client request id of the earlier record this one sends again
    // The earlier attempts of this restore (its resendOf chain): their client request and
    // correlation ids, and when the first was requested. A job naming one of them is this
    // restore's own, and the vault's jobs are looked through from the first attempt on.
    QStringList earlierIds;
    QDateTime firstRequestedAt;
    // Restore jobs of the item (full ids) that reconciliation found and that may be this restore
    // (they name no request): the operator adopts one of them or discards the record.
    QStringList candidateJobs;
    // The end of the latest window a look through the vault's jobs used (the request's timeout
    // plus the listing lag given then): a later look (a resend with a shorter grace) never ends
    // before it, so a job the service lists late is not taken for none and the restore sent twice.
    QDateTime reconcileUntil;
    // Where it was recorded: the origin (scheme://host:port) of the backup API it was sent to, and
    // the profile signed in then (for people; the origin is what decides). A process follows,
    // reconciles, adopts, resends or discards only records of the API it talks to.
    QString apiOrigin;
    QString profile;

    bool isValid() const { return isValidId(clientRequestId); }
    // Whether the operator may adopt a job as this restore: its outcome is unknown (Submitting), or
    // the service accepted it and its operation ended naming no job (Location only), with jobs that
    // may be it kept (candidateJobs).
    bool isAdoptable() const
    {
        return state == State::Submitting
            || (state == State::Accepted && jobId.isEmpty() && !candidateJobs.isEmpty());
    }
    // When the restore was first asked for: the first attempt of its resendOf chain.
    QDateTime chainStart() const;
    // This request's ids and those of its earlier attempts.
    QStringList chainIds() const;
    // Whether sending the body (again) overwrites what exists, as RestoreRequest::overwrites()
    // said when it was made: a VM's original location, a file share's or a database's restore with
    // Overwrite. Read from the body as sent, so a resend asks for the same confirmation.
    bool overwrites() const;
    // The job's full id (the vault's backupJobs/{jobId}), or empty while unknown.
    QString jobResourceId() const;
    // The API origin the record was recorded against: its own, or for a record kept before origins
    // were (no apiOrigin), the origin of the absolute operation or Location URL the service gave it;
    // empty when neither tells (an older record whose answer was lost): such a record is of no
    // known API, so it is never sent, reconciled, adopted or followed anywhere, only shown and
    // dropped (discard: nothing reaches any API).
    QString recordedOrigin() const;
    // Whether it was recorded against `origin` (an originOf() value): false for an empty origin
    // on either side.
    bool isOfApi(const QString &origin) const;
    // scheme://host:port of an absolute http(s) URL, lower case, the port always written (443,
    // 80 by default); empty for anything else.
    static QString originOf(const QUrl &url);
    QJsonObject toJson() const;
    static Result<PendingRestore> fromJson(const QJsonObject &o);
    // A client request id usable as a file name: a GUID's characters only.
    static bool isValidId(const QString &id);
    static QString stateName(State s);
};

} // namespace RestoreDesk::Backup
