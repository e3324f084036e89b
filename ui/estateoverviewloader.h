#pragma once

#include "backup/job.h"
#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/vault.h"
#include "core/clock.h"
#include "core/error.h"

#include <QDateTime>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>
#include <QUrl>

#include <functional>

namespace RestoreDesk {

namespace Backup {
class BackupService;
}
class OverviewWidget;

// Builds the overview of a scope (the estate, a subscription, a resource group, a vault) for an
// OverviewWidget: for each vault of the scope, its protected items, policies and the last day's
// jobs (with those still running, whenever they started), loaded concurrently (the transport bounds them),
// with the overview rebuilt as vaults arrive ("Loaded 3 of 12 vaults"). Parts that arrive close together are
// folded into one rebuild: at most one per kRebuildIntervalMs while parts are still loading, and one at once
// when the last part of the scope arrives (so a large estate is not rebuilt once per part). What was loaded
// in full is kept for the session, so moving between scopes does not load a vault twice; a vault with a part
// that could not be read is loaded again the next time a scope shows it; refresh() forgets everything. A
// vault that could not be read is counted and named (the overview says it is incomplete), never silently left
// out. The widget's request strip lists the GETs the overview is built from: the listings of the scope's
// vaults, then each vault's three (as they were sent, or will be). GUI thread; owned by the estate
// controller.
class EstateOverviewLoader : public QObject
{
    Q_OBJECT

public:
    struct VaultData
    {
        QList<Backup::ProtectedItem> items;
        QList<Backup::Policy> policies;
        QList<Backup::Job> jobs;
        QList<Error> errors; // why a part could not be read (cancelled loads are not errors)
        QStringList missing; // which parts, in words ("protected items"), one per error
        QList<QUrl> requests; // the GETs it is read with: items, policies, jobs (window, running)
        QDateTime loadedAt; // when it was asked for: the jobs' window and the ages are from then
        int pending = 0;
        // Which load filled it: a part of an earlier load (replaced since by another load or by
        // what a vault page adopted) is not counted against this one.
        quint64 generation = 0;
        bool loaded() const { return pending == 0; }
    };

    EstateOverviewLoader(OverviewWidget *widget, QObject *parent = nullptr);

    void setService(Backup::BackupService *service);
    void setClock(Clock clock) { m_clock = std::move(clock); }
    // Shows the overview of `vaults` under `title`, loading what is missing. `listings` are the
    // GETs that listed these vaults (first shown), `listingNote` says what the ones after the
    // first are ("the vaults of each of 2 subscriptions"; empty when there is one). `unlisted`
    // names, in words, what of the scope could not even be listed ("vaults of subscription X
    // (code)"): the overview says it is incomplete for them too. `scopeKey` tells apart scopes of
    // the same title (OverviewWidget::setScope).
    void show(const QString &title, const QList<Backup::Vault> &vaults, const QList<QUrl> &listings = {},
              const QString &listingNote = {}, const QStringList &unlisted = {},
              const QString &scopeKey = {});
    // Takes what a vault page loaded itself (no second load).
    void adopt(const QString &vaultId, const VaultData &data);
    void refresh();
    const VaultData *data(const QString &vaultId) const;
    // How many times the overview was built (for tests and the benchmark).
    int rebuildCount() const { return m_rebuilds; }
    // How long of one turn of the event loop goes to sending queued loads (kSendSliceMs; a test
    // sets 0: one vault per turn).
    void setSendSliceMs(int ms) { m_sendSliceMs = ms; }

    static constexpr int kRebuildIntervalMs = 100;
    // A vault's data older than this is read again when a scope showing it is shown: an overview
    // of "the last 24 hours" and of ages never rests on data from hours ago.
    static constexpr int kMaxAgeSeconds = 300;
    // Scopes of at least this many items are summed up (Overview::build) on a worker thread, so
    // a large estate never holds the GUI thread; a smaller one is summed up at once, in place.
    static constexpr qsizetype kBuildOffThreadItems = 4000;
    // At most this long of one turn of the event loop goes to sending a scope's loads (at least
    // one vault's): an estate of hundreds of vaults sends its thousands of requests over several
    // turns, so the window keeps painting and answering meanwhile.
    static constexpr int kSendSliceMs = 4;
    // A vault's listing of at least this many items is made distinct (each item once) on a worker.
    static constexpr qsizetype kDistinctOffThreadItems = 50;

Q_SIGNALS:
    void failedVaults(const QStringList &names, const RestoreDesk::Error &first);

private:
    // Marks the vault as loading (its data empty, four parts pending) and queues its requests;
    // they are sent a slice at a time (sendQueued).
    void load(const Backup::Vault &vault);
    void sendQueued();
    void send(const Backup::Vault &vault, quint64 generation);
    void rebuild();
    // The numbers of the scope from what is loaded now: in place, or on a worker (one at a time;
    // a rebuild asked for meanwhile starts another from what is loaded then).
    void build();
    // A part arrived: rebuild now when the scope is complete, else at most once per interval.
    void partArrived();
    void showRequests();

    OverviewWidget *m_widget;
    QPointer<Backup::BackupService> m_service;
    Clock m_clock = systemClock();
    QHash<QString, VaultData> m_data; // lower-case vault id
    QList<Backup::Vault> m_scope;
    QList<QUrl> m_listings;
    QString m_listingNote;
    QStringList m_unlisted;
    QPointer<QObject> m_loads;
    QTimer m_rebuildTimer;
    QTimer m_sendTimer;
    int m_sendSliceMs = kSendSliceMs;
    struct Queued
    {
        Backup::Vault vault;
        quint64 generation = 0; // sent only while its VaultData is still of this load
    };
    QList<Queued> m_queue;
    qsizetype m_queueHead = 0;
    int m_rebuilds = 0;
    bool m_building = false; // a worker is summing up the scope
    bool m_buildAgain = false; // and the scope's data changed since it started
    quint64 m_epoch = 0; // a sum of another scope or session (show(), refresh()) is dropped
    qsizetype m_firstUnloaded = 0; // in m_scope: every vault before it is loaded
    quint64 m_generation = 0; // the last VaultData::generation handed out
};

} // namespace RestoreDesk
