// Read operations: subscriptions, vaults, vault config, policies, protected items, recovery points.
#include "access/armscope.h"
#include "sandbox/armbuilders.h"
#include "sandbox/backupapi.h"
#include "sandbox/odatafilter.h"

#include <QJsonArray>

namespace RestoreDesk::Sandbox {

namespace {

const QString kVaultRead = QStringLiteral("Microsoft.RecoveryServices/Vaults/read");
const QString kPoliciesRead = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupPolicies/read");
const QString kItemsListRead = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupProtectedItems/read");
const QString kItemRead = QStringLiteral(
    "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/read");
const QString kPointsRead = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/"
                                           "protectionContainers/protectedItems/recoveryPoints/read");
const QString kConfigRead = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupconfig/read");

QString prop(const QJsonObject &o, const char *name)
{
    return o.value(QStringLiteral("properties")).toObject().value(QLatin1String(name)).toString();
}

HttpResponse badFilter(const Error &e)
{
    return HttpResponse::armError(400, e.code, e.detail);
}

} // namespace

HttpResponse BackupApi::listSubscriptions(Call &call)
{
    QList<QJsonObject> visible;
    const QStringList ids = call.principal.principalIds();
    for (const QJsonObject &s : std::as_const(m_tenant.subscriptions)) {
        const QString scope = s.value(QStringLiteral("id")).toString();
        bool any = !call.principal.mappedRoles.isEmpty()
            && Access::scopeContains(call.principal.mappedScope, scope);
        for (const Access::RoleAssignment &a : m_evaluator.assignments()) {
            if (ids.contains(a.principalId, Qt::CaseInsensitive)
                && (Access::scopeContains(a.scope, scope) || Access::scopeContains(scope, a.scope)))
                any = true;
        }
        if (any)
            visible << s;
    }
    return page(call, visible);
}

HttpResponse BackupApi::getSubscription(Call &call)
{
    const QString id = call.params.value(QStringLiteral("subscriptionId"));
    for (const QJsonObject &s : std::as_const(m_tenant.subscriptions)) {
        if (s.value(QStringLiteral("subscriptionId")).toString().compare(id, Qt::CaseInsensitive) == 0)
            return HttpResponse::json(200, s);
    }
    return HttpResponse::armError(404, QStringLiteral("SubscriptionNotFound"),
                                  QStringLiteral("The subscription '%1' could not be found.").arg(id));
}

HttpResponse BackupApi::listVaultsInSubscription(Call &call)
{
    const QString sub = call.params.value(QStringLiteral("subscriptionId"));
    const QString rg = call.params.value(QStringLiteral("resourceGroupName"));
    QList<QJsonObject> out;
    for (const SandboxVault &v : std::as_const(m_tenant.vaults)) {
        if (v.subscriptionId.compare(sub, Qt::CaseInsensitive) != 0)
            continue;
        if (!rg.isEmpty() && v.resourceGroup.compare(rg, Qt::CaseInsensitive) != 0)
            continue;
        // ARM lists only what the caller may read.
        if (check(call.principal, v.resource.value(QStringLiteral("id")).toString(), kVaultRead).allowed)
            out << Arm::vaultListEntry(v.resource);
    }
    return page(call, out);
}

HttpResponse BackupApi::listVaultsInResourceGroup(Call &call)
{
    return listVaultsInSubscription(call);
}

HttpResponse BackupApi::getVault(Call &call)
{
    HttpResponse error;
    SandboxVault *v = authorizedVault(call, kVaultRead, &error);
    if (!v)
        return error;
    return HttpResponse::json(200, v->resource);
}

HttpResponse BackupApi::getVaultConfig(Call &call)
{
    HttpResponse error;
    SandboxVault *v = authorizedVault(call, kConfigRead, &error);
    if (!v)
        return error;
    return HttpResponse::json(200, v->backupConfig);
}

HttpResponse BackupApi::listPolicies(Call &call)
{
    HttpResponse error;
    SandboxVault *v = authorizedVault(call, kPoliciesRead, &error);
    if (!v)
        return error;
    auto filter = parseFilter(call.queryValue(QStringLiteral("$filter")));
    if (!filter)
        return badFilter(filter.error());
    QList<QJsonObject> out;
    for (const QJsonObject &p : std::as_const(v->policies)) {
        bool keep = true;
        for (const FilterClause &c : filter.value()) {
            if (c.name.compare(QLatin1String("backupManagementType"), Qt::CaseInsensitive) == 0)
                keep = keep && prop(p, "backupManagementType").compare(c.value, Qt::CaseInsensitive) == 0;
        }
        if (keep)
            out << p;
    }
    return page(call, out);
}

HttpResponse BackupApi::getPolicy(Call &call)
{
    HttpResponse error;
    SandboxVault *v = authorizedVault(call, kPoliciesRead, &error);
    if (!v)
        return error;
    const QString name = call.params.value(QStringLiteral("policyName"));
    for (const QJsonObject &p : std::as_const(v->policies)) {
        if (p.value(QStringLiteral("name")).toString().compare(name, Qt::CaseInsensitive) == 0)
            return HttpResponse::json(200, p);
    }
    return HttpResponse::armError(404, QStringLiteral("BMSUserErrorPolicyNotFound"),
                                  QStringLiteral("Policy '%1' was not found in this vault.").arg(name));
}

HttpResponse BackupApi::listProtectedItems(Call &call)
{
    HttpResponse error;
    SandboxVault *v = authorizedVault(call, kItemsListRead, &error);
    if (!v)
        return error;
    auto filter = parseFilter(call.queryValue(QStringLiteral("$filter")));
    if (!filter)
        return badFilter(filter.error());
    if (filter.value().isEmpty()) {
        // Only the page's items are gathered: copying a vault's every item for each page asked
        // for was a tenth of the sandbox's time in a large estate's listing.
        return page(call, v->items.size(), [v](qsizetype from, qsizetype to) {
            QList<QJsonObject> shown;
            shown.reserve(to - from);
            for (qsizetype i = from; i < to; ++i)
                shown << v->items.at(i).resource;
            return shown;
        });
    }
    QList<QJsonObject> out;
    out.reserve(v->items.size()); // grown one item at a time, it was a tenth of the listing's cost
    for (const SandboxItem &i : std::as_const(v->items)) {
        bool keep = true;
        for (const FilterClause &c : filter.value()) {
            if (c.name.compare(QLatin1String("backupManagementType"), Qt::CaseInsensitive) == 0)
                keep = keep
                    && prop(i.resource, "backupManagementType").compare(c.value, Qt::CaseInsensitive) == 0;
            else if (c.name.compare(QLatin1String("itemType"), Qt::CaseInsensitive) == 0)
                keep = keep && prop(i.resource, "workloadType").compare(c.value, Qt::CaseInsensitive) == 0;
            else if (c.name.compare(QLatin1String("policyName"), Qt::CaseInsensitive) == 0)
                keep = keep
                    && prop(i.resource, "policyId")
                            .section(QLatin1Char('/'), -1)
                            .compare(c.value, Qt::CaseInsensitive)
                        == 0;
        }
        if (keep)
            out << i.resource;
    }
    return page(call, out);
}

HttpResponse BackupApi::getProtectedItem(Call &call)
{
    HttpResponse error;
    SandboxVault *v = vaultFor(call, &error);
    if (!v)
        return error;
    const QString scope = itemId(call);
    if (!check(call.principal, scope, kItemRead).allowed)
        return denied(call.principal, scope, kItemRead);
    SandboxItem *i = itemFor(call, *v, &error);
    return i ? HttpResponse::json(200, i->resource) : error;
}

HttpResponse BackupApi::listRecoveryPoints(Call &call)
{
    HttpResponse error;
    SandboxVault *v = vaultFor(call, &error);
    if (!v)
        return error;
    const QString scope = itemId(call);
    if (!check(call.principal, scope, kPointsRead).allowed)
        return denied(call.principal, scope, kPointsRead);
    SandboxItem *i = itemFor(call, *v, &error);
    if (!i)
        return error;
    auto filter = parseFilter(call.queryValue(QStringLiteral("$filter")));
    if (!filter)
        return badFilter(filter.error());
    QDateTime from;
    QDateTime to;
    for (const FilterClause &c : filter.value()) {
        const QDateTime t = parseFilterTime(c.value);
        if (!t.isValid())
            return HttpResponse::armError(400, QStringLiteral("InvalidFilter"),
                                          QStringLiteral("'%1' is not a time.").arg(c.value));
        if (c.name.compare(QLatin1String("startDate"), Qt::CaseInsensitive) == 0)
            from = t;
        else if (c.name.compare(QLatin1String("endDate"), Qt::CaseInsensitive) == 0)
            to = t;
    }
    QList<QJsonObject> out;
    out.reserve(i->recoveryPoints.size());
    for (const QJsonObject &p : std::as_const(i->recoveryPoints)) {
        if (from.isValid() || to.isValid()) {
            const QJsonObject props = p.value(QStringLiteral("properties")).toObject();
            QString text = props.value(QStringLiteral("recoveryPointTime")).toString();
            if (text.isEmpty())
                text = props.value(QStringLiteral("recoveryPointTimeInUTC")).toString();
            const QDateTime t = QDateTime::fromString(text, Qt::ISODateWithMs);
            if ((from.isValid() && t < from) || (to.isValid() && t > to))
                continue;
        }
        out << shownPoint(p);
    }
    return page(call, out, true);
}

QJsonObject BackupApi::shownPoint(const QJsonObject &point) const
{
    if (!m_options.pointsWithoutRetention)
        return point;
    QJsonObject out = point;
    QJsonObject props = out.value(QStringLiteral("properties")).toObject();
    props.remove(QStringLiteral("recoveryPointProperties"));
    out.insert(QStringLiteral("properties"), props);
    return out;
}

HttpResponse BackupApi::getRecoveryPoint(Call &call)
{
    HttpResponse error;
    SandboxVault *v = vaultFor(call, &error);
    if (!v)
        return error;
    const QString scope = itemId(call);
    if (!check(call.principal, scope, kPointsRead).allowed)
        return denied(call.principal, scope, kPointsRead);
    SandboxItem *i = itemFor(call, *v, &error);
    if (!i)
        return error;
    const QString name = call.params.value(QStringLiteral("recoveryPointId"));
    for (const QJsonObject &p : std::as_const(i->recoveryPoints)) {
        if (p.value(QStringLiteral("name")).toString() == name)
            return HttpResponse::json(200, shownPoint(p));
    }
    return HttpResponse::armError(
        404, QStringLiteral("BMSUserErrorRecoveryPointNotFound"),
        QStringLiteral("Recovery point '%1' does not exist or has expired.").arg(name));
}

} // namespace RestoreDesk::Sandbox
