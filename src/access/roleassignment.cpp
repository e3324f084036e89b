#include "access/roleassignment.h"

#include "access/accesscodes.h"

namespace RestoreDesk::Access {

Result<RoleAssignment> RoleAssignment::fromArm(const QJsonObject &object)
{
    RoleAssignment a;
    a.id = object.value(QStringLiteral("id")).toString();
    a.name = object.value(QStringLiteral("name")).toString();
    const QJsonObject props = object.value(QStringLiteral("properties")).toObject();
    a.scope = props.value(QStringLiteral("scope")).toString();
    a.roleDefinitionId = props.value(QStringLiteral("roleDefinitionId")).toString();
    a.principalId = props.value(QStringLiteral("principalId")).toString();
    a.principalType = props.value(QStringLiteral("principalType")).toString();
    if (a.scope.isEmpty() || a.roleDefinitionId.isEmpty() || a.principalId.isEmpty())
        return Error::make(
            Error::Kind::Invalid, Codes::InvalidRoleAssignment,
            QStringLiteral("A role assignment needs a scope, a roleDefinitionId and a principalId."));
    return a;
}

QJsonObject RoleAssignment::toArm() const
{
    return QJsonObject { { QStringLiteral("id"), id },
                         { QStringLiteral("name"), name },
                         { QStringLiteral("type"),
                           QStringLiteral("Microsoft.Authorization/roleAssignments") },
                         { QStringLiteral("properties"),
                           QJsonObject { { QStringLiteral("roleDefinitionId"), roleDefinitionId },
                                         { QStringLiteral("principalId"), principalId },
                                         { QStringLiteral("principalType"), principalType },
                                         { QStringLiteral("scope"), scope } } } };
}

} // namespace RestoreDesk::Access
