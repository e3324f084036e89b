#include "figures.h"

namespace RestoreDesk::Bench {

QList<Figure> allFigures()
{
    QList<Figure> f;
    f << Figure { QStringLiteral("startup_vs_empty_window"),
                  QStringLiteral("ratio"),
                  QStringLiteral("ms"),
                  QStringLiteral("empty QMainWindow, same flags"),
                  QStringLiteral("<= 1.5"),
                  true,
                  {},
                  {},
                  measureStartup };
    f << Figure { QStringLiteral("inventory_vs_critical_path"),
                  QStringLiteral("ratio"),
                  QStringLiteral("ms"),
                  QStringLiteral("dependent round trips × latency"),
                  QStringLiteral("<= 1.3"),
                  true,
                  {},
                  {},
                  measureInventoryCriticalPath };
    f << Figure { QStringLiteral("sequential_vs_ours"),
                  QStringLiteral("ratio"),
                  QStringLiteral("ms"),
                  QStringLiteral("ours (the figure is sequential ÷ ours)"),
                  QStringLiteral(">= 10"),
                  true,
                  {},
                  {},
                  measureInventorySequential };
    f << Figure { QStringLiteral("inventory_scaling"),
                  QStringLiteral("ratio"),
                  QStringLiteral("ms"),
                  QStringLiteral("the same at 1×"),
                  QStringLiteral("<= 3"),
                  true,
                  { QStringLiteral("4×"), QStringLiteral("16×") },
                  { QStringLiteral("<= 1.5"), QStringLiteral("<= 3") },
                  measureInventoryScaling };
    f << Figure { QStringLiteral("gui_max_stall_ms"),
                  QStringLiteral("ms"),
                  {},
                  QStringLiteral("— (event-loop heartbeat)"),
                  QStringLiteral("<= 50"),
                  false,
                  {},
                  {},
                  measurePointsStall };
    f << Figure { QStringLiteral("estate_gui_max_stall_ms"),
                  QStringLiteral("ms"),
                  {},
                  QStringLiteral("— (event-loop heartbeat)"),
                  QStringLiteral("<= 50"),
                  false,
                  {},
                  {},
                  measureEstateStall };
    f << Figure { QStringLiteral("bytes_per_point_row"),
                  QStringLiteral("bytes"),
                  {},
                  QStringLiteral("— (RSS before the load)"),
                  QStringLiteral("<= 400"),
                  false,
                  {},
                  {},
                  measurePointsMemory };
    f << Figure { QStringLiteral("audit_verify_vs_sha256sum"),
                  QStringLiteral("ratio"),
                  QStringLiteral("ms"),
                  QStringLiteral("sha256sum of the same file"),
                  QStringLiteral("<= 4"),
                  true,
                  {},
                  {},
                  measureAuditVerify };
    f << Figure { QStringLiteral("signin_backchannel_requests_warm"),
                  QStringLiteral("requests"),
                  {},
                  QStringLiteral("— (counted at the sandbox)"),
                  QStringLiteral("== 1"),
                  false,
                  {},
                  {},
                  measureSignIn };
    return f;
}

} // namespace RestoreDesk::Bench
