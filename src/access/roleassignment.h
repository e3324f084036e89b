#pragma once

#include "core/result.h"

#include <QJsonObject>

namespace RestoreDesk::Access {

// A role assignment in its ARM wire shape (Microsoft.Authorization 2022-04-01).
struct RoleAssignment
{
    QString id;
    QString name; // guid
    QString scope;
    QString roleDefinitionId;
    QString principalId;
    QString principalType; // User, Group, ServicePrincipal, ForeignGroup, Device
    // Not on the wire: the scope whose atScope() listing returned it (empty when not known). The
    // listing puts it at or above that scope whatever its id looks like (a management group).
    QString listedAtScope;

    static Result<RoleAssignment> fromArm(const QJsonObject &object);
    QJsonObject toArm() const;
};

} // namespace RestoreDesk::Access
