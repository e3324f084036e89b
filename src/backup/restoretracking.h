#pragma once

#include "backup/job.h"
#include "core/error.h"
#include "core/job.h"

#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

namespace RestoreDesk::Backup {

class BackupService;

// How often a restore is looked at, and how patiently it is looked for again after a failure.
struct TrackingOptions
{
    int operationPollMs = 2000; // when the service names no Retry-After
    int jobPollMs = 5000;
    int maxPollMs = 60000; // a longer Retry-After is shortened to this
    int retryBaseMs = 1000; // after a transient failure: base · 2^n, up to retryMaxMs
    int retryMaxMs = 60000;
    // After a lost answer the vault's jobs are looked through for the restore; an absent job means
    // "not started" only once the service could have taken the request (its send plus the
    // transport's timeout, or the moment the answer was found lost if later) AND listed its job:
    // reconcileGraceMs is that listing lag (the service can list a job a while after taking its
    // request). Looked at every reconcilePollMs at first, the pause doubling up to
    // reconcileMaxPollMs (and never past the window's end). How far before the request a job's
    // start may lie, on the vault's clock as its answers show it (ServerClock), is clockSkewMs,
    // or what that measure may miss when it is more.
    int reconcileGraceMs = 60000;
    int reconcilePollMs = 5000;
    int reconcileMaxPollMs = 20000;
    int clockSkewMs = 120000;
};

// Where a followed restore stands.
struct RestoreProgress
{
    enum class Stage {
        Operation, // the service is turning the request into a job
        Job, // the job runs
        Reconnecting, // the last look failed for a passing reason; looking again
    };
    Stage stage = Stage::Operation;
    QString jobId; // the job's full id, once the operation names it
    std::optional<Backup::Job> job; // the last answer about the job
    std::optional<Error> problem; // while reconnecting: what failed
    int failures = 0; // consecutive failed looks
    int nextLookMs = 0; // when the next look is due
};

// Follows one restore to its end, in Azure Backup's two steps: the operation's status monitor,
// used exactly as the service gave it, until it names the job; then the job until it is terminal.
// Passing failures (no network, timeouts, throttling, 5xx, a spent retry budget) do not end it:
// it says so through `progress` and looks again with a growing pause, as long as it lives. It
// reports the terminal job, or an error that looking again cannot fix (the operation failed,
// access was refused, the session is gone). Token renewal is the transport's. Reports once;
// cancellable; owner's thread.
class RestoreTracking final : public RestoreDesk::Job<Backup::Job>
{
    Q_OBJECT

public:
    using Progress = std::function<void(const RestoreProgress &)>;

    // `jobId` (a full id) skips the operation; `operationUrl` is followed otherwise.
    static RestoreTracking *start(BackupService *service, const QString &operationUrl, const QString &jobId,
                                  const TrackingOptions &options, QObject *owner, Progress progress,
                                  Done done);
    ~RestoreTracking() override;
    void cancel() override;
    const RestoreProgress &progress() const { return m_progress; }

    // Whether looking again may help (network, timeout, 429, 5xx, transport budget, unreadable).
    static bool isTransient(const Error &error);
    // Whether a result (Location) URL's error answer is the operation's own failure: a 4xx with
    // the service's error code, other than 404 (unknown), 408 and 429.
    static bool isOperationFailure(const Error &error);

    // Finds the job a finished operation made: its full id, or empty while the jobs list does not
    // show it yet.
    using Finder = std::function<JobBase *(QObject *owner, std::function<void(Result<QString>)> done)>;
    // Follows a Location URL instead of a status monitor (a 202 without Azure-AsyncOperation, as
    // Azure Resource Manager allows): 202 while it runs (an Azure-AsyncOperation named there is
    // preferred from then on), 200 or 204 once done; then `find` names the job. A 4xx with the
    // service's error is the operation's failure (reported as restore_operation_failed); a 404
    // (the result expired) sends it to the jobs list; while the URL keeps failing for a passing
    // reason, every third failure also looks in the jobs list. Call right after start(), before
    // the event loop runs.
    void followLocation(const QString &locationUrl, Finder find);

private:
    RestoreTracking(BackupService *service, QString operationUrl, QString jobId, TrackingOptions options,
                    QObject *owner, Progress progress, Done done);
    void look();
    void lookAtOperation();
    void lookAtJob();
    void lookAtLocation();
    void findJob();
    void probeJobs();
    void locationFailed(const Error &error);
    void lookAgainIn(int ms);
    void failed(const Error &error);
    void notify();

    QPointer<BackupService> m_service;
    QString m_operationUrl;
    QString m_locationUrl;
    Finder m_find;
    bool m_locationDone = false;
    bool m_probeJobs = false; // the next look is at the jobs list, then the result URL again
    int m_findMisses = 0;
    TrackingOptions m_options;
    Progress m_onProgress;
    RestoreProgress m_progress;
    QTimer m_timer;
    QPointer<JobBase> m_call;
};

} // namespace RestoreDesk::Backup
