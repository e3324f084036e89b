#include "benchprocess.h"
#include "figures.h"

#include <QJsonDocument>
#include <QJsonObject>

#include <array>

namespace RestoreDesk::Bench {

namespace {

constexpr int kLatencyMs = 40;

// The estate at `factor` × 3 subscriptions × 10 vaults × 100 items (tiny: 1 × 2 × 10), with the
// injected latency, served by one sandbox process for all the runs.
struct Estate
{
    SandboxProcess sandbox;
    QString spec;

    bool start(const BenchContext &ctx, int factor, QString *error)
    {
        spec = ctx.tiny ? QStringLiteral("subscriptions=%1,vaults=2,items=10,points=1").arg(factor)
                        : QStringLiteral("subscriptions=%1,vaults=10,items=100,points=1").arg(3 * factor);
        return sandbox.start(
            SandboxProcess::program(ctx.binDir),
            { QStringLiteral("--latency"), QString::number(kLatencyMs), QStringLiteral("--scale"), spec },
            error);
    }
};

// One listing of the estate by rd_inventory_bench; its JSON, or an error.
QJsonObject listOnce(const BenchContext &ctx, const Estate &estate, bool sequential, QString *error)
{
    const QString program = ctx.program(QStringLiteral("tests/bench/rd_inventory_bench"));
    QStringList args = estate.sandbox.clientArguments();
    if (sequential)
        args << QStringLiteral("--sequential");
    else
        args << QStringLiteral("--cli") << ctx.program(QStringLiteral("app/cli/restoredesk-cli"))
             << QStringLiteral("--work") << ctx.workDir + QStringLiteral("/inventory");
    const RunResult r = runProcess(program, args, 900000);
    const QJsonObject o = QJsonDocument::fromJson(r.out).object();
    if (!r.ok() || !o.contains(QStringLiteral("ms")))
        *error = r.describe(program);
    return o;
}

// One listing not measured, before the measured ones, as the startup figure starts each program
// once first: the first listing of a figure ran slower than the rest (1×: 313 ms against
// 205–226 ms), though rd_inventory_bench's own untimed listing had already asked the sandbox for
// every page. False on an error.
bool warmUp(const BenchContext &ctx, const Estate &estate, QString *error)
{
    if (!ctx.tiny)
        listOnce(ctx, estate, false, error);
    return error->isEmpty();
}

// What warmUp() did, for a figure's note.
QString warmUpNote(const BenchContext &ctx)
{
    return ctx.tiny ? QStringLiteral("no listing left unmeasured (the smoke scale)")
                    : QStringLiteral("after one listing not measured");
}

QString describe(const QJsonObject &o, const QString &spec)
{
    return QStringLiteral("--scale %1 (%2 subscriptions with the sandbox's own, %3 vaults, %4 items), "
                          "%5 requests, at most %6 in flight")
        .arg(spec)
        .arg(o.value(QStringLiteral("subscriptions")).toInt())
        .arg(o.value(QStringLiteral("vaults")).toInt())
        .arg(o.value(QStringLiteral("items")).toInt())
        .arg(o.value(QStringLiteral("requests")).toInt())
        .arg(o.value(QStringLiteral("peakInFlight")).toInt());
}

} // namespace

Samples measureInventoryCriticalPath(const BenchContext &ctx)
{
    Samples s;
    Estate estate;
    if (!estate.start(ctx, 1, &s.error) || !warmUp(ctx, estate, &s.error))
        return s;
    QJsonObject last;
    for (int i = 0; i < (ctx.tiny ? 1 : ctx.runs); ++i) {
        last = listOnce(ctx, estate, false, &s.error);
        if (!s.error.isEmpty())
            return s;
        const int path = last.value(QStringLiteral("criticalPath")).toInt();
        const double bound = double(path * kLatencyMs);
        const double ms = last.value(QStringLiteral("ms")).toDouble();
        s.runs << Sample { ms / bound, ms, bound, {} };
    }
    s.notes << QStringLiteral(
                   "`restoredesk-cli items list --all-vaults --output json` (subscriptions, the vaults "
                   "of each, the items of every vault; the whole process, from its start to its exit; its "
                   "output to a new file, read after the clock stops), "
                   "signed in (not timed; the access token in its environment), %1 ms injected latency, "
                   "%7; %2; the bound counts the "
                   "dependent round trips along the longest chain: %3 subscription page(s) + %4 vault "
                   "page(s) + %5 item page(s) = %6 × %1 ms")
                   .arg(kLatencyMs)
                   .arg(describe(last, estate.spec))
                   .arg(last.value(QStringLiteral("subscriptionPages")).toInt())
                   .arg(last.value(QStringLiteral("vaultPages")).toInt())
                   .arg(last.value(QStringLiteral("itemPages")).toInt())
                   .arg(last.value(QStringLiteral("criticalPath")).toInt())
                   .arg(warmUpNote(ctx));
    s.detail = last;
    return s;
}

Samples measureInventorySequential(const BenchContext &ctx)
{
    Samples s;
    Estate estate;
    if (!estate.start(ctx, 1, &s.error) || !warmUp(ctx, estate, &s.error))
        return s;
    QJsonObject seq;
    for (int i = 0; i < (ctx.tiny ? 1 : qMin(ctx.runs, 3)); ++i) {
        const QJsonObject ours = listOnce(ctx, estate, false, &s.error);
        seq = s.error.isEmpty() ? listOnce(ctx, estate, true, &s.error) : QJsonObject();
        if (!s.error.isEmpty())
            return s;
        const double a = seq.value(QStringLiteral("ms")).toDouble();
        const double b = ours.value(QStringLiteral("ms")).toDouble();
        s.runs << Sample { a / b, a, b, {} };
    }
    s.notes << QStringLiteral(
                   "the same inventory through the same backup service in the benchmark's process, with "
                   "the transport limited to one request in flight (as `az` lists, one call after "
                   "another; a mode of the benchmark) ÷ ours (the CLI's whole process, its output to a new "
                   "file read after the clock stops), %1; %2")
                   .arg(ctx.tiny ? QStringLiteral("no listing of ours left unmeasured (the smoke scale)")
                                 : QStringLiteral("after one listing of ours not measured"),
                        describe(seq, estate.spec));
    return s;
}

Samples measureInventoryScaling(const BenchContext &ctx)
{
    Samples s;
    // The three estates at once (all three sandboxes stay up for the figure), each listed once
    // unmeasured; then each run lists the three one after the other, so a slow moment of a shared
    // machine falls on all three of a run, not on every run of one of them. The order turns each
    // run (1× 4× 16×, then 4× 16× 1×, then 16× 1× 4×), so no scale always follows another.
    constexpr int kFactors[] = { 1, 4, 16 };
    std::array<Estate, 3> estates;
    for (int f = 0; f < 3; ++f) {
        if (!estates[f].start(ctx, kFactors[f], &s.error) || !warmUp(ctx, estates[f], &s.error))
            return s;
    }
    std::array<QJsonObject, 3> last;
    for (int i = 0; i < (ctx.tiny ? 1 : ctx.runs); ++i) {
        std::array<double, 3> t {};
        for (int k = 0; k < 3; ++k) {
            const int f = (k + i) % 3;
            last[f] = listOnce(ctx, estates[f], false, &s.error);
            if (!s.error.isEmpty())
                return s;
            t[f] = last[f].value(QStringLiteral("ms")).toDouble();
        }
        s.runs << Sample { t[2] / t[0], t[2], t[0], { t[1] / t[0], t[2] / t[0] } };
    }
    QStringList counted;
    for (int f = 0; f < 3; ++f)
        counted << QStringLiteral("%1×: %2").arg(kFactors[f]).arg(describe(last[f], estates[f].spec));
    s.notes << QStringLiteral(
                   "the inventory of inventory_vs_critical_path at 4× and 16× the subscriptions, "
                   "each ÷ the same at 1× in the same run (the three estates served at once, %1, "
                   "then all three in every run, the order turned by one each run); ours and baseline "
                   "columns: 16× and 1×; ")
                   .arg(ctx.tiny ? QStringLiteral("none listed unmeasured first (the smoke scale)")
                                 : QStringLiteral("each listed once unmeasured"))
            + counted.join(QStringLiteral("; "));
    return s;
}

} // namespace RestoreDesk::Bench
