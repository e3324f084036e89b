#include "access/accessservice.h"

#include "access/accesscodes.h"
#include "access/armscope.h"
#include "backup/armid.h"
#include "backup/backupservice.h"
#include "core/jsonutil.h"

#include <QJsonArray>
#include <QLoggingCategory>

Q_LOGGING_CATEGORY(lcAccess, "restoredesk.access", QtInfoMsg)

namespace RestoreDesk::Access {

namespace {

const QString kProviders = QStringLiteral("/providers/Microsoft.Authorization/");

// The scope as given, without surrounding blanks or a trailing slash (its casing kept: it goes
// into request paths).
QString trimmedScope(const QString &scope)
{
    QString s = scope.trimmed();
    while (s.size() > 1 && s.endsWith(QLatin1Char('/')))
        s.chop(1);
    return s;
}

// A refusal the verdict can carry ("cannot tell here") rather than a failure of the whole check:
// the service would not say (403) or does not know the scope (404).
bool answersForScope(const Error &e)
{
    return e.httpStatus == 403 || e.httpStatus == 404 || Backup::BackupService::isNoAccess(e);
}

} // namespace

Caller Caller::fromClaims(const QJsonObject &claims, const ClaimPaths &paths, bool issuerMapsRoles)
{
    Caller c;
    c.principal = PrincipalContext::fromClaims(claims, paths);
    // Entra writes `hasgroups` as a boolean; some issuers and proxies as the string "true".
    const QJsonValue hasGroups = claims.value(QStringLiteral("hasgroups"));
    const bool overage = (hasGroups.isBool() && hasGroups.toBool())
        || hasGroups.toString().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0
        || claims.value(QStringLiteral("_claim_names")).toObject().contains(QStringLiteral("groups"));
    c.assignmentsTellAll = !issuerMapsRoles && !overage;
    // A missing group claim is not "member of no groups": the app may simply not be configured
    // to emit it.
    c.groupsKnown = false;
    for (const QString &path : paths.groups)
        c.groupsKnown = c.groupsKnown || !Json::valueAtPath(claims, path).isUndefined();
    return c;
}

AccessService::AccessService(Arm::ArmClient *arm, Backup::ApiVersions versions, QObject *parent)
    : QObject(parent)
    , m_arm(arm)
    , m_versions(std::move(versions))
{ }

Result<bool> AccessService::hasPermissionsForm(const QString &scope)
{
    const QString s = trimmedScope(scope);
    const Backup::ArmId id = Backup::ArmId::parse(s);
    if (!s.startsWith(QLatin1Char('/')) || !id.isValid() || id.subscription.isEmpty()
        || id.namelessResourceGroup || id.kind == Backup::ArmId::Kind::Operation)
        return Error::make(Error::Kind::Invalid, Codes::InvalidScope, {}, { scope });
    // The service's two permissions templates (resource group, resource) both start at a resource group.
    return !id.resourceGroup.isEmpty();
}

Result<QString> AccessService::permissionsPath(const QString &scope)
{
    const auto form = hasPermissionsForm(scope);
    if (!form)
        return form.error();
    if (!form.value())
        return Error::make(Error::Kind::Invalid, Codes::NoPermissionsForm, {}, { trimmedScope(scope) });
    return trimmedScope(scope) + kProviders + QStringLiteral("permissions");
}

QString AccessService::roleAssignmentsPath(const QString &scope)
{
    return trimmedScope(scope) + kProviders + QStringLiteral("roleAssignments?$filter=atScope()");
}

QString AccessService::denyAssignmentsPath(const QString &scope)
{
    return trimmedScope(scope) + kProviders + QStringLiteral("denyAssignments?$filter=atScope()");
}

QString AccessService::roleDefinitionsPath(const QString &scope)
{
    const QString s = trimmedScope(scope);
    return (s == QLatin1String("/") ? QString() : s) + kProviders + QStringLiteral("roleDefinitions");
}

Backup::ListJob<RoleAssignment> *AccessService::roleAssignments(const QString &scope, QObject *owner,
                                                                Done<QList<RoleAssignment>> done)
{
    return Backup::ListJob<RoleAssignment>::start(m_arm, roleAssignmentsPath(scope), m_versions.authorization,
                                                  owner, {}, std::move(done));
}

Backup::ListJob<DenyAssignment> *AccessService::denyAssignments(const QString &scope, QObject *owner,
                                                                Done<QList<DenyAssignment>> done)
{
    return Backup::ListJob<DenyAssignment>::start(m_arm, denyAssignmentsPath(scope), m_versions.authorization,
                                                  owner, {}, std::move(done));
}

Backup::ListJob<RoleDefinition> *AccessService::roleDefinitions(const QString &scope, QObject *owner,
                                                                Done<QList<RoleDefinition>> done)
{
    return Backup::ListJob<RoleDefinition>::start(m_arm, roleDefinitionsPath(scope), m_versions.authorization,
                                                  owner, {}, std::move(done));
}

AccessJob *AccessService::check(const BackupOperation &operation, const QString &scope,
                                const RestoreTarget &target, QObject *owner, Done<AccessCheck> done)
{
    // Every scope the operation's needs fall on: the examined one, its subscription (activity
    // log), the restore target's. One call per distinct scope.
    QStringList needed;
    for (const ActionRequirement &need : operation.requirements) {
        const QString sub = subscriptionScopeOf(scope);
        needed << (need.on == ActionRequirement::On::Subscription && !sub.isEmpty() ? sub : scope);
    }
    if (operation.needsRestoreTarget) {
        const QList<ScopedAction> extra = target.requirements();
        for (const ScopedAction &need : extra)
            needed << need.scope;
    }
    AccessJob::Plan plan;
    plan.scope = trimmedScope(scope);
    std::optional<Error> invalid;
    QSet<QString> seen;
    for (const QString &s : std::as_const(needed)) {
        if (seen.contains(normalizeScope(s)))
            continue;
        seen.insert(normalizeScope(s));
        const auto form = hasPermissionsForm(s);
        if (!form) {
            invalid = invalid.value_or(form.error());
        } else if (form.value()) {
            plan.permissionScopes << trimmedScope(s);
            if (m_caller.isKnown())
                plan.denyScopes << trimmedScope(s);
        } else if (m_caller.isKnown()) {
            plan.denyScopes << trimmedScope(s);
            plan.assignmentScopes << trimmedScope(s);
            plan.evaluatedScopes << trimmedScope(s);
            if (plan.definitionScope.isEmpty())
                plan.definitionScope = subscriptionScopeOf(s);
        }
    }
    if (const auto examined = hasPermissionsForm(scope); !examined)
        invalid = examined.error();
    const BackupOperation op = operation;
    const RestoreTarget restoreTarget = target;
    auto *job = new AccessJob(this, plan, owner,
                              [done = std::move(done), op, restoreTarget](Result<AccessAnswer> r) {
                                  if (!done)
                                      return;
                                  if (!r)
                                      return done(r.error());
                                  AccessCheck c;
                                  c.check = r->access.check(op, r->scope, restoreTarget);
                                  c.suggestions = r->access.whyNot(c.check);
                                  done(c);
                              });
    if (invalid)
        job->failLater(*invalid);
    else
        job->start();
    return job;
}

AccessJob *AccessService::here(const QString &scope, QObject *owner, Done<AccessAnswer> done)
{
    AccessJob::Plan plan;
    plan.scope = trimmedScope(scope);
    const auto form = hasPermissionsForm(scope);
    if (form && form.value())
        plan.permissionScopes << plan.scope;
    if (form && m_caller.isKnown()) {
        // Listed at the examined scope, they are also every assignment at its subscription and
        // above: that listing decides the subscription's needs (the activity log).
        plan.assignmentScopes << plan.scope;
        plan.listAssignmentsForView = true;
        plan.evaluatedScopes << (form.value() ? subscriptionScopeOf(plan.scope) : plan.scope);
        plan.definitionScope = subscriptionScopeOf(plan.scope);
        // Listed at the examined scope, they are those at its subscription too.
        plan.denyScopes << plan.scope;
    }
    auto *job = new AccessJob(this, plan, owner, std::move(done));
    if (!form)
        job->failLater(form.error());
    else
        job->start();
    return job;
}

// --- AccessJob ---

AccessJob::AccessJob(AccessService *service, Plan plan, QObject *owner, Done done)
    : RestoreDesk::Job<AccessAnswer>(owner, std::move(done))
    , m_service(service)
    , m_plan(std::move(plan))
    , m_caller(service->caller())
{ }

AccessJob::~AccessJob()
{
    // The listings report to this job: end them while it is whole.
    report(cancelledError());
    qDeleteAll(findChildren<JobBase *>(Qt::FindDirectChildrenOnly));
}

void AccessJob::cancel()
{
    report(cancelledError());
    for (JobBase *j : findChildren<JobBase *>(Qt::FindDirectChildrenOnly))
        j->cancel();
}

void AccessJob::fail(const Error &error)
{
    report(error);
    for (JobBase *j : findChildren<JobBase *>(Qt::FindDirectChildrenOnly))
        j->cancel();
}

void AccessJob::failLater(const Error &error)
{
    // From the event loop: the caller has its job pointer before it hears of the failure.
    QMetaObject::invokeMethod(
        this,
        [this, error] {
            if (!isFinished())
                report(error);
        },
        Qt::QueuedConnection);
}

void AccessJob::start()
{
    m_answers.evaluatedScopes = m_plan.evaluatedScopes;
    m_pending
        = int(m_plan.permissionScopes.size() + m_plan.assignmentScopes.size() + m_plan.denyScopes.size())
        + (m_plan.definitionScope.isEmpty() ? 0 : 1);
    if (m_pending == 0) {
        ++m_pending;
        QMetaObject::invokeMethod(
            this, [this] { finishOne(); }, Qt::QueuedConnection);
        return;
    }
    for (const QString &s : std::as_const(m_plan.permissionScopes))
        requestPermissions(s);
    for (const QString &s : std::as_const(m_plan.assignmentScopes))
        requestAssignments(s);
    for (const QString &s : std::as_const(m_plan.denyScopes))
        requestDenyAssignments(s);
    if (!m_plan.definitionScope.isEmpty())
        requestDefinitions(m_plan.definitionScope);
}

void AccessJob::requestDenyAssignments(const QString &scope)
{
    ++m_requests;
    m_service->denyAssignments(scope, this, [this, scope](Result<QList<DenyAssignment>> r) {
        if (isFinished())
            return;
        if (!r) {
            if (!answersForScope(r.error()))
                return fail(r.error());
            // A yes at this scope or above it could still be blocked: "cannot tell" there.
            qCInfo(lcAccess) << "no deny assignments for" << scope << r.error().toString();
            m_answers.denyRefused.insert(scope, r.error());
            if (m_plan.scope.compare(scope, Qt::CaseInsensitive) == 0)
                m_answers.denyRefused.insert(subscriptionScopeOf(scope), r.error());
            return finishOne();
        }
        for (DenyAssignment d : r.value()) {
            bool known = false;
            for (const DenyAssignment &k : std::as_const(m_denyAssignments))
                known = known || (!d.id.isEmpty() && k.id.compare(d.id, Qt::CaseInsensitive) == 0);
            if (known)
                continue;
            d.listedAtScope = scope;
            m_denyAssignments << d;
        }
        finishOne();
    });
}

void AccessJob::requestPermissions(const QString &scope)
{
    const auto path = AccessService::permissionsPath(scope);
    ++m_requests;
    m_service->arm()->list(
        path.value(), m_service->versions().authorization, this, {}, [this, scope](Result<QJsonArray> r) {
            if (isFinished())
                return;
            if (!r) {
                if (!answersForScope(r.error()))
                    return fail(r.error());
                qCInfo(lcAccess) << "no permissions answer for" << scope << r.error().toString();
                m_answers.refused.insert(scope, r.error());
                return finishOne();
            }
            auto sets = Permission::listFromArm(QJsonObject { { QStringLiteral("value"), r.value() } });
            if (!sets)
                return fail(sets.error());
            m_answers.permissions.insert(scope, sets.value());
            finishOne();
        });
}

void AccessJob::requestAssignments(const QString &scope)
{
    ++m_requests;
    m_service->roleAssignments(scope, this, [this, scope](Result<QList<RoleAssignment>> r) {
        if (isFinished())
            return;
        if (!r) {
            if (!answersForScope(r.error()))
                return fail(r.error());
            // Without them the scopes this listing was to decide (it and those above it) cannot
            // be told.
            for (const QString &e : std::as_const(m_plan.evaluatedScopes)) {
                if (!scopeContains(e, scope))
                    continue;
                m_answers.refused.insert(e, r.error());
                m_answers.evaluatedScopes.removeAll(e);
            }
            if (m_plan.listAssignmentsForView)
                m_assignmentsError = r.error();
            return finishOne();
        }
        // The listing vouches for each being at or above `scope`, whatever its id looks like.
        for (RoleAssignment a : r.value()) {
            a.listedAtScope = scope;
            m_assignments << a;
        }
        finishOne();
    });
}

void AccessJob::requestDefinitions(const QString &scope)
{
    ++m_requests;
    m_service->roleDefinitions(scope, this, [this](Result<QList<RoleDefinition>> r) {
        if (isFinished())
            return;
        if (!r) {
            if (!answersForScope(r.error()))
                return fail(r.error());
            return finishOne(); // the built-in roles stand in
        }
        m_definitions = r.value();
        m_definitionsRead = true;
        finishOne();
    });
}

void AccessJob::finishOne()
{
    if (--m_pending > 0 || isFinished())
        return;
    // The definitions read, then every built-in one they lack (a role known here is known there).
    PermissionEvaluator builtIn(RoleDefinition::builtInBackupRoles(), {});
    QList<RoleDefinition> definitions = m_definitions;
    const PermissionEvaluator read(m_definitions, {});
    for (const RoleDefinition &d : builtIn.definitions()) {
        if (!read.definition(d.id))
            definitions << d;
    }
    PermissionEvaluator evaluator(definitions, m_assignments + m_caller.mappedAssignments, m_denyAssignments);
    // An applicable assignment of a role this evaluation cannot read could grant anything.
    bool tellAll = m_caller.assignmentsTellAll;
    for (const QString &scope : std::as_const(m_answers.evaluatedScopes)) {
        const QList<RoleAssignment> mine = evaluator.assignmentsFor(m_caller.principal.principalIds(), scope);
        for (const RoleAssignment &a : mine)
            tellAll = tellAll && evaluator.definition(a.roleDefinitionId) != nullptr;
    }
    // Without the caller's groups, an assignment to a group that applies there may be the caller's.
    bool groupDependent = false;
    if (!m_caller.groupsKnown) {
        for (const QString &scope : std::as_const(m_answers.evaluatedScopes)) {
            for (const RoleAssignment &a : std::as_const(m_assignments)) {
                const bool group = a.principalType.compare(QLatin1String("Group"), Qt::CaseInsensitive) == 0
                    || a.principalType.compare(QLatin1String("ForeignGroup"), Qt::CaseInsensitive) == 0;
                groupDependent = groupDependent || (group && inheritedAt(a.scope, a.listedAtScope, scope));
            }
        }
    }
    m_answers.assignmentsTellAll = tellAll && !groupDependent;
    m_answers.groupsUnknown = groupDependent;
    AccessAnswer answer { m_plan.scope,
                          EffectiveAccess::fromAnswers(m_answers, evaluator, m_caller.principal),
                          m_assignmentsError };
    report(answer);
}

} // namespace RestoreDesk::Access
