#include "estateoverviewloader.h"

#include "backup/backupservice.h"
#include "backup/distinct.h"
#include "backup/overview.h"
#include "overviewwidget.h"
#include "requeststrip.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <utility>

namespace RestoreDesk {

EstateOverviewLoader::EstateOverviewLoader(OverviewWidget *widget, QObject *parent)
    : QObject(parent)
    , m_widget(widget)
{
    m_rebuildTimer.setSingleShot(true);
    m_rebuildTimer.setInterval(kRebuildIntervalMs);
    connect(&m_rebuildTimer, &QTimer::timeout, this, &EstateOverviewLoader::rebuild);
    m_sendTimer.setSingleShot(true);
    m_sendTimer.setInterval(0);
    connect(&m_sendTimer, &QTimer::timeout, this, &EstateOverviewLoader::sendQueued);
}

void EstateOverviewLoader::setService(Backup::BackupService *service)
{
    m_service = service;
    refresh();
}

void EstateOverviewLoader::refresh()
{
    delete m_loads;
    m_queue.clear();
    m_queueHead = 0;
    m_data.clear();
    m_firstUnloaded = 0;
    ++m_epoch; // a sum still on a worker is of what was just forgotten
    m_buildAgain = false;
}

const EstateOverviewLoader::VaultData *EstateOverviewLoader::data(const QString &vaultId) const
{
    const auto it = m_data.constFind(vaultId.toLower());
    return it == m_data.cend() ? nullptr : &it.value();
}

void EstateOverviewLoader::adopt(const QString &vaultId, const VaultData &data)
{
    VaultData d = data;
    d.items = Backup::distinctById(d.items);
    d.policies = Backup::distinctById(d.policies);
    d.jobs = Backup::distinctById(d.jobs);
    if (!d.loadedAt.isValid())
        d.loadedAt = m_clock();
    // This copy is whole: parts of a load still on its way for this vault no longer count.
    d.pending = 0;
    d.generation = ++m_generation;
    m_data.insert(vaultId.toLower(), d);
    partArrived();
    for (const Backup::Vault &v : std::as_const(m_scope)) {
        if (v.id.compare(vaultId, Qt::CaseInsensitive) == 0)
            return showRequests();
    }
}

void EstateOverviewLoader::show(const QString &title, const QList<Backup::Vault> &vaults,
                                const QList<QUrl> &listings, const QString &listingNote,
                                const QStringList &unlisted, const QString &scopeKey)
{
    m_scope = Backup::distinctById(vaults); // a vault listed twice is counted once
    m_firstUnloaded = 0;
    ++m_epoch; // a sum still on a worker is of the scope shown before
    m_listings = listings;
    m_listingNote = listingNote;
    m_unlisted = unlisted;
    m_widget->setScope(title, scopeKey);
    if (!m_loads)
        m_loads = new QObject(this);
    // Loads of the scope shown before that are still queued go on (what they read is kept for
    // the session), behind this scope's.
    const QList<Queued> earlier = m_queue.mid(m_queueHead);
    m_queue.clear();
    m_queueHead = 0;
    for (const Backup::Vault &v : vaults) {
        const auto it = m_data.constFind(v.id.toLower());
        // Missing, read only in part last time (an outage, a 403 since fixed), or read too long
        // ago for "the last 24 hours" and the ages to hold: load it again.
        if (it == m_data.cend() || (it->loaded() && !it->errors.isEmpty())
            || (it->loaded() && it->loadedAt.isValid() && it->loadedAt.secsTo(m_clock()) > kMaxAgeSeconds))
            load(v);
    }
    m_queue += earlier;
    rebuild();
    showRequests();
}

void EstateOverviewLoader::showRequests()
{
    // Set when the requests change (a scope shown, a vault loaded or adopted), not on every
    // page: an estate of thousands of vaults has thousands of lines.
    QList<RequestStrip::Request> requests;
    for (const QUrl &u : std::as_const(m_listings))
        requests << RequestStrip::Request { "GET", u };
    for (const Backup::Vault &v : std::as_const(m_scope)) {
        const auto it = m_data.constFind(v.id.toLower());
        if (it == m_data.cend())
            continue;
        for (const QUrl &u : it->requests)
            requests << RequestStrip::Request { "GET", u };
    }
    QStringList note;
    if (!m_listingNote.isEmpty())
        note << m_listingNote;
    if (!m_scope.isEmpty())
        note << tr("4 per vault for %n vault(s): protected items, policies, the window's jobs, the jobs "
                   "still running",
                   nullptr, int(m_scope.size()));
    m_widget->request()->setRequests(
        requests, note.isEmpty() ? QString() : tr("and %1").arg(note.join(QStringLiteral("; "))));
}

void EstateOverviewLoader::load(const Backup::Vault &vault)
{
    if (!m_service)
        return;
    VaultData &d = m_data[vault.id.toLower()];
    d = VaultData();
    d.pending = 4;
    d.generation = ++m_generation;
    d.loadedAt = m_clock();
    m_queue << Queued { vault, d.generation };
    if (!m_sendTimer.isActive())
        m_sendTimer.start();
}

void EstateOverviewLoader::sendQueued()
{
    QElapsedTimer slice;
    slice.start();
    bool sentAny = false;
    while (m_queueHead < m_queue.size() && (!sentAny || slice.elapsed() < m_sendSliceMs)) {
        const Queued q = m_queue.at(m_queueHead++);
        const auto it = m_data.constFind(q.vault.id.toLower());
        // Adopted from a vault page or loaded again since it was queued: nothing to send.
        if (it == m_data.cend() || it->generation != q.generation)
            continue;
        send(q.vault, q.generation);
        sentAny = true;
    }
    if (m_queueHead < m_queue.size())
        return m_sendTimer.start();
    m_queue.clear();
    m_queueHead = 0;
    showRequests(); // every vault's requests are known now
}

void EstateOverviewLoader::send(const Backup::Vault &vault, quint64 generation)
{
    if (!m_service || !m_loads)
        return;
    const QString key = vault.id.toLower();
    VaultData &d = m_data[key];
    Backup::JobFilter window;
    window.since = d.loadedAt.addSecs(-24 * 3600);
    // A job started before the window and still running is "in progress" all the same: the
    // running ones are listed too, whenever they started, and merged (each job once).
    Backup::JobFilter running;
    running.status = QStringLiteral("InProgress");
    const QString backup = m_service->versions().backup;
    d.requests = { m_service->urlFor(Backup::Paths::items(vault.id, Backup::ItemType::All), backup),
                   m_service->urlFor(Backup::Paths::policies(vault.id), backup),
                   m_service->urlFor(Backup::Paths::jobs(vault.id, window), backup),
                   m_service->urlFor(Backup::Paths::jobs(vault.id, running), backup) };
    // The loads are children of m_loads, so they report `cancelled` while this loader is being
    // destroyed, after m_data is gone: reach the loader only through a guard (null by then).
    auto done = [self = QPointer<EstateOverviewLoader>(this), key,
                 generation](std::function<void(VaultData &)> keep) {
        if (!self)
            return;
        auto it = self->m_data.find(key);
        if (it == self->m_data.end() || it->generation != generation)
            return; // replaced since (adopted from a vault page, or loaded again)
        keep(it.value());
        --it->pending;
        self->partArrived();
    };
    auto noteError = [](VaultData &v, const Error &e, const QString &part) {
        if (e.kind == Error::Kind::Cancelled)
            return;
        v.errors << e;
        v.missing << part;
    };
    const QString items = tr("protected items");
    const QString policies = tr("policies");
    const QString jobs = tr("jobs");
    m_service->items(vault.id, Backup::ItemType::All, m_loads, {},
                     [done, noteError, items, loads = m_loads](Result<QList<Backup::ProtectedItem>> r) {
                         if (!r || r->size() < kDistinctOffThreadItems || !loads)
                             return done([&](VaultData &v) {
                                 r ? void(v.items = Backup::distinctById(r.value()))
                                   : noteError(v, r.error(), items);
                             });
                         // Each item once, found on a worker: comparing ids as ARM does costs about a
                         // millisecond per hundred items, and the answers of many vaults are handed over in
                         // one turn of the event loop. The watcher is one of the loads: ended with them, it
                         // reports nothing.
                         auto *watcher = new QFutureWatcher<QList<Backup::ProtectedItem>>(loads);
                         QObject::connect(watcher, &QFutureWatcherBase::finished, watcher, [done, watcher] {
                             watcher->deleteLater();
                             done([&](VaultData &v) { v.items = watcher->result(); });
                         });
                         watcher->setFuture(QtConcurrent::run(
                             [all = std::move(r).value()] { return Backup::distinctById(all); }));
                     });
    m_service->policies(vault.id, m_loads, {}, [done, noteError, policies](Result<QList<Backup::Policy>> r) {
        done([&](VaultData &v) {
            r ? void(v.policies = Backup::distinctById(r.value())) : noteError(v, r.error(), policies);
        });
    });
    const QString runningJobs = tr("running jobs");
    for (const auto &[filter, part] : { std::pair(window, jobs), std::pair(running, runningJobs) }) {
        m_service->jobs(vault.id, filter, m_loads, {},
                        [done, noteError, part = part](Result<QList<Backup::Job>> r) {
                            done([&](VaultData &v) {
                                r ? void(v.jobs = Backup::distinctById(v.jobs + r.value()))
                                  : noteError(v, r.error(), part);
                            });
                        });
    }
}

void EstateOverviewLoader::partArrived()
{
    // The vaults before m_firstUnloaded are loaded (a vault's data only completes until the
    // scope is shown again): each vault is looked at about once per scope, not once per part.
    for (; m_firstUnloaded < m_scope.size(); ++m_firstUnloaded) {
        const auto it = m_data.constFind(m_scope.at(m_firstUnloaded).id.toLower());
        if (it == m_data.cend() || !it->loaded()) {
            if (!m_rebuildTimer.isActive())
                m_rebuildTimer.start();
            return;
        }
    }
    rebuild();
}

void EstateOverviewLoader::rebuild()
{
    m_rebuildTimer.stop();
    ++m_rebuilds;
    // Progress and what is missing at once (a walk over the scope's vaults); the sums after.
    int loaded = 0;
    QStringList failed;
    QStringList missing = m_unlisted;
    Error first;
    for (const Backup::Vault &v : std::as_const(m_scope)) {
        const auto it = m_data.constFind(v.id.toLower());
        if (it == m_data.cend())
            continue;
        if (it->loaded())
            ++loaded;
        if (!it->errors.isEmpty()) {
            failed << v.name;
            QStringList parts;
            for (qsizetype i = 0; i < it->errors.size(); ++i)
                parts << tr("%1 (%2)").arg(it->missing.value(i), it->errors.at(i).code);
            missing << tr("%1 of vault %2").arg(parts.join(QStringLiteral(", ")), v.name);
            if (first.code.isEmpty())
                first = it->errors.first();
        }
    }
    m_widget->setProgress(loaded, int(m_scope.size()));
    m_widget->setIncomplete(missing);
    build();
    if (!failed.isEmpty() && loaded == int(m_scope.size()))
        Q_EMIT failedVaults(failed, first);
}

namespace {

// What one sum is made of: each vault's lists as loaded (shared, not copied, until summed).
struct BuildInput
{
    QList<QList<Backup::ProtectedItem>> items;
    QList<QList<Backup::Policy>> policies;
    QList<QList<Backup::Job>> jobs;
    QDateTime now;
    qsizetype itemCount = 0;

    Backup::Overview sum() const
    {
        QList<Backup::ProtectedItem> allItems;
        allItems.reserve(itemCount);
        for (const auto &l : items)
            allItems += l;
        QList<Backup::Policy> allPolicies;
        for (const auto &l : policies)
            allPolicies += l;
        QList<Backup::Job> allJobs;
        for (const auto &l : jobs)
            allJobs += l;
        return Backup::Overview::build(allItems, allPolicies, allJobs, now);
    }
};

} // namespace

void EstateOverviewLoader::build()
{
    if (m_building) {
        m_buildAgain = true; // summed up again from what is loaded once the running sum is in
        return;
    }
    BuildInput in;
    in.now = m_clock();
    for (const Backup::Vault &v : std::as_const(m_scope)) {
        const auto it = m_data.constFind(v.id.toLower());
        if (it == m_data.cend())
            continue;
        in.items.append(it->items);
        in.policies.append(it->policies);
        in.jobs.append(it->jobs);
        in.itemCount += it->items.size();
    }
    if (in.itemCount < kBuildOffThreadItems)
        return m_widget->setOverview(in.sum());
    // A large scope: summed on a worker; the GUI thread only shows the result. A result of a scope
    // or session no longer shown (m_epoch moved) is dropped.
    m_building = true;
    auto *watcher = new QFutureWatcher<Backup::Overview>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, epoch = m_epoch] {
        watcher->deleteLater();
        m_building = false;
        if (epoch == m_epoch)
            m_widget->setOverview(watcher->result());
        if (std::exchange(m_buildAgain, false))
            build();
    });
    watcher->setFuture(QtConcurrent::run([in = std::move(in)] { return in.sum(); }));
}

} // namespace RestoreDesk
