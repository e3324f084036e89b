#include "auth/profile.h"

#include "auth/autherrors.h"
#include "core/jsonutil.h"

#include <QJsonArray>
#include <QUrl>

namespace RestoreDesk::Auth {

namespace {

// `what` names the field; the catalogue words it ("The profile's issuer is missing.").
Error invalid(const char *what, const QString &value = {})
{
    return Error::make(Error::Kind::Invalid, Codes::InvalidProfile, QString(),
                       { QLatin1String(what), value });
}

using Net::isSecureOrLoopback;

// Every key of the exchange form; anything else in a file is dropped (and named).
const char *const kExchangeKeys[] = { "name",
                                      "kind",
                                      "issuer",
                                      "clientId",
                                      "scopes",
                                      "apiBase",
                                      "apiAudience",
                                      "principalClaim",
                                      "groupClaims",
                                      "roleClaims",
                                      "redirectHost",
                                      "prompt",
                                      "idTokenAlgorithms",
                                      "tenant",
                                      "cloud",
                                      "roleMapping" };

struct Cloud
{
    const char *name;
    const char *login;
    const char *arm;
};
// The login and Azure Resource Manager hosts of each cloud. China: the login host Microsoft Entra's
// national-cloud documentation names (the ARM endpoint metadata still says login.chinacloudapi.cn).
const Cloud kClouds[]
    = { { "public", "https://login.microsoftonline.com", "https://management.azure.com" },
        { "usgov", "https://login.microsoftonline.us", "https://management.usgovcloudapi.net" },
        { "china", "https://login.partner.microsoftonline.cn", "https://management.chinacloudapi.cn" } };

} // namespace

QString Profile::kindName(Kind kind)
{
    switch (kind) {
    case Kind::Sandbox:
        return QStringLiteral("sandbox");
    case Kind::Azure:
        return QStringLiteral("azure");
    case Kind::Oidc:
        return QStringLiteral("oidc");
    }
    return QStringLiteral("oidc");
}

Profile Profile::sandbox(const QString &issuer, const QString &apiBase, const QString &audience)
{
    Profile p;
    p.name = QStringLiteral("Sandbox");
    p.kind = Kind::Sandbox;
    p.issuer = issuer;
    p.clientId = QStringLiteral("restoredesk");
    p.scopes = { QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("offline_access"),
                 audience + QStringLiteral("/user_impersonation") };
    p.apiBase = apiBase;
    p.apiAudience = audience;
    return p;
}

Profile Profile::azure(const QString &tenant, const QString &clientId, const QString &cloud)
{
    Profile p;
    p.name = QStringLiteral("Azure");
    p.kind = Kind::Azure;
    p.tenant = tenant;
    p.cloud = cloud;
    p.clientId = clientId;
    const Cloud *c = &kClouds[0];
    for (const Cloud &candidate : kClouds) {
        if (cloud == QLatin1String(candidate.name))
            c = &candidate;
    }
    p.issuer = QStringLiteral("%1/%2/v2.0").arg(QLatin1String(c->login), tenant);
    p.apiBase = QLatin1String(c->arm);
    p.apiAudience = QLatin1String(c->arm) + QLatin1Char('/');
    p.scopes = { QLatin1String(c->arm) + QStringLiteral("/user_impersonation"), QStringLiteral("openid"),
                 QStringLiteral("profile"), QStringLiteral("offline_access") };
    p.redirectHost = QStringLiteral("localhost");
    return p;
}

Profile Profile::genericOidc(const QString &issuer, const QString &clientId)
{
    Profile p;
    p.name = QStringLiteral("OIDC");
    p.issuer = issuer;
    p.clientId = clientId;
    p.scopes = { QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("offline_access") };
    return p;
}

Result<void> Profile::validate() const
{
    const QUrl issuerUrl(issuer);
    if (issuer.isEmpty())
        return invalid("issuer_missing");
    if (!issuerUrl.isValid()
        || (issuerUrl.scheme() != QLatin1String("https") && issuerUrl.scheme() != QLatin1String("http")))
        return invalid("issuer_not_url", issuer);
    if (!isSecureOrLoopback(issuerUrl))
        return Error::make(Error::Kind::Security, Codes::InsecureIssuer, {}, { issuer });
    if (issuerUrl.hasQuery() || issuerUrl.hasFragment())
        return invalid("issuer_query", issuer);
    if (clientId.isEmpty())
        return invalid("client_id_missing");
    if (!scopes.contains(QStringLiteral("openid")))
        return invalid("openid_scope_missing");
    if (!apiBase.isEmpty() && !isSecureOrLoopback(QUrl(apiBase)))
        return Error::make(Error::Kind::Security, Codes::InsecureApi, {}, { apiBase });
    if (redirectHost != QLatin1String("127.0.0.1") && redirectHost != QLatin1String("localhost"))
        return invalid("redirect_host", redirectHost);
    return {};
}

QJsonObject Profile::toJson() const
{
    QJsonObject o { { QStringLiteral("name"), name },
                    { QStringLiteral("kind"), kindName(kind) },
                    { QStringLiteral("issuer"), issuer },
                    { QStringLiteral("clientId"), clientId },
                    { QStringLiteral("scopes"), QJsonArray::fromStringList(scopes) },
                    { QStringLiteral("apiBase"), apiBase },
                    { QStringLiteral("apiAudience"), apiAudience },
                    { QStringLiteral("principalClaim"), principalClaim },
                    { QStringLiteral("groupClaims"), QJsonArray::fromStringList(groupClaims) },
                    { QStringLiteral("roleClaims"), QJsonArray::fromStringList(roleClaims) },
                    { QStringLiteral("redirectHost"), redirectHost },
                    { QStringLiteral("prompt"), prompt },
                    { QStringLiteral("idTokenAlgorithms"), QJsonArray::fromStringList(idTokenAlgorithms) },
                    { QStringLiteral("tenant"), tenant },
                    { QStringLiteral("cloud"), cloud } };
    if (!roleMapping.isEmpty())
        o.insert(QStringLiteral("roleMapping"), roleMapping);
    return o;
}

Result<Profile> Profile::fromJson(const QJsonObject &o, QStringList *dropped)
{
    // Anything that looks like a secret has no place in a profile file: refuse the whole file.
    for (const char *secret : { "clientSecret", "client_secret", "refresh_token", "refreshToken",
                                "access_token", "accessToken", "id_token", "password" }) {
        if (o.contains(QLatin1String(secret)))
            return Error::make(Error::Kind::Security, Codes::SecretInProfile, {}, { QLatin1String(secret) });
    }
    if (dropped) {
        dropped->clear();
        for (auto it = o.begin(); it != o.end(); ++it) {
            bool known = false;
            for (const char *k : kExchangeKeys)
                known = known || it.key() == QLatin1String(k);
            if (!known)
                *dropped << it.key();
        }
    }
    Profile p;
    p.name = o.value(QStringLiteral("name")).toString();
    const QString kind = o.value(QStringLiteral("kind")).toString(QStringLiteral("oidc"));
    p.kind = kind == QLatin1String("sandbox") ? Kind::Sandbox
        : kind == QLatin1String("azure")      ? Kind::Azure
                                              : Kind::Oidc;
    p.issuer = o.value(QStringLiteral("issuer")).toString();
    p.clientId = o.value(QStringLiteral("clientId")).toString();
    p.scopes = Json::stringList(o.value(QStringLiteral("scopes")));
    p.apiBase = o.value(QStringLiteral("apiBase")).toString();
    p.apiAudience = o.value(QStringLiteral("apiAudience")).toString();
    p.principalClaim = o.value(QStringLiteral("principalClaim")).toString(QStringLiteral("oid"));
    if (o.contains(QStringLiteral("groupClaims")))
        p.groupClaims = Json::stringList(o.value(QStringLiteral("groupClaims")));
    if (o.contains(QStringLiteral("roleClaims")))
        p.roleClaims = Json::stringList(o.value(QStringLiteral("roleClaims")));
    p.redirectHost = o.value(QStringLiteral("redirectHost")).toString(QStringLiteral("127.0.0.1"));
    p.prompt = o.value(QStringLiteral("prompt")).toString();
    p.idTokenAlgorithms = Json::stringList(o.value(QStringLiteral("idTokenAlgorithms")));
    p.tenant = o.value(QStringLiteral("tenant")).toString();
    p.cloud = o.value(QStringLiteral("cloud")).toString(QStringLiteral("public"));
    const QJsonValue mapping = o.value(QStringLiteral("roleMapping"));
    if (!mapping.isUndefined() && !mapping.isNull() && !mapping.isObject())
        return invalid("role_mapping_not_object");
    p.roleMapping = mapping.toObject();
    if (p.name.isEmpty())
        return invalid("name_missing");
    auto valid = p.validate();
    if (!valid)
        return valid.error();
    return p;
}

} // namespace RestoreDesk::Auth
