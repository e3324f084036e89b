#pragma once

#include <QDateTime>
#include <QSortFilterProxyModel>

namespace RestoreDesk::Models {

// The recovery-point table's view of a RecoveryPointModel: only the points held in the chosen
// tiers and taken inside the chosen time range, sorted by any column (RecoveryPointModel's
// SortRole: times as numbers, tiers by restore speed). GUI thread; owned by the page that shows it.
class RecoveryPointFilterModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit RecoveryPointFilterModel(QObject *parent = nullptr);

    // A mask of (1 << RecoveryPointModel::Tier) bits: a point passes when it is held in one of
    // them. 0 (the default) lets every point through, even those whose tier is unknown.
    void setTierMask(int mask);
    int tierMask() const { return m_tierMask; }
    // Points taken in [from, to]; an invalid bound is open.
    void setTimeRange(const QDateTime &from, const QDateTime &to);
    QDateTime from() const { return m_from; }
    QDateTime to() const { return m_to; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    int m_tierMask = 0;
    QDateTime m_from;
    QDateTime m_to;
};

} // namespace RestoreDesk::Models
