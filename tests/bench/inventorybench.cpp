// rd_inventory_bench: the estate's inventory — every subscription, the vaults of each, the
// protected items of every vault — as the signed-in CLI reads it: `restoredesk-cli items list
// --all-vaults --output json` against a sandbox, timed from just before the process starts to its
// exit (the whole process: its start, every request, parsing and printing the JSON, to a new file
// read after the clock stops). The sign-in is
// not timed: it happens here first, and the CLI is handed the access token in its environment
// (RESTOREDESK_ACCESS_TOKEN, never on the command line). Prints one JSON object, with the dependent
// round trips along the longest chain of the listing (each nextLink page is one): subscription
// pages, then the vault pages of the subscription and the item pages of its vault that make the
// longest chain — counted by an untimed listing through the same backup service beforehand, whose
// item count the CLI's output must match.
//   rd_inventory_bench --issuer URL --api URL --cli PATH --work DIR
//   rd_inventory_bench --issuer URL --api URL --sequential
// --sequential: one request at a time (as `az` does), a mode of this benchmark only: the listing
// runs in this process through the backup service with the transport limited to one request in
// flight, timed from the first request to the last item.
#include "arm/armclient.h"
#include "backup/backupservice.h"
#include "benchsession.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QDir>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonParseError>
#include <QProcess>
#include <QRegularExpression>
#include <QSet>
#include <QTimer>

#include <cstdio>

using namespace RestoreDesk;
using namespace RestoreDesk::Bench;

namespace {

// The listing, as concurrent as the transport allows: each subscription's vaults as soon as the
// subscriptions are in, each vault's items as soon as its subscription's vaults are in.
class Inventory
{
public:
    explicit Inventory(Backup::BackupService *service)
        : m_service(service)
    { }

    void run(QObject *owner)
    {
        m_owner = owner;
        ++m_pending;
        m_service->subscriptions(
            owner,
            [this](const auto &, const auto &, int index) {
                m_subscriptionPages = qMax(m_subscriptionPages, index + 1);
            },
            [this](Result<QList<Backup::Subscription>> subs) {
                if (!subs)
                    return failed(subs.error());
                for (const Backup::Subscription &s : subs.value())
                    listVaults(s.subscriptionId);
                done();
            });
    }

    bool finished() const { return m_pending == 0 || !m_error.isEmpty(); }
    QString error() const { return m_error; }
    int vaults() const { return m_vaults; }
    int vaultsWithItems() const { return int(m_vaultsWithItems.size()); }
    int items() const { return m_items; }
    int subscriptions() const { return int(m_chains.size()); }
    // Dependent round trips along the longest chain: subscription pages + vault pages + item pages.
    int criticalPath(int *vaultPages, int *itemPages) const
    {
        int longest = 0;
        for (auto it = m_chains.begin(); it != m_chains.end(); ++it) {
            if (it->vaultPages + it->maxItemPages > longest) {
                longest = it->vaultPages + it->maxItemPages;
                *vaultPages = it->vaultPages;
                *itemPages = it->maxItemPages;
            }
        }
        return m_subscriptionPages + longest;
    }
    int subscriptionPages() const { return m_subscriptionPages; }

private:
    struct Chain
    {
        int vaultPages = 0;
        int maxItemPages = 0;
    };

    void listVaults(const QString &subscriptionId)
    {
        ++m_pending;
        m_chains.insert(subscriptionId, {});
        m_service->vaults(
            subscriptionId, m_owner,
            [this, subscriptionId](const auto &, const auto &, int index) {
                m_chains[subscriptionId].vaultPages = qMax(m_chains[subscriptionId].vaultPages, index + 1);
            },
            [this, subscriptionId](Result<QList<Backup::Vault>> vaults) {
                if (!vaults)
                    return failed(vaults.error());
                m_vaults += int(vaults->size());
                for (const Backup::Vault &v : vaults.value())
                    listItems(subscriptionId, v.id);
                done();
            });
    }

    void listItems(const QString &subscriptionId, const QString &vaultId)
    {
        ++m_pending;
        auto pages = std::make_shared<int>(0);
        m_service->items(
            vaultId, Backup::ItemType::All, m_owner,
            [pages](const auto &, const auto &, int index) { *pages = qMax(*pages, index + 1); },
            [this, subscriptionId, vaultId, pages](Result<QList<Backup::ProtectedItem>> items) {
                if (!items)
                    return failed(items.error());
                m_items += int(items->size());
                if (!items->isEmpty())
                    m_vaultsWithItems.insert(vaultId.toLower());
                m_chains[subscriptionId].maxItemPages = qMax(m_chains[subscriptionId].maxItemPages, *pages);
                done();
            });
    }

    void failed(const Error &e)
    {
        if (m_error.isEmpty())
            m_error = e.toString();
        done();
    }
    void done() { --m_pending; }

    Backup::BackupService *m_service;
    QObject *m_owner = nullptr;
    int m_pending = 0;
    int m_subscriptionPages = 0;
    int m_vaults = 0;
    QSet<QString> m_vaultsWithItems; // lower case, as the CLI's output is counted
    int m_items = 0;
    QHash<QString, Chain> m_chains;
    QString m_error;
};

// One run of the CLI listing every vault's items; its JSON array and transport counters, or an error.
struct CliRun
{
    double ms = 0;
    int items = 0;
    int vaults = 0;
    int requests = 0;
    int peakInFlight = 0;
    QString listing; // the file its JSON went to: removed by the caller once the counts match,
                     // kept elsewhere otherwise
    QString error;
};

// Where a listing that failed a check is kept: beside the runs' homes, a name of its own.
QString keptListing(const QString &work)
{
    return work + QStringLiteral("/listing-failed-")
        + QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMddThhmmsszzz"))
        + QStringLiteral(".json");
}

CliRun runCli(const QString &cli, const QString &api, const QByteArray &token, const QString &work)
{
    CliRun out;
    const QString home = work + QStringLiteral("/cli-home");
    QDir(home).removeRecursively();
    QDir().mkpath(home);
    QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
    env.insert(QStringLiteral("HOME"), home);
    env.insert(QStringLiteral("XDG_CONFIG_HOME"), home + QStringLiteral("/config"));
    env.insert(QStringLiteral("XDG_DATA_HOME"), home + QStringLiteral("/data"));
    env.insert(QStringLiteral("RESTOREDESK_NO_KEYCHAIN"), QStringLiteral("1"));
    env.insert(QStringLiteral("RESTOREDESK_ACCESS_TOKEN"), QString::fromLatin1(token));
    env.insert(QStringLiteral("DBUS_SESSION_BUS_ADDRESS"),
               QStringLiteral("unix:path=/nonexistent/restoredesk-bench-bus"));
    env.remove(QStringLiteral("QT_LOGGING_RULES"));
    QProcess p;
    p.setProcessEnvironment(env);
    // The listing's JSON goes to a new file, read once the clock has stopped: kept in this
    // process's memory as it came (as QProcess buffers a pipe), 16x the estate's 35 MB took this
    // process 150 ms of the two cores while the CLI ran (702 ms), page faults mostly. A new file
    // each run: one written over would make the CLI's audit fsync flush it (ext4 auto_da_alloc).
    const QString listing = home + QStringLiteral("/listing.json");
    if (QFile::exists(listing)) {
        out.error = QStringLiteral("%1 from an earlier run could not be removed").arg(listing);
        return out;
    }
    p.setStandardOutputFile(listing);
    out.listing = listing;
    const QStringList args { QStringLiteral("--api-base"), api,
                             QStringLiteral("--output"),   QStringLiteral("json"),
                             QStringLiteral("--stats"),    QStringLiteral("items"),
                             QStringLiteral("list"),       QStringLiteral("--all-vaults") };
    QElapsedTimer t;
    t.start();
    p.start(cli, args);
    if (!p.waitForStarted(30000)) {
        out.error = QStringLiteral("%1 did not start: %2").arg(cli, p.errorString());
        return out;
    }
    if (!p.waitForFinished(600000)) {
        p.kill();
        p.waitForFinished();
        out.error = QStringLiteral("%1 did not finish").arg(cli);
        return out;
    }
    out.ms = double(t.nsecsElapsed()) / 1e6;
    const QByteArray stdErr = p.readAllStandardError();
    if (p.exitStatus() != QProcess::NormalExit || p.exitCode() != 0) {
        out.error = QStringLiteral("%1 exited with %2: %3")
                        .arg(cli)
                        .arg(p.exitCode())
                        .arg(QString::fromUtf8(stdErr).trimmed());
        return out;
    }
    QFile printed(listing);
    if (!printed.open(QIODevice::ReadOnly)) {
        out.error = QStringLiteral("%1: %2").arg(listing, printed.errorString());
        return out;
    }
    QJsonParseError parsed;
    const QJsonDocument document = QJsonDocument::fromJson(printed.readAll(), &parsed);
    if (parsed.error != QJsonParseError::NoError) {
        out.error = QStringLiteral("%1 (%2 bytes) is not JSON: %3 at %4")
                        .arg(listing)
                        .arg(printed.size())
                        .arg(parsed.errorString())
                        .arg(parsed.offset);
        return out;
    }
    if (!document.isArray()) {
        out.error = QStringLiteral("%1 is JSON but not a list").arg(listing);
        return out;
    }
    const QJsonArray items = document.array();
    QSet<QString> vaults;
    for (const QJsonValue &v : items) {
        const QString id = v.toObject().value(QStringLiteral("id")).toString();
        const qsizetype fabrics = id.indexOf(QStringLiteral("/backupFabrics/"), 0, Qt::CaseInsensitive);
        if (fabrics <= 0) {
            out.error = QStringLiteral("%1 lists an item whose id names no vault: %2").arg(listing, id);
            return out;
        }
        vaults.insert(id.left(fabrics).toLower());
    }
    out.items = int(items.size());
    out.vaults = int(vaults.size());
    // "restoredesk-cli: transport: 70 requests, 0 retries, 0 renewals, peak 34 concurrent, 151 ms"
    static const QRegularExpression stats(
        QStringLiteral("transport: (\\d+) requests, .* peak (\\d+) concurrent"));
    const auto m = stats.match(QString::fromUtf8(stdErr));
    if (!m.hasMatch()) {
        out.error = QStringLiteral("%1 printed no transport line: %2").arg(cli, QString::fromUtf8(stdErr));
        return out;
    }
    out.requests = m.captured(1).toInt();
    out.peakInFlight = m.captured(2).toInt();
    return out;
}

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    const QString issuer = argumentValue(args, "--issuer");
    const QString api = argumentValue(args, "--api");
    const QString cli = argumentValue(args, "--cli");
    const QString work = argumentValue(args, "--work");
    const bool sequential = args.contains(QStringLiteral("--sequential"));
    if (issuer.isEmpty() || api.isEmpty() || (!sequential && (cli.isEmpty() || work.isEmpty())))
        return fail(
            QStringLiteral("usage: rd_inventory_bench --issuer URL --api URL (--cli PATH --work DIR | "
                           "--sequential)"));

    BenchSession bench(issuer, api);
    if (auto signedIn = bench.signIn(); !signedIn)
        return fail(QStringLiteral("sign-in: ") + signedIn.error().toString());
    BenchApi client(bench, api, sequential ? 1 : 0);
    Arm::ArmClient &arm = client.arm();
    Backup::BackupService &backup = client.backup();

    // The listing through the service: timed in the sequential mode; otherwise (untimed) what
    // counts the chain of pages and the items the CLI must print.
    Inventory inventory(&backup);
    QObject owner;
    QElapsedTimer t;
    t.start();
    inventory.run(&owner);
    while (!inventory.finished() && t.elapsed() < 600000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    double ms = double(t.nsecsElapsed()) / 1e6;
    if (!inventory.error().isEmpty())
        return fail(inventory.error());
    if (!inventory.finished())
        return fail(QStringLiteral("the listing did not finish"));
    int requests = arm.requestCount();
    int peak = arm.peakInFlight();
    if (!sequential) {
        CliRun run = runCli(cli, api, bench.session().accessToken(), work);
        if (run.error.isEmpty()
            && (run.items != inventory.items() || run.vaults != inventory.vaultsWithItems()))
            run.error = QStringLiteral("the CLI listed %1 items of %2 vaults, the service %3 of %4")
                            .arg(run.items)
                            .arg(run.vaults)
                            .arg(inventory.items())
                            .arg(inventory.vaultsWithItems());
        if (!run.error.isEmpty()) {
            // What the CLI printed, if anything, kept out of the run's home (the next run, of
            // this figure or the next, empties it).
            const QString kept = keptListing(work);
            if (QFile::exists(run.listing) && QFile::rename(run.listing, kept))
                return fail(run.error + QStringLiteral(" (its output is kept in %1)").arg(kept));
            return fail(run.error);
        }
        QFile::remove(run.listing); // tens of megabytes at 16x, checked
        ms = run.ms;
        requests = run.requests;
        peak = run.peakInFlight;
    }
    int vaultPages = 0, itemPages = 0;
    const int critical = inventory.criticalPath(&vaultPages, &itemPages);
    const QJsonObject out { { QStringLiteral("ms"), ms },
                            { QStringLiteral("subscriptions"), inventory.subscriptions() },
                            { QStringLiteral("vaults"), inventory.vaults() },
                            { QStringLiteral("items"), inventory.items() },
                            { QStringLiteral("requests"), requests },
                            { QStringLiteral("peakInFlight"), peak },
                            { QStringLiteral("criticalPath"), critical },
                            { QStringLiteral("subscriptionPages"), inventory.subscriptionPages() },
                            { QStringLiteral("vaultPages"), vaultPages },
                            { QStringLiteral("itemPages"), itemPages },
                            { QStringLiteral("sequential"), sequential } };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
