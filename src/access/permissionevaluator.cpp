#include "access/permissionevaluator.h"

#include "access/armscope.h"

#include <algorithm>

namespace RestoreDesk::Access {

namespace {

// Role definition ids come as "/providers/Microsoft.Authorization/roleDefinitions/{guid}" or
// scoped ("/subscriptions/{s}/providers/..."); the guid identifies the role.
QString roleGuid(const QString &id)
{
    return id.section(QLatin1Char('/'), -1).toLower();
}

} // namespace

PermissionEvaluator::PermissionEvaluator(QList<RoleDefinition> definitions, QList<RoleAssignment> assignments,
                                         QList<DenyAssignment> denyAssignments)
    : m_definitions(std::move(definitions))
    , m_assignments(std::move(assignments))
    , m_denyAssignments(std::move(denyAssignments))
{ }

std::optional<PermissionEvaluator::Block> PermissionEvaluator::blocking(const QStringList &principalIds,
                                                                        const QString &scope,
                                                                        const QString &action) const
{
    for (const DenyAssignment &d : m_denyAssignments) {
        if (!d.appliesTo(principalIds, scope))
            continue;
        const QString pattern = d.blockingPattern(action);
        if (!pattern.isEmpty())
            return Block { d.displayName(), d.id, d.scope, pattern };
    }
    return std::nullopt;
}

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
        // The principal first: the cheaper test, and most assignments are someone else's.
        const bool theirs = std::any_of(principalIds.begin(), principalIds.end(), [&a](const QString &p) {
            return a.principalId.compare(p, Qt::CaseInsensitive) == 0;
        });
        if (theirs && inheritedAt(a.scope, a.listedAtScope, scope))
            out << a;
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
    if (const auto block = blocking(principalIds, scope, action)) {
        d.allowed = false;
        d.deniedBy = block->denyAssignmentName;
    }
    return d;
}

PermissionEvaluator::Explanation PermissionEvaluator::explain(const QStringList &principalIds,
                                                              const QString &scope,
                                                              const QString &action) const
{
    Explanation e;
    e.action = action;
    const QList<RoleAssignment> applicable = assignmentsFor(principalIds, scope);
    for (const RoleAssignment &a : applicable) {
        const RoleDefinition *role = definition(a.roleDefinitionId);
        if (!role)
            continue;
        if (!e.assignedRoles.contains(role->roleName))
            e.assignedRoles << role->roleName;
        // Per permission set: Actions − NotActions. One set granting is enough for the role.
        for (const Permission &p : role->permissions) {
            const QString pattern = p.grantingPattern(action);
            if (pattern.isEmpty())
                continue;
            const QString removedBy = p.removingPattern(action);
            if (removedBy.isEmpty())
                e.grants << Grant { role->roleName, role->id, a.scope, a.principalId, pattern };
            else
                e.removals << Removal { role->roleName, a.scope, a.principalId, pattern, removedBy };
        }
    }
    e.blockedBy = blocking(principalIds, scope, action);
    e.allowed = !e.grants.isEmpty() && !e.blockedBy;
    return e;
}

PermissionEvaluator::Explanation PermissionEvaluator::explain(const QList<Permission> &permissions,
                                                              const QString &action)
{
    Explanation e;
    e.action = action;
    e.fromPermissions = true;
    for (const Permission &p : permissions) {
        const QString pattern = p.grantingPattern(action);
        if (pattern.isEmpty())
            continue;
        const QString removedBy = p.removingPattern(action);
        if (removedBy.isEmpty())
            e.grants << Grant { QString(), QString(), QString(), QString(), pattern };
        else
            e.removals << Removal { QString(), QString(), QString(), pattern, removedBy };
    }
    e.allowed = !e.grants.isEmpty();
    return e;
}

QStringList PermissionEvaluator::rolesGranting(const QString &action) const
{
    QStringList out;
    auto consider = [&](const RoleDefinition &d) {
        if (d.grants(action) && !out.contains(d.roleName))
            out << d.roleName;
    };
    for (const RoleDefinition &d : m_definitions)
        consider(d);
    const QList<RoleDefinition> builtIn = RoleDefinition::builtInBackupRoles();
    for (const RoleDefinition &d : builtIn)
        consider(d);
    return out;
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
