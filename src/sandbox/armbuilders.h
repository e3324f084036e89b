#pragma once

#include "sandbox/retentionplanner.h"
#include "sandbox/tenant.h"

#include <QJsonObject>

namespace RestoreDesk::Sandbox::Arm {

// Builders of the ARM JSON the sandbox serves, member for member in the shapes of the public
// Azure REST API examples (tests/data/arm/). Pure functions.

QString isoTime(const QDateTime &t); // 2026-11-29T10:00:00.0000000Z
QString isoDuration(qint64 ms); // PT12.4272909S
QString newGuid();

QJsonObject subscription(const QString &id, const QString &name, const QString &tenantId);

QJsonObject vault(const QString &subscriptionId, const QString &resourceGroup, const QString &name,
                  const QJsonObject &seed, const QString &tenantId);
QJsonObject vaultListEntry(const QJsonObject &vault);
QJsonObject vaultBackupConfig(const QString &vaultId, bool softDelete);

QJsonObject policy(const QString &vaultId, const QJsonObject &seed, int protectedItemsCount);
QString policyManagementType(const QJsonObject &policy);

struct ItemNames
{
    QString container; // path segment
    QString item; // path segment
    QString containerShort; // properties.containerName
};
ItemNames itemNames(const QString &kind, const QJsonObject &seed);

QJsonObject protectedItem(const QString &vaultId, const QJsonObject &seed, const QString &policyId,
                          const QDateTime &lastBackup, const QDateTime &lastPoint);

QJsonObject recoveryPoint(const QString &itemId, const QString &kind, const PlannedPoint &point);

// Job as listed (`detailed` = false) or as GET returns it (extendedInfo with tasks).
QJsonObject job(const SandboxJob &job, const QDateTime &now, bool detailed);
QString jobStatus(const SandboxJob &job, const QDateTime &now, int *percent = nullptr);

QJsonObject identity(const QString &subscriptionId, const QString &resourceGroup, const QJsonObject &seed,
                     const QString &tenantId);
QJsonObject federatedCredential(const QString &identityId, const QJsonObject &seed);

} // namespace RestoreDesk::Sandbox::Arm
