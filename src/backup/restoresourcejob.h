#pragma once

#include "backup/restorerequest.h"
#include "core/job.h"

#include <QPointer>

namespace RestoreDesk::Backup {

class BackupService;

// Reads what a restore starts from, all at once: the recovery point, its protected item and its
// vault (for the region). Reports the three together, or the first error. Composite: ends its
// reads in its destructor. Owner's thread.
class RestoreSourceJob final : public RestoreDesk::Job<RestoreSource>
{
    Q_OBJECT

public:
    static RestoreSourceJob *start(BackupService *service, const QString &pointId, QObject *owner, Done done);
    ~RestoreSourceJob() override;
    void cancel() override;

private:
    RestoreSourceJob(QObject *owner, Done done);
    void partDone(const std::optional<Error> &error);

    RestoreSource m_source;
    int m_pending = 3;
};

} // namespace RestoreDesk::Backup
