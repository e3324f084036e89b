#include "access/roledefinition.h"

#include "access/actionpattern.h"
#include "core/jsonutil.h"

#include <QFile>
#include <QJsonArray>

namespace RestoreDesk::Access {

namespace {

bool anyMatches(const QStringList &patterns, const QString &action)
{
    for (const QString &p : patterns) {
        if (actionMatches(p, action))
            return true;
    }
    return false;
}

QJsonArray toArray(const QStringList &list)
{
    return QJsonArray::fromStringList(list);
}

} // namespace

bool Permission::grants(const QString &action) const
{
    return anyMatches(actions, action) && !anyMatches(notActions, action);
}

bool Permission::grantsData(const QString &dataAction) const
{
    return anyMatches(dataActions, dataAction) && !anyMatches(notDataActions, dataAction);
}

Result<RoleDefinition> RoleDefinition::fromArm(const QJsonObject &object)
{
    RoleDefinition r;
    r.id = object.value(QStringLiteral("id")).toString();
    r.name = object.value(QStringLiteral("name")).toString();
    const QJsonObject props = object.value(QStringLiteral("properties")).toObject();
    r.roleName = props.value(QStringLiteral("roleName")).toString();
    r.description = props.value(QStringLiteral("description")).toString();
    r.roleType = props.value(QStringLiteral("type")).toString();
    if (r.roleType.isEmpty())
        r.roleType = props.value(QStringLiteral("roleType")).toString();
    r.assignableScopes = Json::stringList(props.value(QStringLiteral("assignableScopes")));
    const QJsonArray perms = props.value(QStringLiteral("permissions")).toArray();
    for (const QJsonValue &v : perms) {
        const QJsonObject p = v.toObject();
        r.permissions << Permission { Json::stringList(p.value(QStringLiteral("actions"))),
                                      Json::stringList(p.value(QStringLiteral("notActions"))),
                                      Json::stringList(p.value(QStringLiteral("dataActions"))),
                                      Json::stringList(p.value(QStringLiteral("notDataActions"))) };
    }
    if (r.id.isEmpty() || r.roleName.isEmpty())
        return Error::make(Error::Kind::Invalid, QStringLiteral("invalid_role_definition"),
                           QStringLiteral("A role definition needs an id and a roleName."));
    return r;
}

QJsonObject RoleDefinition::toArm() const
{
    QJsonArray perms;
    for (const Permission &p : permissions) {
        perms.append(QJsonObject { { QStringLiteral("actions"), toArray(p.actions) },
                                   { QStringLiteral("notActions"), toArray(p.notActions) },
                                   { QStringLiteral("dataActions"), toArray(p.dataActions) },
                                   { QStringLiteral("notDataActions"), toArray(p.notDataActions) } });
    }
    QJsonObject props { { QStringLiteral("roleName"), roleName },
                        { QStringLiteral("type"), roleType },
                        { QStringLiteral("description"), description },
                        { QStringLiteral("assignableScopes"), toArray(assignableScopes) },
                        { QStringLiteral("permissions"), perms } };
    return QJsonObject { { QStringLiteral("id"), id },
                         { QStringLiteral("name"), name },
                         { QStringLiteral("type"),
                           QStringLiteral("Microsoft.Authorization/roleDefinitions") },
                         { QStringLiteral("properties"), props } };
}

bool RoleDefinition::grants(const QString &action) const
{
    for (const Permission &p : permissions) {
        if (p.grants(action))
            return true;
    }
    return false;
}

QList<RoleDefinition> RoleDefinition::builtInBackupRoles()
{
    static const QList<RoleDefinition> roles = [] {
        QList<RoleDefinition> out;
        QFile file(QStringLiteral(":/access/builtinroles.json"));
        if (!file.open(QIODevice::ReadOnly))
            return out;
        const auto doc = Json::parseObject(file.readAll(), QStringLiteral("builtinroles.json"));
        if (!doc)
            return out;
        const QJsonArray values = doc->value(QStringLiteral("value")).toArray();
        for (const QJsonValue &v : values) {
            auto role = fromArm(v.toObject());
            if (role)
                out << role.value();
        }
        return out;
    }();
    return roles;
}

} // namespace RestoreDesk::Access
