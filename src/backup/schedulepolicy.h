#pragma once

#include "backup/armreader.h"

#include <QList>
#include <QTime>

namespace RestoreDesk::Backup {

// When a policy (or a workload sub-policy) takes backups, polymorphic by `schedulePolicyType`:
//   SimpleSchedulePolicy    scheduleRunFrequency Daily/Weekly with top-level scheduleRunTimes
//                           (+ scheduleRunDays), or Hourly with hourlySchedule (file shares);
//   SimpleSchedulePolicyV2  dailySchedule / weeklySchedule / hourlySchedule{interval,
//                           scheduleWindowStartTime, scheduleWindowDuration} (enhanced VM policy);
//   LogSchedulePolicy       scheduleFrequencyInMins (SQL log backups).
// Times are clocks in the policy's time zone: the API writes "2018-01-24T02:00:00Z" and only
// the time of day counts. An unknown type keeps its raw JSON. Value type, any thread.
struct SchedulePolicy
{
    enum class Type { Simple, SimpleV2, Log, LongTerm, Unknown };
    enum class Frequency { Daily, Weekly, Hourly, Log, Unknown };

    Type type = Type::Unknown;
    QString typeText;
    Frequency frequency = Frequency::Unknown;
    QString frequencyText;
    QList<QTime> runTimes; // daily and weekly runs
    QList<int> runDays; // weekly: Monday = 1 .. Sunday = 7
    int hourlyInterval = 0; // hours between runs inside the window
    QTime windowStart; // hourly: first run of the day
    int windowHours = 0; // hourly: length of the window (24 when the API omits it)
    int logFrequencyMinutes = 0;
    QJsonObject raw;

    // Reads the schedule object `r` stands on; problems are recorded in `r`.
    static SchedulePolicy read(ArmReader &r);
};

} // namespace RestoreDesk::Backup
