#include "sandbox/backupapi.h"

#include "access/armscope.h"
#include "sandbox/armbuilders.h"

#include <QJsonArray>
#include <QRegularExpression>

namespace RestoreDesk::Sandbox {

namespace {

const QHash<QString, QStringList> &apiVersions()
{
    static const QHash<QString, QStringList> versions {
        { QStringLiteral("resources"),
          { QStringLiteral("2022-12-01"), QStringLiteral("2022-09-01"), QStringLiteral("2021-04-01"),
            QStringLiteral("2021-01-01"), QStringLiteral("2020-01-01"), QStringLiteral("2016-06-01") } },
        { QStringLiteral("storage"),
          { QStringLiteral("2023-05-01"), QStringLiteral("2023-01-01"), QStringLiteral("2022-09-01") } },
        { QStringLiteral("network"),
          { QStringLiteral("2024-05-01"), QStringLiteral("2023-09-01"), QStringLiteral("2023-04-01") } },
        { QStringLiteral("compute"),
          { QStringLiteral("2024-07-01"), QStringLiteral("2024-03-01"), QStringLiteral("2023-09-01") } },
        { QStringLiteral("vaults"),
          { QStringLiteral("2026-08-01"), QStringLiteral("2026-07-01"), QStringLiteral("2026-05-01"),
            QStringLiteral("2026-02-01"), QStringLiteral("2026-01-01"), QStringLiteral("2025-08-01"),
            QStringLiteral("2025-02-01"), QStringLiteral("2024-10-01"), QStringLiteral("2024-04-01"),
            QStringLiteral("2023-04-01") } },
        { QStringLiteral("backup"),
          { QStringLiteral("2026-11-01"), QStringLiteral("2026-08-01"), QStringLiteral("2026-07-01"),
            QStringLiteral("2026-05-01"), QStringLiteral("2026-03-01"), QStringLiteral("2026-02-01"),
            QStringLiteral("2026-01-01"), QStringLiteral("2025-08-01"), QStringLiteral("2025-02-01"),
            QStringLiteral("2025-01-01"), QStringLiteral("2024-10-01"), QStringLiteral("2024-04-01"),
            QStringLiteral("2023-04-01"), QStringLiteral("2021-12-01"), QStringLiteral("2020-09-01"),
            QStringLiteral("2017-07-01"), QStringLiteral("2016-12-01"), QStringLiteral("2016-06-01") } },
        { QStringLiteral("authorization"),
          { QStringLiteral("2022-04-01"), QStringLiteral("2022-05-01-preview"),
            QStringLiteral("2018-01-01-preview"), QStringLiteral("2015-07-01") } },
        { QStringLiteral("msi"),
          { QStringLiteral("2026-05-31"), QStringLiteral("2026-04-30"), QStringLiteral("2024-11-30"),
            QStringLiteral("2023-01-31") } },
        { QStringLiteral("insights"), { QStringLiteral("2015-04-01") } }
    };
    return versions;
}

} // namespace

BackupApi::BackupApi(Tenant &tenant, const SandboxOptions &options, Clock clock)
    : m_tenant(tenant)
    , m_options(options)
    , m_clock(std::move(clock))
    , m_evaluator(Access::RoleDefinition::builtInBackupRoles(), tenant.roleAssignments,
                  tenant.denyAssignments)
{
#define S "/subscriptions/{subscriptionId}"
#define RG S "/resourceGroups/{resourceGroupName}"
#define V RG "/providers/Microsoft.RecoveryServices/vaults/{vaultName}"
#define PI \
    V "/backupFabrics/{fabricName}/protectionContainers/{containerName}/protectedItems/{protectedItemName}"
#define UAI RG "/providers/Microsoft.ManagedIdentity/userAssignedIdentities/{resourceName}"
    add("GET", "/subscriptions", &BackupApi::listSubscriptions, "resources");
    add("GET", S, &BackupApi::getSubscription, "resources");
    add("GET", S "/providers/Microsoft.RecoveryServices/vaults", &BackupApi::listVaultsInSubscription,
        "vaults");
    add("GET", RG "/providers/Microsoft.RecoveryServices/vaults", &BackupApi::listVaultsInResourceGroup,
        "vaults");
    add("GET", V, &BackupApi::getVault, "vaults");
    add("GET", V "/backupconfig/vaultconfig", &BackupApi::getVaultConfig, "backup");
    add("GET", V "/backupPolicies", &BackupApi::listPolicies, "backup");
    add("GET", V "/backupPolicies/{policyName}", &BackupApi::getPolicy, "backup");
    add("GET", V "/backupProtectedItems", &BackupApi::listProtectedItems, "backup");
    add("GET", PI, &BackupApi::getProtectedItem, "backup");
    add("GET", PI "/recoveryPoints", &BackupApi::listRecoveryPoints, "backup");
    add("GET", PI "/recoveryPoints/{recoveryPointId}", &BackupApi::getRecoveryPoint, "backup");
    add("POST", PI "/recoveryPoints/{recoveryPointId}/restore", &BackupApi::triggerRestore, "backup");
    add("GET", PI "/operationsStatus/{operationId}", &BackupApi::itemOperationStatus, "backup");
    add("GET", PI "/operationResults/{operationId}", &BackupApi::itemOperationResult, "backup");
    add("GET", V "/backupOperations/{operationId}", &BackupApi::vaultOperationStatus, "backup");
    add("GET", V "/backupOperationResults/{operationId}", &BackupApi::vaultOperationResult, "backup");
    add("POST", PI "/backup", &BackupApi::triggerBackup, "backup");
    add("POST", V "/backupValidateOperation", &BackupApi::validateOperation, "backup");
    add("GET", V "/backupJobs", &BackupApi::listJobs, "backup");
    add("GET", V "/backupJobs/{jobName}", &BackupApi::getJob, "backup");
    add("POST", V "/backupJobs/{jobName}/cancel", &BackupApi::cancelJob, "backup");
    add("GET", V "/backupJobs/{jobName}/operationResults/{operationId}", &BackupApi::jobOperationResult,
        "backup");
    add("GET", "/providers/Microsoft.Authorization/roleDefinitions", &BackupApi::listRoleDefinitions,
        "authorization");
    add("GET", "/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}",
        &BackupApi::getRoleDefinition, "authorization");
    add("GET", S "/providers/Microsoft.Authorization/roleDefinitions", &BackupApi::listRoleDefinitions,
        "authorization");
    add("GET", S "/providers/Microsoft.Authorization/roleDefinitions/{roleDefinitionId}",
        &BackupApi::getRoleDefinition, "authorization");
    add("GET", S "/providers/Microsoft.Authorization/roleAssignments", &BackupApi::listRoleAssignments,
        "authorization");
    add("GET", RG "/providers/Microsoft.Authorization/roleAssignments", &BackupApi::listRoleAssignments,
        "authorization");
    add("GET", V "/providers/Microsoft.Authorization/roleAssignments", &BackupApi::listRoleAssignments,
        "authorization");
    add("GET", S "/providers/Microsoft.Authorization/denyAssignments", &BackupApi::listDenyAssignments,
        "authorization");
    add("GET", RG "/providers/Microsoft.Authorization/denyAssignments", &BackupApi::listDenyAssignments,
        "authorization");
    add("GET",
        RG "/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}/providers/"
           "Microsoft.Authorization/denyAssignments",
        &BackupApi::listDenyAssignments, "authorization");
    add("GET", RG "/providers/Microsoft.Authorization/permissions", &BackupApi::permissionsForResourceGroup,
        "authorization");
    add("GET",
        RG "/providers/{resourceProviderNamespace}/{resourceType}/{resourceName}/providers/"
           "Microsoft.Authorization/permissions",
        &BackupApi::permissionsForResource, "authorization");
    // A child resource (a network's subnet): its parent's path is the parentResourcePath.
    add("GET",
        RG "/providers/{resourceProviderNamespace}/{parentType}/{parentName}/{resourceType}/{resourceName}/"
           "providers/Microsoft.Authorization/permissions",
        &BackupApi::permissionsForResource, "authorization");
    add("GET", UAI "/federatedIdentityCredentials", &BackupApi::listFederatedCredentials, "msi");
    add("GET", UAI "/federatedIdentityCredentials/{ficName}", &BackupApi::getFederatedCredential, "msi");
    add("PUT", UAI "/federatedIdentityCredentials/{ficName}", &BackupApi::putFederatedCredential, "msi");
    add("DELETE", UAI "/federatedIdentityCredentials/{ficName}", &BackupApi::deleteFederatedCredential,
        "msi");
    add("GET", S "/providers/Microsoft.Insights/eventtypes/management/values", &BackupApi::listActivityLog,
        "insights");
    add("GET", RG, &BackupApi::getResourceGroup, "resources");
    add("GET", RG "/providers/Microsoft.Storage/storageAccounts/{accountName}", &BackupApi::getStorageAccount,
        "storage");
    add("GET",
        RG
        "/providers/Microsoft.Storage/storageAccounts/{accountName}/fileServices/default/shares/{shareName}",
        &BackupApi::getFileShare, "storage");
    add("GET", RG "/providers/Microsoft.Network/virtualNetworks/{networkName}", &BackupApi::getVirtualNetwork,
        "network");
    add("GET", RG "/providers/Microsoft.Compute/virtualMachines/{vmName}", &BackupApi::getVirtualMachine,
        "compute");
#undef UAI
#undef PI
#undef V
#undef RG
#undef S
}

void BackupApi::reloadAccess()
{
    m_evaluator = Access::PermissionEvaluator(Access::RoleDefinition::builtInBackupRoles(),
                                              m_tenant.roleAssignments, m_tenant.denyAssignments);
    m_decisions.clear();
}

void BackupApi::add(const char *method, const char *path, HttpResponse (BackupApi::*handler)(Call &),
                    const char *surface)
{
    m_routes << Route { QByteArray(method),
                        QString::fromLatin1(path).split(QLatin1Char('/'), Qt::SkipEmptyParts), handler,
                        QString::fromLatin1(surface) };
}

bool BackupApi::match(const Route &route, const QStringList &segments, QHash<QString, QString> *params)
{
    if (route.segments.size() != segments.size())
        return false;
    QHash<QString, QString> out;
    for (int i = 0; i < segments.size(); ++i) {
        const QString &pattern = route.segments.at(i);
        if (pattern.startsWith(QLatin1Char('{'))) {
            if (segments.at(i).isEmpty())
                return false;
            out.insert(pattern.mid(1, pattern.size() - 2), segments.at(i));
        } else if (pattern.compare(segments.at(i), Qt::CaseInsensitive) != 0) {
            return false;
        }
    }
    *params = out;
    return true;
}

HttpResponse BackupApi::handle(const HttpRequest &request, const Principal &principal)
{
    QString correlation = QString::fromLatin1(request.header("x-ms-correlation-request-id"));
    if (correlation.isEmpty())
        correlation = Arm::newGuid();
    HttpResponse response = route(request, principal, correlation);

    // Correlation and throttling headers on every answer, as Azure's services send them.
    response.setHeader("x-ms-request-id", Arm::newGuid().toLatin1());
    response.setHeader("x-ms-correlation-request-id", correlation.toLatin1());
    const QByteArray clientRequestId = request.header("x-ms-client-request-id");
    if (!clientRequestId.isEmpty())
        response.setHeader("x-ms-client-request-id", clientRequestId);
    response.setHeader(
        "x-ms-routing-request-id",
        QStringLiteral("SANDBOX:%1:%2")
            .arg(m_clock().toUTC().toString(QStringLiteral("yyyyMMddTHHmmssZ")), Arm::newGuid())
            .toLatin1());
    const char *budget = request.method == "GET" ? "x-ms-ratelimit-remaining-subscription-reads"
        : request.method == "DELETE"             ? "x-ms-ratelimit-remaining-subscription-deletes"
                                                 : "x-ms-ratelimit-remaining-subscription-writes";
    int &remaining = m_remaining[principal.objectId + QLatin1Char('|') + QLatin1String(budget)];
    if (remaining <= 0)
        remaining = request.method == "GET" ? 12000 : 1200;
    response.setHeader(budget, QByteArray::number(--remaining));
    return response;
}

HttpResponse BackupApi::route(const HttpRequest &request, const Principal &principal,
                              const QString &correlation)
{
    const QStringList segments = request.path.split(QLatin1Char('/'), Qt::SkipEmptyParts);
    const Route *found = nullptr;
    bool pathKnown = false;
    QHash<QString, QString> params;
    for (const Route &r : std::as_const(m_routes)) {
        QHash<QString, QString> p;
        if (!match(r, segments, &p))
            continue;
        pathKnown = true;
        if (r.method == request.method) {
            found = &r;
            params = p;
            break;
        }
    }
    if (!found) {
        return pathKnown
            ? HttpResponse::armError(405, QStringLiteral("MethodNotAllowed"),
                                     QStringLiteral("The requested method %1 is not allowed for %2.")
                                         .arg(QString::fromLatin1(request.method), request.path))
            : HttpResponse::armError(
                404, QStringLiteral("InvalidResourceType"),
                QStringLiteral("The resource type or path '%1' is not known to this API.").arg(request.path));
    }
    // A repeated parameter is ambiguous (which api-version, which filter?): refused, not guessed.
    FormData query = request.query(FormData::Names::CaseInsensitive);
    const QStringList repeated = query.repeated();
    if (!repeated.isEmpty())
        return HttpResponse::armError(
            400, QStringLiteral("BadRequest"),
            QStringLiteral("The query parameter '%1' is given more than once.").arg(repeated.first()));
    const QString apiVersion = query.value(QStringLiteral("api-version"));
    if (apiVersion.isEmpty())
        return HttpResponse::armError(
            400, QStringLiteral("MissingApiVersionParameter"),
            QStringLiteral("The api-version query parameter (?api-version=) is required for all requests."));
    const QStringList supported = apiVersions().value(found->surface);
    if (!supported.contains(apiVersion))
        return HttpResponse::armError(
            400, QStringLiteral("InvalidApiVersionParameter"),
            QStringLiteral("The api-version '%1' is invalid. The supported versions are '%2'.")
                .arg(apiVersion, supported.join(QLatin1Char(','))));
    Call call { request, principal, params, correlation, std::move(query) };
    return (this->*(found->handler))(call);
}

Access::PermissionEvaluator::Decision BackupApi::check(const Principal &p, const QString &scope,
                                                       const QString &action) const
{
    const QStringList ids = p.principalIds();
    // Each part with its length: no two questions share a key.
    QString key;
    for (const QString &part : ids + QStringList { scope, action })
        key += QString::number(part.size()) + QLatin1Char(':') + part;
    auto known = m_decisions.constFind(key);
    if (known == m_decisions.cend()) {
        if (m_decisions.size() >= 100000)
            m_decisions.clear(); // bounded: a long soak asks about many scopes
        known = m_decisions.insert(key, m_evaluator.check(ids, scope, action));
    }
    Access::PermissionEvaluator::Decision d = *known;
    if (!p.mappedRoles.isEmpty() && Access::scopeContains(p.mappedScope, scope)) {
        for (const Access::RoleDefinition &role : m_evaluator.definitions()) {
            if (!p.mappedRoles.contains(role.roleName))
                continue;
            d.assignedRoles << role.roleName;
            if (role.grants(action))
                d.grantingRoles << role.roleName;
        }
        d.allowed = !d.grantingRoles.isEmpty() && d.deniedBy.isEmpty();
    }
    return d;
}

HttpResponse BackupApi::denied(const Principal &p, const QString &scope, const QString &action) const
{
    if (const auto block = m_evaluator.blocking(p.principalIds(), scope, action))
        return HttpResponse::armError(
            403, QStringLiteral("AuthorizationFailed"),
            QStringLiteral("The client '%1' with object id '%2' has permission to perform action '%3' on "
                           "scope '%4'; however, the access is denied because of the deny assignment with "
                           "name '%5' and Id '%6' at scope '%7'.")
                .arg(p.displayName(), p.objectId, action, scope, block->denyAssignmentName,
                     block->denyAssignmentId.section(QLatin1Char('/'), -1), block->scope));
    return HttpResponse::armError(
        403, QStringLiteral("AuthorizationFailed"),
        QStringLiteral(
            "The client '%1' with object id '%2' does not have authorization to perform action '%3' over "
            "scope '%4' "
            "or the scope is invalid. If access was recently granted, please refresh your credentials.")
            .arg(p.displayName(), p.objectId, action, scope));
}

QString BackupApi::absolute(const Call &call, const QString &path, const QString &apiVersion) const
{
    return call.request.baseUrl() + path + QStringLiteral("?api-version=") + apiVersion;
}

HttpResponse BackupApi::page(const Call &call, const QList<QJsonObject> &all, bool forceNextLinkNull) const
{
    return page(
        call, all.size(), [&all](qsizetype from, qsizetype to) { return all.mid(from, to - from); },
        forceNextLinkNull);
}

HttpResponse BackupApi::page(const Call &call, qsizetype count, const Window &window,
                             bool forceNextLinkNull) const
{
    // $skipToken is opaque to clients; here it is the offset, base64url of "o:<n>".
    int offset = 0;
    const QString token = call.queryValue(QStringLiteral("$skipToken"));
    if (!token.isEmpty()) {
        const QByteArray decoded = QByteArray::fromBase64(token.toLatin1(), QByteArray::Base64UrlEncoding);
        bool ok = false;
        offset = decoded.startsWith("o:") ? decoded.mid(2).toInt(&ok) : 0;
        if (!ok || offset < 0 || offset > count)
            return HttpResponse::armError(400, QStringLiteral("InvalidSkipToken"),
                                          QStringLiteral("The $skipToken is not valid for this list."));
    }
    int size = m_options.pageSize;
    const QString top = call.queryValue(QStringLiteral("$top"));
    if (!top.isEmpty()) {
        bool ok = false;
        const int t = top.toInt(&ok);
        if (!ok || t < 1)
            return HttpResponse::armError(400, QStringLiteral("InvalidTop"),
                                          QStringLiteral("$top must be a positive number."));
        size = qMin(size, t);
    }
    const int end = int(qMin(count, qsizetype(offset) + size));
    QString nextLink;
    if (end < count) {
        // The caller's own parameters, read once and written back form-encoded, with a new token.
        QList<QPair<QString, QString>> fields;
        const auto given = call.query.fields();
        for (const auto &field : given) {
            if (field.first.compare(QLatin1String("$skipToken"), Qt::CaseInsensitive) != 0)
                fields.append(field);
        }
        fields.append({ QStringLiteral("$skipToken"),
                        QString::fromLatin1(
                            QByteArray("o:" + QByteArray::number(end))
                                .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals)) });
        nextLink = call.request.baseUrl() + call.request.url.path(QUrl::FullyEncoded) + QLatin1Char('?')
            + QString::fromLatin1(FormData::encode(fields));
    }
    // Written from each resource's text, made once (an estate's pages are asked for again and again).
    HttpResponse r;
    r.status = 200;
    const QList<QJsonObject> shown = window(offset, end);
    r.body = m_listed.page(shown, 0, shown.size(), nextLink, forceNextLinkNull);
    r.setHeader("Content-Type", "application/json; charset=utf-8");
    return r;
}

QString BackupApi::vaultId(const Call &call) const
{
    return QStringLiteral(
               "/subscriptions/%1/resourceGroups/%2/providers/Microsoft.RecoveryServices/vaults/%3")
        .arg(call.params.value(QStringLiteral("subscriptionId")),
             call.params.value(QStringLiteral("resourceGroupName")),
             call.params.value(QStringLiteral("vaultName")));
}

QString BackupApi::itemId(const Call &call) const
{
    return vaultId(call)
        + QStringLiteral("/backupFabrics/%1/protectionContainers/%2/protectedItems/%3")
              .arg(call.params.value(QStringLiteral("fabricName")),
                   call.params.value(QStringLiteral("containerName")),
                   call.params.value(QStringLiteral("protectedItemName")));
}

SandboxVault *BackupApi::vaultFor(Call &call, HttpResponse *error)
{
    SandboxVault *v = m_tenant.vault(vaultId(call));
    if (!v)
        *error = HttpResponse::armError(404, QStringLiteral("ResourceNotFound"),
                                        QStringLiteral("The Resource 'Microsoft.RecoveryServices/vaults/%1' "
                                                       "under resource group '%2' was not found.")
                                            .arg(call.params.value(QStringLiteral("vaultName")),
                                                 call.params.value(QStringLiteral("resourceGroupName"))));
    return v;
}

SandboxVault *BackupApi::authorizedVault(Call &call, const QString &action, HttpResponse *error)
{
    SandboxVault *v = vaultFor(call, error);
    if (!v)
        return nullptr;
    const QString id = v->resource.value(QStringLiteral("id")).toString();
    if (!check(call.principal, id, action).allowed) {
        *error = denied(call.principal, id, action);
        return nullptr;
    }
    return v;
}

SandboxItem *BackupApi::itemFor(Call &call, SandboxVault &vault, HttpResponse *error)
{
    SandboxItem *i = m_tenant.item(vault, itemId(call));
    if (!i)
        *error = HttpResponse::armError(404, QStringLiteral("BMSUserErrorObjectNotFound"),
                                        QStringLiteral("Item '%1' not found in container '%2'. Check the "
                                                       "item's name, as shown by the protected items list.")
                                            .arg(call.params.value(QStringLiteral("protectedItemName")),
                                                 call.params.value(QStringLiteral("containerName"))));
    return i;
}

void BackupApi::recordActivity(const Call &call, const QString &operationName, const QString &resourceId,
                               const QString &status, int httpStatus)
{
    const QDateTime now = m_clock();
    const QString eventId = Arm::newGuid();
    const QString subscription = resourceId.section(QLatin1Char('/'), 2, 2);
    const QString rg = resourceId.section(QLatin1Char('/'), 4, 4);
    const QString upn = call.principal.username.isEmpty() ? call.principal.objectId : call.principal.username;
    QStringList roles = check(call.principal, resourceId, operationName).grantingRoles;
    auto pair = [](const QString &v) {
        return QJsonObject { { QStringLiteral("value"), v }, { QStringLiteral("localizedValue"), v } };
    };
    m_tenant.activityLog << QJsonObject {
        { QStringLiteral("authorization"),
          QJsonObject { { QStringLiteral("action"), operationName },
                        { QStringLiteral("role"), roles.join(QStringLiteral(", ")) },
                        { QStringLiteral("scope"), resourceId } } },
        { QStringLiteral("caller"), upn },
        { QStringLiteral("claims"),
          QJsonObject { { QStringLiteral("iss"), call.principal.issuer },
                        { QStringLiteral("sub"), call.principal.subject },
                        { QStringLiteral("http://schemas.microsoft.com/identity/claims/objectidentifier"),
                          call.principal.objectId },
                        { QStringLiteral("name"), call.principal.name } } },
        { QStringLiteral("correlationId"), call.correlationId },
        { QStringLiteral("description"), QString() },
        { QStringLiteral("eventDataId"), eventId },
        { QStringLiteral("eventName"),
          QJsonObject { { QStringLiteral("value"), QStringLiteral("EndRequest") },
                        { QStringLiteral("localizedValue"), QStringLiteral("End request") } } },
        { QStringLiteral("httpRequest"),
          QJsonObject { { QStringLiteral("clientRequestId"),
                          QString::fromLatin1(call.request.header("x-ms-client-request-id")) },
                        { QStringLiteral("clientIpAddress"), call.request.peer.toString() },
                        { QStringLiteral("method"), QString::fromLatin1(call.request.method) } } },
        { QStringLiteral("id"),
          resourceId + QStringLiteral("/events/") + eventId + QStringLiteral("/ticks/")
              + QString::number(now.toMSecsSinceEpoch() * 10000) },
        { QStringLiteral("level"),
          status == QLatin1String("Failed") ? QStringLiteral("Error") : QStringLiteral("Informational") },
        { QStringLiteral("resourceGroupName"), rg },
        { QStringLiteral("resourceProviderName"), pair(QStringLiteral("Microsoft.RecoveryServices")) },
        { QStringLiteral("operationId"), call.correlationId },
        { QStringLiteral("operationName"), pair(operationName) },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("statusCode"), QString::number(httpStatus) } } },
        { QStringLiteral("status"), pair(status) },
        { QStringLiteral("subStatus"),
          QJsonObject { { QStringLiteral("value"), QString::number(httpStatus) },
                        { QStringLiteral("localizedValue"),
                          QStringLiteral("HTTP Status Code: %1").arg(httpStatus) } } },
        { QStringLiteral("eventTimestamp"), Arm::isoTime(now) },
        { QStringLiteral("submissionTimestamp"), Arm::isoTime(now) },
        { QStringLiteral("subscriptionId"), subscription }
    };
}

} // namespace RestoreDesk::Sandbox
