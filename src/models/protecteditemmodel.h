#pragma once

#include "backup/protecteditem.h"

#include <QAbstractTableModel>
#include <QHash>

namespace RestoreDesk::Models {

// The protected items of one vault (or several) for the items table: friendly name, kind,
// policy, last backup and its status, health, protection state. Pages append as they arrive
// (no reset, so the view keeps its selection and scroll position); an item that comes again
// (a reload) replaces its row by id, compared case-insensitively. GUI thread; owned by its panel.
class ProtectedItemModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        NameColumn,
        KindColumn,
        PolicyColumn,
        LastBackupColumn,
        LastBackupStatusColumn,
        HealthColumn,
        ProtectionColumn,
        HostColumn,
        ColumnCount
    };
    enum Role { IdRole = Qt::UserRole + 1, KindRole, HealthRole, SortRole, RawJsonRole, SearchTextRole };

    explicit ProtectedItemModel(QObject *parent = nullptr);

    void append(const QList<Backup::ProtectedItem> &items);
    void clear();
    const Backup::ProtectedItem *item(int row) const;
    const QList<Backup::ProtectedItem> &items() const { return m_items; }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString kindText(Backup::ProtectedItem::Kind kind);
    static QString healthText(Backup::ProtectedItem::Health health);
    static QString protectionText(const Backup::ProtectedItem &item);

private:
    QList<Backup::ProtectedItem> m_items;
    static QString keyOf(const Backup::ProtectedItem &item);

    QHash<QString, int> m_rowById; // canonical lower-case id (ArmId::key) -> row
};

} // namespace RestoreDesk::Models
