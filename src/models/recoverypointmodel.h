#pragma once

#include "backup/recoverypoint.h"

#include <QAbstractTableModel>

namespace RestoreDesk::Models {

// Recovery points of one protected item for the timeline/table views, newest first: time,
// consistency, tier (snapshot / vault-standard / archive, with "needs rehydration"), the
// retention rule that keeps it and until when. GUI thread; owned by its view's parent.
class RecoveryPointModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { TimeColumn, ConsistencyColumn, TierColumn, RetentionColumn, ExpiresColumn, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, RawJsonRole, NeedsRehydrationRole, TimeRole };

    explicit RecoveryPointModel(QObject *parent = nullptr);

    void setPoints(QList<Backup::RecoveryPoint> points);
    const Backup::RecoveryPoint *point(int row) const;

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

    static QString tierText(const Backup::RecoveryPoint &p);

private:
    QList<Backup::RecoveryPoint> m_points;
};

} // namespace RestoreDesk::Models
