#include "models/recoverypointmodel.h"

#include <QJsonDocument>

#include <algorithm>

namespace RestoreDesk::Models {

RecoveryPointModel::RecoveryPointModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void RecoveryPointModel::setPoints(QList<Backup::RecoveryPoint> points)
{
    std::stable_sort(
        points.begin(), points.end(),
        [](const Backup::RecoveryPoint &a, const Backup::RecoveryPoint &b) { return a.time > b.time; });
    beginResetModel();
    m_points = std::move(points);
    endResetModel();
}

const Backup::RecoveryPoint *RecoveryPointModel::point(int row) const
{
    return row >= 0 && row < m_points.size() ? &m_points.at(row) : nullptr;
}

int RecoveryPointModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_points.size());
}

int RecoveryPointModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString RecoveryPointModel::tierText(const Backup::RecoveryPoint &p)
{
    QStringList parts;
    if (p.validTiers.contains(QStringLiteral("InstantRP")))
        parts << tr("snapshot");
    if (p.validTiers.contains(QStringLiteral("HardenedRP")))
        parts << tr("vault-standard");
    if (p.validTiers.contains(QStringLiteral("ArchivedRP")))
        parts << (p.needsRehydration() ? tr("vault-archive (needs rehydration)") : tr("vault-archive"));
    return parts.isEmpty() ? tr("unknown") : parts.join(QStringLiteral(" + "));
}

QVariant RecoveryPointModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Backup::RecoveryPoint &p = m_points.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return p.time.toLocalTime().toString(Qt::ISODate);
        case ConsistencyColumn:
            return p.consistency;
        case TierColumn:
            return tierText(p);
        case RetentionColumn:
            return p.retentionRule;
        case ExpiresColumn:
            return p.expiresAt.isValid() ? p.expiresAt.toLocalTime().toString(Qt::ISODate) : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return p.id;
    case IdRole:
        return p.id;
    case RawJsonRole:
        return QString::fromUtf8(QJsonDocument(p.raw).toJson(QJsonDocument::Indented));
    case NeedsRehydrationRole:
        return p.needsRehydration();
    case TimeRole:
        return p.time;
    default:
        return {};
    }
}

QVariant RecoveryPointModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case ConsistencyColumn:
        return tr("Consistency");
    case TierColumn:
        return tr("Tier");
    case RetentionColumn:
        return tr("Kept by");
    case ExpiresColumn:
        return tr("Kept until");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
