#pragma once

#include <QSortFilterProxyModel>

#include <functional>

namespace RestoreDesk::Models {

// Sorting and filtering for the estate tables: sorts by the source's sort role, keeps rows whose
// search text (a role of the source) contains every word typed (case-insensitive), and whose
// value in `roleFilter`'s role is among the allowed ones (type, health, status…). GUI thread.
class TextFilterProxy final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    TextFilterProxy(int searchRole, int sortRole, QObject *parent = nullptr);

    void setSearchText(const QString &text);
    // Keep only rows whose `role` holds one of `values` (empty list: no restriction).
    void setAllowed(int role, const QList<int> &values);

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;
    bool lessThan(const QModelIndex &left, const QModelIndex &right) const override;

private:
    int m_searchRole;
    QStringList m_words;
    QHash<int, QList<int>> m_allowed;
};

} // namespace RestoreDesk::Models
