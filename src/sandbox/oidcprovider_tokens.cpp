// The OpenID Provider's token side: the token endpoint's two grants, refresh-token families,
// revocation, userinfo, and forgetting what has ended.
#include "sandbox/oidcprovider.h"

#include "jose/jwssignature.h"
#include "jose/jwt.h"
#include "jose/pkce.h"
#include "sandbox/armbuilders.h"

#include <QJsonArray>

namespace RestoreDesk::Sandbox {

namespace {

HttpResponse invalidGrant(const QString &description)
{
    return HttpResponse::oauthError(400, QStringLiteral("invalid_grant"), description);
}

} // namespace

HttpResponse OidcProvider::token(const HttpRequest &r, const FormData &form)
{
    if (!r.header("Content-Type").startsWith("application/x-www-form-urlencoded"))
        return HttpResponse::oauthError(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("The token request must be a form."));
    if (form.value(QStringLiteral("client_id")) != QLatin1String(kClientId))
        return HttpResponse::oauthError(401, QStringLiteral("invalid_client"),
                                        QStringLiteral("Unknown client."));
    if (!form.value(QStringLiteral("client_secret")).isEmpty())
        return HttpResponse::oauthError(401, QStringLiteral("invalid_client"),
                                        QStringLiteral("A public client has no secret."));
    const QString grant = form.value(QStringLiteral("grant_type"));
    if (grant == QLatin1String("authorization_code"))
        return codeGrant(form);
    if (grant == QLatin1String("refresh_token"))
        return refreshGrant(form);
    return HttpResponse::oauthError(400, QStringLiteral("unsupported_grant_type"),
                                    QStringLiteral("Grant type \"%1\" is not supported.").arg(grant));
}

HttpResponse OidcProvider::codeGrant(const FormData &form)
{
    auto it = m_codes.find(form.value(QStringLiteral("code")));
    if (it == m_codes.end())
        return invalidGrant(QStringLiteral("The authorization code is unknown."));
    if (it->used) {
        // Replay: the code may have been stolen; everything issued from it is revoked.
        revokeFamily(it->family);
        return invalidGrant(
            QStringLiteral("The authorization code was already used; tokens issued from it are revoked."));
    }
    it->used = true;
    if (it->expires < m_clock())
        return invalidGrant(QStringLiteral("The authorization code has expired."));
    if (form.value(QStringLiteral("redirect_uri")) != it->redirectUri)
        return invalidGrant(QStringLiteral("redirect_uri differs from the authorization request."));
    const QByteArray verifier = form.value(QStringLiteral("code_verifier")).toLatin1();
    if (!Jose::Pkce::isValidVerifier(verifier))
        return invalidGrant(QStringLiteral("code_verifier is missing or malformed."));
    if (Jose::Pkce::challengeFor(verifier) != it->challenge.toLatin1())
        return invalidGrant(
            QStringLiteral("PKCE verification failed: code_verifier does not match code_challenge."));
    const SandboxUser *user = m_tenant.user(it->username);
    if (!user)
        return invalidGrant(QStringLiteral("The user no longer exists."));
    it->family = newHandle();
    QString refreshKey;
    if (it->scope.split(QLatin1Char(' ')).contains(QStringLiteral("offline_access"))) {
        refreshKey = newHandle();
        m_families.insert(refreshKey,
                          Family { it->family, user->username, it->scope, it->authTime, QString(),
                                   it->authTime.addSecs(kRefreshLifetimeSeconds) });
    }
    return tokenResponse(*user, it->scope, it->nonce, it->authTime, it->family, refreshKey);
}

HttpResponse OidcProvider::refreshGrant(const FormData &form)
{
    const QString presented = form.value(QStringLiteral("refresh_token"));
    const QString key = presented.section(QLatin1Char('.'), 0, 0);
    const auto it = m_families.find(key);
    if (key.isEmpty() || it == m_families.end() || it->expires < m_clock())
        return invalidGrant(QStringLiteral("The refresh token is unknown, expired or was revoked."));
    if (presented.section(QLatin1Char('.'), 1) != it->secret) {
        // An older token of the family: it was rotated already, so someone else holds a copy.
        // The whole family goes (RFC 9700 §4.14.2).
        revokeFamily(it->sid);
        return invalidGrant(QStringLiteral("The refresh token was already used; the session is revoked."));
    }
    const Family family = it.value();
    const SandboxUser *user = m_tenant.user(family.username);
    if (!user)
        return invalidGrant(QStringLiteral("The user no longer exists."));
    return tokenResponse(*user, family.scope, QString(), family.authTime, family.sid, key);
}

QByteArray OidcProvider::accessToken(const SandboxUser &user, const QString &scope,
                                     const QString &family) const
{
    const qint64 now = m_clock().toSecsSinceEpoch();
    QJsonObject claims { { QStringLiteral("iss"), m_issuer },
                         { QStringLiteral("sub"), user.oid },
                         { QStringLiteral("aud"), QString::fromLatin1(kApiAudience) },
                         { QStringLiteral("client_id"), QString::fromLatin1(kClientId) },
                         { QStringLiteral("azp"), QString::fromLatin1(kClientId) },
                         { QStringLiteral("exp"), now + m_tokenLifetime },
                         { QStringLiteral("iat"), now },
                         { QStringLiteral("nbf"), now },
                         { QStringLiteral("jti"), Arm::newGuid() },
                         { QStringLiteral("scp"), QStringLiteral("user_impersonation") },
                         { QStringLiteral("scope"), scope },
                         { QStringLiteral("oid"), user.oid },
                         { QStringLiteral("tid"), m_tenant.tenantId },
                         { QStringLiteral("name"), user.name },
                         { QStringLiteral("preferred_username"),
                           user.username + QStringLiteral("@sandbox.restoredesk.invalid") },
                         { QStringLiteral("groups"), QJsonArray::fromStringList(user.groupIds) },
                         { QStringLiteral("ver"), QStringLiteral("2.0") } };
    if (!family.isEmpty())
        claims.insert(QStringLiteral("sid"), family);
    return m_key->sign(QJsonObject { { QStringLiteral("typ"), QStringLiteral("at+jwt") } }, claims);
}

QByteArray OidcProvider::issueAccessTokenFor(const QString &username, const QString &family)
{
    const SandboxUser *user = m_tenant.user(username);
    return user ? accessToken(*user, QStringLiteral("openid"), family) : QByteArray();
}

HttpResponse OidcProvider::tokenResponse(const SandboxUser &user, const QString &scope, const QString &nonce,
                                         const QDateTime &authTime, const QString &sid,
                                         const QString &refreshKey)
{
    const qint64 now = m_clock().toSecsSinceEpoch();
    QJsonObject idClaims { { QStringLiteral("iss"), m_issuer },
                           { QStringLiteral("sub"), user.oid },
                           { QStringLiteral("aud"), QString::fromLatin1(kClientId) },
                           { QStringLiteral("azp"), QString::fromLatin1(kClientId) },
                           { QStringLiteral("exp"), now + m_tokenLifetime },
                           { QStringLiteral("iat"), now },
                           { QStringLiteral("auth_time"), authTime.toSecsSinceEpoch() },
                           { QStringLiteral("name"), user.name },
                           { QStringLiteral("preferred_username"),
                             user.username + QStringLiteral("@sandbox.restoredesk.invalid") },
                           { QStringLiteral("oid"), user.oid },
                           { QStringLiteral("tid"), m_tenant.tenantId },
                           { QStringLiteral("groups"), QJsonArray::fromStringList(user.groupIds) },
                           { QStringLiteral("roles"), QJsonArray::fromStringList(user.roleSummary) },
                           { QStringLiteral("sid"), sid } };
    if (!nonce.isEmpty())
        idClaims.insert(QStringLiteral("nonce"), nonce);
    QJsonObject body { { QStringLiteral("access_token"), QString::fromLatin1(accessToken(user, scope, sid)) },
                       { QStringLiteral("token_type"), QStringLiteral("Bearer") },
                       { QStringLiteral("expires_in"), m_tokenLifetime },
                       { QStringLiteral("scope"), scope },
                       { QStringLiteral("id_token"), QString::fromLatin1(m_key->sign({}, idClaims)) } };
    const auto family = m_families.find(refreshKey);
    if (!refreshKey.isEmpty() && family != m_families.end()) {
        family->secret = newHandle(); // rotation: the previous token of the family is spent
        body.insert(QStringLiteral("refresh_token"), refreshKey + QLatin1Char('.') + family->secret);
    }
    HttpResponse resp = HttpResponse::json(200, body);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Pragma", "no-cache");
    return resp;
}

void OidcProvider::revokeFamily(const QString &sid)
{
    if (sid.isEmpty())
        return;
    // Access tokens of the session stay refused until the last one has expired (with skew).
    m_revoked.insert(sid, m_clock().addSecs(qint64(m_tokenLifetime) + m_skew + 1));
    for (auto it = m_families.begin(); it != m_families.end();)
        it = it->sid == sid ? m_families.erase(it) : std::next(it);
}

QJsonObject OidcProvider::ownTokenClaims(const QString &token) const
{
    // Revocation by access token or ID token hint names a session: only a token this issuer
    // signed may do that, or anyone who saw a `sid` could end someone else's session.
    auto jwt = Jose::Jwt::parse(token.toLatin1());
    if (!jwt || !Jose::verify(jwt.value(), keys(), { QStringLiteral("RS256") })
        || jwt->claims.value(QStringLiteral("iss")).toString() != m_issuer)
        return {};
    return jwt->claims;
}

HttpResponse OidcProvider::revoke(const FormData &form)
{
    if (form.value(QStringLiteral("client_id")) != QLatin1String(kClientId))
        return HttpResponse::oauthError(401, QStringLiteral("invalid_client"),
                                        QStringLiteral("Unknown client."));
    const QString token = form.value(QStringLiteral("token"));
    if (token.isEmpty())
        return HttpResponse::oauthError(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("token is missing."));
    const auto family = m_families.constFind(token.section(QLatin1Char('.'), 0, 0));
    if (family != m_families.cend())
        revokeFamily(family->sid); // the newest token of the family or an older one: the holder's session
    else
        revokeFamily(ownTokenClaims(token).value(QStringLiteral("sid")).toString());
    return HttpResponse::empty(200); // RFC 7009 §2.2: 200 even for unknown tokens
}

HttpResponse OidcProvider::userinfo(const HttpRequest &r)
{
    auto unauthorized = [](const char *description) {
        HttpResponse resp = HttpResponse::oauthError(401, QStringLiteral("invalid_token"),
                                                     QString::fromLatin1(description));
        resp.setHeader("WWW-Authenticate",
                       QByteArray("Bearer error=\"invalid_token\", error_description=\"") + description
                           + '"');
        return resp;
    };
    const QByteArray header = r.header("Authorization");
    if (!header.startsWith("Bearer "))
        return unauthorized("A bearer access token is required.");
    auto jwt = Jose::Jwt::parse(header.mid(7));
    if (!jwt || jwt->type() != QLatin1String("at+jwt"))
        return unauthorized("Not an access token of this issuer.");
    const bool verified = bool(Jose::verify(jwt.value(), keys(), { QStringLiteral("RS256") }));
    const QJsonObject &c = jwt->claims;
    if (!verified || c.value(QStringLiteral("iss")).toString() != m_issuer
        || qint64(c.value(QStringLiteral("exp")).toDouble()) < m_clock().toSecsSinceEpoch()
        || m_revoked.contains(c.value(QStringLiteral("sid")).toString()))
        return unauthorized("The access token is invalid, expired or revoked.");
    QJsonObject info;
    for (const char *k : { "sub", "name", "preferred_username", "oid", "tid", "groups" })
        info.insert(QLatin1String(k), c.value(QLatin1String(k)));
    return HttpResponse::json(200, info);
}

void OidcProvider::purge()
{
    const QDateTime now = m_clock();
    for (auto it = m_pending.begin(); it != m_pending.end();)
        it = it->expires < now ? m_pending.erase(it) : std::next(it);
    const QDateTime codeHorizon = now.addSecs(-kCodeReplayWindowSeconds);
    for (auto it = m_codes.begin(); it != m_codes.end();)
        it = it->expires < codeHorizon ? m_codes.erase(it) : std::next(it);
    for (auto it = m_families.begin(); it != m_families.end();)
        it = it->expires < now ? m_families.erase(it) : std::next(it);
    for (auto it = m_revoked.begin(); it != m_revoked.end();)
        it = it.value() < now ? m_revoked.erase(it) : std::next(it);
}

OidcProvider::Stored OidcProvider::stored() const
{
    return Stored { int(m_pending.size()), int(m_codes.size()), int(m_families.size()),
                    int(m_revoked.size()) };
}

} // namespace RestoreDesk::Sandbox
