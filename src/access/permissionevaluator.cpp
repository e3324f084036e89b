#include "access/permissionevaluator.h"

#include "access/armscope.h"

namespace RestoreDesk::Access {

namespace {

// Role definition ids come as "/providers/Microsoft.Authorization/roleDefinitions/{guid}" or
// scoped ("/subscriptions/{s}/providers/..."); the guid identifies the role.
QString roleGuid(const QString &id)
{
    return id.section(QLatin1Char('/'), -1).toLower();
}

} // namespace

PermissionEvaluator::PermissionEvaluator(QList<RoleDefinition> definitions, QList<RoleAssignment> assignments)
    : m_definitions(std::move(definitions))
    , m_assignments(std::move(assignments))
{ }

const RoleDefinition *PermissionEvaluator::definition(const QString &roleDefinitionId) const
{
    const QString guid = roleGuid(roleDefinitionId);
    for (const RoleDefinition &d : m_definitions) {
        if (roleGuid(d.id) == guid)
            return &d;
    }
    return nullptr;
}

QList<RoleAssignment> PermissionEvaluator::assignmentsFor(const QStringList &principalIds,
                                                          const QString &scope) const
{
    QList<RoleAssignment> out;
    for (const RoleAssignment &a : m_assignments) {
        if (!scopeContains(a.scope, scope))
            continue;
        for (const QString &p : principalIds) {
            if (a.principalId.compare(p, Qt::CaseInsensitive) == 0) {
                out << a;
                break;
            }
        }
    }
    return out;
}

PermissionEvaluator::Decision PermissionEvaluator::check(const QStringList &principalIds,
                                                         const QString &scope, const QString &action) const
{
    Decision d;
    const QList<RoleAssignment> applicable = assignmentsFor(principalIds, scope);
    for (const RoleAssignment &a : applicable) {
        const RoleDefinition *role = definition(a.roleDefinitionId);
        if (!role)
            continue;
        if (!d.assignedRoles.contains(role->roleName))
            d.assignedRoles << role->roleName;
        if (role->grants(action) && !d.grantingRoles.contains(role->roleName))
            d.grantingRoles << role->roleName;
    }
    d.allowed = !d.grantingRoles.isEmpty();
    return d;
}

QList<Permission> PermissionEvaluator::effectivePermissions(const QStringList &principalIds,
                                                            const QString &scope) const
{
    QList<Permission> out;
    const QList<RoleAssignment> applicable = assignmentsFor(principalIds, scope);
    for (const RoleAssignment &a : applicable) {
        if (const RoleDefinition *role = definition(a.roleDefinitionId))
            out << role->permissions;
    }
    return out;
}

} // namespace RestoreDesk::Access
