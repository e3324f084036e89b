#include "benchprocess.h"
#include "figures.h"

#include <QJsonDocument>
#include <QJsonObject>

namespace RestoreDesk::Bench {

namespace {

// Runs rd_points_bench against a sandbox whose generated item has `points` recovery points;
// one JSON object per run.
QList<QJsonObject> runPoints(const BenchContext &ctx, QString *error, QStringList *notes)
{
    const int points = ctx.tiny ? 2000 : 20000;
    SandboxProcess sandbox;
    if (!sandbox.start(SandboxProcess::program(ctx.binDir),
                       { QStringLiteral("--scale"),
                         QStringLiteral("subscriptions=1,vaults=1,items=1,points=%1").arg(points) },
                       error))
        return {};
    const QString program = ctx.program(QStringLiteral("tests/bench/rd_points_bench"));
    QProcessEnvironment env = guiEnvironment(ctx.workDir + QStringLiteral("/points-home"),
                                             ctx.workDir + QStringLiteral("/xdg-cache"), ctx.platform);
    QList<QJsonObject> out;
    const int runs = ctx.tiny ? 1 : ctx.runs;
    for (int i = 0; i < runs; ++i) {
        const RunResult r = runProcess(program, sandbox.clientArguments(), 300000, env);
        const QJsonObject o = QJsonDocument::fromJson(r.out).object();
        if (!r.ok() || !o.contains(QStringLiteral("maxStallMs"))) {
            *error = r.describe(program);
            return {};
        }
        if (o.value(QStringLiteral("rows")).toInt() < points) {
            *error = QStringLiteral("only %1 of %2 points were loaded")
                         .arg(o.value(QStringLiteral("rows")).toInt())
                         .arg(points);
            return {};
        }
        out << o;
    }
    const QJsonObject &last = out.last();
    *notes << QStringLiteral("the console (main window, console page, estate controller, backup service, "
                             "signed in) shows one item's %1 recovery points from the sandbox (its default "
                             "page size; %2 requests, %3 ms to load in the last run); QPA %4")
                  .arg(last.value(QStringLiteral("rows")).toInt())
                  .arg(last.value(QStringLiteral("requests")).toInt())
                  .arg(last.value(QStringLiteral("loadMs")).toDouble(), 0, 'f', 0)
                  .arg(ctx.platform);
    return out;
}

} // namespace

Samples measurePointsStall(const BenchContext &ctx)
{
    Samples s;
    const QList<QJsonObject> runs = runPoints(ctx, &s.error, &s.notes);
    for (const QJsonObject &o : runs) {
        const double v = o.value(QStringLiteral("maxStallMs")).toDouble();
        s.runs << Sample { v, v, 0, {} };
    }
    if (!s.notes.isEmpty())
        s.notes.last() += QStringLiteral(
            "; a 1 ms heartbeat timer on the GUI thread, the longest gap between two ticks from the "
            "request to 300 ms after the load");
    if (!runs.isEmpty())
        s.detail = runs.last();
    return s;
}

Samples measurePointsMemory(const BenchContext &ctx)
{
    Samples s;
    const QList<QJsonObject> runs = runPoints(ctx, &s.error, &s.notes);
    for (const QJsonObject &o : runs) {
        const double v = o.value(QStringLiteral("bytesPerRow")).toDouble();
        s.runs << Sample { v, v, 0, {} };
    }
    if (!s.notes.isEmpty())
        s.notes.last() += QStringLiteral(
            "; resident set (/proc/self/statm) after the load minus before it, both after malloc_trim, "
            "÷ rows");
    if (!runs.isEmpty())
        s.detail = runs.last();
    return s;
}

} // namespace RestoreDesk::Bench
