#include "backup/job.h"

#include "backup/armreader.h"

#include <QJsonArray>

namespace RestoreDesk::Backup {

namespace {

struct StatusName
{
    const char *name;
    Job::Status status;
};

const StatusName kStatuses[] = { { "InProgress", Job::Status::InProgress },
                                 { "Completed", Job::Status::Completed },
                                 { "CompletedWithWarnings", Job::Status::CompletedWithWarnings },
                                 { "Failed", Job::Status::Failed },
                                 { "Cancelling", Job::Status::Cancelling },
                                 { "Cancelled", Job::Status::Cancelled },
                                 { "Invalid", Job::Status::Invalid } };

Job::Problem readProblem(ArmReader &r)
{
    Job::Problem p;
    const QJsonValue code = r.value("errorCode");
    if (code.isDouble())
        p.code = QString::number(code.toDouble(), 'f', 0);
    else
        p.code = r.string("errorCode");
    p.message = r.string("errorString");
    p.title = r.string("errorTitle");
    p.recommendations = r.strings("recommendations");
    return p;
}

void readProblems(ArmReader &r, Job &j)
{
    const QJsonArray details = r.array("properties.errorDetails");
    // A job that completed with warnings reports them where failures report errors.
    QList<Job::Problem> &into = j.status == Job::Status::CompletedWithWarnings ? j.warnings : j.errors;
    for (qsizetype i = 0; i < details.size() && r.ok(); ++i) {
        ArmReader e
            = r.nested(details.at(i).toObject(), QStringLiteral("properties.errorDetails[%1]").arg(i));
        if (!details.at(i).isObject())
            e.failType(QString(), QStringLiteral("object"));
        const Job::Problem p = readProblem(e);
        if (r.absorb(e))
            into << p;
    }
    const QString dynamic = r.string("properties.extendedInfo.dynamicErrorMessage");
    if (!dynamic.isEmpty())
        (j.status == Job::Status::Failed ? j.errors : j.warnings) << Job::Problem { {}, dynamic, {}, {} };
    for (auto it = j.propertyBag.cbegin(); it != j.propertyBag.cend(); ++it) {
        if (it.key().contains(QLatin1String("warning"), Qt::CaseInsensitive) && !it.value().isEmpty())
            j.warnings << Job::Problem { {}, it.value(), it.key(), {} };
    }
}

void readTasks(ArmReader &r, Job &j)
{
    const QJsonArray tasks = r.array("properties.extendedInfo.tasksList");
    for (qsizetype i = 0; i < tasks.size() && r.ok(); ++i) {
        ArmReader t = r.nested(tasks.at(i).toObject(),
                               QStringLiteral("properties.extendedInfo.tasksList[%1]").arg(i));
        if (!tasks.at(i).isObject())
            t.failType(QString(), QStringLiteral("object"));
        Job::Task task;
        task.name = t.string("taskId");
        task.status = t.string("status");
        task.startTime = t.time("startTime");
        task.endTime = t.time("endTime");
        task.durationMs = t.duration("duration");
        task.percent = t.number("progressPercentage", 0, 100);
        if (!r.absorb(t))
            break;
        if (j.currentTask.isEmpty()
            && task.status.compare(QLatin1String("InProgress"), Qt::CaseInsensitive) == 0)
            j.currentTask = task.name;
        j.tasks << task;
    }
}

} // namespace

Job::Status Job::statusFrom(const QString &text)
{
    if (text.compare(QLatin1String("Canceled"), Qt::CaseInsensitive) == 0)
        return Status::Cancelled;
    if (text.compare(QLatin1String("Canceling"), Qt::CaseInsensitive) == 0)
        return Status::Cancelling;
    if (text.compare(QLatin1String("Succeeded"), Qt::CaseInsensitive) == 0)
        return Status::Completed;
    for (const StatusName &s : kStatuses) {
        if (text.compare(QLatin1String(s.name), Qt::CaseInsensitive) == 0)
            return s.status;
    }
    return Status::Unknown;
}

QString Job::statusName(Status status)
{
    for (const StatusName &s : kStatuses) {
        if (s.status == status)
            return QLatin1String(s.name);
    }
    return QStringLiteral("Unknown");
}

std::optional<qint64> Job::elapsedMs(const QDateTime &now) const
{
    if (durationMs)
        return durationMs;
    if (!startTime.isValid())
        return std::nullopt;
    if (endTime.isValid())
        return qMax<qint64>(0, startTime.msecsTo(endTime));
    if (isRunning())
        return qMax<qint64>(0, startTime.msecsTo(now));
    return std::nullopt;
}

Result<Job> Job::fromArm(const QJsonObject &resource)
{
    ArmReader r(resource, QStringLiteral("Job"));
    Job j;
    j.raw = resource;
    j.id = r.string("id", ArmReader::Required);
    r.setSubject(j.id);
    j.armId = ArmId::parse(j.id);
    if (r.ok() && j.armId.kind != ArmId::Kind::Job)
        r.failId(j.id, QStringLiteral("Job"));
    j.name = r.string("name");
    if (j.name.isEmpty())
        j.name = j.armId.job;
    r.object("properties", ArmReader::Required);
    j.jobType = r.string("properties.jobType");
    if (j.jobType == QLatin1String("AzureIaaSVMJob") || j.jobType == QLatin1String("AzureIaaSVMJobV2"))
        j.kind = Kind::IaasVm;
    else if (j.jobType == QLatin1String("AzureStorageJob"))
        j.kind = Kind::FileShare;
    else if (j.jobType == QLatin1String("AzureWorkloadJob"))
        j.kind = Kind::Workload;
    j.operation = r.string("properties.operation");
    j.statusText = r.string("properties.status");
    j.status = statusFrom(j.statusText);
    j.entityFriendlyName = r.string("properties.entityFriendlyName");
    j.backupManagementType = r.string("properties.backupManagementType");
    j.startTime = r.time("properties.startTime");
    j.endTime = r.time("properties.endTime");
    j.durationMs = r.duration("properties.duration");
    j.activityId = r.string("properties.activityId");
    j.percent = r.number("properties.extendedInfo.progressPercentage", 0, 100);
    j.remainingMs = r.duration("properties.extendedInfo.estimatedRemainingDuration");
    j.propertyBag = r.stringMap("properties.extendedInfo.propertyBag");
    readTasks(r, j);
    readProblems(r, j);
    if (!r.ok())
        return r.error();
    return j;
}

} // namespace RestoreDesk::Backup
