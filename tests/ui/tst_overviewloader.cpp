// The estate overview's loader on a large scope: a scope of at least kBuildOffThreadItems items is
// summed up on a worker thread, to the same numbers as summing it up in place (Overview::build on
// the same data), and a sum of a scope or session no longer shown is dropped, never shown. Over a
// scripted ARM server on 127.0.0.1: a vault's listing of kDistinctOffThreadItems items or more is
// made distinct on a worker, to what making it distinct in place gives (an entry repeated across
// pages kept once); a scope's loads go out a slice per turn of the event loop, every vault's four
// requests once; a worker's result for a session signed out or a load replaced since is dropped.
#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "backup/backupservice.h"
#include "backup/distinct.h"
#include "backup/overview.h"
#include "backup/page.h"
#include "cannedhttpserver.h"
#include "core/clock.h"
#include "estateoverviewloader.h"
#include "overviewwidget.h"

#include <QChildEvent>
#include <QFutureWatcher>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QNetworkAccessManager>
#include <QPointer>
#include <QSet>
#include <QSignalSpy>
#include <QTest>
#include <QThreadPool>
#include <QTimeZone>

#include <functional>
#include <memory>

using namespace RestoreDesk;
using Backup::ProtectedItem;

namespace {

const QString kGroupId
    = QStringLiteral("/subscriptions/00000000-0000-0000-0000-00000000000a/resourceGroups/rg-large");

struct Scope
{
    QList<Backup::Vault> vaults;
    QList<EstateOverviewLoader::VaultData> data;

    QList<ProtectedItem> items() const
    {
        QList<ProtectedItem> out;
        for (const auto &d : data)
            out += d.items;
        return out;
    }
    QList<Backup::Job> jobs() const
    {
        QList<Backup::Job> out;
        for (const auto &d : data)
            out += d.jobs;
        return out;
    }
    Scope first(qsizetype n) const { return { vaults.first(n), data.first(n) }; }
};

// `vaults` vaults of `itemsEach` items and as many jobs, of mixed health, protection and status.
Scope makeScope(int vaults, int itemsEach, const QDateTime &now)
{
    const QList<ProtectedItem::Health> healths { ProtectedItem::Health::Passed,
                                                 ProtectedItem::Health::ActionRequired,
                                                 ProtectedItem::Health::ActionSuggested,
                                                 ProtectedItem::Health::Invalid };
    const QList<Backup::Job::Status> statuses { Backup::Job::Status::Completed, Backup::Job::Status::Failed,
                                                Backup::Job::Status::CompletedWithWarnings,
                                                Backup::Job::Status::InProgress,
                                                Backup::Job::Status::Cancelled };
    Scope s;
    for (int v = 0; v < vaults; ++v) {
        Backup::Vault vault;
        vault.id = kGroupId + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/v%1").arg(v);
        vault.armId = Backup::ArmId::parse(vault.id);
        vault.name = QStringLiteral("v%1").arg(v);
        EstateOverviewLoader::VaultData d;
        for (int k = 0; k < itemsEach; ++k) {
            ProtectedItem item;
            item.id = vault.id + QStringLiteral("/protectedItems/i%1").arg(k);
            item.health = healths.at((v + k) % healths.size());
            // Protected with a policy that is not loaded: counted as not judged.
            if (k % 5 == 0)
                item.protectionState = ProtectedItem::ProtectionState::Protected;
            d.items << item;
            Backup::Job job;
            job.id = vault.id + QStringLiteral("/backupJobs/j%1").arg(k);
            job.status = statuses.at((v * 7 + k) % statuses.size());
            job.startTime = now.addSecs(-37 * ((v * itemsEach + k) % 3000)); // some outside the 24 h
            job.endTime = job.startTime.addSecs(30);
            d.jobs << job;
        }
        s.vaults << vault;
        s.data << d;
    }
    return s;
}

// A vault of the scripted server: `items` distinct protected items, listed over two pages that
// repeat `repeated` of them (itemPages()).
struct ServedVault
{
    Backup::Vault vault;
    int items = 0;
    int repeated = 0;
};

Backup::Vault servedVault(const QString &name)
{
    Backup::Vault v;
    v.id = kGroupId + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/") + name;
    v.armId = Backup::ArmId::parse(v.id);
    v.name = name;
    return v;
}

QJsonObject itemJson(const QString &vaultId, int k, const QString &health)
{
    const QString name = QStringLiteral("vm%1").arg(k);
    const QString id = vaultId
        + QStringLiteral("/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;rg;%1/"
                         "protectedItems/VM;iaasvmcontainerv2;rg;%1")
              .arg(name);
    return { { QStringLiteral("id"), id },
             { QStringLiteral("name"), id.section(QLatin1Char('/'), -1) },
             { QStringLiteral("properties"),
               QJsonObject { { QStringLiteral("protectedItemType"),
                               QStringLiteral("Microsoft.Compute/virtualMachines") },
                             { QStringLiteral("workloadType"), QStringLiteral("VM") },
                             { QStringLiteral("friendlyName"), name },
                             { QStringLiteral("healthStatus"), health } } } };
}

// The two pages of a vault's items: items 0 .. items - 1, where the last `repeated` of page 1 are
// listed again at the start of page 2 with another health (the later copy is the one kept). None
// repeated: one page (the second empty, not asked for).
QList<QJsonArray> itemPages(const ServedVault &v)
{
    const int firstPage = v.repeated == 0 ? v.items : (v.items + v.repeated) / 2;
    QJsonArray one;
    QJsonArray two;
    for (int k = 0; k < firstPage; ++k)
        one << itemJson(v.vault.id, k, QStringLiteral("Passed"));
    for (int k = firstPage - v.repeated; k < v.items; ++k)
        two << itemJson(v.vault.id, k,
                        k < firstPage ? QStringLiteral("ActionRequired") : QStringLiteral("Passed"));
    return { one, two };
}

QFutureWatcherBase *onlyWorker(const EstateOverviewLoader &loader)
{
    const QList<QFutureWatcherBase *> w = loader.findChildren<QFutureWatcherBase *>();
    return w.size() == 1 ? w.first() : nullptr;
}

// What goes to the loader's loads (the object its requests and its per-vault workers belong to,
// created by show()): every child added is counted, and each QFutureWatcher (a vault's items made
// distinct on a worker) is seen by a look queued as it is created, so before the worker's result
// can be handed over (posted later, from the worker).
class LoadsSpy : public QObject
{
public:
    explicit LoadsSpy(EstateOverviewLoader &loader)
    {
        for (QObject *c : loader.findChildren<QObject *>(QString(), Qt::FindDirectChildrenOnly)) {
            if (c->metaObject() == &QObject::staticMetaObject)
                m_loads = c;
        }
        if (m_loads)
            m_loads->installEventFilter(this);
    }
    bool watching() const { return m_loads; }
    int added = 0;
    int workers = 0;
    std::function<void()> onWorker;

protected:
    bool eventFilter(QObject *watched, QEvent *e) override
    {
        if (watched == m_loads && e->type() == QEvent::ChildAdded) {
            ++added;
            const QPointer<QObject> child = static_cast<QChildEvent *>(e)->child();
            QMetaObject::invokeMethod(
                this,
                [this, child] {
                    if (!qobject_cast<QFutureWatcherBase *>(child.data()))
                        return;
                    ++workers;
                    if (onWorker)
                        onWorker();
                },
                Qt::QueuedConnection);
        }
        return false;
    }

private:
    QPointer<QObject> m_loads;
};

} // namespace

class TestOverviewLoader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void largeScopeIsSummedOnAWorkerAsInPlace();
    void sumOfAScopeNoLongerShownIsDropped();
    void sumOfASessionSignedOutIsDropped();
    void init();
    void cleanup();
    void itemsAreMadeDistinctOnAWorkerAsInPlace();
    void loadsGoOutASliceAtATimeEachOnce();
    void distinctItemsOfASessionSignedOutAreDropped();
    void distinctItemsOfALoadReplacedSinceAreDropped();
    void distinctItemsOfAScopeLeftAreNeverShown();

private:
    // The loader over the scripted server, its send slice 0 ms (one vault per turn) unless said.
    std::unique_ptr<EstateOverviewLoader> servedLoader(OverviewWidget *widget, int sliceMs = 0);
    // "items"/"policies"/"jobs" requests the server saw for `vault`.
    int seenFor(const Backup::Vault &vault, const char *what) const;
    bool allLoaded(const EstateOverviewLoader &loader, const QList<ServedVault> &vaults) const;
    // What the loader should hold for a vault: its listing made distinct in place.
    QList<ProtectedItem> expectedItems(const ServedVault &v) const;

    std::unique_ptr<Test::CannedHttpServer> m_server;
    QHash<QString, ServedVault> m_served; // lower-case vault id
    QNetworkAccessManager m_nam;
    std::unique_ptr<Arm::StaticTokenProvider> m_tokens;
    std::unique_ptr<Arm::ArmClient> m_arm;
    std::unique_ptr<Backup::BackupService> m_service;
    const ManualClock m_clock { QDateTime(QDate(2026, 5, 1), QTime(12, 0), QTimeZone::utc()) };
};

void TestOverviewLoader::largeScopeIsSummedOnAWorkerAsInPlace()
{
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setClock(m_clock.clock());
    const Scope scope = makeScope(6, 1000, m_clock.now());
    QVERIFY(scope.items().size() >= EstateOverviewLoader::kBuildOffThreadItems);
    loader.show(QStringLiteral("All"), scope.vaults); // no service: the data comes from adopt()
    for (qsizetype i = 0; i < scope.vaults.size(); ++i)
        loader.adopt(scope.vaults.at(i).id, scope.data.at(i));
    // Summed on a worker: nothing is shown before the event loop hands the result over.
    QVERIFY(onlyWorker(loader));
    QCOMPARE(widget.overview().totalItems, 0);
    const Backup::Overview expected
        = Backup::Overview::build(scope.items(), {}, scope.jobs(), m_clock.now()); // the in-place sum
    QTRY_COMPARE(widget.overview().totalItems, expected.totalItems);
    const Backup::Overview &shown = widget.overview();
    QCOMPARE(shown.totalItems, int(scope.items().size()));
    QCOMPARE(shown.itemsByHealth, expected.itemsByHealth);
    QCOMPARE(shown.jobs.succeeded, expected.jobs.succeeded);
    QCOMPARE(shown.jobs.failed, expected.jobs.failed);
    QCOMPARE(shown.jobs.withWarnings, expected.jobs.withWarnings);
    QCOMPARE(shown.jobs.inProgress, expected.jobs.inProgress);
    QCOMPARE(shown.jobs.cancelled, expected.jobs.cancelled);
    QVERIFY(expected.jobs.total() < int(scope.jobs().size())); // the window is applied
    QCOMPARE(shown.failedJobIds, expected.failedJobIds);
    QCOMPARE(shown.warningJobIds, expected.warningJobIds);
    QCOMPARE(shown.unjudgedItemIds, expected.unjudgedItemIds);
    QVERIFY(!expected.unjudgedItemIds.isEmpty());
    QCOMPARE(shown.windowStart, expected.windowStart);
    QCOMPARE(shown.windowEnd, expected.windowEnd);

    // A small scope of the same kind is summed up in place, to the same kind of numbers.
    const Scope small = scope.first(1);
    loader.show(QStringLiteral("One"), small.vaults);
    QTRY_VERIFY(!onlyWorker(loader)); // the worker's watcher is gone once it reported
    const Backup::Overview inPlace = Backup::Overview::build(small.items(), {}, small.jobs(), m_clock.now());
    QCOMPARE(widget.overview().totalItems, inPlace.totalItems);
    QCOMPARE(widget.overview().itemsByHealth, inPlace.itemsByHealth);
}

void TestOverviewLoader::sumOfAScopeNoLongerShownIsDropped()
{
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setClock(m_clock.clock());
    const Scope all = makeScope(10, 1000, m_clock.now());
    const Scope half = all.first(5);
    QVERIFY(half.items().size() >= EstateOverviewLoader::kBuildOffThreadItems);
    loader.show(QStringLiteral("All"), all.vaults);
    for (qsizetype i = 0; i < all.vaults.size(); ++i)
        loader.adopt(all.vaults.at(i).id, all.data.at(i));
    QTRY_COMPARE(widget.overview().totalItems, int(all.items().size()));
    loader.show(QStringLiteral("None"), {}); // an empty scope, summed in place: 0 items
    QCOMPARE(widget.overview().totalItems, 0);
    QTRY_VERIFY(loader.findChildren<QFutureWatcherBase *>().isEmpty()); // the first sum's is gone

    // The whole scope again (its data is kept: summed on a worker at once), then half of it
    // before that sum is in: the whole scope's sum arrives for a scope no longer shown.
    loader.show(QStringLiteral("All"), all.vaults);
    QFutureWatcherBase *whole = onlyWorker(loader);
    QVERIFY(whole);
    int shownWhenWholeArrived = -1;
    connect(whole, &QFutureWatcherBase::finished, this,
            [&] { shownWhenWholeArrived = widget.overview().totalItems; });
    loader.show(QStringLiteral("Half"), half.vaults);
    QTRY_VERIFY(shownWhenWholeArrived >= 0);
    QCOMPARE(shownWhenWholeArrived, 0); // dropped: never shown under "Half"
    // Half is summed then (on a worker too), from the data loaded.
    QTRY_COMPARE(widget.overview().totalItems, int(half.items().size()));
    const Backup::Overview expected = Backup::Overview::build(half.items(), {}, half.jobs(), m_clock.now());
    QCOMPARE(widget.overview().itemsByHealth, expected.itemsByHealth);
    QCOMPARE(widget.overview().failedJobIds, expected.failedJobIds);
    QCOMPARE(widget.overview().unjudgedItemIds, expected.unjudgedItemIds);
}

void TestOverviewLoader::sumOfASessionSignedOutIsDropped()
{
    OverviewWidget widget;
    EstateOverviewLoader loader(&widget);
    loader.setClock(m_clock.clock());
    const Scope all = makeScope(6, 1000, m_clock.now());
    loader.show(QStringLiteral("All"), all.vaults);
    for (qsizetype i = 0; i < all.vaults.size(); ++i)
        loader.adopt(all.vaults.at(i).id, all.data.at(i));
    QFutureWatcherBase *sum = onlyWorker(loader);
    QVERIFY(sum);
    QSignalSpy arrived(sum, &QFutureWatcherBase::finished);
    // Signed out (or refreshed) while it is summed: what it sums is forgotten; it is not shown.
    loader.refresh();
    QTRY_COMPARE(arrived.count(), 1);
    QCOMPARE(widget.overview().totalItems, 0);
    QTest::qWait(2 * EstateOverviewLoader::kRebuildIntervalMs);
    QCOMPARE(widget.overview().totalItems, 0);
}

void TestOverviewLoader::init()
{
    m_served.clear();
    m_server = std::make_unique<Test::CannedHttpServer>();
    QVERIFY(m_server->start());
    m_server->setHandler([this](const Test::CannedHttpServer::Seen &s) {
        const auto json = [](const QJsonObject &o) {
            return Test::CannedHttpServer::response(200, QJsonDocument(o).toJson(QJsonDocument::Compact));
        };
        const QString target = QString::fromUtf8(s.target);
        const QString path = target.left(target.indexOf(QLatin1Char('?'))).toLower();
        if (path.endsWith(QLatin1String("/backuppolicies")) || path.endsWith(QLatin1String("/backupjobs")))
            return json({ { QStringLiteral("value"), QJsonArray {} } });
        if (!path.endsWith(QLatin1String("/backupprotecteditems")))
            return Test::CannedHttpServer::response(404, "{}");
        const QString vaultId = path.section(QStringLiteral("/backupprotecteditems"), 0, 0);
        const auto v = m_served.constFind(vaultId);
        if (v == m_served.cend())
            return Test::CannedHttpServer::response(404, "{}");
        const QList<QJsonArray> pages = itemPages(*v);
        if (target.contains(QLatin1String("page=2")) || pages.at(1).isEmpty())
            return json(
                { { QStringLiteral("value"), pages.at(target.contains(QLatin1String("page=2")) ? 1 : 0) } });
        return json(
            { { QStringLiteral("value"), pages.at(0) },
              { QStringLiteral("nextLink"), m_server->url(target + QStringLiteral("&page=2")).toString() } });
    });
    m_tokens = std::make_unique<Arm::StaticTokenProvider>("token");
    Net::Transport t;
    t.nam = &m_nam;
    m_arm = std::make_unique<Arm::ArmClient>(t, m_tokens.get(), m_server->url(QStringLiteral("/")));
    Arm::ArmClient::Options options;
    options.maxAttempts = 1;
    m_arm->setOptions(options);
    m_service = std::make_unique<Backup::BackupService>(m_arm.get());
}

void TestOverviewLoader::cleanup()
{
    QThreadPool::globalInstance()->waitForDone();
    m_service.reset();
    m_arm.reset();
    m_tokens.reset();
    m_server.reset();
}

std::unique_ptr<EstateOverviewLoader> TestOverviewLoader::servedLoader(OverviewWidget *widget, int sliceMs)
{
    auto loader = std::make_unique<EstateOverviewLoader>(widget);
    loader->setClock(m_clock.clock());
    loader->setSendSliceMs(sliceMs);
    loader->setService(m_service.get());
    return loader;
}

int TestOverviewLoader::seenFor(const Backup::Vault &vault, const char *what) const
{
    const QByteArray path = vault.id.toUtf8().toLower() + "/backup" + what;
    int n = 0;
    for (const Test::CannedHttpServer::Seen &s : m_server->requests()) {
        const QByteArray p = s.target.left(s.target.indexOf('?')).toLower();
        n += p == path ? 1 : 0;
    }
    return n;
}

bool TestOverviewLoader::allLoaded(const EstateOverviewLoader &loader, const QList<ServedVault> &vaults) const
{
    for (const ServedVault &v : vaults) {
        const EstateOverviewLoader::VaultData *d = loader.data(v.vault.id);
        if (!d || !d->loaded())
            return false;
    }
    return true;
}

QList<ProtectedItem> TestOverviewLoader::expectedItems(const ServedVault &v) const
{
    const QList<QJsonArray> pages = itemPages(v);
    QList<ProtectedItem> listed = Backup::Page<ProtectedItem>::fromValue(pages.at(0)).items;
    listed += Backup::Page<ProtectedItem>::fromValue(pages.at(1)).items;
    return Backup::distinctById(listed);
}

namespace {

// Each item as id and health, in order: what two lists of items are compared by.
QStringList itemKeys(const QList<ProtectedItem> &items)
{
    QStringList out;
    for (const ProtectedItem &i : items)
        out << QStringLiteral("%1 %2").arg(i.id).arg(int(i.health));
    return out;
}

} // namespace

void TestOverviewLoader::itemsAreMadeDistinctOnAWorkerAsInPlace()
{
    // A large listing (on a worker) and a small one (in place), each with entries repeated across
    // its two pages: both hold each item once, the later copy, in the order of the in-place result.
    const ServedVault large { servedVault(QStringLiteral("large")),
                              int(EstateOverviewLoader::kDistinctOffThreadItems) + 30, 20 };
    const ServedVault small { servedVault(QStringLiteral("small")), 10, 3 };
    QVERIFY(small.items + small.repeated < EstateOverviewLoader::kDistinctOffThreadItems);
    for (const ServedVault &v : { large, small })
        m_served.insert(v.vault.id.toLower(), v);
    OverviewWidget widget;
    const auto loader = servedLoader(&widget);
    loader->show(QStringLiteral("Group"), { large.vault, small.vault });
    LoadsSpy spy(*loader);
    QVERIFY(spy.watching());
    QTRY_VERIFY(allLoaded(*loader, { large, small }));
    for (const ServedVault &v : { large, small }) {
        const QList<ProtectedItem> expected = expectedItems(v);
        QCOMPARE(int(expected.size()), v.items); // the repeated entries are dropped in place too
        QCOMPARE(itemKeys(loader->data(v.vault.id)->items), itemKeys(expected));
        QCOMPARE(seenFor(v.vault, "protecteditems"), 2); // both pages, once each
    }
    QCOMPARE(spy.workers, 1); // the large listing's, on a worker; the small one in place
    QTRY_COMPARE(widget.overview().totalItems, large.items + small.items);
}

void TestOverviewLoader::loadsGoOutASliceAtATimeEachOnce()
{
    // A scope of many vaults, one vault's loads per turn of the event loop (slice 0 ms): every
    // vault's four requests go out once, a vault's four together, over many turns. A vault adopted
    // (from a vault page) while queued is not sent; the scope shown again while queued sends
    // nothing twice; another scope shown meanwhile is sent, and so is the rest of the first.
    QList<ServedVault> first;
    for (int i = 0; i < 12; ++i)
        first << ServedVault { servedVault(QStringLiteral("a%1").arg(i)), 2, 0 };
    QList<ServedVault> second;
    for (int i = 0; i < 4; ++i)
        second << ServedVault { servedVault(QStringLiteral("b%1").arg(i)), 2, 0 };
    for (const ServedVault &v : first + second)
        m_served.insert(v.vault.id.toLower(), v);
    const auto vaultsOf = [](const QList<ServedVault> &l) {
        QList<Backup::Vault> out;
        for (const ServedVault &v : l)
            out << v.vault;
        return out;
    };
    OverviewWidget widget;
    const auto loader = servedLoader(&widget);
    loader->show(QStringLiteral("First"), vaultsOf(first));
    LoadsSpy spy(*loader);
    QVERIFY(spy.watching());
    QCOMPARE(spy.added, 0); // queued, not sent: nothing goes out before the event loop runs
    const ServedVault adopted = first.takeLast();
    EstateOverviewLoader::VaultData page;
    page.items = expectedItems(adopted);
    loader->adopt(adopted.vault.id, page);
    loader->show(QStringLiteral("First"), vaultsOf(first) << adopted.vault); // again, while queued
    loader->show(QStringLiteral("Second"), vaultsOf(second) << first.first().vault); // one vault of both

    // What went to the loads at each turn of the event loop, until every vault is loaded.
    QList<int> turns;
    QTimer sampler;
    sampler.setInterval(0);
    connect(&sampler, &QTimer::timeout, this, [&] { turns << spy.added; });
    sampler.start();
    const QList<ServedVault> sent = first + second;
    QTRY_VERIFY(allLoaded(*loader, sent));
    sampler.stop();
    QVERIFY(loader->data(adopted.vault.id)->loaded());

    const int requests = 4 * int(sent.size());
    QCOMPARE(spy.added, requests);
    QCOMPARE(int(m_server->requests().size()), requests); // no vault's items have a second page here
    QSet<QByteArray> distinct;
    for (const Test::CannedHttpServer::Seen &s : m_server->requests())
        distinct.insert(s.target);
    QCOMPARE(int(distinct.size()), requests); // none twice
    for (const ServedVault &v : sent) {
        QCOMPARE(seenFor(v.vault, "protecteditems"), 1);
        QCOMPARE(seenFor(v.vault, "policies"), 1);
        QCOMPARE(seenFor(v.vault, "jobs"), 2); // the window's and the running ones
    }
    for (const char *what : { "protecteditems", "policies", "jobs" })
        QCOMPARE(seenFor(adopted.vault, what), 0);
    // The GUI thread went back to its event loop between vaults: many turns saw part of the scope
    // sent, and never part of a vault's four.
    int partway = 0;
    for (int n : std::as_const(turns)) {
        QVERIFY2(n % 4 == 0, qPrintable(QStringLiteral("%1 loads after a turn").arg(n)));
        partway += n > 0 && n < requests ? 1 : 0;
    }
    QVERIFY2(partway >= int(sent.size()) / 2,
             qPrintable(
                 QStringLiteral("%1 turns of %2 saw part of the scope sent").arg(partway).arg(turns.size())));
}

void TestOverviewLoader::distinctItemsOfASessionSignedOutAreDropped()
{
    // Signed out while a vault's items are made distinct on a worker: the result is never kept
    // nor shown.
    const ServedVault large { servedVault(QStringLiteral("large")),
                              int(EstateOverviewLoader::kDistinctOffThreadItems) + 30, 20 };
    m_served.insert(large.vault.id.toLower(), large);
    OverviewWidget widget;
    const auto loader = servedLoader(&widget);
    loader->show(QStringLiteral("Vault"), { large.vault });
    LoadsSpy spy(*loader);
    QVERIFY(spy.watching());
    bool signedOut = false;
    spy.onWorker = [&] {
        loader->refresh();
        signedOut = true;
    };
    QTRY_VERIFY(signedOut);
    QThreadPool::globalInstance()->waitForDone(); // the worker is done; its result would be posted now
    QTest::qWait(2 * EstateOverviewLoader::kRebuildIntervalMs);
    QVERIFY(!loader->data(large.vault.id));
    QCOMPARE(widget.overview().totalItems, 0);
}

void TestOverviewLoader::distinctItemsOfALoadReplacedSinceAreDropped()
{
    // A vault page hands its data over while the overview's own load of that vault has its items
    // on a worker: the page's copy stays, the worker's result of the older load is dropped.
    const ServedVault large { servedVault(QStringLiteral("large")),
                              int(EstateOverviewLoader::kDistinctOffThreadItems) + 30, 20 };
    m_served.insert(large.vault.id.toLower(), large);
    OverviewWidget widget;
    const auto loader = servedLoader(&widget);
    loader->show(QStringLiteral("Vault"), { large.vault });
    LoadsSpy spy(*loader);
    QVERIFY(spy.watching());
    EstateOverviewLoader::VaultData page;
    page.items = expectedItems(large).first(3);
    bool adopted = false;
    spy.onWorker = [&] {
        loader->adopt(large.vault.id, page);
        adopted = true;
    };
    QTRY_VERIFY(adopted);
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(2 * EstateOverviewLoader::kRebuildIntervalMs);
    QCOMPARE(spy.workers, 1);
    QVERIFY(loader->data(large.vault.id)->loaded());
    QCOMPARE(itemKeys(loader->data(large.vault.id)->items), itemKeys(page.items));
    QCOMPARE(widget.overview().totalItems, 3);
}

void TestOverviewLoader::distinctItemsOfAScopeLeftAreNeverShown()
{
    // The operator moves from a vault whose items are on a worker to another vault: the first
    // vault's items are kept for later, never shown in the second's overview.
    const ServedVault large { servedVault(QStringLiteral("large")),
                              int(EstateOverviewLoader::kDistinctOffThreadItems) + 30, 20 };
    const ServedVault other { servedVault(QStringLiteral("other")), 5, 0 };
    for (const ServedVault &v : { large, other })
        m_served.insert(v.vault.id.toLower(), v);
    OverviewWidget widget;
    const auto loader = servedLoader(&widget);
    loader->show(QStringLiteral("Large"), { large.vault });
    LoadsSpy spy(*loader);
    QVERIFY(spy.watching());
    int mostShown = -1;
    QTimer sampler;
    sampler.setInterval(0);
    connect(&sampler, &QTimer::timeout, this,
            [&] { mostShown = qMax(mostShown, widget.overview().totalItems); });
    spy.onWorker = [&] {
        loader->show(QStringLiteral("Other"), { other.vault });
        sampler.start();
    };
    QTRY_VERIFY(allLoaded(*loader, { large, other }));
    QThreadPool::globalInstance()->waitForDone();
    QTest::qWait(2 * EstateOverviewLoader::kRebuildIntervalMs);
    sampler.stop();
    QCOMPARE(spy.workers, 1);
    QCOMPARE(widget.overview().totalItems, other.items);
    QCOMPARE(mostShown, other.items);
    // Kept for the session: the large vault's own overview needs no second load.
    QCOMPARE(int(loader->data(large.vault.id)->items.size()), large.items);
    QCOMPARE(seenFor(large.vault, "protecteditems"), 2);
}

QTEST_MAIN(TestOverviewLoader)
#include "tst_overviewloader.moc"
