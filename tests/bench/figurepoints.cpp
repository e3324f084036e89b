#include "figures.h"

namespace RestoreDesk::Bench {

Samples measurePointsStall(const BenchContext &)
{
    Samples s;
    s.error = QStringLiteral("not yet");
    return s;
}

Samples measurePointsMemory(const BenchContext &)
{
    Samples s;
    s.error = QStringLiteral("not yet");
    return s;
}

} // namespace RestoreDesk::Bench
