#include "allvaultitems.h"

#include "backup/distinct.h"
#include "estatefields.h"
#include "jsonlistwriter.h"

#include <QEventLoop>

namespace RestoreDesk::Cli {

namespace {

// What the listing gathered, by vault id (lower case) and by subscription id (lower case).
struct Gathered
{
    QHash<QString, QString> subscriptionNames;
    QHash<QString, QList<Backup::Vault>> vaultsOf;
    QHash<QString, QList<Backup::ProtectedItem>> itemsOf;
    QList<QPair<Backup::Vault, Error>> vaultFailures;
    std::optional<Result<Backup::Estate>> estate;
    int pendingVaults = 0;
    int pages = 0;
    int unreadable = 0;
    Error firstUnreadable;

    bool done() const { return estate.has_value() && pendingVaults == 0; }
};

} // namespace

int listItemsOfEveryVault(ApiRun &run, Backup::ItemType type, const QString &typeName)
{
    if (const int opened = run.open())
        return opened;
    Gathered g;
    QEventLoop loop;
    {
        // Declared after what the jobs report into: destroyed first, its jobs report `cancelled`
        // (ignored) while `g` is still whole.
        QObject owner;
        Backup::BackupService &service = run.service();
        auto settle = [&g, &loop] {
            if (g.done())
                loop.quit();
        };
        service.estate(
            &owner,
            [&](const Backup::Subscription &s, const QList<Backup::Vault> &vaults) {
                g.subscriptionNames.insert(s.subscriptionId.toLower(), s.displayName);
                g.vaultsOf.insert(s.subscriptionId.toLower(), vaults);
                for (const Backup::Vault &v : vaults) {
                    ++g.pendingVaults;
                    service.items(
                        v.id, type, &owner,
                        [&g](const QList<Backup::ProtectedItem> &, const QList<Backup::Unreadable> &bad,
                             int) {
                            ++g.pages;
                            if (!bad.isEmpty() && g.unreadable == 0)
                                g.firstUnreadable = bad.first().error;
                            g.unreadable += int(bad.size());
                        },
                        [&g, &settle, v](Result<QList<Backup::ProtectedItem>> items) {
                            --g.pendingVaults;
                            if (items)
                                g.itemsOf.insert(v.id.toLower(), std::move(items).value());
                            else if (items.error().kind != Error::Kind::Cancelled)
                                g.vaultFailures.append({ v, items.error() });
                            settle();
                        });
                }
            },
            [&g, &settle](Result<Backup::Estate> estate) {
                g.estate = std::move(estate);
                settle();
            });
        if (!g.done())
            loop.exec();
    }
    const Result<Backup::Estate> &estate = *g.estate;
    if (!estate)
        return run.fail(QStringLiteral("listing the subscriptions failed"), QStringLiteral("/"),
                        estate.error());

    OutputTable table;
    for (const char *key : { "friendlyName", "kind", "vault", "host", "policy", "health", "protectionState",
                             "lastBackupStatus", "lastRecoveryPoint" })
        table.addColumn(QLatin1String(key));
    table.addColumn(QStringLiteral("id"), OutputTable::Column::Id);
    // JSON: each object straight to standard output (no table, no list of rows, no array: an
    // estate's worth of text is never held at once).
    QList<ShownResource> rows;
    std::optional<JsonListWriter> writer;
    if (run.json())
        writer.emplace(run.context().out);
    qsizetype count = 0;
    int vaults = 0;
    for (const Backup::Subscription &s : estate->subscriptions) {
        for (const Backup::Vault &v : g.vaultsOf.value(s.subscriptionId.toLower())) {
            ++vaults;
            for (const Backup::ProtectedItem &item : Backup::distinctById(g.itemsOf.value(v.id.toLower()))) {
                ++count;
                if (writer) {
                    writer->addElement(EstateFields::itemElement(item, v.name));
                    continue;
                }
                ShownResource row = EstateFields::item(item);
                row.addText(QStringLiteral("vault"), v.name);
                row.putFirst(
                    { QStringLiteral("friendlyName"), QStringLiteral("kind"), QStringLiteral("vault") });
                rows << row;
                table.addRow(rows.last());
            }
        }
    }
    if (writer)
        writer->finish();
    else
        run.printList(table, rows);
    const int subs = int(estate->subscriptions.size());
    run.note(QStringLiteral("%1 protected item%2 in %3 vault%4 of %5 subscription%6 — %7 item pages, every "
                            "nextLink followed to the end.")
                 .arg(count)
                 .arg(count == 1 ? QString() : QStringLiteral("s"))
                 .arg(vaults)
                 .arg(vaults == 1 ? QString() : QStringLiteral("s"))
                 .arg(subs)
                 .arg(subs == 1 ? QString() : QStringLiteral("s"))
                 .arg(g.pages));

    int code = Ok;
    auto worst = [&code](int failed) {
        code = code == PermissionDenied || failed == PermissionDenied ? PermissionDenied : failed;
    };
    for (auto it = estate->failures.cbegin(); it != estate->failures.cend(); ++it) {
        const QString name = g.subscriptionNames.value(it.key(), it.key());
        worst(run.fail(QStringLiteral("listing the vaults of subscription %1 failed").arg(name),
                       QStringLiteral("/subscriptions/") + it.key(), it.value()));
    }
    for (const auto &[vault, error] : std::as_const(g.vaultFailures))
        worst(run.fail(QStringLiteral("listing the protected items in vault %1 failed").arg(vault.name),
                       vault.id, error));
    QJsonObject params { { QStringLiteral("count"), count },
                         { QStringLiteral("vaults"), vaults },
                         { QStringLiteral("subscriptions"), subs },
                         { QStringLiteral("pages"), g.pages },
                         { QStringLiteral("incomplete"), estate->failures.size() + g.vaultFailures.size() } };
    if (type != Backup::ItemType::All)
        params.insert(QStringLiteral("type"), typeName.toLower());
    run.succeeded(QStringLiteral("/"), params);
    if (g.unreadable > 0) {
        ApiRun::Listing listing;
        listing.unreadable = g.unreadable;
        listing.firstUnreadable = g.firstUnreadable;
        worst(run.warnUnreadable(listing));
    }
    return code;
}

} // namespace RestoreDesk::Cli
