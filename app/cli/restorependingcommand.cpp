#include "restorependingcommand.h"

#include "apirun.h"
#include "audit/audittrail.h"
#include "auditcommands.h"
#include "backup/restoreactions.h"
#include "backup/restoreerrors.h"
#include "backup/restoreservice.h"
#include "estatefields.h"
#include "outputtable.h"
#include "restorecommand.h"
#include "restorewait.h"
#include "text/errortext.h"

#include <QJsonDocument>

namespace RestoreDesk::Cli {

namespace {

using Backup::PendingRestore;

const VerbHelp kPendingHelp {
    "restore", "pending", "restore pending list",
    "The restores kept in the pending-restores folder (the console's too): those sent whose answer\n"
    "never came (state Submitting: it is not known whether the service started them) and those\n"
    "accepted and not yet seen to end (state Accepted). Each with its client request id (what\n"
    "`restore resend` takes), item, mode, reason, when it was requested and its job once known.\n"
    "Nothing is sent; no sign-in is needed.",
    "restoredesk-cli --output json restore pending list"
};

const VerbHelp kResendHelp {
    "restore", "resend",
    "restore resend CLIENT_REQUEST_ID [--yes] [--confirm NAME] [--wait] [--poll SECONDS] "
    "[--reconcile-grace SECONDS]",
    "Settles a kept restore whose outcome is not known (every answer lost): the vault's jobs are\n"
    "looked through for its job first, and it is adopted when there; only when none is there is\n"
    "the request sent again, as a new request with its own audit records pointing at the earlier\n"
    "one. The jobs are looked through until this run's --request-timeout (default 60 s) has passed\n"
    "since the request was sent (or until its answer was lost, if later), plus a listing lag\n"
    "(--reconcile-grace SECONDS, default 60, as for `restore`), and never for less time than an\n"
    "earlier look of it.\n"
    "What is resent and the equivalent REST request are printed first; your permissions are\n"
    "checked as for `restore` (missing: exit 6, naming each action); it asks for confirmation\n"
    "unless --yes, and one that overwrites (original VM, --overwrite) also needs --confirm with the\n"
    "item's name. A restore the\n"
    "service already accepted is not sent again. --wait follows the job to its end: exit 0 only\n"
    "when it completed without warnings, 5 otherwise. `restore pending list` lists the ids.",
    "restoredesk-cli restore resend 0f8fad5b-d9cb-469f-a165-70867728950e --yes --wait"
};

const VerbHelp kDiscardHelp {
    "restore", "pending", "restore pending discard CLIENT_REQUEST_ID --reason TEXT",
    "Drops a kept restore whose outcome is not known (state Submitting) without sending anything,\n"
    "as the console's Discard button does: the audit log gets a \"noted\" record (discarded) against\n"
    "the restore's own \"requested\" one, naming who discarded it and --reason (required), and its\n"
    "record leaves the pending-restores folder. Use it\n"
    "when the job that may be this restore is not it (restore anew afterwards); when it is, adopt it\n"
    "instead (restore pending adopt). A restore this console saw accepted (state Accepted)\n"
    "is not dropped, nor one the audit log cannot record the discard of.\n"
    "You are signed in first, as for adopt: the record names who dropped it.",
    "restoredesk-cli restore pending discard 0f8fad5b-d9cb-469f-a165-70867728950e --reason "
    "\"INC-4711: the job was the portal's\""
};

const VerbHelp kAdoptHelp {
    "restore", "pending",
    "restore pending adopt CLIENT_REQUEST_ID --job JOB_ID --reason TEXT [--wait] [--poll SECONDS]",
    "Says that a job IS a kept restore whose outcome is not known (state Submitting), or one accepted\n"
    "whose operation named no job (state Accepted, no job id, jobs that may be it listed), as the console's\n"
    "Adopt button does: the job is read from the vault first and must be a Restore job of the same\n"
    "item in the same vault, one of the jobs reconciliation named as possibly this restore, and not\n"
    "another request's. The audit log gets an \"accepted\" record (adopted, with\n"
    "the job id, --reason (required) and who) against the restore's own \"requested\" one, and the restore "
    "is\n"
    "then followed as this one's (state Accepted). Nothing is sent. Refused, the restore kept, when\n"
    "the job is not a candidate (restore_adopt_not_candidate), the kept restore changed meanwhile\n"
    "(restore_adopt_changed) or the audit log cannot record it (restore_adopt_unrecorded). JOB_ID is\n"
    "the job's full id or its name in the vault. --wait follows the job to its end: exit 0 only when\n"
    "it completed without warnings, 5 otherwise.",
    "restoredesk-cli restore pending adopt 0f8fad5b-d9cb-469f-a165-70867728950e --job "
    "/subscriptions/…/vaults/rsv-prod/backupJobs/7c9e6679-7425-40de-944b-e07fc1f90ae7 --wait"
};

// The backup API the options name (what run.open() would talk to), found without signing in: its
// origin and the profile's name. An empty origin when none is named.
struct ApiTarget
{
    QString origin;
    QString profile;
};

ApiTarget apiTargetOf(const GlobalOptions &o)
{
    ApiTarget t;
    QString base;
    if (!o.issuer.isEmpty() || (!o.accessToken.isEmpty() && !o.apiBase.isEmpty())) {
        base = o.apiBase;
        t.profile = o.profile;
    } else if (const auto profile = resolveProfile(o)) {
        base = profile->apiBase;
        t.profile = profile->name;
    }
    t.origin = PendingRestore::originOf(QUrl(base));
    return t;
}

// What the record was recorded against, for people: "recorded against ORIGIN (profile P)".
QString recordedAgainst(const PendingRestore &p)
{
    const QString origin = p.recordedOrigin();
    if (origin.isEmpty())
        return QStringLiteral("an API not recorded (an older record)");
    return p.profile.isEmpty() ? origin : QStringLiteral("%1 (profile %2)").arg(origin, p.profile);
}

QString stateWord(PendingRestore::State s)
{
    return s == PendingRestore::State::Accepted ? QStringLiteral("Accepted") : QStringLiteral("Submitting");
}

ShownResource shown(const PendingRestore &p)
{
    ShownResource r;
    r.addText(QStringLiteral("clientRequestId"), p.clientRequestId);
    r.addText(QStringLiteral("state"), stateWord(p.state));
    r.addText(QStringLiteral("itemName"), p.itemName);
    r.addText(QStringLiteral("mode"), p.mode);
    r.addTime(QStringLiteral("requestedAt"), p.requestedAt);
    r.addText(QStringLiteral("reason"), p.reason);
    r.addText(QStringLiteral("jobId"), p.jobResourceId());
    r.addText(QStringLiteral("itemId"), p.itemId);
    r.addText(QStringLiteral("vaultId"), p.vaultId);
    r.addText(QStringLiteral("pointId"), p.pointId);
    r.addText(QStringLiteral("kind"), p.kind);
    r.addText(QStringLiteral("correlationId"), p.correlationId);
    r.addTime(QStringLiteral("acceptedAt"), p.acceptedAt);
    r.addText(QStringLiteral("apiOrigin"), p.recordedOrigin());
    r.addText(QStringLiteral("profile"), p.profile);
    return r;
}

} // namespace

QList<VerbHelp> restorePendingHelp()
{
    return { kPendingHelp, kDiscardHelp, kAdoptHelp, kResendHelp };
}

namespace {

// Whether `record` is of the API `target` names; when not, why on stderr. `unknownToo`: one of no
// known API passes (a discard sends nothing anywhere).
bool ofTargetApi(Context &ctx, const QString &prefix, const PendingRestore &record, const ApiTarget &target,
                 bool unknownToo)
{
    const std::optional<Error> other = Backup::RestoreTracker::otherApi(record, target.origin);
    if (!other || (unknownToo && other->code == QString(Backup::Codes::PendingUnknownApi)))
        return true;
    ctx.err << prefix << Text::describe(*other) << '\n';
    return false;
}

// The kept restore `id` whose outcome is not settled (still Submitting), or nothing after saying
// why not on stderr (also when it is another API's: `target`, `unknownToo` as ofTargetApi()).
// `adoptingToo`: one accepted whose operation named no job passes too (PendingRestore::isAdoptable()).
// `acceptedWords` open what is said of one the service accepted; the way to follow it closes the
// sentence.
std::optional<PendingRestore> keptUnsettled(Context &ctx, const QString &prefix, const QString &id,
                                            const char *acceptedWords, const ApiTarget &target,
                                            bool unknownToo, bool adoptingToo = false)
{
    std::optional<PendingRestore> found = Backup::PendingRestoreStore().find(id);
    if (!found) {
        ctx.err << prefix << "no kept restore has client request id " << id
                << " (restore pending list lists them)\n";
        return std::nullopt;
    }
    // Another API's: left to a session of that API, whatever its state.
    if (!ofTargetApi(ctx, prefix, found.value(), target, unknownToo))
        return std::nullopt;
    if (found->state != PendingRestore::State::Submitting && !(adoptingToo && found->isAdoptable())) {
        ctx.err << prefix << "the service accepted this restore; " << acceptedWords << "restoredesk-cli "
                << "restore resend " << id << " --wait)\n";
        return std::nullopt;
    }
    return found;
}

int runRestoreDiscard(Context &ctx, const GlobalOptions &options, ApiRun &run)
{
    if (ctx.args.size() != 2)
        return run.usage(QStringLiteral(
            "give the client request id of one kept restore (restore pending discard CLIENT_REQUEST_ID "
            "--reason TEXT)"));
    const QString id = ctx.args.at(1).trimmed();
    if (!PendingRestore::isValidId(id))
        return run.usage(QStringLiteral("'%1' is not a client request id").arg(id));
    const QString reason = ctx.parser->value(QStringLiteral("reason")).trimmed();
    if (reason.isEmpty())
        return run.usage(
            QStringLiteral("give --reason TEXT (why the kept restore is dropped; it goes to the audit log)"));
    const QString prefix = QStringLiteral("restoredesk-cli restore pending discard: ");
    const ApiTarget target = apiTargetOf(options);
    const std::optional<PendingRestore> found
        = keptUnsettled(ctx, prefix, id, "it is not dropped (follow it with", target, true);
    if (!found)
        return Failure;
    // Signed in, as for adopt: the audit record names who dropped it.
    if (const int opened = run.open())
        return opened;
    const std::unique_ptr<Audit::AuditTrail> trail = openAuditTrail(options, ctx.err);
    Backup::RestoreActions actions; // the console's Discard: same record, same audit note
    actions.setSettlesLeftOvers(false);
    actions.tracker()->setApi(target.origin, target.profile); // the API named
    actions.setAuditTrail(trail.get());
    const Audit::Identity who = run.access().identity();
    actions.setIdentity([who] { return who; });
    std::optional<Error> auditError;
    QObject::connect(&actions, &Backup::RestoreActions::auditFailed, &actions,
                     [&auditError](const Error &e) { auditError = e; });
    const auto dropped = actions.discard(found.value(), reason);
    if (!dropped) {
        if (auditError)
            ctx.err << prefix << "not dropped, the audit log could not record it (the restore stays kept): "
                    << Text::describe(*auditError) << '\n';
        else
            ctx.err << prefix << Text::describe(dropped.error()) << '\n';
        return Failure;
    }
    ctx.out << "Dropped the kept restore " << id << " of " << found->itemName
            << "; nothing was sent. If its job is not in the vault's jobs, restore anew.\n";
    return auditError ? Failure : Ok;
}

int runRestoreAdopt(Context &ctx, const GlobalOptions &options, ApiRun &run)
{
    const QCommandLineParser &p = *ctx.parser;
    if (ctx.args.size() != 2 || !p.isSet(QStringLiteral("job")))
        return run.usage(
            QStringLiteral("give the client request id of one kept restore and the job that is it "
                           "(restore pending adopt CLIENT_REQUEST_ID --job JOB_ID)"));
    const QString id = ctx.args.at(1).trimmed();
    if (!PendingRestore::isValidId(id))
        return run.usage(QStringLiteral("'%1' is not a client request id").arg(id));
    const QString job = p.value(QStringLiteral("job")).trimmed();
    if (job.isEmpty())
        return run.usage(QStringLiteral("--job needs the job's id"));
    const QString reason = p.value(QStringLiteral("reason")).trimmed();
    if (reason.isEmpty())
        return run.usage(QStringLiteral(
            "give --reason TEXT (why this job is the kept restore; it goes to the audit log)"));
    if (pollSeconds(p) < 0)
        return run.usage(QStringLiteral("--poll needs a number of seconds (1..600)"));
    const QString prefix = QStringLiteral("restoredesk-cli restore pending adopt: ");
    const ApiTarget target = apiTargetOf(options);
    const std::optional<PendingRestore> found
        = keptUnsettled(ctx, prefix, id, "it follows its own job (", target, false, true);
    if (!found)
        return Failure;
    if (const int opened = run.open())
        return opened;
    Backup::RestoreService restore(&run.service());
    const std::unique_ptr<Audit::AuditTrail> trail = openAuditTrail(options, ctx.err);
    Backup::RestoreActions actions; // the console's Adopt: same checks, same audit record
    actions.setAuditTrail(trail.get());
    const Audit::Identity who = run.access().identity();
    actions.setIdentity([who] { return who; });
    QObject owner;
    RestoreWait wait(ctx, actions);
    wait.setPollSeconds(qMax(1, pollSeconds(p)));
    actions.tracker()->setProfile(target.profile);
    actions.setSettlesLeftOvers(false); // only this record
    actions.setService(&restore);
    std::optional<Error> auditError;
    QObject::connect(&actions, &Backup::RestoreActions::auditFailed, &actions,
                     [&auditError](const Error &e) { auditError = e; });
    const auto adopted = run.get<PendingRestore>(
        [&](auto done) { actions.adopt(found.value(), job, reason, &owner, done); });
    if (!adopted)
        return run.say(QStringLiteral("not adopted; nothing was sent"), adopted.error());
    const PendingRestore record = adopted.value();
    QJsonObject out = shown(record).toJson();
    out.insert(QStringLiteral("adopted"), true);
    ctx.err << "Adopted job " << record.jobResourceId() << " as the restore " << id << " of "
            << record.itemName << " (recorded in the audit log); nothing was sent.\n";
    if (!p.isSet(QStringLiteral("wait"))) {
        if (run.json())
            ctx.out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        else
            ctx.out << "Adopted. Follow it with: restoredesk-cli restore resend " << id << " --wait\n";
        return Ok;
    }
    return RestoreWait::reportEnd(run, out, wait.untilEnd(id));
}

} // namespace

int runRestorePending(Context &ctx, const GlobalOptions &options)
{
    ApiRun run(ctx, options, QStringLiteral("restore pending"));
    if (!ctx.args.isEmpty() && ctx.args.first() == QLatin1String("discard"))
        return runRestoreDiscard(ctx, options, run);
    if (!ctx.args.isEmpty() && ctx.args.first() == QLatin1String("adopt"))
        return runRestoreAdopt(ctx, options, run);
    if (ctx.args.size() > 1 || (ctx.args.size() == 1 && ctx.args.first() != QLatin1String("list")))
        return run.usage(
            QStringLiteral("unexpected argument '%1' (restore pending list | discard ID --reason TEXT | "
                           "adopt ID --job JOB_ID)")
                .arg(ctx.args.last()));
    const Backup::PendingRestoreStore store;
    QList<Error> unreadable;
    const auto records = store.load(&unreadable);
    if (!records) {
        ctx.err << "restoredesk-cli restore pending: " << Text::describe(records.error()) << '\n';
        return Failure;
    }
    OutputTable table;
    for (const char *key : { "clientRequestId", "state", "itemName", "mode", "requestedAt", "reason" })
        table.addColumn(QLatin1String(key));
    table.addColumn(QStringLiteral("jobId"), OutputTable::Column::Id);
    table.addColumn(QStringLiteral("api"));
    // Which are the API's these options name (those the other verbs act on); the others are
    // listed with what they were recorded against, and left alone.
    const ApiTarget target = apiTargetOf(options);
    QList<ShownResource> rows;
    for (const PendingRestore &p : records.value()) {
        ShownResource row = shown(p);
        if (!target.origin.isEmpty()) {
            const bool ours = p.isOfApi(target.origin);
            row.add(QStringLiteral("thisApi"), ours);
            row.add(QStringLiteral("api"), ours ? QStringLiteral("this") : QStringLiteral("other"),
                    ours ? QStringLiteral("this API")
                         : QStringLiteral("recorded against ") + recordedAgainst(p));
        } else {
            row.add(QStringLiteral("api"), p.recordedOrigin(),
                    QStringLiteral("recorded against ") + recordedAgainst(p));
        }
        rows << row;
        table.addRow(rows.last());
    }
    run.printList(table, rows);
    if (!run.json())
        run.note(rows.isEmpty() ? QStringLiteral("No kept restores (in %1).").arg(store.directory())
                                : (rows.size() == 1 ? QStringLiteral("%1 kept restore (in %2).")
                                                    : QStringLiteral("%1 kept restores (in %2)."))
                                      .arg(rows.size())
                                      .arg(store.directory()));
    for (const Error &e : unreadable)
        ctx.err << "restoredesk-cli restore pending: warning: " << Text::describe(e) << '\n';
    return unreadable.isEmpty() ? Ok : Failure;
}

int runRestoreResend(Context &ctx, const GlobalOptions &options)
{
    ApiRun run(ctx, options, QStringLiteral("restore resend"));
    const QCommandLineParser &p = *ctx.parser;
    if (ctx.args.size() != 1)
        return run.usage(
            QStringLiteral("give the client request id of one kept restore (restore pending list "
                           "lists them)"));
    const QString id = ctx.args.first().trimmed();
    if (!PendingRestore::isValidId(id))
        return run.usage(QStringLiteral("'%1' is not a client request id").arg(id));
    if (pollSeconds(p) < 0)
        return run.usage(QStringLiteral("--poll needs a number of seconds (1..600)"));
    if (reconcileGraceSeconds(p) < 0)
        return run.usage(reconcileGraceUsage());
    const std::optional<PendingRestore> found = Backup::PendingRestoreStore().find(id);
    if (!found) {
        ctx.err << "restoredesk-cli restore resend: no kept restore has client request id " << id
                << " (restore pending list lists them)\n";
        return Failure;
    }
    // Another API's is neither sent, looked for nor followed here (nor read-only).
    const ApiTarget target = apiTargetOf(options);
    if (!ofTargetApi(ctx, QStringLiteral("restoredesk-cli restore resend: "), found.value(), target, false))
        return Failure;
    if (const int opened = run.open())
        return opened;

    Backup::RestoreService restore(&run.service());
    const std::unique_ptr<Audit::AuditTrail> trail = openAuditTrail(options, ctx.err);
    Backup::RestoreActions actions;
    actions.setAuditTrail(trail.get());
    const Audit::Identity who = run.access().identity();
    actions.setIdentity([who] { return who; });
    QObject owner; // the jobs it owns end before the actions and services they use
    RestoreWait wait(ctx, actions);
    wait.setPollSeconds(qMax(1, pollSeconds(p)));
    applyReconcileGrace(p, actions); // read above
    // A record update that could not be saved (e.g. the window of this look): said as it happens.
    QObject::connect(&actions, &Backup::RestoreActions::auditFailed, &actions, [&ctx](const Error &e) {
        ctx.err << "restoredesk-cli restore resend: warning: " << e.toString() << '\n';
    });
    actions.tracker()->setProfile(target.profile);
    // Only this record is settled here (reconciled first by resend()), not every kept one.
    actions.setSettlesLeftOvers(false);
    actions.setService(&restore);

    PendingRestore record = found.value();
    // An accepted one is followed here unless another process holds it (then read-only, below).
    if (record.state == PendingRestore::State::Accepted && p.isSet(QStringLiteral("wait")))
        (void)actions.tracker()->follow(record);
    QTextStream &notes = run.json() ? ctx.err : ctx.out;
    notes << "Restore of " << record.itemName << " (" << record.mode << "), requested "
          << ShownResource::localTime(record.requestedAt) << ", reason \"" << record.reason
          << "\"\nClient request id " << record.clientRequestId << ", correlation id " << record.correlationId
          << '\n';
    if (record.state == PendingRestore::State::Accepted) {
        ctx.err << "restoredesk-cli restore resend: the service accepted this restore already; nothing was "
                   "sent"
                << (p.isSet(QStringLiteral("wait")) ? "; following it" : "") << '\n';
    } else {
        notes << "The answer to it never came: it is not known whether the service started it. Its job is\n"
                 "looked for in the vault first; only when there is none is it sent again, as a new "
                 "request.\n\n"
                 "Equivalent request:\n"
              << restore.equivalentRequest(record.path, record.body) << "\n\n";
        // Sent again, it is a restore like any other: the same confirmation and permission check.
        if (record.overwrites() && p.value(QStringLiteral("confirm")) != record.itemName)
            return run.usage(
                Text::headline(Error::make(Error::Kind::Invalid, Backup::Codes::RestoreConfirmationMismatch,
                                           {}, { record.itemName }))
                + QStringLiteral(" Add --confirm \"%1\".").arg(record.itemName));
        if (const int checked = restorePreCheck(ctx, options, run, QStringLiteral("restore resend"),
                                                record.itemId, record.mode, record.body, &owner))
            return checked;
        if (!p.isSet(QStringLiteral("yes"))
            && !askToConfirm(ctx, QStringLiteral("Send this restore again?"))) {
            ctx.err << "restoredesk-cli restore resend: not confirmed; nothing was sent\n";
            return Failure;
        }
        ctx.err << "restoredesk-cli restore resend: looking for its job in the vault first…\n";
        // What the resend did is a fact of its result (sent again or not), not read off an error.
        Backup::RestoreActions::ResendOutcome did { false, id };
        const auto sent = run.get<PendingRestore>([&](auto done) {
            actions.resend(record, &owner,
                           [&did, done](Result<PendingRestore> r, Backup::RestoreActions::ResendOutcome o) {
                               did = o;
                               done(std::move(r));
                           });
        });
        if (!sent) {
            const int code
                = run.say(did.sentAgain ? QStringLiteral("the restore was sent again")
                                        : QStringLiteral("its job was looked for; nothing was sent"),
                          sent.error());
            const bool unsettled = sent.error().code == Backup::Codes::RestoreOutcomeUnknown
                || sent.error().code == Backup::Codes::RestoreNoJobFound;
            if (unsettled)
                RestoreWait::explainUnsettled(ctx, QStringLiteral("restore resend"), sent.error());
            if (run.json()) {
                QJsonObject out = unsettled
                    ? RestoreWait::unsettledJson(sent.error())
                    : QJsonObject { { QStringLiteral("clientRequestId"), did.clientRequestId },
                                    { QStringLiteral("error"),
                                      QJsonObject { { QStringLiteral("code"), sent.error().code } } } };
                out.insert(QStringLiteral("sentAgain"), did.sentAgain);
                out.insert(QStringLiteral("clientRequestId"), did.clientRequestId);
                if (did.sentAgain)
                    out.insert(QStringLiteral("resendOf"), id);
                ctx.out << QJsonDocument(out).toJson(QJsonDocument::Indented);
            }
            return code;
        }
        record = sent.value();
        ctx.err << "Restore accepted (correlation id " << record.correlationId << ", client request id "
                << record.clientRequestId << ").\n";
    }
    QJsonObject out = shown(record).toJson();
    out.insert(QStringLiteral("operation"), record.operationUrl.section(QLatin1Char('?'), 0, 0));
    if (p.isSet(QStringLiteral("wait")) && !actions.tracker()->holds(record.clientRequestId)) {
        // Another Restore Desk (the console, another command) holds this restore and records its
        // end: follow its job read-only when it is known, rather than wait for an end never seen.
        ctx.err << "restoredesk-cli restore resend: another Restore Desk process is following this restore "
                   "and records its end\n";
        if (record.jobResourceId().isEmpty() && record.operationUrl.isEmpty()) {
            ctx.err << "restoredesk-cli restore resend: neither its job nor its operation is known yet; try "
                       "again later\n";
            return Failure;
        }
        return RestoreWait::reportEnd(run, out,
                                      RestoreWait::job(ctx, run.service(), record.jobResourceId(),
                                                       qMax(1, pollSeconds(p)), &owner, record.operationUrl));
    }
    if (!p.isSet(QStringLiteral("wait"))) {
        if (run.json())
            ctx.out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        else
            ctx.out << "Accepted. Follow it with: restoredesk-cli restore resend " << record.clientRequestId
                    << " --wait\n";
        return Ok;
    }
    return RestoreWait::reportEnd(run, out, wait.untilEnd(record.clientRequestId));
}

} // namespace RestoreDesk::Cli
