#pragma once

#include "audit/timeline.h"

#include <QAbstractTableModel>

namespace RestoreDesk::Models {

// The merged timeline for the audit view: local audit records and the backup service's
// activity-log events for one vault and time range, in time order, each marked with its source
// ("this console" / "service"), linked entries marked as such. Built by Audit::mergeTimeline.
// GUI thread; owned by its view's parent.
class AuditTimelineModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        TimeColumn,
        SourceColumn,
        OperationColumn,
        OutcomeColumn,
        WhoColumn,
        TargetColumn,
        CorrelationColumn,
        ColumnCount
    };
    enum Role {
        IsServiceRole = Qt::UserRole + 1, // bool
        IsLinkedRole, // bool: a counterpart with the same correlation id is in the list
        TimeRole,
        RawJsonRole
    };

    explicit AuditTimelineModel(QObject *parent = nullptr);

    void setEntries(QList<Audit::TimelineEntry> entries);
    const Audit::TimelineEntry *entry(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Audit::TimelineEntry> m_entries;
};

} // namespace RestoreDesk::Models
