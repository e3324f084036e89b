#include "recoverypointspage.h"

#include "derivedvaluedelegate.h"
#include "filterbox.h"
#include "listpanel.h"
#include "messagebanner.h"
#include "models/recoverypointfiltermodel.h"
#include "models/recoverypointmodel.h"
#include "models/timetext.h"
#include "recoverypointtimeline.h"
#include "requeststrip.h"
#include "text/errortext.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QItemSelectionModel>
#include <QLabel>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QVBoxLayout>

namespace RestoreDesk {

using Models::RecoveryPointModel;

namespace {

QPushButton *copyButton(const QString &objectName, QLabel *source, QWidget *parent)
{
    auto button = new QPushButton(RecoveryPointsPage::tr("Copy"), parent);
    button->setObjectName(objectName);
    button->setToolTip(RecoveryPointsPage::tr("Copy the full resource id"));
    QObject::connect(button, &QPushButton::clicked, source,
                     [source] { QApplication::clipboard()->setText(source->text()); });
    return button;
}

QLabel *idLabel(const QString &objectName, QWidget *parent)
{
    auto label = new QLabel(parent);
    label->setObjectName(objectName);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse | Qt::TextSelectableByKeyboard);
    label->setWordWrap(true);
    return label;
}

} // namespace

RecoveryPointsPage::RecoveryPointsPage(QWidget *parent)
    : QWidget(parent)
    , m_model(new RecoveryPointModel(this))
    , m_proxy(new Models::RecoveryPointFilterModel(this))
    , m_timelineSelection(new QItemSelectionModel(m_model, this))
    , m_name(new QLabel(this))
    , m_subtitle(new QLabel(this))
    , m_sourceId(idLabel(QStringLiteral("sourceIdLabel"), this))
    , m_itemId(idLabel(QStringLiteral("itemIdLabel"), this))
    , m_banner(new MessageBanner(this))
    , m_timeline(new RecoveryPointTimeline(this))
    , m_tierFilter(new QComboBox(this))
    , m_timeRange(new QComboBox(this))
    , m_progress(new QLabel(this))
    , m_restoreButton(new QPushButton(tr("Restore…"), this))
    , m_loadMore(new QPushButton(tr("Load more points"), this))
    , m_table(new QTableView(this))
    , m_note(new QLabel(this))
    , m_request(new RequestStrip(this))
    , m_now(QDateTime::currentDateTimeUtc())
{
    setObjectName(QStringLiteral("recoveryPointsPage"));
    m_banner->setObjectName(QStringLiteral("pageBanner"));
    m_proxy->setSourceModel(m_model);

    m_timeline->setModel(m_model);
    m_timeline->setSelectionModel(m_timelineSelection);
    m_timeline->setReferenceTime(m_now);

    m_table->setObjectName(QStringLiteral("recoveryPointsTableView"));
    m_table->setModel(m_proxy);
    m_table->setItemDelegate(new DerivedValueDelegate(m_table));
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->setSortingEnabled(true);
    m_table->sortByColumn(RecoveryPointModel::TimeColumn, Qt::DescendingOrder);
    m_table->verticalHeader()->hide();
    ListPanel::setOneLineRows(m_table);
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_table->setTabKeyNavigation(false);
    m_table->setAccessibleName(tr("Recovery points"));
    const QFontMetrics fm = fontMetrics();
    m_table->setColumnWidth(RecoveryPointModel::TimeColumn,
                            fm.horizontalAdvance(QStringLiteral("0000-00-00 00:00")) + 24);
    m_table->setColumnWidth(RecoveryPointModel::ConsistencyColumn,
                            fm.horizontalAdvance(tr("application consistent")) + 24);
    m_table->setColumnWidth(RecoveryPointModel::TierColumn,
                            fm.horizontalAdvance(tr("vault-archive (needs rehydration)")) + 24);
    m_table->setColumnWidth(RecoveryPointModel::RetentionColumn, fm.horizontalAdvance(tr("Monthly")) + 40);

    m_restoreButton->setObjectName(QStringLiteral("restoreButton"));
    connect(m_restoreButton, &QPushButton::clicked, this, [this] {
        const QString id = selectedPointId();
        if (!id.isEmpty() && m_restoreAllowed)
            Q_EMIT restoreRequested(id);
    });
    m_progress->setObjectName(QStringLiteral("loadingLabel"));
    m_loadMore->setObjectName(QStringLiteral("loadMoreButton"));
    connect(m_loadMore, &QPushButton::clicked, this, [this] { m_model->fetchMore({}); });
    connect(m_model, &RecoveryPointModel::moreRequested, this, [this] {
        // The next page is on its way: the progress counts on from the pages already read.
        m_more = false;
        m_loadMore->setVisible(false);
        m_loading = Loading::Loading;
        updateProgress();
        Q_EMIT moreRequested();
    });
    m_note->setObjectName(QStringLiteral("derivedNoteLabel"));
    m_note->setText(tr("Retention in italics is derived from the policy: the service did not report it."));
    m_note->setVisible(false);

    connect(m_timelineSelection, &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { syncFromTimeline(current); });
    connect(m_table->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { syncFromTable(current); });
    connect(m_timeline, &RecoveryPointTimeline::activated, this, [this](const QModelIndex &source) {
        syncFromTimeline(source);
        m_table->setFocus();
    });
    // Filtering or sorting moves rows: keep the table's current row on the timeline's point.
    connect(m_proxy, &QAbstractItemModel::layoutChanged, this,
            [this] { syncFromTimeline(m_timelineSelection->currentIndex()); });

    auto layout = new QVBoxLayout(this);
    layout->addWidget(buildHeader());
    layout->addWidget(m_banner);
    auto splitter = new QSplitter(Qt::Vertical, this);
    splitter->setObjectName(QStringLiteral("recoveryPointsSplitter"));
    splitter->setChildrenCollapsible(false);
    splitter->addWidget(m_timeline);
    auto lower = new QWidget(splitter);
    auto lowerLayout = new QVBoxLayout(lower);
    lowerLayout->setContentsMargins(0, 0, 0, 0);
    lowerLayout->addWidget(buildFilters());
    lowerLayout->addWidget(m_table, 1);
    lowerLayout->addWidget(m_note);
    splitter->addWidget(lower);
    splitter->setStretchFactor(0, 2);
    splitter->setStretchFactor(1, 3);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_request);

    m_loadMore->setVisible(false); // once in its layout (which shows what is not hidden)
    updateProgress();
    updateRestoreButton();
}

RecoveryPointsPage::~RecoveryPointsPage() = default;

QWidget *RecoveryPointsPage::buildHeader()
{
    auto header = new QWidget(this);
    QFont titleFont = m_name->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_name->setFont(titleFont);
    m_name->setObjectName(QStringLiteral("itemNameLabel"));
    m_subtitle->setObjectName(QStringLiteral("itemSubtitleLabel"));
    auto grid = new QGridLayout(header);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->addWidget(m_name, 0, 0, 1, 3);
    grid->addWidget(m_subtitle, 1, 0, 1, 3);
    grid->addWidget(new QLabel(tr("Resource"), header), 2, 0);
    grid->addWidget(m_sourceId, 2, 1);
    grid->addWidget(copyButton(QStringLiteral("copySourceIdButton"), m_sourceId, header), 2, 2);
    grid->addWidget(new QLabel(tr("Backup item"), header), 3, 0);
    grid->addWidget(m_itemId, 3, 1);
    grid->addWidget(copyButton(QStringLiteral("copyItemIdButton"), m_itemId, header), 3, 2);
    grid->setColumnStretch(1, 1);
    return header;
}

QWidget *RecoveryPointsPage::buildFilters()
{
    auto bar = new QWidget(this);
    m_tierFilter->setObjectName(QStringLiteral("tierFilterComboBox"));
    FilterBox::mark(m_tierFilter);
    m_tierFilter->addItem(tr("All tiers"), 0);
    m_tierFilter->addItem(tr("Snapshot"), 1 << int(RecoveryPointModel::Tier::Snapshot));
    m_tierFilter->addItem(tr("Vault-standard"), 1 << int(RecoveryPointModel::Tier::VaultStandard));
    m_tierFilter->addItem(tr("Vault-archive (needs rehydration)"),
                          1 << int(RecoveryPointModel::Tier::VaultArchive));
    m_tierFilter->setAccessibleName(tr("Show tier"));
    connect(m_tierFilter, &QComboBox::currentIndexChanged, this, &RecoveryPointsPage::applyTierFilter);
    m_timeRange->setObjectName(QStringLiteral("timeRangeComboBox"));
    m_timeRange->addItem(tr("All time"), 0);
    m_timeRange->addItem(tr("Last 7 days"), 7);
    m_timeRange->addItem(tr("Last 30 days"), 30);
    m_timeRange->addItem(tr("Last 12 months"), 365);
    m_timeRange->setAccessibleName(tr("Show time range"));
    connect(m_timeRange, &QComboBox::currentIndexChanged, this, &RecoveryPointsPage::applyTimeRange);

    auto tierLabel = new QLabel(tr("&Tier:"), bar);
    tierLabel->setBuddy(m_tierFilter);
    auto rangeLabel = new QLabel(tr("T&ime:"), bar);
    rangeLabel->setBuddy(m_timeRange);
    auto row = new QHBoxLayout(bar);
    row->setContentsMargins(0, 0, 0, 0);
    row->addWidget(tierLabel);
    row->addWidget(m_tierFilter);
    row->addSpacing(12);
    row->addWidget(rangeLabel);
    row->addWidget(m_timeRange);
    row->addSpacing(12);
    row->addWidget(m_progress, 1);
    row->addWidget(m_loadMore);
    row->addWidget(m_restoreButton);
    return bar;
}

void RecoveryPointsPage::setItem(const Backup::ProtectedItem &item)
{
    m_name->setText(item.friendlyName);
    QStringList parts;
    switch (item.kind) {
    case Backup::ProtectedItem::Kind::Vm:
        parts << tr("Virtual machine");
        break;
    case Backup::ProtectedItem::Kind::FileShare:
        parts << tr("File share in %1").arg(item.hostName());
        break;
    case Backup::ProtectedItem::Kind::SqlDatabase:
        parts << tr("SQL database on %1").arg(item.serverName.isEmpty() ? item.hostName() : item.serverName);
        break;
    case Backup::ProtectedItem::Kind::Unknown:
        parts << item.protectedItemType;
        break;
    }
    if (!item.policyName.isEmpty())
        parts << tr("policy %1").arg(item.policyName);
    m_subtitle->setText(parts.join(tr(" · ")));
    m_sourceId->setText(item.sourceResourceId.isEmpty() ? tr("not reported") : item.sourceResourceId);
    m_itemId->setText(item.id);
}

void RecoveryPointsPage::clear()
{
    m_timelineSelection->clear();
    m_model->clear();
    clearPolicy();
    m_name->clear();
    m_subtitle->clear();
    m_sourceId->clear();
    m_itemId->clear();
    m_banner->clear();
    m_request->clear();
    m_pages = 0;
    m_unreadable = 0;
    m_unreadableWhy = {};
    setMoreAvailable(false);
    m_loading = Loading::Idle;
    m_restoreAllowed = false;
    m_whyNot.clear();
    updateProgress();
    updateRestoreButton();
}

void RecoveryPointsPage::setPolicy(const Backup::Policy &policy)
{
    m_model->setPolicy(policy);
    m_timeline->setPolicy(policy);
    m_note->setVisible(true);
}

void RecoveryPointsPage::clearPolicy()
{
    m_model->clearPolicy();
    m_timeline->clearPolicy();
    m_note->setVisible(false);
}

void RecoveryPointsPage::setReferenceTime(const QDateTime &now)
{
    m_now = now.toUTC();
    m_timeline->setReferenceTime(m_now);
    applyTimeRange();
}

void RecoveryPointsPage::setRestoreAllowed(bool allowed, const QString &whyNot)
{
    m_restoreAllowed = allowed;
    m_whyNot = whyNot;
    updateRestoreButton();
}

QString RecoveryPointsPage::selectedPointId() const
{
    return m_timelineSelection->currentIndex().data(RecoveryPointModel::IdRole).toString();
}

QString RecoveryPointsPage::progressText() const
{
    return m_progress->text();
}

void RecoveryPointsPage::beginLoading()
{
    m_timelineSelection->clear(); // says so (a model reset would clear it silently)
    m_model->clear();
    m_banner->clear();
    m_pages = 0;
    m_unreadable = 0;
    m_unreadableWhy = {};
    setMoreAvailable(false);
    m_loading = Loading::Loading;
    m_timeline->fitAll();
    updateProgress();
    updateRestoreButton();
}

void RecoveryPointsPage::appendPage(const QList<Backup::RecoveryPoint> &page)
{
    if (m_loading != Loading::Loading) {
        m_loading = Loading::Loading;
        m_pages = 0;
    }
    ++m_pages;
    m_model->appendPoints(page);
    updateProgress();
}

void RecoveryPointsPage::addUnreadable(int count, const Error &why)
{
    if (count <= 0)
        return;
    if (m_unreadable == 0)
        m_unreadableWhy = why;
    m_unreadable += count;
    updateProgress();
}

void RecoveryPointsPage::finishLoading()
{
    m_loading = Loading::Done;
    updateProgress();
    // Counted as every list counts what it could not read (never left out in silence).
    if (m_unreadable > 0)
        m_banner->showMessage(MessageBanner::Level::Warning,
                              m_unreadable == 1
                                  ? tr("1 recovery point could not be read (%1); the others are shown.")
                                        .arg(Text::describe(m_unreadableWhy))
                                  : tr("%1 recovery points could not be read (%2); the others are shown.")
                                        .arg(m_unreadable)
                                        .arg(Text::describe(m_unreadableWhy)));
}

void RecoveryPointsPage::failLoading(const Error &error, bool pageRetry)
{
    m_loading = Loading::Failed;
    // An item can have hundreds of pages: a failed later page is asked for again, not all of them.
    std::function<void()> retry = [this] { Q_EMIT reloadRequested(); };
    if (pageRetry) {
        retry = [this] {
            m_banner->clear();
            m_loading = Loading::Loading;
            updateProgress();
            Q_EMIT pageRetryRequested();
        };
    }
    // A 403 names the action the identity lacks, as every estate list does.
    m_banner->showError(error, std::move(retry),
                        ListPanel::noAccessSentence(error, tr("recovery points"), Backup::Listing::Points));
    updateProgress();
}

void RecoveryPointsPage::setMoreAvailable(bool more)
{
    m_more = more;
    m_model->setMoreAvailable(more);
    m_loadMore->setVisible(more);
    updateProgress();
}

void RecoveryPointsPage::updateProgress()
{
    const int points = m_model->rowCount();
    const QString count = points == 1 ? tr("1 point") : tr("%1 points").arg(points);
    switch (m_loading) {
    case Loading::Idle:
        m_progress->clear();
        break;
    case Loading::Loading:
        m_progress->setText(m_pages == 0 ? tr("Loading recovery points…")
                                         : tr("Loading… page %1 · %2 so far").arg(m_pages).arg(count));
        break;
    case Loading::Done:
        if (m_more)
            m_progress->setText(
                m_unreadable > 0 ? tr("%1 loaded (%2 pages) · %n could not be read · more on the service",
                                      nullptr, m_unreadable)
                                       .arg(count)
                                       .arg(m_pages)
                                 : tr("%1 loaded (%2 pages) · more on the service").arg(count).arg(m_pages));
        else if (m_unreadable > 0)
            m_progress->setText(tr("%1 loaded · %n could not be read", nullptr, m_unreadable).arg(count));
        else
            m_progress->setText(points == 0        ? tr("No recovery points")
                                    : m_pages == 1 ? tr("All %1 loaded (1 page)").arg(count)
                                                   : tr("All %1 loaded (%2 pages)").arg(count).arg(m_pages));
        break;
    case Loading::Failed:
        m_progress->setText(tr("Stopped after page %1 · %2: the list is incomplete").arg(m_pages).arg(count));
        break;
    }
}

void RecoveryPointsPage::updateRestoreButton()
{
    const QModelIndex current = m_timelineSelection->currentIndex();
    const bool selected = current.isValid();
    m_restoreButton->setEnabled(m_restoreAllowed && selected);
    if (!m_restoreAllowed)
        m_restoreButton->setToolTip(m_whyNot.isEmpty() ? tr("Restoring is not allowed here") : m_whyNot);
    else if (!selected)
        m_restoreButton->setToolTip(tr("Select a recovery point first"));
    else if (current.data(RecoveryPointModel::NeedsRehydrationRole).toBool())
        m_restoreButton->setToolTip(
            tr("Restore from the point of %1; it is in the archive tier and needs "
               "rehydration first")
                .arg(Models::localTimeText(current.data(RecoveryPointModel::TimeRole).toDateTime())));
    else
        m_restoreButton->setToolTip(
            tr("Restore from the point of %1")
                .arg(Models::localTimeText(current.data(RecoveryPointModel::TimeRole).toDateTime())));
}

void RecoveryPointsPage::applyTierFilter()
{
    m_proxy->setTierMask(m_tierFilter->currentData().toInt());
}

void RecoveryPointsPage::applyTimeRange()
{
    const int days = m_timeRange->currentData().toInt();
    if (days <= 0) {
        m_proxy->setTimeRange({}, {});
        m_timeline->fitAll();
        return;
    }
    const QDateTime from = m_now.addDays(-days);
    m_proxy->setTimeRange(from, {});
    m_timeline->setVisibleRange(from, m_now.addSecs(days * 3600)); // a little room after now
}

void RecoveryPointsPage::syncFromTimeline(const QModelIndex &source)
{
    updateRestoreButton();
    if (m_syncing)
        return;
    m_syncing = true;
    const QModelIndex proxyIndex = m_proxy->mapFromSource(source);
    if (proxyIndex.isValid()) {
        m_table->selectionModel()->setCurrentIndex(
            proxyIndex, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
        m_table->scrollTo(proxyIndex);
    } else {
        m_table->selectionModel()->clear(); // filtered out of the table
    }
    m_syncing = false;
}

void RecoveryPointsPage::syncFromTable(const QModelIndex &proxyIndex)
{
    if (m_syncing || !proxyIndex.isValid())
        return;
    m_syncing = true;
    m_timelineSelection->setCurrentIndex(m_proxy->mapToSource(proxyIndex),
                                         QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    m_syncing = false;
    updateRestoreButton();
}

} // namespace RestoreDesk
