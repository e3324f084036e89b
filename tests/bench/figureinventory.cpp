#include "figures.h"

namespace RestoreDesk::Bench {

Samples measureInventoryCriticalPath(const BenchContext &)
{
    Samples s;
    s.error = QStringLiteral("not yet");
    return s;
}

Samples measureInventorySequential(const BenchContext &)
{
    Samples s;
    s.error = QStringLiteral("not yet");
    return s;
}

Samples measureInventoryScaling(const BenchContext &)
{
    Samples s;
    s.error = QStringLiteral("not yet");
    return s;
}

} // namespace RestoreDesk::Bench
