#pragma once

#include "access/denyassignment.h"
#include "access/roleassignment.h"
#include "access/roledefinition.h"

#include <QStringList>

#include <optional>

namespace RestoreDesk::Access {

// Azure RBAC evaluation over a set of role definitions, role assignments and deny assignments: a
// principal (its object id plus group ids) may perform an action at a scope when no deny
// assignment at or above that scope blocks it for the principal (deny wins), and some role
// assigned at or above that scope grants it (Actions − NotActions, per role; a NotAction is not a
// deny). Value type; immutable after construction; any thread.
class PermissionEvaluator
{
public:
    struct Decision
    {
        bool allowed = false;
        QStringList grantingRoles; // role names that grant it
        QStringList assignedRoles; // every role the principal holds at or above the scope
        QString deniedBy; // the deny assignment that blocks it (display name), if one does
    };
    // A deny assignment that blocks the action for the principal: the action is denied whatever
    // the roles grant.
    struct Block
    {
        QString denyAssignmentName; // display name (else its name)
        QString denyAssignmentId;
        QString scope;
        QString pattern; // the deny assignment's `actions` pattern that matched
    };

    // One role assignment (or, for a permissions answer, one permission set) that grants the
    // action, with the `actions` pattern that matched.
    struct Grant
    {
        QString roleName; // empty for a permissions answer (it names no roles)
        QString roleDefinitionId;
        QString assignmentScope;
        QString principalId; // whose assignment: the object id itself or one of its groups
        QString pattern;
    };
    // An applicable role whose `actions` match but whose `notActions` take the action out again.
    // Not a deny: another role that grants the action still wins.
    struct Removal
    {
        QString roleName;
        QString assignmentScope;
        QString principalId;
        QString pattern; // the `actions` pattern that matched
        QString notActionPattern; // the `notActions` pattern that removed it
    };
    // Why an action is allowed or not: every grant and every removal among the applicable roles.
    struct Explanation
    {
        QString action;
        bool allowed = false;
        QList<Grant> grants;
        QList<Removal> removals;
        QStringList assignedRoles;
        bool fromPermissions = false; // decided over a permissions answer (no role names)
        std::optional<Block> blockedBy; // a deny assignment: denied whatever grants there are
    };

    PermissionEvaluator(QList<RoleDefinition> definitions, QList<RoleAssignment> assignments,
                        QList<DenyAssignment> denyAssignments = {});

    // The first deny assignment that blocks `action` at `scope` for these principals.
    std::optional<Block> blocking(const QStringList &principalIds, const QString &scope,
                                  const QString &action) const;

    // Assignments of these principals that apply at `scope` (at it or above).
    QList<RoleAssignment> assignmentsFor(const QStringList &principalIds, const QString &scope) const;

    Decision check(const QStringList &principalIds, const QString &scope, const QString &action) const;

    // check() with its reasons: which assignment's role and pattern grant the action, and which
    // notActions removed it from a role that would otherwise have granted it.
    Explanation explain(const QStringList &principalIds, const QString &scope, const QString &action) const;

    // The same over the caller's own effective permissions (a Microsoft.Authorization/permissions
    // answer), which name patterns but no roles.
    static Explanation explain(const QList<Permission> &permissions, const QString &action);

    // What Microsoft.Authorization/permissions returns: one permission set per applicable role.
    QList<Permission> effectivePermissions(const QStringList &principalIds, const QString &scope) const;

    // Names of the known role definitions (these, then the built-in ones) that would grant
    // `action`, without duplicates: "what would I need?".
    QStringList rolesGranting(const QString &action) const;

    const RoleDefinition *definition(const QString &roleDefinitionId) const;
    const QList<RoleDefinition> &definitions() const { return m_definitions; }
    const QList<RoleAssignment> &assignments() const { return m_assignments; }
    const QList<DenyAssignment> &denyAssignments() const { return m_denyAssignments; }

private:
    QList<RoleDefinition> m_definitions;
    QList<RoleAssignment> m_assignments;
    QList<DenyAssignment> m_denyAssignments;
};

} // namespace RestoreDesk::Access
