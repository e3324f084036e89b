#include "models/claimtreemodel.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace RestoreDesk::Models {

using Access::ClaimEntry;

namespace {

QString compactJson(const QJsonValue &v)
{
    // QJsonDocument holds only arrays and objects: wrap the value, then take it back out.
    const QByteArray wrapped = QJsonDocument(QJsonArray { v }).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(wrapped.mid(1, wrapped.size() - 2));
}

} // namespace

ClaimTreeModel::ClaimTreeModel(QObject *parent)
    : QAbstractItemModel(parent)
{
    clear();
}

void ClaimTreeModel::setWording(Wording wording)
{
    beginResetModel();
    m_wording = std::move(wording);
    endResetModel();
}

void ClaimTreeModel::clear()
{
    setInspection(Access::TokenInspection());
}

void ClaimTreeModel::setInspection(const Access::TokenInspection &inspection)
{
    beginResetModel();
    m_entries = inspection.entries;
    m_flavour = inspection.flavour;
    m_nodes.clear();
    m_nodeOfEntry.clear();
    Node header;
    header.section = ClaimEntry::Section::Header;
    header.row = 0;
    Node payload;
    payload.section = ClaimEntry::Section::Payload;
    payload.row = 1;
    m_nodes << header << payload;
    for (int i = 0; i < m_entries.size(); ++i) {
        const ClaimEntry &e = m_entries.at(i);
        Node n;
        n.entry = i;
        n.section = e.section;
        n.parent
            = e.parent >= 0 ? m_nodeOfEntry.at(e.parent) : (e.section == ClaimEntry::Section::Header ? 0 : 1);
        const int self = int(m_nodes.size());
        n.row = int(m_nodes[n.parent].children.size());
        m_nodes[n.parent].children << self;
        m_nodes << n;
        m_nodeOfEntry << self;
    }
    endResetModel();
}

const ClaimEntry *ClaimTreeModel::entry(const QModelIndex &index) const
{
    if (!index.isValid())
        return nullptr;
    const Node &n = m_nodes.at(int(index.internalId()));
    return n.entry >= 0 ? &m_entries.at(n.entry) : nullptr;
}

QModelIndex ClaimTreeModel::indexOfPath(ClaimEntry::Section section, const QString &path, int column) const
{
    for (int i = 0; i < m_entries.size(); ++i) {
        if (m_entries.at(i).section == section && m_entries.at(i).path == path) {
            const int node = m_nodeOfEntry.at(i);
            return createIndex(m_nodes.at(node).row, column, quintptr(node));
        }
    }
    return {};
}

QModelIndex ClaimTreeModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column < 0 || column >= ColumnCount)
        return {};
    if (!parent.isValid())
        return row < 2 ? createIndex(row, column, quintptr(row)) : QModelIndex();
    if (parent.column() != 0)
        return {};
    const Node &p = m_nodes.at(int(parent.internalId()));
    if (row >= p.children.size())
        return {};
    return createIndex(row, column, quintptr(p.children.at(row)));
}

QModelIndex ClaimTreeModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    const Node &n = m_nodes.at(int(child.internalId()));
    if (n.parent < 0)
        return {};
    return createIndex(m_nodes.at(n.parent).row, 0, quintptr(n.parent));
}

int ClaimTreeModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return 2;
    if (parent.column() != 0)
        return 0;
    return int(m_nodes.at(int(parent.internalId())).children.size());
}

int ClaimTreeModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

QString ClaimTreeModel::valueText(const ClaimEntry &e) const
{
    switch (e.kind) {
    case ClaimEntry::Kind::Array:
        return tr("%n item(s)", nullptr, int(e.value.toArray().size()));
    case ClaimEntry::Kind::Object:
        return tr("%n member(s)", nullptr, int(e.value.toObject().size()));
    case ClaimEntry::Kind::String:
        return e.value.toString();
    case ClaimEntry::Kind::Time: {
        const QString reading = m_wording.time ? m_wording.time(e) : e.time.toString(Qt::ISODate);
        return compactJson(e.value) + QStringLiteral(" — ") + reading;
    }
    case ClaimEntry::Kind::Number:
    case ClaimEntry::Kind::Boolean:
    case ClaimEntry::Kind::Null:
        break;
    }
    return compactJson(e.value);
}

QVariant ClaimTreeModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node &n = m_nodes.at(int(index.internalId()));
    if (n.entry < 0) {
        if (role == Qt::DisplayRole && index.column() == NameColumn)
            return n.section == ClaimEntry::Section::Header ? tr("Header") : tr("Payload");
        if (role == SectionRole)
            return int(n.section);
        return {};
    }
    const ClaimEntry &e = m_entries.at(n.entry);
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return e.name;
        case ValueColumn:
            return valueText(e);
        case MeaningColumn:
            return m_wording.meaning ? m_wording.meaning(m_flavour, e) : QString();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return index.column() == MeaningColumn && m_wording.meaning ? m_wording.meaning(m_flavour, e)
                                                                    : compactJson(e.value);
    case PathRole:
        return e.path;
    case KindRole:
        return int(e.kind);
    case JsonRole:
        return compactJson(e.value);
    case SecondsFromNowRole:
        return e.kind == ClaimEntry::Kind::Time ? QVariant(e.secondsFromNow) : QVariant();
    case TimeRole:
        return e.kind == ClaimEntry::Kind::Time ? QVariant(e.time) : QVariant();
    case SectionRole:
        return int(e.section);
    default:
        return {};
    }
}

QVariant ClaimTreeModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Claim");
    case ValueColumn:
        return tr("Value");
    case MeaningColumn:
        return tr("Meaning");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
