#include "auth/profile.h"

#include "core/jsonutil.h"

#include <QHostAddress>
#include <QJsonArray>
#include <QUrl>

namespace RestoreDesk::Auth {

namespace {

Error invalid(const QString &message)
{
    return Error::make(Error::Kind::Invalid, QStringLiteral("invalid_profile"), message);
}

struct Cloud
{
    const char *name;
    const char *login;
    const char *arm;
};
// azure-backup-api.md §1.1 (China: the Entra page's login host).
const Cloud kClouds[]
    = { { "public", "https://login.microsoftonline.com", "https://management.azure.com" },
        { "usgov", "https://login.microsoftonline.us", "https://management.usgovcloudapi.net" },
        { "china", "https://login.partner.microsoftonline.cn", "https://management.chinacloudapi.cn" } };

} // namespace

bool isLoopbackUrl(const QUrl &url)
{
    const QString host = url.host();
    if (host == QLatin1String("localhost"))
        return true;
    const QHostAddress address(host);
    return !address.isNull() && address.isLoopback();
}

bool isSecureOrLoopback(const QUrl &url)
{
    if (!url.isValid() || url.host().isEmpty())
        return false;
    if (url.scheme() == QLatin1String("https"))
        return true;
    return url.scheme() == QLatin1String("http") && isLoopbackUrl(url);
}

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
        return invalid(QStringLiteral("The profile has no issuer."));
    if (!issuerUrl.isValid()
        || (issuerUrl.scheme() != QLatin1String("https") && issuerUrl.scheme() != QLatin1String("http")))
        return invalid(QStringLiteral("The issuer \"%1\" is not an http(s) URL.").arg(issuer));
    if (!isSecureOrLoopback(issuerUrl))
        return Error::make(
            Error::Kind::Security, QStringLiteral("insecure_issuer"),
            QStringLiteral(
                "The issuer \"%1\" uses plain HTTP on a non-loopback host; only HTTPS is allowed there.")
                .arg(issuer));
    if (issuerUrl.hasQuery() || issuerUrl.hasFragment())
        return invalid(QStringLiteral("The issuer URL must not carry a query or fragment."));
    if (clientId.isEmpty())
        return invalid(QStringLiteral("The profile has no client id."));
    if (!scopes.contains(QStringLiteral("openid")))
        return invalid(QStringLiteral("The scopes must include openid."));
    if (!apiBase.isEmpty() && !isSecureOrLoopback(QUrl(apiBase)))
        return Error::make(Error::Kind::Security, QStringLiteral("insecure_api"),
                           QStringLiteral("The API base \"%1\" must be HTTPS (or loopback).").arg(apiBase));
    if (redirectHost != QLatin1String("127.0.0.1") && redirectHost != QLatin1String("localhost"))
        return invalid(QStringLiteral("The redirect host must be 127.0.0.1 or localhost."));
    return {};
}

QJsonObject Profile::toJson() const
{
    return QJsonObject { { QStringLiteral("name"), name },
                         { QStringLiteral("kind"), kindName(kind) },
                         { QStringLiteral("issuer"), issuer },
                         { QStringLiteral("clientId"), clientId },
                         { QStringLiteral("scopes"), QJsonArray::fromStringList(scopes) },
                         { QStringLiteral("apiBase"), apiBase },
                         { QStringLiteral("apiAudience"), apiAudience },
                         { QStringLiteral("caBundle"), caBundle },
                         { QStringLiteral("browserCommand"), QJsonArray::fromStringList(browserCommand) },
                         { QStringLiteral("principalClaim"), principalClaim },
                         { QStringLiteral("groupClaims"), QJsonArray::fromStringList(groupClaims) },
                         { QStringLiteral("roleClaims"), QJsonArray::fromStringList(roleClaims) },
                         { QStringLiteral("redirectHost"), redirectHost },
                         { QStringLiteral("prompt"), prompt },
                         { QStringLiteral("idTokenAlgorithms"),
                           QJsonArray::fromStringList(idTokenAlgorithms) },
                         { QStringLiteral("tenant"), tenant },
                         { QStringLiteral("cloud"), cloud } };
}

Result<Profile> Profile::fromJson(const QJsonObject &o)
{
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
    p.caBundle = o.value(QStringLiteral("caBundle")).toString();
    p.browserCommand = Json::stringList(o.value(QStringLiteral("browserCommand")));
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
    // Anything that looks like a secret has no place in a profile file.
    for (const char *secret :
         { "clientSecret", "client_secret", "refresh_token", "refreshToken", "access_token", "password" }) {
        if (o.contains(QLatin1String(secret)))
            return invalid(QStringLiteral("The profile file carries \"%1\"; profiles never hold secrets.")
                               .arg(QLatin1String(secret)));
    }
    if (p.name.isEmpty())
        return invalid(QStringLiteral("The profile has no name."));
    auto valid = p.validate();
    if (!valid)
        return valid.error();
    return p;
}

} // namespace RestoreDesk::Auth
