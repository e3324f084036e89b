#pragma once

#include "benchfigure.h"

namespace RestoreDesk::Bench {

// Each figure's measurement (one file each).
Samples measureStartup(const BenchContext &ctx);
Samples measureAuditVerify(const BenchContext &ctx);
Samples measureSignIn(const BenchContext &ctx);
Samples measurePointsStall(const BenchContext &ctx);
Samples measurePointsMemory(const BenchContext &ctx);
Samples measureEstateStall(const BenchContext &ctx);
Samples measureInventoryCriticalPath(const BenchContext &ctx);
Samples measureInventorySequential(const BenchContext &ctx);
Samples measureInventoryScaling(const BenchContext &ctx);

} // namespace RestoreDesk::Bench
