#include "models/staleitemmodel.h"

#include "models/timetext.h"

#include <limits>

namespace RestoreDesk::Models {

StaleItemModel::StaleItemModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void StaleItemModel::setItems(QList<Backup::Overview::StaleItem> items)
{
    beginResetModel();
    m_items = std::move(items);
    endResetModel();
}

const Backup::Overview::StaleItem *StaleItemModel::item(int row) const
{
    return row >= 0 && row < m_items.size() ? &m_items.at(row) : nullptr;
}

int StaleItemModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int StaleItemModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString StaleItemModel::overdueText(const Backup::Overview::StaleItem &item)
{
    if (item.ageSecs < 0)
        return tr("no recovery point yet");
    return tr("%1 overdue").arg(durationText(item.ageSecs - item.allowedAgeSecs));
}

QVariant StaleItemModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Backup::Overview::StaleItem &s = m_items.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return s.friendlyName;
        case PolicyColumn:
            return s.policyName;
        case LastPointColumn:
            return s.lastRecoveryPoint.isValid()
                ? tr("%1 (%2 ago)").arg(localTimeText(s.lastRecoveryPoint), durationText(s.ageSecs))
                : tr("never");
        case OverdueColumn:
            return overdueText(s);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == OverdueColumn)
            return tr("The policy's schedule allows a last recovery point up to %1 old.")
                .arg(durationText(s.allowedAgeSecs));
        return s.itemId;
    case ItemIdRole:
        return s.itemId;
    case SortRole:
        switch (index.column()) {
        case NameColumn:
            return s.friendlyName;
        case PolicyColumn:
            return s.policyName;
        case LastPointColumn:
            return s.lastRecoveryPoint.isValid() ? s.lastRecoveryPoint.toMSecsSinceEpoch()
                                                 : std::numeric_limits<qint64>::min();
        case OverdueColumn:
            return s.ageSecs < 0 ? std::numeric_limits<qint64>::max() : s.ageSecs - s.allowedAgeSecs;
        default:
            return {};
        }
    default:
        return {};
    }
}

QVariant StaleItemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Item");
    case PolicyColumn:
        return tr("Policy");
    case LastPointColumn:
        return tr("Last recovery point");
    case OverdueColumn:
        return tr("Behind schedule");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
