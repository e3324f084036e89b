#include "audit/identity.h"

namespace RestoreDesk::Audit {

QString Identity::display() const
{
    if (!username.isEmpty())
        return username;
    if (!objectId.isEmpty())
        return objectId;
    return subject;
}

QJsonObject Identity::toJson() const
{
    QJsonObject o;
    auto put = [&o](const char *key, const QString &value) {
        if (!value.isEmpty())
            o.insert(QLatin1String(key), value);
    };
    put("issuer", issuer);
    put("subject", subject);
    put("objectId", objectId);
    put("username", username);
    put("tenant", tenant);
    return o;
}

Identity Identity::fromJson(const QJsonObject &o)
{
    return Identity { o.value(QLatin1String("issuer")).toString(),
                      o.value(QLatin1String("subject")).toString(),
                      o.value(QLatin1String("objectId")).toString(),
                      o.value(QLatin1String("username")).toString(),
                      o.value(QLatin1String("tenant")).toString() };
}

Identity Identity::fromClaims(const QJsonObject &claims, const QString &issuer, const QString &subject)
{
    auto claim = [&claims](const char *name) { return claims.value(QLatin1String(name)).toString(); };
    Identity id;
    id.issuer = claim("iss");
    if (id.issuer.isEmpty())
        id.issuer = issuer;
    id.subject = claim("sub");
    if (id.subject.isEmpty())
        id.subject = subject;
    id.objectId = claim("oid");
    id.username = claim("preferred_username");
    if (id.username.isEmpty())
        id.username = claim("upn");
    id.tenant = claim("tid");
    return id;
}

} // namespace RestoreDesk::Audit
