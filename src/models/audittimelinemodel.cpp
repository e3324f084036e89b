#include "models/audittimelinemodel.h"

#include <QJsonDocument>

namespace RestoreDesk::Models {

AuditTimelineModel::AuditTimelineModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void AuditTimelineModel::setEntries(QList<Audit::TimelineEntry> entries)
{
    beginResetModel();
    m_entries = std::move(entries);
    endResetModel();
}

const Audit::TimelineEntry *AuditTimelineModel::entry(int row) const
{
    return row >= 0 && row < m_entries.size() ? &m_entries.at(row) : nullptr;
}

int AuditTimelineModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_entries.size());
}

int AuditTimelineModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AuditTimelineModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Audit::TimelineEntry &e = m_entries.at(index.row());
    const bool service = e.source == Audit::TimelineEntry::Source::Service;
    const bool linked = service ? !e.linkedSeqs.isEmpty() : !e.linkedEvents.isEmpty();
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case TimeColumn:
            return e.time.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm:ss"));
        case SourceColumn:
            return service ? tr("Service (activity log)") : tr("This console (#%1)").arg(e.seq);
        case OperationColumn:
            return e.operation;
        case OutcomeColumn:
            return e.outcome;
        case WhoColumn:
            return e.who;
        case TargetColumn:
            return e.target;
        case CorrelationColumn:
            return e.correlationIds.join(QStringLiteral(", ")) + (linked ? tr(" (linked)") : QString());
        default:
            return {};
        }
    case Qt::ToolTipRole:
        if (service && linked)
            return tr("Recorded by the service under the same correlation id as audit record(s) %1", nullptr,
                      int(e.linkedSeqs.size()))
                .arg([&] {
                    QStringList s;
                    for (qint64 seq : e.linkedSeqs)
                        s << QString::number(seq);
                    return s.join(QStringLiteral(", "));
                }());
        return {};
    case IsServiceRole:
        return service;
    case IsLinkedRole:
        return linked;
    case TimeRole:
        return e.time;
    case RawJsonRole:
        return QString::fromUtf8(QJsonDocument(e.raw).toJson(QJsonDocument::Indented));
    default:
        return {};
    }
}

QVariant AuditTimelineModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case TimeColumn:
        return tr("Time");
    case SourceColumn:
        return tr("Source");
    case OperationColumn:
        return tr("Operation");
    case OutcomeColumn:
        return tr("Outcome");
    case WhoColumn:
        return tr("Who");
    case TargetColumn:
        return tr("Resource");
    case CorrelationColumn:
        return tr("Correlation id");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
