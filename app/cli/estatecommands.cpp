#include "estatecommands.h"

#include "allvaultitems.h"
#include "apirun.h"
#include "backup/backuppaths.h"
#include "backup/distinct.h"
#include "estatefields.h"
#include "text/errortext.h"
#include "verbargs.h"
#include "verbhelp.h"

#include <algorithm>
#include <optional>
#include <type_traits>
#include <utility>

namespace RestoreDesk::Cli {

namespace {

using Backup::ArmId;

const QString kVaultShape
    = QStringLiteral("/subscriptions/SUB/resourceGroups/RG/providers/Microsoft.RecoveryServices/vaults/NAME");
const QString kPolicyShape = QStringLiteral("VAULT_ID/backupPolicies/NAME");
const QString kItemShape
    = QStringLiteral("VAULT_ID/backupFabrics/Azure/protectionContainers/CONTAINER/protectedItems/ITEM");

const QList<VerbHelp> &helps()
{
    static const QList<VerbHelp> h = {
        { "subscriptions", "list", "subscriptions list",
          "The subscriptions the identity can see: name, subscription id, state, tenant.\n"
          "Every page is read. JSON: an array of {id, name, subscriptionId, state, tenantId}.",
          "restoredesk-cli --profile prod subscriptions list --output json" },
        { "vaults", "list", "vaults list [--subscription ID]",
          "Recovery Services vaults: of one subscription (--subscription, its id or\n"
          "/subscriptions/ID), or of every subscription the identity can see. Every page is read;\n"
          "a subscription whose vaults cannot be read is named on standard error (exit 6 when\n"
          "refused, else 1) while the others are listed.",
          "restoredesk-cli vaults list --subscription 3f2504e0-4f89-41d3-9a0c-0305e82c3301" },
        { "vaults", "show", "vaults show VAULT_ID",
          "One vault with its security settings (soft delete, immutability, multi-user\n"
          "authorization, redundancy, cross-region restore).",
          "restoredesk-cli vaults show /subscriptions/SUB/resourceGroups/rg-backup/providers/"
          "Microsoft.RecoveryServices/vaults/rsv-prod --output json" },
        { "policies", "list", "policies list --vault VAULT_ID",
          "The vault's backup policies with their schedule (clock times in the policy's time zone)\n"
          "and retention, and how many items each protects. Every page is read.",
          "restoredesk-cli policies list --vault /subscriptions/SUB/resourceGroups/rg-backup/providers/"
          "Microsoft.RecoveryServices/vaults/rsv-prod" },
        { "policies", "show", "policies show POLICY_ID",
          "One policy: kind, schedule, retention rules, time zone, instant-restore days.",
          "restoredesk-cli policies show VAULT_ID/backupPolicies/DefaultPolicy" },
        { "items", "list", "items list (--vault VAULT_ID | --all-vaults) [--type vm|fileshare|sql]",
          "Protected items of the vault with health, protection state, last backup and last\n"
          "recovery point (for SQL databases it counts log backups). --type asks the service for\n"
          "one kind only. Every page is read. --all-vaults: the items of every vault of every\n"
          "subscription the identity can see, each row with its vault, all vaults read at once; a\n"
          "subscription or vault that cannot be read is named on standard error (exit 6 when\n"
          "refused, else 1) while the others are listed; so are the entries of any listing that\n"
          "could not be read (exit 1).",
          "restoredesk-cli items list --vault VAULT_ID --type vm --output json\n"
          "  restoredesk-cli items list --all-vaults --output json" },
        { "items", "show", "items show ITEM_ID",
          "One protected item: kind, host, policy, health, last backup, source resource.",
          "restoredesk-cli items show 'VAULT_ID/backupFabrics/Azure/protectionContainers/"
          "IaasVMContainer;iaasvmcontainerv2;rg;vm1/protectedItems/VM;iaasvmcontainerv2;rg;vm1'" },
        { "points", "list", "points list --item ITEM_ID [--from ISO] [--to ISO]",
          "Recovery points of an item, newest first, with their tiers (snapshot, vault-standard,\n"
          "vault-archive), the retention rule that keeps each and until when. --from/--to bound\n"
          "the time (ISO 8601; without a zone, local time); every page is read.",
          "restoredesk-cli points list --item ITEM_ID --from 2026-11-01 --output json" },
    };
    return h;
}

// The listing whose RBAC action a refusal names when its message names none (`one`: a resource
// read by its id, which needs its list's action, except a protected item's).
template<typename T>
Backup::Listing listingOf(bool one)
{
    if constexpr (std::is_same_v<T, Backup::Vault>)
        return one ? Backup::Listing::Vault : Backup::Listing::Vaults;
    else if constexpr (std::is_same_v<T, Backup::Policy>)
        return Backup::Listing::Policies;
    else if constexpr (std::is_same_v<T, Backup::ProtectedItem>)
        return one ? Backup::Listing::Item : Backup::Listing::Items;
    else if constexpr (std::is_same_v<T, Backup::RecoveryPoint>)
        return Backup::Listing::Points;
    else
        return Backup::Listing::Unknown;
}

// Lists of one kind of resource in a scope (`where`: "in vault X", "of item Y"): vaults of a
// subscription, policies, items, points.
template<typename T>
int listIn(ApiRun &run, const QString &scope, const QString &where, const QString &what, const QString &one,
           const QString &many, OutputTable table,
           const std::function<void(typename Backup::ListJob<T>::PageHandler,
                                    std::function<void(Result<QList<T>>)>)> &start,
           const std::function<ShownResource(const T &)> &show, QJsonObject params,
           const QString &heading = {}, const std::function<bool(const T &, const T &)> &before = {})
{
    if (const int opened = run.open())
        return opened;
    ApiRun::Listing listing;
    const auto list = run.list<T>(start, &listing);
    if (!list)
        return run.fail(QStringLiteral("listing the %1 %2 failed").arg(what, where), scope, list.error(),
                        params, listingOf<T>(false));
    if (!heading.isEmpty())
        run.note(heading);
    QList<T> ordered = Backup::distinctById(list.value()); // pages of a shifting list may repeat one
    if (before) // pages come in the service's order; the help promises another
        std::stable_sort(ordered.begin(), ordered.end(), before);
    QList<ShownResource> rows;
    for (const T &t : std::as_const(ordered)) {
        rows << show(t);
        table.addRow(rows.last());
    }
    run.printList(table, rows);
    run.note(VerbArgs::coverage(int(rows.size()), one, many, where, listing.pages));
    params.insert(QStringLiteral("count"), rows.size());
    params.insert(QStringLiteral("pages"), listing.pages);
    run.succeeded(scope, params);
    return run.warnUnreadable(listing);
}

template<typename T>
int showOne(ApiRun &run, const QString &id, const QString &what,
            const std::function<void(std::function<void(Result<T>)>)> &start,
            const std::function<ShownResource(const T &)> &show)
{
    if (const int opened = run.open())
        return opened;
    const auto one = run.get<T>(start);
    if (!one)
        return run.fail(QStringLiteral("reading %1 %2 failed").arg(what, ArmId::parse(id).friendlyName()), id,
                        one.error(), {}, listingOf<T>(true));
    run.printOne(show(one.value()));
    run.succeeded(id, {});
    return Ok;
}

// Azure answers an identity without any role assignment with an empty subscription list, not an
// error: say which permission no assignment grants (the console's banner says the same).
void explainNoSubscriptions(ApiRun &run)
{
    run.explain(QStringLiteral(
        "this identity sees no subscriptions: no role assignment at or within any subscription grants it "
        "Microsoft.Resources/subscriptions/read, so Azure lists none. A role such as Reader or Backup "
        "Reader on a subscription, resource group or vault makes that subscription visible."));
}

int subscriptionsList(ApiRun &run)
{
    OutputTable table;
    for (const char *key : { "name", "subscriptionId", "state", "tenantId" })
        table.addColumn(QLatin1String(key));
    if (const int opened = run.open())
        return opened;
    ApiRun::Listing listing;
    const auto subs = run.list<Backup::Subscription>(
        [&](auto onPage, auto done) { run.service().subscriptions(run.owner(), onPage, done); }, &listing);
    if (!subs)
        return run.fail(QStringLiteral("listing the subscriptions failed"), QStringLiteral("/"), subs.error(),
                        {}, Backup::Listing::Subscriptions);
    QList<ShownResource> rows;
    for (const Backup::Subscription &s : Backup::distinctById(subs.value())) { // pages may repeat one
        rows << EstateFields::subscription(s);
        table.addRow(rows.last());
    }
    run.printList(table, rows);
    run.note(rows.isEmpty()
                 ? QStringLiteral("No subscriptions: the service shows this identity none — every page read.")
                 : VerbArgs::coverage(int(rows.size()), QStringLiteral("subscription"),
                                      QStringLiteral("subscriptions"), QString(), listing.pages));
    if (rows.isEmpty() && listing.unreadable == 0)
        explainNoSubscriptions(run);
    run.succeeded(QStringLiteral("/"),
                  { { QStringLiteral("count"), rows.size() }, { QStringLiteral("pages"), listing.pages } });
    return run.warnUnreadable(listing);
}

OutputTable vaultTable(bool names)
{
    OutputTable table;
    table.addColumn(QStringLiteral("name"));
    table.addColumn(QStringLiteral("resourceGroup"));
    table.addColumn(QStringLiteral("location"));
    table.addColumn(names ? QStringLiteral("subscriptionName") : QStringLiteral("subscriptionId"));
    table.addColumn(QStringLiteral("provisioningState"));
    table.addColumn(QStringLiteral("id"), OutputTable::Column::Id);
    return table;
}

int vaultsList(ApiRun &run, const QString &subscription)
{
    if (!subscription.isEmpty()) {
        QString sub = subscription.trimmed();
        if (sub.startsWith(QLatin1Char('/'))) {
            const ArmId id = ArmId::parse(sub);
            if (id.kind != ArmId::Kind::Subscription)
                return run.usage(QStringLiteral("'%1' is not a subscription id").arg(sub));
            sub = id.subscription;
        }
        if (sub.isEmpty() || sub.contains(QLatin1Char('/')))
            return run.usage(QStringLiteral("--subscription needs a subscription id"));
        const QString scope = QStringLiteral("/subscriptions/") + sub;
        return listIn<Backup::Vault>(
            run, scope, QStringLiteral("in subscription ") + sub, QStringLiteral("vaults"),
            QStringLiteral("vault"), QStringLiteral("vaults"), vaultTable(false),
            [&](auto onPage, auto done) { run.service().vaults(sub, run.owner(), onPage, done); },
            [](const Backup::Vault &v) { return EstateFields::vault(v); },
            { { QStringLiteral("subscription"), sub } });
    }
    // Every subscription, then the vaults of all at once (the transport bounds the concurrency).
    if (const int opened = run.open())
        return opened;
    QHash<QString, QString> names;
    QHash<QString, QList<Backup::Vault>> vaultsOf; // by subscription id (lower case)
    const auto estate = run.get<Backup::Estate>([&](auto done) {
        run.service().estate(
            run.owner(),
            [&](const Backup::Subscription &s, const QList<Backup::Vault> &vaults) {
                names.insert(s.subscriptionId.toLower(), s.displayName);
                vaultsOf.insert(s.subscriptionId.toLower(), vaults);
            },
            done);
    });
    if (!estate)
        return run.fail(QStringLiteral("listing the subscriptions failed"), QStringLiteral("/"),
                        estate.error(), {}, Backup::Listing::Subscriptions);
    OutputTable table = vaultTable(true);
    QList<ShownResource> rows;
    // In the order the service listed subscriptions, whichever answered first.
    for (const Backup::Subscription &s : estate->subscriptions) {
        for (const Backup::Vault &v : vaultsOf.value(s.subscriptionId.toLower())) {
            rows << EstateFields::vault(v, s.displayName);
            table.addRow(rows.last());
        }
    }
    run.printList(table, rows);
    const int subs = int(estate->subscriptions.size());
    run.note(QStringLiteral("%1 vault%2 in %3 subscription%4 — every nextLink followed to the end.")
                 .arg(rows.size())
                 .arg(rows.size() == 1 ? QString() : QStringLiteral("s"))
                 .arg(subs)
                 .arg(subs == 1 ? QString() : QStringLiteral("s")));
    // "Sees no subscriptions" only when none was listed at all: entries that were listed but could
    // not be read are no missing role assignment (they are warned about below).
    if (subs == 0 && estate->unreadableSubscriptions == 0)
        explainNoSubscriptions(run);
    int code = Ok;
    for (auto it = estate->failures.cbegin(); it != estate->failures.cend(); ++it) {
        const QString name = names.value(it.key(), it.key());
        const int failed
            = run.fail(QStringLiteral("listing the vaults of subscription %1 failed").arg(name),
                       QStringLiteral("/subscriptions/") + it.key(), it.value(), {}, Backup::Listing::Vaults);
        code = moreTellingExit(code, failed);
    }
    run.succeeded(QStringLiteral("/"),
                  { { QStringLiteral("count"), rows.size() },
                    { QStringLiteral("subscriptions"), subs },
                    { QStringLiteral("incomplete"), estate->failures.size() } });
    ApiRun::Listing unread;
    unread.unreadable = estate->unreadableSubscriptions + estate->unreadableVaults;
    unread.firstUnreadable = estate->firstUnreadable;
    const int warned = run.warnUnreadable(unread);
    return moreTellingExit(code, warned);
}

int runList(ApiRun &run, const QString &noun, const QCommandLineParser &p)
{
    if (noun == QLatin1String("subscriptions"))
        return subscriptionsList(run);
    if (noun == QLatin1String("vaults"))
        return vaultsList(run, p.value(QStringLiteral("subscription")));
    if (noun == QLatin1String("items") && p.isSet(QStringLiteral("all-vaults"))) {
        if (p.isSet(QStringLiteral("vault")))
            return run.usage(QStringLiteral("give --vault or --all-vaults, not both"));
        bool ok = false;
        const QString typeName = p.value(QStringLiteral("type"));
        const Backup::ItemType type = Backup::Paths::itemTypeFromName(typeName, &ok);
        if (!ok)
            return run.usage(QStringLiteral("--type must be vm, fileshare or sql, not '%1'").arg(typeName));
        return listItemsOfEveryVault(run, type, typeName);
    }
    if (noun == QLatin1String("policies") || noun == QLatin1String("items")) {
        const auto vault
            = VerbArgs::resourceId(p.value(QStringLiteral("vault")), ArmId::Kind::Vault,
                                   QStringLiteral("vault"), QStringLiteral("--vault ") + kVaultShape);
        if (!vault)
            return run.usage(vault.error().detail);
        const QString vaultId = vault.value();
        const QString vaultName = QStringLiteral("in vault ") + ArmId::parse(vaultId).vault;
        if (noun == QLatin1String("policies")) {
            OutputTable table;
            for (const char *key : { "name", "kind", "schedule", "retention", "protectedItems" })
                table.addColumn(QLatin1String(key));
            table.addColumn(QStringLiteral("id"), OutputTable::Column::Id);
            return listIn<Backup::Policy>(
                run, vaultId, vaultName, QStringLiteral("policies"), QStringLiteral("policy"),
                QStringLiteral("policies"), table,
                [&](auto onPage, auto done) { run.service().policies(vaultId, run.owner(), onPage, done); },
                &EstateFields::policy, {});
        }
        bool ok = false;
        const QString typeName = p.value(QStringLiteral("type"));
        const Backup::ItemType type = Backup::Paths::itemTypeFromName(typeName, &ok);
        if (!ok)
            return run.usage(QStringLiteral("--type must be vm, fileshare or sql, not '%1'").arg(typeName));
        OutputTable table;
        for (const char *key : { "friendlyName", "kind", "host", "policy", "health", "protectionState",
                                 "lastBackupStatus", "lastRecoveryPoint" })
            table.addColumn(QLatin1String(key));
        table.addColumn(QStringLiteral("id"), OutputTable::Column::Id);
        QJsonObject params;
        if (type != Backup::ItemType::All)
            params.insert(QStringLiteral("type"), typeName.toLower());
        return listIn<Backup::ProtectedItem>(
            run, vaultId, vaultName, QStringLiteral("protected items"), QStringLiteral("protected item"),
            QStringLiteral("protected items"), table,
            [&](auto onPage, auto done) { run.service().items(vaultId, type, run.owner(), onPage, done); },
            &EstateFields::item, params);
    }
    // points
    const auto item
        = VerbArgs::resourceId(p.value(QStringLiteral("item")), ArmId::Kind::Item,
                               QStringLiteral("protected item"), QStringLiteral("--item ") + kItemShape);
    if (!item)
        return run.usage(item.error().detail);
    QDateTime from;
    QDateTime to;
    for (auto [option, target] : { std::pair<const char *, QDateTime *>("from", &from), { "to", &to } }) {
        if (!p.isSet(QLatin1String(option)))
            continue;
        const auto t
            = VerbArgs::time(QStringLiteral("--") + QLatin1String(option), p.value(QLatin1String(option)));
        if (!t)
            return run.usage(t.error().detail);
        *target = t.value();
    }
    if (from.isValid() && to.isValid() && from > to)
        return run.usage(QStringLiteral("--from is after --to"));
    const QString itemId = item.value();
    // Say what the list covers before it comes (never a hidden default).
    QString window = QStringLiteral("Recovery points of %1").arg(ArmId::parse(itemId).itemFriendlyName());
    if (from.isValid())
        window += QStringLiteral(" from ") + VerbArgs::when(from);
    if (to.isValid())
        window += QStringLiteral(" until ") + VerbArgs::when(to);
    if (!from.isValid() && !to.isValid())
        window += QStringLiteral(": every point the service keeps (no time bounds sent)");
    OutputTable table;
    for (const char *key : { "time", "consistency", "tiers", "retentionRule", "expiresAt", "name" })
        table.addColumn(QLatin1String(key));
    table.addColumn(QStringLiteral("id"), OutputTable::Column::Id);
    QJsonObject params;
    if (from.isValid())
        params.insert(QStringLiteral("from"), from.toString(Qt::ISODate));
    if (to.isValid())
        params.insert(QStringLiteral("to"), to.toString(Qt::ISODate));
    // A point sent without its retention (recoveryPointProperties) shows what the item's policy
    // keeps it by, as the console's table does: the item and its policy are read (once) when the
    // first such point is shown.
    std::optional<Backup::Policy> policy;
    bool policyRead = false;
    const auto policyOf = [&](const Backup::RecoveryPoint &point) -> const Backup::Policy * {
        if (!point.retentionRule.isEmpty() || point.expiresAt.isValid())
            return nullptr;
        if (!std::exchange(policyRead, true)) {
            const auto known = run.get<Backup::ProtectedItem>(
                [&](auto done) { run.service().item(itemId, run.owner(), done); });
            const QString policyId = known ? known->policyId : QString();
            const auto read = policyId.isEmpty() ? Result<Backup::Policy>(Error())
                                                 : run.get<Backup::Policy>([&](auto done) {
                                                       run.service().policy(policyId, run.owner(), done);
                                                   });
            if (read)
                policy = read.value();
            else
                run.explain(QStringLiteral("points sent without their retention show none: the item's backup "
                                           "policy could not be read (%1)")
                                .arg(known ? (policyId.isEmpty() ? QStringLiteral("the item names none")
                                                                 : Text::headline(read.error()))
                                           : Text::headline(known.error())));
        }
        return policy ? &*policy : nullptr;
    };
    return listIn<Backup::RecoveryPoint>(
        run, itemId, QStringLiteral("of ") + ArmId::parse(itemId).itemFriendlyName(),
        QStringLiteral("recovery points"), QStringLiteral("recovery point"),
        QStringLiteral("recovery points"), table,
        [&](auto onPage, auto done) {
            run.service().recoveryPoints(itemId, from, to, run.owner(), onPage, done);
        },
        [&](const Backup::RecoveryPoint &point) { return EstateFields::point(point, policyOf(point)); },
        params, window + QLatin1Char('.'),
        [](const Backup::RecoveryPoint &a, const Backup::RecoveryPoint &b) {
            // Newest first; a log point that has only time ranges sorts by the end of its range,
            // as the console does.
            const QDateTime ta = a.latestTime();
            const QDateTime tb = b.latestTime();
            return ta != tb ? ta > tb : a.id.compare(b.id, Qt::CaseInsensitive) < 0;
        });
}

int runShow(ApiRun &run, const QString &noun, const QString &value)
{
    if (noun == QLatin1String("vaults")) {
        const auto id = VerbArgs::resourceId(value, ArmId::Kind::Vault, QStringLiteral("vault"), kVaultShape);
        if (!id)
            return run.usage(id.error().detail);
        return showOne<Backup::Vault>(
            run, id.value(), QStringLiteral("vault"),
            [&](auto done) { run.service().vault(id.value(), run.owner(), done); },
            &EstateFields::vaultDetails);
    }
    if (noun == QLatin1String("policies")) {
        const auto id
            = VerbArgs::resourceId(value, ArmId::Kind::Policy, QStringLiteral("policy"), kPolicyShape);
        if (!id)
            return run.usage(id.error().detail);
        return showOne<Backup::Policy>(
            run, id.value(), QStringLiteral("policy"),
            [&](auto done) { run.service().policy(id.value(), run.owner(), done); },
            &EstateFields::policyDetails);
    }
    const auto id
        = VerbArgs::resourceId(value, ArmId::Kind::Item, QStringLiteral("protected item"), kItemShape);
    if (!id)
        return run.usage(id.error().detail);
    return showOne<Backup::ProtectedItem>(
        run, id.value(), QStringLiteral("protected item"),
        [&](auto done) { run.service().item(id.value(), run.owner(), done); }, &EstateFields::itemDetails);
}

} // namespace

QList<QCommandLineOption> estateOptions()
{
    auto value = [](const char *name) {
        return QCommandLineOption(QLatin1String(name), QString(), QStringLiteral("value"));
    };
    return { value("subscription"),
             value("vault"),
             value("item"),
             value("from"),
             value("to"),
             value("status"),
             QCommandLineOption(QStringLiteral("all-vaults"), QString()) };
}

bool isEstateCommand(const QString &noun)
{
    for (const char *n : { "subscriptions", "vaults", "policies", "items", "points" }) {
        if (noun == QLatin1String(n))
            return true;
    }
    return false;
}

QString estateHelp(const QStringList &words)
{
    return helpFor(helps(), words);
}

int runEstateCommand(Context &ctx, const GlobalOptions &options, const QString &noun)
{
    QStringList args = ctx.args;
    const QString verb = args.isEmpty() ? QString() : args.takeFirst();
    bool known = false;
    for (const VerbHelp &h : helps())
        known = known || (noun == QLatin1String(h.noun) && verb == QLatin1String(h.verb));
    if (!known) {
        QStringList verbs;
        for (const VerbHelp &h : helps()) {
            if (noun == QLatin1String(h.noun))
                verbs << QLatin1String(h.verb);
        }
        ctx.err << "restoredesk-cli " << noun << ": "
                << (verb.isEmpty() ? QStringLiteral("give a verb")
                                   : QStringLiteral("unknown verb '%1'").arg(verb))
                << " (" << verbs.join(QStringLiteral(", ")) << ")\n";
        return Usage;
    }
    ApiRun run(ctx, options, noun + QLatin1Char(' ') + verb);
    const bool show = verb == QLatin1String("show");
    if (show && args.isEmpty())
        return run.usage(QStringLiteral("give the id of the thing to show"));
    if (args.size() > (show ? 1 : 0))
        return run.usage(QStringLiteral("unexpected argument '%1'").arg(args.at(show ? 1 : 0)));
    // Arguments are checked first; the API access opens (and signs in) only for a valid call.
    return show ? runShow(run, noun, args.first()) : runList(run, noun, *ctx.parser);
}

} // namespace RestoreDesk::Cli
