// Authorization (role definitions, assignments, permissions), federated identity credentials and
// the activity log.
#include "access/armscope.h"
#include "core/jsonutil.h"
#include "sandbox/armbuilders.h"
#include "sandbox/backupapi.h"
#include "sandbox/odatafilter.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace RestoreDesk::Sandbox {

namespace {

const QString kRoleDefinitionsRead = QStringLiteral("Microsoft.Authorization/roleDefinitions/read");
const QString kRoleAssignmentsRead = QStringLiteral("Microsoft.Authorization/roleAssignments/read");
const QString kDenyAssignmentsRead = QStringLiteral("Microsoft.Authorization/denyAssignments/read");
const QString kFicRead
    = QStringLiteral("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/read");
const QString kFicWrite
    = QStringLiteral("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/write");
const QString kFicDelete
    = QStringLiteral("Microsoft.ManagedIdentity/userAssignedIdentities/federatedIdentityCredentials/delete");
const QString kActivityRead = QStringLiteral("Microsoft.Insights/eventtypes/values/read");

QString scopeOf(const QString &path, const char *marker)
{
    const int at = int(path.indexOf(QLatin1String(marker), 0, Qt::CaseInsensitive));
    return at <= 0 ? QStringLiteral("/") : path.left(at);
}

} // namespace

HttpResponse BackupApi::listRoleDefinitions(Call &call)
{
    const QString scope = scopeOf(call.request.path, "/providers/Microsoft.Authorization/roleDefinitions");
    if (scope != QLatin1String("/") && !check(call.principal, scope, kRoleDefinitionsRead).allowed)
        return denied(call.principal, scope, kRoleDefinitionsRead);
    auto filter = parseFilter(call.queryValue(QStringLiteral("$filter")));
    if (!filter)
        return HttpResponse::armError(400, filter.error().code, filter.error().detail);
    QList<QJsonObject> out;
    for (Access::RoleDefinition d : m_evaluator.definitions()) {
        bool keep = true;
        for (const FilterClause &c : filter.value()) {
            if (c.name.compare(QLatin1String("roleName"), Qt::CaseInsensitive) == 0)
                keep = keep && d.roleName.compare(c.value, Qt::CaseInsensitive) == 0;
            else if (c.name.compare(QLatin1String("type"), Qt::CaseInsensitive) == 0)
                keep = keep && d.roleType.compare(c.value, Qt::CaseInsensitive) == 0;
        }
        if (!keep)
            continue;
        if (scope != QLatin1String("/"))
            d.id = scope + d.id;
        out << d.toArm();
    }
    return page(call, out);
}

HttpResponse BackupApi::getRoleDefinition(Call &call)
{
    const QString guid = call.params.value(QStringLiteral("roleDefinitionId"));
    const QString scope = scopeOf(call.request.path, "/providers/Microsoft.Authorization/roleDefinitions");
    const Access::RoleDefinition *d = m_evaluator.definition(guid);
    if (!d)
        return HttpResponse::armError(404, QStringLiteral("RoleDefinitionDoesNotExist"),
                                      QStringLiteral("The role definition '%1' does not exist.").arg(guid));
    Access::RoleDefinition copy = *d;
    if (scope != QLatin1String("/"))
        copy.id = scope + copy.id;
    return HttpResponse::json(200, copy.toArm());
}

HttpResponse BackupApi::listRoleAssignments(Call &call)
{
    const QString scope = scopeOf(call.request.path, "/providers/Microsoft.Authorization/roleAssignments");
    if (!check(call.principal, scope, kRoleAssignmentsRead).allowed)
        return denied(call.principal, scope, kRoleAssignmentsRead);
    auto filter = parseFilter(call.queryValue(QStringLiteral("$filter")));
    if (!filter)
        return HttpResponse::armError(400, filter.error().code, filter.error().detail);
    bool atScopeOnly = false;
    QString principal;
    for (const FilterClause &c : filter.value()) {
        if (c.name.compare(QLatin1String("atScope"), Qt::CaseInsensitive) == 0)
            atScopeOnly = true;
        else if (c.name.compare(QLatin1String("principalId"), Qt::CaseInsensitive) == 0
                 || c.name.compare(QLatin1String("assignedTo"), Qt::CaseInsensitive) == 0)
            principal = c.value;
    }
    QList<QJsonObject> out;
    for (const Access::RoleAssignment &a : m_evaluator.assignments()) {
        const bool above = Access::scopeContains(a.scope, scope);
        const bool below = Access::scopeContains(scope, a.scope);
        if (!(above || (below && !atScopeOnly)))
            continue;
        if (!principal.isEmpty() && a.principalId.compare(principal, Qt::CaseInsensitive) != 0)
            continue;
        out << a.toArm();
    }
    return page(call, out);
}

HttpResponse BackupApi::listDenyAssignments(Call &call)
{
    const QString scope = scopeOf(call.request.path, "/providers/Microsoft.Authorization/denyAssignments");
    if (!check(call.principal, scope, kDenyAssignmentsRead).allowed)
        return denied(call.principal, scope, kDenyAssignmentsRead);
    auto filter = parseFilter(call.queryValue(QStringLiteral("$filter")));
    if (!filter)
        return HttpResponse::armError(400, filter.error().code, filter.error().detail);
    bool atScopeOnly = false;
    for (const FilterClause &c : filter.value()) {
        if (c.name.compare(QLatin1String("atScope"), Qt::CaseInsensitive) == 0)
            atScopeOnly = true;
    }
    QList<QJsonObject> out;
    for (const Access::DenyAssignment &d : m_evaluator.denyAssignments()) {
        const bool above = Access::scopeContains(d.scope, scope);
        const bool below = Access::scopeContains(scope, d.scope);
        if (above || (below && !atScopeOnly))
            out << d.toArm();
    }
    return page(call, out);
}

// Like Azure's, the permissions answer lists the roles' permission sets only: deny assignments
// are not in it (a client reads them itself).
HttpResponse BackupApi::permissionsForResourceGroup(Call &call)
{
    const QString scope = scopeOf(call.request.path, "/providers/Microsoft.Authorization/permissions");
    QList<QJsonObject> out;
    for (const Access::Permission &p : m_evaluator.effectivePermissions(call.principal.principalIds(), scope))
        out << QJsonObject { { QStringLiteral("actions"), QJsonArray::fromStringList(p.actions) },
                             { QStringLiteral("notActions"), QJsonArray::fromStringList(p.notActions) },
                             { QStringLiteral("dataActions"), QJsonArray::fromStringList(p.dataActions) },
                             { QStringLiteral("notDataActions"),
                               QJsonArray::fromStringList(p.notDataActions) } };
    if (!call.principal.mappedRoles.isEmpty() && Access::scopeContains(call.principal.mappedScope, scope)) {
        for (const Access::RoleDefinition &r : m_evaluator.definitions()) {
            if (!call.principal.mappedRoles.contains(r.roleName))
                continue;
            for (const Access::Permission &p : r.permissions)
                out << QJsonObject {
                    { QStringLiteral("actions"), QJsonArray::fromStringList(p.actions) },
                    { QStringLiteral("notActions"), QJsonArray::fromStringList(p.notActions) },
                    { QStringLiteral("dataActions"), QJsonArray::fromStringList(p.dataActions) },
                    { QStringLiteral("notDataActions"), QJsonArray::fromStringList(p.notDataActions) }
                };
        }
    }
    return page(call, out);
}

HttpResponse BackupApi::permissionsForResource(Call &call)
{
    // Resource form (parentResourcePath empty): actions and notActions, as the published example.
    HttpResponse full = permissionsForResourceGroup(call);
    auto body = Json::parseObject(full.body, QStringLiteral("permissions"));
    if (!body)
        return full;
    QJsonArray value;
    for (const QJsonValue &v : body->value(QStringLiteral("value")).toArray()) {
        const QJsonObject o = v.toObject();
        value.append(QJsonObject { { QStringLiteral("actions"), o.value(QStringLiteral("actions")) },
                                   { QStringLiteral("notActions"), o.value(QStringLiteral("notActions")) } });
    }
    QJsonObject out = body.value();
    out.insert(QStringLiteral("value"), value);
    HttpResponse resp = HttpResponse::json(200, out);
    return resp;
}

namespace {

SandboxIdentity *findIdentity(Tenant &tenant, const QHash<QString, QString> &params)
{
    const QString id = QStringLiteral("/subscriptions/%1/resourcegroups/%2/providers/"
                                      "Microsoft.ManagedIdentity/userAssignedIdentities/%3")
                           .arg(params.value(QStringLiteral("subscriptionId")),
                                params.value(QStringLiteral("resourceGroupName")),
                                params.value(QStringLiteral("resourceName")));
    for (SandboxIdentity &i : tenant.identities) {
        if (i.resource.value(QStringLiteral("id")).toString().compare(id, Qt::CaseInsensitive) == 0)
            return &i;
    }
    return nullptr;
}

HttpResponse identityNotFound(const QHash<QString, QString> &params)
{
    return HttpResponse::armError(404, QStringLiteral("ResourceNotFound"),
                                  QStringLiteral("The user-assigned identity '%1' was not found.")
                                      .arg(params.value(QStringLiteral("resourceName"))));
}

} // namespace

SandboxIdentity *BackupApi::authorizedIdentity(Call &call, const QString &action, HttpResponse *error)
{
    SandboxIdentity *identity = findIdentity(m_tenant, call.params);
    if (!identity) {
        *error = identityNotFound(call.params);
        return nullptr;
    }
    const QString id = identity->resource.value(QStringLiteral("id")).toString();
    if (!check(call.principal, id, action).allowed) {
        *error = denied(call.principal, id, action);
        return nullptr;
    }
    return identity;
}

HttpResponse BackupApi::listFederatedCredentials(Call &call)
{
    HttpResponse error;
    SandboxIdentity *identity = authorizedIdentity(call, kFicRead, &error);
    if (!identity)
        return error;
    return page(call, identity->federatedCredentials);
}

HttpResponse BackupApi::getFederatedCredential(Call &call)
{
    HttpResponse error;
    SandboxIdentity *identity = authorizedIdentity(call, kFicRead, &error);
    if (!identity)
        return error;
    const QString name = call.params.value(QStringLiteral("ficName"));
    for (const QJsonObject &f : std::as_const(identity->federatedCredentials)) {
        if (f.value(QStringLiteral("name")).toString().compare(name, Qt::CaseInsensitive) == 0)
            return HttpResponse::json(200, f);
    }
    return HttpResponse::armError(
        404, QStringLiteral("ResourceNotFound"),
        QStringLiteral("Federated identity credential '%1' was not found.").arg(name));
}

HttpResponse BackupApi::putFederatedCredential(Call &call)
{
    HttpResponse error;
    SandboxIdentity *identity = authorizedIdentity(call, kFicWrite, &error);
    if (!identity)
        return error;
    const QString identityId = identity->resource.value(QStringLiteral("id")).toString();
    const QString name = call.params.value(QStringLiteral("ficName"));
    static const QRegularExpression namePattern(QStringLiteral("^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$"));
    if (!namePattern.match(name).hasMatch())
        return HttpResponse::armError(
            400, QStringLiteral("InvalidResourceName"),
            QStringLiteral("The credential name must match ^[a-zA-Z0-9][a-zA-Z0-9-_]{2,119}$."));
    auto body = Json::parseObject(call.request.body, QStringLiteral("The request body"));
    if (!body)
        return HttpResponse::armError(400, QStringLiteral("InvalidRequestContent"), body.error().detail);
    const QJsonObject props = body->value(QStringLiteral("properties")).toObject();
    const QString issuer = props.value(QStringLiteral("issuer")).toString();
    const QString subject = props.value(QStringLiteral("subject")).toString();
    const QStringList audiences = Json::stringList(props.value(QStringLiteral("audiences")));
    if (!issuer.startsWith(QLatin1String("https://")) || subject.isEmpty() || audiences.size() != 1)
        return HttpResponse::armError(
            400, QStringLiteral("BadRequest"),
            QStringLiteral(
                "issuer must be an https URL, subject non-empty, and audiences hold exactly one value."));
    int existing = -1;
    for (int i = 0; i < identity->federatedCredentials.size(); ++i) {
        const QJsonObject f = identity->federatedCredentials.at(i);
        const QJsonObject fp = f.value(QStringLiteral("properties")).toObject();
        if (f.value(QStringLiteral("name")).toString().compare(name, Qt::CaseInsensitive) == 0)
            existing = i;
        else if (fp.value(QStringLiteral("issuer")).toString() == issuer
                 && fp.value(QStringLiteral("subject")).toString() == subject)
            return HttpResponse::armError(
                409, QStringLiteral("Conflict"),
                QStringLiteral("Another credential (%1) already has this issuer and subject.")
                    .arg(f.value(QStringLiteral("name")).toString()));
    }
    if (existing < 0 && identity->federatedCredentials.size() >= 20)
        return HttpResponse::armError(400, QStringLiteral("BadRequest"),
                                      QStringLiteral("An identity holds at most 20 federated credentials."));
    const QJsonObject fic = Arm::federatedCredential(
        identityId,
        QJsonObject { { QStringLiteral("name"), name },
                      { QStringLiteral("issuer"), issuer },
                      { QStringLiteral("subject"), subject },
                      { QStringLiteral("audiences"), QJsonArray::fromStringList(audiences) } });
    if (existing >= 0)
        identity->federatedCredentials[existing] = fic;
    else
        identity->federatedCredentials << fic;
    recordActivity(call, kFicWrite, fic.value(QStringLiteral("id")).toString(), QStringLiteral("Succeeded"),
                   existing >= 0 ? 200 : 201);
    return HttpResponse::json(existing >= 0 ? 200 : 201, fic);
}

HttpResponse BackupApi::deleteFederatedCredential(Call &call)
{
    HttpResponse error;
    SandboxIdentity *identity = authorizedIdentity(call, kFicDelete, &error);
    if (!identity)
        return error;
    const QString name = call.params.value(QStringLiteral("ficName"));
    for (int i = 0; i < identity->federatedCredentials.size(); ++i) {
        if (identity->federatedCredentials.at(i)
                .value(QStringLiteral("name"))
                .toString()
                .compare(name, Qt::CaseInsensitive)
            == 0) {
            recordActivity(call, kFicDelete,
                           identity->federatedCredentials.at(i).value(QStringLiteral("id")).toString(),
                           QStringLiteral("Succeeded"), 200);
            identity->federatedCredentials.removeAt(i);
            return HttpResponse::empty(200);
        }
    }
    return HttpResponse::empty(204);
}

HttpResponse BackupApi::listActivityLog(Call &call)
{
    const QString scope
        = QStringLiteral("/subscriptions/") + call.params.value(QStringLiteral("subscriptionId"));
    if (!check(call.principal, scope, kActivityRead).allowed)
        return denied(call.principal, scope, kActivityRead);
    auto filter = parseFilter(call.queryValue(QStringLiteral("$filter")));
    if (!filter)
        return HttpResponse::armError(400, filter.error().code, filter.error().detail);
    QDateTime from;
    QDateTime to;
    QString rg;
    QString correlation;
    for (const FilterClause &c : filter.value()) {
        const QString n = c.name.toLower();
        if (n == QLatin1String("eventtimestamp")
            && (c.op == QLatin1String("ge") || c.op == QLatin1String("gt")))
            from = parseFilterTime(c.value);
        else if (n == QLatin1String("eventtimestamp"))
            to = parseFilterTime(c.value);
        else if (n == QLatin1String("resourcegroupname"))
            rg = c.value;
        else if (n == QLatin1String("correlationid"))
            correlation = c.value;
    }
    if (!from.isValid())
        return HttpResponse::armError(
            400, QStringLiteral("BadRequest"),
            QStringLiteral("The $filter must give eventTimestamp ge '<ISO 8601 time>'."));
    QList<QJsonObject> out;
    for (auto it = m_tenant.activityLog.crbegin(); it != m_tenant.activityLog.crend(); ++it) {
        const QJsonObject &e = *it;
        if (e.value(QStringLiteral("subscriptionId"))
                .toString()
                .compare(call.params.value(QStringLiteral("subscriptionId")), Qt::CaseInsensitive)
            != 0)
            continue;
        const QDateTime t
            = QDateTime::fromString(e.value(QStringLiteral("eventTimestamp")).toString(), Qt::ISODateWithMs);
        if (t < from || (to.isValid() && t > to))
            continue;
        if (!rg.isEmpty()
            && e.value(QStringLiteral("resourceGroupName")).toString().compare(rg, Qt::CaseInsensitive) != 0)
            continue;
        if (!correlation.isEmpty() && e.value(QStringLiteral("correlationId")).toString() != correlation)
            continue;
        out << e;
    }
    return page(call, out);
}

} // namespace RestoreDesk::Sandbox
