#include "sandbox/restorerequest.h"

#include <QJsonArray>

namespace RestoreDesk::Sandbox {

namespace {

bool subscriptionKnown(const Tenant &tenant, const QString &resourceId)
{
    const QString sub = resourceId.section(QLatin1Char('/'), 2, 2);
    for (const QJsonObject &s : tenant.subscriptions) {
        if (s.value(QStringLiteral("subscriptionId")).toString().compare(sub, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

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
                                             const QJsonObject &point, const Tenant &tenant)
{
    QList<RestoreProblem> problems;
    auto add = [&](const char *code, const QString &message) {
        problems << RestoreProblem { QLatin1String(code), message };
    };
    const QString objectType = r.value(QStringLiteral("objectType")).toString();
    static const QStringList vmTypes
        = { QStringLiteral("IaasVMRestoreRequest"), QStringLiteral("IaasVMRestoreWithRehydrationRequest") };
    static const QStringList fileTypes = { QStringLiteral("AzureFileShareRestoreRequest") };
    static const QStringList sqlTypes = { QStringLiteral("AzureWorkloadSQLRestoreRequest"),
                                          QStringLiteral("AzureWorkloadSQLPointInTimeRestoreRequest") };
    const QStringList &expected = item.kind == QLatin1String("fileshare") ? fileTypes
        : item.kind == QLatin1String("sql")                               ? sqlTypes
                                                                          : vmTypes;
    if (!expected.contains(objectType)) {
        add("BMSUserErrorInvalidRestoreRequestType",
            QStringLiteral("objectType '%1' does not fit this item; expected one of %2.")
                .arg(objectType, expected.join(QStringLiteral(", "))));
        return problems;
    }
    if (point.isEmpty()) {
        add("BMSUserErrorRecoveryPointNotFound",
            QStringLiteral("The recovery point does not exist or has expired."));
        return problems;
    }
    const QString rpInBody = r.value(QStringLiteral("recoveryPointId")).toString();
    if (!rpInBody.isEmpty() && rpInBody != point.value(QStringLiteral("name")).toString())
        add("BMSUserErrorRecoveryPointIdMismatch",
            QStringLiteral("properties.recoveryPointId differs from the recovery point in the URL."));

    const QString source = r.value(QStringLiteral("sourceResourceId")).toString();
    const QString itemSource = item.resource.value(QStringLiteral("properties"))
                                   .toObject()
                                   .value(QStringLiteral("sourceResourceId"))
                                   .toString();
    if (!source.isEmpty() && source.compare(itemSource, Qt::CaseInsensitive) != 0)
        add("BMSUserErrorSourceResourceMismatch",
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
    if (archivedOnly && objectType == QLatin1String("IaasVMRestoreRequest"))
        add("UserErrorRecoveryPointInArchiveTier",
            QStringLiteral("The recovery point is in the archive tier: restore it with rehydration "
                           "(IaasVMRestoreWithRehydrationRequest)."));
    if (objectType == QLatin1String("IaasVMRestoreWithRehydrationRequest")) {
        const QJsonObject info = r.value(QStringLiteral("recoveryPointRehydrationInfo")).toObject();
        if (info.value(QStringLiteral("rehydrationRetentionDuration")).toString().isEmpty())
            add("BMSUserErrorRehydrationInfoMissing",
                QStringLiteral("recoveryPointRehydrationInfo.rehydrationRetentionDuration is required."));
    }

    const QString type = r.value(QStringLiteral("recoveryType")).toString();
    if (vmTypes.contains(objectType)) {
        static const QStringList kinds
            = { QStringLiteral("OriginalLocation"), QStringLiteral("AlternateLocation"),
                QStringLiteral("RestoreDisks") };
        if (!kinds.contains(type)) {
            add("BMSUserErrorInvalidRecoveryType",
                QStringLiteral("recoveryType must be OriginalLocation, AlternateLocation or RestoreDisks."));
        }
        if (type == QLatin1String("RestoreDisks") || type == QLatin1String("AlternateLocation")) {
            const QString storage = r.value(QStringLiteral("storageAccountId")).toString();
            if (!isResourceId(storage, QStringLiteral("Microsoft.Storage"),
                              QStringLiteral("storageAccounts")))
                add("UserErrorStorageAccountNotFound",
                    QStringLiteral("storageAccountId must name a storage account (the staging location)."));
            else if (!subscriptionKnown(tenant, storage))
                add("UserErrorStorageAccountNotFound",
                    QStringLiteral(
                        "The staging storage account is in a subscription this tenant does not have."));
        }
        if (type == QLatin1String("AlternateLocation")) {
            const QString rg = r.value(QStringLiteral("targetResourceGroupId")).toString();
            if (!isResourceGroupId(rg) || !subscriptionKnown(tenant, rg))
                add("UserErrorTargetResourceGroupNotFound",
                    QStringLiteral("targetResourceGroupId must name an existing resource group."));
            if (!isResourceId(r.value(QStringLiteral("targetVirtualMachineId")).toString(),
                              QStringLiteral("Microsoft.Compute"), QStringLiteral("virtualMachines")))
                add("UserErrorInvalidTargetVm",
                    QStringLiteral("targetVirtualMachineId must name the virtual machine to create."));
            if (r.value(QStringLiteral("subnetId")).toString().isEmpty()
                || r.value(QStringLiteral("virtualNetworkId")).toString().isEmpty())
                add("UserErrorNetworkNotSpecified",
                    QStringLiteral("virtualNetworkId and subnetId are required for a new VM."));
        }
    } else if (fileTypes.contains(objectType)) {
        if (type != QLatin1String("OriginalLocation") && type != QLatin1String("AlternateLocation"))
            add("BMSUserErrorInvalidRecoveryType",
                QStringLiteral("recoveryType must be OriginalLocation or AlternateLocation."));
        const QString copy = r.value(QStringLiteral("copyOptions")).toString();
        if (copy != QLatin1String("Overwrite") && copy != QLatin1String("Skip")
            && copy != QLatin1String("CreateCopy") && copy != QLatin1String("FailOnConflict"))
            add("BMSUserErrorInvalidCopyOptions",
                QStringLiteral("copyOptions must be Overwrite, Skip, CreateCopy or FailOnConflict."));
    } else {
        if (type != QLatin1String("OriginalLocation") && type != QLatin1String("AlternateLocation"))
            add("BMSUserErrorInvalidRecoveryType",
                QStringLiteral("recoveryType must be OriginalLocation or AlternateLocation."));
    }
    return problems;
}

} // namespace RestoreDesk::Sandbox
