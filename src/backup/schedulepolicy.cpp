#include "backup/schedulepolicy.h"

#include "backup/armtime.h"
#include "backup/retentioncalendar.h"

namespace RestoreDesk::Backup {

namespace {

QList<QTime> clockTimes(ArmReader &r, const char *path)
{
    QList<QTime> out;
    for (const QString &text : r.strings(path)) {
        const QTime t = armClockTime(text);
        if (!t.isValid()) {
            r.failValue(QString::fromLatin1(path), text);
            return {};
        }
        out << t;
    }
    return out;
}

QList<int> weekdays(ArmReader &r, const char *path)
{
    QList<int> out;
    for (const QString &name : r.strings(path)) {
        const int day = dayOfWeekFromName(name);
        if (day == 0) {
            r.failValue(QString::fromLatin1(path), name);
            return {};
        }
        out << day;
    }
    return out;
}

} // namespace

SchedulePolicy SchedulePolicy::read(ArmReader &r)
{
    SchedulePolicy s;
    s.raw = r.object();
    s.typeText = r.string("schedulePolicyType");
    if (s.typeText == QLatin1String("SimpleSchedulePolicy"))
        s.type = Type::Simple;
    else if (s.typeText == QLatin1String("SimpleSchedulePolicyV2"))
        s.type = Type::SimpleV2;
    else if (s.typeText == QLatin1String("LogSchedulePolicy"))
        s.type = Type::Log;
    else if (s.typeText == QLatin1String("LongTermSchedulePolicy"))
        s.type = Type::LongTerm;
    if (s.type == Type::Unknown || s.type == Type::LongTerm)
        return s;

    if (s.type == Type::Log) {
        s.frequency = Frequency::Log;
        s.logFrequencyMinutes
            = int(r.integer("scheduleFrequencyInMins", 1, 7 * 24 * 60, ArmReader::Required).value_or(0));
        return s;
    }

    s.frequencyText = r.string("scheduleRunFrequency");
    if (s.type == Type::Simple) {
        s.runTimes = clockTimes(r, "scheduleRunTimes");
        s.runDays = weekdays(r, "scheduleRunDays");
    } else {
        s.runTimes = clockTimes(r, "dailySchedule.scheduleRunTimes");
        if (r.has("weeklySchedule")) {
            s.runTimes = clockTimes(r, "weeklySchedule.scheduleRunTimes");
            s.runDays = weekdays(r, "weeklySchedule.scheduleRunDays");
        }
    }
    const bool hourly = r.has("hourlySchedule");
    if (hourly) {
        s.hourlyInterval = int(r.integer("hourlySchedule.interval", 1, 24, ArmReader::Required).value_or(0));
        const QString start = r.string("hourlySchedule.scheduleWindowStartTime", ArmReader::Required);
        s.windowStart = armClockTime(start);
        if (!s.windowStart.isValid() && r.ok())
            r.failValue(QStringLiteral("hourlySchedule.scheduleWindowStartTime"), start);
        s.windowHours = int(r.integer("hourlySchedule.scheduleWindowDuration", 1, 24).value_or(24));
    }
    if (s.frequencyText.compare(QLatin1String("Hourly"), Qt::CaseInsensitive) == 0
        || (s.frequencyText.isEmpty() && hourly))
        s.frequency = Frequency::Hourly;
    else if (s.frequencyText.compare(QLatin1String("Weekly"), Qt::CaseInsensitive) == 0
             || (s.frequencyText.isEmpty() && !s.runDays.isEmpty()))
        s.frequency = Frequency::Weekly;
    else if (s.frequencyText.compare(QLatin1String("Daily"), Qt::CaseInsensitive) == 0
             || (s.frequencyText.isEmpty() && !s.runTimes.isEmpty()))
        s.frequency = Frequency::Daily;
    if (s.frequency == Frequency::Hourly && !hourly)
        r.failMissing(QStringLiteral("hourlySchedule"));
    if (s.frequency == Frequency::Weekly && s.runDays.isEmpty())
        r.failMissing(s.type == Type::Simple ? QStringLiteral("scheduleRunDays")
                                             : QStringLiteral("weeklySchedule.scheduleRunDays"));
    if ((s.frequency == Frequency::Daily || s.frequency == Frequency::Weekly) && s.runTimes.isEmpty())
        r.failMissing(s.type == Type::Simple ? QStringLiteral("scheduleRunTimes")
                                             : QStringLiteral("dailySchedule.scheduleRunTimes"));
    return s;
}

} // namespace RestoreDesk::Backup
