#include "models/policytext.h"

#include <QLocale>

namespace RestoreDesk {

using Backup::RetentionPolicy;
using Backup::RetentionRules;
using Backup::SchedulePolicy;

namespace {

QString clock(const QTime &t)
{
    return t.toString(QStringLiteral("HH:mm"));
}

} // namespace

QString PolicyText::times(const QList<QTime> &clocks)
{
    QStringList parts;
    for (const QTime &t : clocks)
        parts << clock(t);
    return list(parts);
}

QString PolicyText::days(const QList<int> &daysOfWeek)
{
    QStringList parts;
    for (int d : daysOfWeek)
        parts << QLocale().dayName(d, QLocale::LongFormat);
    return list(parts);
}

QString PolicyText::weeks(const QStringList &weeksOfMonth)
{
    static const char *const kWeeks[][2] = { { "First", QT_TRANSLATE_NOOP("PolicyText", "First") },
                                             { "Second", QT_TRANSLATE_NOOP("PolicyText", "Second") },
                                             { "Third", QT_TRANSLATE_NOOP("PolicyText", "Third") },
                                             { "Fourth", QT_TRANSLATE_NOOP("PolicyText", "Fourth") },
                                             { "Last", QT_TRANSLATE_NOOP("PolicyText", "Last") } };
    QStringList parts;
    for (const QString &w : weeksOfMonth) {
        QString word = w;
        for (const auto &k : kWeeks) {
            if (w.compare(QLatin1String(k[0]), Qt::CaseInsensitive) == 0)
                word = tr(k[1]);
        }
        parts << word;
    }
    return list(parts);
}

// Which days of the month a monthly or yearly rule picks: "First Sunday", "day 1".
QString PolicyText::daysOfMonth(const RetentionPolicy::Rule &rule)
{
    if (rule.byDate) {
        QStringList parts;
        for (const RetentionPolicy::DayOfMonth &d : rule.daysOfMonth)
            parts << (d.isLast ? tr("last day") : tr("day %1").arg(d.date));
        return list(parts);
    }
    return tr("%1 %2").arg(weeks(rule.weeksOfMonth), days(rule.daysOfWeek));
}

QString PolicyText::list(const QStringList &parts)
{
    if (parts.size() <= 1)
        return parts.value(0);
    return tr("%1 and %2").arg(parts.mid(0, parts.size() - 1).join(tr(", ")), parts.last());
}

QString PolicyText::duration(const RetentionPolicy::Duration &d)
{
    switch (d.unit) {
    case RetentionPolicy::Duration::Unit::Days:
        return d.count == 1 ? tr("1 day") : tr("%1 days").arg(d.count);
    case RetentionPolicy::Duration::Unit::Weeks:
        return d.count == 1 ? tr("1 week") : tr("%1 weeks").arg(d.count);
    case RetentionPolicy::Duration::Unit::Months:
        return d.count == 1 ? tr("1 month") : tr("%1 months").arg(d.count);
    case RetentionPolicy::Duration::Unit::Years:
        return d.count == 1 ? tr("1 year") : tr("%1 years").arg(d.count);
    case RetentionPolicy::Duration::Unit::Invalid:
        break;
    }
    return tr("an unknown time");
}

QString PolicyText::schedule(const SchedulePolicy &s, const QString &zoneName)
{
    switch (s.frequency) {
    case SchedulePolicy::Frequency::Daily:
        return tr("Every day at %1 (%2)").arg(times(s.runTimes), zoneName);
    case SchedulePolicy::Frequency::Weekly:
        return tr("Every %1 at %2 (%3)").arg(days(s.runDays), times(s.runTimes), zoneName);
    case SchedulePolicy::Frequency::Hourly:
        return tr("Every %1 from %2 for %3 (%4)")
            .arg(s.hourlyInterval == 1 ? tr("hour") : tr("%1 hours").arg(s.hourlyInterval),
                 clock(s.windowStart), s.windowHours == 1 ? tr("1 hour") : tr("%1 hours").arg(s.windowHours),
                 zoneName);
    case SchedulePolicy::Frequency::Log:
        return tr("Log backups every %1")
            .arg(s.logFrequencyMinutes == 1 ? tr("minute") : tr("%1 minutes").arg(s.logFrequencyMinutes));
    case SchedulePolicy::Frequency::Unknown:
        break;
    }
    return tr("A schedule this console does not read (%1); see the raw JSON")
        .arg(s.typeText.isEmpty() ? s.frequencyText : s.typeText);
}

QString PolicyText::ruleLabel(RetentionRules::Rule which, const RetentionPolicy::Rule &rule)
{
    switch (which) {
    case RetentionRules::Rule::Daily:
        return tr("Daily");
    case RetentionRules::Rule::Weekly:
        return tr("Weekly (%1)").arg(days(rule.daysOfWeek));
    case RetentionRules::Rule::Monthly:
        return tr("Monthly (%1)").arg(daysOfMonth(rule));
    case RetentionRules::Rule::Yearly: {
        QStringList months;
        for (int m : rule.months)
            months << QLocale().monthName(m, QLocale::LongFormat);
        return tr("Yearly (%1 of %2)").arg(daysOfMonth(rule), list(months));
    }
    case RetentionRules::Rule::Simple:
        return tr("Retention");
    case RetentionRules::Rule::Snapshot:
        return tr("Snapshot");
    case RetentionRules::Rule::None:
        break;
    }
    return {};
}

QString PolicyText::subPolicyName(const QString &type)
{
    static const char *const kNames[][2] = {
        { "Full", QT_TRANSLATE_NOOP("PolicyText", "Full") },
        { "Differential", QT_TRANSLATE_NOOP("PolicyText", "Differential") },
        { "Log", QT_TRANSLATE_NOOP("PolicyText", "Log") },
        { "Incremental", QT_TRANSLATE_NOOP("PolicyText", "Incremental") },
        { "CopyOnlyFull", QT_TRANSLATE_NOOP("PolicyText", "Copy-only full") },
        { "SnapshotFull", QT_TRANSLATE_NOOP("PolicyText", "Snapshot full") },
    };
    for (const auto &n : kNames) {
        if (type.compare(QLatin1String(n[0]), Qt::CaseInsensitive) == 0)
            return tr(n[1]);
    }
    return type;
}

QString PolicyText::kind(const Backup::Policy &policy)
{
    switch (policy.kind) {
    case Backup::Policy::Kind::IaasVm:
        return tr("Azure virtual machines");
    case Backup::Policy::Kind::FileShare:
        return tr("Azure file shares");
    case Backup::Policy::Kind::Workload:
        return policy.workloadType.compare(QLatin1String("SQLDataBase"), Qt::CaseInsensitive) == 0
            ? tr("SQL Server databases in Azure VMs")
            : tr("Workloads in Azure VMs (%1)").arg(policy.workloadType);
    case Backup::Policy::Kind::Unknown:
        break;
    }
    return tr("Not known to this console (%1)")
        .arg(policy.backupManagementType.isEmpty() ? tr("no management type") : policy.backupManagementType);
}

QString PolicyText::generation(const Backup::Policy &policy)
{
    if (policy.kind != Backup::Policy::Kind::IaasVm)
        return tr("—");
    return policy.generation == Backup::Policy::Generation::V2
        ? tr("V2 (Enhanced: hourly backups, up to 30 days "
             "of snapshots)")
        : tr("V1 (Standard: one backup a day)");
}

QString PolicyText::archiveTiering(const Backup::Policy &policy)
{
    const QString mode = policy.archiveTieringMode;
    if (mode.isEmpty())
        return tr("Not configured");
    if (mode.compare(QLatin1String("DoNotTier"), Qt::CaseInsensitive) == 0)
        return tr("Off: points stay in the vault-standard tier");
    if (mode.compare(QLatin1String("TierRecommended"), Qt::CaseInsensitive) == 0)
        return tr("Recommended points move to the vault-archive tier");
    if (mode.compare(QLatin1String("TierAfter"), Qt::CaseInsensitive) == 0)
        return policy.archiveAfter.isSet()
            ? tr("Eligible points move to the vault-archive tier after %1").arg(duration(policy.archiveAfter))
            : tr("Eligible points move to the vault-archive tier");
    return mode;
}

} // namespace RestoreDesk
