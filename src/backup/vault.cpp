#include "backup/vault.h"

#include "backup/armreader.h"

namespace RestoreDesk::Backup {

Result<Vault> Vault::fromArm(const QJsonObject &resource)
{
    ArmReader r(resource, QStringLiteral("Vault"));
    Vault v;
    v.raw = resource;
    v.id = r.string("id", ArmReader::Required);
    r.setSubject(v.id);
    v.armId = ArmId::parse(v.id);
    // A vault lives in a resource group: an id without a group's name ("…/resourceGroups/providers/…"
    // or no resourceGroups segment) could not be placed in the tree or addressed by its children.
    if (r.ok() && (v.armId.kind != ArmId::Kind::Vault || v.armId.resourceGroup.isEmpty()))
        r.failId(v.id, QStringLiteral("Vault"));
    v.name = r.string("name");
    if (v.name.isEmpty())
        v.name = v.armId.vault;
    v.location = r.string("location");
    v.sku = r.string("sku.name");
    v.provisioningState = r.string("properties.provisioningState");
    v.storageRedundancy = r.string("properties.redundancySettings.standardTierStorageRedundancy");
    const QString crr = r.string("properties.redundancySettings.crossRegionRestore");
    if (!crr.isEmpty())
        v.crossRegionRestore = crr.compare(QLatin1String("Enabled"), Qt::CaseInsensitive) == 0;
    v.softDeleteState = r.string("properties.securitySettings.softDeleteSettings.softDeleteState");
    if (const auto days = r.integer(
            "properties.securitySettings.softDeleteSettings.softDeleteRetentionPeriodInDays", 0, 36500))
        v.softDeleteRetentionDays = int(*days);
    v.immutabilityState = r.string("properties.securitySettings.immutabilitySettings.state");
    v.multiUserAuthorization = r.string("properties.securitySettings.multiUserAuthorization");
    v.publicNetworkAccess = r.string("properties.publicNetworkAccess");
    v.secureScore = r.string("properties.secureScore");
    v.bcdrSecurityLevel = r.string("properties.bcdrSecurityLevel");
    v.identityType = r.string("identity.type");
    v.identityPrincipalId = r.string("identity.principalId");
    v.tags = r.stringMap("tags");
    if (!r.ok())
        return r.error();
    return v;
}

} // namespace RestoreDesk::Backup
