#include "sandbox/tenant.h"

#include "access/roledefinition.h"
#include "core/jsonutil.h"
#include "core/qtcompat.h"
#include "sandbox/armbuilders.h"
#include "sandbox/retentionplanner.h"

#include <QFile>
#include <QHash>
#include <QJsonArray>
#include <QSet>

namespace RestoreDesk::Sandbox {

namespace {

Error seedError(const QString &message)
{
    return Error::make(Error::Kind::Invalid, QStringLiteral("invalid_seed"), message);
}

QStringList tasksFor(const QString &operation, const QString &kind)
{
    if (operation == QLatin1String("Restore")) {
        if (kind == QLatin1String("fileshare"))
            return { QStringLiteral("Validate restore request"), QStringLiteral("Transfer data from vault"),
                     QStringLiteral("Update file share") };
        if (kind == QLatin1String("sql"))
            return { QStringLiteral("Validate restore request"), QStringLiteral("Restore full backup"),
                     QStringLiteral("Apply logs"), QStringLiteral("Bring database online") };
        return { QStringLiteral("Validate restore request"), QStringLiteral("Transfer data from vault"),
                 QStringLiteral("Create disks"), QStringLiteral("Finalize restore") };
    }
    if (operation == QLatin1String("Backup"))
        return { QStringLiteral("Take Snapshot"), QStringLiteral("Transfer data to vault") };
    return { QStringLiteral("Configure protection") };
}

QString jobTypeFor(const QString &kind)
{
    if (kind == QLatin1String("fileshare"))
        return QStringLiteral("AzureStorageJob");
    if (kind == QLatin1String("sql"))
        return QStringLiteral("AzureWorkloadJob");
    return QStringLiteral("AzureIaaSVMJob");
}

QString managementTypeFor(const QString &kind)
{
    if (kind == QLatin1String("fileshare"))
        return QStringLiteral("AzureStorage");
    if (kind == QLatin1String("sql"))
        return QStringLiteral("AzureWorkload");
    return QStringLiteral("AzureIaasVM");
}

// The newest log backup of a SQL database whose policy takes one every `logMinutes` (on that
// grid, in UTC) and whose newest full backup was `lastFull`: invalid when none ran since.
QDateTime lastLogBackup(const QDateTime &lastFull, int logMinutes, const QDateTime &now)
{
    if (!lastFull.isValid() || logMinutes <= 0)
        return {};
    const qint64 step = qint64(logMinutes) * 60;
    const qint64 secs = now.toSecsSinceEpoch();
    const QDateTime last = Compat::fromSecsSinceEpochUtc(secs - secs % step);
    return last > lastFull ? last : QDateTime();
}

void addItem(SandboxVault &v, const QJsonObject &seed, const QHash<QString, QJsonObject> &policySeeds,
             const QDateTime &now, int maxPoints)
{
    const QString vaultId = v.resource.value(QStringLiteral("id")).toString();
    const QString policyName = seed.value(QStringLiteral("policy")).toString();
    const QJsonObject policySeed = policySeeds.value(policyName);
    SandboxItem item;
    item.kind = seed.value(QStringLiteral("kind")).toString(QStringLiteral("vm"));
    item.restoreOutcome = seed.value(QStringLiteral("restoreOutcome")).toString(QStringLiteral("Completed"));
    item.restoreWarning = seed.value(QStringLiteral("restoreWarning")).toString();
    item.restoreOperationFailure = seed.value(QStringLiteral("restoreOperationFailure")).toString();
    const QList<PlannedPoint> planned
        = planRecoveryPoints(SeedSchedule::fromSeed(policySeed), now, maxPoints);
    const QDateTime last = planned.isEmpty() ? QDateTime() : planned.first().time;
    // Azure's lastRecoveryPoint of a SQL database counts its log backups (the newest point it can
    // be restored to), while lastBackupTime stays the last full backup's job. A database whose
    // protection is stopped or paused takes no log backups.
    QDateTime lastPoint = last;
    const bool protecting
        = seed.value(QStringLiteral("protectionState")).toString(QStringLiteral("Protected"))
        == QLatin1String("Protected");
    if (item.kind == QLatin1String("sql") && protecting) {
        const QDateTime log
            = lastLogBackup(last, policySeed.value(QStringLiteral("logMinutes")).toInt(60), now);
        if (log.isValid())
            lastPoint = log;
    }
    item.resource
        = Arm::protectedItem(vaultId, seed, vaultId + QStringLiteral("/backupPolicies/") + policyName,
                             last.isValid() ? last : now.addDays(-1), lastPoint);
    const QString itemId = item.resource.value(QStringLiteral("id")).toString();
    item.recoveryPoints.reserve(planned.size());
    for (const PlannedPoint &p : planned)
        item.recoveryPoints << Arm::recoveryPoint(itemId, item.kind, p);
    v.items << item;
}

QString resourceGroupId(const QString &subscriptionId, const QString &resourceGroup)
{
    return QStringLiteral("/subscriptions/%1/resourceGroups/%2").arg(subscriptionId, resourceGroup);
}

QString resourceId(const QString &subscriptionId, const QString &resourceGroup, const QString &type,
                   const QString &name)
{
    return resourceGroupId(subscriptionId, resourceGroup) + QStringLiteral("/providers/") + type
        + QLatin1Char('/') + name;
}

const QString kStorage = QStringLiteral("Microsoft.Storage/storageAccounts");
const QString kNetwork = QStringLiteral("Microsoft.Network/virtualNetworks");
const QString kCompute = QStringLiteral("Microsoft.Compute/virtualMachines");

// The seed's "resources": resource groups with a location, and the storage accounts (file
// shares), virtual networks (subnets) and virtual machines (SQL databases) in them.
Result<void> addSeededResources(Tenant &t, const QJsonArray &seeds,
                                const QHash<QString, QString> &subscriptionByName)
{
    for (const QJsonValue &rv : seeds) {
        const QJsonObject r = rv.toObject();
        const QString subName = r.value(QStringLiteral("subscription")).toString();
        const QString rg = r.value(QStringLiteral("resourceGroup")).toString();
        const QString location = r.value(QStringLiteral("location")).toString();
        if (!subscriptionByName.contains(subName) || rg.isEmpty() || location.isEmpty())
            return seedError(
                QStringLiteral("Every resource group needs a known subscription, a name and a location (%1).")
                    .arg(rg));
        const QString sub = subscriptionByName.value(subName);
        t.addResource({ resourceGroupId(sub, rg), QStringLiteral("resourceGroups"), location, {} });
        const struct
        {
            const char *member;
            const QString *type;
            const char *children;
        } kinds[] = { { "storageAccounts", &kStorage, "shares" },
                      { "virtualNetworks", &kNetwork, "subnets" },
                      { "virtualMachines", &kCompute, "databases" } };
        for (const auto &kind : kinds) {
            for (const QJsonValue &cv : r.value(QLatin1String(kind.member)).toArray()) {
                const QJsonObject c = cv.toObject();
                const QString name = c.value(QStringLiteral("name")).toString();
                if (name.isEmpty())
                    return seedError(QStringLiteral("A resource in %1 has no name.").arg(rg));
                t.addResource({ resourceId(sub, rg, *kind.type, name), *kind.type,
                                c.value(QStringLiteral("location")).toString(location),
                                Json::stringList(c.value(QLatin1String(kind.children))) });
            }
        }
    }
    return {};
}

// What the vaults' items imply exists: each protected VM, each file share's storage account, each
// SQL host with its databases, and their resource groups, in the vault's region.
void addImpliedResources(Tenant &t, const SandboxVault &v)
{
    const QString location = v.resource.value(QStringLiteral("location")).toString();
    t.addResource({ resourceGroupId(v.subscriptionId, v.resourceGroup),
                    QStringLiteral("resourceGroups"),
                    location,
                    {} });
    for (const SandboxItem &i : v.items) {
        const QJsonObject p = i.resource.value(QStringLiteral("properties")).toObject();
        const QString source = p.value(QStringLiteral("sourceResourceId")).toString();
        const QString sub = source.section(QLatin1Char('/'), 2, 2);
        const QString rg = source.section(QLatin1Char('/'), 4, 4);
        t.addResource({ resourceGroupId(sub, rg), QStringLiteral("resourceGroups"), location, {} });
        QStringList children;
        if (i.kind == QLatin1String("fileshare"))
            children << p.value(QStringLiteral("friendlyName")).toString();
        else if (i.kind == QLatin1String("sql"))
            children << p.value(QStringLiteral("friendlyName")).toString();
        t.addResource(
            { source, i.kind == QLatin1String("fileshare") ? kStorage : kCompute, location, children });
    }
}

} // namespace

Result<Tenant> Tenant::builtIn(const QDateTime &now)
{
    QFile file(QStringLiteral(":/sandbox/tenant.json"));
    if (!file.open(QIODevice::ReadOnly))
        return seedError(QStringLiteral("The built-in seed is missing from the binary."));
    return fromSeed(file.readAll(), now);
}

Result<Tenant> Tenant::fromSeed(const QByteArray &seedJson, const QDateTime &now)
{
    auto doc = Json::parseObject(seedJson, QStringLiteral("The sandbox seed"));
    if (!doc)
        return doc.error();
    const QJsonObject root = doc.value();
    Tenant t;
    const QJsonObject tenant = root.value(QStringLiteral("tenant")).toObject();
    t.tenantId = tenant.value(QStringLiteral("id")).toString();
    t.tenantName = tenant.value(QStringLiteral("name")).toString();
    if (t.tenantId.isEmpty())
        return seedError(QStringLiteral("The seed has no tenant id."));

    QHash<QString, QString> subscriptionByName;
    for (const QJsonValue &v : root.value(QStringLiteral("subscriptions")).toArray()) {
        const QJsonObject s = v.toObject();
        const QString id = s.value(QStringLiteral("id")).toString();
        const QString name = s.value(QStringLiteral("name")).toString();
        if (id.isEmpty() || name.isEmpty())
            return seedError(QStringLiteral("Every subscription needs an id and a name."));
        subscriptionByName.insert(name, id);
        t.subscriptions << Arm::subscription(id, name, t.tenantId);
    }

    if (auto seeded
        = addSeededResources(t, root.value(QStringLiteral("resources")).toArray(), subscriptionByName);
        !seeded)
        return seeded.error();

    QHash<QString, QString> groupIdByName;
    for (const QJsonValue &v : root.value(QStringLiteral("groups")).toArray()) {
        const QJsonObject g = v.toObject();
        groupIdByName.insert(g.value(QStringLiteral("name")).toString(),
                             g.value(QStringLiteral("id")).toString());
        t.groupNames.insert(g.value(QStringLiteral("id")).toString(),
                            g.value(QStringLiteral("name")).toString());
    }
    QHash<QString, QString> oidByUser;
    for (const QJsonValue &v : root.value(QStringLiteral("users")).toArray()) {
        const QJsonObject u = v.toObject();
        SandboxUser user;
        user.username = u.value(QStringLiteral("username")).toString();
        user.name = u.value(QStringLiteral("name")).toString();
        user.oid = u.value(QStringLiteral("oid")).toString();
        for (const QString &g : Json::stringList(u.value(QStringLiteral("groups")))) {
            if (!groupIdByName.contains(g))
                return seedError(QStringLiteral("User %1 is in unknown group %2.").arg(user.username, g));
            user.groupIds << groupIdByName.value(g);
        }
        if (user.username.isEmpty() || user.oid.isEmpty())
            return seedError(QStringLiteral("Every user needs a username and an oid."));
        oidByUser.insert(user.username, user.oid);
        t.users << user;
    }

    const QList<Access::RoleDefinition> roles = Access::RoleDefinition::builtInBackupRoles();
    for (const QJsonValue &v : root.value(QStringLiteral("roleAssignments")).toArray()) {
        const QJsonObject a = v.toObject();
        const QString principal = a.value(QStringLiteral("principal")).toString();
        const QString roleName = a.value(QStringLiteral("role")).toString();
        Access::RoleAssignment ra;
        ra.scope = a.value(QStringLiteral("scope")).toString();
        ra.name = Arm::newGuid();
        ra.id = ra.scope + QStringLiteral("/providers/Microsoft.Authorization/roleAssignments/") + ra.name;
        if (oidByUser.contains(principal)) {
            ra.principalId = oidByUser.value(principal);
            ra.principalType = QStringLiteral("User");
        } else if (groupIdByName.contains(principal)) {
            ra.principalId = groupIdByName.value(principal);
            ra.principalType = QStringLiteral("Group");
        } else {
            return seedError(QStringLiteral("Role assignment for unknown principal %1.").arg(principal));
        }
        for (const Access::RoleDefinition &r : roles) {
            if (r.roleName == roleName)
                ra.roleDefinitionId = QStringLiteral("/subscriptions/%1%2")
                                          .arg(ra.scope.section(QLatin1Char('/'), 2, 2), r.id);
        }
        if (ra.roleDefinitionId.isEmpty())
            return seedError(QStringLiteral("Unknown role %1.").arg(roleName));
        t.roleAssignments << ra;
    }
    // Deny assignments: principals by user or group name, or "everyone".
    for (const QJsonValue &v : root.value(QStringLiteral("denyAssignments")).toArray()) {
        const QJsonObject a = v.toObject();
        Access::DenyAssignment d;
        d.denyAssignmentName = a.value(QStringLiteral("name")).toString();
        d.description = a.value(QStringLiteral("description")).toString();
        d.scope = a.value(QStringLiteral("scope")).toString();
        d.name = Arm::newGuid();
        d.id = d.scope + QStringLiteral("/providers/Microsoft.Authorization/denyAssignments/") + d.name;
        d.doNotApplyToChildScopes = a.value(QStringLiteral("doNotApplyToChildScopes")).toBool();
        Access::Permission p;
        p.actions = Json::stringList(a.value(QStringLiteral("actions")));
        p.notActions = Json::stringList(a.value(QStringLiteral("notActions")));
        d.permissions << p;
        auto principalsOf = [&](const QString &key, QStringList *ids) -> bool {
            for (const QString &name : Json::stringList(a.value(key))) {
                if (name == QLatin1String("everyone"))
                    *ids << Access::DenyAssignment::everyone();
                else if (oidByUser.contains(name))
                    *ids << oidByUser.value(name);
                else if (groupIdByName.contains(name))
                    *ids << groupIdByName.value(name);
                else
                    return false;
            }
            return true;
        };
        if (!principalsOf(QStringLiteral("principals"), &d.principals)
            || !principalsOf(QStringLiteral("excludePrincipals"), &d.excludePrincipals))
            return seedError(
                QStringLiteral("Deny assignment %1 names an unknown principal.").arg(d.denyAssignmentName));
        if (d.scope.isEmpty() || p.actions.isEmpty() || d.principals.isEmpty())
            return seedError(QStringLiteral("Deny assignment %1 needs a scope, actions and principals.")
                                 .arg(d.denyAssignmentName));
        t.denyAssignments << d;
    }
    // Role summaries for the sign-in page. A scope is named by its last segment; where that name
    // is shared by scopes in other subscriptions (rg-staging in two of them), the subscription is
    // named too, so no two different scopes read the same.
    QHash<QString, QSet<QString>> scopesByTail;
    for (const Access::RoleAssignment &ra : std::as_const(t.roleAssignments))
        scopesByTail[ra.scope.section(QLatin1Char('/'), -1).toLower()].insert(ra.scope.toLower());
    const auto subscriptionName = [&t](const QString &id) {
        for (const QJsonObject &s : std::as_const(t.subscriptions)) {
            if (s.value(QStringLiteral("subscriptionId")).toString().compare(id, Qt::CaseInsensitive) == 0)
                return s.value(QStringLiteral("displayName")).toString();
        }
        return id;
    };
    for (SandboxUser &u : t.users) {
        for (const Access::RoleAssignment &ra : std::as_const(t.roleAssignments)) {
            const bool direct = ra.principalId == u.oid;
            const bool viaGroup = u.groupIds.contains(ra.principalId);
            if (!direct && !viaGroup)
                continue;
            QString roleName;
            for (const Access::RoleDefinition &r : roles) {
                if (ra.roleDefinitionId.endsWith(r.name))
                    roleName = r.roleName;
            }
            const QString scopeTail = ra.scope.section(QLatin1Char('/'), -1);
            const QString subscriptionId = ra.scope.section(QLatin1Char('/'), 2, 2);
            QString where = scopeTail.compare(subscriptionId, Qt::CaseInsensitive) == 0
                ? subscriptionName(subscriptionId)
                : scopeTail;
            if (where == scopeTail
                && ra.scope.startsWith(QLatin1String("/subscriptions/"), Qt::CaseInsensitive)
                && scopesByTail.value(scopeTail.toLower()).size() > 1)
                where += QStringLiteral(" in ") + subscriptionName(subscriptionId);
            u.roleSummary << roleName + QStringLiteral(" @ ") + where
                    + (viaGroup
                           ? QStringLiteral(" (via ") + t.groupNames.value(ra.principalId) + QLatin1Char(')')
                           : QString());
        }
    }

    for (const QJsonValue &vv : root.value(QStringLiteral("vaults")).toArray()) {
        const QJsonObject vs = vv.toObject();
        const QString subName = vs.value(QStringLiteral("subscription")).toString();
        if (!subscriptionByName.contains(subName))
            return seedError(QStringLiteral("Vault %1 names unknown subscription %2.")
                                 .arg(vs.value(QStringLiteral("name")).toString(), subName));
        SandboxVault v;
        v.subscriptionId = subscriptionByName.value(subName);
        v.resourceGroup = vs.value(QStringLiteral("resourceGroup")).toString();
        v.resource = Arm::vault(v.subscriptionId, v.resourceGroup,
                                vs.value(QStringLiteral("name")).toString(), vs, t.tenantId);
        const QString vaultId = v.resource.value(QStringLiteral("id")).toString();
        v.backupConfig = Arm::vaultBackupConfig(vaultId, vs.value(QStringLiteral("softDelete")).toBool(true));
        QHash<QString, QJsonObject> policySeeds;
        QHash<QString, int> policyUse;
        for (const QJsonValue &iv : vs.value(QStringLiteral("items")).toArray())
            policyUse[iv.toObject().value(QStringLiteral("policy")).toString()] += 1;
        for (const QJsonValue &pv : vs.value(QStringLiteral("policies")).toArray()) {
            const QJsonObject ps = pv.toObject();
            policySeeds.insert(ps.value(QStringLiteral("name")).toString(), ps);
            v.policies << Arm::policy(vaultId, ps,
                                      policyUse.value(ps.value(QStringLiteral("name")).toString()));
        }
        for (const QJsonValue &iv : vs.value(QStringLiteral("items")).toArray()) {
            const QJsonObject is = iv.toObject();
            if (!policySeeds.contains(is.value(QStringLiteral("policy")).toString()))
                return seedError(QStringLiteral("Item %1 names unknown policy.")
                                     .arg(is.value(QStringLiteral("name")).toString()));
            addItem(v, is, policySeeds, now, 100000);
        }
        for (const QJsonValue &jv : vs.value(QStringLiteral("jobs")).toArray()) {
            const QJsonObject js = jv.toObject();
            const QString itemName = js.value(QStringLiteral("item")).toString();
            const SandboxItem *found = nullptr;
            for (const SandboxItem &it : std::as_const(v.items)) {
                if (it.resource.value(QStringLiteral("properties"))
                        .toObject()
                        .value(QStringLiteral("friendlyName"))
                        .toString()
                    == itemName)
                    found = &it;
            }
            if (!found)
                return seedError(QStringLiteral("Job names unknown item %1.").arg(itemName));
            SandboxJob j;
            j.id = Arm::newGuid();
            j.activityId = Arm::newGuid();
            j.vaultId = vaultId;
            j.itemId = found->resource.value(QStringLiteral("id")).toString();
            j.operation = js.value(QStringLiteral("operation")).toString();
            j.itemName = itemName;
            j.backupManagementType = managementTypeFor(found->kind);
            j.jobType = jobTypeFor(found->kind);
            j.durationMs = qint64(js.value(QStringLiteral("minutes")).toDouble(5) * 60000);
            j.start = now.addSecs(-qint64(js.value(QStringLiteral("hoursAgo")).toDouble(1) * 3600));
            j.finalStatus = js.value(QStringLiteral("status")).toString(QStringLiteral("Completed"));
            if (j.finalStatus == QLatin1String("Cancelled"))
                j.cancelRequestedAt = j.start.addMSecs(j.durationMs);
            j.errorCode = js.value(QStringLiteral("errorCode")).toString();
            j.errorMessage = js.value(QStringLiteral("errorMessage")).toString();
            j.warning = js.value(QStringLiteral("warning")).toString();
            j.tasks = tasksFor(j.operation, found->kind);
            j.propertyBag.insert(found->kind == QLatin1String("vm") ? QStringLiteral("VM Name")
                                                                    : QStringLiteral("Item Name"),
                                 itemName);
            v.jobs << j;
        }
        std::sort(v.jobs.begin(), v.jobs.end(),
                  [](const SandboxJob &a, const SandboxJob &b) { return a.start < b.start; });
        addImpliedResources(t, v);
        t.vaults << v;
    }

    for (const QJsonValue &tv : root.value(QStringLiteral("trustedIssuers")).toArray())
        t.trustedIssuers << tv.toObject();
    for (const QJsonValue &iv : root.value(QStringLiteral("identities")).toArray()) {
        const QJsonObject is = iv.toObject();
        const QString subName = is.value(QStringLiteral("subscription")).toString();
        if (!subscriptionByName.contains(subName))
            return seedError(QStringLiteral("Identity names unknown subscription %1.").arg(subName));
        SandboxIdentity identity;
        identity.resource
            = Arm::identity(subscriptionByName.value(subName),
                            is.value(QStringLiteral("resourceGroup")).toString(), is, t.tenantId);
        const QString identityId = identity.resource.value(QStringLiteral("id")).toString();
        for (const QJsonValue &fv : is.value(QStringLiteral("federatedCredentials")).toArray())
            identity.federatedCredentials << Arm::federatedCredential(identityId, fv.toObject());
        t.identities << identity;
    }
    return t;
}

Result<Tenant::Scale> Tenant::parseScale(const QString &spec)
{
    Scale s;
    const QStringList parts = spec.split(QLatin1Char(','), Qt::SkipEmptyParts);
    for (const QString &part : parts) {
        const QString key = part.section(QLatin1Char('='), 0, 0).trimmed();
        bool ok = false;
        const int value = part.section(QLatin1Char('='), 1).trimmed().toInt(&ok);
        if (!ok || value < 0 || value > 1000000)
            return seedError(QStringLiteral("--scale: \"%1\" is not key=number (0..1000000).").arg(part));
        if (key == QLatin1String("subscriptions"))
            s.subscriptions = value;
        else if (key == QLatin1String("vaults"))
            s.vaults = value;
        else if (key == QLatin1String("items"))
            s.items = value;
        else if (key == QLatin1String("points"))
            s.points = value;
        else
            return seedError(
                QStringLiteral("--scale: unknown key \"%1\" (subscriptions, vaults, items, points).")
                    .arg(key));
    }
    return s;
}

void Tenant::grow(const Scale &scale, const QDateTime &now)
{
    const int subs = qMax(scale.subscriptions, 1);
    const int vaultsPer = qMax(scale.vaults, 1);
    const int itemsPer = qMax(scale.items, 1);
    const int points = qMax(scale.points, 1);
    const QJsonObject policySeed { { QStringLiteral("name"), QStringLiteral("generated-daily") },
                                   { QStringLiteral("kind"), QStringLiteral("vm-v2") },
                                   { QStringLiteral("times"), QJsonArray { QStringLiteral("02:00") } },
                                   { QStringLiteral("instantRpDays"), 2 },
                                   { QStringLiteral("retention"),
                                     QJsonObject { { QStringLiteral("daily"), points } } } };
    const QHash<QString, QJsonObject> policySeeds { { QStringLiteral("generated-daily"), policySeed } };
    // Whoever holds Reader or more at the tenant root sees generated data: give it to every role
    // already assigned at a subscription, by assigning the generated subscriptions to the same
    // principals with the same roles.
    const QList<Access::RoleAssignment> subscriptionLevel = [&] {
        QList<Access::RoleAssignment> out;
        for (const Access::RoleAssignment &a : std::as_const(roleAssignments)) {
            if (a.scope.count(QLatin1Char('/')) == 2)
                out << a;
        }
        return out;
    }();
    for (int s = 0; s < subs; ++s) {
        const QString subId = QStringLiteral("00000000-0000-4000-8000-%1").arg(s, 12, 10, QLatin1Char('0'));
        subscriptions << Arm::subscription(subId, QStringLiteral("Generated %1").arg(s + 1), tenantId);
        for (const Access::RoleAssignment &a : subscriptionLevel) {
            Access::RoleAssignment copy = a;
            copy.scope = QStringLiteral("/subscriptions/") + subId;
            copy.name = Arm::newGuid();
            copy.id = copy.scope + QStringLiteral("/providers/Microsoft.Authorization/roleAssignments/")
                + copy.name;
            copy.roleDefinitionId = QStringLiteral("/subscriptions/") + subId
                + a.roleDefinitionId.mid(a.roleDefinitionId.indexOf(QLatin1String("/providers/")));
            roleAssignments << copy;
        }
        for (int v = 0; v < vaultsPer; ++v) {
            SandboxVault vault;
            vault.subscriptionId = subId;
            vault.resourceGroup = QStringLiteral("rg-gen-%1").arg(v % 10);
            const QJsonObject vaultSeed { { QStringLiteral("location"),
                                            v % 2 ? QStringLiteral("westeurope")
                                                  : QStringLiteral("eastus") } };
            vault.resource = Arm::vault(subId, vault.resourceGroup,
                                        QStringLiteral("rsv-gen-%1-%2").arg(s).arg(v), vaultSeed, tenantId);
            const QString vaultId = vault.resource.value(QStringLiteral("id")).toString();
            vault.backupConfig = Arm::vaultBackupConfig(vaultId, true);
            vault.policies << Arm::policy(vaultId, policySeed, itemsPer);
            for (int i = 0; i < itemsPer; ++i) {
                const QJsonObject itemSeed {
                    { QStringLiteral("kind"), QStringLiteral("vm") },
                    { QStringLiteral("resourceGroup"), QStringLiteral("rg-app-%1").arg(i % 20) },
                    { QStringLiteral("name"), QStringLiteral("vm-%1-%2-%3").arg(s).arg(v).arg(i) },
                    { QStringLiteral("policy"), QStringLiteral("generated-daily") }
                };
                addItem(vault, itemSeed, policySeeds, now, points);
            }
            addImpliedResources(*this, vault);
            vaults << vault;
        }
    }
}

SandboxVault *Tenant::vault(const QString &vaultId)
{
    // Every API call names its vault: a scan of every vault per request would make each request
    // cost more the larger the estate.
    const QString key = vaultId.toCaseFolded();
    auto at = [&]() -> SandboxVault * {
        const auto it = m_vaultIndex.constFind(key);
        if (it == m_vaultIndex.cend() || *it >= vaults.size())
            return nullptr;
        SandboxVault &v = vaults[*it];
        const bool same
            = v.resource.value(QStringLiteral("id")).toString().compare(vaultId, Qt::CaseInsensitive) == 0;
        return same ? &v : nullptr;
    };
    if (SandboxVault *v = at())
        return v;
    // Not indexed, or `vaults` changed since: index them all again (the first of equal ids wins,
    // as a scan would find it) and look once more.
    m_vaultIndex.clear();
    m_vaultIndex.reserve(vaults.size());
    for (qsizetype i = 0; i < vaults.size(); ++i) {
        const QString id = vaults.at(i).resource.value(QStringLiteral("id")).toString().toCaseFolded();
        if (!m_vaultIndex.contains(id))
            m_vaultIndex.insert(id, i);
    }
    return at();
}

SandboxItem *Tenant::item(SandboxVault &v, const QString &itemId)
{
    for (SandboxItem &i : v.items) {
        if (i.resource.value(QStringLiteral("id")).toString().compare(itemId, Qt::CaseInsensitive) == 0)
            return &i;
    }
    return nullptr;
}

SandboxJob *Tenant::job(SandboxVault &v, const QString &jobName)
{
    for (SandboxJob &j : v.jobs) {
        if (j.id.compare(jobName, Qt::CaseInsensitive) == 0)
            return &j;
    }
    return nullptr;
}

const SandboxUser *Tenant::user(const QString &username) const
{
    for (const SandboxUser &u : users) {
        if (u.username == username)
            return &u;
    }
    return nullptr;
}

const SandboxResource *Tenant::resource(const QString &id) const
{
    QString key = id.toLower();
    while (key.endsWith(QLatin1Char('/')))
        key.chop(1);
    const auto it = resources.constFind(key);
    return it == resources.cend() ? nullptr : &it.value();
}

void Tenant::addResource(const SandboxResource &resource)
{
    SandboxResource &r = resources[resource.id.toLower()];
    if (r.id.isEmpty()) {
        r = resource;
        return;
    }
    for (const QString &c : resource.children) {
        if (!r.children.contains(c, Qt::CaseInsensitive))
            r.children << c;
    }
}

int Tenant::totalItems() const
{
    int n = 0;
    for (const SandboxVault &v : vaults)
        n += int(v.items.size());
    return n;
}

qint64 Tenant::totalRecoveryPoints() const
{
    qint64 n = 0;
    for (const SandboxVault &v : vaults) {
        for (const SandboxItem &i : v.items)
            n += i.recoveryPoints.size();
    }
    return n;
}

} // namespace RestoreDesk::Sandbox
