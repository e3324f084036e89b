#include "jobcommands.h"

#include "access/accessservice.h"
#include "apirun.h"
#include "audit/audittrail.h"
#include "auditcommands.h"
#include "backup/armid.h"
#include "backup/distinct.h"
#include "backup/restoreactions.h"
#include "backup/restoreservice.h"
#include "estatefields.h"
#include "restorewait.h"
#include "verbargs.h"
#include "verbhelp.h"

#include <QJsonArray>
#include <QJsonDocument>

#include <algorithm>

namespace RestoreDesk::Cli {

namespace {

using Backup::ArmId;
using Backup::Job;

const QString kVaultShape
    = QStringLiteral("/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.RecoveryServices/vaults/NAME");
const QString kJobShape = QStringLiteral("VAULT_ID/backupJobs/JOB_GUID");

int list(ApiRun &run, const QStringList &args);
int show(ApiRun &run, const QStringList &args);
int cancel(ApiRun &run, const QStringList &args);

// One verb: its help and its function (which gets the arguments after the verb).
struct JobVerb
{
    VerbHelp help;
    int (*run)(ApiRun &, const QStringList &);
};

const QList<JobVerb> &verbs()
{
    static const QList<JobVerb> v = {
        { { "jobs", "list", "jobs list --vault VAULT_ID [--status S] [--since ISO]",
            "Backup and restore jobs of the vault, newest first: operation, status (warnings are a\n"
            "status of their own: CompletedWithWarnings), item, start, duration. --status asks for one\n"
            "status (InProgress, Completed, CompletedWithWarnings, Failed, Cancelling, Cancelled);\n"
            "--since for the jobs started since then (ISO 8601; without a zone, local time).\n"
            "Without --since no time filter is sent and the list is what the service returns; the\n"
            "first line says which. Every page is read.",
            "restoredesk-cli jobs list --vault VAULT_ID --since 2026-11-28T00:00:00Z --status Failed" },
          &list },
        { { "jobs", "show", "jobs show JOB_ID [--wait [--poll SECONDS]]",
            "One job with its tasks, progress, errors and warnings (each with the service's\n"
            "recommendations). --wait follows it to its end (a line on standard error when its status,\n"
            "task or percent changes; every --poll seconds, default 5) and exits 0 only when it\n"
            "completed without warnings, 5 when it failed, was cancelled or ended with warnings.",
            "restoredesk-cli jobs show VAULT_ID/backupJobs/6b0a5c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b --output "
            "json" },
          &show },
        { { "jobs", "cancel", "jobs cancel JOB_ID --reason TEXT [--yes]",
            "Asks the service to cancel a running job, after your permission to cancel jobs in its\n"
            "vault is checked (missing: exit 6, naming the action) and you confirm (unless --yes).\n"
            "--reason is required, as in the console. Recorded in the audit log before it is sent\n"
            "(\"requested\", with the reason) and after\n"
            "(\"accepted\" or \"refused\" with the service's code); a log that cannot be written refuses\n"
            "it. The job then ends as Cancelled: jobs show JOB_ID --wait.",
            "restoredesk-cli jobs cancel VAULT_ID/backupJobs/6b0a5c1e-2f3d-4e5f-8a9b-0c1d2e3f4a5b --yes "
            "--reason \"wrong recovery point\"" },
          &cancel },
    };
    return v;
}

int list(ApiRun &run, const QStringList &args)
{
    if (!args.isEmpty())
        return run.usage(QStringLiteral("unexpected argument '%1'").arg(args.first()));
    const QCommandLineParser &p = *run.context().parser;
    const auto vault
        = VerbArgs::resourceId(p.value(QStringLiteral("vault")), ArmId::Kind::Vault, QStringLiteral("vault"),
                               QStringLiteral("--vault ") + kVaultShape);
    if (!vault)
        return run.usage(vault.error().detail);
    Backup::JobFilter filter;
    if (p.isSet(QStringLiteral("status"))) {
        const Job::Status status = Job::statusFrom(p.value(QStringLiteral("status")));
        if (status == Job::Status::Unknown || status == Job::Status::Invalid)
            return run.usage(QStringLiteral("--status must be InProgress, Completed, CompletedWithWarnings, "
                                            "Failed, Cancelling or Cancelled, not '%1'")
                                 .arg(p.value(QStringLiteral("status"))));
        filter.status = Job::statusName(status);
    }
    if (p.isSet(QStringLiteral("since"))) {
        const auto since = VerbArgs::time(QStringLiteral("--since"), p.value(QStringLiteral("since")));
        if (!since)
            return run.usage(since.error().detail);
        filter.since = since.value();
    }
    const QString vaultId = vault.value();
    const QString vaultName = ArmId::parse(vaultId).vault;
    if (const int opened = run.open())
        return opened;
    // The window, said above the list: jobs lists are where hidden defaults hurt.
    QString heading = QStringLiteral("Jobs of vault %1").arg(vaultName);
    if (!filter.status.isEmpty())
        heading += QStringLiteral(" with status %1").arg(filter.status);
    heading += filter.since.isValid()
        ? QStringLiteral(" since %1.").arg(VerbArgs::when(filter.since))
        : QStringLiteral(": no time window sent (no --since), so these are the jobs the service returns "
                         "without one.");

    ApiRun::Listing listing;
    const auto jobs = run.list<Job>(
        [&](auto onPage, auto done) { run.service().jobs(vaultId, filter, run.owner(), onPage, done); },
        &listing);
    QJsonObject params;
    if (filter.since.isValid())
        params.insert(QStringLiteral("since"), filter.since.toString(Qt::ISODate));
    if (!filter.status.isEmpty())
        params.insert(QStringLiteral("status"), filter.status);
    if (!jobs)
        return run.fail(QStringLiteral("listing the jobs of vault %1 failed").arg(vaultName), vaultId,
                        jobs.error(), params, Backup::Listing::Jobs);
    run.note(heading);
    OutputTable table;
    for (const char *key : { "operation", "status", "item", "startTime", "duration", "name" })
        table.addColumn(QLatin1String(key));
    table.addColumn(QStringLiteral("id"), OutputTable::Column::Id);
    // Newest first, as the help says, whatever order the service's pages came in.
    QList<Job> ordered = Backup::distinctById(jobs.value()); // a job list shifts while it is paged
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const Job &a, const Job &b) { return a.startTime > b.startTime; });
    QList<ShownResource> rows;
    for (const Job &j : std::as_const(ordered)) {
        rows << EstateFields::job(j);
        table.addRow(rows.last());
    }
    run.printList(table, rows);
    run.note(VerbArgs::coverage(int(rows.size()), QStringLiteral("job"), QStringLiteral("jobs"),
                                QStringLiteral("in vault ") + vaultName, listing.pages));
    params.insert(QStringLiteral("count"), rows.size());
    params.insert(QStringLiteral("pages"), listing.pages);
    run.succeeded(vaultId, params);
    return run.warnUnreadable(listing);
}

int show(ApiRun &run, const QStringList &args)
{
    if (args.isEmpty())
        return run.usage(QStringLiteral("give the id of the job (%1)").arg(kJobShape));
    if (args.size() > 1)
        return run.usage(QStringLiteral("unexpected argument '%1'").arg(args.at(1)));
    const auto id = VerbArgs::resourceId(args.first(), ArmId::Kind::Job, QStringLiteral("job"), kJobShape);
    if (!id)
        return run.usage(id.error().detail);
    const bool wait = run.context().parser->isSet(QStringLiteral("wait"));
    const int poll = pollSeconds(*run.context().parser);
    if (poll < 0)
        return run.usage(QStringLiteral("--poll needs a number of seconds (1..600)"));
    if (const int opened = run.open())
        return opened;
    const auto job = wait
        ? RestoreWait::job(run.context(), run.service(), id.value(), poll, run.owner())
        : run.get<Job>([&](auto done) { run.service().job(id.value(), run.owner(), done); });
    if (!job)
        return run.fail(QStringLiteral("reading job %1 failed").arg(ArmId::parse(id.value()).job), id.value(),
                        job.error(), {}, Backup::Listing::Jobs);
    run.printOne(EstateFields::jobDetails(job.value()));
    run.succeeded(id.value(), wait ? QJsonObject { { QStringLiteral("wait"), true } } : QJsonObject());
    return wait ? RestoreWait::exitCodeOf(job.value(), run.context()) : Ok;
}

int cancel(ApiRun &run, const QStringList &args)
{
    if (args.isEmpty())
        return run.usage(QStringLiteral("give the id of the job (%1)").arg(kJobShape));
    if (args.size() > 1)
        return run.usage(QStringLiteral("unexpected argument '%1'").arg(args.at(1)));
    const auto id = VerbArgs::resourceId(args.first(), ArmId::Kind::Job, QStringLiteral("job"), kJobShape);
    if (!id)
        return run.usage(id.error().detail);
    Context &ctx = run.context();
    const QCommandLineParser &p = *ctx.parser;
    // Why it is cancelled goes to the audit log, as the console asks for it.
    if (p.value(QStringLiteral("reason")).trimmed().isEmpty())
        return run.usage(
            QStringLiteral("give --reason TEXT (why the job is cancelled; it goes to the audit log)"));
    if (const int opened = run.open())
        return opened;
    const QString name = ArmId::parse(id.value()).job;
    QObject owner; // jobs end before the services below
    const auto job = run.get<Job>([&](auto done) { run.service().job(id.value(), &owner, done); });
    if (!job)
        return run.say(QStringLiteral("reading job %1").arg(name), job.error(), Backup::Listing::Jobs);

    // The right first (the service still rules): a "no" stops here and is recorded as such.
    Access::AccessService access(&run.access().arm(), run.service().versions());
    access.setCaller(run.access().caller());
    const Access::BackupOperation &op = Access::BackupOperation::get(Access::BackupOperation::Id::CancelJob);
    const QString vault = ArmId::parse(id.value()).vaultId();
    const auto verdict
        = run.get<Access::AccessCheck>([&](auto done) { access.check(op, vault, {}, &owner, done); });
    if (!verdict)
        return run.say(QStringLiteral("checking your permissions"), verdict.error());
    if (verdict->denied()) {
        QStringList missing;
        for (const Access::RequirementCheck &r : verdict->check.missing())
            missing << r.action;
        recordEvent(ctx, run.options(), Audit::EventType::PermissionCheck, Audit::Outcome::Denied,
                    run.access().identity(), id.value(),
                    { { QStringLiteral("operation"), op.key },
                      { QStringLiteral("missing"), QJsonArray::fromStringList(missing) } });
        ctx.err << "restoredesk-cli jobs cancel: denied at " << vault
                << ": missing permission: " << missing.join(QStringLiteral(", ")) << '\n';
        return PermissionDenied;
    }
    if (!job->isRunning()) {
        ctx.err << "restoredesk-cli jobs cancel: job " << name << " is " << Job::statusName(job->status)
                << "; only a running job can be cancelled\n";
        return Failure;
    }
    ctx.err << "Cancel job " << name << ": " << job->operation << " of " << job->entityFriendlyName << ", "
            << Job::statusName(job->status) << ".\n";
    if (!p.isSet(QStringLiteral("yes"))) {
        if (!askToConfirm(ctx, QStringLiteral("Cancel this job?"))) {
            ctx.err << "restoredesk-cli jobs cancel: not confirmed; nothing was sent\n";
            return Failure;
        }
    }

    // Audited before and after, through the same actions the console uses.
    Backup::RestoreService restore(&run.service());
    auto trail = openAuditTrail(run.options(), run.context().err);
    Backup::RestoreActions actions;
    actions.setSettlesLeftOvers(false); // one command: other kept restores are not its business
    actions.setService(&restore);
    actions.setAuditTrail(trail.get());
    const Audit::Identity who = run.access().identity();
    actions.setIdentity([who] { return who; });
    QObject cancelOwner; // ends before the actions
    const auto cancelled = run.get<Backup::CancelAccepted>([&](auto done) {
        actions.cancel(id.value(), p.value(QStringLiteral("reason")).trimmed(), &cancelOwner, done);
    });
    if (!cancelled)
        return run.say(QStringLiteral("cancelling job %1").arg(name), cancelled.error());
    if (run.json())
        ctx.out << QJsonDocument(
                       QJsonObject { { QStringLiteral("id"), id.value() },
                                     { QStringLiteral("name"), name },
                                     { QStringLiteral("status"), QStringLiteral("CancelRequested") },
                                     { QStringLiteral("correlationId"), cancelled->correlationId } })
                       .toJson(QJsonDocument::Indented);
    else
        ctx.out << "Cancel requested for job " << name << " (correlation id " << cancelled->correlationId
                << "). Follow it with: restoredesk-cli jobs show " << id.value() << " --wait\n";
    return Ok;
}

} // namespace

QString jobsHelp(const QStringList &words)
{
    QList<VerbHelp> helps;
    for (const JobVerb &v : verbs())
        helps << v.help;
    return helpFor(helps, words);
}

int runJobsCommand(Context &ctx, const GlobalOptions &options)
{
    QStringList args = ctx.args;
    const QString verb = args.isEmpty() ? QString() : args.takeFirst();
    QStringList names;
    for (const JobVerb &v : verbs()) {
        if (verb == QLatin1String(v.help.verb)) {
            ApiRun run(ctx, options, QStringLiteral("jobs ") + verb);
            return v.run(run, args);
        }
        names << QLatin1String(v.help.verb);
    }
    ctx.err << "restoredesk-cli jobs: "
            << (verb.isEmpty() ? QStringLiteral("give a verb")
                               : QStringLiteral("unknown verb '%1'").arg(verb))
            << " (" << names.join(QStringLiteral(", ")) << ")\n";
    return Usage;
}

} // namespace RestoreDesk::Cli
