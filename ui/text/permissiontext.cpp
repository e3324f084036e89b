#include "text/permissiontext.h"

#include "text/tokentext.h"

#include <QCoreApplication>

namespace RestoreDesk::Text {

namespace {

QString tr(const char *text)
{
    return QCoreApplication::translate("RestoreDesk::Text", text);
}

#define T(text) QT_TRANSLATE_NOOP("RestoreDesk::Text", text)

QString via(const QString &principalId, const Access::PrincipalContext &principal)
{
    const Access::Membership *m = principal.membership(principalId);
    if (!m)
        return {};
    return m->isRole ? fillPlaceholders(tr(T(" (through role value %1 in claim %2)")), { m->id, m->claim })
                     : fillPlaceholders(tr(T(" (through group %1, claim %2)")), { m->id, m->claim });
}

} // namespace

QString operationName(Access::BackupOperation::Id id)
{
    using Id = Access::BackupOperation::Id;
    switch (id) {
    case Id::ReadEstate:
        return tr(T("Read the estate"));
    case Id::BackupNow:
        return tr(T("Back up now"));
    case Id::ValidateRestore:
        return tr(T("Validate a restore"));
    case Id::Restore:
        return tr(T("Restore"));
    case Id::CancelJob:
        return tr(T("Cancel a job"));
    case Id::ChangePolicy:
        return tr(T("Change a policy"));
    case Id::DeleteBackupData:
        return tr(T("Stop protection and delete backup data"));
    case Id::ManageFederatedCredentials:
        return tr(T("Manage federated credentials"));
    case Id::CreateFederatedCredential:
        return tr(T("Create a federated credential"));
    case Id::ReadActivityLog:
        return tr(T("Read the activity log"));
    case Id::ReadAccess:
        return tr(T("Read role assignments"));
    }
    return {};
}

QString operationDescription(Access::BackupOperation::Id id)
{
    using Id = Access::BackupOperation::Id;
    switch (id) {
    case Id::ReadEstate:
        return tr(T("See vaults, protected items, recovery points, policies and jobs."));
    case Id::BackupNow:
        return tr(T("Start an on-demand backup of a protected item and follow its job."));
    case Id::ValidateRestore:
        return tr(T("Ask the service to check a restore request before sending it."));
    case Id::Restore:
        return tr(T("Restore from a recovery point, and create what the restore needs at its target."));
    case Id::CancelJob:
        return tr(T("Cancel a running backup or restore job."));
    case Id::ChangePolicy:
        return tr(T("Create or change a backup policy (schedule and retention)."));
    case Id::DeleteBackupData:
        return tr(T("Stop protecting an item and delete its recovery points."));
    case Id::ManageFederatedCredentials:
        return tr(T("List, create and delete federated credentials of a user-assigned identity."));
    case Id::CreateFederatedCredential:
        return tr(T("Add a federated credential to a user-assigned identity (no delete needed)."));
    case Id::ReadActivityLog:
        return tr(T("Read the subscription's activity log (who did what, when)."));
    case Id::ReadAccess:
        return tr(T("Read role assignments and role definitions at this scope."));
    }
    return {};
}

QString stateName(Access::RequirementCheck::State state)
{
    switch (state) {
    case Access::RequirementCheck::State::Allowed:
        return tr(T("allowed"));
    case Access::RequirementCheck::State::Denied:
        return tr(T("denied"));
    case Access::RequirementCheck::State::Unknown:
        return tr(T("unknown"));
    }
    return {};
}

QString targetRoleName(const QString &role)
{
    if (role == QLatin1String("target-resource-group"))
        return tr(T("target resource group"));
    if (role == QLatin1String("staging-storage-account"))
        return tr(T("staging storage account"));
    if (role == QLatin1String("target-storage-account"))
        return tr(T("target storage account"));
    if (role == QLatin1String("target-virtual-network"))
        return tr(T("target virtual network"));
    if (role == QLatin1String("target-subnet"))
        return tr(T("target subnet"));
    if (role == QLatin1String("target-sql-server"))
        return tr(T("target SQL server (its VM)"));
    if (role == QLatin1String("source-resource"))
        return tr(T("the original resource"));
    return role;
}

QString requirementText(const Access::RequirementCheck &r, const Access::PrincipalContext &principal)
{
    using State = Access::RequirementCheck::State;
    const auto &e = r.explanation;
    if (r.state == State::Allowed && !e.grants.isEmpty()) {
        const auto &g = e.grants.first();
        if (g.roleName.isEmpty())
            return fillPlaceholders(tr(T("%1: allowed by your effective permissions (pattern %2).")),
                                    { r.action, g.pattern });
        return fillPlaceholders(
            tr(T("%1: allowed by %2 at %3%4 (pattern %5).")),
            { r.action, g.roleName, g.assignmentScope, via(g.principalId, principal), g.pattern });
    }
    if (r.state == State::Unknown) {
        switch (r.unknown) {
        case Access::RequirementCheck::Unknown::Refused: {
            const QString why = r.refusal
                ? QStringLiteral("%1, HTTP %2").arg(r.refusal->code).arg(r.refusal->httpStatus)
                : QString();
            return fillPlaceholders(
                tr(T("%1 on %2: cannot tell; the service would not say what you may do there (%3).")),
                { r.action, r.scope, why });
        }
        case Access::RequirementCheck::Unknown::Incomplete:
            return fillPlaceholders(
                tr(T("%1 on %2: cannot tell; your role assignments there do not grant it, but roles may "
                     "also reach you another way (groups left out of the token, the issuer's own claim "
                     "mapping, a role that could not be read).")),
                { r.action, r.scope });
        case Access::RequirementCheck::Unknown::DenyUnread: {
            const QString why = r.refusal
                ? QStringLiteral("%1, HTTP %2").arg(r.refusal->code).arg(r.refusal->httpStatus)
                : QString();
            return fillPlaceholders(
                tr(T("%1 on %2: cannot tell; your roles grant it, but the deny assignments there could "
                     "not be read (%3) and one could block it.")),
                { r.action, r.scope, why });
        }
        case Access::RequirementCheck::Unknown::GroupsUnknown:
            return fillPlaceholders(
                tr(T("%1 on %2: cannot tell; no role assignment of yours grants it, but role assignments "
                     "to groups apply there and your token carries no groups claim, so your membership is "
                     "unknown. Add the groups claim to the app registration (or map groups in the "
                     "profile) to get an answer.")),
                { r.action, r.scope });
        case Access::RequirementCheck::Unknown::NoAnswer:
            break;
        }
        return fillPlaceholders(tr(T("%1 on %2: cannot tell; no permissions answer for that scope.")),
                                { r.action, r.scope });
    }
    if (e.blockedBy)
        return fillPlaceholders(
            tr(T("%1: denied; blocked by deny assignment %2 at %3 (pattern %4). A deny "
                 "assignment wins over every role.")),
            { r.action, e.blockedBy->denyAssignmentName, e.blockedBy->scope, e.blockedBy->pattern });
    if (!e.removals.isEmpty()) {
        const auto &x = e.removals.first();
        const QString role = x.roleName.isEmpty() ? tr(T("your effective permissions")) : x.roleName;
        return fillPlaceholders(
            tr(T("%1: denied. %2 would grant it (%3) but its notActions %4 take it out, and no "
                 "other role grants it.")),
            { r.action, role, x.pattern, x.notActionPattern });
    }
    if (e.fromPermissions)
        return fillPlaceholders(tr(T("%1: denied; your effective permissions at %2 do not include it.")),
                                { r.action, r.scope });
    if (e.assignedRoles.isEmpty())
        return fillPlaceholders(tr(T("%1: denied; no role applies at %2.")), { r.action, r.scope });
    return fillPlaceholders(tr(T("%1: denied; none of your roles here (%2) grants it.")),
                            { r.action, e.assignedRoles.join(QStringLiteral(", ")) });
}

QString operationVerdict(const Access::OperationCheck &c, const Access::PrincipalContext &principal)
{
    const QString name = operationName(c.operation);
    using State = Access::RequirementCheck::State;
    if (c.state == State::Allowed) {
        const auto &first = c.requirements.first().explanation;
        if (!first.grants.isEmpty() && !first.grants.first().roleName.isEmpty())
            return fillPlaceholders(tr(T("%1: allowed (%2 at %3%4).")),
                                    { name, first.grants.first().roleName,
                                      first.grants.first().assignmentScope,
                                      via(first.grants.first().principalId, principal) });
        return fillPlaceholders(tr(T("%1: allowed.")), { name });
    }
    if (c.state == State::Unknown)
        return fillPlaceholders(tr(T("%1: cannot tell from the permissions at hand.")), { name });
    const QList<Access::RequirementCheck> missing = c.missing();
    QStringList actions;
    for (const auto &m : missing) {
        if (m.explanation.blockedBy)
            return fillPlaceholders(tr(T("%1: denied; %2 is blocked by deny assignment %3.")),
                                    { name, m.action, m.explanation.blockedBy->denyAssignmentName });
        actions << m.action;
    }
    return fillPlaceholders(tr(T("%1: denied; missing %2.")), { name, actions.join(QStringLiteral(", ")) });
}

QString whyNotText(const Access::OperationCheck &c, const QList<Access::RoleSuggestion> &suggestions)
{
    QStringList blocked;
    const QList<Access::RequirementCheck> missing = c.missing();
    for (const Access::RequirementCheck &m : missing) {
        if (m.explanation.blockedBy)
            blocked << fillPlaceholders(
                tr(T("• %1 on %2 is blocked by deny assignment %3 (at %4); no role assignment overrides "
                     "it. Ask whoever manages it (often a deployment stack or a managed application).")),
                { m.action, m.scope, m.explanation.blockedBy->denyAssignmentName,
                  m.explanation.blockedBy->scope });
    }
    if (suggestions.isEmpty() && blocked.isEmpty())
        return fillPlaceholders(tr(T("Nothing is missing for %1.")), { operationName(c.operation) });
    QStringList lines;
    lines << fillPlaceholders(tr(T("Why can't I %1?")), { operationName(c.operation).toLower() });
    lines << blocked;
    if (suggestions.isEmpty())
        return lines.join(QLatin1Char('\n'));
    for (const Access::RoleSuggestion &s : suggestions) {
        if (s.roles.isEmpty())
            lines << fillPlaceholders(
                tr(T("• %1 on %2 is missing; no known role grants it (a custom role could).")),
                { s.action, s.scope });
        else
            lines << fillPlaceholders(tr(T("• %1 on %2 is missing; it comes with %3.")),
                                      { s.action, s.scope, s.roles.join(tr(T(" or "))) });
    }
    lines << tr(T("Ask an owner of the scope to assign one of these roles to you or to one of your groups."));
    return lines.join(QLatin1Char('\n'));
}

QString assignmentRouteText(const Access::AppliedAssignment &a)
{
    if (a.direct)
        return tr(T("directly"));
    return a.via.isRole
        ? fillPlaceholders(tr(T("through role value %1 (claim %2)")), { a.via.id, a.via.claim })
        : fillPlaceholders(tr(T("through group %1 (claim %2)")), { a.via.id, a.via.claim });
}

QString mappingMatchText(const Access::MappingMatch &m)
{
    const QString text = fillPlaceholders(tr(T("Your `%1` claim contains `%2` → %3 at %4")),
                                          { m.claim, m.value, m.roleName, m.scope });
    return m.roleKnown ? text : text + tr(T(" (no built-in role has that name)"));
}
#undef T

} // namespace RestoreDesk::Text
