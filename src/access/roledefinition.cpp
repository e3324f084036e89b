#include "access/roledefinition.h"

#include "access/accesscodes.h"
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

QString Permission::grantingPattern(const QString &action) const
{
    for (const QString &p : actions) {
        if (actionMatches(p, action))
            return p;
    }
    return {};
}

QString Permission::removingPattern(const QString &action) const
{
    for (const QString &p : notActions) {
        if (actionMatches(p, action))
            return p;
    }
    return {};
}

Permission Permission::fromArm(const QJsonObject &p)
{
    return Permission { Json::stringList(p.value(QStringLiteral("actions"))),
                        Json::stringList(p.value(QStringLiteral("notActions"))),
                        Json::stringList(p.value(QStringLiteral("dataActions"))),
                        Json::stringList(p.value(QStringLiteral("notDataActions"))) };
}

QJsonObject Permission::toArm() const
{
    return QJsonObject { { QStringLiteral("actions"), toArray(actions) },
                         { QStringLiteral("notActions"), toArray(notActions) },
                         { QStringLiteral("dataActions"), toArray(dataActions) },
                         { QStringLiteral("notDataActions"), toArray(notDataActions) } };
}

Result<QList<Permission>> Permission::listFromArm(const QJsonObject &body)
{
    const QJsonValue value = body.value(QStringLiteral("value"));
    if (!value.isArray())
        return Error::make(Error::Kind::Protocol, Codes::InvalidPermissions,
                           QStringLiteral("The permissions answer has no \"value\" array."));
    QList<Permission> out;
    const QJsonArray entries = value.toArray();
    for (qsizetype i = 0; i < entries.size(); ++i) {
        const QJsonValue entry = entries.at(i);
        const QJsonValue list = entry.toObject().value(QStringLiteral("actions"));
        if (!entry.isObject() || !(list.isArray() || list.isUndefined()))
            return Error::make(
                Error::Kind::Protocol, Codes::InvalidPermissions,
                QStringLiteral("Entry %1 of the permissions answer is not a permission set.").arg(i + 1));
        out << fromArm(entry.toObject());
    }
    return out;
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
        r.permissions << Permission::fromArm(p);
    }
    if (r.id.isEmpty() || r.roleName.isEmpty())
        return Error::make(Error::Kind::Invalid, Codes::InvalidRoleDefinition,
                           QStringLiteral("A role definition needs an id and a roleName."));
    return r;
}

QJsonObject RoleDefinition::toArm() const
{
    QJsonArray perms;
    for (const Permission &p : permissions)
        perms.append(p.toArm());
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
