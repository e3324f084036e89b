#pragma once

#include "backup/job.h"
#include "backup/pendingrestore.h"
#include "clicontext.h"

#include <QJsonObject>

#include <QEventLoop>
#include <QHash>
#include <QSet>

#include <optional>

namespace RestoreDesk::Backup {
class BackupService;
class RestoreActions;
} // namespace RestoreDesk::Backup

namespace RestoreDesk::Cli {

class ApiRun;

// --wait for `restore` and `jobs show`: follows a restore (through the RestoreActions' tracker)
// or a job (RestoreTracking with the job id) to its end, with a line on standard error each time
// its status, task or percent changes, riding out token renewals, throttling and network loss as
// the tracking does. A restore's end, and the end of any other pending restore the tracker picked
// up again on the way, is recorded in the audit log against its "requested" record. Lives for one
// command on the main thread; connect it before submitting, so no end is missed.
class RestoreWait
{
public:
    RestoreWait(Context &ctx, Backup::RestoreActions &actions);
    void setPollSeconds(int seconds);

    // The followed restore's job once it has ended; an error when following stopped for good.
    Result<Backup::Job> untilEnd(const QString &clientRequestId);
    // The restore's job id (full) once the operation names it; empty when it ended or stopped
    // first, or `timeoutMs` passed.
    QString untilJobKnown(const QString &clientRequestId, int timeoutMs);
    // How the restore ended or stopped, once it did (as untilEnd() would return it); nothing while
    // it is still followed.
    std::optional<Result<Backup::Job>> endOf(const QString &clientRequestId) const;
    // The job at `jobId` (a full id) once it has ended; with `operationUrl`, the job that
    // operation names (when `jobId` is not known yet). Nothing is recorded.
    static Result<Backup::Job> job(Context &ctx, Backup::BackupService &service, const QString &jobId,
                                   int pollSeconds, QObject *owner, const QString &operationUrl = {});

    // 0 when the job completed without warnings; 5 otherwise (failed, cancelled, warnings), with
    // the verdict, and each warning or error, on standard error.
    static int exitCodeOf(const Backup::Job &job, Context &ctx);
    // What `restore --wait` and `restore resend --wait` print once the job ended (or following it
    // failed): `out` with the job and its status as JSON, else the job's details; the exit code.
    // When following stopped, `out` is still printed (with "trackingStopped"): the restore was
    // accepted and is kept; the exit code is the error's when `waited`, else 0 (accepted).
    static int reportEnd(ApiRun &run, QJsonObject out, const Result<Backup::Job> &ended, bool waited = true);
    // What an unsettled restore (no job found, or its outcome unknown) means and what the operator
    // does next, on standard error after the error's own line: nothing was sent again, the job(s)
    // that may be it, and how to settle it. The exit code stays 1 (README, "restore").
    static void explainUnsettled(Context &ctx, const QString &verb, const Error &error);
    // An unsettled restore for --output json: its client request id, status (OutcomeUnknown or
    // NoJobFound), the error, and "candidateJobs" (the jobs that may be it, as data).
    static QJsonObject unsettledJson(const Error &error);

private:
    Context &m_ctx;
    Backup::RestoreActions &m_actions;
    int m_pollSeconds = 5;
    QHash<QString, Backup::Job> m_ends; // by client request id
    QHash<QString, Error> m_stops;
    QHash<QString, QString> m_jobIds; // by client request id, once known
    QString m_lastLine;
    QSet<QString> m_reconciling; // client request ids whose reconciliation was announced
    QEventLoop *m_loop = nullptr;
};

// --poll SECONDS (1..600, default 5); -1 when it cannot be read.
int pollSeconds(const QCommandLineParser &parser);
// --reconcile-grace SECONDS (0..3600): how long after a lost answer's request (and its timeout)
// the vault's jobs are still looked through. -1 when it cannot be read (a usage error); 0 when it
// is not given, as for an explicit 0: only a check, the value is applyReconcileGrace()'s.
int reconcileGraceSeconds(const QCommandLineParser &parser);
// The usage error of an unreadable --reconcile-grace.
QString reconcileGraceUsage();
// Sets the grace given (checked first with reconcileGraceSeconds()) on `actions`, after
// setPollSeconds() (which resets the tracking options); unset, the tracker's default (60 s) stays.
void applyReconcileGrace(const QCommandLineParser &parser, Backup::RestoreActions &actions);

} // namespace RestoreDesk::Cli
