#pragma once

#include "access/effectiveaccess.h"

#include <QAbstractTableModel>

#include <functional>

namespace RestoreDesk::Models {

// The identity's role assignments at or above a scope: role, scope, and how it holds it
// (directly, or through a group or role value and the claim that carried it). Route wording
// comes from the view through setRouteWording(). GUI thread; owned by its view's parent.
class AssignmentModel final : public QAbstractTableModel
{
    Q_OBJECT

public:
    enum Column { RoleColumn, ScopeColumn, RouteColumn, ColumnCount };
    enum Role { PrincipalIdRole = Qt::UserRole + 1, DirectRole, ClaimRole, RoleDefinitionIdRole };

    explicit AssignmentModel(QObject *parent = nullptr);

    void setRouteWording(std::function<QString(const Access::AppliedAssignment &)> route);
    void setAssignments(QList<Access::AppliedAssignment> assignments);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation orientation, int role = Qt::DisplayRole) const override;

private:
    QList<Access::AppliedAssignment> m_rows;
    std::function<QString(const Access::AppliedAssignment &)> m_route;
};

} // namespace RestoreDesk::Models
