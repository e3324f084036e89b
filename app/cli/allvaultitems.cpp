#include "allvaultitems.h"

#include "backup/distinct.h"
#include "core/hugepageheap.h"
#include "estatefields.h"
#include "jsonlistwriter.h"

#include <QEventLoop>
#include <QFutureWatcher>
#include <QSet>
#include <QThreadPool>
#include <QtConcurrent/QtConcurrentRun>

namespace RestoreDesk::Cli {

namespace {

// A vault of at most this many items is formatted on this thread (a worker's hand-off costs more).
constexpr qsizetype kFormatHereItems = 16;

// What the listing gathered, by vault id (lower case) and by subscription id (lower case).
struct Gathered
{
    QHash<QString, QString> subscriptionNames;
    QList<Backup::Subscription> subscriptions; // in the service's order, once listed
    QHash<QString, QList<Backup::Vault>> vaultsOf;
    QHash<QString, QList<Backup::ProtectedItem>> itemsOf; // text output
    // JSON output: each vault's rows, formatted as soon as the vault is complete (RowStream).
    struct Rows
    {
        QByteArray joined;
        qsizetype count = 0;
    };
    QHash<QString, Rows> rowsOf;
    QSet<QString> vaultsDone; // listed or failed
    QList<QPair<Backup::Vault, Error>> vaultFailures;
    std::optional<Result<Backup::Estate>> estate;
    int pendingVaults = 0;
    bool outputLost = false; // the rows could not be written: stopped, not listed to the end
    // When the loss was seen: the rows handed to the output so far, in the service's order (those
    // of the failed write, up to a chunk or a vault's rows, and anything buffered never reached
    // the reader), their vaults, and the item pages read.
    qsizetype listedAtLoss = 0;
    int vaultsAtLoss = 0;
    int pagesAtLoss = 0;
    std::optional<Backup::Estate> estateAtLoss; // its failures and unreadable entries until then
    bool stoppedEarly = false; // the loss was seen before every vault was read
    int pages = 0;
    int unreadable = 0;
    Error firstUnreadable;

    bool done() const { return estate.has_value() && pendingVaults == 0; }
};

// JSON output as the listing goes: each vault's rows are formatted as soon as that vault is
// complete (rowsOf(), on the formatting thread for a vault of many items), whatever its place,
// and written as soon as every vault before it (in the service's order of subscriptions and
// vaults) is complete too, so the rows are formatted while later pages are still on their way,
// not all at once after the last one. The same rows, in the same order, as writing them all at
// the end.
class RowStream
{
public:
    RowStream(Gathered &g, QTextStream &out)
        : m_g(g)
        , m_out(out)
    { }

    // Writes what can be written.
    void pump()
    {
        const QList<Backup::Subscription> &subscriptions = m_g.subscriptions;
        if (!m_writer)
            m_writer.emplace(m_out);
        for (; m_subscription < subscriptions.size(); ++m_subscription, m_vault = 0) {
            const auto vaults
                = m_g.vaultsOf.constFind(subscriptions.at(m_subscription).subscriptionId.toLower());
            if (vaults == m_g.vaultsOf.cend())
                return; // its vaults are not listed yet
            for (; m_vault < vaults->size(); ++m_vault) {
                const Backup::Vault &v = vaults->at(m_vault);
                const QString key = v.id.toLower();
                if (!m_g.vaultsDone.contains(key))
                    return;
                ++m_vaults;
                const auto rows = m_g.rowsOf.find(key);
                if (rows == m_g.rowsOf.end())
                    continue;
                m_count += rows->count;
                m_writer->addElements(rows->joined, rows->count);
                // Written: its text goes now, while later pages are still on their way.
                m_g.rowsOf.erase(rows);
            }
        }
    }

    // A complete vault's rows, written by pump() in turn (its items are let go once formatted). A
    // pure function: a vault of more than a few items is formatted on the formatting thread.
    static Gathered::Rows rowsOf(const QList<Backup::ProtectedItem> &items, const QString &vaultName)
    {
        Gathered::Rows rows;
        // Once per id, as the text rows (a shifting listing can name an item on two pages).
        const QList<Backup::ProtectedItem> distinct = Backup::distinctByArmId(items);
        for (const Backup::ProtectedItem &item : distinct) {
            JsonListWriter::joinElement(
                rows.joined, [&](QByteArray &out) { EstateFields::appendItemElement(out, item, vaultName); });
            // Room for the rest, as long as the first (rows of a vault are alike): one allocation,
            // not a buffer grown and copied step by step.
            if (++rows.count == 1)
                rows.joined.reserve((rows.joined.size() + 2) * distinct.size() * 9 / 8);
        }
        return rows;
    }

    // A vault listed twice (named twice) is written with its latest listing, as before.
    void formatted(const Backup::Vault &v, Gathered::Rows rows)
    {
        m_g.rowsOf[v.id.toLower()] = std::move(rows);
    }

    // Closes the array (written empty when nothing came).
    void finish()
    {
        if (!m_writer)
            m_writer.emplace(m_out);
        m_writer->finish();
    }
    qsizetype count() const { return m_count; }
    int vaults() const { return m_vaults; }
    // Its output could not be written: the listing stops (JsonListWriter::lost()).
    bool lost() const { return m_writer && m_writer->lost(); }

private:
    Gathered &m_g;
    QTextStream &m_out;
    std::optional<JsonListWriter> m_writer;
    qsizetype m_subscription = 0;
    qsizetype m_vault = 0;
    qsizetype m_count = 0;
    int m_vaults = 0;
};

} // namespace

int listItemsOfEveryVault(ApiRun &run, Backup::ItemType type, const QString &typeName)
{
    if (const int opened = run.open())
        return opened;
    Gathered g;
    std::optional<RowStream> stream;
    if (run.json())
        stream.emplace(g, run.context().out);
    QEventLoop loop;
    // Rows of large vaults are formatted here, one vault at a time, not on the global pool, where
    // they would queue ahead of the pages still to be parsed. Its destructor waits for a vault
    // still being formatted (none is when the loop ends after the last vault: each is counted until
    // it is written; when the output was lost, those not started are dropped, see below).
    QThreadPool formatting;
    formatting.setMaxThreadCount(1);
    {
        Backup::BackupService &service = run.service();
        auto settle = [&g, &loop] {
            if (g.done() || g.outputLost)
                loop.quit();
        };
        // Rows written as their turn comes; once they cannot be (a reader that went away, a full
        // disk) nobody will see the rest: the listing stops here instead of reading every page.
        Backup::EstateJob *estateJob = nullptr;
        auto pump = [&stream, &g, &estateJob] {
            if (!stream || g.outputLost)
                return;
            stream->pump();
            if (stream->lost()) {
                g.outputLost = true;
                g.listedAtLoss = stream->count();
                g.vaultsAtLoss = stream->vaults();
                g.pagesAtLoss = g.pages;
                if (estateJob)
                    g.estateAtLoss = estateJob->sofar();
            }
        };
        // Declared after what the jobs report into (and the callbacks they call): destroyed first,
        // its jobs report `cancelled` (ignored: nothing is counted or written once the output was
        // lost) while all of that is still whole.
        QObject owner;
        estateJob = service.estate(
            &owner,
            [&](const Backup::Subscription &s, const QList<Backup::Vault> &vaults) {
                if (g.outputLost)
                    return; // no new listing once nobody sees the rows
                if (g.subscriptions.isEmpty())
                    g.subscriptions = estateJob->subscriptions(); // the job is whole in its own report
                g.subscriptionNames.insert(s.subscriptionId.toLower(), s.displayName);
                g.vaultsOf.insert(s.subscriptionId.toLower(), vaults);
                for (const Backup::Vault &v : vaults) {
                    ++g.pendingVaults;
                    service.items(
                        v.id, type, &owner,
                        [&g](const QList<Backup::ProtectedItem> &, const QList<Backup::Unreadable> &bad,
                             int) {
                            if (g.outputLost)
                                return;
                            ++g.pages;
                            if (!bad.isEmpty() && g.unreadable == 0)
                                g.firstUnreadable = bad.first().error;
                            g.unreadable += int(bad.size());
                        },
                        [&g, &settle, &pump, &stream, &owner, &formatting,
                         v](Result<QList<Backup::ProtectedItem>> items) {
                            if (g.outputLost) { // stopped: neither formatted nor counted
                                --g.pendingVaults;
                                return;
                            }
                            auto done = [&g, &settle, &pump, v] {
                                --g.pendingVaults;
                                g.vaultsDone.insert(v.id.toLower());
                                pump();
                                settle();
                            };
                            if (items && stream && items->size() > kFormatHereItems) {
                                // Formatted on a worker while this thread reads the next answers and
                                // sends the next requests; written in the service's order (pump()).
                                auto *watcher = new QFutureWatcher<Gathered::Rows>(&owner);
                                QObject::connect(watcher, &QFutureWatcherBase::finished, &owner,
                                                 [watcher, &stream, v, done] {
                                                     stream->formatted(v, watcher->future().takeResult());
                                                     watcher->deleteLater();
                                                     done();
                                                 });
                                watcher->setFuture(QtConcurrent::run(
                                    &formatting, [list = std::move(items).value(), name = v.name] {
                                        HugePageHeap::adviseThisThread();
                                        return RowStream::rowsOf(list, name);
                                    }));
                                return;
                            }
                            if (items && stream)
                                stream->formatted(v, RowStream::rowsOf(items.value(), v.name));
                            else if (items)
                                g.itemsOf.insert(v.id.toLower(), std::move(items).value());
                            else if (items.error().kind != Error::Kind::Cancelled)
                                g.vaultFailures.append({ v, items.error() });
                            done();
                        });
                }
                pump(); // a subscription without vaults lets the ones after it through
                settle();
            },
            [&g, &settle](Result<Backup::Estate> estate) {
                g.estate = std::move(estate);
                settle();
            });
        if (!g.done() && !g.outputLost)
            loop.exec();
        // Whether every vault was read is known only now: the estate reports after the callback in
        // which a loss may have been seen (and before the jobs still out are cancelled below).
        g.stoppedEarly = g.outputLost && !g.done();
        if (g.outputLost)
            formatting.clear(); // vaults waiting to be formatted: nobody will see them
    } // the jobs still out are cancelled here

    int code = Ok;
    auto worst = [&code](int failed) { code = moreTellingExit(code, failed); };
    // What failed, said and recorded, for a listing read to its end and for one stopped before it
    // (`estate`: what the estate knew then, or nothing): the subscriptions whose vaults could not be
    // listed, then the vaults whose items could not be.
    auto reportFailures = [&](const Backup::Estate *estate) {
        if (estate) {
            for (auto it = estate->failures.cbegin(); it != estate->failures.cend(); ++it)
                worst(run.fail(QStringLiteral("listing the vaults of subscription %1 failed")
                                   .arg(g.subscriptionNames.value(it.key(), it.key())),
                               QStringLiteral("/subscriptions/") + it.key(), it.value(), {},
                               Backup::Listing::Vaults));
        }
        for (const auto &[vault, error] : std::as_const(g.vaultFailures))
            worst(run.fail(QStringLiteral("listing the protected items in vault %1 failed").arg(vault.name),
                           vault.id, error, {}, Backup::Listing::Items));
    };
    // Entries that could not be read, of any listing (subscriptions, vaults, items), are warned
    // about and make the exit code 1, as `vaults list` does: the list is not the whole estate.
    auto warnUnreadable = [&](const Backup::Estate *estate) {
        ApiRun::Listing listing;
        listing.unreadable
            = (estate ? estate->unreadableSubscriptions + estate->unreadableVaults : 0) + g.unreadable;
        listing.firstUnreadable
            = estate && !estate->firstUnreadable.code.isEmpty() ? estate->firstUnreadable : g.firstUnreadable;
        if (listing.unreadable > 0)
            worst(run.warnUnreadable(listing));
    };
    // Stopped before its end (a loss seen while writing the last vault's rows is a listing read to
    // its end, below). What failed before the stop is said and recorded as always, and keeps its
    // exit code; checkedExit says why the output was lost (unless the reader went away).
    if (g.stoppedEarly) {
        const Backup::Estate *known = g.estateAtLoss ? &*g.estateAtLoss : nullptr;
        reportFailures(known);
        QJsonObject params { { QStringLiteral("listed"), g.listedAtLoss },
                             { QStringLiteral("vaults"), g.vaultsAtLoss },
                             { QStringLiteral("pages"), g.pagesAtLoss } };
        if (type != Backup::ItemType::All)
            params.insert(QStringLiteral("type"), typeName.toLower());
        run.stoppedUnwritten(QStringLiteral("/"), params);
        warnUnreadable(known);
        return code == Ok ? OutputLost : code;
    }
    const Result<Backup::Estate> &estate = *g.estate;
    if (!estate)
        return run.fail(QStringLiteral("listing the subscriptions failed"), QStringLiteral("/"),
                        estate.error(), {}, Backup::Listing::Subscriptions);

    OutputTable table;
    for (const char *key : { "friendlyName", "kind", "vault", "host", "policy", "health", "protectionState",
                             "lastBackupStatus", "lastRecoveryPoint" })
        table.addColumn(QLatin1String(key));
    table.addColumn(QStringLiteral("id"), OutputTable::Column::Id);
    // JSON: each vault's objects formatted as it completes and written as soon as the vaults before
    // it are (RowStream: no table, no list of rows, no array, no items kept once formatted).
    QList<ShownResource> rows;
    qsizetype count = 0;
    int vaults = 0;
    if (stream) {
        g.subscriptions = estate->subscriptions;
        stream->pump();
        stream->finish();
        count = stream->count();
        vaults = stream->vaults();
    }
    for (const Backup::Subscription &s : stream ? QList<Backup::Subscription>() : estate->subscriptions) {
        for (const Backup::Vault &v : g.vaultsOf.value(s.subscriptionId.toLower())) {
            ++vaults;
            for (const Backup::ProtectedItem &item :
                 Backup::distinctByArmId(g.itemsOf.value(v.id.toLower()))) {
                ++count;
                ShownResource row = EstateFields::item(item);
                row.addText(QStringLiteral("vault"), v.name);
                row.putFirst(
                    { QStringLiteral("friendlyName"), QStringLiteral("kind"), QStringLiteral("vault") });
                rows << row;
                table.addRow(rows.last());
            }
        }
    }
    if (!stream)
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

    reportFailures(&estate.value());
    QJsonObject params { { QStringLiteral("count"), count },
                         { QStringLiteral("vaults"), vaults },
                         { QStringLiteral("subscriptions"), subs },
                         { QStringLiteral("pages"), g.pages },
                         { QStringLiteral("incomplete"), estate->failures.size() + g.vaultFailures.size() } };
    if (type != Backup::ItemType::All)
        params.insert(QStringLiteral("type"), typeName.toLower());
    if (stream && stream->lost())
        params.insert(QStringLiteral("outputLost"), true); // read to the end; its last rows not written
    run.succeeded(QStringLiteral("/"), params);
    warnUnreadable(&estate.value());
    return code;
}

} // namespace RestoreDesk::Cli
