#pragma once

#include "backup/job.h"
#include "backup/pendingrestore.h"
#include "backup/restoretracking.h"
#include "core/error.h"

#include <QTimer>
#include <QWidget>

#include <functional>
#include <optional>

class QFrame;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QTreeWidget;

namespace RestoreDesk {

class MessageBanner;

// One restore, followed to its end: what was asked (item, kind, reason, the ids that tie it to the
// service and the audit log), the job's status, percent, current task and sub-tasks, elapsed time
// and the service's estimate when it gives one, warnings shown as loudly as errors, and a final
// verdict that never says "completed" alone when the job ended with warnings. Cancel asks for
// confirmation (and a reason) inline and then emits cancelRequested; whether it is allowed is the
// caller's (setCancelAllowed, with the missing action in the tooltip). "Show in jobs" (once the
// job is known) emits showInJobsRequested: the controller opens the vault's jobs on its row. No
// network; the restore controller feeds it. GUI thread; owned by the console's content stack.
class RestoreJobPage : public QWidget
{
    Q_OBJECT

public:
    explicit RestoreJobPage(const Backup::PendingRestore &record, QWidget *parent = nullptr);

    QString clientRequestId() const { return m_record.clientRequestId; }
    const Backup::PendingRestore &record() const { return m_record; }
    void setRecord(const Backup::PendingRestore &record);
    void setProgress(const Backup::RestoreProgress &progress);
    void setEnded(const Backup::Job &job);
    // Following stopped for a reason looking again cannot fix.
    void setStopped(const Error &error);
    // The operation failed before the service made a job: the end (nothing was restored).
    void setFailedBeforeJob(const Error &error);
    void setCancelAllowed(bool allowed, const QString &whyNot);
    // What a cancel came to (accepted: the job now goes to Cancelled; refused: why).
    void setCancelAnswer(const Result<void> &answer);
    // "Now" for elapsed times (tests).
    void setClock(std::function<QDateTime()> now) { m_now = std::move(now); }

    bool hasEnded() const { return m_ended; }
    std::optional<Backup::Job> job() const { return m_job; }
    QString verdictText() const;
    QString warningsText() const;
    MessageBanner *banner() const { return m_banner; }

Q_SIGNALS:
    void cancelRequested(const QString &reason);
    void showInJobsRequested(const QString &vaultId, const QString &jobId);

private:
    void showJob(const Backup::Job &job);
    void updateTimes();
    void updateCancel();

    Backup::PendingRestore m_record;
    std::optional<Backup::Job> m_job;
    bool m_ended = false;
    bool m_cancelAllowed = false;
    bool m_cancelSent = false;
    QString m_cancelWhyNot;
    std::function<QDateTime()> m_now;
    QTimer m_tick;
    MessageBanner *m_banner;
    QLabel *m_title;
    QLabel *m_verdict;
    QLabel *m_status;
    QProgressBar *m_progress;
    QLabel *m_currentTask;
    QLabel *m_times;
    QLabel *m_warnings;
    QLabel *m_errors;
    QTreeWidget *m_tasks;
    QLabel *m_ids;
    QPushButton *m_cancel;
    QPushButton *m_showInJobs;
    QFrame *m_confirm;
    QLineEdit *m_cancelReason;
    QPushButton *m_confirmCancel;
};

} // namespace RestoreDesk
