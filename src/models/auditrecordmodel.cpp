#include "models/auditrecordmodel.h"

#include <QJsonDocument>

#include <algorithm>

namespace RestoreDesk::Models {

AuditRecordModel::AuditRecordModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void AuditRecordModel::setRecords(const QList<Audit::Record> &records)
{
    beginResetModel();
    m_records = records;
    std::reverse(m_records.begin(), m_records.end());
    m_shown = int(qMin<qsizetype>(m_batch, m_records.size()));
    endResetModel();
}

void AuditRecordModel::appendRecord(const Audit::Record &record)
{
    beginInsertRows({}, 0, 0);
    m_records.prepend(record);
    ++m_shown;
    endInsertRows();
}

const Audit::Record *AuditRecordModel::record(int row) const
{
    return row >= 0 && row < m_shown ? &m_records.at(row) : nullptr;
}

int AuditRecordModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : m_shown;
}

int AuditRecordModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

bool AuditRecordModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_shown < m_records.size();
}

void AuditRecordModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    const int more = int(qMin<qsizetype>(m_batch, m_records.size() - m_shown));
    beginInsertRows({}, m_shown, m_shown + more - 1);
    m_shown += more;
    endInsertRows();
}

QVariant AuditRecordModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Audit::Record &r = m_records.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case SeqColumn:
            return QString::number(r.seq);
        case TimeColumn:
            return r.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case TypeColumn:
            return r.type;
        case OutcomeColumn:
            return r.outcome;
        case IdentityColumn:
            return r.identity.display();
        case TargetColumn:
            return r.target;
        case ReasonColumn:
            return r.reason;
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (index.column() == IdentityColumn)
            return QStringLiteral("%1\n%2").arg(r.identity.issuer, r.identity.subject);
        if (index.column() == TargetColumn)
            return r.target;
        return {};
    case SeqRole:
        return r.seq;
    case TimeRole:
        return r.time;
    case TypeRole:
        return r.type;
    case OutcomeRole:
        return r.outcome;
    case TargetRole:
        return r.target;
    case CorrelationIdsRole:
        return r.correlationIds;
    case RawJsonRole:
        return QString::fromUtf8(QJsonDocument::fromJson(r.raw).toJson(QJsonDocument::Indented));
    case SortRole:
        if (index.column() == SeqColumn || index.column() == TimeColumn)
            return r.seq;
        return data(index, Qt::DisplayRole);
    default:
        return {};
    }
}

QVariant AuditRecordModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case SeqColumn:
        return tr("#");
    case TimeColumn:
        return tr("Time");
    case TypeColumn:
        return tr("Event");
    case OutcomeColumn:
        return tr("Outcome");
    case IdentityColumn:
        return tr("Identity");
    case TargetColumn:
        return tr("Resource");
    case ReasonColumn:
        return tr("Reason");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
