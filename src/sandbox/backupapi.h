#pragma once

#include "access/permissionevaluator.h"
#include "core/clock.h"
#include "sandbox/compactjsoncache.h"
#include "sandbox/httpmessage.h"
#include "sandbox/principal.h"
#include "sandbox/sandboxoptions.h"
#include "sandbox/tenant.h"

#include <QDateTime>
#include <QHash>

#include <functional>

namespace RestoreDesk::Sandbox {

// The Azure-Backup-compatible REST API of the sandbox (the Recovery Services management API as
// Azure Resource Manager serves it): routes matched without regard to case, api-version required,
// RBAC enforced per operation from the tenant's role assignments, ARM error envelopes, nextLink
// paging, long-running restores and cancels, activity-log events. Called with an already
// authenticated principal. Server thread.
class BackupApi
{
public:
    BackupApi(Tenant &tenant, const SandboxOptions &options, Clock clock);

    HttpResponse handle(const HttpRequest &request, const Principal &principal);
    // Whether restores accepted from now on name only Location (no Azure-AsyncOperation).
    void setRestoreLocationOnly(bool on) { m_options.restoreLocationOnly = on; }
    // Forgets every operation (results expire): their status and result URLs answer 404 from
    // now on; their jobs stay.
    void forgetOperations() { m_operations.clear(); }
    // Jobs accepted from now on show in listings only this many seconds after (0: at once).
    void setJobListingDelay(int seconds) { m_options.jobListingDelaySeconds = seconds; }
    // Whether jobs accepted from now on are held (InProgress until releaseJobs()).
    void setHoldJobs(bool on) { m_options.holdJobs = on; }
    // Lets every held job end: one whose duration has passed ends now, another runs it out.
    // Returns how many were held.
    int releaseJobs();
    // The tenant's role and deny assignments as they are now (edited while running, by tests).
    void reloadAccess();

    // The correlation id of the request being handled (for activity-log events).
    struct Call
    {
        const HttpRequest &request;
        const Principal &principal;
        QHash<QString, QString> params; // from the route template, original case
        QString correlationId;
        // The request's query, read once (names without regard to case): each list request asked
        // for three or four of its parameters, and each asking read all of it again.
        FormData query;

        // As HttpRequest::queryValue: null when absent or repeated.
        QString queryValue(const QString &key) const { return query.value(key); }
    };

private:
    struct Route
    {
        QByteArray method;
        QStringList segments; // "{name}" captures one segment
        HttpResponse (BackupApi::*handler)(Call &);
        QString surface; // resources, vaults, backup, authorization, msi, insights
    };
    struct Operation
    {
        QString id;
        QString kind; // restore, cancel
        QString jobId;
        QString vaultId;
        QDateTime start;
        qint64 settleMs = 0;
        QString failCode; // set: the operation ends Failed with this code, and no job
        QString failMessage;
        bool locationOnly = false; // accepted naming only Location
    };

    void add(const char *method, const char *path, HttpResponse (BackupApi::*handler)(Call &),
             const char *surface);
    HttpResponse route(const HttpRequest &request, const Principal &principal, const QString &correlation);
    static bool match(const Route &route, const QStringList &segments, QHash<QString, QString> *params);
    Access::PermissionEvaluator::Decision check(const Principal &p, const QString &scope,
                                                const QString &action) const;
    HttpResponse denied(const Principal &p, const QString &scope, const QString &action) const;
    HttpResponse page(const Call &call, const QList<QJsonObject> &all, bool forceNextLinkNull = false) const;
    // The same for a list of `count` resources of which only the page's are gathered, by
    // `window(from, to)` (a vault's items are not copied whole for every page asked for).
    using Window = std::function<QList<QJsonObject>(qsizetype from, qsizetype to)>;
    HttpResponse page(const Call &call, qsizetype count, const Window &window,
                      bool forceNextLinkNull = false) const;
    SandboxVault *vaultFor(Call &call, HttpResponse *error);
    // The vault of the route, when it exists and the caller may perform `action` on it.
    SandboxVault *authorizedVault(Call &call, const QString &action, HttpResponse *error);
    // Likewise for the user-assigned identity of a federated-credential route.
    SandboxIdentity *authorizedIdentity(Call &call, const QString &action, HttpResponse *error);
    SandboxItem *itemFor(Call &call, SandboxVault &vault, HttpResponse *error);
    QString vaultId(const Call &call) const;
    QString itemId(const Call &call) const;
    void recordActivity(const Call &call, const QString &operationName, const QString &resourceId,
                        const QString &status, int httpStatus);
    // "operation|item|client request id" when de-duplication is on and the call names an id.
    QString dedupKeyOf(const QString &operation, const QString &itemPath, const Call &call) const;
    bool locationOnly(const Operation &op) const;
    HttpResponse acceptJob(Call &call, SandboxVault &vault, SandboxItem &item, SandboxJob job,
                           const QString &action);
    QString absolute(const Call &call, const QString &path, const QString &apiVersion) const;
    void reserveRestoreTargets(const QJsonObject &properties, const SandboxItem &item);

    // Handlers (backupapi_*.cpp).
    HttpResponse listSubscriptions(Call &call);
    HttpResponse getSubscription(Call &call);
    HttpResponse listVaultsInSubscription(Call &call);
    HttpResponse listVaultsInResourceGroup(Call &call);
    HttpResponse getVault(Call &call);
    HttpResponse getVaultConfig(Call &call);
    HttpResponse listPolicies(Call &call);
    HttpResponse getPolicy(Call &call);
    HttpResponse listProtectedItems(Call &call);
    HttpResponse getProtectedItem(Call &call);
    HttpResponse listRecoveryPoints(Call &call);
    HttpResponse getRecoveryPoint(Call &call);
    // A point as the options send it (without its retention under --points-without-retention).
    QJsonObject shownPoint(const QJsonObject &point) const;
    HttpResponse triggerRestore(Call &call);
    HttpResponse itemOperationStatus(Call &call);
    HttpResponse itemOperationResult(Call &call);
    HttpResponse itemOperationResultBody(Call &call);
    HttpResponse vaultOperationStatus(Call &call);
    HttpResponse vaultOperationResult(Call &call);
    HttpResponse triggerBackup(Call &call);
    HttpResponse validateOperation(Call &call);
    HttpResponse listJobs(Call &call);
    HttpResponse getJob(Call &call);
    HttpResponse cancelJob(Call &call);
    HttpResponse jobOperationResult(Call &call);
    HttpResponse listRoleDefinitions(Call &call);
    HttpResponse getRoleDefinition(Call &call);
    HttpResponse listRoleAssignments(Call &call);
    HttpResponse listDenyAssignments(Call &call);
    HttpResponse permissionsForResourceGroup(Call &call);
    HttpResponse permissionsForResource(Call &call);
    HttpResponse listFederatedCredentials(Call &call);
    HttpResponse getFederatedCredential(Call &call);
    HttpResponse putFederatedCredential(Call &call);
    HttpResponse deleteFederatedCredential(Call &call);
    HttpResponse listActivityLog(Call &call);
    HttpResponse getResourceGroup(Call &call);
    HttpResponse getStorageAccount(Call &call);
    HttpResponse getFileShare(Call &call);
    HttpResponse getVirtualNetwork(Call &call);
    HttpResponse getVirtualMachine(Call &call);
    // A target read: the caller's `action` at `id`, then the resource group and the resource.
    HttpResponse targetRead(Call &call, const QString &id, const QString &action,
                            const std::function<QJsonObject(const SandboxResource &)> &shape);

    Tenant &m_tenant;
    SandboxOptions m_options;
    Clock m_clock;
    Access::PermissionEvaluator m_evaluator;
    // m_evaluator.check() by principals, scope and action: the evaluator does not change until
    // reloadAccess() replaces it (and forgets these), and a listing asks the same question for
    // every page of a vault (each check walks every role assignment of the tenant).
    mutable QHash<QString, Access::PermissionEvaluator::Decision> m_decisions;
    QList<Route> m_routes;
    QHash<QString, Operation> m_operations; // by operation id (lower case)
    QHash<QString, QString> m_clientRequestIds; // dedupKeyOf() -> operation id
    QHash<QString, int> m_remaining; // principal -> remaining reads (throttling headers)
    mutable CompactJsonCache m_listed; // the text of listed resources (page())
};

} // namespace RestoreDesk::Sandbox
