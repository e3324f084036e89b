#include "timelineticks.h"

#include <QDateTime>
#include <QLocale>

#include <iterator>

namespace RestoreDesk {

namespace {

constexpr qint64 kHourMs = 3600 * 1000;
constexpr qint64 kDayMs = 24 * kHourMs;

enum class Unit { Hours, Days, Months, Years };

struct Step
{
    Unit unit;
    int count;
    qint64 approxMs;
};

constexpr Step kSteps[] = {
    { Unit::Hours, 1, kHourMs },         { Unit::Hours, 3, 3 * kHourMs },
    { Unit::Hours, 6, 6 * kHourMs },     { Unit::Hours, 12, 12 * kHourMs },
    { Unit::Days, 1, kDayMs },           { Unit::Days, 2, 2 * kDayMs },
    { Unit::Days, 7, 7 * kDayMs },       { Unit::Days, 14, 14 * kDayMs },
    { Unit::Months, 1, 30 * kDayMs },    { Unit::Months, 3, 91 * kDayMs },
    { Unit::Months, 6, 182 * kDayMs },   { Unit::Years, 1, 365 * kDayMs },
    { Unit::Years, 2, 730 * kDayMs },    { Unit::Years, 5, 1826 * kDayMs },
    { Unit::Years, 10, 3652 * kDayMs },  { Unit::Years, 25, 9131 * kDayMs },
    { Unit::Years, 50, 18262 * kDayMs }, { Unit::Years, 100, 36525 * kDayMs },
};

QDateTime local(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms).toLocalTime();
}

// The first tick at or before `from`, aligned to the step.
QDateTime firstTick(const QDateTime &from, const Step &s)
{
    const QDate d = from.date();
    switch (s.unit) {
    case Unit::Hours:
        return QDateTime(d, QTime(from.time().hour() / s.count * s.count, 0));
    case Unit::Days:
        if (s.count >= 7)
            return QDateTime(d.addDays(1 - d.dayOfWeek()), QTime(0, 0)); // Mondays
        return QDateTime(d, QTime(0, 0));
    case Unit::Months:
        return QDateTime(QDate(d.year(), (d.month() - 1) / s.count * s.count + 1, 1), QTime(0, 0));
    case Unit::Years:
        return QDateTime(QDate(d.year() / s.count * s.count, 1, 1), QTime(0, 0));
    }
    return from;
}

QDateTime next(const QDateTime &t, const Step &s)
{
    switch (s.unit) {
    case Unit::Hours:
        return t.addSecs(qint64(s.count) * 3600);
    case Unit::Days:
        return QDateTime(t.date().addDays(s.count), QTime(0, 0));
    case Unit::Months:
        return QDateTime(t.date().addMonths(s.count), QTime(0, 0));
    case Unit::Years:
        return QDateTime(t.date().addYears(s.count), QTime(0, 0));
    }
    return t.addDays(1);
}

QString label(const QDateTime &t, const Step &s, bool *major)
{
    const QLocale locale;
    *major = false;
    switch (s.unit) {
    case Unit::Hours:
        if (t.time() == QTime(0, 0)) {
            *major = true;
            return locale.toString(t, QStringLiteral("d MMM"));
        }
        return locale.toString(t, QStringLiteral("HH:mm"));
    case Unit::Days:
        if (t.date().day() <= s.count && s.count < 7) // the first tick of a month says which
            *major = true;
        return locale.toString(t, QStringLiteral("d MMM"));
    case Unit::Months:
        *major = t.date().month() == 1;
        return locale.toString(t, QStringLiteral("MMM yyyy"));
    case Unit::Years:
        return locale.toString(t, QStringLiteral("yyyy"));
    }
    return {};
}

} // namespace

QList<TimelineTick> timelineTicks(qint64 fromMs, qint64 toMs, int widthPx, int minSpacingPx)
{
    QList<TimelineTick> out;
    if (toMs <= fromMs || widthPx <= 0)
        return out;
    const double msPerPx = double(toMs - fromMs) / widthPx;
    const Step *step = &kSteps[std::size(kSteps) - 1];
    for (const Step &s : kSteps) {
        if (double(s.approxMs) / msPerPx >= minSpacingPx) {
            step = &s;
            break;
        }
    }
    QDateTime t = firstTick(local(fromMs), *step);
    for (int guard = 0; guard < 1000 && t.isValid() && t.toMSecsSinceEpoch() <= toMs; ++guard) {
        const qint64 ms = t.toMSecsSinceEpoch();
        if (ms >= fromMs) {
            TimelineTick tick;
            tick.ms = ms;
            tick.label = label(t, *step, &tick.major);
            out << tick;
        }
        const QDateTime n = next(t, *step);
        if (n <= t)
            break;
        t = n;
    }
    return out;
}

} // namespace RestoreDesk
