#include "sandbox/retentionplanner.h"

#include "core/qtcompat.h"

#include <QJsonArray>

namespace RestoreDesk::Sandbox {

namespace {

const QStringList kDays
    = { QStringLiteral("Monday"),   QStringLiteral("Tuesday"), QStringLiteral("Wednesday"),
        QStringLiteral("Thursday"), QStringLiteral("Friday"),  QStringLiteral("Saturday"),
        QStringLiteral("Sunday") };
const QStringList kMonths
    = { QStringLiteral("January"), QStringLiteral("February"), QStringLiteral("March"),
        QStringLiteral("April"),   QStringLiteral("May"),      QStringLiteral("June"),
        QStringLiteral("July"),    QStringLiteral("August"),   QStringLiteral("September"),
        QStringLiteral("October"), QStringLiteral("November"), QStringLiteral("December") };

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &x : a)
        out << x.toString();
    return out;
}

} // namespace

int dayOfWeekFromName(const QString &name)
{
    return int(kDays.indexOf(name)) + 1;
}

int monthFromName(const QString &name)
{
    return int(kMonths.indexOf(name)) + 1;
}

bool isNthWeekdayOfMonth(const QDate &date, const QString &week, int dayOfWeek)
{
    if (date.dayOfWeek() != dayOfWeek)
        return false;
    const int nth = (date.day() - 1) / 7; // 0-based occurrence in the month
    if (week == QLatin1String("Last"))
        return date.addDays(7).month() != date.month();
    static const QStringList order = { QStringLiteral("First"), QStringLiteral("Second"),
                                       QStringLiteral("Third"), QStringLiteral("Fourth") };
    return order.indexOf(week) == nth;
}

SeedSchedule SeedSchedule::fromSeed(const QJsonObject &p)
{
    SeedSchedule s;
    for (const QString &t : strings(p.value(QStringLiteral("times"))))
        s.times << QTime::fromString(t, QStringLiteral("HH:mm"));
    if (s.times.isEmpty() || !s.times.first().isValid())
        s.times = { QTime(2, 0) };
    s.weeklyDays = strings(p.value(QStringLiteral("weeklyDays")));
    s.hourlyInterval = p.value(QStringLiteral("hourlyInterval")).toInt();
    s.instantRpDays = p.value(QStringLiteral("instantRpDays")).toInt();
    const QJsonObject r = p.value(QStringLiteral("retention")).toObject();
    s.dailyCount = r.value(QStringLiteral("daily")).toInt();
    const QJsonObject w = r.value(QStringLiteral("weekly")).toObject();
    s.weeklyCount = w.value(QStringLiteral("count")).toInt();
    s.weeklyRetentionDays = strings(w.value(QStringLiteral("days")));
    const QJsonObject m = r.value(QStringLiteral("monthly")).toObject();
    s.monthlyCount = m.value(QStringLiteral("count")).toInt();
    s.monthlyWeek = m.value(QStringLiteral("week")).toString(QStringLiteral("First"));
    s.monthlyDay = m.value(QStringLiteral("day")).toString(QStringLiteral("Sunday"));
    const QJsonObject y = r.value(QStringLiteral("yearly")).toObject();
    s.yearlyCount = y.value(QStringLiteral("count")).toInt();
    s.yearlyMonth = y.value(QStringLiteral("month")).toString(QStringLiteral("January"));
    s.yearlyWeek = y.value(QStringLiteral("week")).toString(QStringLiteral("First"));
    s.yearlyDay = y.value(QStringLiteral("day")).toString(QStringLiteral("Sunday"));
    return s;
}

QList<PlannedPoint> planRecoveryPoints(const SeedSchedule &s, const QDateTime &now, int maxPoints)
{
    QList<PlannedPoint> out;
    const QDateTime nowUtc = now.toUTC();
    int horizonDays = qMax(s.dailyCount, 1);
    horizonDays = qMax(horizonDays, s.weeklyCount * 7);
    horizonDays = qMax(horizonDays, s.monthlyCount * 31);
    horizonDays = qMax(horizonDays, s.yearlyCount * 366);

    QList<int> runDays;
    for (const QString &d : s.weeklyDays)
        runDays << dayOfWeekFromName(d);
    QList<int> weeklyKeepDays;
    for (const QString &d : s.weeklyRetentionDays)
        weeklyKeepDays << dayOfWeekFromName(d);
    const int monthlyDow = dayOfWeekFromName(s.monthlyDay);
    const int yearlyDow = dayOfWeekFromName(s.yearlyDay);
    const int yearlyMonth = monthFromName(s.yearlyMonth);

    for (int back = 0; back <= horizonDays && out.size() < maxPoints; ++back) {
        const QDate day = nowUtc.date().addDays(-back);
        if (!runDays.isEmpty() && !runDays.contains(day.dayOfWeek()))
            continue;
        // Runs of this day, newest first.
        QList<QDateTime> runs;
        const QDateTime first = Compat::utcDateTime(day, s.times.first());
        if (s.hourlyInterval > 0) {
            for (int h = 24 - s.hourlyInterval; h >= 0; h -= s.hourlyInterval)
                runs << first.addSecs(qint64(h) * 3600);
        } else {
            runs << first;
        }
        for (const QDateTime &t : runs) {
            if (t > nowUtc || t.date() != day)
                continue;
            const bool firstOfDay = t == runs.last();
            PlannedPoint p;
            p.time = t;
            auto consider = [&](const QString &rule, const QDateTime &expiry) {
                if (expiry > nowUtc && (!p.expiry.isValid() || expiry > p.expiry)) {
                    p.ruleName = rule;
                    p.expiry = expiry;
                }
            };
            if (s.dailyCount > 0)
                consider(QStringLiteral("DailyRule"), t.addDays(s.dailyCount));
            if (firstOfDay && s.weeklyCount > 0
                && (weeklyKeepDays.isEmpty() || weeklyKeepDays.contains(day.dayOfWeek())))
                consider(QStringLiteral("WeeklyRule"), t.addDays(qint64(s.weeklyCount) * 7));
            if (firstOfDay && s.monthlyCount > 0 && isNthWeekdayOfMonth(day, s.monthlyWeek, monthlyDow))
                consider(QStringLiteral("MonthlyRule"), t.addMonths(s.monthlyCount));
            if (firstOfDay && s.yearlyCount > 0 && day.month() == yearlyMonth
                && isNthWeekdayOfMonth(day, s.yearlyWeek, yearlyDow))
                consider(QStringLiteral("YearlyRule"), t.addYears(s.yearlyCount));
            if (!p.expiry.isValid())
                continue;
            const qint64 ageDays = t.daysTo(nowUtc);
            if (ageDays < s.instantRpDays)
                p.tiers = { QStringLiteral("InstantRP"), QStringLiteral("HardenedRP") };
            else if (ageDays > 180
                     && (p.ruleName == QLatin1String("MonthlyRule")
                         || p.ruleName == QLatin1String("YearlyRule")))
                p.tiers = { QStringLiteral("ArchivedRP") };
            else
                p.tiers = { QStringLiteral("HardenedRP") };
            out << p;
            if (out.size() >= maxPoints)
                break;
        }
    }
    return out;
}

} // namespace RestoreDesk::Sandbox
