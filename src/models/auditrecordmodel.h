#pragma once

#include "audit/record.h"

#include <QAbstractTableModel>

namespace RestoreDesk::Models {

// Audit records for the audit view's table, newest first, shown a batch at a time (canFetchMore /
// fetchMore) so a long log opens at once; records written while the view is open are added at
// the top (appendRecord). The records themselves are read off the GUI thread (Audit::readRecords)
// and handed over with setRecords. GUI thread; owned by its view's parent.
class AuditRecordModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column {
        SeqColumn,
        TimeColumn,
        TypeColumn,
        OutcomeColumn,
        IdentityColumn,
        TargetColumn,
        ReasonColumn,
        ColumnCount
    };
    enum Role {
        SeqRole = Qt::UserRole + 1,
        TimeRole, // QDateTime, UTC
        TypeRole,
        OutcomeRole,
        TargetRole,
        CorrelationIdsRole, // QStringList
        RawJsonRole, // the record as indented JSON
        SortRole // numeric where it matters
    };

    explicit AuditRecordModel(QObject *parent = nullptr);

    // Oldest first, as read; shown newest first.
    void setRecords(const QList<Audit::Record> &records);
    void appendRecord(const Audit::Record &record);
    void setBatchSize(int rows) { m_batch = qMax(1, rows); }
    const Audit::Record *record(int row) const;
    int totalCount() const { return int(m_records.size()); }

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;

private:
    QList<Audit::Record> m_records; // newest first
    int m_shown = 0;
    int m_batch = 500;
};

} // namespace RestoreDesk::Models
