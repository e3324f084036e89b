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

} // namespace RestoreDesk::Audit
