#include "backup/restoretargetscheck.h"

#include "backup/restoretargetcheck.h"

namespace RestoreDesk::Backup {

QList<RestoreRequest::Problem> RestoreTargetsReport::blocking() const
{
    QList<RestoreRequest::Problem> out;
    for (const RestoreRequest::Problem &p : problems) {
        if (RestoreTargetCheck::blocks(p))
            out << p;
    }
    return out;
}

QList<RestoreRequest::Problem> RestoreTargetsReport::notes() const
{
    QList<RestoreRequest::Problem> out;
    for (const RestoreRequest::Problem &p : problems) {
        if (!RestoreTargetCheck::blocks(p))
            out << p;
    }
    return out;
}

RestoreTargetsCheck *RestoreTargetsCheck::start(RestoreService *service, const RestoreRequest &request,
                                                QObject *owner, Done done)
{
    auto *job = new RestoreTargetsCheck(owner, std::move(done));
    const auto targets = request.lookupTargets();
    job->m_byTarget.resize(targets.size());
    job->m_pending = int(targets.size()) + 1;
    for (int i = 0; i < int(targets.size()); ++i) {
        const auto &[field, id] = targets.at(i);
        service->lookup(id, job, [job, i, request, field = field, id = id](Result<TargetLookup> l) {
            // Its parts end with it (cancel, destruction): the report is made already then.
            if (job->isFinished())
                return;
            job->m_byTarget[i] = RestoreTargetCheck::judge(request, field, id, l);
            job->partDone();
        });
    }
    service->validate(request, job, [job](Result<QList<ArmError>> findings) {
        if (job->isFinished())
            return;
        if (findings)
            job->m_report.findings = findings.value();
        else
            job->m_report.validateError = findings.error();
        job->partDone();
    });
    return job;
}

RestoreTargetsCheck::RestoreTargetsCheck(QObject *owner, Done done)
    : RestoreDesk::Job<RestoreTargetsReport>(owner, std::move(done))
{ }

RestoreTargetsCheck::~RestoreTargetsCheck()
{
    // The parts report to this job: end them while it is whole (finished() is not emitted from
    // a destructor, as Job promises).
    reportWhileDestroyed(cancelledError());
    qDeleteAll(findChildren<JobBase *>(Qt::FindDirectChildrenOnly));
}

void RestoreTargetsCheck::cancel()
{
    report(cancelledError());
    for (JobBase *j : findChildren<JobBase *>(Qt::FindDirectChildrenOnly))
        j->cancel();
}

void RestoreTargetsCheck::partDone()
{
    if (--m_pending > 0)
        return;
    for (const QList<RestoreRequest::Problem> &p : std::as_const(m_byTarget))
        m_report.problems << p;
    report(m_report);
}

} // namespace RestoreDesk::Backup
