#include "access/denyassignment.h"

#include "access/accesscodes.h"
#include "access/armscope.h"

#include <QJsonArray>

namespace RestoreDesk::Access {

namespace {

QStringList principalIds(const QJsonValue &list)
{
    QStringList out;
    const QJsonArray array = list.toArray();
    for (const QJsonValue &v : array) {
        const QString principal
            = v.isString() ? v.toString() : v.toObject().value(QStringLiteral("id")).toString();
        if (!principal.isEmpty())
            out << principal;
    }
    return out;
}

QJsonArray principalsToArm(const QStringList &ids)
{
    QJsonArray out;
    for (const QString &principal : ids)
        out.append(QJsonObject {
            { QStringLiteral("id"), principal },
            { QStringLiteral("type"),
              principal == DenyAssignment::everyone() ? QStringLiteral("SystemDefined") : QString() } });
    return out;
}

bool containsId(const QStringList &ids, const QString &wanted)
{
    for (const QString &i : ids) {
        if (i.compare(wanted, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace

QString DenyAssignment::everyone()
{
    return QStringLiteral("00000000-0000-0000-0000-000000000000");
}

bool DenyAssignment::appliesTo(const QStringList &ids, const QString &at) const
{
    if (doNotApplyToChildScopes) {
        if (normalizeScope(scope) != normalizeScope(at))
            return false;
    } else if (!inheritedAt(scope, listedAtScope, at)) {
        return false;
    }
    for (const QString &principal : ids) {
        if (containsId(excludePrincipals, principal))
            return false;
    }
    if (containsId(principals, everyone()))
        return true;
    for (const QString &principal : ids) {
        if (containsId(principals, principal))
            return true;
    }
    return false;
}

QString DenyAssignment::blockingPattern(const QString &action) const
{
    for (const Permission &p : permissions) {
        const QString pattern = p.grantingPattern(action);
        if (!pattern.isEmpty() && p.removingPattern(action).isEmpty())
            return pattern;
    }
    return {};
}

QString DenyAssignment::displayName() const
{
    return denyAssignmentName.isEmpty() ? name : denyAssignmentName;
}

Result<DenyAssignment> DenyAssignment::fromArm(const QJsonObject &object)
{
    DenyAssignment d;
    d.id = object.value(QStringLiteral("id")).toString();
    d.name = object.value(QStringLiteral("name")).toString();
    const QJsonObject props = object.value(QStringLiteral("properties")).toObject();
    d.denyAssignmentName = props.value(QStringLiteral("denyAssignmentName")).toString();
    d.description = props.value(QStringLiteral("description")).toString();
    d.scope = props.value(QStringLiteral("scope")).toString();
    for (const QJsonValue &p : props.value(QStringLiteral("permissions")).toArray())
        d.permissions << Permission::fromArm(p.toObject());
    d.principals = principalIds(props.value(QStringLiteral("principals")));
    d.excludePrincipals = principalIds(props.value(QStringLiteral("excludePrincipals")));
    d.doNotApplyToChildScopes = props.value(QStringLiteral("doNotApplyToChildScopes")).toBool();
    d.isSystemProtected = props.value(QStringLiteral("isSystemProtected")).toBool();
    if (d.scope.isEmpty() || d.permissions.isEmpty() || d.principals.isEmpty())
        return Error::make(Error::Kind::Invalid, Codes::InvalidDenyAssignment,
                           QStringLiteral("A deny assignment needs a scope, permissions and principals."));
    return d;
}

QJsonObject DenyAssignment::toArm() const
{
    QJsonArray perms;
    for (const Permission &p : permissions)
        perms.append(p.toArm());
    return QJsonObject {
        { QStringLiteral("id"), id },
        { QStringLiteral("name"), name },
        { QStringLiteral("type"), QStringLiteral("Microsoft.Authorization/denyAssignments") },
        { QStringLiteral("properties"),
          QJsonObject { { QStringLiteral("denyAssignmentName"), denyAssignmentName },
                        { QStringLiteral("description"), description },
                        { QStringLiteral("permissions"), perms },
                        { QStringLiteral("scope"), scope },
                        { QStringLiteral("doNotApplyToChildScopes"), doNotApplyToChildScopes },
                        { QStringLiteral("principals"), principalsToArm(principals) },
                        { QStringLiteral("excludePrincipals"), principalsToArm(excludePrincipals) },
                        { QStringLiteral("isSystemProtected"), isSystemProtected } } }
    };
}

} // namespace RestoreDesk::Access
