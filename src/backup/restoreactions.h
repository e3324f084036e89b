#pragma once

#include "audit/identity.h"
#include "backup/restoreservice.h"
#include "backup/restoretracker.h"

#include <QObject>
#include <QPointer>
#include <QSet>

#include <functional>

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
//                            then the one POST. Accepted: "accepted" with the service's ids, and
//                            the tracker follows it. Refused (a 4xx): "refused" with the ARM code,
//                            message and correlation id, and the record is dropped. No answer: the
//                            record stays and the error says it is not known whether it started;
//                            resend() sends the very same request (the same restore, if it did).
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
// A second submit of the same request while one is in flight is refused (the GUI's button and the
// CLI's single run prevent it too). Owns the tracker. GUI/CLI thread.
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
    RestoreTracker *tracker() const { return m_tracker; }

    RestoreDesk::Job<PendingRestore> *submit(const RestoreRequest &request, const QString &reason,
                                             QObject *owner,
                                             std::function<void(Result<PendingRestore>)> done);
    RestoreDesk::Job<PendingRestore> *resend(const PendingRestore &record, QObject *owner,
                                             std::function<void(Result<PendingRestore>)> done);
    // Drops a record still being submitted (the operator decided not to resend it).
    Result<void> discard(const PendingRestore &record);
    Result<void> recordEnd(const PendingRestore &record, const Backup::Job &job);
    Result<void> recordOperationFailed(const PendingRestore &record, const Error &error);
    // Whether the tracker's `stopped` error is the restore's end (its operation failed before a
    // job existed) rather than a pause that the next start picks up again.
    static bool endedWithoutJob(const Error &error);
    RestoreDesk::Job<CancelAccepted> *cancel(const QString &jobId, const QString &reason, QObject *owner,
                                             std::function<void(Result<CancelAccepted>)> done);

    bool isSubmitting() const { return !m_inFlight.isEmpty(); }
    // The audit outcome word for a job's end.
    static QString outcomeOf(const Backup::Job &job);

Q_SIGNALS:
    // An outcome was written after the action itself succeeded, but the log refused it.
    void auditFailed(const RestoreDesk::Error &error);

private:
    RestoreDesk::Job<PendingRestore> *send(PendingRestore record, QObject *owner,
                                           std::function<void(Result<PendingRestore>)> done);
    Result<PendingRestore> answered(PendingRestore record, const Result<RestoreAccepted> &answer);
    void outcome(const PendingRestore &record, const QString &outcome, const QStringList &correlationIds,
                 const QJsonObject &params);
    Audit::Identity identity() const;

    RestoreTracker *m_tracker;
    QPointer<RestoreService> m_service;
    Audit::AuditTrail *m_trail = nullptr;
    IdentitySource m_identity;
    QSet<QString> m_inFlight; // request fingerprints being sent
};

} // namespace RestoreDesk::Backup
