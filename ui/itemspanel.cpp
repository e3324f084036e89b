#include "itemspanel.h"

#include "elidedlabel.h"
#include "filterbox.h"
#include "jsondialog.h"
#include "listpanel.h"
#include "models/protecteditemmodel.h"
#include "models/textfilterproxy.h"

#include <QApplication>
#include <QClipboard>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableView>
#include <QVBoxLayout>

namespace RestoreDesk {

using Backup::ProtectedItem;
using Models::ProtectedItemModel;

ItemsPanel::ItemsPanel(QWidget *parent)
    : QWidget(parent)
    , m_model(new ProtectedItemModel(this))
    , m_proxy(
          new Models::TextFilterProxy(ProtectedItemModel::SearchTextRole, ProtectedItemModel::SortRole, this))
    , m_list(new ListPanel(tr("protected items"), Backup::Listing::Items, this))
    , m_search(new QLineEdit(this))
    , m_type(new QComboBox(this))
    , m_health(new QComboBox(this))
    , m_id(new ElidedLabel(this))
    , m_copyId(new QPushButton(tr("Copy id"), this))
    , m_rawJson(new QPushButton(tr("Raw JSON"), this))
    , m_points(new QPushButton(tr("Recovery points"), this))
{
    setObjectName(QStringLiteral("itemsPanel"));
    m_search->setObjectName(QStringLiteral("itemSearchEdit"));
    m_type->setObjectName(QStringLiteral("itemTypeCombo"));
    m_health->setObjectName(QStringLiteral("itemHealthCombo"));
    m_id->setObjectName(QStringLiteral("itemIdLabel"));
    m_copyId->setObjectName(QStringLiteral("copyIdButton"));
    m_rawJson->setObjectName(QStringLiteral("rawJsonButton"));
    m_points->setObjectName(QStringLiteral("recoveryPointsButton"));
    m_list->table()->setObjectName(QStringLiteral("itemsTableView"));
    m_search->setPlaceholderText(tr("Search name, policy, VM or id"));
    m_search->setClearButtonEnabled(true);
    FilterBox::mark(m_search);
    m_type->addItem(tr("All types"), -1);
    m_type->addItem(tr("Virtual machines"), int(ProtectedItem::Kind::Vm));
    m_type->addItem(tr("File shares"), int(ProtectedItem::Kind::FileShare));
    m_type->addItem(tr("SQL databases"), int(ProtectedItem::Kind::SqlDatabase));
    m_health->addItem(tr("Any health"), QVariantList {});
    m_health->addItem(tr("Needs attention"),
                      QVariantList { int(ProtectedItem::Health::ActionRequired),
                                     int(ProtectedItem::Health::ActionSuggested) });
    m_health->addItem(tr("Action required"), QVariantList { int(ProtectedItem::Health::ActionRequired) });
    m_health->addItem(tr("Healthy"), QVariantList { int(ProtectedItem::Health::Passed) });
    // One line, cut in the middle (the item's name at the end stays in sight): choosing an item does
    // not make the table jump as a wrapped id of three lines would. Tooltip and Copy id have it whole.

    m_proxy->setSourceModel(m_model);
    m_list->setModel(m_proxy);
    m_list->table()->sortByColumn(ProtectedItemModel::NameColumn, Qt::AscendingOrder);
    m_list->table()->horizontalHeader()->setSectionResizeMode(QHeaderView::Interactive);
    m_list->table()->setColumnWidth(ProtectedItemModel::NameColumn, 180);

    auto filters = new QHBoxLayout;
    filters->addWidget(m_search, 1);
    filters->addWidget(m_type);
    filters->addWidget(m_health);
    m_list->topArea()->addLayout(filters);

    auto details = new QHBoxLayout;
    details->addWidget(m_id, 1);
    details->addWidget(m_copyId);
    details->addWidget(m_rawJson);
    details->addWidget(m_points);
    auto layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list, 1);
    layout->addLayout(details);

    connect(m_search, &QLineEdit::textChanged, this, &ItemsPanel::applyFilters);
    connect(m_type, &QComboBox::currentIndexChanged, this, &ItemsPanel::applyFilters);
    connect(m_health, &QComboBox::currentIndexChanged, this, &ItemsPanel::applyFilters);
    connect(m_list->table()->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ItemsPanel::selectionChanged);
    connect(m_list->table(), &QTableView::activated, this, [this] {
        if (!selectedItemId().isEmpty())
            Q_EMIT recoveryPointsRequested(selectedItemId());
    });
    connect(m_copyId, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(selectedItemId()); });
    connect(m_rawJson, &QPushButton::clicked, this, [this] {
        const QModelIndex i = m_list->table()->currentIndex();
        if (i.isValid())
            JsonDialog::show(i.siblingAtColumn(0).data().toString(),
                             i.data(ProtectedItemModel::RawJsonRole).toString(), this);
    });
    connect(m_points, &QPushButton::clicked, this, [this] {
        if (!selectedItemId().isEmpty())
            Q_EMIT recoveryPointsRequested(selectedItemId());
    });
    selectionChanged();
}

void ItemsPanel::applyFilters()
{
    m_proxy->setSearchText(m_search->text());
    const int type = m_type->currentData().toInt();
    m_proxy->setAllowed(ProtectedItemModel::KindRole, type < 0 ? QList<int>() : QList<int> { type });
    QList<int> health;
    for (const QVariant &v : m_health->currentData().toList())
        health << v.toInt();
    m_proxy->setAllowed(ProtectedItemModel::HealthRole, health);
}

QString ItemsPanel::selectedItemId() const
{
    return m_list->table()->currentIndex().data(ProtectedItemModel::IdRole).toString();
}

void ItemsPanel::selectItem(const QString &itemId)
{
    for (int r = 0; r < m_proxy->rowCount(); ++r) {
        const QModelIndex i = m_proxy->index(r, 0);
        if (i.data(ProtectedItemModel::IdRole).toString().compare(itemId, Qt::CaseInsensitive) == 0) {
            m_list->table()->setCurrentIndex(i);
            m_list->table()->scrollTo(i);
            return;
        }
    }
}

void ItemsPanel::selectionChanged()
{
    const QString id = selectedItemId();
    m_id->setFullText(id.isEmpty() ? tr("Select an item to see its resource id.") : id);
    m_id->setToolTip(id);
    m_id->setAccessibleName(id.isEmpty() ? m_id->fullText() : id);
    m_copyId->setEnabled(!id.isEmpty());
    m_rawJson->setEnabled(!id.isEmpty());
    m_points->setEnabled(!id.isEmpty());
}

} // namespace RestoreDesk
