#include "core/job.h"

namespace RestoreDesk {

JobBase::JobBase(QObject *owner)
    : QObject(owner)
{ }

} // namespace RestoreDesk
