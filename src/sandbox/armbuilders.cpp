#include "sandbox/armbuilders.h"

#include "core/qtcompat.h"

#include <QJsonArray>
#include <QUuid>

namespace RestoreDesk::Sandbox::Arm {

namespace {

QJsonArray array(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

QString runTime(const QTime &t)
{
    // ARM carries schedule times as a full timestamp of which only the time counts.
    return Compat::utcDateTime(QDate(2026, 1, 1), t).toString(Qt::ISODate);
}

QJsonObject duration(int count, const char *type)
{
    return QJsonObject { { QStringLiteral("count"), count },
                         { QStringLiteral("durationType"), QLatin1String(type) } };
}

QJsonObject retentionPolicy(const SeedSchedule &s)
{
    const QJsonArray times { runTime(s.times.first()) };
    QJsonObject r { { QStringLiteral("retentionPolicyType"), QStringLiteral("LongTermRetentionPolicy") } };
    if (s.dailyCount > 0)
        r.insert(QStringLiteral("dailySchedule"),
                 QJsonObject { { QStringLiteral("retentionDuration"), duration(s.dailyCount, "Days") },
                               { QStringLiteral("retentionTimes"), times } });
    if (s.weeklyCount > 0)
        r.insert(QStringLiteral("weeklySchedule"),
                 QJsonObject { { QStringLiteral("daysOfTheWeek"), array(s.weeklyRetentionDays) },
                               { QStringLiteral("retentionDuration"), duration(s.weeklyCount, "Weeks") },
                               { QStringLiteral("retentionTimes"), times } });
    if (s.monthlyCount > 0)
        r.insert(QStringLiteral("monthlySchedule"),
                 QJsonObject {
                     { QStringLiteral("retentionDuration"), duration(s.monthlyCount, "Months") },
                     { QStringLiteral("retentionScheduleFormatType"), QStringLiteral("Weekly") },
                     { QStringLiteral("retentionScheduleWeekly"),
                       QJsonObject { { QStringLiteral("daysOfTheWeek"), QJsonArray { s.monthlyDay } },
                                     { QStringLiteral("weeksOfTheMonth"), QJsonArray { s.monthlyWeek } } } },
                     { QStringLiteral("retentionTimes"), times } });
    if (s.yearlyCount > 0)
        r.insert(QStringLiteral("yearlySchedule"),
                 QJsonObject {
                     { QStringLiteral("monthsOfYear"), QJsonArray { s.yearlyMonth } },
                     { QStringLiteral("retentionDuration"), duration(s.yearlyCount, "Years") },
                     { QStringLiteral("retentionScheduleFormatType"), QStringLiteral("Weekly") },
                     { QStringLiteral("retentionScheduleWeekly"),
                       QJsonObject { { QStringLiteral("daysOfTheWeek"), QJsonArray { s.yearlyDay } },
                                     { QStringLiteral("weeksOfTheMonth"), QJsonArray { s.yearlyWeek } } } },
                     { QStringLiteral("retentionTimes"), times } });
    return r;
}

QJsonObject simpleSchedule(const SeedSchedule &s)
{
    const bool weekly = !s.weeklyDays.isEmpty();
    QJsonObject o { { QStringLiteral("schedulePolicyType"), QStringLiteral("SimpleSchedulePolicy") },
                    { QStringLiteral("scheduleRunFrequency"),
                      weekly ? QStringLiteral("Weekly") : QStringLiteral("Daily") },
                    { QStringLiteral("scheduleRunTimes"), QJsonArray { runTime(s.times.first()) } },
                    { QStringLiteral("scheduleWeeklyFrequency"), 0 } };
    if (weekly)
        o.insert(QStringLiteral("scheduleRunDays"), array(s.weeklyDays));
    return o;
}

} // namespace

QString isoTime(const QDateTime &t)
{
    return t.toUTC().toString(QStringLiteral("yyyy-MM-ddTHH:mm:ss.zzz0000Z"));
}

QString isoDuration(qint64 ms)
{
    if (ms < 0)
        ms = 0;
    return QStringLiteral("PT%1.%2S").arg(ms / 1000).arg(ms % 1000, 3, 10, QLatin1Char('0'));
}

QString newGuid()
{
    return QUuid::createUuid().toString(QUuid::WithoutBraces);
}

QJsonObject subscription(const QString &id, const QString &name, const QString &tenantId)
{
    return QJsonObject {
        { QStringLiteral("authorizationSource"), QStringLiteral("RoleBased") },
        { QStringLiteral("displayName"), name },
        { QStringLiteral("id"), QStringLiteral("/subscriptions/") + id },
        { QStringLiteral("managedByTenants"), QJsonArray {} },
        { QStringLiteral("state"), QStringLiteral("Enabled") },
        { QStringLiteral("subscriptionId"), id },
        { QStringLiteral("subscriptionPolicies"),
          QJsonObject { { QStringLiteral("locationPlacementId"), QStringLiteral("Public_2014-09-01") },
                        { QStringLiteral("quotaId"), QStringLiteral("PayAsYouGo_2014-09-01") },
                        { QStringLiteral("spendingLimit"), QStringLiteral("Off") } } },
        { QStringLiteral("tags"),
          QJsonObject {
              { QStringLiteral("environment"),
                name.contains(QLatin1String("Dev")) ? QStringLiteral("dev") : QStringLiteral("prod") } } },
        { QStringLiteral("tenantId"), tenantId }
    };
}

QJsonObject vault(const QString &subscriptionId, const QString &resourceGroup, const QString &name,
                  const QJsonObject &seed, const QString &tenantId)
{
    const QString id
        = QStringLiteral("/subscriptions/%1/resourceGroups/%2/providers/Microsoft.RecoveryServices/vaults/%3")
              .arg(subscriptionId, resourceGroup, name);
    const bool softDelete = seed.value(QStringLiteral("softDelete")).toBool(true);
    QJsonObject props {
        { QStringLiteral("bcdrSecurityLevel"), softDelete ? QStringLiteral("Good") : QStringLiteral("Poor") },
        { QStringLiteral("monitoringSettings"),
          QJsonObject {
              { QStringLiteral("azureMonitorAlertSettings"),
                QJsonObject {
                    { QStringLiteral("alertsForAllFailoverIssues"), QStringLiteral("Disabled") },
                    { QStringLiteral("alertsForAllJobFailures"), QStringLiteral("Enabled") },
                    { QStringLiteral("alertsForAllReplicationIssues"), QStringLiteral("Enabled") } } },
              { QStringLiteral("classicAlertSettings"),
                QJsonObject { { QStringLiteral("alertsForCriticalOperations"), QStringLiteral("Disabled") },
                              { QStringLiteral("emailNotificationsForSiteRecovery"),
                                QStringLiteral("Enabled") } } } } },
        { QStringLiteral("costManagementSettings"),
          QJsonObject { { QStringLiteral("granularityLevel"), QStringLiteral("ProtectedItemLevel") } } },
        { QStringLiteral("privateEndpointConnections"), QJsonArray {} },
        { QStringLiteral("privateEndpointStateForBackup"), QStringLiteral("None") },
        { QStringLiteral("privateEndpointStateForSiteRecovery"), QStringLiteral("None") },
        { QStringLiteral("provisioningState"), QStringLiteral("Succeeded") },
        { QStringLiteral("publicNetworkAccess"), QStringLiteral("Enabled") },
        { QStringLiteral("redundancySettings"),
          QJsonObject {
              { QStringLiteral("crossRegionRestore"),
                seed.value(QStringLiteral("crossRegionRestore")).toBool() ? QStringLiteral("Enabled")
                                                                          : QStringLiteral("Disabled") },
              { QStringLiteral("standardTierStorageRedundancy"),
                seed.value(QStringLiteral("redundancy")).toString(QStringLiteral("GeoRedundant")) } } },
        { QStringLiteral("secureScore"),
          softDelete ? QStringLiteral("Adequate") : QStringLiteral("Minimum") },
        { QStringLiteral("securitySettings"),
          QJsonObject {
              { QStringLiteral("immutabilitySettings"),
                QJsonObject { { QStringLiteral("state"), QStringLiteral("Disabled") } } },
              { QStringLiteral("multiUserAuthorization"), QStringLiteral("Disabled") },
              { QStringLiteral("softDeleteSettings"),
                QJsonObject { { QStringLiteral("enhancedSecurityState"),
                                softDelete ? QStringLiteral("Enabled") : QStringLiteral("Disabled") },
                              { QStringLiteral("softDeleteRetentionPeriodInDays"), 14 },
                              { QStringLiteral("softDeleteState"),
                                softDelete ? QStringLiteral("Enabled") : QStringLiteral("Disabled") } } },
              { QStringLiteral("sourceScanConfiguration"),
                QJsonObject { { QStringLiteral("sourceScanIdentity"),
                                QJsonObject { { QStringLiteral("operationIdentityType"),
                                                QStringLiteral("SystemAssigned") } } },
                              { QStringLiteral("state"), QStringLiteral("Disabled") } } } } }
    };
    return QJsonObject {
        { QStringLiteral("name"), name },
        { QStringLiteral("type"), QStringLiteral("Microsoft.RecoveryServices/vaults") },
        { QStringLiteral("etag"), QStringLiteral("W/\"datetime'2026-01-01T00%3A00%3A00Z'\"") },
        { QStringLiteral("id"), id },
        { QStringLiteral("identity"),
          QJsonObject { { QStringLiteral("type"), QStringLiteral("SystemAssigned") },
                        { QStringLiteral("principalId"), newGuid() },
                        { QStringLiteral("tenantId"), tenantId } } },
        { QStringLiteral("location"),
          seed.value(QStringLiteral("location")).toString(QStringLiteral("westeurope")) },
        { QStringLiteral("properties"), props },
        { QStringLiteral("sku"), QJsonObject { { QStringLiteral("name"), QStringLiteral("Standard") } } },
        { QStringLiteral("tags"), QJsonObject { { QStringLiteral("owner"), QStringLiteral("backup-team") } } }
    };
}

QJsonObject vaultListEntry(const QJsonObject &v)
{
    QJsonObject o;
    for (const char *key : { "name", "type", "etag", "id", "location", "sku", "tags" })
        o.insert(QLatin1String(key), v.value(QLatin1String(key)));
    o.insert(QStringLiteral("properties"),
             QJsonObject { { QStringLiteral("provisioningState"),
                             v.value(QStringLiteral("properties"))
                                 .toObject()
                                 .value(QStringLiteral("provisioningState")) } });
    return o;
}

QJsonObject vaultBackupConfig(const QString &vaultId, bool softDelete)
{
    return QJsonObject {
        { QStringLiteral("name"), QStringLiteral("vaultconfig") },
        { QStringLiteral("type"), QStringLiteral("Microsoft.RecoveryServices/vaults/backupconfig") },
        { QStringLiteral("id"), vaultId + QStringLiteral("/backupconfig/vaultconfig") },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("enhancedSecurityState"),
                          softDelete ? QStringLiteral("Enabled") : QStringLiteral("Disabled") } } }
    };
}

QJsonObject policy(const QString &vaultId, const QJsonObject &seed, int protectedItemsCount)
{
    const QString name = seed.value(QStringLiteral("name")).toString();
    const QString kind = seed.value(QStringLiteral("kind")).toString();
    const SeedSchedule s = SeedSchedule::fromSeed(seed);
    QJsonObject props;
    if (kind == QLatin1String("sql")) {
        const int logMinutes = seed.value(QStringLiteral("logMinutes")).toInt(60);
        QJsonArray subs;
        subs.append(QJsonObject { { QStringLiteral("policyType"), QStringLiteral("Full") },
                                  { QStringLiteral("retentionPolicy"), retentionPolicy(s) },
                                  { QStringLiteral("schedulePolicy"), simpleSchedule(s) } });
        subs.append(QJsonObject {
            { QStringLiteral("policyType"), QStringLiteral("Log") },
            { QStringLiteral("retentionPolicy"),
              QJsonObject {
                  { QStringLiteral("retentionDuration"), duration(qMin(s.dailyCount, 35), "Days") },
                  { QStringLiteral("retentionPolicyType"), QStringLiteral("SimpleRetentionPolicy") } } },
            { QStringLiteral("schedulePolicy"),
              QJsonObject {
                  { QStringLiteral("scheduleFrequencyInMins"), logMinutes },
                  { QStringLiteral("schedulePolicyType"), QStringLiteral("LogSchedulePolicy") } } } });
        props = QJsonObject { { QStringLiteral("backupManagementType"), QStringLiteral("AzureWorkload") },
                              { QStringLiteral("protectedItemsCount"), protectedItemsCount },
                              { QStringLiteral("settings"),
                                QJsonObject { { QStringLiteral("issqlcompression"), false },
                                              { QStringLiteral("timeZone"), QStringLiteral("UTC") } } },
                              { QStringLiteral("subProtectionPolicy"), subs },
                              { QStringLiteral("workLoadType"), QStringLiteral("SQLDataBase") } };
    } else if (kind == QLatin1String("fileshare")) {
        props = QJsonObject { { QStringLiteral("backupManagementType"), QStringLiteral("AzureStorage") },
                              { QStringLiteral("protectedItemsCount"), protectedItemsCount },
                              { QStringLiteral("retentionPolicy"), retentionPolicy(s) },
                              { QStringLiteral("schedulePolicy"), simpleSchedule(s) },
                              { QStringLiteral("timeZone"), QStringLiteral("UTC") },
                              { QStringLiteral("workLoadType"), QStringLiteral("AzureFileShare") } };
    } else if (kind == QLatin1String("vm-v2")) {
        QJsonObject schedule { { QStringLiteral("schedulePolicyType"),
                                 QStringLiteral("SimpleSchedulePolicyV2") } };
        if (s.hourlyInterval > 0) {
            schedule.insert(QStringLiteral("scheduleRunFrequency"), QStringLiteral("Hourly"));
            schedule.insert(
                QStringLiteral("hourlySchedule"),
                QJsonObject { { QStringLiteral("interval"), s.hourlyInterval },
                              { QStringLiteral("scheduleWindowDuration"), 24 },
                              { QStringLiteral("scheduleWindowStartTime"), runTime(s.times.first()) } });
        } else {
            schedule.insert(QStringLiteral("scheduleRunFrequency"), QStringLiteral("Daily"));
            schedule.insert(QStringLiteral("dailySchedule"),
                            QJsonObject { { QStringLiteral("scheduleRunTimes"),
                                            QJsonArray { runTime(s.times.first()) } } });
        }
        props = QJsonObject { { QStringLiteral("backupManagementType"), QStringLiteral("AzureIaasVM") },
                              { QStringLiteral("instantRpRetentionRangeInDays"), s.instantRpDays },
                              { QStringLiteral("policyType"), QStringLiteral("V2") },
                              { QStringLiteral("protectedItemsCount"), protectedItemsCount },
                              { QStringLiteral("retentionPolicy"), retentionPolicy(s) },
                              { QStringLiteral("schedulePolicy"), schedule },
                              { QStringLiteral("snapshotConsistencyType"),
                                QStringLiteral("OnlyCrashConsistent") },
                              { QStringLiteral("timeZone"), QStringLiteral("UTC") } };
    } else {
        props = QJsonObject { { QStringLiteral("backupManagementType"), QStringLiteral("AzureIaasVM") },
                              { QStringLiteral("instantRpRetentionRangeInDays"), s.instantRpDays },
                              { QStringLiteral("protectedItemsCount"), protectedItemsCount },
                              { QStringLiteral("retentionPolicy"), retentionPolicy(s) },
                              { QStringLiteral("schedulePolicy"), simpleSchedule(s) },
                              { QStringLiteral("timeZone"), QStringLiteral("UTC") } };
    }
    return QJsonObject { { QStringLiteral("name"), name },
                         { QStringLiteral("type"),
                           QStringLiteral("Microsoft.RecoveryServices/vaults/backupPolicies") },
                         { QStringLiteral("id"), vaultId + QStringLiteral("/backupPolicies/") + name },
                         { QStringLiteral("properties"), props } };
}

QString policyManagementType(const QJsonObject &policy)
{
    return policy.value(QStringLiteral("properties"))
        .toObject()
        .value(QStringLiteral("backupManagementType"))
        .toString();
}

ItemNames itemNames(const QString &kind, const QJsonObject &seed)
{
    const QString rg = seed.value(QStringLiteral("resourceGroup")).toString();
    const QString name = seed.value(QStringLiteral("name")).toString();
    ItemNames n;
    if (kind == QLatin1String("fileshare")) {
        const QString account = seed.value(QStringLiteral("storageAccount")).toString();
        n.containerShort = QStringLiteral("Storage;%1;%2").arg(rg, account);
        n.container = QStringLiteral("StorageContainer;") + n.containerShort;
        n.item = QStringLiteral("AzureFileShare;") + name;
    } else if (kind == QLatin1String("sql")) {
        const QString vm = seed.value(QStringLiteral("vm")).toString();
        n.containerShort = QStringLiteral("Compute;%1;%2").arg(rg, vm);
        n.container = QStringLiteral("VMAppContainer;") + n.containerShort;
        n.item = QStringLiteral("SQLDataBase;mssqlserver;") + name;
    } else {
        n.containerShort = QStringLiteral("iaasvmcontainerv2;%1;%2").arg(rg, name);
        n.container = QStringLiteral("IaasVMContainer;") + n.containerShort;
        n.item = QStringLiteral("VM;") + n.containerShort;
    }
    return n;
}

QJsonObject protectedItem(const QString &vaultId, const QJsonObject &seed, const QString &policyId,
                          const QDateTime &lastBackup, const QDateTime &lastPoint)
{
    const QString kind = seed.value(QStringLiteral("kind")).toString();
    const ItemNames n = itemNames(kind, seed);
    const QString subscription = vaultId.section(QLatin1Char('/'), 2, 2);
    const QString rg = seed.value(QStringLiteral("resourceGroup")).toString();
    const QString name = seed.value(QStringLiteral("name")).toString();
    const QString id = vaultId + QStringLiteral("/backupFabrics/Azure/protectionContainers/") + n.container
        + QStringLiteral("/protectedItems/") + n.item;
    const QString health = seed.value(QStringLiteral("health")).toString(QStringLiteral("Passed"));
    const QString protectionState
        = seed.value(QStringLiteral("protectionState")).toString(QStringLiteral("Protected"));
    QJsonObject props {
        { QStringLiteral("containerName"), n.containerShort },
        { QStringLiteral("friendlyName"), name },
        { QStringLiteral("healthStatus"), health },
        { QStringLiteral("lastBackupStatus"),
          seed.value(QStringLiteral("lastBackupStatus")).toString(QStringLiteral("Completed")) },
        { QStringLiteral("lastBackupTime"), isoTime(lastBackup) },
        { QStringLiteral("lastRecoveryPoint"),
          lastPoint.isValid() ? QJsonValue(isoTime(lastPoint)) : QJsonValue() },
        { QStringLiteral("policyId"), policyId },
        { QStringLiteral("protectionState"), protectionState },
        { QStringLiteral("protectionStatus"),
          health == QLatin1String("Passed") ? QStringLiteral("Healthy") : QStringLiteral("Unhealthy") }
    };
    if (kind == QLatin1String("fileshare")) {
        const QString account = seed.value(QStringLiteral("storageAccount")).toString();
        props.insert(QStringLiteral("backupManagementType"), QStringLiteral("AzureStorage"));
        props.insert(QStringLiteral("protectedItemType"), QStringLiteral("AzureFileShareProtectedItem"));
        props.insert(QStringLiteral("workloadType"), QStringLiteral("AzureFileShare"));
        props.insert(QStringLiteral("sourceResourceId"),
                     QStringLiteral(
                         "/subscriptions/%1/resourceGroups/%2/providers/Microsoft.Storage/storageAccounts/%3")
                         .arg(subscription, rg, account));
    } else if (kind == QLatin1String("sql")) {
        const QString vm = seed.value(QStringLiteral("vm")).toString();
        props.insert(QStringLiteral("backupManagementType"), QStringLiteral("AzureWorkload"));
        props.insert(QStringLiteral("protectedItemType"), QStringLiteral("AzureVmWorkloadSQLDatabase"));
        props.insert(QStringLiteral("workloadType"), QStringLiteral("SQLDataBase"));
        props.insert(QStringLiteral("serverName"), vm);
        props.insert(QStringLiteral("parentName"), QStringLiteral("MSSQLSERVER"));
        props.insert(QStringLiteral("parentType"), QStringLiteral("AzureVmWorkloadSQLInstance"));
        props.insert(QStringLiteral("sourceResourceId"),
                     QStringLiteral(
                         "/subscriptions/%1/resourceGroups/%2/providers/Microsoft.Compute/virtualMachines/%3")
                         .arg(subscription, rg, vm));
    } else {
        const QString vmId
            = QStringLiteral(
                  "/subscriptions/%1/resourceGroups/%2/providers/Microsoft.Compute/virtualMachines/%3")
                  .arg(subscription, rg, name);
        props.insert(QStringLiteral("backupManagementType"), QStringLiteral("AzureIaasVM"));
        props.insert(QStringLiteral("policyType"), QStringLiteral("V2"));
        props.insert(QStringLiteral("protectedItemDataId"), QString::number(qHash(id) % 1000000000000ULL));
        props.insert(QStringLiteral("protectedItemType"),
                     QStringLiteral("Microsoft.Compute/virtualMachines"));
        props.insert(QStringLiteral("sourceResourceId"), vmId);
        props.insert(QStringLiteral("virtualMachineId"), vmId);
        props.insert(QStringLiteral("workloadType"), QStringLiteral("VM"));
    }
    return QJsonObject {
        { QStringLiteral("name"), n.item },
        { QStringLiteral("type"),
          QStringLiteral(
              "Microsoft.RecoveryServices/vaults/backupFabrics/protectionContainers/protectedItems") },
        { QStringLiteral("id"), id },
        { QStringLiteral("properties"), props }
    };
}

QJsonObject recoveryPoint(const QString &itemId, const QString &kind, const PlannedPoint &p)
{
    const QString name = QString::number(p.time.toSecsSinceEpoch());
    QJsonArray tiers;
    const bool archived = p.tiers.contains(QLatin1String("ArchivedRP"));
    tiers.append(
        QJsonObject { { QStringLiteral("type"), QStringLiteral("InstantRP") },
                      { QStringLiteral("status"),
                        p.tiers.contains(QLatin1String("InstantRP")) ? QStringLiteral("Valid")
                                                                     : QStringLiteral("Deleted") } });
    tiers.append(QJsonObject {
        { QStringLiteral("type"), QStringLiteral("HardenedRP") },
        { QStringLiteral("status"), archived ? QStringLiteral("Deleted") : QStringLiteral("Valid") } });
    if (archived)
        tiers.append(QJsonObject { { QStringLiteral("type"), QStringLiteral("ArchivedRP") },
                                   { QStringLiteral("status"), QStringLiteral("Valid") } });
    const QJsonObject retention { { QStringLiteral("expiryTime"), isoTime(p.expiry) },
                                  { QStringLiteral("ruleName"), p.ruleName } };
    QJsonObject props;
    if (kind == QLatin1String("sql")) {
        props
            = QJsonObject { { QStringLiteral("objectType"), QStringLiteral("AzureWorkloadSQLRecoveryPoint") },
                            { QStringLiteral("recoveryPointTimeInUTC"), isoTime(p.time) },
                            { QStringLiteral("type"), QStringLiteral("Full") },
                            { QStringLiteral("recoveryPointTierDetails"), tiers },
                            { QStringLiteral("recoveryPointProperties"), retention } };
    } else if (kind == QLatin1String("fileshare")) {
        props = QJsonObject { { QStringLiteral("objectType"), QStringLiteral("AzureFileShareRecoveryPoint") },
                              { QStringLiteral("recoveryPointTime"), isoTime(p.time) },
                              { QStringLiteral("recoveryPointType"), QStringLiteral("FileSystemConsistent") },
                              { QStringLiteral("recoveryPointSizeInGB"),
                                1 + int(p.time.toSecsSinceEpoch() % 40) },
                              { QStringLiteral("recoveryPointTierDetails"), tiers },
                              { QStringLiteral("recoveryPointProperties"), retention } };
    } else {
        QJsonObject readiness;
        readiness.insert(QStringLiteral("ArchivedRP"),
                         archived
                             ? QJsonObject { { QStringLiteral("additionalInfo"),
                                               QStringLiteral("Recovery point cannot be moved to archive "
                                                              "tier since it has already been moved.") },
                                             { QStringLiteral("isReadyForMove"), false } }
                             : QJsonObject { { QStringLiteral("isReadyForMove"),
                                               p.ruleName == QLatin1String("MonthlyRule")
                                                   || p.ruleName == QLatin1String("YearlyRule") } });
        props = QJsonObject {
            { QStringLiteral("isInstantIlrSessionActive"), false },
            { QStringLiteral("isManagedVirtualMachine"), true },
            { QStringLiteral("isPrivateAccessEnabledOnAnyDisk"), false },
            { QStringLiteral("isSourceVMEncrypted"), false },
            { QStringLiteral("objectType"), QStringLiteral("IaasVMRecoveryPoint") },
            { QStringLiteral("originalStorageAccountOption"), false },
            { QStringLiteral("recoveryPointAdditionalInfo"), QString() },
            { QStringLiteral("recoveryPointMoveReadinessInfo"), readiness },
            { QStringLiteral("recoveryPointTierDetails"), tiers },
            { QStringLiteral("recoveryPointTime"), isoTime(p.time) },
            { QStringLiteral("recoveryPointType"), QStringLiteral("CrashConsistent") },
            { QStringLiteral("sourceVMStorageType"), QStringLiteral("NormalStorage") },
            { QStringLiteral("virtualMachineSize"), QStringLiteral("Standard_D2s_v5") },
            { QStringLiteral("recoveryPointProperties"),
              QJsonObject { { QStringLiteral("expiryTime"), isoTime(p.expiry) },
                            { QStringLiteral("ruleName"), p.ruleName },
                            { QStringLiteral("immutabilityProperties"),
                              QJsonObject { { QStringLiteral("isImmutable"), false },
                                            { QStringLiteral("expiryTime"), isoTime(p.expiry) } } } } },
            { QStringLiteral("zones"), QJsonArray { QStringLiteral("1") } }
        };
    }
    return QJsonObject { { QStringLiteral("name"), name },
                         { QStringLiteral("type"),
                           QStringLiteral("Microsoft.RecoveryServices/vaults/backupFabrics/"
                                          "protectionContainers/protectedItems/recoveryPoints") },
                         { QStringLiteral("id"), itemId + QStringLiteral("/recoveryPoints/") + name },
                         { QStringLiteral("properties"), props } };
}

QString jobStatus(const SandboxJob &j, const QDateTime &now, int *percent)
{
    const qint64 elapsed = j.start.msecsTo(now);
    if (j.cancelRequestedAt.isValid()) {
        const bool settled
            = j.cancelRequestedAt.msecsTo(now) >= qMin<qint64>(2000, qMax<qint64>(j.durationMs / 10, 200));
        if (percent)
            *percent = int(qBound<qint64>(
                qint64(0), j.start.msecsTo(j.cancelRequestedAt) * 100 / qMax<qint64>(j.durationMs, 1),
                qint64(99)));
        return settled ? QStringLiteral("Cancelled") : QStringLiteral("Cancelling");
    }
    if (elapsed >= j.durationMs && !j.held) {
        if (percent)
            *percent = 100;
        return j.finalStatus;
    }
    if (percent)
        *percent = int(qBound<qint64>(qint64(0), elapsed * 100 / qMax<qint64>(j.durationMs, 1), qint64(99)));
    return QStringLiteral("InProgress");
}

QJsonObject job(const SandboxJob &j, const QDateTime &now, bool detailed)
{
    int percent = 0;
    const QString status = jobStatus(j, now, &percent);
    const bool running = status == QLatin1String("InProgress") || status == QLatin1String("Cancelling");
    const QDateTime end
        = j.cancelRequestedAt.isValid() ? j.cancelRequestedAt : j.start.addMSecs(j.durationMs);
    QJsonObject props { { QStringLiteral("activityId"), j.activityId },
                        { QStringLiteral("backupManagementType"), j.backupManagementType },
                        { QStringLiteral("duration"),
                          isoDuration(running ? j.start.msecsTo(now) : j.start.msecsTo(end)) },
                        { QStringLiteral("entityFriendlyName"), j.itemName },
                        { QStringLiteral("jobType"), j.jobType },
                        { QStringLiteral("operation"), j.operation },
                        { QStringLiteral("startTime"), isoTime(j.start) },
                        { QStringLiteral("status"), status } };
    if (j.jobType == QLatin1String("AzureIaaSVMJob"))
        props.insert(QStringLiteral("virtualMachineVersion"), QStringLiteral("Compute"));
    if (!running)
        props.insert(QStringLiteral("endTime"), isoTime(end));
    if (status == QLatin1String("Failed") && !j.errorCode.isEmpty()) {
        props.insert(QStringLiteral("errorDetails"),
                     QJsonArray { QJsonObject { { QStringLiteral("errorCode"), j.errorCode },
                                                { QStringLiteral("errorString"), j.errorMessage },
                                                { QStringLiteral("recommendations"), QJsonArray {} } } });
    }
    if (detailed) {
        QJsonArray tasks;
        const int n = int(j.tasks.size());
        for (int i = 0; i < n; ++i) {
            QString taskStatus;
            const int doneUpTo = status == QLatin1String("InProgress") ? percent * n / 100 : n;
            if (i < doneUpTo)
                taskStatus = QStringLiteral("Completed");
            else if (i == doneUpTo && status == QLatin1String("InProgress"))
                taskStatus = QStringLiteral("InProgress");
            else if (status == QLatin1String("Failed") && i == n - 1)
                taskStatus = QStringLiteral("Failed");
            else if (status.startsWith(QLatin1String("Cancel")))
                taskStatus = QStringLiteral("Cancelled");
            else
                taskStatus = QStringLiteral("NotStarted");
            if (status == QLatin1String("Failed") && i < n - 1)
                taskStatus = QStringLiteral("Completed");
            tasks.append(QJsonObject { { QStringLiteral("duration"), isoDuration(j.durationMs / qMax(n, 1)) },
                                       { QStringLiteral("status"), taskStatus },
                                       { QStringLiteral("taskId"), j.tasks.at(i) } });
        }
        QJsonObject bag = j.propertyBag;
        if (!j.warning.isEmpty())
            bag.insert(QStringLiteral("Warning"), j.warning);
        QJsonObject ext { { QStringLiteral("propertyBag"), bag }, { QStringLiteral("tasksList"), tasks } };
        if (running)
            ext.insert(QStringLiteral("progressPercentage"), percent);
        props.insert(QStringLiteral("extendedInfo"), ext);
    }
    const QString vaultId = j.vaultId;
    return QJsonObject { { QStringLiteral("name"), j.id },
                         { QStringLiteral("type"),
                           QStringLiteral("Microsoft.RecoveryServices/vaults/backupJobs") },
                         { QStringLiteral("id"), vaultId + QStringLiteral("/backupJobs/") + j.id },
                         { QStringLiteral("properties"), props } };
}

QJsonObject identity(const QString &subscriptionId, const QString &resourceGroup, const QJsonObject &seed,
                     const QString &tenantId)
{
    const QString name = seed.value(QStringLiteral("name")).toString();
    return QJsonObject {
        { QStringLiteral("id"),
          QStringLiteral("/subscriptions/%1/resourcegroups/%2/providers/Microsoft.ManagedIdentity/"
                         "userAssignedIdentities/%3")
              .arg(subscriptionId, resourceGroup, name) },
        { QStringLiteral("name"), name },
        { QStringLiteral("type"), QStringLiteral("Microsoft.ManagedIdentity/userAssignedIdentities") },
        { QStringLiteral("location"), QStringLiteral("westeurope") },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("clientId"), seed.value(QStringLiteral("clientId")) },
                        { QStringLiteral("principalId"), seed.value(QStringLiteral("principalId")) },
                        { QStringLiteral("tenantId"), tenantId } } }
    };
}

QJsonObject federatedCredential(const QString &identityId, const QJsonObject &seed)
{
    const QString name = seed.value(QStringLiteral("name")).toString();
    return QJsonObject {
        { QStringLiteral("id"), identityId + QStringLiteral("/federatedIdentityCredentials/") + name },
        { QStringLiteral("name"), name },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("issuer"), seed.value(QStringLiteral("issuer")) },
                        { QStringLiteral("subject"), seed.value(QStringLiteral("subject")) },
                        { QStringLiteral("audiences"), seed.value(QStringLiteral("audiences")) } } },
        { QStringLiteral("type"),
          QStringLiteral("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials") }
    };
}

} // namespace RestoreDesk::Sandbox::Arm
