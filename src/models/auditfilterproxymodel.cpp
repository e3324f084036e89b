#include "models/auditfilterproxymodel.h"

#include "models/auditrecordmodel.h"

namespace RestoreDesk::Models {

AuditFilterProxyModel::AuditFilterProxyModel(QObject *parent)
    : QSortFilterProxyModel(parent)
{
    setSortRole(AuditRecordModel::SortRole);
}

void AuditFilterProxyModel::setFilter(const Audit::Filter &filter)
{
    m_filter = filter;
    invalidateFilter();
}

bool AuditFilterProxyModel::filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const
{
    const auto *model = qobject_cast<const AuditRecordModel *>(sourceModel());
    if (!model || sourceParent.isValid())
        return false;
    const Audit::Record *r = model->record(sourceRow);
    return r && m_filter.matches(*r);
}

} // namespace RestoreDesk::Models
