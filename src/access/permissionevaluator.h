#pragma once

#include "access/roleassignment.h"
#include "access/roledefinition.h"

#include <QStringList>

namespace RestoreDesk::Access {

// Azure RBAC evaluation over a set of role definitions and assignments: a principal (its object
// id plus group ids) may perform an action at a scope when some role assigned at or above that
// scope grants it (Actions − NotActions, per role; a NotAction is not a deny). Value type;
// immutable after construction; any thread.
class PermissionEvaluator
{
public:
    struct Decision
    {
        bool allowed = false;
        QStringList grantingRoles; // role names that grant it
        QStringList assignedRoles; // every role the principal holds at or above the scope
    };

    PermissionEvaluator(QList<RoleDefinition> definitions, QList<RoleAssignment> assignments);

    // Assignments of these principals that apply at `scope` (at it or above).
    QList<RoleAssignment> assignmentsFor(const QStringList &principalIds, const QString &scope) const;

    Decision check(const QStringList &principalIds, const QString &scope, const QString &action) const;

    // What Microsoft.Authorization/permissions returns: one permission set per applicable role.
    QList<Permission> effectivePermissions(const QStringList &principalIds, const QString &scope) const;

    const RoleDefinition *definition(const QString &roleDefinitionId) const;
    const QList<RoleDefinition> &definitions() const { return m_definitions; }
    const QList<RoleAssignment> &assignments() const { return m_assignments; }

private:
    QList<RoleDefinition> m_definitions;
    QList<RoleAssignment> m_assignments;
};

} // namespace RestoreDesk::Access
