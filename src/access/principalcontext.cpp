#include "access/principalcontext.h"

#include "core/jsonutil.h"

namespace RestoreDesk::Access {

PrincipalContext PrincipalContext::fromClaims(const QJsonObject &claims, const ClaimPaths &paths)
{
    PrincipalContext p;
    const QString principalPath = paths.principal.isEmpty() ? QStringLiteral("oid") : paths.principal;
    const QJsonValue principal = Json::valueAtPath(claims, principalPath);
    if (principal.isString() && !principal.toString().isEmpty()) {
        p.objectId = principal.toString();
        p.objectIdClaim = principalPath;
    } else {
        // The same fallback the API side uses for issuers without an object id claim.
        p.objectId = claims.value(QStringLiteral("sub")).toString();
        p.objectIdClaim = QStringLiteral("sub");
    }
    auto collect = [&](const QStringList &claimPaths, bool isRole) {
        for (const QString &path : claimPaths) {
            const QStringList values = Json::stringList(Json::valueAtPath(claims, path));
            for (const QString &v : values) {
                if (v.isEmpty() || p.membership(v) || v == p.objectId)
                    continue;
                p.memberships << Membership { v, path, isRole };
            }
        }
    };
    collect(paths.groups, false);
    collect(paths.roles, true);
    return p;
}

QStringList PrincipalContext::principalIds() const
{
    QStringList ids;
    if (!objectId.isEmpty())
        ids << objectId;
    for (const Membership &m : memberships)
        ids << m.id;
    return ids;
}

const Membership *PrincipalContext::membership(const QString &id) const
{
    for (const Membership &m : memberships) {
        if (m.id.compare(id, Qt::CaseInsensitive) == 0)
            return &m;
    }
    return nullptr;
}

} // namespace RestoreDesk::Access
