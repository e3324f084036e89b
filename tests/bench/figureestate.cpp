#include "benchprocess.h"
#include "figures.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace RestoreDesk::Bench {

// estate_gui_max_stall_ms: rd_estate_bench against a sandbox at 16× the inventory figures' 1×
// estate (48 subscriptions × 10 vaults × 100 items: 48 000 protected items in 480 vaults, beside
// the seed's own); tiny: 2 × 2 × 10.
Samples measureEstateStall(const BenchContext &ctx)
{
    Samples s;
    const int subscriptions = ctx.tiny ? 2 : 48;
    const int vaults = ctx.tiny ? 2 : 10;
    const int items = ctx.tiny ? 10 : 100;
    const QString spec = QStringLiteral("subscriptions=%1,vaults=%2,items=%3,points=1")
                             .arg(subscriptions)
                             .arg(vaults)
                             .arg(items);
    SandboxProcess sandbox;
    if (!sandbox.start(SandboxProcess::program(ctx.binDir), { QStringLiteral("--scale"), spec }, &s.error))
        return s;
    const QString program = ctx.program(QStringLiteral("tests/bench/rd_estate_bench"));
    const QProcessEnvironment env = guiEnvironment(ctx.workDir + QStringLiteral("/estate-home"),
                                                   ctx.workDir + QStringLiteral("/xdg-cache"), ctx.platform);
    const int generatedVaults = subscriptions * vaults;
    QJsonObject last;
    for (int i = 0; i < (ctx.tiny ? 1 : ctx.runs); ++i) {
        const RunResult r
            = runProcess(program,
                         sandbox.clientArguments()
                             + QStringList { QStringLiteral("--vaults"), QString::number(generatedVaults) },
                         900000, env);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        if (!r.ok() || !o.contains(QStringLiteral("maxStallMs"))) {
            s.error = r.describe(program);
            return s;
        }
        const double v = o.value(QStringLiteral("maxStallMs")).toDouble();
        s.runs << Sample { v, v, 0, {} };
        last = o;
    }
    s.notes << QStringLiteral(
                   "--scale %1: the console (main window, console page, estate controller, backup "
                   "service, signed in) loads the estate's overview (%2 protected items in %3 "
                   "vaults), expands the tree to the vaults of its %4 subscriptions and shows a "
                   "generated vault's page (%5 items); %6 requests, %7 overview rebuilds, %8 ms "
                   "to the last load in the last run; QPA %9; a 1 ms heartbeat timer on the GUI "
                   "thread, the longest gap between two ticks from the hand-over of the service to "
                   "300 ms after the loads")
                   .arg(spec)
                   .arg(last.value(QStringLiteral("items")).toInt())
                   .arg(last.value(QStringLiteral("vaults")).toInt())
                   .arg(last.value(QStringLiteral("subscriptions")).toInt())
                   .arg(last.value(QStringLiteral("vaultItems")).toInt())
                   .arg(last.value(QStringLiteral("requests")).toInt())
                   .arg(last.value(QStringLiteral("rebuilds")).toInt())
                   .arg(last.value(QStringLiteral("loadMs")).toDouble(), 0, 'f', 0)
                   .arg(ctx.platform);
    s.detail = last;
    return s;
}

} // namespace RestoreDesk::Bench
