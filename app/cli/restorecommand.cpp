#include "restorecommand.h"

#include "access/accessservice.h"
#include "apirun.h"
#include "audit/audittrail.h"
#include "auditcommands.h"
#include "backup/restoreactions.h"
#include "backup/restoreerrors.h"
#include "backup/restoreservice.h"
#include "estatefields.h"
#include "restorependingcommand.h"
#include "restoretargets.h"
#include "restorewait.h"
#include "text/errortext.h"
#include "text/restoretext.h"
#include "verbargs.h"
#include "verbhelp.h"

#include <QEventLoop>
#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QTimer>

namespace RestoreDesk::Cli {

namespace {

using Backup::ArmId;
using Backup::RestoreRequest;
using Field = RestoreRequest::Field;
using Mode = RestoreRequest::Mode;

const QString kPointShape = QStringLiteral("ITEM_ID/recoveryPoints/NAME");

const VerbHelp kHelp {
    "restore", "",
    "restore --point POINT_ID --mode MODE [target options] --reason TEXT [--yes] [--confirm NAME] [--wait]",
    "An on-demand restore of a recovery point, checked, previewed and audited like the console's\n"
    "wizard. MODE by the item's kind: vm: alternate (a new VM), disks, original (replace the VM's\n"
    "disks); fileshare: original, alternate; sql: alternate (another database), files.\n"
    "Target options (resource ids; a name is taken in --target-resource-group, and a resource\n"
    "group's name in --target-subscription ID, the item's subscription when not given):\n"
    "  vm alternate:   --target-resource-group ID --target-vm-name NAME --target-vnet ID\n"
    "                  --target-subnet NAME --staging-storage-account ID\n"
    "  vm disks:       --staging-storage-account ID [--target-resource-group ID]\n"
    "  vm original:    --staging-storage-account ID\n"
    "  fileshare:      [--item PATH]... (item-level; a trailing / is a folder) [--overwrite];\n"
    "                  alternate also --target-storage-account ID --target-share NAME\n"
    "                  [--target-folder PATH]\n"
    "  sql alternate:  --target-database NAME [--target-server CONTAINER_ID] [--overwrite]\n"
    "  sql files:      --target-directory PATH [--target-server CONTAINER_ID]\n"
    "  archive tier:   [--rehydration-days 10..30] [--rehydration-priority standard|high]\n"
    "Before anything is sent: the request is checked, your permissions on the vault and on each\n"
    "target are evaluated (missing: exit 6, naming each action), each target is looked up and the\n"
    "service validates the request as the wizard's Where step does (a missing target, a taken name,\n"
    "a target outside the vault's region, a missing subnet: exit 1, each named as --OPTION: why;\n"
    "a target you may not read is a note and the service decides), the preview says what will be\n"
    "created or overwritten and where, and the equivalent REST request is printed (no token).\n"
    "It then asks for confirmation unless --yes; a restore that overwrites (original VM, an\n"
    "--overwrite) also needs --confirm with the item's name. --reason is required and goes to the\n"
    "audit log with \"requested\" (before sending) and \"accepted\"/\"refused\" (after).\n"
    "--wait follows the job to its end (--poll SECONDS between looks, default 5): exit 0 only when\n"
    "it completed without warnings, 5 when it failed, was cancelled or ended with warnings.\n"
    "Without --wait, exit 0 means the service accepted the restore; its job id is printed once the\n"
    "service names it (jobId in JSON): follow it with jobs show JOB_ID --wait. Exit 9: done as\n"
    "above, but what was printed was lost (a full disk, a closed pipe): do not send it again; see\n"
    "restore pending list and the audit log.\n"
    "A lost answer is never sent again on its own: the vault's jobs are looked through for a restore\n"
    "job naming this request until the service could have taken it (the request's timeout, the\n"
    "global --request-timeout, default 60 s) and listed its job (--reconcile-grace SECONDS more,\n"
    "default 60), and it is followed when there. A restore still unsettled after that is kept\n"
    "(exit 1): restore pending list shows it, and restore resend CLIENT_REQUEST_ID looks for its\n"
    "job again and, only when there is none, sends it as a new request once confirmed. A job of\n"
    "the item that does not name this request may still be it (the service does not say which\n"
    "request started a job): it is neither taken for it nor is the request sent again; check it,\n"
    "then follow it or drop the request with restore pending discard CLIENT_REQUEST_ID --reason\n"
    "TEXT (audited) and restore anew.",
    "restoredesk-cli restore --point ITEM_ID/recoveryPoints/1796000400 --mode disks "
    "--staging-storage-account /subscriptions/SUB/resourceGroups/rg-staging/providers/"
    "Microsoft.Storage/storageAccounts/ststaging --reason \"INC-42: disk lost\" --yes --wait"
};

QString opt(Field f)
{
    return RestoreRequest::fieldKey(f);
}

// A resource id as typed: an id as it is; a bare name inside the target resource group.
QString idOf(const QCommandLineParser &p, Field f, const QString &groupId, const QString &type)
{
    return RestoreRequest::resourceIdFrom(p.value(opt(f)), groupId, type);
}

// Fills the request from the options; a usage error's line when something cannot be read.
Result<void> fill(RestoreRequest &r, const QCommandLineParser &p)
{
    auto usage = [](const QString &line) {
        return Error::make(Error::Kind::Invalid, QStringLiteral("usage"), line);
    };
    QString sub = ArmId::parse(r.itemId).subscriptionId();
    QString group = p.value(opt(Field::TargetResourceGroup)).trimmed();
    if (p.isSet(targetSubscriptionOption())) {
        const auto typed = targetSubscriptionFrom(p.value(targetSubscriptionOption()));
        if (!typed)
            return typed.error();
        // A full resource group id names its own subscription: both given must agree.
        if (group.startsWith(QLatin1Char('/'))
            && ArmId::parse(group).subscriptionId().compare(typed.value(), Qt::CaseInsensitive) != 0)
            return usage(
                QStringLiteral("--%1 %2 is not the subscription of --%3 %4")
                    .arg(targetSubscriptionOption(), typed.value(), opt(Field::TargetResourceGroup), group));
        sub = typed.value();
    }
    if (!group.isEmpty() && !group.startsWith(QLatin1Char('/')))
        group = sub + QStringLiteral("/resourceGroups/") + group;
    r.targetResourceGroupId = group;
    r.targetVmName = p.value(opt(Field::TargetVmName));
    r.virtualNetworkId
        = idOf(p, Field::VirtualNetwork, group, QStringLiteral("Microsoft.Network/virtualNetworks"));
    r.subnetName = p.value(opt(Field::Subnet));
    r.stagingStorageAccountId
        = idOf(p, Field::StagingStorageAccount, group, QStringLiteral("Microsoft.Storage/storageAccounts"));
    r.targetStorageAccountId
        = idOf(p, Field::TargetStorageAccount, group, QStringLiteral("Microsoft.Storage/storageAccounts"));
    r.targetShare = p.value(opt(Field::TargetShare));
    r.targetFolder = p.value(opt(Field::TargetFolder));
    r.items = p.values(opt(Field::Items));
    r.itemLevel = !r.items.isEmpty();
    if (p.isSet(opt(Field::TargetServer)))
        r.targetServerId = p.value(opt(Field::TargetServer)).trimmed();
    r.targetDatabase = p.value(opt(Field::TargetDatabase)).trimmed();
    r.targetDirectory = p.value(opt(Field::TargetDirectory));
    r.overwrite = p.isSet(QStringLiteral("overwrite"));
    if (p.isSet(opt(Field::RehydrationDays))) {
        bool ok = false;
        r.rehydrationDays = p.value(opt(Field::RehydrationDays)).toInt(&ok);
        if (!ok)
            return usage(QStringLiteral("--rehydration-days needs a number of days (10..30)"));
    }
    if (p.isSet(QStringLiteral("rehydration-priority"))) {
        const QString v = p.value(QStringLiteral("rehydration-priority")).trimmed().toLower();
        if (v != QLatin1String("standard") && v != QLatin1String("high"))
            return usage(QStringLiteral("--rehydration-priority must be standard or high"));
        r.rehydrationPriority = v == QLatin1String("high") ? RestoreRequest::Priority::High
                                                           : RestoreRequest::Priority::Standard;
    }
    return {};
}

class RestoreVerb
{
public:
    RestoreVerb(Context &ctx, const GlobalOptions &options)
        : m_ctx(ctx)
        , m_options(options)
        , m_run(ctx, options, QStringLiteral("restore"))
    { }
    int run();

private:
    const QCommandLineParser &p() const { return *m_ctx.parser; }
    int preCheck(const RestoreRequest &r, const QJsonObject &body);
    int submit(const RestoreRequest &r);
    void print(const QString &line); // the preview: stdout in text, stderr in JSON

    Context &m_ctx;
    const GlobalOptions &m_options;
    ApiRun m_run;
    std::unique_ptr<Backup::RestoreService> m_restore;
    std::unique_ptr<Audit::AuditTrail> m_trail;
    std::unique_ptr<Backup::RestoreActions> m_actions;
    QObject m_owner; // jobs end before the services they use
};

void RestoreVerb::print(const QString &line)
{
    (m_run.json() ? m_ctx.err : m_ctx.out) << line << '\n';
}

int RestoreVerb::run()
{
    if (!m_ctx.args.isEmpty())
        return m_run.usage(QStringLiteral("unexpected argument '%1'").arg(m_ctx.args.first()));
    const auto point
        = VerbArgs::resourceId(p().value(QStringLiteral("point")), ArmId::Kind::RecoveryPoint,
                               QStringLiteral("recovery point"), QStringLiteral("--point ") + kPointShape);
    if (!point)
        return m_run.usage(point.error().detail);
    if (!p().isSet(QStringLiteral("mode")))
        return m_run.usage(
            QStringLiteral("give --mode (original, alternate, disks or files, as the item's kind "
                           "allows)"));
    const QString reason = p().value(QStringLiteral("reason")).trimmed();
    if (reason.isEmpty())
        return m_run.usage(
            Text::headline(Error::make(Error::Kind::Invalid, Backup::Codes::RestoreReasonRequired)));
    if (pollSeconds(p()) < 0)
        return m_run.usage(QStringLiteral("--poll needs a number of seconds (1..600)"));
    if (reconcileGraceSeconds(p()) < 0) // read before anything is looked up or asked
        return m_run.usage(reconcileGraceUsage());
    if (const int opened = m_run.open())
        return opened;
    m_restore = std::make_unique<Backup::RestoreService>(&m_run.service());

    // The source: the point, its item and the vault's region.
    const auto source = m_run.get<Backup::RestoreSource>(
        [&](auto done) { m_restore->source(point.value(), &m_owner, done); });
    if (!source)
        return m_run.say(
            QStringLiteral("reading recovery point %1").arg(ArmId::parse(point.value()).recoveryPoint),
            source.error());
    RestoreRequest r = RestoreRequest::forSource(source.value());
    const auto mode = RestoreRequest::modeFrom(p().value(QStringLiteral("mode")), r.kind);
    if (!mode)
        return m_run.usage(QStringLiteral("--mode: ") + Text::headline(mode.error())
                           + QStringLiteral(" (it can be: ") + mode.error().detail + QLatin1Char(')'));
    r.mode = mode.value();
    if (const auto filled = fill(r, p()); !filled)
        return m_run.usage(filled.error().detail);
    const QList<RestoreRequest::Problem> problems = r.check();
    if (!problems.isEmpty()) {
        for (const RestoreRequest::Problem &problem : problems)
            m_ctx.err << "restoredesk-cli restore: --" << opt(problem.field) << ": "
                      << oneLine(Text::headline(problem.error)) << '\n';
        m_ctx.err << "restoredesk-cli restore: nothing was sent (see restoredesk-cli restore --help)\n";
        return Usage;
    }
    const QJsonObject body = r.body().value();
    if (r.overwrites() && p().value(QStringLiteral("confirm")) != r.itemName)
        return m_run.usage(
            Text::headline(Error::make(Error::Kind::Invalid, Backup::Codes::RestoreConfirmationMismatch, {},
                                       { r.itemName }))
            + QStringLiteral(" Add --confirm \"%1\".").arg(r.itemName));

    if (const int checked = preCheck(r, body))
        return checked;
    // The wizard's live validation: each target looked up, the service's own check.
    if (const int targets = checkRestoreTargets(m_ctx, m_run, *m_restore, r, &m_owner))
        return targets;

    // What will happen, and the request that does it.
    for (const QString &line : Text::restorePreview(r))
        print(line);
    print(QString());
    print(QStringLiteral("Equivalent request:"));
    print(m_restore->equivalentRequest(r.restorePath(), body));
    print(QString());
    if (!p().isSet(QStringLiteral("yes")) && !askToConfirm(m_ctx, QStringLiteral("Start this restore?"))) {
        m_ctx.err << "restoredesk-cli restore: not confirmed; nothing was sent\n";
        return Failure;
    }
    return submit(r);
}

int RestoreVerb::preCheck(const RestoreRequest &r, const QJsonObject &body)
{
    return restorePreCheck(m_ctx, m_options, m_run, QStringLiteral("restore"), r.itemId,
                           RestoreRequest::modeKey(r.mode), body, &m_owner);
}

int RestoreVerb::submit(const RestoreRequest &r)
{
    m_trail = openAuditTrail(m_options, m_ctx.err);
    m_actions = std::make_unique<Backup::RestoreActions>();
    m_actions->setSettlesLeftOvers(false); // one command: other kept restores are left to the console
    m_actions->setService(m_restore.get());
    m_actions->setAuditTrail(m_trail.get());
    const Audit::Identity who = m_run.access().identity();
    m_actions->setIdentity([who] { return who; });
    RestoreWait wait(m_ctx, *m_actions);
    wait.setPollSeconds(qMax(1, pollSeconds(p())));
    applyReconcileGrace(p(), *m_actions); // read in run()
    // A record update that could not be saved (e.g. the window of a look): said as it happens.
    QObject::connect(m_actions.get(), &Backup::RestoreActions::auditFailed, m_actions.get(),
                     [this](const Error &e) {
                         m_ctx.err << "restoredesk-cli restore: warning: " << e.toString() << '\n';
                     });

    const QString reason = p().value(QStringLiteral("reason")).trimmed();
    auto sent
        = m_run.get<Backup::PendingRestore>([&](auto done) { m_actions->submit(r, reason, &m_owner, done); });
    // No answer, and the vault's jobs show no restore of it (or could not be read, or show one that
    // may be it, not naming this request): nothing is sent again on its own (a job can be listed late, and a
    // second request would be a second restore); the operator settles it with `restore resend`.
    auto unsettled = [&sent] {
        return !sent
            && (sent.error().is(Backup::Codes::RestoreNoJobFound)
                || sent.error().is(Backup::Codes::RestoreOutcomeUnknown));
    };
    if (!sent) {
        const bool unknown = sent.error().is(Backup::Codes::RestoreOutcomeUnknown);
        const int code = m_run.say(unknown ? QStringLiteral("whether the restore started is not known")
                                           : QStringLiteral("the restore was not started"),
                                   sent.error());
        if (unsettled()) {
            RestoreWait::explainUnsettled(m_ctx, QStringLiteral("restore"), sent.error());
            if (m_run.json())
                m_ctx.out << QJsonDocument(RestoreWait::unsettledJson(sent.error()))
                                 .toJson(QJsonDocument::Indented);
        }
        return code;
    }
    const Backup::PendingRestore accepted = sent.value();
    m_ctx.err << "Restore accepted (correlation id " << accepted.correlationId << ", client request id "
              << accepted.clientRequestId << ").\n";
    QJsonObject out { { QStringLiteral("itemId"), r.itemId },
                      { QStringLiteral("itemName"), r.itemName },
                      { QStringLiteral("pointId"), r.pointId },
                      { QStringLiteral("mode"), RestoreRequest::modeKey(r.mode) },
                      { QStringLiteral("status"), QStringLiteral("Accepted") },
                      { QStringLiteral("clientRequestId"), accepted.clientRequestId },
                      { QStringLiteral("correlationId"), accepted.correlationId },
                      { QStringLiteral("operation"), accepted.operationUrl.section(QLatin1Char('?'), 0, 0) },
                      { QStringLiteral("preview"), QJsonArray::fromStringList(Text::restorePreview(r)) } };
    if (!p().isSet(QStringLiteral("wait"))) {
        // Not followed to its end, but to its job: the id to follow it by (the operation names it
        // within seconds; the restore stays kept for the console or a later run either way). At
        // least one request's timeout, so a slow look at the operation is not cut short.
        const QString jobId = wait.untilJobKnown(accepted.clientRequestId,
                                                 qMax(60000, m_options.requestTimeoutSeconds * 1000));
        // It ended (or following it stopped) before its job was known, as an operation that fails
        // before any job exists does: that is the outcome (exit 5 for a failure), not "accepted".
        if (jobId.isEmpty()) {
            if (const auto ended = wait.endOf(accepted.clientRequestId))
                return RestoreWait::reportEnd(m_run, out, *ended, false);
        }
        if (!jobId.isEmpty())
            out.insert(QStringLiteral("jobId"), jobId);
        if (m_run.json())
            m_ctx.out << QJsonDocument(out).toJson(QJsonDocument::Indented);
        else if (!jobId.isEmpty())
            m_ctx.out << "Accepted as job " << jobId << "\nFollow it with: restoredesk-cli jobs show "
                      << jobId << " --wait\n";
        else
            m_ctx.out << "Accepted; the service has not named its job yet. Follow it with: restoredesk-cli "
                         "restore resend "
                      << accepted.clientRequestId << " --wait (it is not sent again)\n";
        return Ok;
    }
    const auto ended = wait.untilEnd(accepted.clientRequestId);
    return RestoreWait::reportEnd(m_run, out, ended);
}

} // namespace

QList<QCommandLineOption> restoreOptions()
{
    auto value
        = [](const QString &name) { return QCommandLineOption(name, QString(), QStringLiteral("value")); };
    auto flag = [](const char *name) { return QCommandLineOption(QLatin1String(name), QString()); };
    QList<QCommandLineOption> o { value(QStringLiteral("point")),
                                  value(QStringLiteral("mode")),
                                  value(QStringLiteral("reason")),
                                  value(QStringLiteral("confirm")),
                                  value(QStringLiteral("poll")),
                                  value(QStringLiteral("reconcile-grace")),
                                  value(QStringLiteral("job")), // restore pending adopt ID --job JOB
                                  value(QStringLiteral("rehydration-priority")),
                                  value(targetSubscriptionOption()),
                                  flag("wait"),
                                  flag("overwrite") };
    // The target options are the request's field names (--item is the estate verbs' option, read
    // here as the item-level paths).
    for (Field f :
         { Field::TargetResourceGroup, Field::TargetVmName, Field::VirtualNetwork, Field::Subnet,
           Field::StagingStorageAccount, Field::TargetStorageAccount, Field::TargetShare, Field::TargetFolder,
           Field::TargetServer, Field::TargetDatabase, Field::TargetDirectory, Field::RehydrationDays })
        o << value(opt(f));
    return o;
}

QString restoreHelp(const QStringList &words)
{
    return helpFor(QList<VerbHelp> { kHelp } + restorePendingHelp(), words);
}

int restorePreCheck(Context &ctx, const GlobalOptions &options, ApiRun &run, const QString &verb,
                    const QString &itemId, const QString &mode, const QJsonObject &body, QObject *owner)
{
    const QString prefix = QStringLiteral("restoredesk-cli %1: ").arg(verb);
    Access::AccessService access(&run.access().arm(), run.service().versions());
    access.setCaller(run.access().caller());
    const Access::BackupOperation &op = Access::BackupOperation::get(Access::BackupOperation::Id::Restore);
    const QString vault = ArmId::parse(itemId).vaultId();
    const auto target
        = Access::RestoreTarget::fromRequestProperties(body.value(QStringLiteral("properties")).toObject());
    const auto verdict
        = run.get<Access::AccessCheck>([&](auto done) { access.check(op, vault, target, owner, done); });
    if (!verdict)
        return run.say(QStringLiteral("checking your permissions"), verdict.error());
    if (verdict->cannotTell())
        ctx.err << prefix
                << "some of your permissions cannot be told beforehand; the service "
                   "decides\n";
    if (!verdict->denied())
        return Ok;
    QStringList actions;
    QJsonArray missing;
    for (const Access::RequirementCheck &need : verdict->check.missing()) {
        QStringList roles;
        for (const Access::RoleSuggestion &s : verdict->suggestions) {
            if (s.action == need.action && s.scope == need.scope)
                roles = s.roles;
        }
        actions << need.action;
        missing.append(QJsonObject { { QStringLiteral("action"), need.action },
                                     { QStringLiteral("scope"), need.scope },
                                     { QStringLiteral("roles"), QJsonArray::fromStringList(roles) } });
        ctx.err << prefix << "missing permission: " << need.action << " on " << need.scope
                << (roles.isEmpty()
                        ? QString()
                        : QStringLiteral(" (granted by: %1)").arg(roles.join(QStringLiteral(", "))))
                << '\n';
    }
    ctx.err << prefix
            << oneLine(Text::headline(Error::make(Error::Kind::Auth, Backup::Codes::RestoreNotPermitted, {},
                                                  { actions.join(QStringLiteral(", ")) })))
            << '\n';
    recordEvent(ctx, options, Audit::EventType::PermissionCheck, Audit::Outcome::Denied,
                run.access().identity(), itemId,
                { { QStringLiteral("operation"), op.key },
                  { QStringLiteral("mode"), mode },
                  { QStringLiteral("missing"), missing } });
    return PermissionDenied;
}

int runRestoreCommand(Context &ctx, const GlobalOptions &options)
{
    // `restore pending list` and `restore resend ID`; a bare `restore` starts one.
    if (!ctx.args.isEmpty() && ctx.args.first() == QLatin1String("pending")) {
        ctx.args.removeFirst();
        return runRestorePending(ctx, options);
    }
    if (!ctx.args.isEmpty() && ctx.args.first() == QLatin1String("resend")) {
        ctx.args.removeFirst();
        return runRestoreResend(ctx, options);
    }
    RestoreVerb verb(ctx, options);
    return verb.run();
}

} // namespace RestoreDesk::Cli
