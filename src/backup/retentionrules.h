#pragma once

#include "backup/retentionpolicy.h"
#include "backup/schedulepolicy.h"

#include <QDateTime>
#include <QTimeZone>

namespace RestoreDesk::Backup {

struct Policy;

// The arithmetic of a policy's schedule and retention: when backups run, which rule keeps a
// backup taken at time T and until when, and which recovery points the policy holds at a given
// moment. Long-term rules: every scheduled backup is kept by the daily rule; the day's first
// scheduled backup also by the weekly rule on its days, by the monthly rule on its days of the
// month and by the yearly rule on those days of its months; the rule that keeps it longest
// wins (on a tie the shorter-period rule, as the service names it). The snapshot (instant
// restore) tier keeps a VM backup for instantRpRetentionRangeInDays. Schedule clocks are read
// in the policy's time zone. Used for the policy picture, the recovery-point table and the
// sandbox's generated points. Value type; pure; any thread.
class RetentionRules
{
public:
    enum class Rule { None, Daily, Weekly, Monthly, Yearly, Simple, Snapshot };

    // Which rule keeps a backup, until when, and how long its snapshot stays.
    struct Verdict
    {
        Rule rule = Rule::None;
        QDateTime keptUntil; // UTC; invalid when nothing keeps it
        QDateTime snapshotUntil; // UTC; invalid when the policy keeps no snapshots
        bool isKeptAt(const QDateTime &now) const { return keptUntil.isValid() && keptUntil > now; }
    };

    struct Point
    {
        QDateTime time; // UTC
        Rule rule = Rule::None;
        QDateTime expiry; // UTC
        bool firstOfDay = false;
    };

    RetentionRules() = default;
    RetentionRules(SchedulePolicy schedule, RetentionPolicy retention, QTimeZone zone = QTimeZone::utc(),
                   int instantRpDays = 0);

    // The rules for a policy's backups: the policy's own schedule and retention (VM, file share),
    // or a workload sub-policy's (`subPolicyType` "Full", "Differential", "Log"; SQL recovery
    // points name theirs in `type`). Invalid for unknown policies and missing sub-policies.
    static RetentionRules forPolicy(const Policy &policy,
                                    const QString &subPolicyType = QStringLiteral("Full"));

    bool isValid() const { return m_valid; }
    const SchedulePolicy &schedule() const { return m_schedule; }
    const RetentionPolicy &retention() const { return m_retention; }
    const QTimeZone &timeZone() const { return m_zone; }

    // The scheduled backups of the backup window that opens on `day` (a date in the policy's
    // zone), newest first, in UTC. An hourly window may run past midnight.
    QList<QDateTime> runsOn(const QDate &day) const;
    // Whether a backup at `t` is the first of its day's window (hourly schedules run several a
    // day; only the first is eligible for the weekly, monthly and yearly rules).
    bool isFirstOfDay(const QDateTime &t) const;

    Verdict keeperOf(const QDateTime &t, bool firstOfDay) const;
    Verdict keeperOf(const QDateTime &t) const { return keeperOf(t, isFirstOfDay(t)); }

    // The scheduled backups still kept at `now`, newest first (at most `maxPoints`).
    QList<Point> plan(const QDateTime &now, int maxPoints = 100000) const;

    // "DailyRule", "WeeklyRule", "MonthlyRule", "YearlyRule" (the names the service gives in
    // recoveryPointProperties.ruleName), "SimpleRule", "SnapshotRule"; empty for None.
    static QString ruleName(Rule rule);

private:
    SchedulePolicy m_schedule;
    RetentionPolicy m_retention;
    QTimeZone m_zone = QTimeZone::utc();
    int m_instantRpDays = 0;
    bool m_valid = false;
};

} // namespace RestoreDesk::Backup
