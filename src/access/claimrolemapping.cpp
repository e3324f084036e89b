#include "access/claimrolemapping.h"

#include "access/accesscodes.h"
#include "core/jsonutil.h"

#include <QJsonArray>

#include <utility>

namespace RestoreDesk::Access {

namespace {

Error invalid(const QString &detail)
{
    return Error::make(Error::Kind::Invalid, Codes::InvalidRoleMapping, detail);
}

const RoleDefinition *byName(const QList<RoleDefinition> &definitions, const QString &name)
{
    for (const RoleDefinition &d : definitions) {
        if (d.roleName.compare(name, Qt::CaseInsensitive) == 0)
            return &d;
    }
    return nullptr;
}

} // namespace

Result<ClaimRoleMapping> ClaimRoleMapping::fromJson(const QJsonObject &o)
{
    ClaimRoleMapping m;
    if (o.contains(QStringLiteral("principalClaim"))) {
        if (!o.value(QStringLiteral("principalClaim")).isString())
            return invalid(QStringLiteral("principalClaim must be a string."));
        m.paths.principal = o.value(QStringLiteral("principalClaim")).toString();
    }
    for (const auto &[key, target] :
         { std::pair { "groupClaims", &m.paths.groups }, std::pair { "roleClaims", &m.paths.roles } }) {
        const QJsonValue v = o.value(QLatin1String(key));
        if (v.isUndefined())
            continue;
        if (!v.isArray() && !v.isString())
            return invalid(
                QStringLiteral("%1 must be a string or an array of strings.").arg(QLatin1String(key)));
        *target = Json::stringList(v);
    }
    const QString scope = o.value(QStringLiteral("scope")).toString(QStringLiteral("/"));
    const QJsonValue mapping = o.value(QStringLiteral("roleMapping"));
    if (!mapping.isUndefined()) {
        if (!mapping.isObject())
            return invalid(QStringLiteral("roleMapping must be an object of claim value to role name."));
        const QJsonObject map = mapping.toObject();
        for (auto it = map.begin(); it != map.end(); ++it) {
            if (!it.value().isString() || it.value().toString().isEmpty())
                return invalid(QStringLiteral("roleMapping[\"%1\"] must name a role.").arg(it.key()));
            m.rules << RoleMappingRule { it.key(), it.value().toString(), scope };
        }
    }
    const QJsonValue rules = o.value(QStringLiteral("rules"));
    if (!rules.isUndefined()) {
        if (!rules.isArray())
            return invalid(QStringLiteral("rules must be an array."));
        const QJsonArray list = rules.toArray();
        for (qsizetype i = 0; i < list.size(); ++i) {
            const QJsonObject r = list.at(i).toObject();
            const QString value = r.value(QStringLiteral("value")).toString();
            const QString role = r.value(QStringLiteral("role")).toString();
            if (value.isEmpty() || role.isEmpty())
                return invalid(QStringLiteral("rules[%1] needs a value and a role.").arg(i));
            m.rules << RoleMappingRule { value, role, r.value(QStringLiteral("scope")).toString(scope) };
        }
    }
    return m;
}

QList<MappingMatch> ClaimRoleMapping::explain(const QJsonObject &claims) const
{
    QList<MappingMatch> out;
    const PrincipalContext principal = PrincipalContext::fromClaims(claims, paths);
    const QList<RoleDefinition> builtIn = RoleDefinition::builtInBackupRoles();
    for (const Membership &m : principal.memberships) {
        for (const RoleMappingRule &rule : rules) {
            if (rule.claimValue != m.id)
                continue;
            out << MappingMatch { m.claim, m.id, rule.roleName, rule.scope,
                                  byName(builtIn, rule.roleName) != nullptr };
        }
    }
    return out;
}

QList<Membership> ClaimRoleMapping::unmapped(const QJsonObject &claims) const
{
    QList<Membership> out;
    const PrincipalContext principal = PrincipalContext::fromClaims(claims, paths);
    for (const Membership &m : principal.memberships) {
        bool mapped = false;
        for (const RoleMappingRule &rule : rules)
            mapped = mapped || rule.claimValue == m.id;
        if (!mapped)
            out << m;
    }
    return out;
}

QList<RoleAssignment> ClaimRoleMapping::assignments(const QJsonObject &claims,
                                                    const QList<RoleDefinition> &definitions) const
{
    QList<RoleAssignment> out;
    const QList<MappingMatch> matches = explain(claims);
    for (const MappingMatch &m : matches) {
        const RoleDefinition *d = byName(definitions, m.roleName);
        if (!d)
            continue;
        RoleAssignment a;
        a.name = m.claim + QLatin1Char('=') + m.value;
        a.scope = m.scope;
        a.roleDefinitionId = d->id;
        a.principalId = m.value;
        a.principalType = QStringLiteral("ClaimValue");
        out << a;
    }
    return out;
}

} // namespace RestoreDesk::Access
