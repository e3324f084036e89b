#pragma once

#include "backup/overview.h"

#include <QWidget>

class QLabel;
class QSortFilterProxyModel;
class QTableView;

namespace RestoreDesk {

class JobsChart;
class RequestStrip;

namespace Models {
class StaleItemModel;
}

// The overview of the estate or of one vault, from an already-built Backup::Overview: protected
// items by health (counts with colour), the window's jobs as a bar chart with the window stated in
// words ("Last 24 hours: since 29 Nov 10:00"), and the items whose last recovery point is older
// than their policy allows, in a sortable table; how much of the estate is loaded ("Loaded 3 of
// 4 vaults"), or, while a scope's vaults are being listed or could not be, that instead of zeros. Emits
// itemActivated(itemId) when the operator opens a stale item (Enter or double-click). The requests it is
// built from show in its request strip (set by whoever loads it). No network: the estate controller feeds it.
// GUI thread; owned by its page.
class OverviewWidget : public QWidget
{
    Q_OBJECT

public:
    explicit OverviewWidget(QWidget *parent = nullptr);
    ~OverviewWidget() override;

    // What the overview covers: "All subscriptions", "Vault rsv-prod-weu". `key` tells scopes
    // apart whose titles are the same (two resource groups "rg-backup" in two subscriptions; two
    // vaults of one name); empty, the title is the key.
    void setScope(const QString &title, const QString &key = {});
    void setOverview(const Backup::Overview &overview);
    // How many of the scope's vaults the overview is built from; loaded < total says "loading".
    void setProgress(int loadedVaults, int totalVaults);
    // What the overview could not read ("rsv-prod: protected items (no access)"): said above the
    // counts, which leave it out; empty: complete.
    void setIncomplete(const QStringList &missing);
    QStringList incomplete() const { return m_missing; }
    // What keeps the scope from having numbers at all ("Listing the vaults of subscription X…",
    // "No access: … needs the action …"): said in place of the counts, which would only be zeros;
    // empty: the counts show.
    void setState(const QString &text);
    QString state() const;

    const Backup::Overview &overview() const { return m_overview; }
    JobsChart *jobsChart() const { return m_chart; }
    QTableView *staleItemsView() const { return m_staleView; }
    RequestStrip *request() const { return m_request; }

    // "Last 24 hours: since 29 Nov 10:00" (local time).
    static QString windowText(const QDateTime &start, const QDateTime &end);
    // "18 healthy", "2 action required"… one per health state.
    static QString healthText(Backup::ProtectedItem::Health health, int count);

Q_SIGNALS:
    void itemActivated(const QString &itemId);

private:
    QLabel *healthLabel(Backup::ProtectedItem::Health health) const;
    void updateHealth();
    void updateStale();

    Backup::Overview m_overview;
    QLabel *m_title;
    QLabel *m_progress;
    QLabel *m_incomplete;
    QStringList m_missing;
    QLabel *m_state;
    QWidget *m_body; // the counts, the jobs and the stale items
    QLabel *m_itemsTotal;
    QList<QLabel *> m_health; // in the order of ProtectedItem::Health
    QLabel *m_window;
    JobsChart *m_chart;
    QLabel *m_staleTitle;
    QLabel *m_staleNote;
    QTableView *m_staleView;
    Models::StaleItemModel *m_staleModel;
    QSortFilterProxyModel *m_staleProxy;
    QString m_scopeKey; // what setScope was last told the scope is
    bool m_staleFitted = false; // the stale table's columns fitted to this scope's rows
    RequestStrip *m_request;
};

} // namespace RestoreDesk
