#pragma once

#include "access/backupoperation.h"
#include "access/permissionevaluator.h"
#include "access/principalcontext.h"
#include "access/restoretarget.h"

#include <QHash>

#include <optional>

namespace RestoreDesk::Access {

// One (scope, action) need of an operation and what RBAC says about it.
struct RequirementCheck
{
    // Unknown: only a permissions answer for another scope was at hand, which cannot say no.
    enum class State { Allowed, Denied, Unknown };

    QString scope;
    QString action;
    QString targetRole; // empty for the examined scope; RestoreTarget's role names otherwise
    State state = State::Denied;
    PermissionEvaluator::Explanation explanation;
};

// "Can I do this here?": every need of one operation, allowed when all are allowed.
struct OperationCheck
{
    BackupOperation::Id operation = BackupOperation::Id::ReadEstate;
    QString key;
    QString scope;
    RequirementCheck::State state = RequirementCheck::State::Denied;
    QList<RequirementCheck> requirements;

    bool allowed() const { return state == RequirementCheck::State::Allowed; }
    QList<RequirementCheck> missing() const; // the denied needs
};

// "Why can't I?": a missing action and the known roles that would grant it.
struct RoleSuggestion
{
    QString scope;
    QString action;
    QStringList roles; // least privileged first, as the known role list orders them
};

// A role assignment that applies at a scope, and how the identity holds it.
struct AppliedAssignment
{
    RoleAssignment assignment;
    QString roleName; // empty when the definition is unknown
    bool direct = true; // assigned to the object id itself
    Membership via; // when not direct: the group or role value and the claim that carried it
};

// Effective permissions of one identity, as "what can I do here": each backup operation allowed
// or denied, with the deciding role, assignment and action pattern (or the notActions pattern
// that removed it), and for what is denied, the missing actions and the roles that would grant
// them. Built either from role assignments and definitions (evaluated here, through
// PermissionEvaluator) or from the caller's own Microsoft.Authorization/permissions answers per
// scope. The restore wizard's pre-check uses the same object. Value type; any thread.
class EffectiveAccess
{
public:
    EffectiveAccess(PermissionEvaluator evaluator, PrincipalContext principal);

    // From permissions answers keyed by the scope they were fetched for (resource group or
    // resource). An answer at an ancestor can say yes for a scope below it, never no.
    static EffectiveAccess fromPermissions(const QHash<QString, QList<Permission>> &byScope,
                                           QList<RoleDefinition> knownRoles
                                           = RoleDefinition::builtInBackupRoles());

    RequirementCheck checkAction(const QString &scope, const QString &action) const;
    OperationCheck check(const BackupOperation &operation, const QString &scope,
                         const RestoreTarget &target = {}) const;
    QList<OperationCheck> checkAll(const QString &scope, const RestoreTarget &target = {}) const;

    QList<RoleSuggestion> whyNot(const OperationCheck &check) const;

    // Assignments at or above `scope` for the identity (empty in permissions mode).
    QList<AppliedAssignment> assignmentsAt(const QString &scope) const;

    bool fromPermissionsAnswer() const { return m_byScope.has_value(); }
    const PrincipalContext &principal() const { return m_principal; }
    const PermissionEvaluator &evaluator() const { return m_evaluator; }

private:
    PermissionEvaluator m_evaluator;
    PrincipalContext m_principal;
    std::optional<QHash<QString, QList<Permission>>> m_byScope; // normalized scope -> sets
};

// "/subscriptions/{id}" of any ARM scope below a subscription; empty otherwise.
QString subscriptionScopeOf(const QString &scope);

} // namespace RestoreDesk::Access
