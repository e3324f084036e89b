#include "access/effectiveaccess.h"

#include "access/armscope.h"

namespace RestoreDesk::Access {

QList<RequirementCheck> OperationCheck::missing() const
{
    QList<RequirementCheck> out;
    for (const RequirementCheck &r : requirements) {
        if (r.state == RequirementCheck::State::Denied)
            out << r;
    }
    return out;
}

QString subscriptionScopeOf(const QString &scope)
{
    const QStringList parts = scope.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    if (parts.size() >= 2 && parts.at(0).compare(QLatin1String("subscriptions"), Qt::CaseInsensitive) == 0)
        return QStringLiteral("/subscriptions/") + parts.at(1);
    return {};
}

EffectiveAccess::EffectiveAccess(PermissionEvaluator evaluator, PrincipalContext principal)
    : m_evaluator(std::move(evaluator))
    , m_principal(std::move(principal))
{ }

EffectiveAccess EffectiveAccess::fromPermissions(const QHash<QString, QList<Permission>> &byScope,
                                                 QList<RoleDefinition> knownRoles)
{
    EffectiveAccess access(PermissionEvaluator(std::move(knownRoles), {}), PrincipalContext());
    QHash<QString, QList<Permission>> normalized;
    for (auto it = byScope.cbegin(); it != byScope.cend(); ++it)
        normalized[normalizeScope(it.key())] += it.value();
    access.m_byScope = normalized;
    return access;
}

EffectiveAccess EffectiveAccess::fromAnswers(const Answers &answers, PermissionEvaluator evaluator,
                                             PrincipalContext principal)
{
    EffectiveAccess access(std::move(evaluator), std::move(principal));
    QHash<QString, QList<Permission>> normalized;
    for (auto it = answers.permissions.cbegin(); it != answers.permissions.cend(); ++it)
        normalized[normalizeScope(it.key())] += it.value();
    access.m_byScope = normalized;
    for (auto it = answers.refused.cbegin(); it != answers.refused.cend(); ++it)
        access.m_refused.insert(normalizeScope(it.key()), it.value());
    for (const QString &s : answers.evaluatedScopes)
        access.m_evaluatedScopes << normalizeScope(s);
    access.m_assignmentsTellAll = answers.assignmentsTellAll && !answers.groupsUnknown;
    access.m_groupsUnknown = answers.groupsUnknown;
    for (auto it = answers.denyRefused.cbegin(); it != answers.denyRefused.cend(); ++it)
        access.m_denyRefused.insert(normalizeScope(it.key()), it.value());
    return access;
}

RequirementCheck EffectiveAccess::evaluated(const QString &scope, const QString &action) const
{
    // Assignments listed at E (and above) are all those that apply at E and at every scope above
    // it; for a scope below E, the ones in between are missing: they could only add grants.
    RequirementCheck r;
    r.scope = scope;
    r.action = action;
    r.state = RequirementCheck::State::Unknown;
    r.explanation.action = action;
    r.explanation.fromPermissions = true;
    const QString wanted = normalizeScope(scope);
    bool complete = false;
    bool partial = false;
    for (const QString &e : m_evaluatedScopes) {
        complete = complete || scopeContains(wanted, e);
        partial = partial || scopeContains(e, wanted);
    }
    if (!complete && !partial)
        return r;
    const PermissionEvaluator::Explanation e = m_evaluator.explain(m_principal.principalIds(), scope, action);
    if (e.allowed) {
        r.explanation = e;
        r.state = RequirementCheck::State::Allowed;
    } else if (complete) {
        r.explanation = e;
        if (m_assignmentsTellAll)
            r.state = RequirementCheck::State::Denied;
        else
            r.unknown = m_groupsUnknown ? RequirementCheck::Unknown::GroupsUnknown
                                        : RequirementCheck::Unknown::Incomplete;
    }
    return r;
}

RequirementCheck EffectiveAccess::checkAction(const QString &scope, const QString &action) const
{
    // Step 1 of the RBAC rules: a deny assignment at or above the scope wins.
    RequirementCheck r = granted(scope, action);
    if (const auto block = m_evaluator.blocking(m_principal.principalIds(), scope, action)) {
        r.state = RequirementCheck::State::Denied;
        r.explanation.blockedBy = block;
        r.explanation.allowed = false;
        r.refusal.reset();
        return r;
    }
    if (r.state == RequirementCheck::State::Allowed) {
        const auto unread = m_denyRefused.constFind(normalizeScope(scope));
        if (unread != m_denyRefused.cend()) {
            r.state = RequirementCheck::State::Unknown;
            r.unknown = RequirementCheck::Unknown::DenyUnread;
            r.refusal = unread.value();
        }
    }
    return r;
}

void EffectiveAccess::nameRoles(PermissionEvaluator::Explanation &e, const QString &scope) const
{
    // A permissions answer names patterns, no roles. The role assignments read for the view (at
    // the scope and above) name the deciding role where they reach the same verdict; the verdict
    // itself stays the service's.
    if (m_principal.objectId.isEmpty() || m_evaluator.assignments().isEmpty())
        return;
    const PermissionEvaluator::Explanation byRoles
        = m_evaluator.explain(m_principal.principalIds(), scope, e.action);
    if (byRoles.allowed != e.allowed || byRoles.blockedBy)
        return;
    if (e.allowed)
        e.grants = byRoles.grants;
    else if (!byRoles.removals.isEmpty())
        e.removals = byRoles.removals;
    e.assignedRoles = byRoles.assignedRoles;
}

RequirementCheck EffectiveAccess::granted(const QString &scope, const QString &action) const
{
    RequirementCheck r;
    r.scope = scope;
    r.action = action;
    if (!m_byScope) {
        r.explanation = m_evaluator.explain(m_principal.principalIds(), scope, action);
        r.state = r.explanation.allowed ? RequirementCheck::State::Allowed : RequirementCheck::State::Denied;
        return r;
    }
    // Permissions mode: the answer for this very scope decides; an ancestor's answer can only
    // grant (assignments below it are invisible to it); nothing at all leaves it unknown.
    const QString wanted = normalizeScope(scope);
    const auto exact = m_byScope->constFind(wanted);
    if (exact != m_byScope->cend()) {
        r.explanation = PermissionEvaluator::explain(exact.value(), action);
        nameRoles(r.explanation, scope);
        r.state = r.explanation.allowed ? RequirementCheck::State::Allowed : RequirementCheck::State::Denied;
        return r;
    }
    for (auto it = m_byScope->cbegin(); it != m_byScope->cend(); ++it) {
        if (!scopeContains(it.key(), wanted))
            continue;
        PermissionEvaluator::Explanation e = PermissionEvaluator::explain(it.value(), action);
        if (e.allowed) {
            nameRoles(e, scope);
            r.explanation = e;
            r.state = RequirementCheck::State::Allowed;
            return r;
        }
    }
    // No permissions answer decides: the assignments, where they were listed (a subscription).
    const RequirementCheck byAssignments = evaluated(scope, action);
    if (byAssignments.state != RequirementCheck::State::Unknown
        || byAssignments.unknown == RequirementCheck::Unknown::Incomplete
        || byAssignments.unknown == RequirementCheck::Unknown::GroupsUnknown)
        return byAssignments;
    r.state = RequirementCheck::State::Unknown;
    r.explanation.action = action;
    r.explanation.fromPermissions = true;
    const auto refused = m_refused.constFind(wanted);
    if (refused != m_refused.cend()) {
        r.unknown = RequirementCheck::Unknown::Refused;
        r.refusal = refused.value();
    }
    return r;
}

OperationCheck EffectiveAccess::check(const BackupOperation &operation, const QString &scope,
                                      const RestoreTarget &target) const
{
    OperationCheck c;
    c.operation = operation.id;
    c.key = operation.key;
    c.scope = scope;
    for (const ActionRequirement &need : operation.requirements) {
        QString where = scope;
        if (need.on == ActionRequirement::On::Subscription) {
            const QString sub = subscriptionScopeOf(scope);
            where = sub.isEmpty() ? scope : sub;
        }
        c.requirements << checkAction(where, need.action);
    }
    if (operation.needsRestoreTarget) {
        const QList<ScopedAction> extra = target.requirements();
        for (const ScopedAction &need : extra) {
            RequirementCheck r = checkAction(need.scope, need.action);
            r.targetRole = need.role;
            c.requirements << r;
        }
    }
    bool unknown = false;
    bool denied = false;
    for (const RequirementCheck &r : std::as_const(c.requirements)) {
        denied = denied || r.state == RequirementCheck::State::Denied;
        unknown = unknown || r.state == RequirementCheck::State::Unknown;
    }
    c.state = denied ? RequirementCheck::State::Denied
        : unknown    ? RequirementCheck::State::Unknown
                     : RequirementCheck::State::Allowed;
    return c;
}

QList<OperationCheck> EffectiveAccess::checkAll(const QString &scope, const RestoreTarget &target) const
{
    QList<OperationCheck> out;
    for (const BackupOperation &op : BackupOperation::all())
        out << check(op, scope, target);
    return out;
}

QList<RoleSuggestion> EffectiveAccess::whyNot(const OperationCheck &check) const
{
    QList<RoleSuggestion> out;
    const QList<RequirementCheck> missing = check.missing();
    for (const RequirementCheck &r : missing) {
        // No role helps against a deny assignment.
        if (!r.explanation.blockedBy)
            out << RoleSuggestion { r.scope, r.action, m_evaluator.rolesGranting(r.action) };
    }
    return out;
}

QList<AppliedAssignment> EffectiveAccess::assignmentsAt(const QString &scope) const
{
    QList<AppliedAssignment> out;
    const QList<RoleAssignment> applicable = m_evaluator.assignmentsFor(m_principal.principalIds(), scope);
    for (const RoleAssignment &a : applicable) {
        AppliedAssignment applied;
        applied.assignment = a;
        if (const RoleDefinition *d = m_evaluator.definition(a.roleDefinitionId))
            applied.roleName = d->roleName;
        if (const Membership *m = m_principal.membership(a.principalId)) {
            applied.direct = false;
            applied.via = *m;
        }
        out << applied;
    }
    return out;
}

} // namespace RestoreDesk::Access
