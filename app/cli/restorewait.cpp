#include "restorewait.h"

#include "apirun.h"
#include "backup/backupservice.h"
#include "backup/restoreactions.h"
#include "backup/restoreerrors.h"
#include "backup/restoreservice.h"
#include "backup/restoretracking.h"
#include "estatefields.h"
#include "text/errortext.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTimer>

namespace RestoreDesk::Cli {

namespace {

using Backup::Job;

Backup::TrackingOptions trackingFor(int pollSeconds)
{
    Backup::TrackingOptions o;
    o.jobPollMs = pollSeconds * 1000;
    o.operationPollMs = qMin(o.operationPollMs, o.jobPollMs);
    o.retryBaseMs = qMin(o.retryBaseMs, o.jobPollMs);
    o.reconcilePollMs = qMin(o.reconcilePollMs, o.jobPollMs);
    return o;
}

// "InProgress 40% — Transfer data from vault", or how it is being looked for again.
QString lineOf(const Backup::RestoreProgress &p)
{
    if (p.stage == Backup::RestoreProgress::Stage::Reconnecting)
        return QStringLiteral("looking again (%1 failed looks: %2)")
            .arg(p.failures)
            .arg(p.problem ? Text::headline(*p.problem) : QString());
    if (!p.job)
        return QStringLiteral("the service is creating the job");
    QString line = Job::statusName(p.job->status);
    if (p.job->percent)
        line += QStringLiteral(" %1%").arg(qRound(*p.job->percent));
    if (!p.job->currentTask.isEmpty())
        line += QStringLiteral(" — ") + p.job->currentTask;
    return line;
}

} // namespace

RestoreWait::RestoreWait(Context &ctx, Backup::RestoreActions &actions)
    : m_ctx(ctx)
    , m_actions(actions)
{
    Backup::RestoreTracker *tracker = actions.tracker();
    // Handled from the event loop: forgetting a record ends its tracking, which is still
    // reporting while the signal is delivered.
    QObject::connect(
        tracker, &Backup::RestoreTracker::ended, tracker,
        [this](const Backup::PendingRestore &record, const Job &job) {
            // Whoever sees the end records it; then the record goes.
            if (const auto recorded = m_actions.recordEnd(record, job); !recorded)
                m_ctx.err << "restoredesk-cli: warning: the end of restore " << record.clientRequestId
                          << " was not recorded in the audit log (it will be at the next start): "
                          << Text::headline(recorded.error()) << '\n';
            m_ends.insert(record.clientRequestId, job);
            if (m_loop)
                m_loop->quit();
        },
        Qt::QueuedConnection);
    QObject::connect(
        tracker, &Backup::RestoreTracker::stopped, tracker,
        [this](const Backup::PendingRestore &record, const Error &e) {
            // An operation that failed before any job existed is the restore's end: recorded, and
            // the record goes, as for a job's end.
            if (Backup::RestoreActions::endedWithoutJob(e)) {
                if (const auto recorded = m_actions.recordOperationFailed(record, e); !recorded)
                    m_ctx.err << "restoredesk-cli: warning: the end of restore " << record.clientRequestId
                              << " was not recorded in the audit log (it will be at the next start): "
                              << Text::headline(recorded.error()) << '\n';
            }
            m_stops.insert(record.clientRequestId, e);
            if (m_loop)
                m_loop->quit();
        },
        Qt::QueuedConnection);
    // A lost answer being reconciled: said once per request, with until when (nothing is sent
    // again meanwhile, however long the vault takes to list the job).
    QObject::connect(&actions, &Backup::RestoreActions::reconciling, tracker,
                     [this](const Backup::PendingRestore &record, const QDateTime &until, int) {
                         if (m_reconciling.contains(record.clientRequestId))
                             return;
                         m_reconciling.insert(record.clientRequestId);
                         m_ctx.err << "No answer came for request " << record.clientRequestId
                                   << "; the service may have taken it. Looking for its job in the vault's "
                                      "jobs until "
                                   << until.toUTC().toString(QStringLiteral("HH:mm:ss 'UTC'"))
                                   << " (a job can be listed a while after the service takes it); nothing is "
                                      "sent again meanwhile.\n"
                                   << Qt::flush;
                     });
    QObject::connect(tracker, &Backup::RestoreTracker::progressed, tracker,
                     [this](const Backup::PendingRestore &record, const Backup::RestoreProgress &p) {
                         if (!p.jobId.isEmpty() && !m_jobIds.contains(record.clientRequestId)) {
                             m_jobIds.insert(record.clientRequestId, p.jobId);
                             if (m_loop)
                                 m_loop->quit();
                         }
                         const QString line = lineOf(p);
                         if (line != m_lastLine)
                             m_ctx.err << line << '\n' << Qt::flush;
                         m_lastLine = line;
                     });
}

void RestoreWait::setPollSeconds(int seconds)
{
    m_pollSeconds = seconds;
    m_actions.tracker()->setOptions(trackingFor(seconds));
}

Result<Job> RestoreWait::untilEnd(const QString &clientRequestId)
{
    QEventLoop loop;
    m_loop = &loop;
    while (!m_ends.contains(clientRequestId) && !m_stops.contains(clientRequestId))
        loop.exec();
    m_loop = nullptr;
    if (m_stops.contains(clientRequestId))
        return m_stops.value(clientRequestId);
    return m_ends.value(clientRequestId);
}

QString RestoreWait::untilJobKnown(const QString &clientRequestId, int timeoutMs)
{
    QEventLoop loop;
    m_loop = &loop;
    bool late = false;
    QTimer deadline;
    deadline.setSingleShot(true);
    QObject::connect(&deadline, &QTimer::timeout, &loop, [&] {
        late = true;
        loop.quit();
    });
    deadline.start(timeoutMs);
    while (!late && !m_jobIds.contains(clientRequestId) && !m_ends.contains(clientRequestId)
           && !m_stops.contains(clientRequestId))
        loop.exec();
    m_loop = nullptr;
    return m_jobIds.value(clientRequestId);
}

std::optional<Result<Job>> RestoreWait::endOf(const QString &clientRequestId) const
{
    if (m_stops.contains(clientRequestId))
        return Result<Job>(m_stops.value(clientRequestId));
    if (m_ends.contains(clientRequestId))
        return Result<Job>(m_ends.value(clientRequestId));
    return std::nullopt;
}

Result<Job> RestoreWait::job(Context &ctx, Backup::BackupService &service, const QString &jobId,
                             int pollSeconds, QObject *owner, const QString &operationUrl)
{
    std::optional<Result<Job>> result;
    QString last;
    QEventLoop loop;
    Backup::RestoreTracking::start(
        &service, jobId.isEmpty() ? operationUrl : QString(), jobId, trackingFor(pollSeconds), owner,
        [&](const Backup::RestoreProgress &p) {
            const QString line = lineOf(p);
            if (line != last)
                ctx.err << line << '\n' << Qt::flush;
            last = line;
        },
        [&](Result<Job> r) {
            result = std::move(r);
            loop.quit();
        });
    if (!result)
        loop.exec();
    return std::move(*result);
}

int RestoreWait::exitCodeOf(const Job &job, Context &ctx)
{
    for (const Job::Problem &w : job.warnings)
        ctx.err << "warning: " << (w.code.isEmpty() ? QString() : w.code + QStringLiteral(": ")) << w.message
                << '\n';
    for (const Job::Problem &e : job.errors)
        ctx.err << "error: " << (e.code.isEmpty() ? QString() : e.code + QStringLiteral(": ")) << e.message
                << '\n';
    if (job.succeededCleanly()) {
        ctx.err << "The job completed.\n";
        return Ok;
    }
    switch (job.status) {
    case Job::Status::Completed:
    case Job::Status::CompletedWithWarnings:
        ctx.err << "The job completed WITH WARNINGS: check what it says before relying on the result.\n";
        break;
    case Job::Status::Cancelled:
        ctx.err << "The job was cancelled.\n";
        break;
    default:
        ctx.err << "The job failed (" << Job::statusName(job.status) << ").\n";
        break;
    }
    return JobFailed;
}

void RestoreWait::explainUnsettled(Context &ctx, const QString &verb, const Error &error)
{
    const QString id = error.args.value(0);
    const QString prefix = QStringLiteral("restoredesk-cli ") + verb + QStringLiteral(": ");
    if (error.code != Backup::Codes::RestoreOutcomeUnknown) {
        ctx.err << prefix << "it is kept as pending; restoredesk-cli restore resend " << id
                << " looks for its job again and, only if there is none, sends it anew once you "
                   "confirm (the console reconciles it at its next start too)\n";
        return;
    }
    // The jobs that may be this restore, as the error carries them (each a well-formed job id).
    const QStringList jobs = Backup::RestoreService::candidateJobs(error);
    ctx.err << prefix << "Nothing was sent again: whether the service started this restore is not known; "
            << "it is kept as pending (client request id " << id << ").\n";
    if (!jobs.isEmpty()) {
        ctx.err
            << prefix << "restore job " << jobs.join(QStringLiteral(", "))
            << " of the item may be this restore (the service does not say which request started a "
               "job). Check it: restoredesk-cli jobs show "
            << jobs.first()
            << ". If it is this restore, adopt it (audited; it is then followed as this restore): "
               "restoredesk-cli restore pending adopt "
            << id << " --job " << jobs.first()
            << ". If it is not (another console's, the portal's): restoredesk-cli restore pending discard "
            << id << " --reason TEXT (or the console's Discard button), then restore anew.\n";
    } else {
        ctx.err << prefix << "the vault's jobs could not be read; nothing is assumed.\n";
    }
    ctx.err << prefix << "restoredesk-cli restore resend " << id
            << " looks for its job once more; it sends the restore anew only when no job of the item may be "
               "it, and only once you confirm.\n";
}

QJsonObject RestoreWait::unsettledJson(const Error &error)
{
    const bool unknown = error.code == Backup::Codes::RestoreOutcomeUnknown;
    return QJsonObject { { QStringLiteral("clientRequestId"), error.args.value(0) },
                         { QStringLiteral("status"),
                           unknown ? QStringLiteral("OutcomeUnknown") : QStringLiteral("NoJobFound") },
                         { QStringLiteral("error"),
                           QJsonObject { { QStringLiteral("code"), error.code },
                                         { QStringLiteral("message"), Text::describe(error) },
                                         { QStringLiteral("correlationId"), error.correlationId } } },
                         { QStringLiteral("sentAgain"), false },
                         { QStringLiteral("candidateJobs"),
                           QJsonArray::fromStringList(Backup::RestoreService::candidateJobs(error)) } };
}

int RestoreWait::reportEnd(ApiRun &run, QJsonObject out, const Result<Job> &ended, bool waited)
{
    if (!ended && Backup::RestoreActions::endedWithoutJob(ended.error())) {
        // The service refused it after accepting it, before making a job: it failed (exit 5).
        if (run.json()) {
            out.insert(QStringLiteral("status"), QStringLiteral("Failed"));
            out.insert(QStringLiteral("error"),
                       QJsonObject { { QStringLiteral("code"), ended.error().args.value(0) },
                                     { QStringLiteral("message"), ended.error().args.value(1) },
                                     { QStringLiteral("correlationId"), ended.error().correlationId } });
            run.context().out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        }
        run.context().err << "restoredesk-cli: " << Text::describe(ended.error()) << '\n'
                          << "The restore failed before the service made a job: nothing was restored.\n";
        return JobFailed;
    }
    if (!ended) {
        // Following it stopped (sign-in refused, permission lost, the network): the restore was
        // accepted and stays kept, so the output says so (a script that saw no "Accepted" might
        // start a second restore). Not waited on, accepted is the outcome (exit 0).
        const Error &e = ended.error();
        const int code = run.say(QStringLiteral("following the restore"), e);
        const QString id = out.value(QStringLiteral("clientRequestId")).toString();
        run.context().err << "The restore was accepted and is kept; nothing was sent again. Follow it with "
                             "restoredesk-cli restore resend "
                          << id << " --wait (it is not sent again), or in the console.\n";
        if (run.json()) {
            out.insert(QStringLiteral("trackingStopped"),
                       QJsonObject { { QStringLiteral("code"), e.code },
                                     { QStringLiteral("message"), Text::describe(e) },
                                     { QStringLiteral("correlationId"), e.correlationId } });
            run.context().out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        }
        return waited ? code : int(Ok);
    }
    if (run.json()) {
        out.insert(QStringLiteral("job"), EstateFields::jobDetails(ended.value()).toJson());
        out.insert(QStringLiteral("status"), Job::statusName(ended->status));
        run.context().out << QJsonDocument(out).toJson(QJsonDocument::Indented);
    } else {
        run.printOne(EstateFields::jobDetails(ended.value()));
    }
    return exitCodeOf(ended.value(), run.context());
}

int pollSeconds(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("poll")))
        return 5;
    bool ok = false;
    const int s = parser.value(QStringLiteral("poll")).toInt(&ok);
    return ok && s >= 1 && s <= 600 ? s : -1;
}

int reconcileGraceSeconds(const QCommandLineParser &parser)
{
    if (!parser.isSet(QStringLiteral("reconcile-grace")))
        return 0;
    bool ok = false;
    const int s = parser.value(QStringLiteral("reconcile-grace")).toInt(&ok);
    return ok && s >= 0 && s <= 3600 ? s : -1;
}

QString reconcileGraceUsage()
{
    return QStringLiteral("--reconcile-grace needs a number of seconds (0..3600)");
}

void applyReconcileGrace(const QCommandLineParser &parser, Backup::RestoreActions &actions)
{
    const int grace = reconcileGraceSeconds(parser);
    if (grace < 0 || !parser.isSet(QStringLiteral("reconcile-grace")))
        return;
    Backup::TrackingOptions o = actions.tracker()->options();
    o.reconcileGraceMs = grace * 1000;
    actions.tracker()->setOptions(o);
}

} // namespace RestoreDesk::Cli
