#pragma once

#include "arm/armclient.h"
#include "core/job.h"

#include <QPointer>

#include <functional>

namespace RestoreDesk::Backup {

// One ARM request whose answer becomes a value through `map` (which may refuse it with an
// error). The service calls that are neither a listing nor a typed read (submit, validate,
// cancel, target lookups) are made of it. Reports once; cancellable; owner's thread.
template<typename T>
class ArmCallJob final : public RestoreDesk::Job<T>
{
public:
    using Map = std::function<Result<T>(Result<Arm::ArmResponse>)>;

    static ArmCallJob *start(Arm::ArmClient *arm, const Arm::ArmRequest &request, QObject *owner, Map map,
                             typename RestoreDesk::Job<T>::Done done)
    {
        auto *job = new ArmCallJob(owner, std::move(map), std::move(done));
        job->m_call = arm->send(request, job, [job](Result<Arm::ArmResponse> r) {
            if (job->isFinished())
                return;
            job->report(job->m_map(std::move(r)));
        });
        return job;
    }

    ~ArmCallJob() override
    {
        // The inner call reports to this job: end it while this job is whole.
        if (m_call)
            delete m_call.data();
        this->report(this->cancelledError());
    }
    void cancel() override
    {
        this->report(this->cancelledError());
        if (m_call)
            m_call->cancel();
    }

private:
    ArmCallJob(QObject *owner, Map map, typename RestoreDesk::Job<T>::Done done)
        : RestoreDesk::Job<T>(owner, std::move(done))
        , m_map(std::move(map))
    { }

    Map m_map;
    QPointer<Arm::ArmCall> m_call;
};

} // namespace RestoreDesk::Backup
