#include "backup/restoreactions.h"

#include "arm/armclient.h"
#include "audit/auditerrors.h"
#include "audit/auditreader.h"
#include "audit/audittrail.h"
#include "backup/armid.h"
#include "backup/mappedjob.h"
#include "backup/readyjob.h"
#include "backup/restoreerrors.h"
#include "backup/restoresubmitjob.h"

#include <QCryptographicHash>
#include <QHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLoggingCategory>
#include <QUuid>

#include <algorithm>

Q_LOGGING_CATEGORY(lcActions, "restoredesk.restore.actions", QtInfoMsg)

namespace RestoreDesk::Backup {

namespace {

QString newId()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QString fingerprint(const QString &path, const QJsonObject &body)
{
    return QString::fromLatin1(
        QCryptographicHash::hash(path.toUtf8() + QJsonDocument(body).toJson(QJsonDocument::Compact),
                                 QCryptographicHash::Sha256)
            .toHex());
}

Audit::RecordRef refOf(const PendingRestore &p)
{
    Audit::RecordRef ref;
    ref.seq = p.auditSeq;
    ref.type = QString(Audit::EventType::Restore);
    ref.identity = Audit::Identity::fromJson(p.auditIdentity);
    ref.target = p.itemId;
    ref.correlationIds = p.auditCorrelationIds;
    return ref;
}

QJsonObject errorParams(const Error &e)
{
    QJsonObject o { { QStringLiteral("code"), e.code }, { QStringLiteral("message"), e.detail } };
    if (e.httpStatus)
        o.insert(QStringLiteral("httpStatus"), e.httpStatus);
    return o;
}

// The outcome of a request recorded but never sent (the pending record could not be written):
// noted, not "refused" — the service never ruled on it.
QJsonObject notSent(const Error &e)
{
    QJsonObject o = errorParams(e);
    o.insert(QStringLiteral("note"), QStringLiteral("not sent: its pending record could not be written"));
    return o;
}

std::function<void(Result<PendingRestore>, RestoreActions::ResendOutcome)>
resultOnly(std::function<void(Result<PendingRestore>)> done)
{
    return [done = std::move(done)](Result<PendingRestore> r, const RestoreActions::ResendOutcome &) {
        if (done)
            done(std::move(r));
    };
}

} // namespace

RestoreActions::RestoreActions(PendingRestoreStore store, QObject *parent)
    : QObject(parent)
    , m_tracker(new RestoreTracker(std::move(store), this))
{
    // Records a run left still submitting: settled against the vault's jobs, on their own.
    connect(m_tracker, &RestoreTracker::unanswered, this, &RestoreActions::reconcileLeftOver);
    // A record a job of this object works on stays claimed until that job ends.
    m_tracker->setInUse([this](const QString &id) { return m_busy.contains(id); });
}

RestoreActions::~RestoreActions()
{
    // The jobs report to this object: end them while it is whole.
    for (const QPointer<JobBase> &job : std::as_const(m_jobs)) {
        if (job)
            delete job.data();
    }
}

void RestoreActions::setService(RestoreService *service)
{
    m_service = service;
    m_tracker->setService(service); // the first service: unanswered() -> reconcileLeftOver()
    if (!service)
        return;
    if (!m_started) {
        m_started = true;
        return;
    }
    // Signed in again: what was left unsettled meanwhile (a send cut short by the sign-out).
    QList<PendingRestore> left;
    for (const PendingRestore &r : m_tracker->records()) {
        if (r.state == PendingRestore::State::Submitting && !m_busy.contains(r.clientRequestId)
            && !r.noJobFound && m_tracker->isOfThisApi(r))
            left << r;
    }
    reconcileLeftOver(left);
}

Audit::Identity RestoreActions::identity() const
{
    return m_identity ? m_identity() : Audit::Identity();
}

QString RestoreActions::outcomeOf(const Backup::Job &job)
{
    switch (job.status) {
    case Backup::Job::Status::Completed:
    case Backup::Job::Status::CompletedWithWarnings:
        return QString(Audit::Outcome::Finished);
    case Backup::Job::Status::Cancelled:
        return QString(Audit::Outcome::Cancelled);
    default:
        return QString(Audit::Outcome::Failed);
    }
}

std::optional<Error> RestoreActions::cannotAct() const
{
    // Every action needs the service to ask and the audit log to record it.
    if (!m_service)
        return Error::make(Error::Kind::Auth, QStringLiteral("arm_not_signed_in"));
    if (!m_trail)
        return Error::make(Error::Kind::Io, Codes::RestoreAuditUnavailable);
    return std::nullopt;
}

RestoreDesk::Job<PendingRestore> *RestoreActions::submit(const RestoreRequest &request, const QString &reason,
                                                         QObject *owner,
                                                         std::function<void(Result<PendingRestore>)> done)
{
    auto refuse = [&](const Error &e) { return ReadyJob<PendingRestore>::start(e, owner, std::move(done)); };
    if (const std::optional<Error> why = cannotAct())
        return refuse(*why);
    if (reason.trimmed().isEmpty())
        return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreReasonRequired));
    const auto body = request.body();
    if (!body)
        return refuse(body.error());

    PendingRestore p;
    p.clientRequestId = newId();
    p.correlationId = newId();
    p.itemId = request.itemId;
    p.itemName = request.itemName;
    p.vaultId = ArmId::parse(request.itemId).vaultId();
    p.pointId = request.pointId;
    p.mode = RestoreRequest::modeKey(request.mode);
    p.kind = RestoreRequest::kindKey(request.kind);
    p.path = request.restorePath();
    p.body = body.value();
    p.requestedAt = m_clock();
    p.reason = reason.trimmed();
    p.apiOrigin = m_tracker->apiOrigin();
    p.profile = m_tracker->profile();
    if (m_inFlight.contains(fingerprint(p.path, p.body)))
        return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreInFlight));
    // An earlier restore of this item whose outcome is unknown (this process's or another's, in
    // the shared folder) is settled first: a new request now could be the same restore twice.
    if (const auto kept = m_tracker->store().load()) {
        for (const PendingRestore &r : kept.value()) {
            // Another API's is not this item's (its ids may read the same: the sandbox's); one of no
            // known API may be this one's and still holds it back.
            if (r.state == PendingRestore::State::Submitting && r.auditSeq > 0
                && r.itemId.compare(p.itemId, Qt::CaseInsensitive) == 0
                && (m_tracker->isOfThisApi(r) || r.recordedOrigin().isEmpty()))
                return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreUnsettled, {},
                                          { r.itemName, r.clientRequestId }));
        }
    }

    // 1. The record, 2. "requested": whatever happens next, a restart knows this restore was
    // asked for; no log, no restore.
    QJsonObject params = request.auditParams();
    params.insert(QStringLiteral("clientRequestId"), p.clientRequestId);
    if (auto held = holdRequested(p, params); !held)
        return refuse(held.error());
    // 3. The one POST.
    return run(p, How::Send, owner, resultOnly(std::move(done)));
}

Result<void> RestoreActions::holdRequested(PendingRestore &p, const QJsonObject &params)
{
    if (auto held = m_tracker->hold(p); !held)
        return held;
    const Audit::Identity who = identity();
    const auto ref = m_trail->requested(QString(Audit::EventType::Restore), who, p.itemId, params, p.reason,
                                        { p.correlationId, p.clientRequestId });
    if (!ref) {
        (void)m_tracker->forget(p.clientRequestId);
        return ref.error();
    }
    p.auditSeq = ref->seq;
    p.auditIdentity = who.toJson();
    p.auditCorrelationIds = ref->correlationIds;
    if (auto saved = m_tracker->hold(p); !saved) {
        outcome(p, QString(Audit::Outcome::Noted), {}, notSent(saved.error()));
        (void)m_tracker->forget(p.clientRequestId);
        return saved;
    }
    return {};
}

RestoreDesk::Job<PendingRestore> *RestoreActions::resend(const PendingRestore &record, QObject *owner,
                                                         std::function<void(Result<PendingRestore>)> done)
{
    return run(record, How::ReconcileThenResend, owner, resultOnly(std::move(done)));
}

RestoreDesk::Job<PendingRestore> *
RestoreActions::resend(const PendingRestore &record, QObject *owner,
                       std::function<void(Result<PendingRestore>, ResendOutcome)> done)
{
    return run(record, How::ReconcileThenResend, owner, std::move(done));
}

RestoreDesk::Job<PendingRestore> *RestoreActions::reconcile(const PendingRestore &record, QObject *owner,
                                                            std::function<void(Result<PendingRestore>)> done)
{
    return run(record, How::Reconcile, owner, resultOnly(std::move(done)));
}

RestoreDesk::Job<PendingRestore> *
RestoreActions::run(PendingRestore record, How how, QObject *owner,
                    std::function<void(Result<PendingRestore>, ResendOutcome)> done)
{
    // `done` is called while its owner lives; the job itself is this object's, so closing a
    // window never cancels a restore being sent.
    QPointer<QObject> guard(owner);
    auto deliver = [guard, hasOwner = owner != nullptr, done = std::move(done)](Result<PendingRestore> r,
                                                                                ResendOutcome o) {
        if (done && (!hasOwner || guard))
            done(std::move(r), std::move(o));
    };
    const ResendOutcome notSentAgain { false, record.clientRequestId };
    auto refuse = [&](const Error &e) {
        return ReadyJob<PendingRestore>::start(e, this, [deliver, notSentAgain](Result<PendingRestore> r) {
            deliver(std::move(r), notSentAgain);
        });
    };
    if (const std::optional<Error> why = cannotAct())
        return refuse(*why);
    if (how != How::Send) {
        if (record.state != PendingRestore::State::Submitting)
            return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreInFlight));
        // Never sent ("requested" was never written): nothing can have started; nothing to send
        // again as if it had been.
        if (record.auditSeq <= 0)
            return refuse(
                Error::make(Error::Kind::Invalid, Codes::RestoreNeverSent, {}, { record.clientRequestId }));
    }
    const QString key = fingerprint(record.path, record.body);
    if (m_busy.contains(record.clientRequestId) || (how == How::Send && m_inFlight.contains(key)))
        return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreInFlight));
    if (how != How::Send) {
        // What is on disk is what counts (another run may have settled it meanwhile).
        const auto onDisk = m_tracker->store().find(record.clientRequestId);
        if (!onDisk || onDisk->state != PendingRestore::State::Submitting)
            return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreInFlight));
        record = onDisk.value();
        if (const std::optional<Error> other = m_tracker->otherApi(record))
            return refuse(*other);
        if (auto held = m_tracker->hold(record); !held)
            return refuse(held.error());
    }
    m_inFlight.insert(key);
    m_busy.insert(record.clientRequestId);
    QPointer<RestoreActions> self(this);
    const QString first = record.clientRequestId;
    // The job reports from its own methods (also from its destructor's body), so it is whole then.
    auto reporting = std::make_shared<RestoreSubmitJob *>(nullptr);
    auto *job = RestoreSubmitJob::start(
        this, record, how == How::Send ? RestoreSubmitJob::First::Send : RestoreSubmitJob::First::Reconcile,
        how == How::ReconcileThenResend,
        [self, key, first, reporting, deliver, guard, hasOwner = owner != nullptr](Result<PendingRestore> r) {
            ResendOutcome o { false, first };
            if (*reporting) {
                o.sentAgain = (*reporting)->sentAgain();
                o.clientRequestId = (*reporting)->record().clientRequestId;
            }
            if (self) {
                self->m_inFlight.remove(key);
                self->m_busy.remove(first);
                if (*reporting) // a resend's new record (renew() marks it busy)
                    self->m_busy.remove((*reporting)->record().clientRequestId);
                // Left unsettled (or settled and followed): claimed only while followed.
                self->m_tracker->release(first);
                if (*reporting)
                    self->m_tracker->release((*reporting)->record().clientRequestId);
                // Its window went before it settled (a wizard closed or replaced meanwhile): no
                // one hears `done`, so whoever lists unsettled restores is told instead.
                if (hasOwner && !guard && !r && r.error().kind != Error::Kind::Cancelled)
                    self->announceUnsettled({ r.error().args.value(0), first }, r.error());
            }
            deliver(std::move(r), std::move(o));
        });
    *reporting = job;
    m_jobs.removeAll(QPointer<JobBase>());
    m_jobs << job;
    return job;
}

void RestoreActions::announceUnsettled(const QStringList &ids, const Error &why)
{
    for (const QString &id : ids) {
        if (!PendingRestore::isValidId(id))
            continue;
        const auto kept = m_tracker->store().find(id);
        if (kept && kept->state == PendingRestore::State::Submitting) {
            Q_EMIT stillUnanswered(kept.value(), why);
            return;
        }
    }
}

Result<PendingRestore> RestoreActions::answered(PendingRestore p, const Result<RestoreAccepted> &answer)
{
    if (answer) {
        p.state = PendingRestore::State::Accepted;
        p.operationUrl = answer->operationUrl;
        p.locationUrl = answer->locationUrl;
        p.acceptedAt = m_clock();
        if (auto followed = m_tracker->follow(p); !followed)
            Q_EMIT auditFailed(followed.error());
        QStringList ids { answer->correlationId };
        if (!answer->requestId.isEmpty())
            ids << answer->requestId;
        const QString followedUrl = p.operationUrl.isEmpty() ? p.locationUrl : p.operationUrl;
        outcome(p, QString(Audit::Outcome::Accepted), ids,
                { { QStringLiteral("operation"), followedUrl.section(QLatin1Char('?'), 0, 0) },
                  { QStringLiteral("attempts"), answer->attempts } });
        Q_EMIT accepted(p);
        return p;
    }
    const Error e = answer.error();
    if (RestoreService::isRefusal(e)) {
        outcome(p, QString(Audit::Outcome::Refused),
                e.correlationId.isEmpty() ? QStringList() : QStringList { e.correlationId }, errorParams(e));
        (void)m_tracker->forget(p.clientRequestId);
        return e;
    }
    // Sent, and no answer that says what became of it: keep the record; the vault's jobs decide.
    Error unknown = Error::make(e.kind == Error::Kind::Timeout ? Error::Kind::Timeout : Error::Kind::Network,
                                Codes::RestoreOutcomeUnknown, e.toString(), { p.clientRequestId });
    unknown.httpStatus = e.httpStatus;
    unknown.correlationId = e.correlationId.isEmpty() ? p.correlationId : e.correlationId;
    return unknown;
}

Result<PendingRestore> RestoreActions::adoptFound(PendingRestore p, const Backup::Job &job)
{
    p.state = PendingRestore::State::Accepted;
    p.jobId = job.id;
    p.acceptedAt = m_clock();
    p.noJobFound = false;
    p.candidateJobs.clear();
    if (auto followed = m_tracker->follow(p); !followed)
        Q_EMIT auditFailed(followed.error());
    outcome(p, QString(Audit::Outcome::Accepted),
            job.activityId.isEmpty() ? QStringList() : QStringList { job.activityId },
            { { QStringLiteral("jobId"), job.id },
              { QStringLiteral("reconciled"), true },
              { QStringLiteral("note"),
                QStringLiteral("the answer was lost; found by reconciliation in the vault's jobs") } });
    Q_EMIT accepted(p);
    return p;
}

int RestoreActions::reconcileWindowSeconds() const
{
    const int timeout
        = m_service && m_service->backup() ? m_service->backup()->arm()->options().timeoutMs : 0;
    return int((qint64(timeout) + m_tracker->options().reconcileGraceMs) / 1000);
}

QDateTime RestoreActions::reconcileUntil(const PendingRestore &record, const QDateTime &lostAt) const
{
    // The request's own timeout: until then the service may still take it (a timed-out request,
    // or one whose connection broke, may be processed after the client stopped waiting).
    const int timeout
        = m_service && m_service->backup() ? m_service->backup()->arm()->options().timeoutMs : 0;
    const QDateTime sent = record.requestedAt.isValid() ? record.requestedAt : m_clock();
    QDateTime taken = sent.addMSecs(timeout);
    if (lostAt.isValid() && lostAt > taken)
        taken = lostAt;
    return taken.addMSecs(m_tracker->options().reconcileGraceMs);
}

Error RestoreActions::noJobFound(PendingRestore &p)
{
    p.noJobFound = true;
    if (auto saved = m_tracker->update(p); !saved)
        Q_EMIT auditFailed(saved.error());
    return Error::make(Error::Kind::Network, Codes::RestoreNoJobFound, {},
                       { p.clientRequestId, p.itemName, QString::number(reconcileWindowSeconds()) })
        .withHttp(0, p.correlationId);
}

Result<PendingRestore> RestoreActions::renew(const PendingRestore &earlier)
{
    if (!m_trail)
        return Error::make(Error::Kind::Io, Codes::RestoreAuditUnavailable);
    PendingRestore p = earlier;
    p.clientRequestId = newId();
    p.correlationId = newId();
    p.state = PendingRestore::State::Submitting;
    p.requestedAt = m_clock();
    p.auditSeq = 0;
    p.auditCorrelationIds.clear();
    p.noJobFound = false;
    p.resendOf = earlier.clientRequestId;
    // The chain: a job of any earlier attempt is this restore's, and the vault's jobs are looked
    // through from the first attempt on.
    p.earlierIds = earlier.chainIds();
    p.firstRequestedAt = earlier.chainStart();
    p.candidateJobs.clear();
    p.reconcileUntil = {}; // a new request: its own window
    // "Requested" for the new request before it is sent; no log, no resend (fail closed).
    // What it restores, where, and whether it overwrites: the body sent again, as a first request's
    // "requested" record says it (RestoreRequest::auditParams).
    const QJsonObject params { { QStringLiteral("mode"), p.mode },
                               { QStringLiteral("kind"), p.kind },
                               { QStringLiteral("pointId"), p.pointId },
                               { QStringLiteral("clientRequestId"), p.clientRequestId },
                               { QStringLiteral("resendOf"), earlier.clientRequestId },
                               { QStringLiteral("resendOfSeq"), double(earlier.auditSeq) },
                               { QStringLiteral("overwrite"), p.overwrites() },
                               { QStringLiteral("request"), p.body.value(QStringLiteral("properties")) } };
    if (auto held = holdRequested(p, params); !held)
        return held.error();
    m_busy.insert(p.clientRequestId);
    // The earlier record is settled: it did not start, and this one replaces it.
    outcome(earlier, QString(Audit::Outcome::Noted), {},
            { { QStringLiteral("resentAs"), p.clientRequestId },
              { QStringLiteral("note"),
                QStringLiteral("no job of it found in the vault; sent again as a new request") } });
    (void)m_tracker->forget(earlier.clientRequestId);
    return p;
}

QStringList RestoreActions::jobsOfOthers(const QString &clientRequestId) const
{
    QStringList out;
    for (const PendingRestore &r : m_tracker->records()) {
        if (r.clientRequestId != clientRequestId && !r.jobId.isEmpty())
            out << r.jobResourceId();
    }
    return out;
}

RestoreActions::RequestedRestores RestoreActions::readRequested(const QString &path)
{
    RequestedRestores requested;
    if (path.isEmpty())
        return requested;
    Audit::Filter f;
    f.types = QStringList { QString(Audit::EventType::Restore) };
    f.outcomes = QStringList { QString(Audit::Outcome::Requested) };
    const auto read = Audit::readRecords(path, f);
    if (!read) {
        qCWarning(lcActions) << "the audit log could not be read for the restores of others ("
                             << read.error().toString() << "); only the kept records are known: a job "
                             << "of the item that names no kept request may be this restore";
        return requested;
    }
    for (const Audit::Record &rec : read->records) {
        const QString id = rec.params.value(QStringLiteral("clientRequestId")).toString();
        Requested r { rec.params.value(QStringLiteral("resendOf")).toString(), rec.correlationIds, rec.seq,
                      rec.time };
        if (!id.isEmpty())
            r.ids << id;
        requested.insert(id.isEmpty() ? QStringLiteral("#%1").arg(rec.seq) : id.toLower(), r);
    }
    return requested;
}

PendingRestore RestoreActions::withChain(PendingRestore record, const RequestedRestores &requested)
{
    // A record kept before its chain was kept with it: the log's "requested" records name it.
    QString earlier = record.resendOf;
    for (int hops = 0; !earlier.isEmpty() && hops < 64; ++hops) {
        if (!record.earlierIds.contains(earlier, Qt::CaseInsensitive))
            record.earlierIds << earlier;
        const auto it = requested.constFind(earlier.toLower());
        if (it == requested.constEnd())
            break;
        for (const QString &id : it->ids) {
            if (!record.earlierIds.contains(id, Qt::CaseInsensitive))
                record.earlierIds << id;
        }
        if (it->time.isValid() && (!record.firstRequestedAt.isValid() || it->time < record.firstRequestedAt))
            record.firstRequestedAt = it->time;
        earlier = it->resendOf;
    }
    return record;
}

QString RestoreActions::auditPath() const
{
    return m_trail ? m_trail->log().path() : QString();
}

QStringList RestoreActions::requestsOfOthers(const PendingRestore &record,
                                             const RequestedRestores &requested) const
{
    // This restore's own ids: this request, and every earlier attempt it sends again (a job of an
    // earlier attempt that started late is this restore, not another's).
    QStringList ours = withChain(record, requested).chainIds();
    ours << record.auditCorrelationIds;
    const auto kept = m_tracker->store().load();
    const QList<PendingRestore> records = kept ? kept.value() : m_tracker->records();
    // Another attempt of this restore (an earlier one, or a later one sending this one again).
    auto isOurs = [&ours](const QString &id, const QString &resendOf) {
        return ours.contains(id, Qt::CaseInsensitive)
            || (!resendOf.isEmpty() && ours.contains(resendOf, Qt::CaseInsensitive));
    };
    QStringList out;
    auto add = [&](const QString &id) {
        if (!id.isEmpty() && !ours.contains(id, Qt::CaseInsensitive)
            && !out.contains(id, Qt::CaseInsensitive))
            out << id;
    };
    for (const PendingRestore &r : records) {
        if (isOurs(r.clientRequestId, r.resendOf))
            continue;
        add(r.clientRequestId);
        add(r.correlationId);
    }
    for (const Requested &r : std::as_const(requested)) {
        if ((record.auditSeq > 0 && r.seq == record.auditSeq)
            || (!r.ids.isEmpty() && isOurs(r.ids.last(), r.resendOf))
            || r.ids.contains(record.clientRequestId, Qt::CaseInsensitive))
            continue;
        for (const QString &id : r.ids)
            add(id);
    }
    return out;
}

void RestoreActions::reconcileLeftOver(const QList<PendingRestore> &records)
{
    if (!m_settlesLeftOvers)
        return;
    for (const PendingRestore &r : records) {
        if (r.auditSeq <= 0) {
            m_tracker->release(r.clientRequestId); // never sent: the operator drops it, from anywhere
            continue;
        }
        QPointer<RestoreActions> self(this);
        const PendingRestore record = r;
        reconcile(r, nullptr, [self, record](Result<PendingRestore> result) {
            if (!self || result)
                return; // adopted: accepted() said so
            if (result.error().kind != Error::Kind::Cancelled)
                Q_EMIT self->stillUnanswered(record, result.error());
        });
    }
}

Result<void> RestoreActions::discard(const PendingRestore &record, const QString &reason)
{
    if (reason.trimmed().isEmpty())
        return Error::make(Error::Kind::Invalid, Codes::RestoreReasonRequired);
    if (record.state != PendingRestore::State::Submitting || m_busy.contains(record.clientRequestId))
        return Error::make(Error::Kind::Invalid, Codes::RestoreInFlight);
    // What is on disk is what counts: another process may have adopted (accepted) or settled it
    // since this copy was read. Held while it is discarded, so no other process reconciles or
    // sends it meanwhile.
    const auto onDisk = m_tracker->store().find(record.clientRequestId);
    if (!onDisk || onDisk->state != PendingRestore::State::Submitting)
        return Error::make(Error::Kind::Invalid, Codes::RestoreSettledMeanwhile);
    const PendingRestore r = onDisk.value();
    // Dropping it sends nothing anywhere, so one of no known API may go; another API's may not.
    if (const std::optional<Error> other = m_tracker->otherApi(r);
        other && other->code == QString(Codes::PendingOtherApi))
        return *other;
    // The record says who dropped it (the requester is on the "requested" one): one nobody can
    // be named for is not dropped.
    const Audit::Identity who = identity();
    if (r.auditSeq > 0 && who.subject.isEmpty() && who.objectId.isEmpty())
        return Error::make(Error::Kind::Internal, Audit::Codes::NoIdentity,
                           QStringLiteral("discarded restore"),
                           { QStringLiteral("discard of the kept restore") });
    if (auto held = m_tracker->hold(r); !held)
        return held.error();
    const QString note = r.auditSeq <= 0 ? QStringLiteral("never sent")
        : r.noJobFound                   ? QStringLiteral("no job of it found in the vault; not sent again")
                                         : QStringLiteral("not known whether it started; not sent again");
    // Recorded before the record goes: a discard the audit log cannot take keeps the record
    // (the operator discards it again once the log can be written).
    if (m_trail && r.auditSeq > 0) {
        const auto written = m_trail->outcome(refOf(r), QString(Audit::Outcome::Noted), {},
                                              { { QStringLiteral("discarded"), true },
                                                { QStringLiteral("discardedBy"), who.toJson() },
                                                { QStringLiteral("reason"), reason.trimmed() },
                                                { QStringLiteral("note"), note } });
        if (!written) {
            Q_EMIT auditFailed(written.error());
            m_tracker->release(r.clientRequestId);
            return written.error();
        }
    }
    return m_tracker->forget(record.clientRequestId);
}

RestoreDesk::Job<PendingRestore> *RestoreActions::adopt(const PendingRestore &record, const QString &jobId,
                                                        const QString &reason, QObject *owner,
                                                        std::function<void(Result<PendingRestore>)> done)
{
    auto refuse = [&](const Error &e) { return ReadyJob<PendingRestore>::start(e, owner, std::move(done)); };
    if (const std::optional<Error> why = cannotAct())
        return refuse(*why);
    // Who adopted it and why go to the audit record, as for a discard: neither may be missing.
    if (reason.trimmed().isEmpty())
        return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreReasonRequired));
    if (const Audit::Identity who = identity(); who.subject.isEmpty() && who.objectId.isEmpty())
        return refuse(Error::make(Error::Kind::Internal, Audit::Codes::NoIdentity,
                                  QStringLiteral("adopted restore"),
                                  { QStringLiteral("adoption of the kept restore") }));
    if (m_busy.contains(record.clientRequestId))
        return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreInFlight));
    if (record.auditSeq <= 0)
        return refuse(
            Error::make(Error::Kind::Invalid, Codes::RestoreNeverSent, {}, { record.clientRequestId }));
    // What is on disk is what counts: another process may have settled it since this copy was read.
    const auto onDisk = m_tracker->store().find(record.clientRequestId);
    if (!onDisk || !onDisk->isAdoptable())
        return refuse(
            Error::make(Error::Kind::Invalid, Codes::RestoreAdoptChanged, {}, { record.clientRequestId }));
    if (m_tracker->isFollowing(record.clientRequestId))
        return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreInFlight));
    const PendingRestore seen = onDisk.value();
    if (const std::optional<Error> other = m_tracker->otherApi(seen))
        return refuse(*other);
    const QString full = jobId.trimmed().startsWith(QLatin1Char('/'))
        ? jobId.trimmed()
        : seen.vaultId + QStringLiteral("/backupJobs/") + jobId.trimmed();
    // By value: it also refuses after the job is fetched, when this function has returned.
    auto notCandidate = [full, item = seen.itemName](const char *why) {
        return Error::make(Error::Kind::Invalid, Codes::RestoreAdoptNotCandidate, {},
                           { full, item, QString::fromLatin1(why) });
    };
    if (!RestoreService::isJobId(full))
        return refuse(notCandidate("not-found"));
    if (ArmId::parse(full).vaultId().compare(ArmId::parse(seen.vaultId).canonical(), Qt::CaseInsensitive)
        != 0)
        return refuse(notCandidate("other-vault"));
    auto sameJob
        = [](const QString &a, const QString &b) { return ArmId::parse(a).key() == ArmId::parse(b).key(); };
    auto among = [&sameJob](const QString &id, const QStringList &ids) {
        return std::any_of(ids.begin(), ids.end(), [&](const QString &c) { return sameJob(id, c); });
    };
    // Only a job the reconciliation named (its window, its item, no other known request): with no
    // candidates there is nothing to adopt (an old job of the same item's name is not this restore).
    if (!among(full, seen.candidateJobs))
        return refuse(notCandidate("not-candidate"));
    if (among(full, jobsOfOthers(seen.clientRequestId)))
        return refuse(notCandidate("another-request"));
    // The job as the vault shows it now, not as a listing once did.
    QPointer<RestoreActions> self(this);
    QPointer<RestoreService> service = m_service;
    return MappedJob<PendingRestore, Backup::Job>::start(
        [service, full](QObject *o,
                        std::function<void(Result<Backup::Job>)> d) -> RestoreDesk::Job<Backup::Job> * {
            if (!service || !service->backup())
                return ReadyJob<Backup::Job>::start(
                    Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled), o, std::move(d));
            return service->backup()->job(full, o, std::move(d));
        },
        [self, seen, full, reason, notCandidate](Result<Backup::Job> job) -> Result<PendingRestore> {
            if (!self)
                return Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled);
            if (!job) {
                if (job.error().httpStatus == 404)
                    return notCandidate("not-found");
                return job.error();
            }
            if (job->operation.compare(QLatin1String("Restore"), Qt::CaseInsensitive) != 0)
                return notCandidate("not-restore");
            if (job->entityFriendlyName.compare(seen.itemName, Qt::CaseInsensitive) != 0)
                return notCandidate("other-item");
            return self->adoptChosen(seen, job.value(), reason);
        },
        owner, std::move(done));
}

Result<PendingRestore> RestoreActions::adoptChosen(const PendingRestore &seen, const Backup::Job &job,
                                                   const QString &reason)
{
    auto notCandidate = [&](const char *why) {
        return Error::make(Error::Kind::Invalid, Codes::RestoreAdoptNotCandidate, {},
                           { job.id, seen.itemName, QString::fromLatin1(why) });
    };
    // Another request this console keeps (not an attempt of this restore) named by the job.
    QStringList others;
    const auto kept = m_tracker->store().load();
    const QStringList ours = seen.chainIds();
    for (const PendingRestore &r : kept ? kept.value() : m_tracker->records()) {
        if (ours.contains(r.clientRequestId, Qt::CaseInsensitive)
            || (!r.resendOf.isEmpty() && ours.contains(r.resendOf, Qt::CaseInsensitive)))
            continue;
        others << r.clientRequestId << r.correlationId;
    }
    if (RestoreService::namesAny(job.activityId, others))
        return notCandidate("another-request");
    // Unchanged on disk since it was read, and no job of this object works on it.
    const auto now = m_tracker->store().find(seen.clientRequestId);
    if (!now || !now->isAdoptable() || now->toJson() != seen.toJson() || m_busy.contains(seen.clientRequestId)
        || m_tracker->isFollowing(seen.clientRequestId))
        return Error::make(Error::Kind::Invalid, Codes::RestoreAdoptChanged, {}, { seen.clientRequestId });
    if (auto held = m_tracker->hold(seen); !held)
        return held.error();
    // Accepted already (its 202 is in the log): the adoption is noted, the job named; else it is the
    // acceptance the lost answer never recorded.
    const bool wasAccepted = seen.state == PendingRestore::State::Accepted;
    QJsonObject params { { QStringLiteral("jobId"), job.id },
                         { QStringLiteral("adopted"), true },
                         { QStringLiteral("adoptedBy"), identity().toJson() },
                         { QStringLiteral("note"),
                           wasAccepted
                               ? QStringLiteral("the operation named no job; the operator adopted "
                                                "this job as the restore")
                               : QStringLiteral(
                                   "the answer was lost; the operator adopted this job as the restore") } };
    if (!reason.trimmed().isEmpty())
        params.insert(QStringLiteral("reason"), reason.trimmed());
    // Recorded before the record changes: an adoption the log cannot take adopts nothing.
    const auto written = m_trail->outcome(
        refOf(seen), QString(wasAccepted ? Audit::Outcome::Noted : Audit::Outcome::Accepted),
        job.activityId.isEmpty() ? QStringList() : QStringList { job.activityId }, params);
    if (!written) {
        Q_EMIT auditFailed(written.error());
        m_tracker->release(seen.clientRequestId);
        return Error::make(Error::Kind::Io, Codes::RestoreAdoptUnrecorded, written.error().toString(),
                           { seen.clientRequestId });
    }
    PendingRestore p = seen;
    p.state = PendingRestore::State::Accepted;
    p.jobId = job.id;
    p.acceptedAt = m_clock();
    p.noJobFound = false;
    p.candidateJobs.clear();
    if (auto followed = m_tracker->follow(p); !followed)
        Q_EMIT auditFailed(followed.error());
    Q_EMIT accepted(p);
    return p;
}

Result<void> RestoreActions::recordEnd(const PendingRestore &record, const Backup::Job &job)
{
    if (!m_trail)
        return Error::make(Error::Kind::Io, Codes::RestoreAuditUnavailable);
    QJsonArray warnings;
    for (const Backup::Job::Problem &w : job.warnings)
        warnings.append(w.message);
    QJsonArray errors;
    for (const Backup::Job::Problem &e : job.errors)
        errors.append(
            QJsonObject { { QStringLiteral("code"), e.code }, { QStringLiteral("message"), e.message } });
    QJsonObject params { { QStringLiteral("jobId"), job.id },
                         { QStringLiteral("status"), Backup::Job::statusName(job.status) } };
    if (!warnings.isEmpty())
        params.insert(QStringLiteral("warnings"), warnings);
    if (!errors.isEmpty())
        params.insert(QStringLiteral("errors"), errors);
    const auto written = m_trail->outcome(refOf(record), outcomeOf(job), { job.activityId }, params);
    if (!written)
        return written.error(); // kept: the end is recorded at the next start
    return m_tracker->forget(record.clientRequestId);
}

Result<void> RestoreActions::recordOperationFailed(const PendingRestore &record, const Error &error)
{
    if (!m_trail)
        return Error::make(Error::Kind::Io, Codes::RestoreAuditUnavailable);
    const QJsonObject params { { QStringLiteral("code"), error.args.value(0) },
                               { QStringLiteral("message"), error.args.value(1) },
                               { QStringLiteral("httpStatus"), error.httpStatus },
                               { QStringLiteral("stage"), QStringLiteral("operation") } };
    QStringList ids;
    if (!error.correlationId.isEmpty())
        ids << error.correlationId;
    const auto written = m_trail->outcome(refOf(record), QString(Audit::Outcome::Failed), ids, params);
    if (!written)
        return written.error(); // kept: the operation is looked at again, and recorded, next start
    return m_tracker->forget(record.clientRequestId);
}

bool RestoreActions::endedWithoutJob(const Error &error)
{
    return error.code == QLatin1String(Codes::RestoreOperationFailed);
}

RestoreDesk::Job<CancelAccepted> *RestoreActions::cancel(const QString &jobId, const QString &reason,
                                                         QObject *owner,
                                                         std::function<void(Result<CancelAccepted>)> done)
{
    if (const std::optional<Error> why = cannotAct())
        return ReadyJob<CancelAccepted>::start(*why, owner, std::move(done));
    const QString correlation = newId();
    const auto ref = m_trail->requested(QString(Audit::EventType::JobCancel), identity(), jobId, {}, reason,
                                        { correlation });
    if (!ref)
        return ReadyJob<CancelAccepted>::start(ref.error(), owner, std::move(done));
    QPointer<RestoreActions> self(this);
    QPointer<RestoreService> service = m_service;
    const Audit::RecordRef record = ref.value();
    return MappedJob<CancelAccepted, CancelAccepted>::start(
        [service, jobId, correlation](QObject *o, std::function<void(Result<CancelAccepted>)> d) {
            return service->cancel(jobId, correlation, o, std::move(d)); // the id "requested" names
        },
        [self, record](Result<CancelAccepted> r) -> Result<CancelAccepted> {
            if (!self || !self->m_trail)
                return r;
            // Refused only when the service said so (an HTTP answer); no answer at all is noted
            // as unknown: the cancel may have reached the service.
            QJsonObject params = r ? QJsonObject() : errorParams(r.error());
            const bool answered = r || r.error().httpStatus > 0;
            if (!answered)
                params.insert(
                    QStringLiteral("note"),
                    QStringLiteral("no answer; whether the service cancelled the job is not known"));
            const auto written = r
                ? self->m_trail->outcome(record, QString(Audit::Outcome::Accepted), { r->correlationId })
                : self->m_trail->outcome(
                    record, answered ? QString(Audit::Outcome::Refused) : QString(Audit::Outcome::Noted),
                    r.error().correlationId.isEmpty() ? QStringList()
                                                      : QStringList { r.error().correlationId },
                    params);
            if (!written)
                Q_EMIT self->auditFailed(written.error());
            return r;
        },
        owner, std::move(done));
}

void RestoreActions::outcome(const PendingRestore &record, const QString &outcome,
                             const QStringList &correlationIds, const QJsonObject &params)
{
    if (!m_trail || record.auditSeq <= 0)
        return;
    const auto written = m_trail->outcome(refOf(record), outcome, correlationIds, params);
    if (!written)
        Q_EMIT auditFailed(written.error());
}

} // namespace RestoreDesk::Backup
