#pragma once

#include "core/job.h"

#include <QPointer>

#include <functional>

namespace RestoreDesk::Backup {

// A job made of another: it starts the inner job (parented to itself), turns the inner result
// into its own through `map` (which may do more work, e.g. record an outcome), and reports that;
// a cancelled inner job is reported as cancelled without `map`.
// Composite: ends the inner job in its destructor; ignores it once it has reported. Owner's thread.
template<typename T, typename U>
class MappedJob final : public RestoreDesk::Job<T>
{
public:
    using Begin = std::function<RestoreDesk::Job<U> *(QObject *owner, std::function<void(Result<U>)> done)>;
    using Map = std::function<Result<T>(Result<U>)>;

    static MappedJob *start(const Begin &begin, Map map, QObject *owner,
                            typename RestoreDesk::Job<T>::Done done)
    {
        auto *job = new MappedJob(owner, std::move(map), std::move(done));
        job->m_inner = begin(job, [job](Result<U> r) {
            if (job->isFinished())
                return;
            // Cancelled (also when this job is being destroyed): nothing to map or record.
            if (!r && r.error().kind == Error::Kind::Cancelled)
                return job->report(r.error());
            job->report(job->m_map(std::move(r)));
        });
        return job;
    }
    ~MappedJob() override
    {
        if (m_inner)
            delete m_inner.data();
        this->report(this->cancelledError());
    }
    void cancel() override
    {
        this->report(this->cancelledError());
        if (m_inner)
            m_inner->cancel();
    }

private:
    MappedJob(QObject *owner, Map map, typename RestoreDesk::Job<T>::Done done)
        : RestoreDesk::Job<T>(owner, std::move(done))
        , m_map(std::move(map))
    { }

    Map m_map;
    QPointer<JobBase> m_inner;
};

} // namespace RestoreDesk::Backup
