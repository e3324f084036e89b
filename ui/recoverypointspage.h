#pragma once

#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/recoverypoint.h"
#include "core/error.h"

#include <QWidget>

class QComboBox;
class QItemSelectionModel;
class QLabel;
class QPushButton;
class QTableView;

namespace RestoreDesk {

class MessageBanner;
class RecoveryPointTimeline;
class RequestStrip;

namespace Models {
class RecoveryPointFilterModel;
class RecoveryPointModel;
} // namespace Models

// One protected item's recovery points: a header with the item's friendly name and its full
// resource ids (copyable), the timeline above a sortable, filterable table (tier, time range),
// the loading progress ("Loading… page 3 · 150 points so far"), and a Restore… button whose
// state the caller decides (setRestoreAllowed; the button also needs a selected point). The
// loader calls beginLoading / appendPage / finishLoading or failLoading; pages may arrive in any
// order. A listing with more pages than were read (setMoreAvailable) shows a "Load more points"
// button; it, or the table scrolled to its end (the model's fetchMore), asks the loader for the
// next page once (moreRequested). The timeline and the table share one current point; the listing's request
// shows in its request strip (set by the loader). No network. GUI thread; owned by the vault page that shows
// it.
class RecoveryPointsPage : public QWidget
{
    Q_OBJECT

public:
    explicit RecoveryPointsPage(QWidget *parent = nullptr);
    ~RecoveryPointsPage() override;

    void setItem(const Backup::ProtectedItem &item);
    // Shows no item at all (sign-out): the header, the points, the policy, the banner, the
    // progress and the request strip are emptied, and Restore is off.
    void clear();
    // The item's policy: fills in retention the service leaves out, and tells gaps apart.
    void setPolicy(const Backup::Policy &policy);
    void clearPolicy();
    // "Now" for the timeline and the time-range filter (default: when the page was made).
    void setReferenceTime(const QDateTime &now);
    // Whether a restore may be started, and why not (the button's tooltip).
    void setRestoreAllowed(bool allowed, const QString &whyNot = {});

    QString selectedPointId() const;
    QString progressText() const;
    Models::RecoveryPointModel *model() const { return m_model; }
    Models::RecoveryPointFilterModel *proxy() const { return m_proxy; }
    RecoveryPointTimeline *timeline() const { return m_timeline; }
    QTableView *tableView() const { return m_table; }
    MessageBanner *banner() const { return m_banner; }
    RequestStrip *request() const { return m_request; }
    QPushButton *loadMoreButton() const { return m_loadMore; }

public Q_SLOTS:
    void beginLoading();
    void appendPage(const QList<RestoreDesk::Backup::RecoveryPoint> &page);
    // Points of a page that could not be read: counted, and said with the first reason.
    void addUnreadable(int count, const RestoreDesk::Error &why);
    void finishLoading();
    // `pageRetry`: a later page failed; the rows read so far stay and Retry asks for that page
    // again (pageRetryRequested) instead of loading every page anew (reloadRequested).
    void failLoading(const RestoreDesk::Error &error, bool pageRetry = false);
    // Whether the service has more pages than were read (call before finishLoading).
    void setMoreAvailable(bool more);

Q_SIGNALS:
    void restoreRequested(const QString &pointId);
    // The operator asked to load the points again after a failure.
    void reloadRequested();
    // The operator asked for the page that failed again (failLoading with pageRetry).
    void pageRetryRequested();
    // The operator asked for the next page (the button, or the table scrolled to its end).
    void moreRequested();

private:
    enum class Loading { Idle, Loading, Done, Failed };

    QWidget *buildHeader();
    QWidget *buildFilters();
    void applyTierFilter();
    void applyTimeRange();
    void syncFromTimeline(const QModelIndex &source);
    void syncFromTable(const QModelIndex &proxyIndex);
    void updateProgress();
    void updateRestoreButton();

    Models::RecoveryPointModel *m_model;
    Models::RecoveryPointFilterModel *m_proxy;
    QItemSelectionModel *m_timelineSelection;
    QLabel *m_name;
    QLabel *m_subtitle;
    QLabel *m_sourceId;
    QLabel *m_itemId;
    MessageBanner *m_banner;
    RecoveryPointTimeline *m_timeline;
    QComboBox *m_tierFilter;
    QComboBox *m_timeRange;
    QLabel *m_progress;
    QPushButton *m_restoreButton;
    QPushButton *m_loadMore;
    QTableView *m_table;
    QLabel *m_note;
    RequestStrip *m_request;
    QDateTime m_now;
    Loading m_loading = Loading::Idle;
    int m_pages = 0;
    int m_unreadable = 0;
    Error m_unreadableWhy;
    bool m_restoreAllowed = false;
    bool m_more = false;
    QString m_whyNot;
    bool m_syncing = false;
};

} // namespace RestoreDesk
