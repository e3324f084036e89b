#pragma once

#include "backup/armerror.h"
#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <optional>

namespace RestoreDesk::Backup {

// The body of a long-running operation's status monitor (Azure-AsyncOperation URL:
// .../operationsStatus/{id}, .../backupOperations/{id}, .../backupPolicies/{p}/operations/{id}):
// `status` always; start and end times (end "0001-01-01…" = not ended); `error` on failure; and
// for backup operations `properties` by `objectType`: OperationStatusJobExtendedInfo names the
// job to follow (`jobId`), OperationStatusJobsExtendedInfo several (`jobIds`, `failedJobsError`).
// An unknown objectType keeps its raw JSON. Value type, any thread.
struct OperationStatus
{
    enum class Status { InProgress, Succeeded, Failed, Canceled, Invalid, Unknown };
    enum class InfoKind { None, Job, Jobs, Unknown };

    QString id; // usually the operation GUID, sometimes a full id
    QString name;
    Status status = Status::Unknown;
    QString statusText;
    QDateTime startTime;
    QDateTime endTime;
    std::optional<double> percentComplete;
    std::optional<ArmError> error;
    InfoKind infoKind = InfoKind::None;
    QString objectType;
    QString jobId; // OperationStatusJobExtendedInfo
    QStringList jobIds; // OperationStatusJobsExtendedInfo
    QMap<QString, QString> failedJobsError; // job id -> what went wrong
    QJsonObject raw;

    // Succeeded, Failed and Canceled end an operation; anything else (InProgress, an unknown
    // word) means poll again.
    bool isTerminal() const
    {
        return status == Status::Succeeded || status == Status::Failed || status == Status::Canceled;
    }

    static Result<OperationStatus> fromArm(const QJsonObject &body);
};

} // namespace RestoreDesk::Backup
