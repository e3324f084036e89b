#pragma once

#include "audit/auditfilter.h"

#include <QSortFilterProxyModel>

namespace RestoreDesk::Models {

// Filters an AuditRecordModel by the view's filters (type, outcome, identity, resource, time
// range, free text) with the same Audit::Filter the CLI uses, and sorts by SortRole. GUI thread;
// owned by its view's parent.
class AuditFilterProxyModel final : public QSortFilterProxyModel
{
    Q_OBJECT

public:
    explicit AuditFilterProxyModel(QObject *parent = nullptr);

    void setFilter(const Audit::Filter &filter);
    const Audit::Filter &filter() const { return m_filter; }

protected:
    bool filterAcceptsRow(int sourceRow, const QModelIndex &sourceParent) const override;

private:
    Audit::Filter m_filter;
};

} // namespace RestoreDesk::Models
