#include "models/operationcheckmodel.h"

#include <QBrush>
#include <QColor>

namespace RestoreDesk::Models {

using State = Access::RequirementCheck::State;

OperationCheckModel::OperationCheckModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void OperationCheckModel::setWording(Wording wording)
{
    beginResetModel();
    m_wording = std::move(wording);
    endResetModel();
}

void OperationCheckModel::setChecks(QList<Access::OperationCheck> checks)
{
    beginResetModel();
    m_checks = std::move(checks);
    endResetModel();
}

const Access::OperationCheck *OperationCheckModel::check(int row) const
{
    return row >= 0 && row < m_checks.size() ? &m_checks.at(row) : nullptr;
}

int OperationCheckModel::rowOf(Access::BackupOperation::Id id) const
{
    for (int i = 0; i < m_checks.size(); ++i) {
        if (m_checks.at(i).operation == id)
            return i;
    }
    return -1;
}

int OperationCheckModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_checks.size());
}

int OperationCheckModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QString OperationCheckModel::decidedBy(const Access::OperationCheck &c)
{
    if (c.state == State::Allowed) {
        for (const Access::RequirementCheck &r : c.requirements) {
            if (!r.explanation.grants.isEmpty()) {
                const auto &g = r.explanation.grants.first();
                return g.roleName.isEmpty() ? QString()
                                            : g.roleName + QStringLiteral(" @ ") + g.assignmentScope;
            }
        }
        return {};
    }
    for (const Access::RequirementCheck &r : c.requirements) {
        if (r.state == c.state)
            return r.action;
    }
    return {};
}

QString OperationCheckModel::decidingPattern(const Access::OperationCheck &c)
{
    for (const Access::RequirementCheck &r : c.requirements) {
        if (c.state == State::Allowed && !r.explanation.grants.isEmpty())
            return r.explanation.grants.first().pattern;
        if (c.state == State::Denied && r.state == State::Denied && !r.explanation.removals.isEmpty())
            return r.explanation.removals.first().notActionPattern;
    }
    return {};
}

QVariant OperationCheckModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Access::OperationCheck &c = m_checks.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case OperationColumn:
            return m_wording.operation ? m_wording.operation(c.operation) : c.key;
        case StateColumn:
            return m_wording.state          ? m_wording.state(c.state)
                : c.state == State::Allowed ? QStringLiteral("allowed")
                : c.state == State::Denied  ? QStringLiteral("denied")
                                            : QStringLiteral("unknown");
        case DecidedByColumn:
            return decidedBy(c);
        case PatternColumn:
            return decidingPattern(c);
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return m_wording.verdict ? m_wording.verdict(c) : decidedBy(c);
    case Qt::ForegroundRole:
        if (index.column() == StateColumn)
            return QBrush(c.state == State::Allowed      ? QColor(0x1b, 0x7f, 0x3b)
                              : c.state == State::Denied ? QColor(0xb0, 0x1e, 0x1e)
                                                         : QColor(0x80, 0x80, 0x80));
        return {};
    case KeyRole:
        return c.key;
    case StateRole:
        return int(c.state);
    case AllowedRole:
        return c.allowed();
    case MissingActionsRole: {
        QStringList actions;
        const QList<Access::RequirementCheck> missing = c.missing();
        for (const Access::RequirementCheck &r : missing)
            actions << r.action;
        return actions;
    }
    default:
        return {};
    }
}

QVariant OperationCheckModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case OperationColumn:
        return tr("Operation");
    case StateColumn:
        return tr("Verdict");
    case DecidedByColumn:
        return tr("Decided by / missing");
    case PatternColumn:
        return tr("Pattern");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
