#include "backup/restoreactions.h"

#include "audit/audittrail.h"
#include "backup/armid.h"
#include "backup/mappedjob.h"
#include "backup/readyjob.h"
#include "backup/restoreerrors.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUuid>

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

} // namespace

RestoreActions::RestoreActions(PendingRestoreStore store, QObject *parent)
    : QObject(parent)
    , m_tracker(new RestoreTracker(std::move(store), this))
{ }

RestoreActions::~RestoreActions() = default;

void RestoreActions::setService(RestoreService *service)
{
    m_service = service;
    m_tracker->setService(service);
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

RestoreDesk::Job<PendingRestore> *RestoreActions::submit(const RestoreRequest &request, const QString &reason,
                                                         QObject *owner,
                                                         std::function<void(Result<PendingRestore>)> done)
{
    auto refuse = [&](const Error &e) { return ReadyJob<PendingRestore>::start(e, owner, std::move(done)); };
    if (!m_service)
        return refuse(Error::make(Error::Kind::Auth, QStringLiteral("arm_not_signed_in")));
    if (!m_trail)
        return refuse(Error::make(Error::Kind::Io, Codes::RestoreAuditUnavailable));
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
    p.requestedAt = QDateTime::currentDateTimeUtc();
    p.reason = reason.trimmed();
    if (m_inFlight.contains(fingerprint(p.path, p.body)))
        return refuse(Error::make(Error::Kind::Invalid, Codes::RestoreInFlight));

    // 1. The record first: whatever happens next, a restart knows this restore was asked for.
    if (auto saved = m_tracker->store().save(p); !saved)
        return refuse(saved.error());
    // 2. "Requested", fsync'd, before anything is sent; no log, no restore.
    const Audit::Identity who = identity();
    QJsonObject params = request.auditParams();
    params.insert(QStringLiteral("clientRequestId"), p.clientRequestId);
    const auto ref = m_trail->requested(QString(Audit::EventType::Restore), who, p.itemId, params, p.reason,
                                        { p.correlationId, p.clientRequestId });
    if (!ref) {
        (void)m_tracker->store().remove(p.clientRequestId);
        return refuse(ref.error());
    }
    p.auditSeq = ref->seq;
    p.auditIdentity = who.toJson();
    p.auditCorrelationIds = ref->correlationIds;
    if (auto saved = m_tracker->store().save(p); !saved) {
        outcome(p, QString(Audit::Outcome::Refused), {}, errorParams(saved.error()));
        (void)m_tracker->store().remove(p.clientRequestId);
        return refuse(saved.error());
    }
    // 3. The one POST.
    return send(p, owner, std::move(done));
}

RestoreDesk::Job<PendingRestore> *RestoreActions::resend(const PendingRestore &record, QObject *owner,
                                                         std::function<void(Result<PendingRestore>)> done)
{
    if (!m_service)
        return ReadyJob<PendingRestore>::start(
            Error::make(Error::Kind::Auth, QStringLiteral("arm_not_signed_in")), owner, std::move(done));
    if (!m_trail)
        return ReadyJob<PendingRestore>::start(Error::make(Error::Kind::Io, Codes::RestoreAuditUnavailable),
                                               owner, std::move(done));
    return send(record, owner, std::move(done));
}

RestoreDesk::Job<PendingRestore> *RestoreActions::send(PendingRestore record, QObject *owner,
                                                       std::function<void(Result<PendingRestore>)> done)
{
    const QString key = fingerprint(record.path, record.body);
    if (m_inFlight.contains(key))
        return ReadyJob<PendingRestore>::start(Error::make(Error::Kind::Invalid, Codes::RestoreInFlight),
                                               owner, std::move(done));
    m_inFlight.insert(key);
    QPointer<RestoreActions> self(this);
    QPointer<RestoreService> service = m_service;
    return MappedJob<PendingRestore, RestoreAccepted>::start(
        [service, record](QObject *o, std::function<void(Result<RestoreAccepted>)> d) {
            return service->submit(record, o, std::move(d));
        },
        [self, record, key](Result<RestoreAccepted> answer) -> Result<PendingRestore> {
            if (!self)
                return answer ? Result<PendingRestore>(record) : Result<PendingRestore>(answer.error());
            self->m_inFlight.remove(key);
            return self->answered(record, answer);
        },
        owner,
        [self, key, done = std::move(done)](Result<PendingRestore> r) {
            if (self)
                self->m_inFlight.remove(key); // also when cancelled
            if (done)
                done(std::move(r));
        });
}

Result<PendingRestore> RestoreActions::answered(PendingRestore p, const Result<RestoreAccepted> &answer)
{
    if (answer) {
        p.state = PendingRestore::State::Accepted;
        p.operationUrl = answer->operationUrl;
        p.acceptedAt = QDateTime::currentDateTimeUtc();
        if (auto followed = m_tracker->follow(p); !followed)
            Q_EMIT auditFailed(followed.error());
        QStringList ids { answer->correlationId };
        if (!answer->requestId.isEmpty())
            ids << answer->requestId;
        outcome(p, QString(Audit::Outcome::Accepted), ids,
                { { QStringLiteral("operation"), p.operationUrl.section(QLatin1Char('?'), 0, 0) },
                  { QStringLiteral("attempts"), answer->attempts } });
        return p;
    }
    const Error e = answer.error();
    if (RestoreService::isRefusal(e)) {
        outcome(p, QString(Audit::Outcome::Refused),
                e.correlationId.isEmpty() ? QStringList() : QStringList { e.correlationId }, errorParams(e));
        (void)m_tracker->store().remove(p.clientRequestId);
        return e;
    }
    // Sent, and no answer that says what became of it: keep the record; a resend is the same
    // restore.
    Error unknown = Error::make(e.kind == Error::Kind::Timeout ? Error::Kind::Timeout : Error::Kind::Network,
                                Codes::RestoreOutcomeUnknown, e.toString());
    unknown.httpStatus = e.httpStatus;
    unknown.correlationId = e.correlationId.isEmpty() ? p.correlationId : e.correlationId;
    return unknown;
}

Result<void> RestoreActions::discard(const PendingRestore &record)
{
    if (record.state != PendingRestore::State::Submitting)
        return Error::make(Error::Kind::Invalid, Codes::RestoreInFlight);
    outcome(record, QString(Audit::Outcome::Noted), {},
            { { QStringLiteral("discarded"), true },
              { QStringLiteral("note"), QStringLiteral("not known whether it started; not sent again") } });
    return m_tracker->forget(record.clientRequestId);
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
    if (!m_service)
        return ReadyJob<CancelAccepted>::start(
            Error::make(Error::Kind::Auth, QStringLiteral("arm_not_signed_in")), owner, std::move(done));
    if (!m_trail)
        return ReadyJob<CancelAccepted>::start(Error::make(Error::Kind::Io, Codes::RestoreAuditUnavailable),
                                               owner, std::move(done));
    const QString correlation = newId();
    const auto ref = m_trail->requested(QString(Audit::EventType::JobCancel), identity(), jobId, {}, reason,
                                        { correlation });
    if (!ref)
        return ReadyJob<CancelAccepted>::start(ref.error(), owner, std::move(done));
    QPointer<RestoreActions> self(this);
    QPointer<RestoreService> service = m_service;
    const Audit::RecordRef record = ref.value();
    return MappedJob<CancelAccepted, CancelAccepted>::start(
        [service, jobId](QObject *o, std::function<void(Result<CancelAccepted>)> d) {
            return service->cancel(jobId, o, std::move(d));
        },
        [self, record](Result<CancelAccepted> r) -> Result<CancelAccepted> {
            if (!self || !self->m_trail)
                return r;
            const auto written = r
                ? self->m_trail->outcome(record, QString(Audit::Outcome::Accepted), { r->correlationId })
                : self->m_trail->outcome(record, QString(Audit::Outcome::Refused),
                                         r.error().correlationId.isEmpty()
                                             ? QStringList()
                                             : QStringList { r.error().correlationId },
                                         errorParams(r.error()));
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
