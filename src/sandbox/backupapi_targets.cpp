// Reads of the resources a restore lands in or next to: resource groups, storage accounts and
// their file shares, virtual networks with their subnets, virtual machines. Enough of each for a
// client to tell whether a target exists and where it is (the region rules).
#include "sandbox/armbuilders.h"
#include "sandbox/backupapi.h"

#include <QJsonArray>

namespace RestoreDesk::Sandbox {

namespace {

QString groupIdOf(const BackupApi::Call &call)
{
    return QStringLiteral("/subscriptions/%1/resourceGroups/%2")
        .arg(call.params.value(QStringLiteral("subscriptionId")),
             call.params.value(QStringLiteral("resourceGroupName")));
}

} // namespace

HttpResponse BackupApi::targetRead(Call &call, const QString &id, const QString &action,
                                   const std::function<QJsonObject(const SandboxResource &)> &shape)
{
    // ARM decides on the caller's rights at the scope before it looks whether the thing exists.
    if (!check(call.principal, id, action).allowed)
        return denied(call.principal, id, action);
    const QString group = groupIdOf(call);
    if (!m_tenant.resource(group))
        return HttpResponse::armError(404, QStringLiteral("ResourceGroupNotFound"),
                                      QStringLiteral("Resource group '%1' could not be found.")
                                          .arg(call.params.value(QStringLiteral("resourceGroupName"))));
    const SandboxResource *r = m_tenant.resource(id);
    if (!r)
        return HttpResponse::armError(
            404, QStringLiteral("ResourceNotFound"),
            QStringLiteral("The Resource '%1' under resource group '%2' was not found.")
                .arg(id.section(QStringLiteral("/providers/"), 1),
                     call.params.value(QStringLiteral("resourceGroupName"))));
    return HttpResponse::json(200, shape(*r));
}

HttpResponse BackupApi::getResourceGroup(Call &call)
{
    const QString id = groupIdOf(call);
    return targetRead(
        call, id, QStringLiteral("Microsoft.Resources/subscriptions/resourceGroups/read"),
        [](const SandboxResource &r) {
            return QJsonObject {
                { QStringLiteral("id"), r.id },
                { QStringLiteral("name"), r.id.section(QLatin1Char('/'), -1) },
                { QStringLiteral("type"), QStringLiteral("Microsoft.Resources/resourceGroups") },
                { QStringLiteral("location"), r.location },
                { QStringLiteral("properties"),
                  QJsonObject { { QStringLiteral("provisioningState"), QStringLiteral("Succeeded") } } }
            };
        });
}

HttpResponse BackupApi::getStorageAccount(Call &call)
{
    const QString id = groupIdOf(call) + QStringLiteral("/providers/Microsoft.Storage/storageAccounts/")
        + call.params.value(QStringLiteral("accountName"));
    return targetRead(
        call, id, QStringLiteral("Microsoft.Storage/storageAccounts/read"), [](const SandboxResource &r) {
            return QJsonObject {
                { QStringLiteral("id"), r.id },
                { QStringLiteral("name"), r.id.section(QLatin1Char('/'), -1) },
                { QStringLiteral("type"), QStringLiteral("Microsoft.Storage/storageAccounts") },
                { QStringLiteral("location"), r.location },
                { QStringLiteral("kind"), QStringLiteral("StorageV2") },
                { QStringLiteral("sku"),
                  QJsonObject { { QStringLiteral("name"), QStringLiteral("Standard_LRS") },
                                { QStringLiteral("tier"), QStringLiteral("Standard") } } },
                { QStringLiteral("properties"),
                  QJsonObject { { QStringLiteral("provisioningState"), QStringLiteral("Succeeded") },
                                { QStringLiteral("primaryLocation"), r.location } } }
            };
        });
}

HttpResponse BackupApi::getFileShare(Call &call)
{
    const QString account = groupIdOf(call) + QStringLiteral("/providers/Microsoft.Storage/storageAccounts/")
        + call.params.value(QStringLiteral("accountName"));
    const QString share = call.params.value(QStringLiteral("shareName"));
    const QString id = account + QStringLiteral("/fileServices/default/shares/") + share;
    const QString action = QStringLiteral("Microsoft.Storage/storageAccounts/fileServices/shares/read");
    if (!check(call.principal, id, action).allowed)
        return denied(call.principal, id, action);
    const SandboxResource *a = m_tenant.resource(account);
    if (!a || !a->children.contains(share, Qt::CaseInsensitive))
        return HttpResponse::armError(404, QStringLiteral("ShareNotFound"),
                                      QStringLiteral("The specified share does not exist."));
    return HttpResponse::json(
        200,
        QJsonObject { { QStringLiteral("id"), id },
                      { QStringLiteral("name"), share },
                      { QStringLiteral("type"),
                        QStringLiteral("Microsoft.Storage/storageAccounts/fileServices/shares") },
                      { QStringLiteral("properties"),
                        QJsonObject { { QStringLiteral("shareQuota"), 5120 },
                                      { QStringLiteral("enabledProtocols"), QStringLiteral("SMB") } } } });
}

HttpResponse BackupApi::getVirtualNetwork(Call &call)
{
    const QString id = groupIdOf(call) + QStringLiteral("/providers/Microsoft.Network/virtualNetworks/")
        + call.params.value(QStringLiteral("networkName"));
    return targetRead(
        call, id, QStringLiteral("Microsoft.Network/virtualNetworks/read"), [](const SandboxResource &r) {
            QJsonArray subnets;
            int n = 0;
            for (const QString &s : r.children) {
                subnets.append(
                    QJsonObject { { QStringLiteral("id"), r.id + QStringLiteral("/subnets/") + s },
                                  { QStringLiteral("name"), s },
                                  { QStringLiteral("properties"),
                                    QJsonObject { { QStringLiteral("addressPrefix"),
                                                    QStringLiteral("10.20.%1.0/24").arg(n++) } } } });
            }
            return QJsonObject {
                { QStringLiteral("id"), r.id },
                { QStringLiteral("name"), r.id.section(QLatin1Char('/'), -1) },
                { QStringLiteral("type"), QStringLiteral("Microsoft.Network/virtualNetworks") },
                { QStringLiteral("location"), r.location },
                { QStringLiteral("properties"),
                  QJsonObject { { QStringLiteral("provisioningState"), QStringLiteral("Succeeded") },
                                { QStringLiteral("addressSpace"),
                                  QJsonObject { { QStringLiteral("addressPrefixes"),
                                                  QJsonArray { QStringLiteral("10.20.0.0/16") } } } },
                                { QStringLiteral("subnets"), subnets } } }
            };
        });
}

HttpResponse BackupApi::getVirtualMachine(Call &call)
{
    const QString id = groupIdOf(call) + QStringLiteral("/providers/Microsoft.Compute/virtualMachines/")
        + call.params.value(QStringLiteral("vmName"));
    return targetRead(
        call, id, QStringLiteral("Microsoft.Compute/virtualMachines/read"), [](const SandboxResource &r) {
            return QJsonObject {
                { QStringLiteral("id"), r.id },
                { QStringLiteral("name"), r.id.section(QLatin1Char('/'), -1) },
                { QStringLiteral("type"), QStringLiteral("Microsoft.Compute/virtualMachines") },
                { QStringLiteral("location"), r.location },
                { QStringLiteral("properties"),
                  QJsonObject { { QStringLiteral("provisioningState"), QStringLiteral("Succeeded") } } }
            };
        });
}

} // namespace RestoreDesk::Sandbox
