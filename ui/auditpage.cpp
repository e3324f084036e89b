#include "auditpage.h"

#include "audit/auditreader.h"
#include "audit/logexport.h"
#include "audit/verifier.h"
#include "backup/backupservice.h"
#include "models/auditfilterproxymodel.h"
#include "models/auditrecordmodel.h"
#include "models/audittimelinemodel.h"
#include "text/errortext.h"
#include "text/verdicttext.h"
#include "ui_auditpage.h"

#include <QFileDialog>
#include <QFutureWatcher>
#include <QHeaderView>
#include <QPointer>
#include <QRegularExpression>
#include <QtConcurrent/QtConcurrentRun>

#include <limits>

namespace RestoreDesk {

namespace {

// What the worker threads hand back (default-constructible for QFuture).
struct LoadOutcome
{
    QList<Audit::Record> records;
    qint64 scanned = 0;
    qint64 unreadable = 0;
    std::optional<Error> error;
};

struct ExportOutcome
{
    qint64 records = 0;
    std::optional<Audit::Verdict> verdict;
    std::optional<Error> error;
};

struct VerifyOutcome
{
    std::optional<Audit::Verdict> verdict;
    std::optional<Error> error;
};

// The page keeps at most this many of the newest records in memory; `audit export` has them all.
constexpr qint64 kMaxLoaded = 200000;

const char *const kTypes[] = { "sign-in",          "sign-out",        "token-refresh", "session-resumed",
                               "permission-check", "restore",         "job-cancel",    "profile-change",
                               "audit-export",     "audit-integrity", "estate-read",   "credential-create" };
const char *const kOutcomes[] = { "requested", "accepted", "refused",   "finished", "succeeded",
                                  "failed",    "denied",   "cancelled", "noted" };

// The vault a resource id lies in, or empty.
QString vaultOf(const QString &target)
{
    static const QRegularExpression vault(
        QStringLiteral("^(/subscriptions/[^/]+/resourceGroups/[^/]+/providers/Microsoft\\.RecoveryServices/"
                       "vaults/[^/]+)"),
        QRegularExpression::CaseInsensitiveOption);
    const auto m = vault.match(target);
    return m.hasMatch() ? m.captured(1) : QString();
}

} // namespace

AuditPage::AuditPage(QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::AuditPage>())
    , m_records(new Models::AuditRecordModel(this))
    , m_filter(new Models::AuditFilterProxyModel(this))
    , m_timeline(new Models::AuditTimelineModel(this))
{
    m_ui->setupUi(this);
    m_ui->writeWarningLabel->setVisible(false);
    m_filter->setSourceModel(m_records);
    m_ui->auditTableView->setModel(m_filter);
    m_ui->auditTableView->sortByColumn(Models::AuditRecordModel::SeqColumn, Qt::DescendingOrder);
    m_ui->auditTableView->horizontalHeader()->setStretchLastSection(true);
    m_ui->auditTableView->verticalHeader()->hide();
    m_ui->timelineTableView->setModel(m_timeline);
    m_ui->timelineTableView->horizontalHeader()->setStretchLastSection(true);
    m_ui->timelineTableView->verticalHeader()->hide();

    m_ui->typeFilterCombo->addItem(tr("All events"));
    for (const char *t : kTypes)
        m_ui->typeFilterCombo->addItem(QLatin1String(t), QLatin1String(t));
    m_ui->outcomeFilterCombo->addItem(tr("All outcomes"));
    for (const char *o : kOutcomes)
        m_ui->outcomeFilterCombo->addItem(QLatin1String(o), QLatin1String(o));
    const QDateTime now = QDateTime::currentDateTime();
    m_ui->fromFilterEdit->setDateTime(now.addDays(-7));
    m_ui->toFilterEdit->setDateTime(now);

    connect(m_ui->typeFilterCombo, &QComboBox::currentIndexChanged, this, &AuditPage::applyFilter);
    connect(m_ui->outcomeFilterCombo, &QComboBox::currentIndexChanged, this, &AuditPage::applyFilter);
    for (QLineEdit *edit : { m_ui->identityFilterEdit, m_ui->resourceFilterEdit, m_ui->searchEdit })
        connect(edit, &QLineEdit::textChanged, this, &AuditPage::applyFilter);
    connect(m_ui->fromFilterCheck, &QCheckBox::toggled, m_ui->fromFilterEdit, &QWidget::setEnabled);
    connect(m_ui->toFilterCheck, &QCheckBox::toggled, m_ui->toFilterEdit, &QWidget::setEnabled);
    for (QCheckBox *box : { m_ui->fromFilterCheck, m_ui->toFilterCheck })
        connect(box, &QCheckBox::toggled, this, &AuditPage::applyFilter);
    for (QDateTimeEdit *edit : { m_ui->fromFilterEdit, m_ui->toFilterEdit })
        connect(edit, &QDateTimeEdit::dateTimeChanged, this, &AuditPage::applyFilter);
    connect(m_ui->auditTableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AuditPage::showDetails);
    connect(m_ui->timelineTableView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &AuditPage::showTimelineDetails);
    connect(m_ui->verifyButton, &QPushButton::clicked, this, &AuditPage::verify);
    connect(m_ui->reloadButton, &QPushButton::clicked, this, &AuditPage::reload);
    connect(m_ui->exportButton, &QPushButton::clicked, this, &AuditPage::exportRecords);
    m_chooseFile = [this](const QString &suggested) {
        return QFileDialog::getSaveFileName(this, tr("Export the audit log"), suggested,
                                            tr("JSON (*.json);;CSV (*.csv)"));
    };
    connect(m_ui->timelineFetchButton, &QPushButton::clicked, this, &AuditPage::requestTimeline);
    connect(m_filter, &QAbstractItemModel::rowsInserted, this, &AuditPage::updateCount);
    connect(m_filter, &QAbstractItemModel::modelReset, this, &AuditPage::updateCount);
    m_ui->verdictLabel->setText(tr("Not verified yet."));
}

AuditPage::~AuditPage() = default;

void AuditPage::setLog(const QString &path, const QByteArray &key)
{
    m_path = path;
    m_key = key;
    reload();
}

bool AuditPage::isBusy() const
{
    return m_loadRunning || m_verifyRunning || m_exportRunning;
}

void AuditPage::exportRecords()
{
    if (m_path.isEmpty() || m_exportRunning)
        return;
    const QString suggested
        = QStringLiteral("audit-export-%1.json")
              .arg(QDateTime::currentDateTimeUtc().toString(QStringLiteral("yyyyMMdd-HHmmss")));
    const QString file = m_chooseFile ? m_chooseFile(suggested) : QString();
    if (!file.isEmpty())
        exportTo(file);
}

void AuditPage::exportTo(const QString &file)
{
    if (m_path.isEmpty() || m_exportRunning)
        return;
    const bool csv = file.endsWith(QLatin1String(".csv"), Qt::CaseInsensitive);
    const Audit::Export::Format format = csv ? Audit::Export::Format::Csv : Audit::Export::Format::Json;
    const QString formatName = csv ? QStringLiteral("csv") : QStringLiteral("json");
    const Audit::Filter filter = m_filter->filter();
    m_exportRunning = true;
    m_ui->exportButton->setEnabled(false);
    m_ui->exportStatusLabel->setText(tr("Exporting to %1…").arg(file));
    auto *watcher = new QFutureWatcher<ExportOutcome>(this);
    connect(watcher, &QFutureWatcher<ExportOutcome>::finished, this,
            [this, watcher, file, formatName, filter] {
                watcher->deleteLater();
                m_exportRunning = false;
                m_ui->exportButton->setEnabled(true);
                const ExportOutcome outcome = watcher->result();
                if (outcome.error) {
                    m_ui->exportStatusLabel->setText(Text::describe(*outcome.error));
                    Q_EMIT exportFailed(*outcome.error);
                    return;
                }
                m_ui->exportStatusLabel->setText(
                    tr("Exported %1 record(s) to %2. The log: %3", nullptr,
                       int(qMin<qint64>(outcome.records, std::numeric_limits<int>::max())))
                        .arg(outcome.records)
                        .arg(file, Text::verdictHeadline(*outcome.verdict)));
                Q_EMIT exported(file, formatName, outcome.records, filter, *outcome.verdict);
            });
    const QString path = m_path;
    const QByteArray key = m_key;
    watcher->setFuture(QtConcurrent::run([path, key, file, format, filter] {
        ExportOutcome out;
        auto made = Audit::exportLog(path, format, filter, key, QDateTime::currentDateTimeUtc());
        if (!made) {
            out.error = made.error();
            return out;
        }
        auto written = Audit::writeExport(file, made->bytes);
        if (!written) {
            out.error = written.error();
            return out;
        }
        out.records = made->records;
        out.verdict = made->verdict;
        return out;
    }));
}

void AuditPage::reload()
{
    if (m_path.isEmpty())
        return;
    const int generation = ++m_loading;
    m_loadRunning = true;
    m_addedWhileLoading.clear();
    m_ui->reloadButton->setEnabled(false);
    auto *watcher = new QFutureWatcher<LoadOutcome>(this);
    connect(watcher, &QFutureWatcher<LoadOutcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_loading)
            return;
        m_loadRunning = false;
        m_ui->reloadButton->setEnabled(true);
        const LoadOutcome outcome = watcher->result();
        if (outcome.error) {
            m_addedWhileLoading.clear();
            m_ui->countLabel->setText(Text::describeRedacted(*outcome.error));
            return;
        }
        m_all = outcome.records;
        const qint64 last = m_all.isEmpty() ? 0 : m_all.constLast().seq;
        for (const Audit::Record &r : std::as_const(m_addedWhileLoading)) {
            if (r.seq > last)
                m_all.append(r);
        }
        m_addedWhileLoading.clear();
        m_records->setRecords(m_all);
        m_scanned = outcome.scanned;
        updateCount();
        Q_EMIT loaded(int(m_all.size()));
    });
    const QString path = m_path;
    watcher->setFuture(QtConcurrent::run([path] {
        LoadOutcome out;
        auto read = Audit::readRecords(path, {}, kMaxLoaded);
        if (!read) {
            out.error = read.error();
            return out;
        }
        out.records = std::move(read.value().records);
        out.unreadable = read->unreadable;
        out.scanned = read->scanned;
        return out;
    }));
}

void AuditPage::verify()
{
    if (m_path.isEmpty() || m_verifyRunning)
        return;
    const int generation = ++m_verifying;
    m_verifyRunning = true;
    m_ui->verifyButton->setEnabled(false);
    m_ui->verdictLabel->setText(tr("Verifying…"));
    m_ui->checksLabel->clear();
    auto *watcher = new QFutureWatcher<VerifyOutcome>(this);
    connect(watcher, &QFutureWatcher<VerifyOutcome>::finished, this, [this, watcher, generation] {
        watcher->deleteLater();
        if (generation != m_verifying)
            return;
        m_verifyRunning = false;
        m_ui->verifyButton->setEnabled(true);
        const VerifyOutcome outcome = watcher->result();
        if (outcome.error) {
            m_ui->verdictLabel->setText(Text::describeRedacted(*outcome.error));
            return;
        }
        showVerdict(*outcome.verdict);
    });
    Audit::VerifyOptions options;
    options.key = m_key;
    const QString path = m_path;
    watcher->setFuture(QtConcurrent::run([path, options] {
        VerifyOutcome out;
        auto v = Audit::verifyLog(path, options);
        if (v)
            out.verdict = v.value();
        else
            out.error = v.error();
        return out;
    }));
}

void AuditPage::showVerdict(const Audit::Verdict &verdict)
{
    const QString headline = Text::verdictHeadline(verdict);
    m_ui->verdictLabel->setText(headline);
    m_ui->verdictLabel->setProperty("status",
                                    verdict.intact()             ? QStringLiteral("intact")
                                        : verdict.checksPassed() ? QStringLiteral("incidents")
                                                                 : QStringLiteral("broken"));
    m_ui->verdictLabel->setStyleSheet(verdict.intact() ? QStringLiteral("QLabel { color: #0f5132; }")
                                          : verdict.checksPassed()
                                          ? QStringLiteral("QLabel { color: #664d03; font-weight: bold; }")
                                          : QStringLiteral("QLabel { color: #842029; font-weight: bold; }"));
    QStringList lines = Text::verdictChecks(verdict);
    lines += Text::verdictNotes(verdict);
    if (!verdict.checksPassed() && !verdict.problem.detail.isEmpty())
        lines.prepend(tr("Detail: %1").arg(verdict.problem.detail));
    m_ui->checksLabel->setText(lines.join(QLatin1Char('\n')));
    Q_EMIT verified(verdict);
}

void AuditPage::addRecord(const Audit::Record &record)
{
    if (m_loadRunning)
        m_addedWhileLoading.append(record); // the load may have read the file before it was written
    m_all.append(record);
    m_records->appendRecord(record);
}

void AuditPage::setWriteProblem(const QString &text)
{
    m_ui->writeWarningLabel->setText(
        text.isEmpty()
            ? QString()
            : tr("The audit log cannot be written: %1 Restores and cancellations are refused until it "
                 "can; browsing goes on.")
                  .arg(text));
    m_ui->writeWarningLabel->setVisible(!text.isEmpty());
}

QDateTime AuditPage::fromTime() const
{
    return m_ui->fromFilterCheck->isChecked() ? m_ui->fromFilterEdit->dateTime().toUTC() : QDateTime();
}

QDateTime AuditPage::toTime() const
{
    return m_ui->toFilterCheck->isChecked() ? m_ui->toFilterEdit->dateTime().toUTC() : QDateTime();
}

void AuditPage::applyFilter()
{
    Audit::Filter f;
    if (const QString t = m_ui->typeFilterCombo->currentData().toString(); !t.isEmpty())
        f.types << t;
    if (const QString o = m_ui->outcomeFilterCombo->currentData().toString(); !o.isEmpty())
        f.outcomes << o;
    f.identity = m_ui->identityFilterEdit->text().trimmed();
    f.resource = m_ui->resourceFilterEdit->text().trimmed();
    f.text = m_ui->searchEdit->text().trimmed();
    f.from = fromTime();
    f.to = toTime();
    m_filter->setFilter(f);
    updateCount();
}

void AuditPage::updateCount()
{
    QString text = tr("%1 of %2 records shown").arg(m_filter->rowCount()).arg(m_records->totalCount());
    if (m_scanned > m_records->totalCount())
        text += QLatin1Char(' ') + tr("(the newest of %1; export for all)").arg(m_scanned);
    m_ui->countLabel->setText(text);
}

void AuditPage::showDetails()
{
    const QModelIndex current = m_ui->auditTableView->currentIndex();
    if (!current.isValid()) {
        m_ui->detailsTextEdit->clear();
        return;
    }
    m_ui->detailsTextEdit->setPlainText(current.data(Models::AuditRecordModel::RawJsonRole).toString());
    const QString vault = vaultOf(current.data(Models::AuditRecordModel::TargetRole).toString());
    if (!vault.isEmpty())
        m_ui->timelineScopeEdit->setText(vault);
}

void AuditPage::showTimelineDetails()
{
    const QModelIndex current = m_ui->timelineTableView->currentIndex();
    m_ui->timelineDetailsTextEdit->setPlainText(
        current.isValid() ? current.data(Models::AuditTimelineModel::RawJsonRole).toString() : QString());
}

void AuditPage::requestTimeline()
{
    m_timelineScope = m_ui->timelineScopeEdit->text().trimmed();
    // The service keeps its activity log for 90 days; without a range, ask for the last week.
    m_timelineFrom = fromTime().isValid() ? fromTime() : QDateTime::currentDateTimeUtc().addDays(-7);
    m_timelineTo = toTime().isValid() ? toTime() : QDateTime::currentDateTimeUtc();
    m_ui->timelineStatusLabel->setProperty("state", QStringLiteral("loading"));
    m_ui->timelineStatusLabel->setText(tr("Asking the service for its activity log…"));
    Q_EMIT activityLogRequested(m_timelineScope, m_timelineFrom, m_timelineTo);
}

void AuditPage::setActivityLog(const QJsonArray &events)
{
    const QList<Audit::TimelineEntry> merged
        = Audit::mergeTimeline(m_all, events, m_timelineScope, m_timelineFrom, m_timelineTo);
    int service = 0;
    int linked = 0;
    for (const Audit::TimelineEntry &e : merged) {
        if (e.source == Audit::TimelineEntry::Source::Service) {
            ++service;
            if (!e.linkedSeqs.isEmpty())
                ++linked;
        }
    }
    m_timeline->setEntries(merged);
    m_ui->timelineStatusLabel->setProperty("state", QStringLiteral("loaded"));
    m_ui->timelineStatusLabel->setText(tr("%1 entries: %2 from this console, %3 recorded by the service (%4 "
                                          "of them under the same correlation "
                                          "id as a record here).")
                                           .arg(merged.size())
                                           .arg(merged.size() - service)
                                           .arg(service)
                                           .arg(linked));
}

void AuditPage::setActivityLogError(const Error &error)
{
    m_timeline->setEntries({});
    if (Backup::BackupService::isNoAccess(error)) {
        const QString action = Backup::BackupService::deniedAction(error);
        m_ui->timelineStatusLabel->setProperty("state", QStringLiteral("noAccess"));
        m_ui->timelineStatusLabel->setText(
            action.isEmpty()
                ? tr("No access: your identity may not read this subscription's activity log.")
                : tr("No access: your identity may not read this subscription's activity log; it lacks the "
                     "action %1. A Reader role (or any role granting it) on the subscription gives it.")
                      .arg(action));
        return;
    }
    m_ui->timelineStatusLabel->setProperty("state", QStringLiteral("failed"));
    m_ui->timelineStatusLabel->setText(
        tr("The service's activity log could not be read: %1").arg(Text::describeRedacted(error)));
}

} // namespace RestoreDesk
