#include "models/protecteditemmodel.h"

#include "backup/job.h"
#include "models/jobmodel.h"
#include "models/timetext.h"

#include <QBrush>
#include <QColor>
#include <QJsonDocument>

namespace RestoreDesk::Models {

using Backup::ProtectedItem;

ProtectedItemModel::ProtectedItemModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

QString ProtectedItemModel::keyOf(const ProtectedItem &item)
{
    // The canonical id, lower-cased: an id without backupFabrics/Azure and the same id with it
    // name one item.
    const QString key = item.armId.isValid() ? item.armId.key() : Backup::ArmId::parse(item.id).key();
    return key.isEmpty() ? item.id.toLower() : key;
}

void ProtectedItemModel::append(const QList<ProtectedItem> &items)
{
    QList<ProtectedItem> fresh;
    QHash<QString, qsizetype> inPage; // key -> where in `fresh` (the later copy of a page wins)
    for (const ProtectedItem &i : items) {
        const QString key = keyOf(i);
        const auto known = m_rowById.constFind(key);
        if (known != m_rowById.cend()) {
            m_items[known.value()] = i;
            Q_EMIT dataChanged(index(known.value(), 0), index(known.value(), ColumnCount - 1));
        } else if (const auto seen = inPage.constFind(key); seen != inPage.cend()) {
            fresh[seen.value()] = i;
        } else {
            inPage.insert(key, fresh.size());
            fresh << i;
        }
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_items.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const ProtectedItem &i : std::as_const(fresh)) {
        m_rowById.insert(keyOf(i), int(m_items.size()));
        m_items << i;
    }
    endInsertRows();
}

void ProtectedItemModel::clear()
{
    beginResetModel();
    m_items.clear();
    m_rowById.clear();
    endResetModel();
}

const ProtectedItem *ProtectedItemModel::item(int row) const
{
    return row >= 0 && row < m_items.size() ? &m_items.at(row) : nullptr;
}

int ProtectedItemModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_items.size());
}

int ProtectedItemModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString ProtectedItemModel::kindText(ProtectedItem::Kind kind)
{
    switch (kind) {
    case ProtectedItem::Kind::Vm:
        return tr("Virtual machine");
    case ProtectedItem::Kind::FileShare:
        return tr("File share");
    case ProtectedItem::Kind::SqlDatabase:
        return tr("SQL database");
    case ProtectedItem::Kind::Unknown:
        break;
    }
    return tr("Other");
}

QString ProtectedItemModel::healthText(ProtectedItem::Health health)
{
    switch (health) {
    case ProtectedItem::Health::Passed:
        return tr("Healthy");
    case ProtectedItem::Health::ActionSuggested:
        return tr("Action suggested");
    case ProtectedItem::Health::ActionRequired:
        return tr("Action required");
    case ProtectedItem::Health::Invalid:
        return tr("Invalid");
    case ProtectedItem::Health::Unknown:
        break;
    }
    return tr("Unknown");
}

// The service's protection states in words; a state this console does not know is shown as sent.
QString ProtectedItemModel::protectionText(const ProtectedItem &item)
{
    switch (item.protectionState) {
    case ProtectedItem::ProtectionState::Protected:
        return tr("Protected");
    case ProtectedItem::ProtectionState::IRPending:
        return tr("First backup pending");
    case ProtectedItem::ProtectionState::ProtectionError:
        return tr("Protection error");
    case ProtectedItem::ProtectionState::ProtectionStopped:
        return tr("Protection stopped");
    case ProtectedItem::ProtectionState::ProtectionPaused:
        return tr("Protection paused");
    case ProtectedItem::ProtectionState::BackupsSuspended:
        return tr("Backups suspended");
    case ProtectedItem::ProtectionState::Invalid:
        return tr("Invalid");
    case ProtectedItem::ProtectionState::Unknown:
        break;
    }
    return item.protectionStateText.isEmpty() ? tr("Unknown") : item.protectionStateText;
}

QVariant ProtectedItemModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const ProtectedItem &i = m_items.at(index.row());
    const int column = index.column();
    switch (role) {
    case Qt::DisplayRole:
        switch (column) {
        case NameColumn:
            return i.friendlyName;
        case KindColumn:
            return i.kind == ProtectedItem::Kind::Unknown && !i.protectedItemType.isEmpty()
                ? i.protectedItemType
                : kindText(i.kind);
        case PolicyColumn:
            return i.policyName.isEmpty() ? tr("(none)") : i.policyName;
        case LastBackupColumn:
            // The same form as every other list's times (recovery points, audit), so they compare.
            return i.lastBackupTime.isValid() ? localTimeText(i.lastBackupTime) : tr("never");
        case LastBackupStatusColumn: {
            // In the jobs' words ("Completed with warnings"), so the two tables read alike; a word
            // that is not a job status (IRPending...) is shown as sent.
            const Backup::Job::Status status = Backup::Job::statusFrom(i.lastBackupStatus);
            return status == Backup::Job::Status::Unknown ? i.lastBackupStatus : JobModel::statusText(status);
        }
        case HealthColumn:
            return healthText(i.health);
        case ProtectionColumn:
            return protectionText(i);
        case HostColumn:
            return i.hostName();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return column == NameColumn ? i.id : data(index, Qt::DisplayRole);
    case Qt::ForegroundRole:
        if (column == HealthColumn && i.health == ProtectedItem::Health::ActionRequired)
            return QBrush(QColor(0xb0, 0x1c, 0x1c));
        if (column == HealthColumn && i.health == ProtectedItem::Health::ActionSuggested)
            return QBrush(QColor(0x9a, 0x5b, 0x00));
        if (column == LastBackupStatusColumn) {
            // Coloured by the status the words stand for, whatever their case (as they are shown).
            const Backup::Job::Status status = Backup::Job::statusFrom(i.lastBackupStatus);
            if (status == Backup::Job::Status::Failed)
                return QBrush(QColor(0xb0, 0x1c, 0x1c));
            if (status == Backup::Job::Status::CompletedWithWarnings)
                return QBrush(QColor(0x9a, 0x5b, 0x00));
        }
        return {};
    case IdRole:
        return i.id;
    case KindRole:
        return int(i.kind);
    case HealthRole:
        return int(i.health);
    case SortRole:
        if (column == LastBackupColumn)
            return i.lastBackupTime;
        if (column == HealthColumn)
            return int(i.health);
        return data(index, Qt::DisplayRole).toString().toLower();
    case RawJsonRole:
        return QString::fromUtf8(QJsonDocument(i.raw.object()).toJson(QJsonDocument::Indented));
    case SearchTextRole:
        return QStringList { i.friendlyName, i.policyName, i.hostName(), i.id, i.sourceResourceId }.join(
            QLatin1Char('\n'));
    default:
        return {};
    }
}

QVariant ProtectedItemModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Type");
    case PolicyColumn:
        return tr("Policy");
    case LastBackupColumn:
        return tr("Last backup");
    case LastBackupStatusColumn:
        return tr("Last backup status");
    case HealthColumn:
        return tr("Health");
    case ProtectionColumn:
        return tr("Protection");
    case HostColumn:
        return tr("VM / storage account");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
