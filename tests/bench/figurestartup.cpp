#include "benchprocess.h"
#include "figures.h"

#include <QDir>
#include <QRegularExpression>

namespace RestoreDesk::Bench {

namespace {

// Milliseconds from just before the process started to its first painted window, or -1.
double firstPaintMs(const QString &program, const QString &home, const BenchContext &ctx, QString *error)
{
    QDir(home).removeRecursively();
    QProcessEnvironment env = guiEnvironment(home, ctx.workDir + QStringLiteral("/xdg-cache"), ctx.platform);
    env.insert(QStringLiteral("RESTOREDESK_BENCH_FIRST_PAINT"), QStringLiteral("1"));
    const RunResult r = runProcess(program, {}, 60000, env);
    static const QRegularExpression line(QStringLiteral("first-paint (\\d+)"));
    const auto m = line.match(QString::fromLatin1(r.out));
    if (!r.ok() || !m.hasMatch()) {
        *error = r.ok() ? QStringLiteral("%1 printed no first-paint line").arg(program) : r.describe(program);
        return -1;
    }
    QDir(home).removeRecursively();
    return double(m.captured(1).toLongLong() - r.startNs) / 1e6;
}

} // namespace

Samples measureStartup(const BenchContext &ctx)
{
    Samples s;
    const QString gui = ctx.program(QStringLiteral("app/gui/restoredesk"));
    const QString empty = ctx.program(QStringLiteral("tests/bench/rd_bench_empty_window"));
    const QString home = ctx.workDir + QStringLiteral("/startup-home");
    QString error;
    // One unmeasured start of each: the page cache and the font cache are then warm for both.
    if (firstPaintMs(gui, home, ctx, &error) < 0 || firstPaintMs(empty, home, ctx, &error) < 0) {
        s.error = error;
        return s;
    }
    const int runs = ctx.tiny ? 1 : qMax(ctx.runs, 7);
    for (int i = 0; i < runs; ++i) {
        // Alternate which goes first, so neither always runs right after the other.
        double ours = 0, base = 0;
        if (i % 2 == 0) {
            ours = firstPaintMs(gui, home, ctx, &error);
            base = firstPaintMs(empty, home, ctx, &error);
        } else {
            base = firstPaintMs(empty, home, ctx, &error);
            ours = firstPaintMs(gui, home, ctx, &error);
        }
        if (ours < 0 || base < 0) {
            s.error = error;
            return s;
        }
        s.runs << Sample { ours / base, ours, base, {} };
    }
    s.notes << QStringLiteral(
                   "process start (just before exec) to the first paint of the main window, flushed; the "
                   "console with no profile (the sign-in page; its built-in sandbox starts once the window "
                   "is painted) vs an empty QMainWindow of the same size, fresh HOME each run, %1 pairs "
                   "in alternating order after one unmeasured start of each")
                   .arg(runs);
    return s;
}

} // namespace RestoreDesk::Bench
