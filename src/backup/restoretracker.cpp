#include "backup/restoretracker.h"

#include "arm/armclient.h"
#include "backup/restoreerrors.h"
#include "backup/restoreservice.h"

#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcTracker, "restoredesk.restore.tracker", QtInfoMsg)

namespace RestoreDesk::Backup {

RestoreTracker::RestoreTracker(PendingRestoreStore store, QObject *parent)
    : QObject(parent)
    , m_store(std::move(store))
{
    m_rescanSoon.setSingleShot(true);
    m_rescanSoon.setInterval(250);
    connect(&m_rescanSoon, &QTimer::timeout, this, &RestoreTracker::rescan);
    m_rescanEvery.setInterval(60 * 1000);
    connect(&m_rescanEvery, &QTimer::timeout, this, &RestoreTracker::rescan);
}

RestoreTracker::~RestoreTracker()
{
    // The trackings report to this object: end them while it is whole.
    for (const auto &e : std::as_const(m_entries)) {
        if (e->tracking)
            delete e->tracking.data();
    }
}

void RestoreTracker::setApi(const QString &origin, const QString &profile)
{
    m_origin = origin;
    m_profile = profile;
}

bool RestoreTracker::isOfThisApi(const PendingRestore &record) const
{
    return m_origin.isEmpty() || record.isOfApi(m_origin);
}

std::optional<Error> RestoreTracker::otherApi(const PendingRestore &record, const QString &origin)
{
    if (origin.isEmpty() || record.isOfApi(origin))
        return std::nullopt;
    const QString theirs = record.recordedOrigin();
    if (theirs.isEmpty())
        return Error::make(Error::Kind::Invalid, Codes::PendingUnknownApi, {},
                           { record.clientRequestId, origin });
    return Error::make(Error::Kind::Invalid, Codes::PendingOtherApi, {},
                       { record.clientRequestId, theirs, record.profile, origin });
}

void RestoreTracker::release(const QString &clientRequestId)
{
    const auto e = m_entries.value(clientRequestId);
    if (!e || e->ended || (e->tracking && !e->tracking->isFinished())
        || (m_inUse && m_inUse(clientRequestId)))
        return;
    if (e->tracking)
        e->tracking->deleteLater(); // finished, and maybe still inside its report
    m_entries.remove(clientRequestId); // and its claim with it
    qCDebug(lcTracker) << "let go of" << clientRequestId;
}

void RestoreTracker::setService(RestoreService *service)
{
    m_service = service;
    if (service && service->backup() && service->backup()->arm()) {
        const QString origin = PendingRestore::originOf(service->backup()->arm()->baseUrl());
        if (!origin.isEmpty())
            m_origin = origin;
    }
    // Signed in to another API: the records of the last are let go (their claims too), so a
    // session of that API follows them; none of them is polled against this one.
    // (Not one the owner still works on, or whose end waits to be recorded: it goes when that ends.)
    for (auto it = m_entries.begin(); it != m_entries.end();) {
        if (isOfThisApi(it.value()->record) || it.value()->ended || (m_inUse && m_inUse(it.key()))) {
            ++it;
            continue;
        }
        if (it.value()->record.state == PendingRestore::State::Accepted)
            m_letGo.insert(it.key(),
                           it.value()->record.jobId); // followed again when signed in to its API again
        if (it.value()->tracking)
            delete it.value()->tracking.data();
        it = m_entries.erase(it);
    }
    for (const auto &e : std::as_const(m_entries)) {
        if (e->tracking)
            delete e->tracking.data();
    }
    m_rescanSoon.stop();
    m_rescanEvery.stop();
    if (!service) {
        // Signed out: nothing is polled, so nothing stays claimed but what the owner still works
        // on and the ends still to be recorded. The next service follows the accepted ones again.
        const QStringList ids = m_entries.keys();
        for (const QString &id : ids) {
            const auto e = m_entries.value(id);
            if (e->record.state == PendingRestore::State::Accepted && !e->ended)
                m_letGo.insert(id, e->record.jobId);
            release(id);
        }
        return;
    }
    QList<PendingRestore> picked;
    QList<PendingRestore> unanswered;
    const bool first = !m_resumed && m_resumesKept;
    if (first) {
        m_resumed = true;
        takeUnheld(&picked, &unanswered);
    }
    // Those let go at the sign-out, or when their following stopped: followed again, as the
    // next service follows every stopped one.
    const QHash<QString, QString> letGo = std::exchange(m_letGo, {});
    for (auto it = letGo.cbegin(); it != letGo.cend(); ++it) {
        const QString &id = it.key();
        if (m_entries.contains(id))
            continue;
        const std::optional<PendingRestore> listed = m_store.find(id);
        if (!listed || listed->state != PendingRestore::State::Accepted)
            continue;
        if (!isOfThisApi(*listed)) {
            m_letGo.insert(id, it.value()); // another API's: for a later session of that API
            continue;
        }
        const auto entry = claimed(id);
        if (!entry)
            continue;
        // Read again now that it is held (as takeUnheld does): another process may have recorded
        // its end (removed it) or changed it between the read above and the claim.
        const std::optional<PendingRestore> r = m_store.find(id);
        if (!r || r->state != PendingRestore::State::Accepted || !isOfThisApi(*r)) {
            m_entries.remove(id); // and its claim with it
            continue;
        }
        entry.value()->record = *r;
    }
    for (const auto &e : std::as_const(m_entries)) {
        if (!e->ended)
            start(*e);
    }
    if (m_resumesKept) {
        watchFolder();
        if (!first) // signed in again: what was left meanwhile
            m_rescanSoon.start();
    }
    if (!picked.isEmpty()) {
        // Said on the log too (the console's banner says it on screen): what a restarted process
        // picked up, by the ids the audit log and the pending folder use.
        QStringList ids;
        for (const PendingRestore &r : std::as_const(picked))
            ids << r.clientRequestId + QStringLiteral(" (") + r.itemName + QLatin1Char(')');
        qCInfo(lcTracker).noquote() << "following again" << picked.size()
                                    << "restore(s) started before this run:"
                                    << ids.join(QStringLiteral(", "));
        Q_EMIT resumed(picked);
    }
    if (!unanswered.isEmpty())
        Q_EMIT this->unanswered(unanswered);
}

void RestoreTracker::takeUnheld(QList<PendingRestore> *accepted, QList<PendingRestore> *submitting)
{
    QList<Error> unreadable;
    const auto records = m_store.load(&unreadable);
    for (const Error &e : unreadable) {
        // Said once per file: the folder is read again whenever it changes.
        if (!m_unreadableSaid.contains(e.toString())) {
            m_unreadableSaid.insert(e.toString());
            Q_EMIT storeFailed(e);
        }
    }
    if (!records)
        return;
    for (const PendingRestore &listed : records.value()) {
        if (m_entries.contains(listed.clientRequestId)
            || (!submitting && listed.state != PendingRestore::State::Accepted))
            continue;
        // Let go here, unchanged since: left for the next service. Changed (another process
        // adopted a job for it): taken up now, as any record nobody holds.
        if (const auto letGo = m_letGo.constFind(listed.clientRequestId); letGo != m_letGo.cend()) {
            if (letGo.value() == listed.jobId)
                continue;
            m_letGo.erase(letGo);
        }
        // Another API's (or of none known): left to a session of that API, not even claimed.
        if (!isOfThisApi(listed)) {
            qCDebug(lcTracker) << "recorded against another API:" << listed.clientRequestId
                               << listed.recordedOrigin();
            continue;
        }
        const auto entry = claimed(listed.clientRequestId);
        if (!entry) {
            qCDebug(lcTracker) << "another process follows" << listed.clientRequestId;
            continue;
        }
        // Read again now that it is held: the process that let it go may have changed it (adopted
        // it) or removed it (recorded its end) between the listing and the claim.
        const std::optional<PendingRestore> r = m_store.find(listed.clientRequestId);
        if (!r || (!submitting && r->state != PendingRestore::State::Accepted) || !isOfThisApi(*r)) {
            m_entries.remove(listed.clientRequestId); // and its claim with it
            continue;
        }
        entry.value()->record = *r;
        (r->state == PendingRestore::State::Accepted ? *accepted : *submitting) << *r;
    }
}

void RestoreTracker::watchFolder()
{
    if (!m_watcher) {
        m_watcher = new QFileSystemWatcher(this);
        // A record written, or a lock let go (another process ended): read the folder again.
        connect(m_watcher, &QFileSystemWatcher::directoryChanged, this, [this] { m_rescanSoon.start(); });
    }
    // The folder is made when missing (nothing was ever kept), so that it can be watched; when
    // it cannot be, the fallback reads it now and then.
    if (m_watcher->directories().isEmpty() && m_store.makeFolder())
        m_watcher->addPath(m_store.directory());
    m_rescanEvery.start();
}

void RestoreTracker::rescan()
{
    if (!m_service || !m_resumesKept)
        return;
    watchFolder();
    // Only restores the service accepted: one still being submitted is its process's to settle (a
    // `restore pending adopt|discard|resend` the operator was told to run would find it held here).
    QList<PendingRestore> picked;
    takeUnheld(&picked, nullptr);
    for (const PendingRestore &r : std::as_const(picked)) {
        if (auto e = m_entries.value(r.clientRequestId))
            start(*e);
    }
    if (!picked.isEmpty()) {
        QStringList ids;
        for (const PendingRestore &r : std::as_const(picked))
            ids << r.clientRequestId + QStringLiteral(" (") + r.itemName + QLatin1Char(')');
        qCInfo(lcTracker).noquote() << "following" << picked.size()
                                    << "restore(s) another process left:" << ids.join(QStringLiteral(", "));
        Q_EMIT pickedUp(picked);
    }
}

Result<void> RestoreTracker::hold(const PendingRestore &record)
{
    // Claimed before anything is written: a record another process holds is never overwritten.
    const auto entry = claimed(record.clientRequestId);
    if (!entry)
        return entry.error();
    if (auto saved = m_store.save(record); !saved)
        return saved;
    entry.value()->record = record;
    return {};
}

Result<std::shared_ptr<RestoreTracker::Entry>> RestoreTracker::claimed(const QString &clientRequestId)
{
    if (auto entry = m_entries.value(clientRequestId))
        return entry;
    auto entry = std::make_shared<Entry>();
    Error why;
    entry->claim = m_store.claim(clientRequestId, &why);
    if (!entry->claim)
        return why;
    m_entries.insert(clientRequestId, entry);
    m_letGo.remove(clientRequestId); // claimed again: acted on here
    return entry;
}

Result<void> RestoreTracker::follow(const PendingRestore &record)
{
    if (const std::optional<Error> other = otherApi(record))
        return *other;
    const auto claim = claimed(record.clientRequestId);
    if (!claim)
        return claim.error();
    const std::shared_ptr<Entry> entry = claim.value();
    entry->record = record;
    entry->ended = false;
    if (auto saved = m_store.save(record); !saved)
        Q_EMIT storeFailed(saved.error());
    if (m_service)
        start(*entry);
    return {};
}

Result<void> RestoreTracker::forget(const QString &clientRequestId)
{
    // The record goes before its claim: another process that takes the claim then finds no record
    // (not one whose end was recorded here already).
    const std::shared_ptr<Entry> e = m_entries.take(clientRequestId);
    if (e && e->tracking) {
        // An ended tracking may still be inside its report (forget() called from an `ended`
        // handler): it goes at the next turn of the event loop. A running one is cancelled now.
        if (e->ended)
            e->tracking->deleteLater();
        else
            delete e->tracking.data();
    }
    return m_store.remove(clientRequestId);
}

Result<void> RestoreTracker::update(const PendingRestore &record)
{
    if (auto e = m_entries.value(record.clientRequestId)) {
        PendingRestore merged = record;
        if (merged.jobId.isEmpty())
            merged.jobId = e->record.jobId;
        e->record = merged;
        return m_store.save(merged);
    }
    return m_store.save(record);
}

QList<PendingRestore> RestoreTracker::records() const
{
    const auto all = m_store.load();
    if (!all)
        return {};
    QList<PendingRestore> out = all.value();
    for (PendingRestore &r : out) {
        if (auto e = m_entries.value(r.clientRequestId))
            r = e->record; // what this process knows is newer
    }
    return out;
}

bool RestoreTracker::isFollowing(const QString &clientRequestId) const
{
    const auto e = m_entries.value(clientRequestId);
    return e && e->tracking && !e->tracking->isFinished();
}

std::optional<RestoreProgress> RestoreTracker::progressOf(const QString &clientRequestId) const
{
    const auto e = m_entries.value(clientRequestId);
    return e ? e->progress : std::nullopt;
}

void RestoreTracker::start(Entry &entry)
{
    if (!m_service || entry.record.state != PendingRestore::State::Accepted || !isOfThisApi(entry.record)
        || (entry.tracking && !entry.tracking->isFinished()))
        return;
    const QString id = entry.record.clientRequestId;
    QStringList others; // jobs other records follow: never this one's
    for (const auto &e : std::as_const(m_entries)) {
        if (e->record.clientRequestId != id && !e->record.jobId.isEmpty())
            others << e->record.jobResourceId();
    }
    QPointer<RestoreTracker> self(this);
    entry.tracking = m_service->follow(
        entry.record, others, m_options, this,
        [self, id](const RestoreProgress &p) {
            if (self)
                self->onProgress(id, p);
        },
        [self, id](Result<Backup::Job> r) {
            if (self)
                self->onDone(id, r);
        });
}

void RestoreTracker::onProgress(const QString &id, const RestoreProgress &progress)
{
    const auto e = m_entries.value(id);
    if (!e)
        return;
    e->progress = progress;
    bool changed = false;
    if (!progress.jobId.isEmpty() && e->record.jobId != progress.jobId) {
        e->record.jobId = progress.jobId; // from now on a restart follows the job directly
        changed = true;
    }
    if (progress.job && progress.job->statusText != e->record.lastStatus) {
        e->record.lastStatus = progress.job->statusText;
        changed = true;
    }
    if (changed) {
        if (auto saved = m_store.save(e->record); !saved)
            Q_EMIT storeFailed(saved.error());
    }
    Q_EMIT progressed(e->record, progress);
}

void RestoreTracker::onDone(const QString &id, const Result<Backup::Job> &result)
{
    const auto e = m_entries.value(id);
    if (!e)
        return;
    if (!result) {
        if (result.error().kind == Error::Kind::Cancelled)
            return; // paused (signed out, service replaced) or forgotten
        qCInfo(lcTracker).noquote() << "stopped following" << id << "for now:" << result.error().toString();
        // The operation ended naming no job (Location only): the jobs that may be it are kept with
        // the record, as reconciliation keeps them, for the operator to adopt one.
        if (result.error().code == QString(Codes::RestoreNoJob)) {
            const QStringList candidates = RestoreService::candidateJobs(result.error());
            if (candidates != e->record.candidateJobs) {
                e->record.candidateJobs = candidates;
                if (auto saved = m_store.save(e->record); !saved)
                    Q_EMIT storeFailed(saved.error());
            }
        }
        Q_EMIT stopped(e->record, result.error());
        // Not polled any more: another process may follow or adopt it meanwhile; the next service
        // follows it again here (unless the owner settles it first: its end recorded, adopted).
        // (An operation that failed before any job is the restore's end, which the owner records:
        // kept, so no other process records it too.)
        if (m_entries.value(id) == e && e->record.state == PendingRestore::State::Accepted
            && result.error().code != QString(Codes::RestoreOperationFailed)) {
            m_letGo.insert(id, e->record.jobId);
            release(id);
        }
        return;
    }
    e->ended = true;
    e->record.lastStatus = result->statusText;
    qCInfo(lcTracker).noquote() << "restore" << id << "ended: job" << e->record.jobId << result->statusText;
    Q_EMIT ended(e->record, result.value());
}

} // namespace RestoreDesk::Backup
