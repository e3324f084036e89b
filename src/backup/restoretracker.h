#pragma once

#include "backup/pendingrestorestore.h"
#include "backup/restoretracking.h"

#include <QFileSystemWatcher>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <functional>
#include <memory>

namespace RestoreDesk::Backup {

class RestoreService;

// Every restore this user has started and not yet seen end, followed to the end across token
// renewals, throttling, network loss and restarts: the records live in a PendingRestoreStore
// (written before a request is sent, updated when it is accepted and when its job is known);
// given a service, the tracker follows each accepted record it can claim (a restore another live
// process follows is left to it), and picks them up again after a restart (resumed()). When a
// job ends, ended() carries the record and the job; the owner records the outcome (audit log)
// and then calls forget(), so a crash in between shows the end again at the next start instead of
// losing it. Records still being submitted are held (hold()) by the process sending them; those
// found at the first start (a run that ended before the answer came) are held and announced
// (unanswered()) for their owner to reconcile; never resent here. Owned by the GUI's restore controller or
// the CLI's restore verb; GUI/CLI thread.
class RestoreTracker : public QObject
{
    Q_OBJECT

public:
    explicit RestoreTracker(PendingRestoreStore store, QObject *parent = nullptr);
    ~RestoreTracker() override;

    void setOptions(const TrackingOptions &options) { m_options = options; }
    // Whether the first service claims and follows the records found on disk (the console; the
    // default), or only those this process hands it through hold() and follow() (a one-shot
    // command: the records it did not start stay free for the console). Set before setService().
    void setResumesKept(bool on) { m_resumesKept = on; }
    const TrackingOptions &options() const { return m_options; }
    const PendingRestoreStore &store() const { return m_store; }

    // The API this process talks to: the origin of the service's ARM base URL (set by setService();
    // setApi() for a process that calls no API, as `restore pending discard`) and the signed-in
    // profile's name. Records of another API are never claimed, followed or reconciled here; a
    // service of another API than the last lets go of the records of the last.
    void setApi(const QString &origin, const QString &profile);
    void setProfile(const QString &profile) { m_profile = profile; }
    QString apiOrigin() const { return m_origin; }
    QString profile() const { return m_profile; }
    // Whether `record` is this process's API's to act on: recorded against it (never one of no
    // known API). True for every record while no API is known (nothing to tell them apart).
    bool isOfThisApi(const PendingRestore &record) const;
    // Why `record` is not this process's API's to act on (pending_other_api, pending_unknown_api).
    std::optional<Error> otherApi(const PendingRestore &record) const { return otherApi(record, m_origin); }
    // The same against `origin` (none when it is empty).
    static std::optional<Error> otherApi(const PendingRestore &record, const QString &origin);

    // The signed-in session's service; nullptr pauses everything (signed out). The first service
    // resumes the accepted records found on disk; a later one restarts what had stopped.
    void setService(RestoreService *service);

    // Whether the owner works on a record now (a submit, reconciliation or resend of it runs): its
    // claim is kept then whatever else happens (RestoreActions says so).
    void setInUse(std::function<bool(const QString &)> inUse) { m_inUse = std::move(inUse); }
    // Lets go of the record's claim once this process does nothing with it: no tracking of it
    // runs, the owner works on it no more (setInUse), and no end of it waits to be recorded. So
    // another process (`restoredesk-cli restore … --wait`, `restore pending adopt`) may take it
    // meanwhile; this one claims it again when it acts on it (hold(), follow()). A claim lasts only
    // while the record is polled or worked on: a tracking that stopped, a reconciliation that
    // left it unsettled, a sign-out each let it go.
    void release(const QString &clientRequestId);

    // Claims a record being submitted for this process (saved first), so no other process
    // reconciles or sends it meanwhile.
    Result<void> hold(const PendingRestore &record);
    // Follows a record whose restore the service accepted (saved first).
    Result<void> follow(const PendingRestore &record);
    // Removes a record once its outcome is recorded; stops following it.
    Result<void> forget(const QString &clientRequestId);
    // Saves a record's new state (what the owner learnt), keeping what the tracker knows.
    Result<void> update(const PendingRestore &record);

    // Every record on disk (accepted or still submitting), oldest first.
    QList<PendingRestore> records() const;
    bool isFollowing(const QString &clientRequestId) const;
    // Whether this process holds the record (claimed it: its end is this tracker's to see), as
    // opposed to one another process follows.
    bool holds(const QString &clientRequestId) const { return m_entries.contains(clientRequestId); }
    std::optional<RestoreProgress> progressOf(const QString &clientRequestId) const;

Q_SIGNALS:
    // Accepted records found at the first start and followed again.
    void resumed(const QList<RestoreDesk::Backup::PendingRestore> &records);
    // Records found at the first start still being submitted (sent without a known answer, or
    // never sent: auditSeq 0), now held by this process.
    void unanswered(const QList<RestoreDesk::Backup::PendingRestore> &records);
    void progressed(const RestoreDesk::Backup::PendingRestore &record,
                    const RestoreDesk::Backup::RestoreProgress &progress);
    void ended(const RestoreDesk::Backup::PendingRestore &record, const RestoreDesk::Backup::Job &job);
    // Following stopped on an error looking again cannot fix (access refused, the session gone,
    // the operation failed). The record stays; the next service follows it again.
    void stopped(const RestoreDesk::Backup::PendingRestore &record, const RestoreDesk::Error &error);
    // A record could not be written (the store's folder): progress may be lost on a restart.
    void storeFailed(const RestoreDesk::Error &error);
    // Accepted records another process left in the folder while this one runs (a
    // `restoredesk-cli restore` without --wait, another console closed), now followed here.
    // Records of theirs still being submitted are left to them.
    void pickedUp(const QList<RestoreDesk::Backup::PendingRestore> &records);

private:
    struct Entry
    {
        PendingRestore record;
        std::unique_ptr<QLockFile> claim;
        QPointer<RestoreTracking> tracking;
        std::optional<RestoreProgress> progress;
        bool ended = false;
    };
    void start(Entry &entry);
    // Claims the records in the folder that no process holds; sorts them into accepted and
    // still-being-submitted (without `submitting`, only accepted ones are taken).
    void takeUnheld(QList<PendingRestore> *accepted, QList<PendingRestore> *submitting);
    // While a service is set: the folder is watched (and read again now and then, for file
    // systems that do not tell), so records another process leaves are followed here too.
    void watchFolder();
    void rescan();
    void onProgress(const QString &id, const RestoreProgress &progress);
    void onDone(const QString &id, const Result<Backup::Job> &result);

    PendingRestoreStore m_store;
    QPointer<RestoreService> m_service;
    QString m_origin;
    QString m_profile;
    TrackingOptions m_options;
    // This process's entry for the record, claiming it first when it has none; the claim's error
    // when another process holds it.
    Result<std::shared_ptr<Entry>> claimed(const QString &clientRequestId);
    QHash<QString, std::shared_ptr<Entry>> m_entries;
    bool m_resumed = false;
    bool m_resumesKept = true;
    QFileSystemWatcher *m_watcher = nullptr;
    QTimer m_rescanSoon; // a burst of changes in the folder is read once
    QTimer m_rescanEvery; // the fallback
    QSet<QString> m_unreadableSaid; // unreadable records already reported
    std::function<bool(const QString &)> m_inUse;
    // Accepted records let go when their following stopped or the session ended: followed again
    // by the next service (as before), not taken up by every read of the folder meanwhile —
    // unless the record changed since (another process adopted a job for it): id -> the job it
    // named when let go.
    QHash<QString, QString> m_letGo;
};

} // namespace RestoreDesk::Backup
