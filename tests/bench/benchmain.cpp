// rd_bench: runs the benchmark figures (packaging/bench.sh), each several times side by side with
// its baseline, prints the table and writes results.json. Benchmarks are not tests: a figure that
// misses its goal is reported, never a failure (the exit code is 0 unless the runner could not
// run at all; with --tiny, the smoke run, also when a figure could not be measured, so the
// benchmarks do not rot — never for a figure that misses its goal).
//   rd_bench --bin-dir DIR --work-dir DIR --out FILE [--runs N] [--tiny] [--platform P] [NAME...]
#include "benchfigure.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLibraryInfo>
#include <QSysInfo>
#include <QTextStream>
#include <QThread>

#include <algorithm>
#include <cmath>
#include <cstdio>

using namespace RestoreDesk::Bench;

namespace {

struct Stats
{
    double median = 0;
    double min = 0;
    double max = 0;
};

Stats statsOf(QList<double> v)
{
    Stats s;
    if (v.isEmpty())
        return s;
    std::sort(v.begin(), v.end());
    const qsizetype n = v.size();
    s.median = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    s.min = v.first();
    s.max = v.last();
    return s;
}

// "<= 1.5", ">= 10", "== 1": whether `value` meets it.
bool meets(double value, const QString &goal)
{
    const QString op = goal.left(2);
    const double target = goal.mid(2).trimmed().toDouble();
    if (op == QLatin1String("<="))
        return value <= target + 1e-9;
    if (op == QLatin1String(">="))
        return value >= target - 1e-9;
    if (op == QLatin1String("=="))
        return std::abs(value - target) < 1e-9;
    return false;
}

QString number(double v)
{
    if (std::abs(v) >= 100)
        return QString::number(v, 'f', 0);
    if (std::abs(v) >= 10)
        return QString::number(v, 'f', 1);
    return QString::number(v, 'f', 2);
}

// number(v), with more digits when the shorter text would read as meeting `goal` while `v` does
// not, or the other way round (1.3021 misses "<= 1.3"; "1.30" would not show why).
QString number(double v, const QString &goal)
{
    QString text = number(v);
    for (int decimals = 3; decimals <= 6 && meets(text.toDouble(), goal) != meets(v, goal); ++decimals)
        text = QString::number(v, 'f', decimals);
    return text;
}

QString goalText(const QString &goal)
{
    return QString(goal)
        .replace(QLatin1String("<="), QStringLiteral("≤"))
        .replace(QLatin1String(">="), QStringLiteral("≥"))
        .replace(QLatin1String("=="), QStringLiteral("="));
}

QString cpuModel()
{
    QFile f(QStringLiteral("/proc/cpuinfo"));
    if (!f.open(QIODevice::ReadOnly))
        return QStringLiteral("unknown");
    for (const QByteArray &line : f.readAll().split('\n')) {
        if (line.startsWith("model name"))
            return QString::fromUtf8(line.mid(line.indexOf(':') + 1)).trimmed();
    }
    return QStringLiteral("unknown");
}

QJsonObject machine(const BenchContext &ctx)
{
    QJsonObject m;
    m.insert(QStringLiteral("cpu"), cpuModel());
    m.insert(QStringLiteral("cores"), QThread::idealThreadCount());
    m.insert(QStringLiteral("kernel"), QSysInfo::kernelType() + QLatin1Char(' ') + QSysInfo::kernelVersion());
    m.insert(QStringLiteral("os"), QSysInfo::prettyProductName());
    m.insert(QStringLiteral("qt"), QString::fromLatin1(qVersion()));
#if defined(__clang__)
    m.insert(QStringLiteral("compiler"), QStringLiteral("clang " __clang_version__));
#elif defined(__GNUC__)
    m.insert(QStringLiteral("compiler"), QStringLiteral("gcc " __VERSION__));
#endif
    m.insert(QStringLiteral("build"), QStringLiteral(RD_BENCH_BUILD_TYPE));
    m.insert(QStringLiteral("qpa"), ctx.platform);
    m.insert(QStringLiteral("commit"), qEnvironmentVariable("RD_BENCH_COMMIT"));
    m.insert(QStringLiteral("date"), QDateTime::currentDateTimeUtc().toString(Qt::ISODate));
    m.insert(QStringLiteral("scale"), ctx.tiny ? QStringLiteral("tiny") : QStringLiteral("full"));
    return m;
}

int usage()
{
    std::fprintf(stderr,
                 "usage: rd_bench --bin-dir DIR --work-dir DIR --out FILE [--runs N] [--tiny] "
                 "[--platform P] [--list] [NAME...]\n");
    return 2;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    QStringList args = app.arguments().mid(1);
    BenchContext ctx;
    ctx.platform = qEnvironmentVariable("QT_QPA_PLATFORM", QStringLiteral("offscreen"));
    QString out;
    QStringList names;
    bool list = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString a = args[i];
        auto value = [&]() -> QString { return i + 1 < args.size() ? args[++i] : QString(); };
        if (a == QLatin1String("--bin-dir"))
            ctx.binDir = value();
        else if (a == QLatin1String("--work-dir"))
            ctx.workDir = value();
        else if (a == QLatin1String("--out"))
            out = value();
        else if (a == QLatin1String("--runs"))
            ctx.runs = qMax(1, value().toInt());
        else if (a == QLatin1String("--platform"))
            ctx.platform = value();
        else if (a == QLatin1String("--tiny"))
            ctx.tiny = true;
        else if (a == QLatin1String("--list"))
            list = true;
        else if (a.startsWith(QLatin1String("--")))
            return usage();
        else
            names << a;
    }
    const QList<Figure> figures = allFigures();
    if (list) {
        for (const Figure &f : figures)
            std::printf("%s\n", qPrintable(f.name));
        return 0;
    }
    if (ctx.binDir.isEmpty() || ctx.workDir.isEmpty() || out.isEmpty())
        return usage();
    for (const QString &n : names) {
        if (std::none_of(figures.begin(), figures.end(), [&](const Figure &f) { return f.name == n; })) {
            std::fprintf(stderr, "rd_bench: no figure named %s (--list lists them)\n", qPrintable(n));
            return 2;
        }
    }
    QDir().mkpath(ctx.workDir);
    if (ctx.tiny)
        ctx.runs = 1;

    QTextStream table(stdout);
    QJsonArray results;
    QStringList rows;
    QStringList notes;
    int unmeasured = 0;
    for (const Figure &f : figures) {
        if (!names.isEmpty() && !names.contains(f.name))
            continue;
        std::fprintf(stderr, "rd_bench: %s …\n", qPrintable(f.name));
        const Samples s = f.measure(ctx);
        QJsonObject o;
        o.insert(QStringLiteral("name"), f.name);
        o.insert(QStringLiteral("unit"), f.unit);
        o.insert(QStringLiteral("baseline"), f.baseline);
        o.insert(QStringLiteral("goal"), f.goal);
        o.insert(QStringLiteral("runs"), int(s.runs.size()));
        for (const QString &n : s.notes)
            notes << QStringLiteral("- `%1`: %2").arg(f.name, n);
        if (!s.error.isEmpty() || s.runs.isEmpty()) {
            const QString why = s.error.isEmpty() ? QStringLiteral("no run") : s.error;
            o.insert(QStringLiteral("error"), why);
            o.insert(QStringLiteral("value"), QJsonValue::Null);
            results << o;
            rows << QStringLiteral("| `%1` | — | — | — | — | — | %2 (not measured: %3) |")
                        .arg(f.name, goalText(f.goal), why);
            std::fprintf(stderr, "rd_bench: %s not measured: %s\n", qPrintable(f.name), qPrintable(why));
            ++unmeasured;
            continue;
        }
        QList<double> values, ours, base;
        QList<QList<double>> parts(f.parts.size());
        QJsonArray samples;
        for (const Sample &r : s.runs) {
            values << r.value;
            ours << r.ours;
            base << r.baseline;
            for (qsizetype p = 0; p < parts.size() && p < r.parts.size(); ++p)
                parts[p] << r.parts[p];
            QJsonObject one { { QStringLiteral("value"), r.value } };
            if (f.ratio) {
                one.insert(QStringLiteral("ours"), r.ours);
                one.insert(QStringLiteral("baseline"), r.baseline);
            }
            samples << one;
        }
        const Stats v = statsOf(values);
        bool met = meets(v.median, f.goal);
        o.insert(QStringLiteral("value"), v.median);
        o.insert(QStringLiteral("min"), v.min);
        o.insert(QStringLiteral("max"), v.max);
        o.insert(QStringLiteral("samples"), samples);
        QString ratioCell = f.ratio ? number(v.median, f.goal) : QStringLiteral("—");
        QString goalCell = goalText(f.goal);
        if (!f.parts.isEmpty()) {
            QJsonArray partsJson;
            QStringList cells;
            met = true;
            for (qsizetype p = 0; p < f.parts.size(); ++p) {
                const Stats ps = statsOf(parts[p]);
                const bool pm = meets(ps.median, f.partGoals.value(p));
                met = met && pm;
                partsJson << QJsonObject { { QStringLiteral("name"), f.parts[p] },
                                           { QStringLiteral("value"), ps.median },
                                           { QStringLiteral("min"), ps.min },
                                           { QStringLiteral("max"), ps.max },
                                           { QStringLiteral("goal"), f.partGoals.value(p) },
                                           { QStringLiteral("met"), pm } };
                cells << QStringLiteral("%1 (%2)").arg(number(ps.median, f.partGoals.value(p)), f.parts[p]);
            }
            o.insert(QStringLiteral("parts"), partsJson);
            ratioCell = cells.join(QStringLiteral(" / "));
            QStringList goals;
            for (qsizetype p = 0; p < f.parts.size(); ++p)
                goals << QStringLiteral("%1 (%2)").arg(goalText(f.partGoals.value(p)), f.parts[p]);
            goalCell = goals.join(QStringLiteral(" / "));
        }
        o.insert(QStringLiteral("met"), met);
        if (!s.detail.isEmpty())
            o.insert(QStringLiteral("detail"), s.detail);
        if (!s.notes.isEmpty())
            o.insert(QStringLiteral("notes"), QJsonArray::fromStringList(s.notes));
        QString median, min, max, baseline;
        if (f.ratio) {
            const Stats a = statsOf(ours);
            const Stats b = statsOf(base);
            o.insert(QStringLiteral("ours"),
                     QJsonObject { { QStringLiteral("unit"), f.measureUnit },
                                   { QStringLiteral("median"), a.median },
                                   { QStringLiteral("min"), a.min },
                                   { QStringLiteral("max"), a.max } });
            o.insert(QStringLiteral("baselineValue"),
                     QJsonObject { { QStringLiteral("unit"), f.measureUnit },
                                   { QStringLiteral("median"), b.median },
                                   { QStringLiteral("min"), b.min },
                                   { QStringLiteral("max"), b.max } });
            median = number(a.median) + QLatin1Char(' ') + f.measureUnit;
            min = number(a.min) + QLatin1Char(' ') + f.measureUnit;
            max = number(a.max) + QLatin1Char(' ') + f.measureUnit;
            baseline = QStringLiteral("%1 %2 (%3)").arg(number(b.median), f.measureUnit, f.baseline);
        } else {
            median = number(v.median) + QLatin1Char(' ') + f.unit;
            min = number(v.min) + QLatin1Char(' ') + f.unit;
            max = number(v.max) + QLatin1Char(' ') + f.unit;
            baseline = f.baseline;
        }
        rows << QStringLiteral("| `%1` | %2 | %3 | %4 | %5 | %6 | %7 %8 |")
                    .arg(f.name, median, min, max, baseline, ratioCell, goalCell,
                         met ? QStringLiteral("✓") : QStringLiteral("✗ missed"));
        results << o;
    }

    table << "| figure | median | min | max | baseline | ratio | goal |\n";
    table << "|---|---|---|---|---|---|---|\n";
    for (const QString &r : std::as_const(rows))
        table << r << '\n';
    const QJsonObject m = machine(ctx);
    table << "\nMachine: " << m.value(QStringLiteral("cpu")).toString() << ", "
          << m.value(QStringLiteral("cores")).toInt() << " cores, "
          << m.value(QStringLiteral("kernel")).toString() << ", Qt "
          << m.value(QStringLiteral("qt")).toString() << ", "
          << m.value(QStringLiteral("compiler")).toString() << ", "
          << m.value(QStringLiteral("build")).toString() << ", QPA " << ctx.platform << "; "
          << (ctx.tiny ? QStringLiteral("tiny scale, 1 run")
                       : QStringLiteral("runs per figure: up to %1").arg(ctx.runs))
          << ".\n";
    if (!notes.isEmpty())
        table << "\nHow each figure counted:\n" << notes.join(QLatin1Char('\n')) << '\n';
    table.flush();

    const QJsonObject doc { { QStringLiteral("figures"), results }, { QStringLiteral("machine"), m } };
    QDir().mkpath(QFileInfo(out).absolutePath());
    QFile file(out);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate)) {
        std::fprintf(stderr, "rd_bench: cannot write %s\n", qPrintable(out));
        return 1;
    }
    file.write(QJsonDocument(doc).toJson(QJsonDocument::Indented));
    std::fprintf(stderr, "rd_bench: wrote %s\n", qPrintable(out));
    return ctx.tiny && unmeasured > 0 ? 3 : 0;
}
