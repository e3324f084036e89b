#pragma once

#include "backup/backuppaths.h"
#include "core/clock.h"
#include "core/result.h"

#include <QSet>
#include <QWidget>

class QComboBox;
class QLineEdit;
class QPlainTextEdit;
class QPushButton;
class QTimer;

namespace RestoreDesk {

namespace Backup {
struct Job;
}
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
// set by the controller on jobShown), and Cancel for a running job the identity may cancel. While the panel
// is shown, running jobs' details (percent, current task) are asked for again on a timer. GUI thread; owned
// by the vault page.
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
    // How many jobs listed started before the window and still run (merged into the list): the
    // stated window says so.
    void setEarlierRunning(int count);
    // A new listing starts: details fetched for the old one are asked for again when needed.
    void forgetDetails();
    // How often running jobs' details are polled while the panel is visible (default 15 s).
    void setPollInterval(int ms);
    // Cancel is offered for the selected running job only once the pre-check for that job said
    // the identity may (otherwise its tooltip says why); it asks for a reason and a confirmation.
    void setCancelGate(const QString &jobId, bool allowed, const QString &whyNot);
    // The service's answer to a cancel of `jobId`, in the list's banner.
    void setCancelAnswer(const QString &jobId, const Result<void> &answer);

Q_SIGNALS:
    void reloadRequested(); // the window changed
    void detailsNeeded(const QString &jobId); // a list entry was selected: its tasks come with a GET
    void jobShown(const QString &jobId); // the details show this job now (empty: none)
    void cancelCheckNeeded(const QString &jobId); // a running job was selected: may it be cancelled?
    void cancelRequested(const QString &jobId, const QString &reason); // reason given, confirmed

private:
    void applyFilters();
    void showDetails();
    // The window's start from the clock now (what the next listing asks for), then stated.
    void startWindow();
    // States the window the listing asked for, and how many running jobs from before it it holds.
    void stateScope();
    void pollRunning();
    void updateCancel();
    const Backup::Job *selectedJob() const;

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
    int m_earlierRunning = 0;
    QSet<QString> m_detailsAsked;
    QTimer *m_poll;
    QPushButton *m_cancel;
    QWidget *m_cancelFrame;
    QLineEdit *m_cancelReason;
    QPushButton *m_confirmCancel;
    QString m_gateJob; // the job the gate below was decided for (lower case)
    QString m_cancelCheckedFor; // the selected job whose cancel check was asked for (lower case)
    bool m_gateAllowed = false;
    QString m_gateWhyNot;
    QSet<QString> m_cancelSent; // lower-case job ids
};

} // namespace RestoreDesk
