#include "jobspanel.h"

#include "consolepage.h"
#include "filterbox.h"
#include "jsondialog.h"
#include "listpanel.h"
#include "messagebanner.h"
#include "models/jobmodel.h"
#include "models/textfilterproxy.h"
#include "requeststrip.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace RestoreDesk {

using Backup::Job;
using Models::JobModel;

JobsPanel::JobsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new JobModel(this))
    , m_proxy(new Models::TextFilterProxy(JobModel::SearchTextRole, JobModel::SortRole, this))
    , m_list(new ListPanel(tr("jobs"), Backup::Listing::Jobs, this))
    , m_window(new QComboBox(this))
    , m_status(new QComboBox(this))
    , m_search(new QLineEdit(this))
    , m_details(new QPlainTextEdit(this))
    , m_rawJson(new QPushButton(tr("Raw JSON"), this))
    , m_detailsRequest(new RequestStrip(this))
    , m_poll(new QTimer(this))
    , m_cancel(new QPushButton(tr("Cancel job…"), this))
    , m_cancelFrame(new QWidget(this))
    , m_cancelReason(new QLineEdit(this))
    , m_confirmCancel(new QPushButton(tr("Cancel the job"), this))
{
    setObjectName(QStringLiteral("jobsPanel"));
    m_window->setObjectName(QStringLiteral("jobWindowCombo"));
    m_window->setProperty(ConsolePage::kKeptChoice, true); // the console keeps it across restarts
    m_status->setObjectName(QStringLiteral("jobStatusCombo"));
    m_search->setObjectName(QStringLiteral("jobSearchEdit"));
    m_details->setObjectName(QStringLiteral("jobDetailsText"));
    m_rawJson->setObjectName(QStringLiteral("jobRawJsonButton"));
    m_detailsRequest->setObjectName(QStringLiteral("jobRequestStrip"));
    m_list->table()->setObjectName(QStringLiteral("jobsTableView"));
    m_cancel->setObjectName(QStringLiteral("jobCancelButton"));
    m_cancelFrame->setObjectName(QStringLiteral("jobCancelFrame"));
    m_cancelReason->setObjectName(QStringLiteral("jobCancelReasonEdit"));
    m_confirmCancel->setObjectName(QStringLiteral("jobConfirmCancelButton"));
    m_window->addItem(tr("Last 24 hours"), 24);
    m_window->addItem(tr("Last 7 days"), 24 * 7);
    m_window->addItem(tr("Last 30 days"), 24 * 30);
    m_window->addItem(tr("Last 90 days"), 24 * 90);
    m_status->addItem(tr("Any status"), QVariantList {});
    m_status->addItem(tr("Failed or with warnings"),
                      QVariantList { int(Job::Status::Failed), int(Job::Status::CompletedWithWarnings) });
    m_status->addItem(tr("Failed"), QVariantList { int(Job::Status::Failed) });
    m_status->addItem(tr("Completed with warnings"),
                      QVariantList { int(Job::Status::CompletedWithWarnings) });
    m_status->addItem(tr("In progress"),
                      QVariantList { int(Job::Status::InProgress), int(Job::Status::Cancelling) });
    m_status->addItem(tr("Completed"), QVariantList { int(Job::Status::Completed) });
    m_status->addItem(tr("Cancelled"), QVariantList { int(Job::Status::Cancelled) });
    m_search->setPlaceholderText(tr("Search operation, item or id"));
    m_search->setClearButtonEnabled(true);
    FilterBox::mark(m_search);
    m_details->setReadOnly(true);
    m_details->setPlaceholderText(tr("Select a job to see its tasks, warnings and errors."));

    m_proxy->setSourceModel(m_model);
    m_list->setModel(m_proxy);
    m_list->table()->sortByColumn(JobModel::StartColumn, Qt::DescendingOrder);
    m_list->table()->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);

    auto filters = new QHBoxLayout;
    filters->addWidget(m_window);
    filters->addWidget(m_status);
    filters->addWidget(m_search, 1);
    m_list->topArea()->addLayout(filters);

    auto detailBox = new QWidget(this);
    auto detailLayout = new QVBoxLayout(detailBox);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    detailLayout->addWidget(m_details, 1);
    auto detailBar = new QHBoxLayout;
    detailBar->addWidget(m_detailsRequest, 1);
    detailBar->addWidget(m_rawJson);
    detailBar->addWidget(m_cancel);
    detailLayout->addLayout(detailBar);
    // Cancel asks first: why (it goes to the audit log), then a confirmation.
    auto confirmLayout = new QHBoxLayout(m_cancelFrame);
    confirmLayout->setContentsMargins(0, 0, 0, 0);
    confirmLayout->addWidget(new QLabel(tr("Cancel this job? Reason:"), m_cancelFrame));
    m_cancelReason->setPlaceholderText(tr("Why it is cancelled (recorded in the audit log)"));
    confirmLayout->addWidget(m_cancelReason, 1);
    confirmLayout->addWidget(m_confirmCancel);
    auto keep = new QPushButton(tr("Keep it running"), m_cancelFrame);
    keep->setObjectName(QStringLiteral("jobKeepRunningButton"));
    confirmLayout->addWidget(keep);
    m_cancelFrame->hide();
    detailLayout->addWidget(m_cancelFrame);
    connect(m_cancel, &QPushButton::clicked, this, [this] {
        m_cancelReason->clear();
        m_cancelFrame->show();
        m_cancelReason->setFocus();
        updateCancel();
    });
    connect(keep, &QPushButton::clicked, m_cancelFrame, &QWidget::hide);
    connect(m_cancelReason, &QLineEdit::textChanged, this, &JobsPanel::updateCancel);
    auto confirmCancel = [this] {
        const Job *j = selectedJob();
        const QString reason = m_cancelReason->text().trimmed();
        if (!j || reason.isEmpty() || !m_confirmCancel->isEnabled())
            return;
        m_cancelSent.insert(j->id.toLower());
        m_cancelFrame->hide();
        updateCancel();
        Q_EMIT cancelRequested(j->id, reason);
    };
    connect(m_confirmCancel, &QPushButton::clicked, this, confirmCancel);
    connect(m_cancelReason, &QLineEdit::returnPressed, this, confirmCancel);
    auto split = new QSplitter(Qt::Vertical, this);
    split->setObjectName(QStringLiteral("jobsSplitter"));
    split->addWidget(m_list);
    split->addWidget(detailBox);
    split->setStretchFactor(0, 3);
    split->setStretchFactor(1, 1);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(split);

    connect(m_window, &QComboBox::currentIndexChanged, this, [this] {
        startWindow();
        Q_EMIT reloadRequested();
    });
    connect(m_status, &QComboBox::currentIndexChanged, this, &JobsPanel::applyFilters);
    connect(m_search, &QLineEdit::textChanged, this, &JobsPanel::applyFilters);
    connect(m_list->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this, [this] {
        m_cancelCheckedFor.clear(); // selected (again): its cancel is checked (again)
        showDetails();
    });
    connect(m_rawJson, &QPushButton::clicked, this, [this] {
        const QModelIndex i = m_list->table()->currentIndex();
        if (i.isValid())
            JsonDialog::show(tr("Job %1").arg(selectedJobId().section(QLatin1Char('/'), -1)),
                             i.data(JobModel::RawJsonRole).toString(), this);
    });
    startWindow();
    showDetails();
    m_poll->setInterval(15000);
    connect(m_poll, &QTimer::timeout, this, &JobsPanel::pollRunning);
    m_poll->start();
}

void JobsPanel::setPollInterval(int ms)
{
    m_poll->setInterval(ms);
}

void JobsPanel::forgetDetails()
{
    m_detailsAsked.clear();
}

void JobsPanel::pollRunning()
{
    // Only while the operator can see it: a hidden jobs tab costs the service nothing.
    if (!isVisible() || m_list->isLoading())
        return;
    int asked = 0;
    for (int r = 0; r < m_model->rowCount() && asked < 25; ++r) {
        const Job *j = m_model->job(r);
        if (j && j->isRunning()) {
            ++asked;
            Q_EMIT detailsNeeded(j->id);
        }
    }
}

void JobsPanel::refreshDetails()
{
    showDetails();
}

void JobsPanel::setClock(Clock clock)
{
    m_clock = clock;
    m_model->setClock(clock);
    startWindow();
}

Backup::JobFilter JobsPanel::filter()
{
    startWindow(); // the window's start from the clock now, stated
    Backup::JobFilter f;
    f.since = m_since;
    return f;
}

void JobsPanel::startWindow()
{
    m_since = m_clock().addSecs(-qint64(m_window->currentData().toInt()) * 3600);
    stateScope();
}

void JobsPanel::stateScope()
{
    // The window is always stated: a job list never silently covers less than it seems to. It is
    // the start the listing asked for, not one taken again when a later part of it comes in.
    const QString since = QLocale().toString(m_since.toLocalTime(), QLocale::ShortFormat);
    const QString window = m_window->currentText().toLower();
    m_list->setScope(m_earlierRunning > 0
                         ? tr("Jobs started since %1 (%2), plus %n still running that started earlier",
                              nullptr, m_earlierRunning)
                               .arg(since, window)
                         : tr("Jobs started since %1 (%2)").arg(since, window));
}

void JobsPanel::setEarlierRunning(int count)
{
    m_earlierRunning = count;
    stateScope();
}

void JobsPanel::applyFilters()
{
    m_proxy->setSearchText(m_search->text());
    QList<int> statuses;
    for (const QVariant &v : m_status->currentData().toList())
        statuses << v.toInt();
    m_proxy->setAllowed(JobModel::StatusRole, statuses);
}

QString JobsPanel::selectedJobId() const
{
    return m_list->table()->currentIndex().data(JobModel::IdRole).toString();
}

bool JobsPanel::selectJob(const QString &jobId)
{
    const int row = m_model->rowOf(jobId);
    if (row < 0)
        return false;
    QModelIndex shown = m_proxy->mapFromSource(m_model->index(row, 0));
    if (!shown.isValid()) {
        m_status->setCurrentIndex(0); // any status
        m_search->clear();
        applyFilters();
        shown = m_proxy->mapFromSource(m_model->index(row, 0));
    }
    if (!shown.isValid())
        return false;
    m_list->table()->selectionModel()->setCurrentIndex(
        shown, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_list->table()->scrollTo(shown);
    return true;
}

void JobsPanel::showDetails()
{
    const QModelIndex i = m_proxy->mapToSource(m_list->table()->currentIndex());
    const Job *j = m_model->job(i.row());
    m_rawJson->setEnabled(j != nullptr);
    if (!j || j->id.toLower() != m_gateJob)
        m_cancelFrame->hide(); // a confirmation belongs to the job it was asked for
    updateCancel();
    if (!j) {
        m_details->clear();
        Q_EMIT jobShown({});
        return;
    }
    Q_EMIT jobShown(j->id);
    // Asked once per selection of a running job (not on every refresh of its details).
    if (j->status == Job::Status::InProgress && j->id.toLower() != m_cancelCheckedFor) {
        m_cancelCheckedFor = j->id.toLower();
        Q_EMIT cancelCheckNeeded(j->id);
    }
    if (j->tasks.isEmpty() && !m_detailsAsked.contains(j->name)) {
        m_detailsAsked.insert(j->name);
        Q_EMIT detailsNeeded(j->id);
    }
    QStringList lines;
    lines << tr("%1 of %2: %3").arg(j->operation, j->entityFriendlyName, JobModel::statusText(j->status));
    if (j->percent)
        lines << tr("Progress: %1 %").arg(int(*j->percent));
    if (j->remainingMs)
        lines << tr("Estimated time left: %1").arg(JobModel::durationText(*j->remainingMs));
    for (const Job::Problem &p : j->errors)
        lines << tr("ERROR %1: %2").arg(p.code, p.message)
                + (p.recommendations.isEmpty()
                       ? QString()
                       : QStringLiteral("\n  → ") + p.recommendations.join(QStringLiteral("\n  → ")));
    for (const Job::Problem &p : j->warnings)
        lines << tr("WARNING %1: %2").arg(p.code, p.message)
                + (p.recommendations.isEmpty()
                       ? QString()
                       : QStringLiteral("\n  → ") + p.recommendations.join(QStringLiteral("\n  → ")));
    if (!j->tasks.isEmpty()) {
        lines << tr("Tasks:");
        for (const Job::Task &t : j->tasks)
            lines << QStringLiteral("  • %1 — %2%3")
                         .arg(t.name, t.status,
                              t.percent ? QStringLiteral(" (%1 %)").arg(int(*t.percent)) : QString());
    }
    lines << tr("Id: %1").arg(j->id);
    m_details->setPlainText(lines.join(QLatin1Char('\n')));
}

const Job *JobsPanel::selectedJob() const
{
    return m_model->job(m_proxy->mapToSource(m_list->table()->currentIndex()).row());
}

void JobsPanel::setCancelGate(const QString &jobId, bool allowed, const QString &whyNot)
{
    m_gateJob = jobId.toLower();
    m_gateAllowed = allowed;
    m_gateWhyNot = whyNot;
    updateCancel();
}

void JobsPanel::setCancelAnswer(const QString &jobId, const Result<void> &answer)
{
    if (answer) {
        m_list->banner()->showMessage(
            MessageBanner::Level::Info,
            tr("The service accepted the cancel of job %1; it ends as Cancelled when it stops.")
                .arg(jobId.section(QLatin1Char('/'), -1)));
        refreshDetails();
        pollRunning();
    } else {
        m_cancelSent.remove(jobId.toLower());
        m_list->banner()->showError(answer.error());
    }
    updateCancel();
}

void JobsPanel::updateCancel()
{
    const Job *j = selectedJob();
    const bool running = j && j->status == Job::Status::InProgress;
    const bool decided = j && j->id.toLower() == m_gateJob;
    const bool sent = j && m_cancelSent.contains(j->id.toLower());
    m_cancel->setEnabled(running && decided && m_gateAllowed && !sent);
    if (!j)
        m_cancel->setToolTip(tr("Select a running job to cancel it"));
    else if (!running)
        m_cancel->setToolTip(tr("Only a job in progress can be cancelled"));
    else if (sent)
        m_cancel->setToolTip(tr("Cancel sent"));
    else if (!decided)
        m_cancel->setToolTip(tr("Checking whether this identity may cancel this job…"));
    else if (!m_gateAllowed)
        m_cancel->setToolTip(m_gateWhyNot);
    else
        m_cancel->setToolTip(tr("Ask the service to cancel this job"));
    m_confirmCancel->setEnabled(running && decided && m_gateAllowed && !sent
                                && !m_cancelReason->text().trimmed().isEmpty());
}

} // namespace RestoreDesk
