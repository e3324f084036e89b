#include "backup/retentionrules.h"

#include "backup/policy.h"

#include <algorithm>

namespace RestoreDesk::Backup {

namespace {

// Azure keeps nothing longer than 99 years; an absurd rule must not make the plan walk
// millions of days back (the sandbox's seeds may ask for up to this much).
constexpr qint64 kMaxHorizonDays = 1000 * 366;

} // namespace

RetentionRules::RetentionRules(SchedulePolicy schedule, RetentionPolicy retention, QTimeZone zone,
                               int instantRpDays)
    : m_schedule(std::move(schedule))
    , m_retention(std::move(retention))
    , m_zone(zone.isValid() ? std::move(zone) : QTimeZone::utc())
    , m_instantRpDays(qMax(0, instantRpDays))
    , m_valid(m_retention.type != RetentionPolicy::Type::Unknown)
{ }

RetentionRules RetentionRules::forPolicy(const Policy &policy, const QString &subPolicyType)
{
    switch (policy.kind) {
    case Policy::Kind::IaasVm:
    case Policy::Kind::FileShare:
        return RetentionRules(policy.schedule, policy.retention, policy.timeZone,
                              policy.instantRpRetentionDays);
    case Policy::Kind::Workload:
        if (const Policy::SubPolicy *sub = policy.subPolicy(subPolicyType))
            return RetentionRules(sub->schedule, sub->retention, policy.timeZone);
        break;
    case Policy::Kind::Unknown:
        break;
    }
    return {};
}

QList<QDateTime> RetentionRules::runsOn(const QDate &day) const
{
    QList<QDateTime> out;
    const SchedulePolicy &s = m_schedule;
    if (!s.runDays.isEmpty() && !s.runDays.contains(day.dayOfWeek()))
        return out;
    if (s.frequency == SchedulePolicy::Frequency::Hourly) {
        if (s.hourlyInterval <= 0 || !s.windowStart.isValid())
            return out;
        // The window's end is inclusive (every 4 h from 08:00 for 12 h runs at 08, 12, 16 and
        // 20); a 24-hour window's end is the next window's start.
        const QDateTime start(day, s.windowStart, m_zone);
        for (int h = 0; h <= s.windowHours && h < 24; h += s.hourlyInterval)
            out.prepend(start.addSecs(qint64(h) * 3600).toUTC());
    } else if (s.frequency == SchedulePolicy::Frequency::Daily
               || s.frequency == SchedulePolicy::Frequency::Weekly) {
        for (const QTime &t : s.runTimes)
            out << QDateTime(day, t, m_zone).toUTC();
        std::sort(out.begin(), out.end(), std::greater<QDateTime>());
    }
    return out;
}

bool RetentionRules::isFirstOfDay(const QDateTime &t) const
{
    if (m_schedule.frequency != SchedulePolicy::Frequency::Hourly)
        return true;
    const QDate day = t.toTimeZone(m_zone).date();
    for (const QDate &d : { day, day.addDays(-1) }) {
        const QList<QDateTime> runs = runsOn(d);
        if (!runs.isEmpty() && t >= runs.last()
            && t < runs.last().addSecs(qint64(m_schedule.hourlyInterval) * 3600))
            return true;
    }
    return false;
}

RetentionRules::Verdict RetentionRules::keeperOf(const QDateTime &t, bool firstOfDay) const
{
    Verdict v;
    if (!m_valid || !t.isValid())
        return v;
    const QDateTime local = t.toTimeZone(m_zone);
    const QDate day = local.date();
    auto consider = [&](Rule rule, const QDateTime &expiry) {
        if (!v.keptUntil.isValid() || expiry > v.keptUntil) {
            v.rule = rule;
            v.keptUntil = expiry;
        }
    };
    const RetentionPolicy &r = m_retention;
    if (r.type == RetentionPolicy::Type::LongTerm) {
        if (r.daily.enabled && r.daily.duration.isSet())
            consider(Rule::Daily, r.daily.duration.after(local).toUTC());
        if (firstOfDay && r.weekly.enabled && r.weekly.duration.isSet() && r.weekly.selectsWeekday(day))
            consider(Rule::Weekly, r.weekly.duration.after(local).toUTC());
        if (firstOfDay && r.monthly.enabled && r.monthly.duration.isSet() && r.monthly.selectsDayOfMonth(day))
            consider(Rule::Monthly, r.monthly.duration.after(local).toUTC());
        if (firstOfDay && r.yearly.enabled && r.yearly.duration.isSet()
            && r.yearly.months.contains(day.month()) && r.yearly.selectsDayOfMonth(day))
            consider(Rule::Yearly, r.yearly.duration.after(local).toUTC());
    } else if (r.type == RetentionPolicy::Type::Simple && r.simple.isSet()) {
        consider(Rule::Simple, r.simple.after(local).toUTC());
    }
    if (m_instantRpDays > 0) {
        v.snapshotUntil = local.addDays(m_instantRpDays).toUTC();
        consider(Rule::Snapshot, v.snapshotUntil); // only when no vault rule keeps it as long
    }
    return v;
}

QList<RetentionRules::Point> RetentionRules::plan(const QDateTime &now, int maxPoints) const
{
    QList<Point> out;
    if (!m_valid || maxPoints <= 0)
        return out;
    const RetentionPolicy &r = m_retention;
    qint64 horizon = qMax<qint64>(1, r.daily.duration.maxDays());
    for (const RetentionPolicy::Rule *rule : { &r.weekly, &r.monthly, &r.yearly })
        horizon = qMax(horizon, rule->enabled ? rule->duration.maxDays() : 0);
    horizon = qMin(qMax(horizon, r.simple.maxDays()), kMaxHorizonDays);
    const QDateTime nowUtc = now.toUTC();
    const QDate today = now.toTimeZone(m_zone).date();
    for (qint64 back = 0; back <= horizon && out.size() < maxPoints; ++back) {
        const QList<QDateTime> runs = runsOn(today.addDays(-back));
        for (const QDateTime &t : runs) {
            if (t > nowUtc)
                continue;
            const bool firstOfDay = t == runs.last();
            const Verdict v = keeperOf(t, firstOfDay);
            if (!v.isKeptAt(nowUtc))
                continue;
            out << Point { t, v.rule, v.keptUntil, firstOfDay };
            if (out.size() >= maxPoints)
                break;
        }
    }
    return out;
}

QString RetentionRules::ruleName(Rule rule)
{
    switch (rule) {
    case Rule::None:
        break;
    case Rule::Daily:
        return QStringLiteral("DailyRule");
    case Rule::Weekly:
        return QStringLiteral("WeeklyRule");
    case Rule::Monthly:
        return QStringLiteral("MonthlyRule");
    case Rule::Yearly:
        return QStringLiteral("YearlyRule");
    case Rule::Simple:
        return QStringLiteral("SimpleRule");
    case Rule::Snapshot:
        return QStringLiteral("SnapshotRule");
    }
    return {};
}

} // namespace RestoreDesk::Backup
