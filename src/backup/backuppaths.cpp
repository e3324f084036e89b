#include "backup/backuppaths.h"

#include <QLocale>
#include <QStringList>
#include <QUrl>

namespace RestoreDesk::Backup::Paths {

namespace {

QString withFilter(const QString &path, const QStringList &clauses)
{
    if (clauses.isEmpty())
        return path;
    return path + QStringLiteral("?$filter=")
        + QString::fromLatin1(QUrl::toPercentEncoding(clauses.join(QStringLiteral(" and ")), "'"));
}

QString trimmed(QString id)
{
    while (id.endsWith(QLatin1Char('/')))
        id.chop(1);
    return id;
}

} // namespace

QString subscriptions()
{
    return QStringLiteral("/subscriptions");
}

QString vaults(const QString &subscriptionId)
{
    return QStringLiteral("/subscriptions/%1/providers/Microsoft.RecoveryServices/vaults")
        .arg(subscriptionId);
}

QString policies(const QString &vaultId)
{
    return trimmed(vaultId) + QStringLiteral("/backupPolicies");
}

QString items(const QString &vaultId, ItemType type)
{
    QStringList clauses;
    switch (type) {
    case ItemType::All:
        break;
    case ItemType::Vm:
        clauses << QStringLiteral("backupManagementType eq 'AzureIaasVM'")
                << QStringLiteral("itemType eq 'VM'");
        break;
    case ItemType::FileShare:
        clauses << QStringLiteral("backupManagementType eq 'AzureStorage'")
                << QStringLiteral("itemType eq 'AzureFileShare'");
        break;
    case ItemType::Sql:
        clauses << QStringLiteral("backupManagementType eq 'AzureWorkload'")
                << QStringLiteral("itemType eq 'SQLDataBase'");
        break;
    }
    return withFilter(trimmed(vaultId) + QStringLiteral("/backupProtectedItems"), clauses);
}

QString recoveryPoints(const QString &itemId, const QDateTime &from, const QDateTime &to)
{
    QStringList clauses;
    if (from.isValid())
        clauses << QStringLiteral("startDate eq '%1'").arg(from.toUTC().toString(Qt::ISODate));
    if (to.isValid())
        clauses << QStringLiteral("endDate eq '%1'").arg(to.toUTC().toString(Qt::ISODate));
    return withFilter(trimmed(itemId) + QStringLiteral("/recoveryPoints"), clauses);
}

QString jobFilterTime(const QDateTime &utc)
{
    return QLocale::c().toString(utc.toUTC(), QStringLiteral("yyyy-MM-dd hh:mm:ss AP"));
}

QString jobs(const QString &vaultId, const JobFilter &f)
{
    QStringList clauses;
    if (f.since.isValid())
        clauses << QStringLiteral("startTime eq '%1'").arg(jobFilterTime(f.since));
    if (f.until.isValid())
        clauses << QStringLiteral("endTime eq '%1'").arg(jobFilterTime(f.until));
    if (!f.status.isEmpty())
        clauses << QStringLiteral("status eq '%1'").arg(f.status);
    if (!f.operation.isEmpty())
        clauses << QStringLiteral("operation eq '%1'").arg(f.operation);
    return withFilter(trimmed(vaultId) + QStringLiteral("/backupJobs"), clauses);
}

QString activityLog(const QString &subscriptionId, const QDateTime &from, const QDateTime &to,
                    const QString &resourceGroup)
{
    QStringList clauses { QStringLiteral("eventTimestamp ge '%1'").arg(from.toUTC().toString(Qt::ISODate)),
                          QStringLiteral("eventTimestamp le '%1'").arg(to.toUTC().toString(Qt::ISODate)) };
    if (!resourceGroup.isEmpty())
        clauses << QStringLiteral("resourceGroupName eq '%1'").arg(resourceGroup);
    return withFilter(
        QStringLiteral("/subscriptions/%1/providers/Microsoft.Insights/eventtypes/management/values")
            .arg(subscriptionId),
        clauses);
}

ItemType itemTypeFromName(const QString &name, bool *ok)
{
    *ok = true;
    const QString n = name.toLower();
    if (n == QLatin1String("vm"))
        return ItemType::Vm;
    if (n == QLatin1String("fileshare"))
        return ItemType::FileShare;
    if (n == QLatin1String("sql"))
        return ItemType::Sql;
    *ok = n.isEmpty() || n == QLatin1String("all");
    return ItemType::All;
}

} // namespace RestoreDesk::Backup::Paths
