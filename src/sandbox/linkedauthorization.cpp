#include "sandbox/linkedauthorization.h"

#include <QStringList>

namespace RestoreDesk::Sandbox {

namespace {

// Where a rule's scope comes from in the request properties.
enum class From {
    Source, // sourceResourceId
    TargetGroup, // targetResourceGroupId
    Network, // virtualNetworkId
    Subnet, // subnetId
    Staging, // storageAccountId
    FileTarget, // targetDetails.targetResourceId
    SqlServer, // targetVirtualMachineId, else the VM of targetInfo.containerId
};

struct Rule
{
    const char *objectTypePrefix; // matched case-insensitively at the start of objectType
    const char *recoveryType; // nullptr: any
    From from;
    const char *action;
};

// The table: one line per right. Order is the order a 403 names them in.
constexpr Rule kRules[] = {
    { "IaasVM", "AlternateLocation", From::TargetGroup, "Microsoft.Compute/virtualMachines/write" },
    { "IaasVM", "AlternateLocation", From::TargetGroup, "Microsoft.Network/networkInterfaces/write" },
    { "IaasVM", "AlternateLocation", From::TargetGroup, "Microsoft.Compute/disks/write" },
    { "IaasVM", "AlternateLocation", From::Network, "Microsoft.Network/virtualNetworks/read" },
    { "IaasVM", "AlternateLocation", From::Subnet, "Microsoft.Network/virtualNetworks/subnets/join/action" },
    { "IaasVM", "AlternateLocation", From::Staging, "Microsoft.Storage/storageAccounts/write" },
    { "IaasVM", "RestoreDisks", From::Staging, "Microsoft.Storage/storageAccounts/write" },
    { "IaasVM", "RestoreDisks", From::TargetGroup, "Microsoft.Compute/disks/write" },
    { "IaasVM", "OriginalLocation", From::Source, "Microsoft.Compute/virtualMachines/write" },
    { "IaasVM", "OriginalLocation", From::Staging, "Microsoft.Storage/storageAccounts/write" },
    { "AzureFileShare", "OriginalLocation", From::Source, "Microsoft.Storage/storageAccounts/write" },
    { "AzureFileShare", "AlternateLocation", From::FileTarget, "Microsoft.Storage/storageAccounts/write" },
    { "AzureWorkload", nullptr, From::SqlServer, "Microsoft.Compute/virtualMachines/write" },
};

QString field(const QJsonObject &o, const char *name)
{
    return o.value(QLatin1String(name)).toString();
}

// "…/protectionContainers/VMAppContainer;Compute;{rg};{vm}" in subscription {sub} → the VM's id.
QString vmOfContainer(const QString &containerId)
{
    const QStringList segments = containerId.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (segments.size() < 2
        || segments.first().compare(QLatin1String("subscriptions"), Qt::CaseInsensitive) != 0)
        return {};
    const QStringList parts = segments.last().split(QLatin1Char(';'));
    if (parts.size() != 4 || parts.at(1).compare(QLatin1String("Compute"), Qt::CaseInsensitive) != 0
        || parts.at(2).isEmpty() || parts.at(3).isEmpty())
        return {};
    return QLatin1String("/subscriptions/") + segments.at(1) + QLatin1String("/resourceGroups/") + parts.at(2)
        + QLatin1String("/providers/Microsoft.Compute/virtualMachines/") + parts.at(3);
}

QString scopeOf(const QJsonObject &p, From from)
{
    switch (from) {
    case From::Source:
        return field(p, "sourceResourceId");
    case From::TargetGroup:
        return field(p, "targetResourceGroupId");
    case From::Network:
        return field(p, "virtualNetworkId");
    case From::Subnet:
        return field(p, "subnetId");
    case From::Staging:
        return field(p, "storageAccountId");
    case From::FileTarget:
        return field(p.value(QLatin1String("targetDetails")).toObject(), "targetResourceId");
    case From::SqlServer: {
        const QString vm = field(p, "targetVirtualMachineId");
        return vm.isEmpty()
            ? vmOfContainer(field(p.value(QLatin1String("targetInfo")).toObject(), "containerId"))
            : vm;
    }
    }
    return {};
}

} // namespace

QList<LinkedNeed> linkedNeeds(const QJsonObject &properties)
{
    const QString objectType = field(properties, "objectType");
    const QString recoveryType = field(properties, "recoveryType");
    QList<LinkedNeed> out;
    for (const Rule &rule : kRules) {
        if (!objectType.startsWith(QLatin1String(rule.objectTypePrefix), Qt::CaseInsensitive))
            continue;
        if (rule.recoveryType
            && recoveryType.compare(QLatin1String(rule.recoveryType), Qt::CaseInsensitive) != 0)
            continue;
        const QString scope = scopeOf(properties, rule.from);
        if (!scope.isEmpty())
            out << LinkedNeed { scope, QString::fromLatin1(rule.action) };
    }
    return out;
}

} // namespace RestoreDesk::Sandbox
