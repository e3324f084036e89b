#pragma once

#include <QDateTime>
#include <QString>

namespace RestoreDesk::Backup {

// Which protected items a listing asks for (the `$filter` the API understands).
enum class ItemType { All, Vm, FileShare, Sql };

// What a job listing asks for; the time window is always stated (never a hidden default).
struct JobFilter
{
    QDateTime since; // invalid: no lower bound
    QDateTime until; // invalid: no upper bound
    QString status; // InProgress, Completed, Failed, CompletedWithWarnings, Cancelled…; empty: any
    QString operation; // Backup, Restore…; empty: any
};

// The REST paths (under the API base; api-versions are added by the transport) of every listing
// and read the console makes, in one place: the services call them, and the views show them as
// the "equivalent request". Pure; any thread.
namespace Paths {
QString subscriptions();
QString vaults(const QString &subscriptionId);
QString policies(const QString &vaultId);
QString items(const QString &vaultId, ItemType type);
QString recoveryPoints(const QString &itemId, const QDateTime &from = {}, const QDateTime &to = {});
QString jobs(const QString &vaultId, const JobFilter &filter);
QString activityLog(const QString &subscriptionId, const QDateTime &from, const QDateTime &to,
                    const QString &resourceGroup = {});
// A job filter time as ARM writes it: '2016-01-01 00:00:00 AM' (UTC).
QString jobFilterTime(const QDateTime &utc);
ItemType itemTypeFromName(const QString &name, bool *ok); // vm, fileshare, sql
} // namespace Paths

} // namespace RestoreDesk::Backup
