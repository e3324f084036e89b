#include "overviewwidget.h"

#include "estatepalette.h"
#include "jobschart.h"
#include "models/staleitemmodel.h"
#include "requeststrip.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLocale>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QVBoxLayout>

namespace RestoreDesk {

namespace {

using Health = Backup::ProtectedItem::Health;
constexpr Health kHealthOrder[]
    = { Health::Passed, Health::ActionSuggested, Health::ActionRequired, Health::Invalid, Health::Unknown };

QLabel *sectionTitle(const QString &text, QWidget *parent)
{
    auto label = new QLabel(text, parent);
    QFont f = label->font();
    f.setBold(true);
    label->setFont(f);
    return label;
}

QColor healthColor(Health health)
{
    using EstatePalette::Accent;
    switch (health) {
    case Health::Passed:
        return EstatePalette::accent(Accent::Good);
    case Health::ActionSuggested:
        return EstatePalette::accent(Accent::Warning);
    case Health::ActionRequired:
        return EstatePalette::accent(Accent::Bad);
    case Health::Invalid:
    case Health::Unknown:
        break;
    }
    return EstatePalette::accent(Accent::Neutral);
}

} // namespace

OverviewWidget::OverviewWidget(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_progress(new QLabel(this))
    , m_incomplete(new QLabel(this))
    , m_state(new QLabel(this))
    , m_body(new QWidget(this))
    , m_itemsTotal(sectionTitle(QString(), this))
    , m_window(sectionTitle(QString(), this))
    , m_chart(new JobsChart(this))
    , m_staleTitle(sectionTitle(QString(), this))
    , m_staleNote(new QLabel(this))
    , m_staleView(new QTableView(this))
    , m_staleModel(new Models::StaleItemModel(this))
    , m_staleProxy(new QSortFilterProxyModel(this))
    , m_request(new RequestStrip(this))
{
    setObjectName(QStringLiteral("overviewWidget"));
    m_title->setObjectName(QStringLiteral("overviewTitleLabel"));
    QFont titleFont = m_title->font();
    titleFont.setBold(true);
    titleFont.setPointSizeF(titleFont.pointSizeF() * 1.3);
    m_title->setFont(titleFont);
    m_progress->setObjectName(QStringLiteral("overviewProgressLabel"));
    m_incomplete->setObjectName(QStringLiteral("overviewIncompleteLabel"));
    m_incomplete->setWordWrap(true);
    m_incomplete->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_incomplete->setStyleSheet(
        QStringLiteral("QLabel { color: #663c00; background: #fff4e5; padding: 4px; }"));
    m_incomplete->setVisible(false);
    m_state->setObjectName(QStringLiteral("overviewStateLabel"));
    m_state->setWordWrap(true);
    m_state->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_state->setVisible(false);
    m_body->setObjectName(QStringLiteral("overviewBody"));
    m_itemsTotal->setObjectName(QStringLiteral("itemsTotalLabel"));
    m_window->setObjectName(QStringLiteral("jobsWindowLabel"));
    m_staleTitle->setObjectName(QStringLiteral("staleTitleLabel"));
    m_staleNote->setObjectName(QStringLiteral("staleNoteLabel"));
    m_staleNote->setWordWrap(true);

    auto header = new QHBoxLayout;
    header->addWidget(m_title, 1);
    header->addWidget(m_progress);

    auto health = new QHBoxLayout;
    health->setSpacing(18);
    for (Health h : kHealthOrder) {
        auto label = new QLabel(this);
        label->setObjectName(QStringLiteral("health%1Label").arg(Backup::ProtectedItem::healthName(h)));
        label->setTextFormat(Qt::RichText);
        m_health << label;
        health->addWidget(label);
    }
    health->addStretch(1);

    m_staleProxy->setSourceModel(m_staleModel);
    m_staleProxy->setSortRole(Models::StaleItemModel::SortRole);
    m_staleView->setObjectName(QStringLiteral("staleItemsTableView"));
    m_staleView->setModel(m_staleProxy);
    m_staleView->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_staleView->setSelectionMode(QAbstractItemView::SingleSelection);
    m_staleView->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_staleView->setSortingEnabled(true);
    m_staleView->sortByColumn(Models::StaleItemModel::OverdueColumn, Qt::DescendingOrder);
    m_staleView->verticalHeader()->hide();
    m_staleView->horizontalHeader()->setStretchLastSection(true);
    m_staleView->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_staleView->setAccessibleName(tr("Items behind schedule"));
    m_staleView->setTabKeyNavigation(false);
    connect(m_staleView, &QAbstractItemView::activated, this, [this](const QModelIndex &index) {
        const QString id = index.data(Models::StaleItemModel::ItemIdRole).toString();
        if (!id.isEmpty())
            Q_EMIT itemActivated(id);
    });

    auto body = new QVBoxLayout(m_body);
    body->setContentsMargins(0, 0, 0, 0);
    body->addSpacing(6);
    body->addWidget(m_itemsTotal);
    body->addLayout(health);
    body->addSpacing(10);
    body->addWidget(m_window);
    body->addWidget(m_chart, 0, Qt::AlignLeft);
    body->addSpacing(10);
    body->addWidget(m_staleTitle);
    body->addWidget(m_staleNote);
    body->addWidget(m_staleView, 1);
    // With nothing behind schedule the table is hidden: the spare height goes here, below the
    // note, instead of opening gaps between the lines above.
    body->addStretch(0);

    auto layout = new QVBoxLayout(this);
    layout->addLayout(header);
    layout->addWidget(m_incomplete);
    layout->addWidget(m_state);
    layout->addWidget(m_body, 1);
    layout->addStretch(0);
    layout->addWidget(m_request);

    setScope(tr("Overview"));
    setProgress(0, 0);
    setOverview({});
}

OverviewWidget::~OverviewWidget() = default;

void OverviewWidget::setScope(const QString &title, const QString &key)
{
    // Another scope's items: its first rows get their columns fitted again. The same scope shown
    // again (a refresh, a part of it loaded) keeps the widths, the operator's own included.
    const QString scopeKey = key.isEmpty() ? title : key;
    if (scopeKey != m_scopeKey)
        m_staleFitted = false;
    m_scopeKey = scopeKey;
    m_title->setText(title);
}

void OverviewWidget::setProgress(int loadedVaults, int totalVaults)
{
    if (totalVaults <= 0)
        m_progress->clear();
    else if (loadedVaults < totalVaults)
        m_progress->setText(tr("Loaded %1 of %2 vaults · loading…").arg(loadedVaults).arg(totalVaults));
    else
        m_progress->setText(totalVaults == 1
                                ? tr("Loaded 1 of 1 vault")
                                : tr("Loaded %1 of %2 vaults").arg(loadedVaults).arg(totalVaults));
}

void OverviewWidget::setIncomplete(const QStringList &missing)
{
    m_missing = missing;
    m_incomplete->setText(missing.isEmpty()
                              ? QString()
                              : tr("Incomplete: could not read %1. The counts below leave this out.")
                                    .arg(missing.join(QStringLiteral("; "))));
    // With no counts shown (the state says why), "the counts below leave this out" is not said.
    m_incomplete->setVisible(!missing.isEmpty() && m_state->text().isEmpty());
}

void OverviewWidget::setState(const QString &text)
{
    m_state->setText(text);
    m_state->setVisible(!text.isEmpty());
    m_body->setVisible(text.isEmpty());
    m_incomplete->setVisible(!m_missing.isEmpty() && text.isEmpty());
}

QString OverviewWidget::state() const
{
    return m_state->text();
}

void OverviewWidget::setOverview(const Backup::Overview &overview)
{
    m_overview = overview;
    updateHealth();
    m_window->setText(windowText(overview.windowStart, overview.windowEnd));
    m_chart->setCounts(overview.jobs);
    m_chart->setAccessibleName(tr("Jobs, %1").arg(m_window->text()));
    updateStale();
}

QString OverviewWidget::healthText(Health health, int count)
{
    switch (health) {
    case Health::Passed:
        return tr("%1 healthy").arg(count);
    case Health::ActionSuggested:
        return tr("%1 action suggested").arg(count);
    case Health::ActionRequired:
        return tr("%1 action required").arg(count);
    case Health::Invalid:
        return tr("%1 invalid").arg(count);
    case Health::Unknown:
        break;
    }
    return tr("%1 health unknown").arg(count);
}

QLabel *OverviewWidget::healthLabel(Health health) const
{
    return m_health.value(int(health));
}

void OverviewWidget::updateHealth()
{
    const int total = m_overview.totalItems;
    m_itemsTotal->setText(total == 1 ? tr("1 protected item") : tr("%1 protected items").arg(total));
    for (Health h : kHealthOrder) {
        QLabel *label = healthLabel(h);
        const int count = m_overview.itemsWithHealth(h);
        const QString text = healthText(h, count);
        // The swatch carries the colour; the words carry the meaning.
        label->setText(QStringLiteral("<span style=\"color:%1\">■</span>&nbsp;%2")
                           .arg(healthColor(h).name(), text.toHtmlEscaped()));
        label->setAccessibleName(text);
        label->setToolTip(
            tr("Items whose health the service reports as %1").arg(Backup::ProtectedItem::healthName(h)));
        // Invalid and unknown only show when there are some; the three main states always do.
        label->setVisible(count > 0 || h == Health::Passed || h == Health::ActionSuggested
                          || h == Health::ActionRequired);
    }
}

void OverviewWidget::updateStale()
{
    const int stale = int(m_overview.staleItems.size());
    // Columns fitted to the first rows a scope shows, not on every rebuild: a large estate is rebuilt
    // while it loads, and fitting measures rows each time (the operator may also have resized them).
    // A scope shown next (setScope) is fitted to its own first rows, even if the table was never empty
    // between the two.
    m_staleModel->setItems(m_overview.staleItems);
    if (!m_staleFitted && stale > 0) {
        m_staleView->resizeColumnsToContents();
        m_staleFitted = true;
    }
    m_staleTitle->setText(stale == 0       ? tr("Behind schedule: none")
                              : stale == 1 ? tr("Behind schedule: 1 item")
                                           : tr("Behind schedule: %1 items").arg(stale));
    QStringList notes;
    notes << (stale == 0
                  ? tr("Every judged item has a recovery point as recent as its policy's schedule allows.")
                  : tr("Items whose last recovery point is older than their policy's schedule allows. "
                       "Press Enter or double-click to open one."));
    const int unjudged = int(m_overview.unjudgedItemIds.size());
    if (unjudged > 0)
        notes << (unjudged == 1
                      ? tr("1 item could not be judged: its policy is not loaded or has no known schedule.")
                      : tr("%1 items could not be judged: their policy is not loaded or has no known "
                           "schedule.")
                            .arg(unjudged));
    m_staleNote->setText(notes.join(QLatin1Char(' ')));
    m_staleView->setVisible(stale > 0);
}

QString OverviewWidget::windowText(const QDateTime &start, const QDateTime &end)
{
    if (!start.isValid() || !end.isValid())
        return tr("Jobs");
    const qint64 hours = start.secsTo(end) / 3600;
    const QString span = hours % 24 == 0 && hours >= 48 ? tr("Last %1 days").arg(hours / 24)
        : hours == 1                                    ? tr("Last hour")
                                                        : tr("Last %1 hours").arg(hours);
    return tr("%1: since %2")
        .arg(span, QLocale().toString(start.toLocalTime(), QStringLiteral("d MMM HH:mm")));
}

} // namespace RestoreDesk
