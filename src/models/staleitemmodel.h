#pragma once

#include "backup/overview.h"

#include <QAbstractTableModel>

namespace RestoreDesk::Models {

// The overview's items whose last recovery point is older than their policy allows: name,
// policy, last recovery point, and how far behind schedule (never backed up first, then the
// most overdue). Rows keep the item id (ItemIdRole) so a view can navigate to the item.
// GUI thread; owned by the overview widget.
class StaleItemModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { NameColumn, PolicyColumn, LastPointColumn, OverdueColumn, ColumnCount };
    enum Role { ItemIdRole = Qt::UserRole + 1, SortRole };

    explicit StaleItemModel(QObject *parent = nullptr);

    void setItems(QList<Backup::Overview::StaleItem> items);
    const Backup::Overview::StaleItem *item(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    // "2 days 3 hours overdue (allowed: 1 day 4 hours)", "no recovery point yet".
    static QString overdueText(const Backup::Overview::StaleItem &item);

private:
    QList<Backup::Overview::StaleItem> m_items;
};

} // namespace RestoreDesk::Models
