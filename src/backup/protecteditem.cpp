#include "backup/protecteditem.h"

#include "backup/armreader.h"

namespace RestoreDesk::Backup {

namespace {

bool same(const QString &a, const char *b)
{
    return a.compare(QLatin1String(b), Qt::CaseInsensitive) == 0;
}

ProtectedItem::Health healthFrom(const QString &healthStatus, const QString &workloadHealth,
                                 const QString &protectionStatus)
{
    using Health = ProtectedItem::Health;
    if (same(healthStatus, "Passed"))
        return Health::Passed;
    if (same(healthStatus, "ActionRequired"))
        return Health::ActionRequired;
    if (same(healthStatus, "ActionSuggested"))
        return Health::ActionSuggested;
    if (same(healthStatus, "Invalid"))
        return Health::Invalid;
    // Workload items: Healthy, Unhealthy, NotReachable, IRPending.
    if (same(workloadHealth, "Healthy"))
        return Health::Passed;
    if (same(workloadHealth, "Unhealthy") || same(workloadHealth, "NotReachable"))
        return Health::ActionRequired;
    if (!workloadHealth.isEmpty())
        return Health::Unknown;
    if (healthStatus.isEmpty() && same(protectionStatus, "Healthy"))
        return Health::Passed;
    if (healthStatus.isEmpty() && same(protectionStatus, "Unhealthy"))
        return Health::ActionRequired;
    return Health::Unknown;
}

ProtectedItem::ProtectionState stateFrom(const QString &s)
{
    using State = ProtectedItem::ProtectionState;
    static const struct
    {
        const char *name;
        State state;
    } kStates[] = { { "Protected", State::Protected },
                    { "IRPending", State::IRPending },
                    { "ProtectionError", State::ProtectionError },
                    { "ProtectionStopped", State::ProtectionStopped },
                    { "ProtectionPaused", State::ProtectionPaused },
                    { "BackupsSuspended", State::BackupsSuspended },
                    { "Invalid", State::Invalid } };
    for (const auto &entry : kStates) {
        if (same(s, entry.name))
            return entry.state;
    }
    return State::Unknown;
}

} // namespace

QString ProtectedItem::healthName(Health health)
{
    switch (health) {
    case Health::Passed:
        return QStringLiteral("Passed");
    case Health::ActionSuggested:
        return QStringLiteral("ActionSuggested");
    case Health::ActionRequired:
        return QStringLiteral("ActionRequired");
    case Health::Invalid:
        return QStringLiteral("Invalid");
    case Health::Unknown:
        break;
    }
    return QStringLiteral("Unknown");
}

Result<ProtectedItem> ProtectedItem::fromArm(const QJsonObject &resource)
{
    ArmReader r(resource, QStringLiteral("ProtectedItem"));
    ProtectedItem i;
    i.raw = resource;
    i.id = r.string("id", ArmReader::Required);
    r.setSubject(i.id);
    i.armId = ArmId::parse(i.id);
    if (r.ok() && i.armId.kind != ArmId::Kind::Item)
        r.failId(i.id, QStringLiteral("ProtectedItem"));
    i.name = r.string("name");
    if (i.name.isEmpty())
        i.name = i.armId.item;
    r.object("properties", ArmReader::Required);
    i.protectedItemType = r.string("properties.protectedItemType");
    i.backupManagementType = r.string("properties.backupManagementType");
    i.workloadType = r.string("properties.workloadType");
    i.friendlyName = r.string("properties.friendlyName");
    if (i.friendlyName.isEmpty())
        i.friendlyName = i.armId.itemFriendlyName();
    i.containerName = r.string("properties.containerName");
    i.sourceResourceId = r.string("properties.sourceResourceId");
    i.policyId = r.string("properties.policyId");
    i.policyName = r.string("properties.policyName");
    if (i.policyName.isEmpty() && !i.policyId.isEmpty())
        i.policyName = ArmId::parse(i.policyId).policy;
    i.policyType = r.string("properties.policyType");
    i.lastBackupTime = r.time("properties.lastBackupTime");
    i.lastBackupStatus = r.string("properties.lastBackupStatus");
    i.lastRecoveryPoint = r.time("properties.lastRecoveryPoint");
    i.healthText = r.string("properties.healthStatus");
    const QString workloadHealth = r.string("properties.protectedItemHealthStatus");
    i.protectionStatus = r.string("properties.protectionStatus");
    i.health = healthFrom(i.healthText, workloadHealth, i.protectionStatus);
    if (i.healthText.isEmpty())
        i.healthText = workloadHealth.isEmpty() ? i.protectionStatus : workloadHealth;
    i.protectionStateText = r.string("properties.protectionState");
    i.protectionState = stateFrom(i.protectionStateText);
    i.softDeleted = r.boolean("properties.isScheduledForDeferredDelete").value_or(false);

    const QString type = i.protectedItemType;
    if (same(type, "Microsoft.Compute/virtualMachines")
        || same(type, "Microsoft.ClassicCompute/virtualMachines")) {
        i.kind = Kind::Vm;
    } else if (same(type, "AzureFileShareProtectedItem")) {
        i.kind = Kind::FileShare;
    } else if (same(type, "AzureVmWorkloadSQLDatabase")) {
        i.kind = Kind::SqlDatabase;
        i.serverName = r.string("properties.serverName");
        i.parentName = r.string("properties.parentName");
    }
    if (!r.ok())
        return r.error();
    return i;
}

} // namespace RestoreDesk::Backup
