#pragma once

#include <QJsonObject>
#include <QList>
#include <QString>
#include <QStringList>

#include <functional>

namespace RestoreDesk::Bench {

// Where the runner finds the programs it measures, and how big and how often it measures.
struct BenchContext
{
    QString binDir; // the build folder (build/release)
    QString workDir; // scratch space (build/bench/work)
    QString platform; // QT_QPA_PLATFORM for the GUI figures
    int runs = 5; // per figure; some figures take fewer when a run is long
    bool tiny = false; // the smoke scale: every figure once, small inputs (CI)

    QString program(const QString &relative) const { return binDir + QLatin1Char('/') + relative; }
};

// One run of a figure: the figure's own value, and for ratio figures what it divides (ours) and
// by what (the baseline), each in `unit`.
struct Sample
{
    double value = 0;
    double ours = 0;
    double baseline = 0;
    QList<double> parts; // a figure with several goals (Figure::parts): one value each
};

// The runs of one figure and what it printed about how it counted.
struct Samples
{
    QList<Sample> runs;
    QString error; // the figure could not be measured: why
    QStringList notes; // how it counted (printed, and kept in results.json)
    QJsonObject detail; // anything else worth keeping
};

// A figure of the benchmark table: its name in results.json, what it is compared with and its goal.
struct Figure
{
    QString name;
    QString unit; // of the value: "ratio", "ms", "bytes", "requests"
    QString measureUnit; // of ours/baseline for ratio figures ("ms")
    QString baseline; // what it was compared with
    QString goal; // "<= 1.5", ">= 10", "== 1"
    bool ratio = true;
    // A figure with several goals (inventory_scaling: 4x and 16x): their names and goals; the
    // figure's value is the last part's.
    QStringList parts;
    QStringList partGoals;
    std::function<Samples(const BenchContext &)> measure;
};

QList<Figure> allFigures();

} // namespace RestoreDesk::Bench
