#pragma once

#include "backup/policy.h"
#include "backup/retentionrules.h"

#include <QCoreApplication>
#include <QString>

namespace RestoreDesk {

// A backup policy in words, for the policy page and the policy picture: schedules ("Every day at
// 22:30 (UTC)", "Every 4 hours from 08:00 for 12 hours (UTC)", "Log backups every 60 minutes"),
// retention rules ("Weekly (Sunday)", "Monthly (First Sunday)", "Yearly (First Sunday of
// January)") and durations ("12 weeks"). Day and month names follow the locale. Static, pure
// functions; GUI thread (translations).
class PolicyText
{
    Q_DECLARE_TR_FUNCTIONS(PolicyText)

public:
    static QString duration(const Backup::RetentionPolicy::Duration &d);
    static QString schedule(const Backup::SchedulePolicy &schedule, const QString &zoneName);
    // The rule's name and the days it picks: "Daily", "Weekly (Sunday)", "Monthly (day 1)".
    static QString ruleLabel(Backup::RetentionRules::Rule which, const Backup::RetentionPolicy::Rule &rule);
    // "Full", "Differential", "Log" as an operator reads them.
    static QString subPolicyName(const QString &type);
    static QString kind(const Backup::Policy &policy);
    static QString generation(const Backup::Policy &policy);
    static QString archiveTiering(const Backup::Policy &policy);
    // "A, B and C".
    static QString list(const QStringList &parts);

private:
    static QString times(const QList<QTime> &clocks);
    static QString days(const QList<int> &daysOfWeek);
    static QString weeks(const QStringList &weeksOfMonth);
    static QString daysOfMonth(const Backup::RetentionPolicy::Rule &rule);
};

} // namespace RestoreDesk
