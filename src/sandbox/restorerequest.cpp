#include "sandbox/restorerequest.h"

#include <QJsonArray>

namespace RestoreDesk::Sandbox {

namespace {

bool isResourceId(const QString &id, const QString &provider, const QString &type)
{
    const QStringList s = id.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    return s.size() == 8 && s.at(0).compare(QLatin1String("subscriptions"), Qt::CaseInsensitive) == 0
        && s.at(2).compare(QLatin1String("resourceGroups"), Qt::CaseInsensitive) == 0
        && s.at(5).compare(provider, Qt::CaseInsensitive) == 0
        && s.at(6).compare(type, Qt::CaseInsensitive) == 0;
}

bool isResourceGroupId(const QString &id)
{
    const QStringList s = id.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    return s.size() == 4 && s.at(0).compare(QLatin1String("subscriptions"), Qt::CaseInsensitive) == 0
        && s.at(2).compare(QLatin1String("resourceGroups"), Qt::CaseInsensitive) == 0;
}

QString resourceGroupOf(const QString &id)
{
    return id.section(QLatin1Char('/'), 0, 4);
}

bool unsafePath(const QString &path)
{
    return path.split(QLatin1Char('/'), Qt::SkipEmptyParts).contains(QStringLiteral(".."))
        || path.contains(QLatin1Char('\\'));
}

// The checks one restore request goes through, each adding what is wrong in the API's words.
class Checker
{
public:
    Checker(const QJsonObject &r, const SandboxVault &vault, const Tenant &tenant)
        : m_r(r)
        , m_vault(vault)
        , m_tenant(tenant)
        , m_location(vault.resource.value(QStringLiteral("location")).toString())
    { }

    QList<RestoreProblem> problems;

    void add(const char *code, const QString &message)
    {
        problems << RestoreProblem { QLatin1String(code), message };
    }
    QString text(const char *name) const { return m_r.value(QLatin1String(name)).toString(); }

    // A storage account that must exist in the vault's region (staging, or a file-share target).
    void storageInRegion(const QString &id, const char *what, const char *regionCode)
    {
        if (!isResourceId(id, QStringLiteral("Microsoft.Storage"), QStringLiteral("storageAccounts"))) {
            add("UserErrorStorageAccountNotFound",
                QStringLiteral("%1 must name a storage account.").arg(QLatin1String(what)));
            return;
        }
        const SandboxResource *account = m_tenant.resource(id);
        if (!account) {
            add("UserErrorStorageAccountNotFound",
                QStringLiteral("The storage account '%1' does not exist.")
                    .arg(id.section(QLatin1Char('/'), -1)));
            return;
        }
        if (account->location.compare(m_location, Qt::CaseInsensitive) != 0)
            add(regionCode,
                QStringLiteral("The storage account '%1' is in %2; the vault is in %3. Use one in %3.")
                    .arg(id.section(QLatin1Char('/'), -1), account->location, m_location));
    }

    void resourceGroupExists(const QString &id)
    {
        if (!isResourceGroupId(id) || !m_tenant.resource(id))
            add("UserErrorTargetResourceGroupNotFound",
                QStringLiteral("targetResourceGroupId must name an existing resource group (%1).").arg(id));
    }

    void vm(const QString &type)
    {
        static const QStringList kinds
            = { QStringLiteral("OriginalLocation"), QStringLiteral("AlternateLocation"),
                QStringLiteral("RestoreDisks") };
        if (!kinds.contains(type)) {
            add("BMSUserErrorInvalidRecoveryType",
                QStringLiteral("recoveryType must be OriginalLocation, AlternateLocation or RestoreDisks."));
            return;
        }
        // Every VM restore stages through a storage account in the vault's region.
        storageInRegion(text("storageAccountId"), "storageAccountId (the staging location)",
                        "UserErrorStagingStorageAccountInDifferentRegion");
        const QString rg = text("targetResourceGroupId");
        if (type == QLatin1String("RestoreDisks") && !rg.isEmpty())
            resourceGroupExists(rg);
        if (type != QLatin1String("AlternateLocation"))
            return;
        resourceGroupExists(rg);
        const QString vmId = text("targetVirtualMachineId");
        if (!isResourceId(vmId, QStringLiteral("Microsoft.Compute"), QStringLiteral("virtualMachines"))
            || resourceGroupOf(vmId).compare(rg, Qt::CaseInsensitive) != 0)
            add("UserErrorInvalidTargetVm",
                QStringLiteral(
                    "targetVirtualMachineId must name the virtual machine to create, in the target "
                    "resource group."));
        else if (m_tenant.resource(vmId))
            add("UserErrorVmNameAlreadyExists",
                QStringLiteral("A virtual machine named '%1' already exists in %2; choose another name.")
                    .arg(vmId.section(QLatin1Char('/'), -1), rg.section(QLatin1Char('/'), -1)));
        const QString vnet = text("virtualNetworkId");
        const QString subnet = text("subnetId");
        if (vnet.isEmpty() || subnet.isEmpty()) {
            add("UserErrorNetworkNotSpecified",
                QStringLiteral("virtualNetworkId and subnetId are required for a new VM."));
            return;
        }
        const SandboxResource *network = m_tenant.resource(vnet);
        if (!network || network->type != QLatin1String("Microsoft.Network/virtualNetworks")) {
            add("UserErrorVirtualNetworkNotFound",
                QStringLiteral("The virtual network '%1' does not exist.")
                    .arg(vnet.section(QLatin1Char('/'), -1)));
            return;
        }
        if (network->location.compare(m_location, Qt::CaseInsensitive) != 0)
            add("UserErrorVirtualNetworkInDifferentRegion",
                QStringLiteral(
                    "The virtual network '%1' is in %2; a VM restored from this vault is created in %3.")
                    .arg(network->id.section(QLatin1Char('/'), -1), network->location, m_location));
        const QString prefix = vnet + QStringLiteral("/subnets/");
        if (!subnet.startsWith(prefix, Qt::CaseInsensitive)
            || !network->children.contains(subnet.mid(prefix.size()), Qt::CaseInsensitive))
            add("UserErrorSubnetNotFound",
                QStringLiteral("subnetId must name a subnet of '%1' (it has: %2).")
                    .arg(network->id.section(QLatin1Char('/'), -1),
                         network->children.join(QStringLiteral(", "))));
    }

    void fileShare(const QString &type)
    {
        if (type != QLatin1String("OriginalLocation") && type != QLatin1String("AlternateLocation"))
            add("BMSUserErrorInvalidRecoveryType",
                QStringLiteral("recoveryType must be OriginalLocation or AlternateLocation."));
        const QString copy = text("copyOptions");
        if (copy != QLatin1String("Overwrite") && copy != QLatin1String("Skip")
            && copy != QLatin1String("CreateCopy") && copy != QLatin1String("FailOnConflict"))
            add("BMSUserErrorInvalidCopyOptions",
                QStringLiteral("copyOptions must be Overwrite, Skip, CreateCopy or FailOnConflict."));
        const QString requestType = text("restoreRequestType");
        const QJsonArray specs = m_r.value(QStringLiteral("restoreFileSpecs")).toArray();
        if (!requestType.isEmpty() && requestType != QLatin1String("FullShareRestore")
            && requestType != QLatin1String("ItemLevelRestore"))
            add("BMSUserErrorInvalidRestoreRequestType",
                QStringLiteral("restoreRequestType must be FullShareRestore or ItemLevelRestore."));
        if (requestType == QLatin1String("ItemLevelRestore") && specs.isEmpty())
            add("UserErrorInvalidRestoreFileSpec",
                QStringLiteral("An item-level restore names at least one file or folder."));
        for (const QJsonValue &v : specs) {
            const QJsonObject spec = v.toObject();
            const QString path = spec.value(QStringLiteral("path")).toString();
            const QString kind = spec.value(QStringLiteral("fileSpecType")).toString();
            const QString folder = spec.value(QStringLiteral("targetFolderPath")).toString();
            if (requestType == QLatin1String("ItemLevelRestore")
                && (path.isEmpty() || unsafePath(path)
                    || (kind != QLatin1String("File") && kind != QLatin1String("Directory"))))
                add("UserErrorInvalidRestoreFileSpec",
                    QStringLiteral(
                        "Each restoreFileSpecs entry needs a path inside the share and fileSpecType "
                        "File or Directory ('%1').")
                        .arg(path));
            if (unsafePath(folder))
                add("UserErrorInvalidRestoreFileSpec",
                    QStringLiteral("targetFolderPath must stay inside the share ('%1').").arg(folder));
        }
        if (type != QLatin1String("AlternateLocation"))
            return;
        const QJsonObject target = m_r.value(QStringLiteral("targetDetails")).toObject();
        const QString account = target.value(QStringLiteral("targetResourceId")).toString();
        const int before = int(problems.size());
        storageInRegion(account, "targetDetails.targetResourceId",
                        "UserErrorTargetStorageAccountInDifferentRegion");
        if (problems.size() > before)
            return;
        const QString share = target.value(QStringLiteral("name")).toString();
        if (!m_tenant.resource(account)->children.contains(share, Qt::CaseInsensitive))
            add("UserErrorTargetFileShareNotFound",
                QStringLiteral("The file share '%1' does not exist in '%2'; create it first.")
                    .arg(share, account.section(QLatin1Char('/'), -1)));
    }

    void sql(const QString &type)
    {
        if (type != QLatin1String("OriginalLocation") && type != QLatin1String("AlternateLocation")) {
            add("BMSUserErrorInvalidRecoveryType",
                QStringLiteral("recoveryType must be OriginalLocation or AlternateLocation."));
            return;
        }
        if (type != QLatin1String("AlternateLocation"))
            return;
        const QJsonObject target = m_r.value(QStringLiteral("targetInfo")).toObject();
        const QString container = target.value(QStringLiteral("containerId")).toString();
        // The target must be a SQL host registered in this vault (a VMAppContainer of its items).
        QString hostVm;
        for (const SandboxItem &i : m_vault.items) {
            const QString id = i.resource.value(QStringLiteral("id")).toString();
            if (i.kind == QLatin1String("sql") && !container.isEmpty()
                && id.startsWith(container + QStringLiteral("/protectedItems/"), Qt::CaseInsensitive))
                hostVm = i.resource.value(QStringLiteral("properties"))
                             .toObject()
                             .value(QStringLiteral("sourceResourceId"))
                             .toString();
        }
        if (hostVm.isEmpty()) {
            add("UserErrorTargetContainerNotFound",
                QStringLiteral("targetInfo.containerId must name a SQL server registered in this vault."));
            return;
        }
        const QString mode = text("recoveryMode");
        if (mode == QLatin1String("FileRecovery")) {
            if (target.value(QStringLiteral("targetDirectoryForFileRestore")).toString().trimmed().isEmpty())
                add("UserErrorTargetDirectoryMissing",
                    QStringLiteral(
                        "targetInfo.targetDirectoryForFileRestore is required to restore as files."));
            return;
        }
        const QString database
            = target.value(QStringLiteral("databaseName")).toString().section(QLatin1Char('/'), -1);
        if (database.isEmpty()) {
            add("UserErrorInvalidTargetDatabaseName", QStringLiteral("targetInfo.databaseName is required."));
            return;
        }
        const SandboxResource *host = m_tenant.resource(hostVm);
        if (host && host->children.contains(database, Qt::CaseInsensitive)
            && target.value(QStringLiteral("overwriteOption")).toString() != QLatin1String("Overwrite"))
            add("UserErrorDatabaseAlreadyExists",
                QStringLiteral("The database '%1' already exists on %2; choose another name or overwrite it.")
                    .arg(database, hostVm.section(QLatin1Char('/'), -1)));
    }

private:
    const QJsonObject &m_r;
    const SandboxVault &m_vault;
    const Tenant &m_tenant;
    QString m_location;
};

} // namespace

QJsonObject findRecoveryPoint(const SandboxItem &item, const QString &name)
{
    for (const QJsonObject &p : item.recoveryPoints) {
        if (p.value(QStringLiteral("name")).toString() == name)
            return p;
    }
    return {};
}

QList<RestoreProblem> validateRestoreRequest(const QJsonObject &r, const SandboxItem &item,
                                             const QJsonObject &point, const SandboxVault &vault,
                                             const Tenant &tenant)
{
    Checker c(r, vault, tenant);
    const QString objectType = r.value(QStringLiteral("objectType")).toString();
    static const QStringList vmTypes
        = { QStringLiteral("IaasVMRestoreRequest"), QStringLiteral("IaasVMRestoreWithRehydrationRequest") };
    static const QStringList fileTypes = { QStringLiteral("AzureFileShareRestoreRequest") };
    static const QStringList sqlTypes = { QStringLiteral("AzureWorkloadSQLRestoreRequest"),
                                          QStringLiteral("AzureWorkloadSQLPointInTimeRestoreRequest"),
                                          QStringLiteral("AzureWorkloadSQLRestoreWithRehydrateRequest") };
    // The types that bring an archive-tier point back first (a file share has no archive tier).
    static const QStringList rehydratingTypes
        = { QStringLiteral("IaasVMRestoreWithRehydrationRequest"),
            QStringLiteral("AzureWorkloadSQLRestoreWithRehydrateRequest") };
    const QStringList &expected = item.kind == QLatin1String("fileshare") ? fileTypes
        : item.kind == QLatin1String("sql")                               ? sqlTypes
                                                                          : vmTypes;
    if (!expected.contains(objectType)) {
        c.add("BMSUserErrorInvalidRestoreRequestType",
              QStringLiteral("objectType '%1' does not fit this item; expected one of %2.")
                  .arg(objectType, expected.join(QStringLiteral(", "))));
        return c.problems;
    }
    if (point.isEmpty()) {
        c.add("BMSUserErrorRecoveryPointNotFound",
              QStringLiteral("The recovery point does not exist or has expired."));
        return c.problems;
    }
    const QString rpInBody = r.value(QStringLiteral("recoveryPointId")).toString();
    if (!rpInBody.isEmpty() && rpInBody != point.value(QStringLiteral("name")).toString())
        c.add("BMSUserErrorRecoveryPointIdMismatch",
              QStringLiteral("properties.recoveryPointId differs from the recovery point in the URL."));

    const QString source = r.value(QStringLiteral("sourceResourceId")).toString();
    const QString itemSource = item.resource.value(QStringLiteral("properties"))
                                   .toObject()
                                   .value(QStringLiteral("sourceResourceId"))
                                   .toString();
    if (!source.isEmpty() && source.compare(itemSource, Qt::CaseInsensitive) != 0)
        c.add("BMSUserErrorSourceResourceMismatch",
              QStringLiteral("sourceResourceId is not the protected item's source (%1).").arg(itemSource));

    const QJsonArray tiers = point.value(QStringLiteral("properties"))
                                 .toObject()
                                 .value(QStringLiteral("recoveryPointTierDetails"))
                                 .toArray();
    bool archivedOnly = false;
    for (const QJsonValue &t : tiers) {
        const QJsonObject o = t.toObject();
        if (o.value(QStringLiteral("type")).toString() == QLatin1String("ArchivedRP")
            && o.value(QStringLiteral("status")).toString() == QLatin1String("Valid"))
            archivedOnly = true;
    }
    if (archivedOnly && !rehydratingTypes.contains(objectType))
        c.add("UserErrorRecoveryPointInArchiveTier",
              QStringLiteral("The recovery point is in the archive tier: restore it with rehydration "
                             "(%1).")
                  .arg(sqlTypes.contains(objectType)
                           ? QStringLiteral("AzureWorkloadSQLRestoreWithRehydrateRequest")
                           : QStringLiteral("IaasVMRestoreWithRehydrationRequest")));
    if (rehydratingTypes.contains(objectType)
        && r.value(QStringLiteral("recoveryPointRehydrationInfo"))
               .toObject()
               .value(QStringLiteral("rehydrationRetentionDuration"))
               .toString()
               .isEmpty())
        c.add("BMSUserErrorRehydrationInfoMissing",
              QStringLiteral("recoveryPointRehydrationInfo.rehydrationRetentionDuration is required."));

    const QString type = r.value(QStringLiteral("recoveryType")).toString();
    if (vmTypes.contains(objectType))
        c.vm(type);
    else if (fileTypes.contains(objectType))
        c.fileShare(type);
    else
        c.sql(type);
    return c.problems;
}

} // namespace RestoreDesk::Sandbox
