#include "audit/redaction.h"

#include "core/redact.h"

#include <QJsonArray>

namespace RestoreDesk::Audit {

bool isSecretKey(const QString &key)
{
    const QString k = key.toLower();
    static const char *const exact[]
        = { "authorization", "cookie",           "set-cookie",    "password",    "passphrase",
            "assertion",     "client_assertion", "code_verifier", "device_code", "session_state",
            "bearer",        "credential",       "credentials" };
    for (const char *e : exact) {
        if (k == QLatin1String(e))
            return true;
    }
    return k.contains(QLatin1String("token")) || k.contains(QLatin1String("secret"))
        || k.contains(QLatin1String("password")) || k == QLatin1String("key")
        || k.endsWith(QLatin1String("_key")) || k.endsWith(QLatin1String("apikey"));
}

QJsonObject redactJson(const QJsonObject &object)
{
    QJsonObject out;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (isSecretKey(it.key()) && !it.value().isNull() && !it.value().isBool())
            out.insert(it.key(), QStringLiteral("[redacted]"));
        else
            out.insert(it.key(), redactJson(it.value()));
    }
    return out;
}

QJsonValue redactJson(const QJsonValue &value)
{
    if (value.isString())
        return redactSecrets(value.toString());
    if (value.isObject())
        return redactJson(value.toObject());
    if (value.isArray()) {
        QJsonArray out;
        const QJsonArray in = value.toArray();
        for (const QJsonValue &v : in)
            out.append(redactJson(v));
        return out;
    }
    return value;
}

} // namespace RestoreDesk::Audit
