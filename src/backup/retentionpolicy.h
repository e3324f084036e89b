#pragma once

#include "backup/armreader.h"

#include <QDateTime>
#include <QList>
#include <QStringList>

namespace RestoreDesk::Backup {

// How long a policy keeps what it backs up, polymorphic by `retentionPolicyType`:
//   LongTermRetentionPolicy  daily/weekly/monthly/yearly rules, each with a retentionDuration;
//                            monthly and yearly rules pick days either by week
//                            (retentionScheduleWeekly: "First Sunday") or by date
//                            (retentionScheduleDaily: the 1st, the last day);
//   SimpleRetentionPolicy    one retentionDuration (SQL differential and log backups).
// An unknown type keeps its raw JSON. Value type, any thread.
struct RetentionPolicy
{
    enum class Type { LongTerm, Simple, Unknown };

    struct Duration
    {
        enum class Unit { Days, Weeks, Months, Years, Invalid };
        int count = 0;
        Unit unit = Unit::Invalid;

        bool isSet() const { return count > 0 && unit != Unit::Invalid; }
        // `t` plus the duration, by the calendar (months and years as such).
        QDateTime after(const QDateTime &t) const;
        // An upper bound in days (a month counts 31, a year 366): how far back a rule can reach.
        qint64 maxDays() const;
    };

    struct DayOfMonth
    {
        int date = 0; // 1..28 (the API allows no later date), ignored when isLast
        bool isLast = false;
    };

    // One of the four long-term rules. A rule the policy does not have is not `enabled`.
    struct Rule
    {
        bool enabled = false;
        Duration duration;
        QList<int> daysOfWeek; // Monday = 1 .. Sunday = 7 (weekly rule; monthly/yearly by week)
        QStringList weeksOfMonth; // "First" … "Fourth", "Last" (monthly/yearly by week)
        QList<DayOfMonth> daysOfMonth; // monthly/yearly by date
        QList<int> months; // yearly: January = 1
        bool byDate = false; // retentionScheduleFormatType "Daily"
        QList<QTime> times;

        // True when a backup of `date` falls under this rule's day selection (the kind of
        // rule decides which selections apply).
        bool selectsWeekday(const QDate &date) const;
        bool selectsDayOfMonth(const QDate &date) const;
    };

    Type type = Type::Unknown;
    QString typeText;
    Rule daily;
    Rule weekly;
    Rule monthly;
    Rule yearly;
    Duration simple; // SimpleRetentionPolicy
    QJsonObject raw;

    static RetentionPolicy read(ArmReader &r);
    static Duration readDuration(ArmReader &r, const char *path);
};

} // namespace RestoreDesk::Backup
