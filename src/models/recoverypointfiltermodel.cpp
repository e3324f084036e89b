#include "models/recoverypointfiltermodel.h"

#include "models/recoverypointmodel.h"

namespace RestoreDesk::Models {

RecoveryPointFilterModel::RecoveryPointFilterModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(RecoveryPointModel::SortRole);
    setDynamicSortFilter(true);
}

void RecoveryPointFilterModel::setTierMask(int mask)
{
    if (mask == m_tierMask)
        return;
    m_tierMask = mask;
    invalidateFilter();
}

void RecoveryPointFilterModel::setTimeRange(const QDateTime &from, const QDateTime &to)
{
    if (from == m_from && to == m_to)
        return;
    m_from = from;
    m_to = to;
    invalidateFilter();
}

bool RecoveryPointFilterModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const QModelIndex index = sourceModel()->index(sourceRow, 0, sourceParent);
    if (m_tierMask != 0 && (index.data(RecoveryPointModel::TierMaskRole).toInt() & m_tierMask) == 0)
        return false;
    if (!m_from.isValid() && !m_to.isValid())
        return true;
    const QDateTime time = index.data(RecoveryPointModel::TimeRole).toDateTime();
    if (!time.isValid())
        return false;
    return (!m_from.isValid() || time >= m_from) && (!m_to.isValid() || time <= m_to);
}

} // namespace RestoreDesk::Models
