#pragma once

#include "core/job.h"

namespace RestoreDesk::Backup {

// A job whose answer is known at once: it reports `result` from the event loop, so callers see
// the same shape (a job, then one report) as for a request. Owner's thread.
template<typename T>
class ReadyJob final : public RestoreDesk::Job<T>
{
public:
    static ReadyJob *start(Result<T> result, QObject *owner, typename RestoreDesk::Job<T>::Done done)
    {
        auto *job = new ReadyJob(owner, std::move(done));
        QMetaObject::invokeMethod(
            job, [job, result] { job->report(result); }, Qt::QueuedConnection);
        return job;
    }
    ~ReadyJob() override { this->report(this->cancelledError()); }
    void cancel() override { this->report(this->cancelledError()); }

private:
    ReadyJob(QObject *owner, typename RestoreDesk::Job<T>::Done done)
        : RestoreDesk::Job<T>(owner, std::move(done))
    { }
};

} // namespace RestoreDesk::Backup
