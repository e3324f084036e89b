#include "backup/operationstatus.h"

#include "backup/armreader.h"

namespace RestoreDesk::Backup {

namespace {

OperationStatus::Status statusFrom(const QString &s)
{
    using Status = OperationStatus::Status;
    if (s.compare(QLatin1String("InProgress"), Qt::CaseInsensitive) == 0)
        return Status::InProgress;
    if (s.compare(QLatin1String("Succeeded"), Qt::CaseInsensitive) == 0)
        return Status::Succeeded;
    if (s.compare(QLatin1String("Failed"), Qt::CaseInsensitive) == 0)
        return Status::Failed;
    if (s.compare(QLatin1String("Canceled"), Qt::CaseInsensitive) == 0
        || s.compare(QLatin1String("Cancelled"), Qt::CaseInsensitive) == 0)
        return Status::Canceled;
    if (s.compare(QLatin1String("Invalid"), Qt::CaseInsensitive) == 0)
        return Status::Invalid;
    return Status::Unknown;
}

} // namespace

Result<OperationStatus> OperationStatus::fromArm(const QJsonObject &body)
{
    ArmReader r(body, QStringLiteral("OperationStatus"));
    OperationStatus o;
    o.raw = body;
    o.id = r.string("id");
    o.name = r.string("name");
    r.setSubject(o.id.isEmpty() ? o.name : o.id);
    o.statusText = r.string("status", ArmReader::Required);
    o.status = statusFrom(o.statusText);
    o.startTime = r.time("startTime");
    o.endTime = r.time("endTime");
    o.percentComplete = r.number("percentComplete", 0, 100);
    const QJsonObject error = r.object("error");
    if (!error.isEmpty() && r.ok()) {
        auto parsed = ArmError::fromArm(QJsonObject { { QStringLiteral("error"), error } });
        if (!parsed)
            r.fail(parsed.error());
        else
            o.error = parsed.value();
    }
    if (r.has("properties")) {
        r.object("properties");
        o.objectType = r.string("properties.objectType");
        if (o.objectType == QLatin1String("OperationStatusJobExtendedInfo")) {
            o.infoKind = InfoKind::Job;
            o.jobId = r.string("properties.jobId");
        } else if (o.objectType == QLatin1String("OperationStatusJobsExtendedInfo")) {
            o.infoKind = InfoKind::Jobs;
            o.jobIds = r.strings("properties.jobIds");
            o.failedJobsError = r.stringMap("properties.failedJobsError");
        } else {
            o.infoKind = InfoKind::Unknown;
        }
    }
    if (!r.ok())
        return r.error();
    return o;
}

} // namespace RestoreDesk::Backup
