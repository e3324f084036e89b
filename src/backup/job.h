#pragma once

#include "backup/armid.h"
#include "core/result.h"

#include <QDateTime>
#include <QJsonObject>
#include <QMap>
#include <QStringList>

#include <optional>

namespace RestoreDesk::Backup {

// A backup job (backup, restore, configure protection...), polymorphic by `properties.jobType`
// (AzureIaaSVMJob, AzureIaaSVMJobV2, AzureStorageJob, AzureWorkloadJob; anything else is
// Unknown and keeps its raw JSON). The status is normalised: jobs say "Cancelled" (operations
// say "Canceled"; both are accepted); an end time of "0001-01-01…" means not ended; durations
// come as ISO 8601 ("PT12.42S") or .NET TimeSpan ("00:20:23.0896697"). Percent and current
// task are read from extendedInfo when the service sends it (a job GET; lists omit it).
// Warnings are kept as prominently as errors. Value type, any thread.
struct Job
{
    enum class Kind { IaasVm, FileShare, Workload, Unknown };
    enum class Status {
        InProgress,
        Completed,
        CompletedWithWarnings,
        Failed,
        Cancelling,
        Cancelled,
        Invalid,
        Unknown
    };

    struct Task
    {
        QString name; // taskId: "Take Snapshot", "Transfer data to vault"
        QString status; // NotStarted, InProgress, Completed, Failed, Cancelled...
        QDateTime startTime;
        QDateTime endTime;
        std::optional<qint64> durationMs;
        std::optional<double> percent;
    };

    // An error or a warning of the job: what the service said, and what it recommends.
    struct Problem
    {
        QString code; // a number for some job types, a name for others; as text
        QString message;
        QString title;
        QStringList recommendations;
    };

    QString id;
    ArmId armId;
    QString name; // the job id (a GUID)
    Kind kind = Kind::Unknown;
    QString jobType;
    QString operation; // Backup, Restore, ConfigureBackup, DeleteBackupData...
    Status status = Status::Unknown;
    QString statusText; // as sent
    QString entityFriendlyName; // the item the job works on
    QString backupManagementType;
    QDateTime startTime;
    QDateTime endTime; // invalid while running (and for the "0001-01-01" sentinel)
    std::optional<qint64> durationMs;
    std::optional<double> percent; // extendedInfo.progressPercentage
    std::optional<qint64> remainingMs; // extendedInfo.estimatedRemainingDuration
    QString currentTask; // the first task in progress
    QList<Task> tasks;
    QList<Problem> errors;
    QList<Problem> warnings;
    QMap<QString, QString> propertyBag;
    QString activityId;
    QJsonObject raw;

    bool isRunning() const { return status == Status::InProgress || status == Status::Cancelling; }
    // Invalid is terminal too: the service will not take such a job any further.
    bool isTerminal() const
    {
        return status == Status::Completed || status == Status::CompletedWithWarnings
            || status == Status::Failed || status == Status::Cancelled || status == Status::Invalid;
    }
    // Completed, and nothing to warn about: a "Completed" job may still carry warnings (a dynamic
    // error message, a warning in its property bag), and then it did not simply succeed.
    bool succeededCleanly() const { return status == Status::Completed && warnings.isEmpty(); }
    // The duration the service reported, else end - start, else now - start while running.
    std::optional<qint64> elapsedMs(const QDateTime &now) const;

    static Result<Job> fromArm(const QJsonObject &resource);
    // "Cancelled" and "Canceled" are one status; unknown words are Unknown.
    static Status statusFrom(const QString &text);
    static QString statusName(Status status); // stable keys: "InProgress", "Cancelled"...
};

} // namespace RestoreDesk::Backup
