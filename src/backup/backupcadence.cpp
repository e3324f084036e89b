#include "backup/backupcadence.h"

#include "backup/policy.h"

#include <algorithm>

namespace RestoreDesk::Backup {

namespace {

constexpr qint64 kHour = 3600;
constexpr qint64 kDay = 24 * kHour;
constexpr qint64 kStartDelay = 2 * kHour;

// The longest gap between consecutive points of a cycle of `cycle` seconds.
qint64 longestGap(QList<qint64> offsets, qint64 cycle)
{
    if (offsets.isEmpty())
        return 0;
    std::sort(offsets.begin(), offsets.end());
    qint64 gap = offsets.first() + cycle - offsets.last();
    for (qsizetype i = 1; i < offsets.size(); ++i)
        gap = qMax(gap, offsets.at(i) - offsets.at(i - 1));
    return gap;
}

BackupCadence make(BackupCadence::Basis basis, qint64 expected)
{
    BackupCadence c;
    if (expected <= 0)
        return c;
    c.basis = basis;
    c.expectedSecs = expected;
    c.slackSecs = qMin(kStartDelay, expected) + expected / 10;
    return c;
}

} // namespace

bool BackupCadence::isStale(const QDateTime &lastRecoveryPoint, const QDateTime &now) const
{
    if (!isKnown())
        return false;
    return !lastRecoveryPoint.isValid() || lastRecoveryPoint.secsTo(now) > allowedAgeSecs();
}

BackupCadence BackupCadence::forSchedule(const SchedulePolicy &s)
{
    using Frequency = SchedulePolicy::Frequency;
    switch (s.frequency) {
    case Frequency::Log:
        return make(Basis::Log, qint64(s.logFrequencyMinutes) * 60);
    case Frequency::Hourly: {
        if (s.hourlyInterval <= 0)
            return {};
        QList<qint64> offsets;
        for (int h = 0; h <= s.windowHours && h < 24; h += s.hourlyInterval)
            offsets << qint64(h) * kHour;
        return make(Basis::Hourly, longestGap(offsets, kDay));
    }
    case Frequency::Weekly: {
        QList<qint64> offsets;
        for (int day : s.runDays)
            offsets << qint64(day) * kDay;
        return make(Basis::Weekly, longestGap(offsets, 7 * kDay));
    }
    case Frequency::Daily: {
        QList<qint64> offsets;
        for (const QTime &t : s.runTimes)
            offsets << t.msecsSinceStartOfDay() / 1000;
        return make(Basis::Daily, longestGap(offsets, kDay));
    }
    case Frequency::Unknown:
        break;
    }
    return {};
}

BackupCadence BackupCadence::forPolicy(const Policy &policy)
{
    switch (policy.kind) {
    case Policy::Kind::IaasVm:
    case Policy::Kind::FileShare:
        return forSchedule(policy.schedule);
    case Policy::Kind::Workload: {
        BackupCadence best;
        for (const Policy::SubPolicy &sub : policy.subPolicies) {
            const BackupCadence c = forSchedule(sub.schedule);
            if (c.isKnown() && (!best.isKnown() || c.expectedSecs < best.expectedSecs))
                best = c;
        }
        return best;
    }
    case Policy::Kind::Unknown:
        break;
    }
    return {};
}

} // namespace RestoreDesk::Backup
