#include "backup/armid.h"

#include "backup/backupname.h"

namespace RestoreDesk::Backup {

namespace {

bool is(const QString &segment, const char *name)
{
    return segment.compare(QLatin1String(name), Qt::CaseInsensitive) == 0;
}

// Segments that name an operation id, in the casing the API documents.
QString operationSegment(const QString &segment)
{
    static const char *const kOperations[] = { "operationsStatus",
                                               "operationResults",
                                               "operations",
                                               "operationStatus",
                                               "backupOperations",
                                               "backupOperationResults",
                                               "backupValidateOperationsStatuses",
                                               "backupValidateOperationResults" };
    for (const char *name : kOperations) {
        if (is(segment, name))
            return QLatin1String(name);
    }
    return {};
}

// The path part of an id or URL: scheme and host, query and fragment dropped.
QString pathOf(const QString &idOrUrl)
{
    QString s = idOrUrl.trimmed();
    const qsizetype scheme = s.indexOf(QLatin1String("://"));
    if (scheme > 0 && scheme < 10) {
        const qsizetype slash = s.indexOf(QLatin1Char('/'), scheme + 3);
        s = slash < 0 ? QStringLiteral("/") : s.mid(slash);
    }
    const qsizetype query = s.indexOf(QLatin1Char('?'));
    if (query >= 0)
        s.truncate(query);
    const qsizetype fragment = s.indexOf(QLatin1Char('#'));
    if (fragment >= 0)
        s.truncate(fragment);
    return s;
}

ArmId invalid()
{
    return ArmId {};
}

} // namespace

ArmId ArmId::parse(const QString &idOrUrl)
{
    const QString path = pathOf(idOrUrl);
    if (!path.startsWith(QLatin1Char('/')))
        return invalid();
    const QStringList s = path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const auto n = s.size();
    ArmId id;
    if (n == 0) {
        id.kind = Kind::Root;
        return id;
    }
    qsizetype i = 0;
    if (is(s.at(0), "subscriptions")) {
        if (n < 2)
            return invalid();
        id.subscription = s.at(1);
        i = 2;
        if (i < n && is(s.at(i), "resourceGroups")) {
            if (i + 1 >= n)
                return invalid();
            // "resourceGroups/providers/Microsoft.X/…" is a group without a name (the examples
            // have such sourceResourceIds); "resourceGroups/providers/providers/…" is a group
            // named "providers".
            const bool nameless = is(s.at(i + 1), "providers") && i + 2 < n && !is(s.at(i + 2), "providers")
                && s.at(i + 2).contains(QLatin1Char('.'));
            if (!nameless)
                id.resourceGroup = s.at(i + 1);
            id.namelessResourceGroup = nameless;
            i += nameless ? 1 : 2;
        }
    }
    if (i < n) {
        if (!is(s.at(i), "providers") || i + 3 >= n)
            return invalid();
        id.providerNamespace = s.at(i + 1);
        id.resourceType = s.at(i + 2);
        id.resourceName = s.at(i + 3);
        i += 4;
        if (is(id.providerNamespace, "Microsoft.RecoveryServices") && is(id.resourceType, "vaults")) {
            id.providerNamespace = QStringLiteral("Microsoft.RecoveryServices");
            id.resourceType = QStringLiteral("vaults");
            id.vault = id.resourceName;
        }
    }
    id.fabric = QStringLiteral("Azure");
    while (i < n) {
        const QString &type = s.at(i);
        const QString op = operationSegment(type);
        if (is(type, "backupJobs") && i + 1 < n && is(s.at(i + 1), "operationResults")) {
            // backupJobs/operationResults/{id}: the result of a jobs export, not a job.
            if (i + 2 >= n)
                return invalid();
            id.operationType = QStringLiteral("backupJobs/operationResults");
            id.operation = s.at(i + 2);
            i += 3;
            continue;
        }
        if (i + 1 >= n)
            return invalid(); // a type without a name
        const QString &value = s.at(i + 1);
        i += 2;
        if (!id.operation.isEmpty())
            return invalid(); // nothing lies below an operation
        if (!op.isEmpty()) {
            id.operationType = op;
            id.operation = value;
            continue;
        }
        if (!id.isUnderVault()) {
            id.children << type << value;
            continue;
        }
        if (is(type, "backupFabrics")) {
            id.fabric = value;
            id.fabricInId = true;
        } else if (is(type, "protectionContainers")) {
            id.container = value;
        } else if (is(type, "protectedItems")) {
            id.item = value;
        } else if (is(type, "recoveryPoints")) {
            id.recoveryPoint = value;
        } else if (is(type, "backupPolicies")) {
            id.policy = value;
        } else if (is(type, "backupJobs")) {
            id.job = value;
        } else {
            id.children << type << value;
        }
    }
    // An item lies in a container, a recovery point in an item; a vault's children hang off a vault.
    if ((!id.item.isEmpty() && id.container.isEmpty()) || (!id.recoveryPoint.isEmpty() && id.item.isEmpty()))
        return invalid();
    if (!id.operation.isEmpty())
        id.kind = Kind::Operation;
    else if (!id.children.isEmpty())
        id.kind = Kind::Child;
    else if (!id.recoveryPoint.isEmpty())
        id.kind = Kind::RecoveryPoint;
    else if (!id.item.isEmpty())
        id.kind = Kind::Item;
    else if (!id.container.isEmpty())
        id.kind = Kind::Container;
    else if (!id.job.isEmpty())
        id.kind = Kind::Job;
    else if (!id.policy.isEmpty())
        id.kind = Kind::Policy;
    else if (id.fabricInId)
        id.kind = Kind::Fabric;
    else if (id.isUnderVault())
        id.kind = Kind::Vault;
    else if (!id.resourceName.isEmpty())
        id.kind = Kind::Resource;
    else if (!id.resourceGroup.isEmpty())
        id.kind = Kind::ResourceGroup;
    else if (!id.subscription.isEmpty())
        id.kind = Kind::Subscription;
    else
        return invalid();
    // Within one (sub)tree only: a policy, a job and a container do not nest in each other.
    const int branches = int(!id.container.isEmpty()) + int(!id.policy.isEmpty()) + int(!id.job.isEmpty());
    if (branches > 1)
        return invalid();
    return id;
}

QString ArmId::subscriptionId() const
{
    return subscription.isEmpty() ? QString() : QStringLiteral("/subscriptions/") + subscription;
}

QString ArmId::resourceGroupId() const
{
    return resourceGroup.isEmpty() ? QString()
                                   : subscriptionId() + QStringLiteral("/resourceGroups/") + resourceGroup;
}

QString ArmId::resourceId() const
{
    if (resourceName.isEmpty())
        return {};
    QString scope = subscriptionId();
    if (!resourceGroup.isEmpty())
        scope = resourceGroupId();
    else if (namelessResourceGroup)
        scope += QStringLiteral("/resourceGroups"); // as given
    return scope + QStringLiteral("/providers/%1/%2/%3").arg(providerNamespace, resourceType, resourceName);
}

QString ArmId::vaultId() const
{
    return vault.isEmpty() ? QString() : resourceId();
}

QString ArmId::policyId() const
{
    return policy.isEmpty() ? QString() : vaultId() + QStringLiteral("/backupPolicies/") + policy;
}

QString ArmId::containerId() const
{
    return container.isEmpty()
        ? QString()
        : vaultId() + QStringLiteral("/backupFabrics/%1/protectionContainers/%2").arg(fabric, container);
}

QString ArmId::itemId() const
{
    return item.isEmpty() ? QString() : containerId() + QStringLiteral("/protectedItems/") + item;
}

QString ArmId::recoveryPointId() const
{
    return recoveryPoint.isEmpty() ? QString()
                                   : itemId() + QStringLiteral("/recoveryPoints/") + recoveryPoint;
}

QString ArmId::jobId() const
{
    return job.isEmpty() ? QString() : vaultId() + QStringLiteral("/backupJobs/") + job;
}

QString ArmId::canonical() const
{
    QString out;
    switch (kind) {
    case Kind::Invalid:
        return {};
    case Kind::Root:
        return QStringLiteral("/");
    case Kind::Subscription:
        return subscriptionId();
    case Kind::ResourceGroup:
        return resourceGroupId();
    default:
        break;
    }
    if (!recoveryPoint.isEmpty())
        out = recoveryPointId();
    else if (!item.isEmpty())
        out = itemId();
    else if (!container.isEmpty())
        out = containerId();
    else if (!policy.isEmpty())
        out = policyId();
    else if (!job.isEmpty())
        out = jobId();
    else if (fabricInId)
        out = vaultId() + QStringLiteral("/backupFabrics/") + fabric;
    else
        out = resourceId();
    for (qsizetype i = 0; i + 1 < children.size(); i += 2)
        out += QLatin1Char('/') + children.at(i) + QLatin1Char('/') + children.at(i + 1);
    if (!operation.isEmpty())
        out += QLatin1Char('/') + operationType + QLatin1Char('/') + operation;
    return out;
}

QStringList ArmId::scopeChain() const
{
    QStringList chain;
    if (!isValid())
        return chain;
    if (!resourceName.isEmpty())
        chain << resourceId();
    if (!resourceGroup.isEmpty())
        chain << resourceGroupId();
    if (!subscription.isEmpty())
        chain << subscriptionId();
    chain << QStringLiteral("/");
    return chain;
}

QString ArmId::containerFriendlyName() const
{
    return container.isEmpty() ? QString() : BackupName::parse(container).friendlyName;
}

QString ArmId::itemFriendlyName() const
{
    return item.isEmpty() ? QString() : BackupName::parse(item).friendlyName;
}

QString ArmId::friendlyName() const
{
    switch (kind) {
    case Kind::Invalid:
        return {};
    case Kind::Root:
        return QStringLiteral("/");
    case Kind::Subscription:
        return subscription;
    case Kind::ResourceGroup:
        return resourceGroup;
    case Kind::Resource:
    case Kind::Vault:
        return resourceName;
    case Kind::Policy:
        return policy;
    case Kind::Fabric:
        return fabric;
    case Kind::Container:
        return containerFriendlyName();
    case Kind::Item:
        return itemFriendlyName();
    case Kind::RecoveryPoint:
        return recoveryPoint;
    case Kind::Job:
        return job;
    case Kind::Operation:
        return operation;
    case Kind::Child:
        return children.isEmpty() ? QString() : children.last();
    }
    return {};
}

bool sameArmId(const QString &a, const QString &b)
{
    const ArmId x = ArmId::parse(a);
    const ArmId y = ArmId::parse(b);
    if (x.isValid() && y.isValid())
        return x.key() == y.key();
    auto norm = [](QString s) {
        s = s.trimmed();
        while (s.size() > 1 && s.endsWith(QLatin1Char('/')))
            s.chop(1);
        return s.toLower();
    };
    return !x.isValid() && !y.isValid() && norm(a) == norm(b);
}

} // namespace RestoreDesk::Backup
