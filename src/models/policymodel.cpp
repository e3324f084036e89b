#include "models/policymodel.h"

#include <QJsonDocument>
#include <QLocale>

namespace RestoreDesk::Models {

using Backup::Policy;
using Backup::RetentionPolicy;
using Backup::SchedulePolicy;

PolicyModel::PolicyModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void PolicyModel::append(const QList<Policy> &policies)
{
    if (policies.isEmpty())
        return;
    const int first = int(m_policies.size());
    beginInsertRows({}, first, first + int(policies.size()) - 1);
    m_policies += policies;
    endInsertRows();
}

void PolicyModel::clear()
{
    beginResetModel();
    m_policies.clear();
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
    switch (p.kind) {
    case Policy::Kind::IaasVm:
        return p.generation == Policy::Generation::V2 ? tr("VM (enhanced)") : tr("VM (standard)");
    case Policy::Kind::FileShare:
        return tr("File share");
    case Policy::Kind::Workload:
        return tr("SQL in VM");
    case Policy::Kind::Unknown:
        break;
    }
    return p.backupManagementType.isEmpty() ? tr("Unknown") : p.backupManagementType;
}

QString PolicyModel::scheduleText(const SchedulePolicy &s)
{
    QStringList times;
    for (const QTime &t : s.runTimes)
        times << t.toString(QStringLiteral("HH:mm"));
    switch (s.frequency) {
    case SchedulePolicy::Frequency::Daily:
        return tr("daily at %1").arg(times.join(QStringLiteral(", ")));
    case SchedulePolicy::Frequency::Weekly: {
        QStringList days;
        for (int d : s.runDays)
            days << QLocale().dayName(d, QLocale::ShortFormat);
        return tr("weekly on %1 at %2")
            .arg(days.join(QStringLiteral(", ")), times.join(QStringLiteral(", ")));
    }
    case SchedulePolicy::Frequency::Hourly:
        return tr("every %1 h from %2 for %3 h")
            .arg(s.hourlyInterval)
            .arg(s.windowStart.toString(QStringLiteral("HH:mm")))
            .arg(s.windowHours);
    case SchedulePolicy::Frequency::Log:
        return tr("logs every %1 min").arg(s.logFrequencyMinutes);
    case SchedulePolicy::Frequency::Unknown:
        break;
    }
    return s.typeText.isEmpty() ? tr("unknown schedule") : s.typeText;
}

QString PolicyModel::durationText(const RetentionPolicy::Duration &d)
{
    switch (d.unit) {
    case RetentionPolicy::Duration::Unit::Days:
        return tr("%n day(s)", nullptr, d.count);
    case RetentionPolicy::Duration::Unit::Weeks:
        return tr("%n week(s)", nullptr, d.count);
    case RetentionPolicy::Duration::Unit::Months:
        return tr("%n month(s)", nullptr, d.count);
    case RetentionPolicy::Duration::Unit::Years:
        return tr("%n year(s)", nullptr, d.count);
    case RetentionPolicy::Duration::Unit::Invalid:
        break;
    }
    return QString();
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
                return scheduleText(p.schedule);
            QStringList parts;
            for (const Policy::SubPolicy &s : p.subPolicies)
                parts << s.type + QStringLiteral(": ") + scheduleText(s.schedule);
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
