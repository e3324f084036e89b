#include "models/assignmentmodel.h"

namespace RestoreDesk::Models {

AssignmentModel::AssignmentModel(QObject *parent)
    : QAbstractTableModel(parent)
{ }

void AssignmentModel::setRouteWording(std::function<QString(const Access::AppliedAssignment &)> route)
{
    beginResetModel();
    m_route = std::move(route);
    endResetModel();
}

void AssignmentModel::setAssignments(QList<Access::AppliedAssignment> assignments)
{
    beginResetModel();
    m_rows = std::move(assignments);
    endResetModel();
}

int AssignmentModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int AssignmentModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant AssignmentModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Access::AppliedAssignment &a = m_rows.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        switch (index.column()) {
        case RoleColumn:
            return a.roleName.isEmpty() ? a.assignment.roleDefinitionId : a.roleName;
        case ScopeColumn:
            return a.assignment.scope;
        case RouteColumn:
            if (m_route)
                return m_route(a);
            return a.direct ? QString() : a.via.id + QStringLiteral(" (") + a.via.claim + QLatin1Char(')');
        default:
            return {};
        }
    case Qt::ToolTipRole:
        return a.assignment.id.isEmpty() ? a.assignment.scope : a.assignment.id;
    case PrincipalIdRole:
        return a.assignment.principalId;
    case DirectRole:
        return a.direct;
    case ClaimRole:
        return a.direct ? QString() : a.via.claim;
    case RoleDefinitionIdRole:
        return a.assignment.roleDefinitionId;
    default:
        return {};
    }
}

QVariant AssignmentModel::headerData(int section, Qt::Orientation orientation, int role) const
{
    if (orientation != Qt::Horizontal || role != Qt::DisplayRole)
        return {};
    switch (section) {
    case RoleColumn:
        return tr("Role");
    case ScopeColumn:
        return tr("Assigned at");
    case RouteColumn:
        return tr("How you hold it");
    default:
        return {};
    }
}

} // namespace RestoreDesk::Models
