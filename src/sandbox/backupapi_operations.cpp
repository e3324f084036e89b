// Writes and long-running operations: restore, operation status/results, validation, jobs, cancel.
#include "core/jsonutil.h"
#include "sandbox/armbuilders.h"
#include "sandbox/backupapi.h"
#include "sandbox/linkedauthorization.h"
#include "sandbox/odatafilter.h"
#include "sandbox/restorerequest.h"

#include <QJsonArray>

namespace RestoreDesk::Sandbox {

namespace {

const QString kRestore = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/"
                                        "protectionContainers/protectedItems/recoveryPoints/restore/action");
const QString kItemOpStatus = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/"
                                             "protectionContainers/protectedItems/operationsStatus/read");
const QString kItemOpResult = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupFabrics/"
                                             "protectionContainers/protectedItems/operationResults/read");
const QString kVaultOps = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupOperations/read");
const QString kValidate = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupValidateOperation/action");
const QString kJobsRead = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupJobs/read");
const QString kJobCancel = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupJobs/cancel/action");
const QString kJobOpResult
    = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupJobs/operationResults/read");
const QString kNotSet = QStringLiteral("0001-01-01T00:00:00.00000Z");

} // namespace

HttpResponse BackupApi::triggerRestore(Call &call)
{
    HttpResponse error;
    SandboxVault *v = vaultFor(call, &error);
    if (!v)
        return error;
    const QString scope = itemId(call);
    if (!check(call.principal, scope, kRestore).allowed) {
        recordActivity(call, kRestore, scope, QStringLiteral("Failed"), 403);
        return denied(call.principal, scope, kRestore);
    }
    SandboxItem *item = itemFor(call, *v, &error);
    if (!item)
        return error;
    const QString apiVersion = call.queryValue(QStringLiteral("api-version"));
    const QString itemPath = item->resource.value(QStringLiteral("id")).toString();
    auto lroHeaders = [&](HttpResponse &resp, const QString &opId) {
        const auto op = m_operations.constFind(opId.toLower());
        if (op == m_operations.cend() || !op->locationOnly)
            resp.setHeader(
                "Azure-AsyncOperation",
                absolute(call, itemPath + QStringLiteral("/operationsStatus/") + opId, apiVersion).toUtf8());
        resp.setHeader(
            "Location",
            absolute(call, itemPath + QStringLiteral("/operationResults/") + opId, apiVersion).toUtf8());
        resp.setHeader("Retry-After", QByteArray::number(m_options.retryAfterSeconds));
    };

    auto body = Json::parseObject(call.request.body, QStringLiteral("The restore request body"));
    if (!body)
        return HttpResponse::armError(400, QStringLiteral("InvalidRequestContent"), body.error().detail);
    const QJsonObject props = body->value(QStringLiteral("properties")).toObject();
    // Linked authorization: besides the restore action on the item, the caller needs rights where
    // the restore lands (the sandbox's own rule, linkedNeeds(); the console's pre-check is written
    // apart and compared with it by the tests).
    QStringList missingActions;
    QStringList missingScopes;
    for (const LinkedNeed &need : linkedNeeds(props)) {
        if (!check(call.principal, need.scope, need.action).allowed) {
            missingActions << need.action;
            missingScopes << need.scope;
        }
    }
    if (!missingActions.isEmpty()) {
        recordActivity(call, kRestore, scope, QStringLiteral("Failed"), 403);
        return HttpResponse::armError(
            403, QStringLiteral("LinkedAuthorizationFailed"),
            QStringLiteral(
                "The client '%1' with object id '%2' has permission to perform action '%3' on scope "
                "'%4'; however, it does not have permission to perform action(s) '%5' on the linked "
                "scope(s) '%6' (respectively) or the linked scope(s) are invalid.")
                .arg(call.principal.displayName(), call.principal.objectId, kRestore, scope,
                     missingActions.join(QLatin1Char(',')), missingScopes.join(QLatin1Char(','))));
    }
    // Optionally (SandboxOptions::dedupClientRequestIds), the same x-ms-client-request-id on a
    // restore of this item, from a caller with the rights checked above, answers for the first
    // restore instead of starting a second one.
    const QString dedupKey = dedupKeyOf(QStringLiteral("Restore"), itemPath, call);
    if (!dedupKey.isEmpty() && m_clientRequestIds.contains(dedupKey)) {
        HttpResponse resp = HttpResponse::empty(202);
        lroHeaders(resp, m_clientRequestIds.value(dedupKey));
        return resp;
    }
    const QJsonObject point = findRecoveryPoint(*item, call.params.value(QStringLiteral("recoveryPointId")));
    const QList<RestoreProblem> problems = validateRestoreRequest(props, *item, point, *v, m_tenant);
    if (!problems.isEmpty()) {
        recordActivity(call, kRestore, scope, QStringLiteral("Failed"), 400);
        return HttpResponse::armError(400, problems.first().code, problems.first().message);
    }
    // One restore at a time onto a VM's own disks: replacing them while another replace of the
    // same VM runs is a conflict (409), as the service answers. A resend of the running one (the
    // same client request id) was answered above.
    const QString recoveryType = props.value(QStringLiteral("recoveryType")).toString();
    if (item->kind == QLatin1String("vm") && recoveryType == QLatin1String("OriginalLocation")) {
        const QDateTime now = m_clock();
        for (const SandboxJob &other : std::as_const(v->jobs)) {
            if (other.operation != QLatin1String("Restore")
                || other.itemId.compare(itemPath, Qt::CaseInsensitive) != 0
                || other.propertyBag.value(QStringLiteral("Recovery type")).toString() != recoveryType)
                continue;
            const QString status = Arm::jobStatus(other, now);
            if (status == QLatin1String("InProgress") || status == QLatin1String("Cancelling")) {
                recordActivity(call, kRestore, scope, QStringLiteral("Failed"), 409);
                return HttpResponse::armError(
                    409, QStringLiteral("UserErrorAnotherRestoreInProgressOnSameTarget"),
                    QStringLiteral(
                        "Another restore (job %1) is in progress on this virtual machine; retry when "
                        "it has ended.")
                        .arg(other.id));
            }
        }
    }
    reserveRestoreTargets(props, *item);

    SandboxJob job;
    job.operation = QStringLiteral("Restore");
    job.finalStatus = item->restoreOutcome;
    if (job.finalStatus == QLatin1String("Failed")) {
        job.errorCode = QStringLiteral("UserErrorRestoreTargetBusy");
        job.errorMessage
            = QStringLiteral("The restore target was busy with another operation; retry when it is idle.");
    } else if (job.finalStatus == QLatin1String("CompletedWithWarnings")) {
        job.warning = QStringLiteral(
            "Restored, but the VM extensions could not be reinstalled; install them by hand.");
    } else if (!item->restoreWarning.isEmpty()) {
        job.warning = item->restoreWarning;
    }
    if (item->kind == QLatin1String("fileshare"))
        job.tasks = { QStringLiteral("Validate restore request"), QStringLiteral("Transfer data from vault"),
                      QStringLiteral("Update file share") };
    else if (item->kind == QLatin1String("sql"))
        job.tasks = { QStringLiteral("Validate restore request"), QStringLiteral("Restore full backup"),
                      QStringLiteral("Apply logs"), QStringLiteral("Bring database online") };
    else
        job.tasks = { QStringLiteral("Validate restore request"), QStringLiteral("Transfer data from vault"),
                      QStringLiteral("Create disks"), QStringLiteral("Finalize restore") };
    const QJsonObject pointProps = point.value(QStringLiteral("properties")).toObject();
    QString target = props.value(QStringLiteral("targetVirtualMachineId")).toString();
    if (target.isEmpty())
        target = props.value(QStringLiteral("targetResourceGroupId")).toString();
    if (target.isEmpty())
        target = props.value(QStringLiteral("targetDetails"))
                     .toObject()
                     .value(QStringLiteral("targetResourceId"))
                     .toString();
    if (target.isEmpty())
        target = props.value(QStringLiteral("targetInfo"))
                     .toObject()
                     .value(QStringLiteral("databaseName"))
                     .toString();
    if (target.isEmpty()
        && props.value(QStringLiteral("recoveryType")).toString() == QLatin1String("RestoreDisks"))
        target = props.value(QStringLiteral("storageAccountId")).toString();
    if (target.isEmpty())
        target = QStringLiteral("original location");
    job.propertyBag = QJsonObject {
        { QStringLiteral("Recovery point time"),
          pointProps.value(QStringLiteral("recoveryPointTime"))
              .toString(pointProps.value(QStringLiteral("recoveryPointTimeInUTC")).toString()) },
        { QStringLiteral("Recovery type"), props.value(QStringLiteral("recoveryType")).toString() },
        { QStringLiteral("Requested by"), call.principal.displayName() },
        { QStringLiteral("Target"), target }
    };
    return acceptJob(call, *v, *item, job, kRestore);
}

void BackupApi::reserveRestoreTargets(const QJsonObject &props, const SandboxItem &item)
{
    // What an accepted restore creates is taken from then on: a second restore to the same new VM
    // or database name is refused while the first runs, as the service does.
    const QString vm = props.value(QStringLiteral("targetVirtualMachineId")).toString();
    if (props.value(QStringLiteral("recoveryType")).toString() == QLatin1String("AlternateLocation")
        && !vm.isEmpty() && item.kind == QLatin1String("vm")) {
        const SandboxResource *rg = m_tenant.resource(vm.section(QLatin1Char('/'), 0, 4));
        m_tenant.addResource(
            { vm, QStringLiteral("Microsoft.Compute/virtualMachines"), rg ? rg->location : QString(), {} });
    }
    const QJsonObject target = props.value(QStringLiteral("targetInfo")).toObject();
    const QString database
        = target.value(QStringLiteral("databaseName")).toString().section(QLatin1Char('/'), -1);
    if (item.kind == QLatin1String("sql") && !database.isEmpty()
        && props.value(QStringLiteral("recoveryMode")).toString() != QLatin1String("FileRecovery")) {
        const QString container = target.value(QStringLiteral("containerId")).toString();
        // VMAppContainer;Compute;{rg};{vm} names the host.
        const QStringList parts = container.section(QLatin1Char('/'), -1).split(QLatin1Char(';'));
        if (parts.size() == 4) {
            const QString host
                = QStringLiteral("/subscriptions/%1/resourceGroups/%2/providers/"
                                 "Microsoft.Compute/virtualMachines/%3")
                      .arg(container.section(QLatin1Char('/'), 2, 2), parts.at(2), parts.at(3));
            if (const SandboxResource *h = m_tenant.resource(host))
                m_tenant.addResource({ h->id, h->type, h->location, { database } });
        }
    }
}

QString BackupApi::dedupKeyOf(const QString &operation, const QString &itemPath, const Call &call) const
{
    if (!m_options.dedupClientRequestIds)
        return {};
    const QString clientRequestId = QString::fromLatin1(call.request.header("x-ms-client-request-id"))
                                        .section(QLatin1Char(';'), 0, 0)
                                        .trimmed();
    if (clientRequestId.isEmpty())
        return {};
    return operation.toLower() + QLatin1Char('|') + itemPath.toLower() + QLatin1Char('|') + clientRequestId;
}

bool BackupApi::locationOnly(const Operation &op) const
{
    return op.locationOnly;
}

HttpResponse BackupApi::triggerBackup(Call &call)
{
    static const QString kBackup = QStringLiteral(
        "Microsoft.RecoveryServices/Vaults/backupFabrics/protectionContainers/protectedItems/backup/action");
    HttpResponse error;
    SandboxVault *v = vaultFor(call, &error);
    if (!v)
        return error;
    const QString scope = itemId(call);
    if (!check(call.principal, scope, kBackup).allowed) {
        recordActivity(call, kBackup, scope, QStringLiteral("Failed"), 403);
        return denied(call.principal, scope, kBackup);
    }
    SandboxItem *item = itemFor(call, *v, &error);
    if (!item)
        return error;
    SandboxJob job;
    job.operation = QStringLiteral("Backup");
    job.finalStatus = QStringLiteral("Completed");
    job.tasks = { QStringLiteral("Take Snapshot"), QStringLiteral("Transfer data to vault") };
    job.propertyBag = QJsonObject { { QStringLiteral("Requested by"), call.principal.displayName() } };
    return acceptJob(call, *v, *item, job, kBackup);
}

HttpResponse BackupApi::acceptJob(Call &call, SandboxVault &v, SandboxItem &item, SandboxJob job,
                                  const QString &action)
{
    const QDateTime now = m_clock();
    const QString itemPath = item.resource.value(QStringLiteral("id")).toString();
    const QJsonObject itemProps = item.resource.value(QStringLiteral("properties")).toObject();
    job.id = Arm::newGuid();
    job.activityId = call.correlationId;
    job.vaultId = v.resource.value(QStringLiteral("id")).toString();
    job.itemId = itemPath;
    job.itemName = itemProps.value(QStringLiteral("friendlyName")).toString();
    const QString mgmt = itemProps.value(QStringLiteral("backupManagementType")).toString();
    job.backupManagementType = mgmt;
    job.jobType = mgmt == QLatin1String("AzureStorage") ? QStringLiteral("AzureStorageJob")
        : mgmt == QLatin1String("AzureWorkload")        ? QStringLiteral("AzureWorkloadJob")
                                                        : QStringLiteral("AzureIaaSVMJob");
    job.start = now;
    job.durationMs = qint64(m_options.jobDurationSeconds) * 1000;
    if (m_options.jobListingDelaySeconds > 0)
        job.listedFrom = now.addSecs(m_options.jobListingDelaySeconds);
    job.held = m_options.holdJobs;
    v.jobs << job;

    Operation op { Arm::newGuid(),
                   job.operation.toLower(),
                   job.id,
                   job.vaultId,
                   now,
                   qMin<qint64>(1500, job.durationMs / 4),
                   {},
                   {} };
    if (action == kRestore && !item.restoreOperationFailure.isEmpty()) {
        v.jobs.removeLast(); // refused once looked at: no job is ever made
        op.jobId.clear();
        op.failCode = item.restoreOperationFailure;
        op.failMessage = QStringLiteral("The restore could not be started: %1.").arg(op.failCode);
    }
    op.locationOnly = m_options.restoreLocationOnly && action == kRestore;
    m_operations.insert(op.id.toLower(), op);
    if (const QString key = dedupKeyOf(job.operation, itemPath, call); !key.isEmpty())
        m_clientRequestIds.insert(key, op.id);
    recordActivity(call, action, itemPath, QStringLiteral("Accepted"), 202);
    const QString apiVersion = call.queryValue(QStringLiteral("api-version"));
    HttpResponse resp = HttpResponse::empty(202);
    if (!locationOnly(op))
        resp.setHeader(
            "Azure-AsyncOperation",
            absolute(call, itemPath + QStringLiteral("/operationsStatus/") + op.id, apiVersion).toUtf8());
    resp.setHeader(
        "Location",
        absolute(call, itemPath + QStringLiteral("/operationResults/") + op.id, apiVersion).toUtf8());
    resp.setHeader("Retry-After", QByteArray::number(m_options.retryAfterSeconds));
    return resp;
}

HttpResponse BackupApi::itemOperationStatus(Call &call)
{
    const QString scope = itemId(call);
    if (!check(call.principal, scope, kItemOpStatus).allowed)
        return denied(call.principal, scope, kItemOpStatus);
    return vaultOperationStatus(call);
}

HttpResponse BackupApi::vaultOperationStatus(Call &call)
{
    const QString vault = vaultId(call);
    if (!call.params.contains(QStringLiteral("protectedItemName"))
        && !check(call.principal, vault, kVaultOps).allowed)
        return denied(call.principal, vault, kVaultOps);
    const QString opId = call.params.value(QStringLiteral("operationId"));
    const auto it = m_operations.constFind(opId.toLower());
    if (it == m_operations.cend() || it->vaultId.compare(vault, Qt::CaseInsensitive) != 0)
        return HttpResponse::armError(404, QStringLiteral("BMSUserErrorOperationNotFound"),
                                      QStringLiteral("Operation '%1' is not known.").arg(opId));
    const QDateTime now = m_clock();
    const bool done = it->start.msecsTo(now) >= it->settleMs;
    QJsonObject body { { QStringLiteral("name"), it->id },
                       { QStringLiteral("id"), it->id },
                       { QStringLiteral("startTime"), Arm::isoTime(it->start) } };
    if (!done) {
        body.insert(QStringLiteral("status"), QStringLiteral("InProgress"));
        body.insert(QStringLiteral("endTime"), kNotSet);
    } else if (!it->failCode.isEmpty()) {
        body.insert(QStringLiteral("status"), QStringLiteral("Failed"));
        body.insert(QStringLiteral("endTime"), Arm::isoTime(it->start.addMSecs(it->settleMs)));
        body.insert(QStringLiteral("error"),
                    QJsonObject { { QStringLiteral("code"), it->failCode },
                                  { QStringLiteral("message"), it->failMessage } });
    } else {
        body.insert(QStringLiteral("status"), QStringLiteral("Succeeded"));
        body.insert(QStringLiteral("endTime"), Arm::isoTime(it->start.addMSecs(it->settleMs)));
        body.insert(QStringLiteral("properties"),
                    QJsonObject {
                        { QStringLiteral("jobId"), it->jobId },
                        { QStringLiteral("objectType"), QStringLiteral("OperationStatusJobExtendedInfo") } });
    }
    return HttpResponse::json(200, body);
}

HttpResponse BackupApi::vaultOperationResult(Call &call)
{
    const QString vault = vaultId(call);
    static const QString kVaultOpResults
        = QStringLiteral("Microsoft.RecoveryServices/Vaults/backupOperationResults/read");
    if (!check(call.principal, vault, kVaultOpResults).allowed)
        return denied(call.principal, vault, kVaultOpResults);
    return itemOperationResultBody(call);
}

HttpResponse BackupApi::itemOperationResult(Call &call)
{
    const QString scope = itemId(call);
    if (!check(call.principal, scope, kItemOpResult).allowed)
        return denied(call.principal, scope, kItemOpResult);
    return itemOperationResultBody(call);
}

HttpResponse BackupApi::itemOperationResultBody(Call &call)
{
    const QString opId = call.params.value(QStringLiteral("operationId"));
    const auto it = m_operations.constFind(opId.toLower());
    if (it == m_operations.cend())
        return HttpResponse::armError(404, QStringLiteral("BMSUserErrorOperationNotFound"),
                                      QStringLiteral("Operation '%1' is not known.").arg(opId));
    if (it->start.msecsTo(m_clock()) < it->settleMs) {
        HttpResponse resp = HttpResponse::empty(202);
        const QString apiVersion = call.queryValue(QStringLiteral("api-version"));
        const bool itemLevel = call.params.contains(QStringLiteral("protectedItemName"));
        const QString status = itemLevel ? itemId(call) + QStringLiteral("/operationsStatus/") + it->id
                                         : vaultId(call) + QStringLiteral("/backupOperations/") + it->id;
        if (!locationOnly(*it))
            resp.setHeader("Azure-AsyncOperation", absolute(call, status, apiVersion).toUtf8());
        resp.setHeader("Location", absolute(call, call.request.path, apiVersion).toUtf8());
        resp.setHeader("Retry-After", QByteArray::number(m_options.retryAfterSeconds));
        return resp;
    }
    // A failed operation's result is its failure (ARM's long-running operation rules).
    if (!it->failCode.isEmpty())
        return HttpResponse::armError(400, it->failCode, it->failMessage);
    return HttpResponse::empty(204);
}

HttpResponse BackupApi::validateOperation(Call &call)
{
    HttpResponse error;
    SandboxVault *v = authorizedVault(call, kValidate, &error);
    if (!v)
        return error;
    auto body = Json::parseObject(call.request.body, QStringLiteral("The validation request body"));
    if (!body)
        return HttpResponse::armError(400, QStringLiteral("InvalidRequestContent"), body.error().detail);
    const QJsonObject props = body->value(QStringLiteral("properties")).toObject();
    const QJsonObject restore = props.value(QStringLiteral("restoreRequest")).toObject();
    if (!props.value(QStringLiteral("objectType")).toString().startsWith(QLatin1String("Validate"))
        || restore.isEmpty())
        return HttpResponse::armError(
            400, QStringLiteral("BMSUserErrorInvalidInput"),
            QStringLiteral(
                "Expected properties.objectType Validate…RestoreOperationRequest with a restoreRequest."));
    // The item is the one whose source the restore request names.
    // (Several file shares share a storage account: the one holding the recovery point wins.)
    const QString source = restore.value(QStringLiteral("sourceResourceId")).toString();
    const QString pointName = restore.value(QStringLiteral("recoveryPointId")).toString();
    const SandboxItem *item = nullptr;
    for (const SandboxItem &i : std::as_const(v->items)) {
        if (i.resource.value(QStringLiteral("properties"))
                    .toObject()
                    .value(QStringLiteral("sourceResourceId"))
                    .toString()
                    .compare(source, Qt::CaseInsensitive)
                == 0
            && (!item || !findRecoveryPoint(i, pointName).isEmpty()))
            item = &i;
    }
    QJsonArray results;
    if (!item) {
        results.append(QJsonObject {
            { QStringLiteral("code"), QStringLiteral("BMSUserErrorObjectNotFound") },
            { QStringLiteral("message"),
              QStringLiteral("No protected item in this vault has source '%1'.").arg(source) } });
    } else {
        const QJsonObject point
            = findRecoveryPoint(*item, restore.value(QStringLiteral("recoveryPointId")).toString());
        for (const RestoreProblem &p : validateRestoreRequest(restore, *item, point, *v, m_tenant))
            results.append(
                QJsonObject { { QStringLiteral("code"), p.code }, { QStringLiteral("message"), p.message } });
    }
    return HttpResponse::json(
        200,
        QJsonObject { { QStringLiteral("validateOperationResponse"),
                        QJsonObject { { QStringLiteral("validationResults"), results } } } });
}

HttpResponse BackupApi::listJobs(Call &call)
{
    HttpResponse error;
    SandboxVault *v = authorizedVault(call, kJobsRead, &error);
    if (!v)
        return error;
    auto filter = parseFilter(call.queryValue(QStringLiteral("$filter")));
    if (!filter)
        return HttpResponse::armError(400, filter.error().code, filter.error().detail);
    const QDateTime now = m_clock();
    QList<QJsonObject> out;
    for (auto it = v->jobs.crbegin(); it != v->jobs.crend(); ++it) {
        const SandboxJob &j = *it;
        if (j.listedFrom.isValid() && now < j.listedFrom)
            continue; // accepted, but not listed yet
        bool keep = true;
        for (const FilterClause &c : filter.value()) {
            const QString n = c.name.toLower();
            if (n == QLatin1String("starttime"))
                keep = keep && j.start >= parseFilterTime(c.value);
            else if (n == QLatin1String("endtime"))
                keep = keep && j.start <= parseFilterTime(c.value);
            else if (n == QLatin1String("operation"))
                keep = keep && j.operation.compare(c.value, Qt::CaseInsensitive) == 0;
            else if (n == QLatin1String("backupmanagementtype"))
                keep = keep && j.backupManagementType.compare(c.value, Qt::CaseInsensitive) == 0;
            else if (n == QLatin1String("status"))
                keep = keep && Arm::jobStatus(j, now).compare(c.value, Qt::CaseInsensitive) == 0;
        }
        if (keep)
            out << Arm::job(j, now, false);
    }
    return page(call, out);
}

HttpResponse BackupApi::getJob(Call &call)
{
    HttpResponse error;
    SandboxVault *v = authorizedVault(call, kJobsRead, &error);
    if (!v)
        return error;
    SandboxJob *j = m_tenant.job(*v, call.params.value(QStringLiteral("jobName")));
    if (!j)
        return HttpResponse::armError(404, QStringLiteral("BMSUserErrorJobNotFound"),
                                      QStringLiteral("Job '%1' was not found in this vault.")
                                          .arg(call.params.value(QStringLiteral("jobName"))));
    return HttpResponse::json(200, Arm::job(*j, m_clock(), true));
}

int BackupApi::releaseJobs()
{
    const QDateTime now = m_clock();
    int released = 0;
    for (SandboxVault &v : m_tenant.vaults) {
        for (SandboxJob &j : v.jobs) {
            if (!j.held)
                continue;
            j.held = false;
            j.durationMs = qMax(j.durationMs, j.start.msecsTo(now));
            ++released;
        }
    }
    return released;
}

HttpResponse BackupApi::cancelJob(Call &call)
{
    HttpResponse error;
    SandboxVault *v = vaultFor(call, &error);
    if (!v)
        return error;
    const QString vault = v->resource.value(QStringLiteral("id")).toString();
    SandboxJob *j = m_tenant.job(*v, call.params.value(QStringLiteral("jobName")));
    const QString scope
        = vault + QStringLiteral("/backupJobs/") + call.params.value(QStringLiteral("jobName"));
    if (!check(call.principal, scope, kJobCancel).allowed) {
        recordActivity(call, kJobCancel, scope, QStringLiteral("Failed"), 403);
        return denied(call.principal, scope, kJobCancel);
    }
    if (!j)
        return HttpResponse::armError(404, QStringLiteral("BMSUserErrorJobNotFound"),
                                      QStringLiteral("Job '%1' was not found in this vault.")
                                          .arg(call.params.value(QStringLiteral("jobName"))));
    const QDateTime now = m_clock();
    const QString status = Arm::jobStatus(*j, now);
    if (status != QLatin1String("InProgress") && status != QLatin1String("Cancelling"))
        return HttpResponse::armError(
            400, QStringLiteral("BMSUserErrorJobNotCancellable"),
            QStringLiteral("The job is %1 and can no longer be cancelled.").arg(status));
    if (!j->cancelRequestedAt.isValid())
        j->cancelRequestedAt = now;
    Operation op { Arm::newGuid(),
                   QStringLiteral("cancel"),
                   j->id,
                   vault,
                   now,
                   qMin<qint64>(2000, qMax<qint64>(j->durationMs / 10, 200)),
                   {},
                   {} };
    m_operations.insert(op.id.toLower(), op);
    recordActivity(call, kJobCancel, scope, QStringLiteral("Accepted"), 202);
    HttpResponse resp = HttpResponse::empty(202);
    resp.setHeader("Location",
                   absolute(call, scope + QStringLiteral("/operationResults/") + op.id,
                            call.queryValue(QStringLiteral("api-version")))
                       .toUtf8());
    resp.setHeader("Retry-After", QByteArray::number(m_options.retryAfterSeconds));
    return resp;
}

HttpResponse BackupApi::jobOperationResult(Call &call)
{
    const QString vault = vaultId(call);
    if (!check(call.principal, vault, kJobOpResult).allowed)
        return denied(call.principal, vault, kJobOpResult);
    const auto it = m_operations.constFind(call.params.value(QStringLiteral("operationId")).toLower());
    if (it == m_operations.cend())
        return HttpResponse::armError(404, QStringLiteral("BMSUserErrorOperationNotFound"),
                                      QStringLiteral("Operation is not known."));
    if (it->start.msecsTo(m_clock()) < it->settleMs) {
        HttpResponse resp = HttpResponse::empty(202);
        resp.setHeader(
            "Location",
            absolute(call, call.request.path, call.queryValue(QStringLiteral("api-version"))).toUtf8());
        resp.setHeader("Retry-After", QByteArray::number(m_options.retryAfterSeconds));
        return resp;
    }
    // A failed operation's result is its failure (ARM's long-running operation rules).
    if (!it->failCode.isEmpty())
        return HttpResponse::armError(400, it->failCode, it->failMessage);
    return HttpResponse::empty(204);
}

} // namespace RestoreDesk::Sandbox
