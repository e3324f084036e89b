#pragma once

#include "access/backupoperation.h"
#include "access/permissionevaluator.h"
#include "access/principalcontext.h"
#include "access/restoretarget.h"
#include "core/error.h"

#include <QHash>

#include <optional>

namespace RestoreDesk::Access {

// One (scope, action) need of an operation and what RBAC says about it.
struct RequirementCheck
{
    // Unknown: "cannot tell" (why: `unknown`).
    enum class State { Allowed, Denied, Unknown };
    enum class Unknown {
        NoAnswer, // nothing was fetched for the scope, or only an ancestor's answer, which cannot say no
        Refused, // the service refused to answer for the scope (`refusal` says how; a 403 usually)
        Incomplete, // the role assignments do not grant it, but roles may come from elsewhere too
        DenyUnread, // roles grant it, but the deny assignments there could not be read (`refusal`)
        GroupsUnknown, // no role grants it, but the token names no groups and group assignments apply
    };

    QString scope;
    QString action;
    QString targetRole; // empty for the examined scope; RestoreTarget's role names otherwise
    State state = State::Denied;
    PermissionEvaluator::Explanation explanation;
    Unknown unknown = Unknown::NoAnswer; // when state is Unknown
    std::optional<Error> refusal; // Unknown::Refused: the service's answer
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
// scope, or both (fromAnswers: the permissions answers where the service gives them, the
// evaluated assignments where it cannot, i.e. at a subscription). The restore wizard's pre-check
// uses the same object. Value type; any thread.
class EffectiveAccess
{
public:
    EffectiveAccess(PermissionEvaluator evaluator, PrincipalContext principal);

    // From permissions answers keyed by the scope they were fetched for (resource group or
    // resource). An answer at an ancestor can say yes for a scope below it, never no.
    static EffectiveAccess fromPermissions(const QHash<QString, QList<Permission>> &byScope,
                                           QList<RoleDefinition> knownRoles
                                           = RoleDefinition::builtInBackupRoles());

    // What a network layer gathered for one question: permissions answers keyed by scope (resource
    // group or resource); the scopes whose permissions call failed, with the error (a 403 on the
    // call itself: "cannot tell" there, not "no"); and for scopes the permissions API has no form
    // for, `evaluator`'s assignments evaluated for `principal`. `evaluatedScopes` are the scopes
    // whose assignments at and above were listed in full (an evaluation there can say no; below
    // them only yes). A deny assignment in `evaluator` that applies to `principal` blocks the action
    // whatever grants it (permissions answers do not show denies). An evaluated "no" stands only when
    // `assignmentsTellAll` (the principal's roles come from role assignments only: no group overage, no
    // issuer-side claim mapping); otherwise it is "cannot tell" (Unknown::Incomplete).
    struct Answers
    {
        QHash<QString, QList<Permission>> permissions;
        QHash<QString, Error> refused;
        QStringList evaluatedScopes;
        bool assignmentsTellAll = true;
        // Scopes whose deny-assignment listing (atScope()) failed, with the error: a "yes" there
        // is "cannot tell" (a deny could block it). The deny assignments read are in `evaluator`.
        QHash<QString, Error> denyRefused;
        // The token named no groups and role assignments to groups apply: an evaluated "no" is
        // "cannot tell" for that reason (implies !assignmentsTellAll).
        bool groupsUnknown = false;
    };
    static EffectiveAccess fromAnswers(const Answers &answers, PermissionEvaluator evaluator,
                                       PrincipalContext principal);

    RequirementCheck checkAction(const QString &scope, const QString &action) const;
    OperationCheck check(const BackupOperation &operation, const QString &scope,
                         const RestoreTarget &target = {}) const;
    QList<OperationCheck> checkAll(const QString &scope, const RestoreTarget &target = {}) const;

    QList<RoleSuggestion> whyNot(const OperationCheck &check) const;

    // Assignments at or above `scope` for the identity (empty when none were read).
    QList<AppliedAssignment> assignmentsAt(const QString &scope) const;

    bool fromPermissionsAnswer() const { return m_byScope.has_value(); }
    const PrincipalContext &principal() const { return m_principal; }
    const PermissionEvaluator &evaluator() const { return m_evaluator; }

private:
    RequirementCheck evaluated(const QString &scope, const QString &action) const;
    RequirementCheck granted(const QString &scope, const QString &action) const;
    void nameRoles(PermissionEvaluator::Explanation &e, const QString &scope) const;

    PermissionEvaluator m_evaluator;
    PrincipalContext m_principal;
    std::optional<QHash<QString, QList<Permission>>> m_byScope; // normalized scope -> sets
    QHash<QString, Error> m_refused; // normalized scope -> why it has no answer
    QHash<QString, Error> m_denyRefused; // normalized scope -> why its deny assignments are unread
    QStringList m_evaluatedScopes; // normalized
    bool m_assignmentsTellAll = true;
    bool m_groupsUnknown = false;
};

// "/subscriptions/{id}" of any ARM scope below a subscription; empty otherwise.
QString subscriptionScopeOf(const QString &scope);

} // namespace RestoreDesk::Access
