#include "backup/restoresourcejob.h"

#include "backup/backuperrors.h"
#include "backup/backupservice.h"

namespace RestoreDesk::Backup {

RestoreSourceJob *RestoreSourceJob::start(BackupService *service, const QString &pointId, QObject *owner,
                                          Done done)
{
    auto *job = new RestoreSourceJob(owner, std::move(done));
    const ArmId id = ArmId::parse(pointId);
    if (id.kind != ArmId::Kind::RecoveryPoint) {
        const Error e = Error::make(Error::Kind::Invalid, Codes::InvalidId, {},
                                    { pointId, QStringLiteral("RecoveryPoint") });
        QMetaObject::invokeMethod(
            job, [job, e] { job->report(e); }, Qt::QueuedConnection);
        return job;
    }
    service->recoveryPoint(pointId, job, [job](Result<RecoveryPoint> r) {
        if (r)
            job->m_source.point = r.value();
        job->partDone(r ? std::nullopt : std::optional<Error>(r.error()));
    });
    service->item(id.itemId(), job, [job](Result<ProtectedItem> r) {
        if (r)
            job->m_source.item = r.value();
        job->partDone(r ? std::nullopt : std::optional<Error>(r.error()));
    });
    job->m_source.vaultId = id.vaultId();
    service->vault(id.vaultId(), job, [job](Result<Vault> r) {
        if (r)
            job->m_source.vaultLocation = r->location;
        job->partDone(r ? std::nullopt : std::optional<Error>(r.error()));
    });
    return job;
}

RestoreSourceJob::RestoreSourceJob(QObject *owner, Done done)
    : RestoreDesk::Job<RestoreSource>(owner, std::move(done))
{ }

RestoreSourceJob::~RestoreSourceJob()
{
    // The reads report to this job: end them while it is whole.
    report(cancelledError());
    qDeleteAll(findChildren<JobBase *>(Qt::FindDirectChildrenOnly));
}

void RestoreSourceJob::cancel()
{
    report(cancelledError());
    for (JobBase *j : findChildren<JobBase *>(Qt::FindDirectChildrenOnly))
        j->cancel();
}

void RestoreSourceJob::partDone(const std::optional<Error> &error)
{
    if (isFinished())
        return;
    if (error)
        return report(*error);
    if (--m_pending == 0)
        report(m_source);
}

} // namespace RestoreDesk::Backup
