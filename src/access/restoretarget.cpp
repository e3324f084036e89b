#include "access/restoretarget.h"

namespace RestoreDesk::Access {

namespace {

QString text(const QJsonObject &o, const char *name)
{
    return o.value(QLatin1String(name)).toString();
}

// The VM a workload container id names (.../protectionContainers/VMAppContainer;Compute;{rg};{vm}
// in the vault of subscription {sub}); empty for any other shape.
QString hostOfContainer(const QString &containerId)
{
    const QStringList path = containerId.split(QLatin1Char('/'));
    if (path.size() < 3 || path.at(1).compare(QLatin1String("subscriptions"), Qt::CaseInsensitive) != 0)
        return {};
    const QStringList name = containerId.section(QLatin1Char('/'), -1).split(QLatin1Char(';'));
    if (name.size() != 4 || name.at(2).isEmpty() || name.at(3).isEmpty()
        || name.at(1).compare(QLatin1String("Compute"), Qt::CaseInsensitive) != 0)
        return {};
    return QStringLiteral(
               "/subscriptions/%1/resourceGroups/%2/providers/Microsoft.Compute/virtualMachines/%3")
        .arg(path.at(2), name.at(2), name.at(3));
}

} // namespace

RestoreTarget RestoreTarget::fromRequestProperties(const QJsonObject &p)
{
    RestoreTarget t;
    const QString objectType = text(p, "objectType");
    const QString recoveryType = text(p, "recoveryType");
    t.sourceResourceId = text(p, "sourceResourceId");
    t.targetResourceGroupId = text(p, "targetResourceGroupId");
    t.targetVirtualMachineId = text(p, "targetVirtualMachineId");
    t.storageAccountId = text(p, "storageAccountId");
    t.virtualNetworkId = text(p, "virtualNetworkId");
    t.subnetId = text(p, "subnetId");
    if (objectType.startsWith(QLatin1String("AzureFileShare"), Qt::CaseInsensitive)) {
        t.targetStorageAccountId
            = text(p.value(QStringLiteral("targetDetails")).toObject(), "targetResourceId");
        t.kind = recoveryType.compare(QLatin1String("AlternateLocation"), Qt::CaseInsensitive) == 0
            ? Kind::FileShareAlternate
            : Kind::FileShareOriginal;
        return t;
    }
    if (objectType.startsWith(QLatin1String("AzureWorkload"), Qt::CaseInsensitive)) {
        // The database (or its files) lands on the target server whatever the recovery type says.
        t.kind = Kind::Workload;
        t.targetServerId = t.targetVirtualMachineId;
        if (t.targetServerId.isEmpty())
            t.targetServerId
                = hostOfContainer(text(p.value(QStringLiteral("targetInfo")).toObject(), "containerId"));
        return t;
    }
    if (recoveryType.compare(QLatin1String("OriginalLocation"), Qt::CaseInsensitive) == 0)
        t.kind = Kind::OriginalLocation;
    else if (recoveryType.compare(QLatin1String("AlternateLocation"), Qt::CaseInsensitive) == 0)
        t.kind = Kind::AlternateLocation;
    else if (recoveryType.compare(QLatin1String("RestoreDisks"), Qt::CaseInsensitive) == 0)
        t.kind = Kind::RestoreDisks;
    return t;
}

QList<ScopedAction> RestoreTarget::requirements() const
{
    QList<ScopedAction> out;
    auto need = [&out](const QString &scope, const char *action, const char *role) {
        if (!scope.isEmpty())
            out << ScopedAction { scope, QString::fromLatin1(action), QString::fromLatin1(role) };
    };
    switch (kind) {
    case Kind::None:
        break;
    case Kind::OriginalLocation:
        // Writes the protected VM in place, staging its disks through the storage account the
        // request names (storageAccountId, as for the other VM restores).
        need(sourceResourceId, "Microsoft.Compute/virtualMachines/write", "source-resource");
        need(storageAccountId, "Microsoft.Storage/storageAccounts/write", "staging-storage-account");
        break;
    case Kind::AlternateLocation:
        // The new VM, its network interface and its disks are created in the target group.
        need(targetResourceGroupId, "Microsoft.Compute/virtualMachines/write", "target-resource-group");
        need(targetResourceGroupId, "Microsoft.Network/networkInterfaces/write", "target-resource-group");
        need(targetResourceGroupId, "Microsoft.Compute/disks/write", "target-resource-group");
        need(virtualNetworkId, "Microsoft.Network/virtualNetworks/read", "target-virtual-network");
        need(subnetId, "Microsoft.Network/virtualNetworks/subnets/join/action", "target-subnet");
        need(storageAccountId, "Microsoft.Storage/storageAccounts/write", "staging-storage-account");
        break;
    case Kind::RestoreDisks:
        need(storageAccountId, "Microsoft.Storage/storageAccounts/write", "staging-storage-account");
        need(targetResourceGroupId, "Microsoft.Compute/disks/write", "target-resource-group");
        break;
    case Kind::FileShareOriginal:
        need(sourceResourceId, "Microsoft.Storage/storageAccounts/write", "source-resource");
        break;
    case Kind::FileShareAlternate:
        need(targetStorageAccountId, "Microsoft.Storage/storageAccounts/write", "target-storage-account");
        break;
    case Kind::Workload:
        need(targetServerId, "Microsoft.Compute/virtualMachines/write", "target-sql-server");
        break;
    }
    return out;
}

} // namespace RestoreDesk::Access
