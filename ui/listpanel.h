#pragma once

#include "backup/listingaction.h"
#include "core/error.h"

#include <QWidget>

#include <functional>

class QAbstractItemModel;
class QLabel;
class QTableView;
class QVBoxLayout;

namespace RestoreDesk {

class MessageBanner;
class RequestStrip;

// The shape every estate list shares: a status line that says what the list covers and how far
// loading got ("page 3 · 150 items so far", "all 412 items"), the table, the equivalent request,
// and failures inline — a banner with the error's code, message and correlation id and Retry —
// or, when the identity may not read this, "no access" naming the missing action instead of an
// empty list. Controllers drive it; the view never freezes while pages arrive. GUI thread.
class ListPanel : public QWidget
{
    Q_OBJECT

public:
    // `listing`: what the list reads, so "no access" names the action it needs even when the
    // service's refusal does not.
    ListPanel(const QString &noun, Backup::Listing listing, QWidget *parent = nullptr);

    QTableView *table() const { return m_table; }
    QVBoxLayout *topArea() const { return m_top; } // for filter bars
    MessageBanner *banner() const { return m_banner; }
    RequestStrip *request() const { return m_request; }
    QString statusText() const;

    void setModel(QAbstractItemModel *model);
    void setScope(const QString &scope); // what the list covers: "jobs since 29 Nov 10:00"
    void beginLoad(const QByteArray &method, const QUrl &url);
    void pageLoaded(int pages, int itemsSoFar, int unreadable = 0);
    void finish(int total, int unreadable = 0);
    void fail(const Error &error, std::function<void()> retry);
    bool isLoading() const { return m_loading; }
    // The column widths and order the operator chose (QHeaderView state), saved with the console's
    // state; once restored, loading never re-fits them. Empty while the columns were neither
    // fitted nor restored (defaults are not the operator's choice).
    QByteArray headerState() const;
    void restoreHeaderState(const QByteArray &state);

    // "No access: your identity may not read these <what> here; reading them needs the action X…" for a
    // 403 (empty for any other error): the sentence every estate view shows for one.
    static QString noAccessSentence(const Error &error, const QString &what,
                                    Backup::Listing listing = Backup::Listing::Unknown);
    // One line of text per row (not the style's taller default): every list of the console that
    // an operator scans row by row uses this height.
    static void setOneLineRows(QTableView *table);

private:
    void updateStatus();

    QString m_noun;
    Backup::Listing m_listing;
    QString m_scope;
    QVBoxLayout *m_top;
    MessageBanner *m_banner;
    QLabel *m_status;
    QTableView *m_table;
    RequestStrip *m_request;
    bool m_loading = false;
    int m_pages = 0;
    int m_items = 0;
    int m_unreadable = 0;
    bool m_failed = false;
    bool m_sized = false; // columns fitted once, or sized by the operator (restored)
};

} // namespace RestoreDesk
