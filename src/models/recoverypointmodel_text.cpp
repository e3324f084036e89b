// RecoveryPointModel's words: tiers, consistency and retention rules as an operator reads them.
#include "models/recoverypointmodel.h"
#include "models/timetext.h"

namespace RestoreDesk::Models {

using Backup::RecoveryPoint;

QString RecoveryPointModel::tierText(const RecoveryPoint &p)
{
    QStringList parts;
    if (p.validTiers.contains(QStringLiteral("InstantRP")))
        parts << tr("snapshot");
    if (p.validTiers.contains(QStringLiteral("HardenedRP")))
        parts << tr("vault-standard");
    if (p.validTiers.contains(QStringLiteral("ArchivedRP"))) {
        const RecoveryPoint::Tier *archived = p.tier(RecoveryPoint::Tier::Type::Archived);
        if (p.needsRehydration() && p.isRehydratedAt(QDateTime::currentDateTimeUtc()) && archived
            && archived->rehydratedUntil.isValid())
            parts << tr("vault-archive (rehydrated until %1)").arg(localTimeText(archived->rehydratedUntil));
        else
            parts << (p.needsRehydration() ? tr("vault-archive (needs rehydration)") : tr("vault-archive"));
    }
    return parts.isEmpty() ? tr("unknown") : parts.join(QStringLiteral(" + "));
}

RecoveryPointModel::Tier RecoveryPointModel::fastestTier(const RecoveryPoint &p)
{
    if (p.validTiers.contains(QStringLiteral("InstantRP")))
        return Tier::Snapshot;
    if (p.validTiers.contains(QStringLiteral("HardenedRP")))
        return Tier::VaultStandard;
    if (p.validTiers.contains(QStringLiteral("ArchivedRP")))
        return Tier::VaultArchive;
    return Tier::Unknown;
}

RecoveryPointModel::Consistency RecoveryPointModel::consistencyOf(const RecoveryPoint &p)
{
    static const struct
    {
        const char *name;
        Consistency consistency;
    } kNames[] = { { "CrashConsistent", Consistency::Crash },
                   { "FileSystemConsistent", Consistency::FileSystem },
                   { "AppConsistent", Consistency::Application },
                   { "ApplicationConsistent", Consistency::Application },
                   { "Full", Consistency::SqlFull },
                   { "CopyOnlyFull", Consistency::SqlFull },
                   { "SnapshotFull", Consistency::SqlFull },
                   { "Differential", Consistency::SqlDifferential },
                   { "Log", Consistency::SqlLog } };
    for (const auto &n : kNames) {
        if (p.consistency.compare(QLatin1String(n.name), Qt::CaseInsensitive) == 0)
            return n.consistency;
    }
    return Consistency::Other;
}

QString RecoveryPointModel::consistencyText(const RecoveryPoint &p)
{
    return consistencyText(consistencyOf(p), p.consistency);
}

QString RecoveryPointModel::consistencyText(Consistency consistency, const QString &name)
{
    switch (consistency) {
    case Consistency::Crash:
        return tr("crash-consistent");
    case Consistency::FileSystem:
        return tr("file-system consistent");
    case Consistency::Application:
        return tr("application consistent");
    case Consistency::SqlFull:
        return tr("SQL full");
    case Consistency::SqlDifferential:
        return tr("SQL differential");
    case Consistency::SqlLog:
        return tr("SQL log");
    case Consistency::Other:
        break;
    }
    return name.isEmpty() ? tr("unknown") : name;
}

QString RecoveryPointModel::ruleText(const QString &ruleName)
{
    static const struct
    {
        const char *name;
        const char *text;
    } kRules[] = { { "DailyRule", QT_TR_NOOP("Daily") },       { "WeeklyRule", QT_TR_NOOP("Weekly") },
                   { "MonthlyRule", QT_TR_NOOP("Monthly") },   { "YearlyRule", QT_TR_NOOP("Yearly") },
                   { "SnapshotRule", QT_TR_NOOP("Snapshot") }, { "SimpleRule", QT_TR_NOOP("Retention") } };
    for (const auto &r : kRules) {
        if (ruleName.compare(QLatin1String(r.name), Qt::CaseInsensitive) == 0)
            return tr(r.text);
    }
    return ruleName;
}

} // namespace RestoreDesk::Models
