#pragma once

#include "backup/armid.h"
#include "core/result.h"

#include <QJsonObject>
#include <QMap>

#include <optional>

namespace RestoreDesk::Backup {

// A Recovery Services vault (GET .../vaults/{name} or an entry of a vault list; the list
// entries carry only a few properties, so most members may be empty). Value type, any thread.
struct Vault
{
    QString id;
    ArmId armId;
    QString name;
    QString location;
    QString sku; // Standard, RS0
    QString provisioningState;
    QString storageRedundancy; // standardTierStorageRedundancy: GeoRedundant, LocallyRedundant, ZoneRedundant
    std::optional<bool> crossRegionRestore;
    QString softDeleteState; // Enabled, Disabled, AlwaysON
    std::optional<int> softDeleteRetentionDays;
    QString immutabilityState; // Disabled, Unlocked, Locked
    QString multiUserAuthorization;
    QString publicNetworkAccess;
    QString secureScore; // None, Minimum, Adequate, Maximum
    QString bcdrSecurityLevel; // Poor, Fair, Good, Excellent
    QString identityType; // SystemAssigned, UserAssigned, …
    QString identityPrincipalId;
    QMap<QString, QString> tags;
    QJsonObject raw;

    QString subscriptionId() const { return armId.subscription; }
    QString resourceGroup() const { return armId.resourceGroup; }

    static Result<Vault> fromArm(const QJsonObject &resource);
};

} // namespace RestoreDesk::Backup
