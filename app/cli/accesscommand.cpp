#include "accesscommand.h"

#include "access/accesscodes.h"
#include "access/accessservice.h"
#include "apiaccess.h"
#include "auditcommands.h"
#include "clisession.h"
#include "text/errortext.h"
#include "text/permissiontext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <algorithm>

namespace RestoreDesk::Cli {

namespace {

using State = Access::RequirementCheck::State;

QString stateKey(State s)
{
    switch (s) {
    case State::Allowed:
        return QStringLiteral("allowed");
    case State::Denied:
        return QStringLiteral("denied");
    case State::Unknown:
        return QStringLiteral("unknown");
    }
    return {};
}

QString unknownKey(Access::RequirementCheck::Unknown u)
{
    switch (u) {
    case Access::RequirementCheck::Unknown::NoAnswer:
        return QStringLiteral("no_answer");
    case Access::RequirementCheck::Unknown::Refused:
        return QStringLiteral("refused");
    case Access::RequirementCheck::Unknown::GroupsUnknown:
        return QStringLiteral("groups_unknown");
    case Access::RequirementCheck::Unknown::DenyUnread:
        return QStringLiteral("deny_assignments_unread");
    case Access::RequirementCheck::Unknown::Incomplete:
        return QStringLiteral("incomplete");
    }
    return {};
}

QJsonObject requirementJson(const Access::RequirementCheck &r, const Access::PrincipalContext &principal,
                            const QList<Access::RoleSuggestion> &suggestions)
{
    const auto &e = r.explanation;
    QJsonObject o { { QStringLiteral("scope"), r.scope },
                    { QStringLiteral("action"), r.action },
                    { QStringLiteral("state"), stateKey(r.state) },
                    // Where the verdict comes from: the service's permissions answer for the scope,
                    // or (at a subscription) the role assignments evaluated here.
                    { QStringLiteral("source"),
                      r.state == State::Unknown ? QJsonValue()
                          : e.fromPermissions   ? QJsonValue(QStringLiteral("permissions"))
                                                : QJsonValue(QStringLiteral("roleAssignments")) },
                    { QStringLiteral("message"), Text::requirementText(r, principal) } };
    if (!r.targetRole.isEmpty())
        o.insert(QStringLiteral("targetRole"), r.targetRole);
    if (r.state == State::Allowed && !e.grants.isEmpty()) {
        const auto &g = e.grants.first();
        QJsonObject grant { { QStringLiteral("pattern"), g.pattern } };
        if (!g.roleName.isEmpty()) {
            grant.insert(QStringLiteral("role"), g.roleName);
            grant.insert(QStringLiteral("roleDefinitionId"), g.roleDefinitionId);
            grant.insert(QStringLiteral("assignmentScope"), g.assignmentScope);
            grant.insert(QStringLiteral("principalId"), g.principalId);
        }
        o.insert(QStringLiteral("grantedBy"), grant);
    }
    if (r.state == State::Denied && e.blockedBy)
        o.insert(QStringLiteral("deniedBy"),
                 QJsonObject { { QStringLiteral("denyAssignment"), e.blockedBy->denyAssignmentName },
                               { QStringLiteral("id"), e.blockedBy->denyAssignmentId },
                               { QStringLiteral("scope"), e.blockedBy->scope },
                               { QStringLiteral("pattern"), e.blockedBy->pattern } });
    if (r.state == State::Denied) {
        for (const Access::RoleSuggestion &s : suggestions) {
            if (s.action == r.action && s.scope == r.scope)
                o.insert(QStringLiteral("rolesThatGrant"), QJsonArray::fromStringList(s.roles));
        }
    }
    if (r.state == State::Unknown) {
        o.insert(QStringLiteral("unknownReason"), unknownKey(r.unknown));
        if (r.refusal)
            o.insert(QStringLiteral("error"),
                     QJsonObject { { QStringLiteral("code"), r.refusal->code },
                                   { QStringLiteral("httpStatus"), r.refusal->httpStatus },
                                   { QStringLiteral("correlationId"), r.refusal->correlationId } });
    }
    return o;
}

QJsonObject operationJson(const Access::OperationCheck &c, const Access::PrincipalContext &principal,
                          const QList<Access::RoleSuggestion> &suggestions)
{
    QJsonArray needs;
    for (const Access::RequirementCheck &r : c.requirements)
        needs.append(requirementJson(r, principal, suggestions));
    QJsonArray missing;
    for (const Access::RequirementCheck &r : c.missing())
        missing.append(r.action);
    return QJsonObject { { QStringLiteral("operation"), c.key },
                         { QStringLiteral("name"), Text::operationName(c.operation) },
                         { QStringLiteral("scope"), c.scope },
                         { QStringLiteral("verdict"), stateKey(c.state) },
                         { QStringLiteral("missing"), missing },
                         { QStringLiteral("message"), Text::operationVerdict(c, principal) },
                         { QStringLiteral("requirements"), needs } };
}

void printOperation(QTextStream &out, const Access::OperationCheck &c,
                    const Access::PrincipalContext &principal,
                    const QList<Access::RoleSuggestion> &suggestions, bool detailed)
{
    out << Text::operationVerdict(c, principal) << '\n';
    if (!detailed)
        return;
    for (const Access::RequirementCheck &r : c.requirements)
        out << "  " << stateKey(r.state).leftJustified(8) << ' ' << Text::requirementText(r, principal)
            << '\n';
    if (c.state == State::Denied)
        out << '\n' << Text::whyNotText(c, suggestions) << '\n';
}

// The verdict of a check that could not be made, for the audit record: a refusal (403) is a "no".
QString failedVerdict(const Error &e)
{
    return apiExitCode(e) == PermissionDenied ? QStringLiteral("denied") : QStringLiteral("failed");
}

int checkOne(Context &ctx, const GlobalOptions &options, const ApiAccess &api, Access::AccessService &service,
             const Access::BackupOperation &operation, const QString &scope)
{
    QObject owner;
    const auto verdict
        = waitFor<Access::AccessCheck>([&](auto done) { service.check(operation, scope, {}, &owner, done); });
    if (!verdict) {
        recordPermissionCheck(ctx, options, api.identity(), scope, operation.key,
                              failedVerdict(verdict.error()),
                              { { QStringLiteral("error"), verdict.error().code } });
        ctx.err << "restoredesk-cli access check: " << Text::describe(verdict.error()) << '\n';
        return accessExitCode(verdict.error());
    }
    const Access::AccessCheck &c = verdict.value();
    {
        QStringList missing;
        for (const Access::RequirementCheck &r : c.check.missing())
            missing << r.action;
        recordPermissionCheck(ctx, options, api.identity(), scope, operation.key,
                              c.denied()           ? QStringLiteral("denied")
                                  : c.cannotTell() ? QStringLiteral("unknown")
                                                   : QStringLiteral("allowed"),
                              missing.isEmpty() ? QJsonObject()
                                                : QJsonObject { { QStringLiteral("missing"),
                                                                  QJsonArray::fromStringList(missing) } });
    }
    const Access::PrincipalContext &principal = service.caller().principal;
    if (ctx.output == OutputFormat::Json)
        ctx.out << QJsonDocument(operationJson(c.check, principal, c.suggestions))
                       .toJson(QJsonDocument::Indented);
    else
        printOperation(ctx.out, c.check, principal, c.suggestions, true);
    if (c.denied()) {
        QStringList actions;
        for (const Access::RequirementCheck &r : c.check.missing())
            actions << r.action;
        ctx.err << "restoredesk-cli access check: " << operation.key << " denied at " << scope << ": missing "
                << actions.join(QStringLiteral(", ")) << '\n';
        return PermissionDenied;
    }
    if (c.cannotTell()) {
        ctx.err << "restoredesk-cli access check: " << operation.key << " at " << scope
                << ": cannot tell (see the requirements); the service decides when it is tried\n";
        return Failure;
    }
    return Ok;
}

int checkAll(Context &ctx, const GlobalOptions &options, const ApiAccess &api, Access::AccessService &service,
             const QString &scope)
{
    QObject owner;
    const auto answer = waitFor<Access::AccessAnswer>([&](auto done) { service.here(scope, &owner, done); });
    if (!answer) {
        recordPermissionCheck(ctx, options, api.identity(), scope, QStringLiteral("*"),
                              failedVerdict(answer.error()),
                              { { QStringLiteral("error"), answer.error().code } });
        ctx.err << "restoredesk-cli access check: " << Text::describe(answer.error()) << '\n';
        return accessExitCode(answer.error());
    }
    const Access::EffectiveAccess &access = answer->access;
    const Access::PrincipalContext &principal = service.caller().principal;
    const QList<Access::OperationCheck> checks = access.checkAll(answer->scope);
    {
        // One record for the whole answer: each operation's verdict.
        QJsonObject verdicts;
        for (const Access::OperationCheck &c : checks)
            verdicts.insert(c.key, stateKey(c.state));
        recordPermissionCheck(ctx, options, api.identity(), answer->scope, QStringLiteral("*"),
                              QStringLiteral("listed"), { { QStringLiteral("operations"), verdicts } });
    }
    const QList<Access::AppliedAssignment> assignments = access.assignmentsAt(answer->scope);
    // Exit 6 is "the permission pre-check said no" (the README's exit codes). Without --operation that is
    // when it allows nothing here: no operation allowed, at least one denied (the others cannot be told, say
    // where role assignments may not be read). Otherwise 0: the list tells the rest.
    bool anyAllowed = false;
    bool anyDenied = false;
    for (const Access::OperationCheck &c : checks) {
        anyAllowed = anyAllowed || c.allowed();
        anyDenied = anyDenied || c.state == Access::RequirementCheck::State::Denied;
    }
    const bool allDenied = !anyAllowed && anyDenied;
    const int exitCode = allDenied ? PermissionDenied : Ok;
    if (ctx.output == OutputFormat::Json) {
        QJsonArray ops;
        for (const Access::OperationCheck &c : checks)
            ops.append(operationJson(c, principal, access.whyNot(c)));
        QJsonArray roles;
        for (const Access::AppliedAssignment &a : assignments)
            roles.append(QJsonObject { { QStringLiteral("id"), a.assignment.id },
                                       { QStringLiteral("name"), a.assignment.name },
                                       { QStringLiteral("role"), a.roleName },
                                       { QStringLiteral("roleDefinitionId"), a.assignment.roleDefinitionId },
                                       { QStringLiteral("scope"), a.assignment.scope },
                                       { QStringLiteral("principalId"), a.assignment.principalId },
                                       { QStringLiteral("via"), Text::assignmentRouteText(a) } });
        QJsonObject o { { QStringLiteral("scope"), answer->scope },
                        { QStringLiteral("operations"), ops },
                        { QStringLiteral("assignments"), roles } };
        if (answer->assignmentsError)
            o.insert(QStringLiteral("assignmentsError"), Text::describe(*answer->assignmentsError));
        ctx.out << QJsonDocument(o).toJson(QJsonDocument::Indented);
        return exitCode;
    }
    ctx.out << "What can I do at " << answer->scope << "?\n\n";
    for (const Access::OperationCheck &c : checks)
        ctx.out << "  " << stateKey(c.state).leftJustified(8) << ' ' << Text::operationVerdict(c, principal)
                << '\n';
    ctx.out << "\nRole assignments that apply here:\n";
    if (answer->assignmentsError)
        ctx.out << "  (" << Text::headline(*answer->assignmentsError) << ")\n";
    else if (assignments.isEmpty())
        ctx.out << "  none\n";
    for (const Access::AppliedAssignment &a : assignments)
        ctx.out << "  " << (a.roleName.isEmpty() ? a.assignment.roleDefinitionId : a.roleName) << " at "
                << a.assignment.scope << ", " << Text::assignmentRouteText(a) << '\n';
    ctx.out << "\nFor one operation's reasons: access check --scope ID --operation KEY ("
            << Access::BackupOperation::keys().join(QStringLiteral(", ")) << ")\n";
    if (allDenied)
        ctx.err << "restoredesk-cli access check: nothing is allowed at " << answer->scope << '\n';
    return exitCode;
}

} // namespace

QList<QCommandLineOption> accessOptions()
{
    auto value = [](const char *name) {
        return QCommandLineOption(QLatin1String(name), QString(), QStringLiteral("value"));
    };
    return { value("scope"), value("operation"), value("name") };
}

int runAccessCommand(Context &ctx, const GlobalOptions &options)
{
    if (ctx.args != QStringList { QStringLiteral("check") } || !ctx.parser) {
        ctx.err << "usage: restoredesk-cli access check --scope ID [--operation OP]\n";
        return Usage;
    }
    const QCommandLineParser &p = *ctx.parser;
    const QString scope = p.value(QStringLiteral("scope"));
    if (scope.isEmpty()) {
        ctx.err << "access check: --scope ID is required (a subscription, resource group or resource id)\n";
        return Usage;
    }
    if (const auto form = Access::AccessService::hasPermissionsForm(scope); !form) {
        ctx.err << "access check: " << Text::describe(form.error()) << '\n';
        return Usage;
    }
    std::optional<Access::BackupOperation> operation;
    if (p.isSet(QStringLiteral("operation"))) {
        auto found = Access::BackupOperation::find(p.value(QStringLiteral("operation")));
        if (!found) {
            ctx.err << "access check: " << Text::describe(found.error()) << '\n';
            return Usage;
        }
        operation = found.value();
    }
    auto api = ApiAccess::open(options);
    if (!api) {
        ctx.err << "restoredesk-cli access check: " << Text::describe(api.error()) << '\n';
        return authExitCode(api.error());
    }
    Access::AccessService service(&api.value()->arm());
    service.setCaller(api.value()->caller());
    return operation ? checkOne(ctx, options, *api.value(), service, *operation, scope)
                     : checkAll(ctx, options, *api.value(), service, scope);
}

int accessExitCode(const Error &e)
{
    namespace C = Access::Codes;
    static const QLatin1String input[]
        = { C::InvalidScope,         C::NoPermissionsForm,     C::InvalidIdentityId,
            C::UnknownOperation,     C::InvalidCredentialName, C::CredentialIssuerNotHttps,
            C::CredentialIncomplete, C::CredentialDuplicate,   C::CredentialLimitReached };
    if (e.httpStatus == 0 && std::find(std::begin(input), std::end(input), e.code) != std::end(input))
        return Usage;
    return apiExitCode(e);
}

} // namespace RestoreDesk::Cli
