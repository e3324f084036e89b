#include "backup/retentionpolicy.h"

#include "backup/armtime.h"
#include "backup/retentioncalendar.h"

namespace RestoreDesk::Backup {

namespace {

// A generous ceiling: Azure allows at most 9999 days, 5163 weeks, 1188 months and 99 years.
constexpr qint64 kMaxCount = 100000;

QList<int> namedList(ArmReader &r, const char *path, int (*lookup)(const QString &))
{
    QList<int> out;
    for (const QString &name : r.strings(path)) {
        const int n = lookup(name);
        if (n == 0) {
            r.failValue(QString::fromLatin1(path), name);
            return {};
        }
        out << n;
    }
    return out;
}

RetentionPolicy::Rule readRule(ArmReader &parent, const char *path, bool hasDayPattern)
{
    RetentionPolicy::Rule rule;
    if (!parent.has(path))
        return rule;
    ArmReader r = parent.nested(parent.object(path), QString::fromLatin1(path));
    rule.enabled = true;
    rule.duration = RetentionPolicy::readDuration(r, "retentionDuration");
    for (const QString &text : r.strings("retentionTimes")) {
        const QTime t = armClockTime(text);
        if (!t.isValid())
            r.failValue(QStringLiteral("retentionTimes"), text);
        rule.times << t;
    }
    rule.daysOfWeek = namedList(r, "daysOfTheWeek", dayOfWeekFromName);
    rule.months = namedList(r, "monthsOfYear", monthFromName);
    if (hasDayPattern) {
        const QString format = r.string("retentionScheduleFormatType");
        rule.byDate = format.compare(QLatin1String("Daily"), Qt::CaseInsensitive) == 0;
        if (rule.byDate) {
            const QJsonArray days = r.array("retentionScheduleDaily.daysOfTheMonth", ArmReader::Required);
            for (qsizetype i = 0; i < days.size() && r.ok(); ++i) {
                ArmReader d = r.nested(days.at(i).toObject(),
                                       QStringLiteral("retentionScheduleDaily.daysOfTheMonth[%1]").arg(i));
                if (!days.at(i).isObject())
                    d.failType(QString(), QStringLiteral("object"));
                RetentionPolicy::DayOfMonth day;
                day.isLast = d.boolean("isLast").value_or(false);
                day.date = int(d.integer("date", 0, 31).value_or(0));
                if (!day.isLast && day.date < 1 && d.ok())
                    d.failValue(QStringLiteral("date"), QString::number(day.date));
                r.absorb(d);
                rule.daysOfMonth << day;
            }
        } else {
            rule.daysOfWeek = namedList(r, "retentionScheduleWeekly.daysOfTheWeek", dayOfWeekFromName);
            for (const QString &week : r.strings("retentionScheduleWeekly.weeksOfTheMonth")) {
                const QString canonical = weekOfMonthName(week);
                if (canonical.isEmpty())
                    r.failValue(QStringLiteral("retentionScheduleWeekly.weeksOfTheMonth"), week);
                rule.weeksOfMonth << canonical;
            }
        }
    }
    parent.absorb(r);
    return rule;
}

} // namespace

QDateTime RetentionPolicy::Duration::after(const QDateTime &t) const
{
    switch (unit) {
    case Unit::Days:
        return t.addDays(count);
    case Unit::Weeks:
        return t.addDays(qint64(count) * 7);
    case Unit::Months:
        return t.addMonths(count);
    case Unit::Years:
        return t.addYears(count);
    case Unit::Invalid:
        break;
    }
    return t;
}

qint64 RetentionPolicy::Duration::maxDays() const
{
    switch (unit) {
    case Unit::Days:
        return count;
    case Unit::Weeks:
        return qint64(count) * 7;
    case Unit::Months:
        return qint64(count) * 31;
    case Unit::Years:
        return qint64(count) * 366;
    case Unit::Invalid:
        break;
    }
    return 0;
}

bool RetentionPolicy::Rule::selectsWeekday(const QDate &date) const
{
    return daysOfWeek.isEmpty() || daysOfWeek.contains(date.dayOfWeek());
}

bool RetentionPolicy::Rule::selectsDayOfMonth(const QDate &date) const
{
    if (byDate) {
        for (const DayOfMonth &d : daysOfMonth) {
            if (d.isLast ? date.addDays(1).month() != date.month() : date.day() == d.date)
                return true;
        }
        return false;
    }
    for (const QString &week : weeksOfMonth) {
        for (int day : daysOfWeek) {
            if (isNthWeekdayOfMonth(date, week, day))
                return true;
        }
    }
    return false;
}

RetentionPolicy::Duration RetentionPolicy::readDuration(ArmReader &r, const char *path)
{
    Duration d;
    ArmReader inner = r.nested(r.object(path, ArmReader::Required), QString::fromLatin1(path));
    d.count = int(inner.integer("count", 0, kMaxCount, ArmReader::Required).value_or(0));
    const QString unit = inner.string("durationType", ArmReader::Required);
    if (unit.compare(QLatin1String("Days"), Qt::CaseInsensitive) == 0)
        d.unit = Duration::Unit::Days;
    else if (unit.compare(QLatin1String("Weeks"), Qt::CaseInsensitive) == 0)
        d.unit = Duration::Unit::Weeks;
    else if (unit.compare(QLatin1String("Months"), Qt::CaseInsensitive) == 0)
        d.unit = Duration::Unit::Months;
    else if (unit.compare(QLatin1String("Years"), Qt::CaseInsensitive) == 0)
        d.unit = Duration::Unit::Years;
    else if (!unit.isEmpty())
        inner.failValue(QStringLiteral("durationType"), unit);
    r.absorb(inner);
    return d;
}

RetentionPolicy RetentionPolicy::read(ArmReader &r)
{
    RetentionPolicy p;
    p.raw = r.object();
    p.typeText = r.string("retentionPolicyType");
    if (p.typeText == QLatin1String("LongTermRetentionPolicy")) {
        p.type = Type::LongTerm;
        p.daily = readRule(r, "dailySchedule", false);
        p.weekly = readRule(r, "weeklySchedule", false);
        p.monthly = readRule(r, "monthlySchedule", true);
        p.yearly = readRule(r, "yearlySchedule", true);
    } else if (p.typeText == QLatin1String("SimpleRetentionPolicy")) {
        p.type = Type::Simple;
        p.simple = readDuration(r, "retentionDuration");
    }
    return p;
}

} // namespace RestoreDesk::Backup
