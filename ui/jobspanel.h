#pragma once

#include "backup/backuppaths.h"
#include "core/clock.h"

#include <QSet>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace RestoreDesk {

namespace Models {
class JobModel;
class TextFilterProxy;
} // namespace Models
class ListPanel;
class RequestStrip;

// The jobs of a vault: a time window that is always stated ("jobs started since 29 Nov 10:00 —
// last 24 hours"; changing it reloads), a status filter (failed and completed-with-warnings side
// by side), search, the table with percent and current task for running jobs, and the selected
// job's tasks, warnings and errors in full, with the GET that reads them (its request strip,
// set by the controller on jobShown). While the panel is shown, running jobs' details
// (percent, current task) are asked for again on a timer. GUI thread; owned by the vault page.
class JobsPanel : public QWidget
{
    Q_OBJECT

public:
    explicit JobsPanel(QWidget *parent = nullptr);

    void setClock(Clock clock);
    ListPanel *list() const { return m_list; }
    RequestStrip *detailsRequest() const { return m_detailsRequest; }
    Models::JobModel *model() const { return m_model; }
    // The filter the window asks for, from the clock now (since = now − window); the stated
    // window follows, so a console left open for hours never lists from a stale start.
    Backup::JobFilter filter();
    QString selectedJobId() const;
    // Makes the job with this id (full or last segment) the current row, clearing a status filter
    // or search that hides it; false when the listing does not have it.
    bool selectJob(const QString &jobId);
    void refreshDetails(); // after a job's details arrived
    // A new listing starts: details fetched for the old one are asked for again when needed.
    void forgetDetails();
    // How often running jobs' details are polled while the panel is visible (default 15 s).
    void setPollInterval(int ms);

Q_SIGNALS:
    void reloadRequested(); // the window changed
    void detailsNeeded(const QString &jobId); // a list entry was selected: its tasks come with a GET
    void jobShown(const QString &jobId); // the details show this job now (empty: none)

private:
    void applyFilters();
    void showDetails();
    void stateScope();
    void pollRunning();

    Clock m_clock = systemClock();
    Models::JobModel *m_model;
    Models::TextFilterProxy *m_proxy;
    ListPanel *m_list;
    QComboBox *m_window;
    QComboBox *m_status;
    QLineEdit *m_search;
    QPlainTextEdit *m_details;
    QPushButton *m_rawJson;
    RequestStrip *m_detailsRequest;
    QDateTime m_since;
    QSet<QString> m_detailsAsked;
    QTimer *m_poll;
};

} // namespace RestoreDesk
