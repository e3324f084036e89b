#include "backup/restoreservice.h"

#include "backup/armcalljob.h"
#include "backup/armid.h"
#include "backup/backupservice.h"
#include "backup/readyjob.h"
#include "backup/restoreerrors.h"
#include "backup/restoresourcejob.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace RestoreDesk::Backup {

namespace {

QString header(const Arm::ArmResponse &r, const char *name)
{
    return QString::fromLatin1(r.header(name)).trimmed();
}

} // namespace

RestoreService::RestoreService(BackupService *backup, QObject *parent)
    : QObject(parent)
    , m_backup(backup)
{ }

bool RestoreService::isRefusal(const Error &e)
{
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
    // The service treats a repeated x-ms-client-request-id as the same restore: a resend after a
    // lost answer (by the transport, or by the operator later) cannot start a second one.
    r.idempotent = true;
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
            if (a.operationUrl.isEmpty())
                return Error::make(Error::Kind::Protocol, Codes::RestoreNoJob,
                                   QStringLiteral("HTTP %1 without Azure-AsyncOperation").arg(resp->status),
                                   { a.locationUrl })
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

RestoreDesk::Job<CancelAccepted> *RestoreService::cancel(const QString &jobId, QObject *owner,
                                                         Done<CancelAccepted> done)
{
    Arm::ArmRequest r;
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
