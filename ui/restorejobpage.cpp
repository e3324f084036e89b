#include "restorejobpage.h"

#include "messagebanner.h"
#include "models/timetext.h"
#include "text/errortext.h"
#include "text/restorewizardtext.h"

#include <QFrame>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace RestoreDesk {

using Level = Text::JobVerdict::Level;

namespace {

QString colourOf(Level level)
{
    switch (level) {
    case Level::Good:
        return QStringLiteral("#1b5e20");
    case Level::Warning:
        return QStringLiteral("#b00020"); // as loud as a failure
    case Level::Bad:
        return QStringLiteral("#b00020");
    case Level::Running:
        break;
    }
    return QStringLiteral("#0d47a1");
}

QString problemsHtml(const QList<Backup::Job::Problem> &problems)
{
    QStringList lines;
    for (const Backup::Job::Problem &p : problems) {
        QString line = p.code.isEmpty()
            ? p.message.toHtmlEscaped()
            : QStringLiteral("%1 — %2").arg(p.code.toHtmlEscaped(), p.message.toHtmlEscaped());
        for (const QString &r : p.recommendations)
            line += QStringLiteral("<br>&nbsp;&nbsp;→ ") + r.toHtmlEscaped();
        lines << line;
    }
    return lines.join(QStringLiteral("<br>"));
}

} // namespace

RestoreJobPage::RestoreJobPage(const Backup::PendingRestore &record, QWidget *parent)
    : QWidget(parent)
    , m_record(record)
    , m_now([] { return QDateTime::currentDateTimeUtc(); })
    , m_banner(new MessageBanner(this))
    , m_title(new QLabel(this))
    , m_verdict(new QLabel(this))
    , m_status(new QLabel(this))
    , m_progress(new QProgressBar(this))
    , m_currentTask(new QLabel(this))
    , m_times(new QLabel(this))
    , m_warnings(new QLabel(this))
    , m_errors(new QLabel(this))
    , m_tasks(new QTreeWidget(this))
    , m_ids(new QLabel(this))
    , m_cancel(new QPushButton(tr("Cancel the restore…"), this))
    , m_showInJobs(new QPushButton(tr("Show in jobs"), this))
    , m_confirm(new QFrame(this))
    , m_cancelReason(new QLineEdit(m_confirm))
    , m_confirmCancel(new QPushButton(tr("Yes, cancel it"), m_confirm))
{
    setObjectName(QStringLiteral("restoreJobPage"));
    m_banner->setObjectName(QStringLiteral("pageBanner"));
    m_title->setObjectName(QStringLiteral("jobTitleLabel"));
    m_title->setWordWrap(true);
    m_title->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_verdict->setObjectName(QStringLiteral("verdictLabel"));
    QFont big = m_verdict->font();
    big.setPointSizeF(big.pointSizeF() * 1.4);
    big.setBold(true);
    m_verdict->setFont(big);
    m_verdict->setWordWrap(true);
    m_status->setObjectName(QStringLiteral("statusLabel"));
    m_progress->setObjectName(QStringLiteral("progressBar"));
    m_progress->setRange(0, 100);
    m_progress->setValue(0);
    m_currentTask->setObjectName(QStringLiteral("currentTaskLabel"));
    m_times->setObjectName(QStringLiteral("timesLabel"));
    for (QLabel *l : { m_warnings, m_errors }) {
        l->setWordWrap(true);
        l->setTextInteractionFlags(Qt::TextSelectableByMouse);
        l->setStyleSheet(
            QStringLiteral("QLabel { color: #b00020; border: 2px solid #b00020; padding: 6px; }"));
        l->setVisible(false);
    }
    m_warnings->setObjectName(QStringLiteral("warningsLabel"));
    m_errors->setObjectName(QStringLiteral("errorsLabel"));
    m_tasks->setObjectName(QStringLiteral("tasksTreeWidget"));
    m_tasks->setHeaderLabels({ tr("Task"), tr("Status"), tr("Progress"), tr("Duration") });
    m_tasks->setRootIsDecorated(false);
    m_tasks->header()->setStretchLastSection(true);
    m_ids->setObjectName(QStringLiteral("idsLabel"));
    m_ids->setWordWrap(true);
    m_ids->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_cancel->setObjectName(QStringLiteral("cancelButton"));
    m_showInJobs->setObjectName(QStringLiteral("showInJobsButton"));
    m_confirm->setObjectName(QStringLiteral("cancelConfirmFrame"));
    m_confirm->setFrameShape(QFrame::StyledPanel);
    m_cancelReason->setObjectName(QStringLiteral("cancelReasonEdit"));
    m_cancelReason->setPlaceholderText(tr("Why (recorded in the audit log)"));
    m_confirmCancel->setObjectName(QStringLiteral("confirmCancelButton"));
    m_confirmCancel->setEnabled(false);
    auto *keep = new QPushButton(tr("No, let it run"), m_confirm);
    keep->setObjectName(QStringLiteral("keepRunningButton"));
    auto *confirmRow = new QHBoxLayout(m_confirm);
    confirmRow->addWidget(
        new QLabel(tr("Cancel this restore? What it restored so far may be left behind."), m_confirm));
    confirmRow->addWidget(m_cancelReason, 1);
    confirmRow->addWidget(m_confirmCancel);
    confirmRow->addWidget(keep);
    m_confirm->setVisible(false);

    auto *head = new QHBoxLayout;
    head->addWidget(m_verdict, 1);
    head->addWidget(m_showInJobs, 0, Qt::AlignTop);
    head->addWidget(m_cancel, 0, Qt::AlignTop);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_banner);
    layout->addWidget(m_title);
    layout->addLayout(head);
    layout->addWidget(m_confirm);
    layout->addWidget(m_status);
    layout->addWidget(m_progress);
    layout->addWidget(m_currentTask);
    layout->addWidget(m_times);
    layout->addWidget(m_warnings);
    layout->addWidget(m_errors);
    layout->addWidget(m_tasks, 1);
    layout->addWidget(m_ids);

    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_confirm->setVisible(true);
        m_cancelReason->setFocus();
    });
    connect(m_showInJobs, &QPushButton::clicked, this, [this] {
        if (!m_record.jobId.isEmpty())
            Q_EMIT showInJobsRequested(m_record.vaultId, m_record.jobResourceId());
    });
    connect(keep, &QPushButton::clicked, this, [this] { m_confirm->setVisible(false); });
    connect(m_cancelReason, &QLineEdit::textChanged, this, [this](const QString &t) {
        m_confirmCancel->setEnabled(!t.trimmed().isEmpty() && !m_cancelSent);
    });
    connect(m_confirmCancel, &QPushButton::clicked, this, [this] {
        if (m_cancelSent || !m_cancelAllowed || m_cancelReason->text().trimmed().isEmpty())
            return;
        m_cancelSent = true;
        m_confirm->setVisible(false);
        updateCancel();
        Q_EMIT cancelRequested(m_cancelReason->text().trimmed());
    });
    m_tick.setInterval(1000);
    connect(&m_tick, &QTimer::timeout, this, &RestoreJobPage::updateTimes);
    m_tick.start();
    setRecord(record);
    m_verdict->setText(tr("Waiting for the service to start the job…"));
    updateCancel();
}

void RestoreJobPage::setRecord(const Backup::PendingRestore &record)
{
    m_record = record;
    m_title->setText(tr("<b>Restore of %1</b> (%2) · requested %3<br>Reason: “%4”")
                         .arg(record.itemName.toHtmlEscaped(), record.mode.toHtmlEscaped(),
                              Models::localTimeText(record.requestedAt), record.reason.toHtmlEscaped()));
    m_ids->setText(tr("<small>Client request id %1 · correlation id %2<br>Job %3</small>")
                       .arg(record.clientRequestId, record.correlationId,
                            record.jobId.isEmpty() ? tr("not known yet") : record.jobResourceId()));
    m_showInJobs->setEnabled(!record.jobId.isEmpty());
    m_showInJobs->setToolTip(record.jobId.isEmpty()
                                 ? tr("The job is not known yet")
                                 : tr("The vault's jobs, with this restore's job selected"));
    if (!m_job && !record.lastStatus.isEmpty())
        m_status->setText(tr("Last seen: %1").arg(record.lastStatus));
}

void RestoreJobPage::setProgress(const Backup::RestoreProgress &progress)
{
    if (m_ended)
        return;
    if (!progress.jobId.isEmpty() && m_record.jobId.isEmpty()) {
        m_record.jobId = progress.jobId.section(QLatin1Char('/'), -1);
        setRecord(m_record);
    }
    if (progress.job)
        showJob(*progress.job);
    switch (progress.stage) {
    case Backup::RestoreProgress::Stage::Operation:
        if (!progress.job)
            m_status->setText(tr("The service is turning the request into a job…"));
        m_banner->clear();
        break;
    case Backup::RestoreProgress::Stage::Job:
        m_banner->clear();
        break;
    case Backup::RestoreProgress::Stage::Reconnecting:
        m_banner->showMessage(
            MessageBanner::Level::Warning,
            tr("Cannot reach the service right now (%1); looking again in %2 s. The restore "
               "itself goes on.")
                .arg(progress.problem ? Text::headline(*progress.problem) : QString())
                .arg((progress.nextLookMs + 999) / 1000));
        break;
    }
    updateCancel();
}

void RestoreJobPage::showJob(const Backup::Job &job)
{
    m_job = job;
    const Text::JobVerdict v = Text::restoreVerdict(job);
    m_verdict->setText(v.title);
    m_verdict->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(colourOf(v.level)));
    m_status->setText(
        tr("Status: %1 (as the service says: %2)").arg(Text::jobStatusText(job.status), job.statusText));
    if (job.percent)
        m_progress->setValue(int(*job.percent));
    else if (job.status == Backup::Job::Status::Completed
             || job.status == Backup::Job::Status::CompletedWithWarnings)
        m_progress->setValue(100);
    m_currentTask->setText(job.currentTask.isEmpty() ? QString() : tr("Now: %1").arg(job.currentTask));
    m_warnings->setText(
        tr("<b>%n warning(s)</b><br>%1", nullptr, int(job.warnings.size())).arg(problemsHtml(job.warnings)));
    m_warnings->setVisible(!job.warnings.isEmpty());
    m_errors->setText(
        tr("<b>%n error(s)</b><br>%1", nullptr, int(job.errors.size())).arg(problemsHtml(job.errors)));
    m_errors->setVisible(!job.errors.isEmpty());
    m_tasks->clear();
    for (const Backup::Job::Task &t : job.tasks) {
        auto *row = new QTreeWidgetItem(m_tasks);
        row->setText(0, t.name);
        row->setText(1, t.status);
        row->setText(2, t.percent ? QStringLiteral("%1 %").arg(int(*t.percent)) : QString());
        // A task not started yet has taken no time, whatever duration the service puts on it.
        const bool started = t.status.compare(QLatin1String("NotStarted"), Qt::CaseInsensitive) != 0;
        row->setText(3, started && t.durationMs ? Models::durationText(*t.durationMs / 1000) : QString());
    }
    m_tasks->resizeColumnToContents(0); // task names in full
    updateTimes();
}

void RestoreJobPage::updateTimes()
{
    if (!m_job)
        return;
    QStringList parts;
    if (const auto elapsed = m_job->elapsedMs(m_now()))
        parts << tr("Elapsed: %1").arg(Models::durationText(*elapsed / 1000));
    if (m_job->isRunning() && m_job->remainingMs)
        parts << tr("Estimated time left: %1 (the service's estimate)")
                     .arg(Models::durationText(*m_job->remainingMs / 1000));
    else if (m_job->isRunning())
        parts << tr("No estimate from the service");
    m_times->setText(parts.join(QStringLiteral(" · ")));
    if (!m_job->isRunning())
        m_tick.stop();
}

void RestoreJobPage::setEnded(const Backup::Job &job)
{
    showJob(job);
    m_ended = true;
    m_tick.stop();
    m_banner->clear();
    updateCancel();
}

void RestoreJobPage::setStopped(const Error &error)
{
    m_banner->showError(error);
    m_status->setText(tr("Following this restore stopped; it is picked up again at the next sign-in."));
}

void RestoreJobPage::setFailedBeforeJob(const Error &error)
{
    m_ended = true;
    m_tick.stop();
    m_banner->showError(error);
    m_status->setText(tr("Failed"));
    m_verdict->setText(tr("The restore failed before the service made a job: nothing was restored."));
    m_verdict->setStyleSheet(QStringLiteral("QLabel { color: %1; }").arg(colourOf(Level::Bad)));
    updateCancel();
}

void RestoreJobPage::setCancelAllowed(bool allowed, const QString &whyNot)
{
    m_cancelAllowed = allowed;
    m_cancelWhyNot = whyNot;
    updateCancel();
}

void RestoreJobPage::setCancelAnswer(const Result<void> &answer)
{
    if (answer) {
        m_banner->showMessage(
            MessageBanner::Level::Info,
            tr("The service accepted the cancel; the job ends as Cancelled when it stops."));
    } else {
        m_cancelSent = false;
        m_banner->showError(answer.error());
    }
    updateCancel();
}

void RestoreJobPage::updateCancel()
{
    const bool running = !m_ended && !m_record.jobId.isEmpty();
    m_cancel->setEnabled(running && m_cancelAllowed && !m_cancelSent);
    if (!m_cancelAllowed)
        m_cancel->setToolTip(m_cancelWhyNot.isEmpty() ? tr("Checking whether this identity may cancel…")
                                                      : m_cancelWhyNot);
    else if (m_ended)
        m_cancel->setToolTip(tr("The restore has ended"));
    else if (m_record.jobId.isEmpty())
        m_cancel->setToolTip(tr("The job is not known yet"));
    else if (m_cancelSent)
        m_cancel->setToolTip(tr("Cancel sent"));
    else
        m_cancel->setToolTip(tr("Ask the service to cancel this restore"));
    m_confirmCancel->setEnabled(m_cancelAllowed && !m_cancelSent
                                && !m_cancelReason->text().trimmed().isEmpty());
}

QString RestoreJobPage::verdictText() const
{
    return m_verdict->text();
}

QString RestoreJobPage::warningsText() const
{
    return m_warnings->isVisible() || !m_warnings->text().isEmpty() ? m_warnings->text() : QString();
}

} // namespace RestoreDesk
