#pragma once

#include "audit/auditexport.h"
#include "audit/auditfilter.h"
#include "audit/record.h"
#include "audit/verdict.h"
#include "core/error.h"

#include <QJsonArray>
#include <QWidget>

#include <functional>
#include <memory>

namespace Ui {
class AuditPage;
}

namespace RestoreDesk {

namespace Models {
class AuditRecordModel;
class AuditFilterProxyModel;
class AuditTimelineModel;
} // namespace Models

// The operator audit log, viewable: a table of records with filters (event, outcome, identity,
// resource, time range) and search, a details pane with the whole record, Verify (run off the
// GUI thread; shows the plain verdict and which checks ran), a warning banner when the log cannot
// be written, and a timeline merged with the backup service's activity log for one vault and
// time range (the composition root answers activityLogRequested with setActivityLog), and
// Export: the records the filters show, with the chain head and the verification of the whole
// log, as JSON or CSV (by the file's suffix), through the same code as `audit export`, to a file
// the operator picks; `exported` lets the owner record it. Reading, verifying and exporting run
// through QtConcurrent; the GUI thread never waits on the disk. Owned by the main window; GUI
// thread.
class AuditPage : public QWidget
{
    Q_OBJECT

public:
    explicit AuditPage(QWidget *parent = nullptr);
    ~AuditPage() override;

    // The log to show and verify; `key` empty: verification says the key check did not run.
    void setLog(const QString &path, const QByteArray &key = {});
    void reload();
    void verify();
    // A record written while the page is open (connect AuditTrail::recorded).
    void addRecord(const RestoreDesk::Audit::Record &record);
    // Why the log cannot be written (connect AuditTrail::failed); empty hides the warning.
    void setWriteProblem(const QString &text);
    // The activity-log events (ARM eventtypes/management/values "value" items) asked for by
    // activityLogRequested, or why they could not be fetched ("no access" said as such).
    void setActivityLog(const QJsonArray &events);
    void setActivityLogError(const RestoreDesk::Error &error);

    // Asks where to save (a save dialog unless setFileChooser replaced it), then exports there.
    void exportRecords();
    // Exports the records the current filters show to `file`; JSON, or CSV when it ends in .csv.
    void exportTo(const QString &file);
    // What asks for the export's file name (given a suggested one); an empty answer cancels.
    using FileChooser = std::function<QString(const QString &suggested)>;
    void setFileChooser(FileChooser chooser) { m_chooseFile = std::move(chooser); }

    bool isBusy() const;
    Models::AuditRecordModel *recordModel() const { return m_records; }
    Models::AuditFilterProxyModel *filterModel() const { return m_filter; }
    Models::AuditTimelineModel *timelineModel() const { return m_timeline; }

Q_SIGNALS:
    void activityLogRequested(const QString &vaultId, const QDateTime &from, const QDateTime &to);
    void loaded(int records);
    void verified(const RestoreDesk::Audit::Verdict &verdict);
    // An export was written: where, how, how many records, under which filter and verdict.
    void exported(const QString &file, const QString &format, qint64 records,
                  const RestoreDesk::Audit::Filter &filter, const RestoreDesk::Audit::Verdict &verdict);
    void exportFailed(const RestoreDesk::Error &error);

private:
    void applyFilter();
    void showDetails();
    void showTimelineDetails();
    void requestTimeline();
    void showVerdict(const Audit::Verdict &verdict);
    void updateCount();
    QDateTime fromTime() const;
    QDateTime toTime() const;

    const std::unique_ptr<Ui::AuditPage> m_ui;
    Models::AuditRecordModel *m_records;
    Models::AuditFilterProxyModel *m_filter;
    Models::AuditTimelineModel *m_timeline;
    QString m_path;
    QByteArray m_key;
    QList<Audit::Record> m_all; // oldest first, for the timeline
    QList<Audit::Record> m_addedWhileLoading; // written during a load: kept if the file read missed them
    qint64 m_scanned = 0; // records in the log (m_all may hold only the newest)
    QString m_timelineScope;
    QDateTime m_timelineFrom;
    QDateTime m_timelineTo;
    int m_loading = 0; // generation of the newest load; older results are dropped
    int m_verifying = 0;
    bool m_loadRunning = false;
    bool m_verifyRunning = false;
    bool m_exportRunning = false;
    FileChooser m_chooseFile;
};

} // namespace RestoreDesk
