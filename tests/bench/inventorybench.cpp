// rd_inventory_bench: the estate's inventory — every subscription, the vaults of each, the
// protected items of every vault — read through the product's backup service and ARM transport
// (what the console and the CLI's listing verbs call), signed in against a sandbox. Timed from
// the first request to the last item; the sign-in is not timed. Prints one JSON object, with
// the dependent round trips along the longest chain of the listing (each nextLink page is one):
// subscription pages, then the vault pages of the subscription and the item pages of its vault
// that make the longest chain.
//   rd_inventory_bench --issuer URL --api URL [--sequential]
// --sequential: one request at a time (as `az` does), a mode of this benchmark only: the
// transport is limited to one request in flight.
#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "backup/backupservice.h"
#include "benchsession.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

#include <cstdio>

using namespace RestoreDesk;
using namespace RestoreDesk::Bench;

namespace {

int fail(const QString &why)
{
    std::fprintf(stderr, "rd_inventory_bench: %s\n", qPrintable(why));
    return 1;
}

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
            [this, subscriptionId, pages](Result<QList<Backup::ProtectedItem>> items) {
                if (!items)
                    return failed(items.error());
                m_items += int(items->size());
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
    int m_items = 0;
    QHash<QString, Chain> m_chains;
    QString m_error;
};

} // namespace

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (!args.contains(QStringLiteral("--issuer")) || !args.contains(QStringLiteral("--api")))
        return fail(QStringLiteral("usage: rd_inventory_bench --issuer URL --api URL [--sequential]"));
    const QString issuer = args.value(args.indexOf(QStringLiteral("--issuer")) + 1);
    const QString api = args.value(args.indexOf(QStringLiteral("--api")) + 1);
    const bool sequential = args.contains(QStringLiteral("--sequential"));

    BenchSession bench(issuer, api);
    if (auto signedIn = bench.signIn(); !signedIn)
        return fail(QStringLiteral("sign-in: ") + signedIn.error().toString());
    Arm::SessionTokenProvider tokens(&bench.session());
    Net::Transport transport;
    transport.nam = &bench.nam();
    Arm::ArmClient arm(transport, &tokens, QUrl(api));
    if (sequential) {
        Arm::ArmClient::Options o = arm.options();
        o.maxConcurrentPerHost = 1;
        arm.setOptions(o);
    }
    Backup::BackupService backup(&arm);

    Inventory inventory(&backup);
    QObject owner;
    QElapsedTimer t;
    t.start();
    inventory.run(&owner);
    while (!inventory.finished() && t.elapsed() < 600000)
        QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 100);
    const double ms = double(t.nsecsElapsed()) / 1e6;
    if (!inventory.error().isEmpty())
        return fail(inventory.error());
    if (!inventory.finished())
        return fail(QStringLiteral("the listing did not finish"));
    int vaultPages = 0, itemPages = 0;
    const int critical = inventory.criticalPath(&vaultPages, &itemPages);
    const QJsonObject out { { QStringLiteral("ms"), ms },
                            { QStringLiteral("subscriptions"), inventory.subscriptions() },
                            { QStringLiteral("vaults"), inventory.vaults() },
                            { QStringLiteral("items"), inventory.items() },
                            { QStringLiteral("requests"), arm.requestCount() },
                            { QStringLiteral("peakInFlight"), arm.peakInFlight() },
                            { QStringLiteral("criticalPath"), critical },
                            { QStringLiteral("subscriptionPages"), inventory.subscriptionPages() },
                            { QStringLiteral("vaultPages"), vaultPages },
                            { QStringLiteral("itemPages"), itemPages },
                            { QStringLiteral("sequential"), sequential } };
    std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    return 0;
}
