#include "models/policymodel.h"

#include "models/policytext.h"

#include <QJsonDocument>
#include <QLocale>
#include <QSet>

namespace RestoreDesk::Models {

using Backup::Policy;
using Backup::RetentionPolicy;
using Backup::SchedulePolicy;

PolicyModel::PolicyModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void PolicyModel::append(const QList<Policy> &policies)
{
    QList<Policy> fresh;
    QSet<QString> freshIds;
    for (const Policy &p : policies) {
        const QString key = p.id.toLower();
        const auto known = m_rowById.constFind(key);
        if (known != m_rowById.cend()) {
            m_policies[known.value()] = p;
            Q_EMIT dataChanged(index(known.value(), 0), index(known.value(), ColumnCount - 1));
        } else if (!freshIds.contains(key)) {
            freshIds.insert(key);
            fresh << p;
        }
    }
    if (fresh.isEmpty())
        return;
    const int first = int(m_policies.size());
    beginInsertRows({}, first, first + int(fresh.size()) - 1);
    for (const Policy &p : std::as_const(fresh)) {
        m_rowById.insert(p.id.toLower(), int(m_policies.size()));
        m_policies << p;
    }
    endInsertRows();
}

void PolicyModel::clear()
{
    beginResetModel();
    m_policies.clear();
    m_rowById.clear();
    endResetModel();
}

const Policy *PolicyModel::policy(int row) const
{
    return row >= 0 && row < m_policies.size() ? &m_policies.at(row) : nullptr;
}

const Policy *PolicyModel::policy(const QString &id) const
{
    for (const Policy &p : m_policies) {
        if (p.id.compare(id, Qt::CaseInsensitive) == 0)
            return &p;
    }
    return nullptr;
}

int PolicyModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_policies.size());
}

int PolicyModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString PolicyModel::kindText(const Policy &p)
{
    return PolicyText::kind(p);
}

QString PolicyModel::scheduleText(const Policy &p, const SchedulePolicy &s)
{
    return PolicyText::schedule(s, p.timeZoneName);
}

QString PolicyModel::durationText(const RetentionPolicy::Duration &d)
{
    return PolicyText::duration(d);
}

QString PolicyModel::keepsText(const Policy &p)
{
    auto longest = [](const RetentionPolicy &r) -> QString {
        const std::pair<const RetentionPolicy::Rule *, const char *> rules[]
            = { { &r.yearly, QT_TR_NOOP("yearly") },
                { &r.monthly, QT_TR_NOOP("monthly") },
                { &r.weekly, QT_TR_NOOP("weekly") },
                { &r.daily, QT_TR_NOOP("daily") } };
        for (const auto &[rule, name] : rules) {
            if (rule->enabled && rule->duration.isSet())
                return tr("%1 (%2)").arg(durationText(rule->duration), tr(name));
        }
        return r.simple.isSet() ? durationText(r.simple) : QString();
    };
    if (p.kind == Policy::Kind::Workload) {
        QStringList parts;
        for (const Policy::SubPolicy &s : p.subPolicies) {
            const QString keeps = longest(s.retention);
            if (!keeps.isEmpty())
                parts << s.type + QStringLiteral(": ") + keeps;
        }
        return parts.join(QStringLiteral(" · "));
    }
    return longest(p.retention);
}

QVariant PolicyModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Policy &p = m_policies.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case NameColumn:
            return p.name;
        case KindColumn:
            return kindText(p);
        case ScheduleColumn: {
            if (p.kind != Policy::Kind::Workload)
                return scheduleText(p, p.schedule);
            QStringList parts;
            for (const Policy::SubPolicy &s : p.subPolicies)
                parts << s.type + QStringLiteral(": ") + scheduleText(p, s.schedule);
            return parts.join(QStringLiteral(" · "));
        }
        case KeepsColumn:
            return keepsText(p);
        case ItemsColumn:
            return p.protectedItemsCount ? QVariant(*p.protectedItemsCount) : QVariant();
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return p.id;
    case IdRole:
        return p.id;
    case SortRole:
        return index.column() == ItemsColumn ? QVariant(p.protectedItemsCount.value_or(-1))
                                             : QVariant(data(index).toString().toLower());
    case RawJsonRole:
        return QString::fromUtf8(QJsonDocument(p.raw).toJson(QJsonDocument::Indented));
    case SearchTextRole:
        return p.name + QLatin1Char('\n') + p.id;
    default:
        return {};
    }
}

QVariant PolicyModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case NameColumn:
        return tr("Name");
    case KindColumn:
        return tr("Kind");
    case ScheduleColumn:
        return tr("Runs");
    case KeepsColumn:
        return tr("Keeps up to");
    case ItemsColumn:
        return tr("Items");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
