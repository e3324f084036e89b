#include "sandbox/retentionplanner.h"

#include "backup/retentionrules.h"
#include "core/qtcompat.h"

#include <QJsonArray>

namespace RestoreDesk::Sandbox {

namespace {

QStringList strings(const QJsonValue &v)
{
    QStringList out;
    const QJsonArray a = v.toArray();
    for (const QJsonValue &x : a)
        out << x.toString();
    return out;
}

QList<int> weekdays(const QStringList &names)
{
    QList<int> out;
    for (const QString &d : names)
        out << dayOfWeekFromName(d); // an unknown name (0) selects no day
    return out;
}

Backup::RetentionPolicy::Duration duration(int count, Backup::RetentionPolicy::Duration::Unit unit)
{
    Backup::RetentionPolicy::Duration d;
    d.count = count;
    d.unit = unit;
    return d;
}

// The seed's compact form as the API's schedule and retention: one run a day at the first
// time (on the weekly days when given), or every N hours of the day from it.
Backup::RetentionRules rulesFor(const SeedSchedule &s)
{
    using Unit = Backup::RetentionPolicy::Duration::Unit;
    Backup::SchedulePolicy schedule;
    schedule.runDays = weekdays(s.weeklyDays);
    if (s.hourlyInterval > 0) {
        // The seed's runs are those of the first time plus 24 - N, 24 - 2N, ... hours that fall
        // on the same day: a window that opens (24 mod N) hours after the first time and closes
        // at midnight.
        const qint64 open
            = s.times.first().msecsSinceStartOfDay() / 1000 + qint64(24 % s.hourlyInterval) * 3600;
        if (open < 86400) {
            schedule.frequency = Backup::SchedulePolicy::Frequency::Hourly;
            schedule.hourlyInterval = s.hourlyInterval;
            schedule.windowStart = QTime::fromMSecsSinceStartOfDay(int(open * 1000));
            schedule.windowHours = int((86400 - open - 1) / 3600);
        }
    } else {
        schedule.frequency = schedule.runDays.isEmpty() ? Backup::SchedulePolicy::Frequency::Daily
                                                        : Backup::SchedulePolicy::Frequency::Weekly;
        schedule.runTimes = { s.times.first() };
    }
    Backup::RetentionPolicy r;
    r.type = Backup::RetentionPolicy::Type::LongTerm;
    r.daily.enabled = s.dailyCount > 0;
    r.daily.duration = duration(s.dailyCount, Unit::Days);
    r.weekly.enabled = s.weeklyCount > 0;
    r.weekly.duration = duration(s.weeklyCount, Unit::Weeks);
    r.weekly.daysOfWeek = weekdays(s.weeklyRetentionDays);
    r.monthly.enabled = s.monthlyCount > 0;
    r.monthly.duration = duration(s.monthlyCount, Unit::Months);
    r.monthly.weeksOfMonth = { s.monthlyWeek };
    r.monthly.daysOfWeek = { dayOfWeekFromName(s.monthlyDay) };
    r.yearly.enabled = s.yearlyCount > 0;
    r.yearly.duration = duration(s.yearlyCount, Unit::Years);
    r.yearly.months = { monthFromName(s.yearlyMonth) };
    r.yearly.weeksOfMonth = { s.yearlyWeek };
    r.yearly.daysOfWeek = { dayOfWeekFromName(s.yearlyDay) };
    // Snapshots are the sandbox's tier simulation below, not a keeper: no instant days here.
    return Backup::RetentionRules(schedule, r, QTimeZone::utc(), 0);
}

} // namespace

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
    const QList<Backup::RetentionRules::Point> points = rulesFor(s).plan(now, maxPoints);
    out.reserve(points.size());
    for (const Backup::RetentionRules::Point &point : points) {
        PlannedPoint p;
        p.time = point.time;
        p.ruleName = Backup::RetentionRules::ruleName(point.rule);
        p.expiry = point.expiry;
        const qint64 ageDays = p.time.daysTo(nowUtc);
        if (ageDays < s.instantRpDays)
            p.tiers = { QStringLiteral("InstantRP"), QStringLiteral("HardenedRP") };
        else if (ageDays > 180
                 && (p.ruleName == QLatin1String("MonthlyRule") || p.ruleName == QLatin1String("YearlyRule")))
            p.tiers = { QStringLiteral("ArchivedRP") };
        else
            p.tiers = { QStringLiteral("HardenedRP") };
        out << p;
    }
    return out;
}

} // namespace RestoreDesk::Sandbox
