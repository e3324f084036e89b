#pragma once

#include "audit/identity.h"
#include "backup/restoreservice.h"
#include "backup/restoretracker.h"
#include "core/clock.h"

#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>
#include <optional>

namespace RestoreDesk::Audit {
class AuditTrail;
}

namespace RestoreDesk::Backup {

// What an operator does to restores, each step in the audit log before and after (the GUI and
// the CLI both go through here, so both record the same way):
//
//   submit(request, reason)  refused before anything is sent when the request is not sendable,
//                            the reason is empty, or nothing can be recorded (fail closed); else
//                            the pending record is written, then "restore requested" (fsync'd),
//                            then the one POST (never repeated by the transport once it may have
//                            been processed). Accepted: "accepted" with the service's ids, and the
//                            tracker follows it. Refused (a 4xx): "refused" with the ARM code,
//                            message and correlation id, and the record is dropped. No answer:
//                            reconciliation (below); the record stays until it is settled.
//   reconcile(record)        looks in the vault's jobs for a Restore job of the record's item that
//                            started at or after its request (less the clock skew), for the grace
//                            period after its send (TrackingOptions). Found: adopted ("accepted",
//                            noted as found by reconciliation) and followed to its end. None: the
//                            record is marked so (RestoreNoJobFound); it may be sent again or
//                            dropped. The jobs cannot be read: RestoreOutcomeUnknown.
//   resend(record)           reconciles first; only when no job appears, sends the request again as
//                            a NEW request (new client request id), after writing its "requested"
//                            (a resend of the earlier record; fail closed) and noting on the earlier
//                            record that it was superseded. A record never sent (no "requested":
//                            auditSeq 0) is refused (RestoreNeverSent): drop it.
//   discard(record, reason)  drops a record still being submitted, noted in the log with the reason
//                            and who dropped it (discardedBy: the signed-in identity).
//   adopt(record, job)       the operator's word that a job that may be the restore IS it: checked,
//                            "accepted" (adopted) in the log, then followed to its end.
//   recordEnd(record, job)   "finished" (Completed, CompletedWithWarnings — with the warnings),
//                            "failed" or "cancelled" against the "requested" record; then the
//                            record is forgotten (kept when the log cannot be written, so the end
//                            is recorded at the next start).
//   recordOperationFailed(record, error)
//                            "failed" with the service's code and message, for a restore whose
//                            operation ended Failed or Canceled before any job existed (an end
//                            too: nothing was restored); then the record is forgotten.
//   cancel(jobId)            "job-cancel requested", the POST, then "accepted" or "refused".
//
// The submit, resend and reconcile jobs belong to this object, not to the caller: a closed window
// never cancels a restore being sent (`owner` only decides whether `done` is still called). Records
// found still submitting at the first start are reconciled on their own. A second submit of the
// same request while one is in flight is refused. Owns the tracker. GUI/CLI thread.
class RestoreActions : public QObject
{
    Q_OBJECT

public:
    using IdentitySource = std::function<Audit::Identity()>;

    explicit RestoreActions(PendingRestoreStore store = PendingRestoreStore(), QObject *parent = nullptr);
    ~RestoreActions() override;

    void setService(RestoreService *service);
    RestoreService *service() const { return m_service; }
    // Without a trail every action is refused (never act unaudited).
    void setAuditTrail(Audit::AuditTrail *trail) { m_trail = trail; }
    Audit::AuditTrail *auditTrail() const { return m_trail; }
    void setIdentity(IdentitySource identity) { m_identity = std::move(identity); }
    // The time requests are stamped with and reconciliation's grace period runs on (tests move it).
    void setClock(Clock clock) { m_clock = std::move(clock); }
    QDateTime now() const { return m_clock(); }
    RestoreTracker *tracker() const { return m_tracker; }
    // Whether records a run left still submitting are reconciled on their own once a service is
    // set (the console: yes, the default). A one-shot command turns it off: it settles only the
    // record it was asked about (restore resend reconciles before it sends), and leaves the rest
    // to `restore pending list` and the console rather than cutting their reconciliation short;
    // nor does it claim the kept records it did not start (the console may follow them meanwhile).
    // Set before setService().
    void setSettlesLeftOvers(bool on)
    {
        m_settlesLeftOvers = on;
        m_tracker->setResumesKept(on);
    }

    RestoreDesk::Job<PendingRestore> *submit(const RestoreRequest &request, const QString &reason,
                                             QObject *owner,
                                             std::function<void(Result<PendingRestore>)> done);
    RestoreDesk::Job<PendingRestore> *resend(const PendingRestore &record, QObject *owner,
                                             std::function<void(Result<PendingRestore>)> done);
    // What a resend did, besides its result: whether the request was sent again (no job of it was
    // found, so a new request went out) and the client request id the restore now stands under
    // (the new request's when sent again, else the record's).
    struct ResendOutcome
    {
        bool sentAgain = false;
        QString clientRequestId;
    };
    RestoreDesk::Job<PendingRestore> *resend(const PendingRestore &record, QObject *owner,
                                             std::function<void(Result<PendingRestore>, ResendOutcome)> done);
    RestoreDesk::Job<PendingRestore> *reconcile(const PendingRestore &record, QObject *owner,
                                                std::function<void(Result<PendingRestore>)> done);
    // Drops a record still being submitted (the operator decided not to resend it). The reason is
    // required (RestoreReasonRequired); the "noted" record names who discarded it (discardedBy, the
    // identity source's: refused with Audit's NoIdentity when nobody can be named for a sent one).
    Result<void> discard(const PendingRestore &record, const QString &reason);
    // The operator says job `jobId` (a full id, or the vault's job name) IS this kept restore (one
    // whose outcome is unknown, or one accepted whose operation ended naming no job, its candidates
    // kept: PendingRestore::isAdoptable()): the job, fetched fresh, must be a Restore job of the record's
    // item in its vault, one of the record's candidates when it names any, and not another request's.
    // "accepted" (adopted: the job id, the reason, who; "noted" for one accepted already) goes to the
    // audit log against the record's "requested"; then the record is a tracked restore of that job, followed
    // to its end. Refused (nothing adopted, the record kept) when the record changed meanwhile
    // (RestoreAdoptChanged), the job is not a candidate (RestoreAdoptNotCandidate) or the log cannot record
    // it (RestoreAdoptUnrecorded).
    RestoreDesk::Job<PendingRestore> *adopt(const PendingRestore &record, const QString &jobId,
                                            const QString &reason, QObject *owner,
                                            std::function<void(Result<PendingRestore>)> done);
    Result<void> recordEnd(const PendingRestore &record, const Backup::Job &job);
    Result<void> recordOperationFailed(const PendingRestore &record, const Error &error);
    // Whether the tracker's `stopped` error is the restore's end (its operation failed before a
    // job existed) rather than a pause that the next start picks up again.
    static bool endedWithoutJob(const Error &error);
    RestoreDesk::Job<CancelAccepted> *cancel(const QString &jobId, const QString &reason, QObject *owner,
                                             std::function<void(Result<CancelAccepted>)> done);

    // Until when a lost answer's restore is looked for in the vault's jobs before "not started" is
    // concluded: the service may take the request until its send plus the transport's timeout
    // (or `lostAt`, when the answer was found lost later than that), and list its job up to the
    // listing lag (TrackingOptions::reconcileGraceMs) after. A record sent long ago: already past
    // (one look).
    QDateTime reconcileUntil(const PendingRestore &record, const QDateTime &lostAt = {}) const;
    // The whole window in seconds (send to the end), as the "no job found" message quotes it.
    int reconcileWindowSeconds() const;

    // A submit, resend or reconciliation is running (a window may not close on it).
    bool isSubmitting() const { return !m_inFlight.isEmpty() || !m_busy.isEmpty(); }
    bool isBusy(const QString &clientRequestId) const { return m_busy.contains(clientRequestId); }
    // The audit outcome word for a job's end.
    static QString outcomeOf(const Backup::Job &job);

Q_SIGNALS:
    // An outcome was written after the action itself succeeded, but the log refused it.
    void auditFailed(const RestoreDesk::Error &error);
    // The service took a restore (answered, or found by reconciliation): the tracker follows it.
    void accepted(const RestoreDesk::Backup::PendingRestore &record);
    // A reconciliation of its own (at the first start) left a record unsettled: no job found
    // (RestoreNoJobFound) or the jobs could not be read. Also a submit, resend or reconciliation
    // whose owner went before it ended unsettled (its `done` is not called then).
    void stillUnanswered(const RestoreDesk::Backup::PendingRestore &record, const RestoreDesk::Error &error);
    // A lost answer's restore is being looked for in the vault's jobs (look number `look`); an
    // absent job is not taken for "not started" before `until` (this object's clock): meanwhile
    // nothing is sent again. The GUI and the CLI say so.
    void reconciling(const RestoreDesk::Backup::PendingRestore &record, const QDateTime &until, int look);

private:
    // Why no action can be taken now (not signed in, no audit log), or nothing.
    std::optional<Error> cannotAct() const;
    friend class RestoreSubmitJob;
    enum class How { Send, Reconcile, ReconcileThenResend };
    RestoreDesk::Job<PendingRestore> *run(PendingRestore record, How how, QObject *owner,
                                          std::function<void(Result<PendingRestore>, ResendOutcome)> done);
    Result<PendingRestore> answered(PendingRestore record, const Result<RestoreAccepted> &answer);
    Result<PendingRestore> adoptFound(PendingRestore record, const Backup::Job &job);
    Result<PendingRestore> adoptChosen(const PendingRestore &seen, const Backup::Job &job,
                                       const QString &reason);
    // stillUnanswered() for the first of `ids` kept as Submitting.
    void announceUnsettled(const QStringList &ids, const Error &why);
    Error noJobFound(PendingRestore &record);
    Result<PendingRestore> renew(const PendingRestore &earlier);
    // Keeps `p` (the record first), writes its "requested" with `params` (fsync'd), then keeps it
    // again with the audit ids: every step before anything is sent, undone on failure.
    Result<void> holdRequested(PendingRestore &p, const QJsonObject &params);
    QStringList jobsOfOthers(const QString &clientRequestId) const;
    // The client request and correlation ids of the other restore requests this console knows (the
    // other kept records, and the restores "requested" in the audit log): a job whose activity id
    // names one of them is not `record`'s. The earlier attempts of the same restore (its resendOf
    // chain) are `record`'s own, never another's. `requested` is readRequested()'s, read off the
    // GUI thread once per reconciliation (RestoreSubmitJob::reconcile), not at every look. A log
    // that could not be read leaves only the kept records' ids: fewer jobs are excluded, so the decision can
    // only lean to "may be this restore" (never sent again), not to "did not start".
    // The audit log's "requested" restores, by client request id (lower case; "#seq" without one).
    struct Requested
    {
        QString resendOf;
        QStringList ids;
        qint64 seq = 0;
        QDateTime time;
    };
    using RequestedRestores = QHash<QString, Requested>;
    // Reads them from the log at `path` (empty: none). The whole log, every rotated segment, and it
    // may wait on the log's lock: any thread but the GUI's (RestoreSubmitJob runs it on the pool).
    // Unreadable: logged, and empty.
    static RequestedRestores readRequested(const QString &path);
    QString auditPath() const;
    // `record` with the earlier attempts of its resendOf chain that the log names (ids, first time)
    // added to those it keeps.
    static PendingRestore withChain(PendingRestore record, const RequestedRestores &requested);
    QStringList requestsOfOthers(const PendingRestore &record, const RequestedRestores &requested) const;
    void reconcileLeftOver(const QList<PendingRestore> &records);
    void outcome(const PendingRestore &record, const QString &outcome, const QStringList &correlationIds,
                 const QJsonObject &params);
    Audit::Identity identity() const;

    RestoreTracker *m_tracker;
    QPointer<RestoreService> m_service;
    Audit::AuditTrail *m_trail = nullptr;
    IdentitySource m_identity;
    Clock m_clock = systemClock();
    QSet<QString> m_inFlight; // request fingerprints being sent
    QSet<QString> m_busy; // client request ids of records a job of this object works on
    bool m_settlesLeftOvers = true;
    bool m_started = false; // a service was set once (the tracker announced what it found)
    QList<QPointer<JobBase>> m_jobs; // submit, resend and reconcile jobs (children), ended first
};

} // namespace RestoreDesk::Backup
