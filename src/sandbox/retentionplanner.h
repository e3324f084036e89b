#pragma once

#include "backup/retentioncalendar.h"

#include <QDateTime>
#include <QJsonObject>
#include <QList>
#include <QStringList>

namespace RestoreDesk::Sandbox {

// Turns a policy's schedule and retention (the seed's compact form) into the recovery points
// that policy would hold right now: which backups ran, which rule keeps each one, until when,
// and in which tier it sits. The schedule and retention arithmetic is the console's own
// (Backup::RetentionRules), so the sandbox generates what the console computes; the tiers are
// the sandbox's simulation. Pure; any thread.
struct PlannedPoint
{
    QDateTime time;
    QString ruleName; // DailyRule, WeeklyRule, MonthlyRule, YearlyRule
    QDateTime expiry;
    QStringList tiers; // InstantRP, HardenedRP, ArchivedRP (valid ones)
};

struct SeedSchedule
{
    QList<QTime> times; // run times (UTC)
    QStringList weeklyDays; // empty: daily
    int hourlyInterval = 0; // >0: every N hours from the first time
    int instantRpDays = 0;
    int dailyCount = 0;
    int weeklyCount = 0;
    QStringList weeklyRetentionDays;
    int monthlyCount = 0;
    QString monthlyWeek; // First, Second, Third, Fourth, Last
    QString monthlyDay; // Sunday..Saturday
    int yearlyCount = 0;
    QString yearlyMonth; // January..December
    QString yearlyWeek;
    QString yearlyDay;

    static SeedSchedule fromSeed(const QJsonObject &policySeed);
};

QList<PlannedPoint> planRecoveryPoints(const SeedSchedule &schedule, const QDateTime &now,
                                       int maxPoints = 100000);

using Backup::dayOfWeekFromName;
using Backup::isNthWeekdayOfMonth;
using Backup::monthFromName;

} // namespace RestoreDesk::Sandbox
