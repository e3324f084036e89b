#include "backup/restoresubmitjob.h"

#include "backup/restoreactions.h"
#include "backup/restoreerrors.h"
#include "backup/restoreservice.h"
#include "backup/restoretracking.h"

#include <QFutureWatcher>
#include <QLoggingCategory>
#include <QtConcurrent/QtConcurrentRun>

#include <limits>

Q_LOGGING_CATEGORY(lcSubmit, "restoredesk.restore.submit", QtInfoMsg)

namespace RestoreDesk::Backup {

namespace {
// How far ahead a saved reconcile window's end may be and still be honoured (the largest
// --reconcile-grace is an hour; the rest is room for the request's own timeout and retries).
constexpr qint64 kMaxSavedWindowAheadSeconds = 2 * 3600;
} // namespace

RestoreSubmitJob *RestoreSubmitJob::start(RestoreActions *actions, PendingRestore record, First first,
                                          bool resendIfNone, Done done)
{
    auto *job = new RestoreSubmitJob(actions, std::move(record), resendIfNone, std::move(done));
    // From the event loop: the caller gets the job before its first report.
    QMetaObject::invokeMethod(
        job, [job, first] { first == First::Send ? job->send() : job->reconcile(); }, Qt::QueuedConnection);
    return job;
}

RestoreSubmitJob::RestoreSubmitJob(RestoreActions *actions, PendingRestore record, bool resendIfNone,
                                   Done done)
    : RestoreDesk::Job<PendingRestore>(actions, std::move(done))
    , m_actions(actions)
    , m_record(std::move(record))
    , m_resendIfNone(resendIfNone)
{
    m_timer.setSingleShot(true);
    connect(&m_timer, &QTimer::timeout, this, &RestoreSubmitJob::look);
}

RestoreSubmitJob::~RestoreSubmitJob()
{
    m_timer.stop();
    // The call in flight reports to this job: end it while this job is whole. A read of the audit
    // log still running on the pool finishes there; its result is never delivered.
    if (m_call)
        delete m_call.data();
    if (m_read)
        delete m_read.data();
    report(cancelledError());
}

void RestoreSubmitJob::cancel()
{
    m_timer.stop();
    report(cancelledError());
    if (m_call)
        m_call->cancel();
}

void RestoreSubmitJob::send()
{
    if (isFinished())
        return;
    if (!m_actions || !m_actions->service())
        return report(cancelledError());
    m_call = m_actions->service()->submit(m_record, this, [this](Result<RestoreAccepted> answer) {
        m_call = nullptr;
        if (isFinished())
            return;
        if (!m_actions || (!answer && answer.error().kind == Error::Kind::Cancelled))
            return report(answer ? Result<PendingRestore>(cancelledError()) : answer.error());
        const Result<PendingRestore> r = m_actions->answered(m_record, answer);
        if (r || r.error().code != QString(Codes::RestoreOutcomeUnknown))
            return report(r);
        // Sent, and no answer: whether it started is for the vault's jobs to say.
        qCInfo(lcSubmit) << "answer lost for" << m_record.clientRequestId << "; looking in the vault's jobs";
        reconcile(m_actions->now());
    });
}

bool RestoreSubmitJob::pastGrace() const
{
    return m_actions && m_actions->now() >= m_graceEnd;
}

void RestoreSubmitJob::reconcile(const QDateTime &lostAt)
{
    if (isFinished())
        return;
    if (!m_actions || !m_actions->service())
        return report(cancelledError());
    if (m_record.auditSeq <= 0)
        return report(
            Error::make(Error::Kind::Invalid, Codes::RestoreNeverSent, {}, { m_record.clientRequestId }));
    m_looks = 0;
    // The requests of others come partly from the audit log, read whole (every rotated segment, and
    // it may wait on the log's lock): on the pool, never on this (the GUI's) thread. The looks start
    // when it is read; a job cancelled or destroyed meanwhile is not called back.
    auto *read = new QFutureWatcher<RestoreActions::RequestedRestores>(this);
    m_read = read;
    connect(read, &QFutureWatcherBase::finished, this, [this, read, lostAt] {
        const RestoreActions::RequestedRestores requested = read->result();
        read->deleteLater();
        m_read = nullptr;
        if (isFinished())
            return;
        if (!m_actions || !m_actions->service())
            return report(cancelledError());
        m_record = RestoreActions::withChain(m_record, requested);
        m_others = m_actions->requestsOfOthers(m_record, requested);
        // The window is set once the log is read, not before: the read may take a while (it waits
        // on the log's lock), and the listing lag of an answer lost just now counts from the first
        // look, not from before the read.
        QDateTime end = m_actions->reconcileUntil(
            m_record, lostAt.isValid() ? qMax(lostAt, m_actions->now()) : QDateTime());
        // Never shorter than an earlier look's window (a resend given a shorter grace): a job the
        // service lists late would be taken for none, and the restore sent a second time. A saved
        // end more than two hours ahead (the largest grace is one; a clock that was ahead, a
        // damaged record) is not trusted: it would hold the look for that long.
        const QDateTime saved = m_record.reconcileUntil;
        if (saved.isValid() && saved > end && saved <= m_actions->now().addSecs(kMaxSavedWindowAheadSeconds))
            end = saved;
        m_graceEnd = end;
        if (m_record.reconcileUntil != end) {
            m_record.reconcileUntil = end;
            if (auto stored = m_actions->tracker()->update(m_record); !stored) {
                qCWarning(lcSubmit) << "could not save" << m_record.clientRequestId << ":"
                                    << stored.error().toString();
                Q_EMIT m_actions->auditFailed(stored.error()); // the operator is told
            }
        }
        look();
    });
    read->setFuture(QtConcurrent::run(&RestoreActions::readRequested, m_actions->auditPath()));
}

void RestoreSubmitJob::lookAgainIn(qint64 ms)
{
    // Never past the window's end: the last look is at its end.
    const qint64 left = m_actions ? m_actions->now().msecsTo(m_graceEnd) : 0;
    m_timer.start(int(qBound(qint64(0), qMin(ms, left), qint64(std::numeric_limits<int>::max()))));
}

void RestoreSubmitJob::look()
{
    if (isFinished())
        return;
    if (!m_actions || !m_actions->service())
        return report(cancelledError());
    const int skew = m_actions->tracker()->options().clockSkewMs;
    ++m_looks;
    Q_EMIT m_actions->reconciling(m_record, m_graceEnd, m_looks);
    m_call = m_actions->service()->restoreJobsSince(
        m_record, skew, this,
        [this](Result<QList<Backup::Job>> r) {
            m_call = nullptr;
            if (!isFinished())
                onJobs(r);
        },
        m_others);
}

void RestoreSubmitJob::onJobs(const Result<QList<Backup::Job>> &jobs)
{
    if (!m_actions)
        return report(cancelledError());
    const TrackingOptions &o = m_actions->tracker()->options();
    if (!jobs) {
        const Error &e = jobs.error();
        if (e.kind == Error::Kind::Cancelled)
            return report(e);
        if (RestoreTracking::isTransient(e) && !pastGrace())
            return lookAgainIn(o.reconcilePollMs);
        // The jobs cannot tell: the outcome stays unknown, the record stays.
        Error unknown
            = Error::make(e.kind == Error::Kind::Timeout ? Error::Kind::Timeout : Error::Kind::Network,
                          Codes::RestoreOutcomeUnknown, e.toString(), { m_record.clientRequestId });
        unknown.httpStatus = e.httpStatus;
        unknown.correlationId = e.correlationId.isEmpty() ? m_record.correlationId : e.correlationId;
        return report(unknown);
    }
    const QStringList others = m_actions->jobsOfOthers(m_record.clientRequestId);
    // Restore jobs of the item in the window that do not name this request: the service does not
    // say which request started a job (no, zero or its own activity id), so each may be this one.
    QStringList unattributed;
    for (const Backup::Job &j : jobs.value()) {
        if (others.contains(j.id, Qt::CaseInsensitive))
            continue;
        if (!RestoreService::namesRequest(j, m_record)) {
            unattributed << j.id;
            continue;
        }
        qCInfo(lcSubmit) << "found" << j.id << "for" << m_record.clientRequestId;
        return report(m_actions->adoptFound(m_record, j));
    }
    if (!unattributed.isEmpty() && pastGrace()) {
        // Neither adopted (it may be someone else's) nor sent again, nor "did not start" (it may be
        // this one): the operator decides, the record stays. An earlier look's "no job found" no
        // longer holds now that a job which may be this one is listed: the saved record says so, so
        // no page offers to drop it as "did not start".
        // The candidates are kept with the record (as data, each a well-formed job id), for the
        // operator to adopt one (RestoreActions::adopt) or discard the record.
        QStringList candidates;
        for (const QString &id : std::as_const(unattributed)) {
            if (RestoreService::isJobId(id))
                candidates << id;
            else
                qCWarning(lcSubmit) << "a restore job of the item with a malformed id may be"
                                    << m_record.clientRequestId << ":" << id;
        }
        if (m_record.noJobFound || m_record.candidateJobs != candidates) {
            m_record.noJobFound = false;
            m_record.candidateJobs = candidates;
            if (auto saved = m_actions->tracker()->update(m_record); !saved)
                qCWarning(lcSubmit) << "could not save" << m_record.clientRequestId << ":"
                                    << saved.error().toString();
        }
        Error unknown = Error::make(
            Error::Kind::Invalid, Codes::RestoreOutcomeUnknown,
            // For people only (the tail of the sentence); the ids travel as args.
            QStringLiteral("restore job(s) of the item started since may be this restore (the service does "
                           "not say which request started a job): %1")
                .arg(unattributed.join(QStringLiteral(", "))),
            QStringList { m_record.clientRequestId } + candidates);
        unknown.correlationId = m_record.correlationId;
        return report(unknown);
    }
    if (!pastGrace()) {
        // Not listed (yet): the service may still be taking it, or list it late. Looked at again,
        // the pauses growing.
        const qint64 pause = qMin<qint64>(qMax(o.reconcilePollMs, o.reconcileMaxPollMs),
                                          qint64(o.reconcilePollMs) << qMin(m_looks - 1, 16));
        qCInfo(lcSubmit) << "no job of" << m_record.clientRequestId << "listed yet; looking again in" << pause
                         << "ms (until" << m_graceEnd.toString(Qt::ISODate) << ")";
        return lookAgainIn(pause);
    }
    const Error none = m_actions->noJobFound(m_record);
    if (!m_resendIfNone)
        return report(none);
    // Not started: the request again, as a new one (its own id and "requested").
    auto renewed = m_actions->renew(m_record);
    if (!renewed)
        return report(renewed.error());
    m_record = renewed.value();
    m_resendIfNone = false; // once: a further lost answer is reconciled and reported
    m_sentAgain = true;
    send();
}

} // namespace RestoreDesk::Backup
