#include "sandbox/oidcprovider.h"

#include "core/jsonutil.h"
#include "jose/jwssignature.h"
#include "jose/jwt.h"
#include "jose/pkce.h"
#include "jose/randomtoken.h"
#include "sandbox/armbuilders.h"

#include <QJsonArray>

namespace RestoreDesk::Sandbox {

namespace {

QString randomHandle()
{
    return QString::fromLatin1(Jose::randomUrlSafe(32));
}

QUrl withQuery(QUrl url, const QList<QPair<QString, QString>> &items)
{
    QUrlQuery q(url);
    for (const auto &item : items) {
        if (!item.second.isNull())
            q.addQueryItem(item.first, QString::fromLatin1(QUrl::toPercentEncoding(item.second)));
    }
    url.setQuery(q);
    return url;
}

} // namespace

OidcProvider::OidcProvider(const Tenant &tenant, int tokenLifetimeSeconds)
    : m_tenant(tenant)
    , m_tokenLifetime(tokenLifetimeSeconds)
    , m_key(SigningKey::generate())
{ }

OidcProvider::~OidcProvider() = default;

bool OidcProvider::handles(const QString &path) const
{
    return path == QLatin1String("/oidc") || path.startsWith(QLatin1String("/oidc/"));
}

bool OidcProvider::isLoopbackRedirect(const QUrl &url)
{
    // RFC 8252 §7.3: loopback IP literal (or localhost), any port, http; no fragment.
    if (!url.isValid() || url.scheme() != QLatin1String("http") || url.hasFragment()
        || !url.userInfo().isEmpty())
        return false;
    const QString host = url.host();
    return host == QLatin1String("127.0.0.1") || host == QLatin1String("::1")
        || host == QLatin1String("localhost");
}

Jose::JwkSet OidcProvider::keys() const
{
    Jose::JwkSet set;
    if (auto k = Jose::Jwk::fromJson(m_key->publicJwk()))
        set.keys << k.value();
    if (m_previousKey) {
        if (auto k = Jose::Jwk::fromJson(m_previousKey->publicJwk()))
            set.keys << k.value();
    }
    return set;
}

QJsonObject OidcProvider::jwks() const
{
    QJsonArray keys { m_key->publicJwk() };
    if (m_previousKey)
        keys.append(m_previousKey->publicJwk());
    return QJsonObject { { QStringLiteral("keys"), keys } };
}

void OidcProvider::rotateKeys()
{
    m_previousKey = std::move(m_key);
    m_key = SigningKey::generate();
}

HttpResponse OidcProvider::handle(const HttpRequest &r)
{
    const QString sub = r.path.mid(5); // after "/oidc"
    const bool get = r.method == "GET";
    const bool post = r.method == "POST";
    if (get && sub == QLatin1String("/.well-known/openid-configuration"))
        return discovery();
    if (get && sub == QLatin1String("/jwks")) {
        HttpResponse resp = HttpResponse::json(200, jwks());
        resp.setHeader("Content-Type", "application/jwk-set+json");
        return resp;
    }
    if (get && sub == QLatin1String("/authorize"))
        return authorize(r);
    if (post && sub == QLatin1String("/authorize/decision"))
        return decision(r);
    if (post && sub == QLatin1String("/token"))
        return token(r);
    if (post && sub == QLatin1String("/revoke"))
        return revoke(r);
    if ((get || post) && sub == QLatin1String("/userinfo"))
        return userinfo(r);
    if (get && sub == QLatin1String("/logout"))
        return endSession(r);
    if (post && sub == QLatin1String("/rotate-keys")) {
        rotateKeys();
        return HttpResponse::json(200, QJsonObject { { QStringLiteral("kid"), m_key->kid() } });
    }
    return HttpResponse::json(404, QJsonObject { { QStringLiteral("error"), QStringLiteral("not_found") } });
}

HttpResponse OidcProvider::discovery() const
{
    const QString b = m_issuer;
    return HttpResponse::json(
        200,
        QJsonObject {
            { QStringLiteral("issuer"), b },
            { QStringLiteral("authorization_endpoint"), b + QStringLiteral("/authorize") },
            { QStringLiteral("token_endpoint"), b + QStringLiteral("/token") },
            { QStringLiteral("jwks_uri"), b + QStringLiteral("/jwks") },
            { QStringLiteral("userinfo_endpoint"), b + QStringLiteral("/userinfo") },
            { QStringLiteral("revocation_endpoint"), b + QStringLiteral("/revoke") },
            { QStringLiteral("end_session_endpoint"), b + QStringLiteral("/logout") },
            { QStringLiteral("response_types_supported"), QJsonArray { QStringLiteral("code") } },
            { QStringLiteral("response_modes_supported"), QJsonArray { QStringLiteral("query") } },
            { QStringLiteral("grant_types_supported"),
              QJsonArray { QStringLiteral("authorization_code"), QStringLiteral("refresh_token") } },
            { QStringLiteral("subject_types_supported"), QJsonArray { QStringLiteral("public") } },
            { QStringLiteral("id_token_signing_alg_values_supported"),
              QJsonArray { QStringLiteral("RS256") } },
            { QStringLiteral("code_challenge_methods_supported"), QJsonArray { QStringLiteral("S256") } },
            { QStringLiteral("token_endpoint_auth_methods_supported"),
              QJsonArray { QStringLiteral("none") } },
            { QStringLiteral("revocation_endpoint_auth_methods_supported"),
              QJsonArray { QStringLiteral("none") } },
            { QStringLiteral("scopes_supported"),
              QJsonArray { QStringLiteral("openid"), QStringLiteral("profile"), QStringLiteral("email"),
                           QStringLiteral("offline_access"),
                           QString::fromLatin1(kApiAudience) + QStringLiteral("/user_impersonation") } },
            { QStringLiteral("claims_supported"),
              QJsonArray { QStringLiteral("iss"), QStringLiteral("sub"), QStringLiteral("aud"),
                           QStringLiteral("azp"), QStringLiteral("exp"), QStringLiteral("iat"),
                           QStringLiteral("nonce"), QStringLiteral("auth_time"), QStringLiteral("name"),
                           QStringLiteral("preferred_username"), QStringLiteral("oid"), QStringLiteral("tid"),
                           QStringLiteral("groups"), QStringLiteral("roles") } },
            { QStringLiteral("authorization_response_iss_parameter_supported"), true } });
}

HttpResponse OidcProvider::authorize(const HttpRequest &r)
{
    const QString clientId = r.queryValue(QStringLiteral("client_id"));
    const QString redirectText = r.queryValue(QStringLiteral("redirect_uri"));
    // Until client and redirect are known good, errors are shown here, never redirected.
    if (clientId != QLatin1String(kClientId))
        return HttpResponse::html(
            400,
            messagePage(QStringLiteral("Sign-in refused"),
                        QStringLiteral("Unknown client \"%1\" (invalid_client).").arg(clientId)));
    const QUrl redirect(redirectText, QUrl::StrictMode);
    if (!isLoopbackRedirect(redirect))
        return HttpResponse::html(
            400,
            messagePage(QStringLiteral("Sign-in refused"),
                        QStringLiteral("The redirect URI is not registered for this client: only loopback "
                                       "addresses (http://127.0.0.1:PORT/…) are (invalid_redirect_uri).")));
    const QString state = r.queryValue(QStringLiteral("state"));
    auto fail = [&](const QString &error, const QString &description) {
        return HttpResponse::redirect(
            withQuery(redirect,
                      { { QStringLiteral("error"), error },
                        { QStringLiteral("error_description"), description },
                        { QStringLiteral("state"), r.hasQuery(QStringLiteral("state")) ? state : QString() },
                        { QStringLiteral("iss"), m_issuer } }));
    };
    if (r.queryValue(QStringLiteral("response_type")) != QLatin1String("code"))
        return fail(QStringLiteral("unsupported_response_type"),
                    QStringLiteral("Only response_type=code is supported."));
    const QString scope = r.queryValue(QStringLiteral("scope"));
    if (!scope.split(QLatin1Char(' ')).contains(QStringLiteral("openid")))
        return fail(QStringLiteral("invalid_scope"), QStringLiteral("The openid scope is required."));
    const QString challenge = r.queryValue(QStringLiteral("code_challenge"));
    const QString method = r.queryValue(QStringLiteral("code_challenge_method"));
    if (challenge.isEmpty())
        return fail(QStringLiteral("invalid_request"),
                    QStringLiteral("PKCE is required: code_challenge is missing."));
    if (method != QLatin1String("S256"))
        return fail(QStringLiteral("invalid_request"),
                    QStringLiteral("PKCE method must be S256; plain is not accepted."));
    if (challenge.size() != 43)
        return fail(QStringLiteral("invalid_request"),
                    QStringLiteral("code_challenge is not a base64url SHA-256 value."));
    const QString prompt = r.queryValue(QStringLiteral("prompt"));
    if (prompt == QLatin1String("none"))
        return fail(QStringLiteral("login_required"),
                    QStringLiteral("The sandbox always asks who is signing in."));

    // Expired entries go first, so abandoned sign-ins cannot pile up.
    const QDateTime now = QDateTime::currentDateTimeUtc();
    for (auto it = m_pending.begin(); it != m_pending.end();)
        it = it->expires < now ? m_pending.erase(it) : std::next(it);
    const QString id = randomHandle();
    m_pending.insert(id,
                     PendingAuthorization { redirectText, state, r.queryValue(QStringLiteral("nonce")),
                                            challenge, scope, now.addSecs(600) });
    return HttpResponse::html(200, signInPage(id, scope));
}

HttpResponse OidcProvider::decision(const HttpRequest &r)
{
    const QUrlQuery form = r.formBody();
    const QString id = form.queryItemValue(QStringLiteral("request"), QUrl::FullyDecoded);
    const auto it = m_pending.constFind(id);
    if (it == m_pending.cend() || it->expires < QDateTime::currentDateTimeUtc())
        return HttpResponse::html(
            400,
            messagePage(QStringLiteral("Sign-in expired"),
                        QStringLiteral("This sign-in page has expired or was already used. Start the sign-in "
                                       "again from Restore Desk.")));
    const PendingAuthorization pending = it.value();
    m_pending.erase(it);
    const QUrl redirect(pending.redirectUri);
    if (form.hasQueryItem(QStringLiteral("deny"))) {
        return HttpResponse::redirect(withQuery(
            redirect,
            { { QStringLiteral("error"), QStringLiteral("access_denied") },
              { QStringLiteral("error_description"), QStringLiteral("The user declined to sign in.") },
              { QStringLiteral("state"), pending.state },
              { QStringLiteral("iss"), m_issuer } }));
    }
    const QString username = form.queryItemValue(QStringLiteral("username"), QUrl::FullyDecoded);
    if (!m_tenant.user(username))
        return HttpResponse::html(
            400, messagePage(QStringLiteral("Unknown user"), QStringLiteral("No such user in the sandbox.")));
    const QString code = randomHandle();
    const QDateTime now = QDateTime::currentDateTimeUtc();
    m_codes.insert(code,
                   Code { pending.redirectUri,
                          pending.challenge,
                          pending.nonce,
                          pending.scope,
                          username,
                          now,
                          now.addSecs(kCodeLifetimeSeconds),
                          false,
                          {} });
    return HttpResponse::redirect(withQuery(redirect,
                                            { { QStringLiteral("code"), code },
                                              { QStringLiteral("state"), pending.state },
                                              { QStringLiteral("iss"), m_issuer } }));
}

HttpResponse OidcProvider::token(const HttpRequest &r)
{
    if (!r.header("Content-Type").startsWith("application/x-www-form-urlencoded"))
        return HttpResponse::oauthError(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("The token request must be a form."));
    const QUrlQuery form = r.formBody();
    if (form.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded) != QLatin1String(kClientId))
        return HttpResponse::oauthError(401, QStringLiteral("invalid_client"),
                                        QStringLiteral("Unknown client."));
    if (!form.queryItemValue(QStringLiteral("client_secret")).isEmpty())
        return HttpResponse::oauthError(401, QStringLiteral("invalid_client"),
                                        QStringLiteral("A public client has no secret."));
    const QString grant = form.queryItemValue(QStringLiteral("grant_type"), QUrl::FullyDecoded);
    if (grant == QLatin1String("authorization_code"))
        return codeGrant(form);
    if (grant == QLatin1String("refresh_token"))
        return refreshGrant(form);
    return HttpResponse::oauthError(400, QStringLiteral("unsupported_grant_type"),
                                    QStringLiteral("Grant type \"%1\" is not supported.").arg(grant));
}

HttpResponse OidcProvider::codeGrant(const QUrlQuery &form)
{
    const QString codeText = form.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    auto it = m_codes.find(codeText);
    if (it == m_codes.end())
        return HttpResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The authorization code is unknown."));
    if (it->used) {
        // Replay: the code may have been stolen; everything issued from it is revoked.
        revokeFamily(it->family);
        return HttpResponse::oauthError(
            400, QStringLiteral("invalid_grant"),
            QStringLiteral("The authorization code was already used; tokens issued from it are revoked."));
    }
    it->used = true;
    if (it->expires < QDateTime::currentDateTimeUtc())
        return HttpResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The authorization code has expired."));
    if (form.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded) != it->redirectUri)
        return HttpResponse::oauthError(
            400, QStringLiteral("invalid_grant"),
            QStringLiteral("redirect_uri differs from the authorization request."));
    const QByteArray verifier
        = form.queryItemValue(QStringLiteral("code_verifier"), QUrl::FullyDecoded).toLatin1();
    if (!Jose::Pkce::isValidVerifier(verifier))
        return HttpResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("code_verifier is missing or malformed."));
    if (Jose::Pkce::challengeFor(verifier) != it->challenge.toLatin1())
        return HttpResponse::oauthError(
            400, QStringLiteral("invalid_grant"),
            QStringLiteral("PKCE verification failed: code_verifier does not match code_challenge."));
    const SandboxUser *user = m_tenant.user(it->username);
    if (!user)
        return HttpResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The user no longer exists."));
    it->family = randomHandle();
    return tokenResponse(*user, it->scope, it->nonce, it->authTime, it->family);
}

HttpResponse OidcProvider::refreshGrant(const QUrlQuery &form)
{
    const QString tokenText = form.queryItemValue(QStringLiteral("refresh_token"), QUrl::FullyDecoded);
    auto it = m_refresh.find(tokenText);
    if (it == m_refresh.end())
        return HttpResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The refresh token is unknown or was revoked."));
    if (m_revokedFamilies.contains(it->family))
        return HttpResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The refresh token was revoked."));
    if (it->rotated) {
        // Reuse of a rotated token: the whole family goes (RFC 9700 §4.14.2).
        revokeFamily(it->family);
        return HttpResponse::oauthError(
            400, QStringLiteral("invalid_grant"),
            QStringLiteral("The refresh token was already used; the session is revoked."));
    }
    it->rotated = true;
    const Refresh old = it.value();
    const SandboxUser *user = m_tenant.user(old.username);
    if (!user)
        return HttpResponse::oauthError(400, QStringLiteral("invalid_grant"),
                                        QStringLiteral("The user no longer exists."));
    return tokenResponse(*user, old.scope, QString(), old.authTime, old.family);
}

QByteArray OidcProvider::accessToken(const SandboxUser &user, const QString &scope,
                                     const QString &family) const
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
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
                                         const QDateTime &authTime, const QString &family)
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
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
                           { QStringLiteral("sid"), family } };
    if (!nonce.isEmpty())
        idClaims.insert(QStringLiteral("nonce"), nonce);
    QJsonObject body { { QStringLiteral("access_token"),
                         QString::fromLatin1(accessToken(user, scope, family)) },
                       { QStringLiteral("token_type"), QStringLiteral("Bearer") },
                       { QStringLiteral("expires_in"), m_tokenLifetime },
                       { QStringLiteral("scope"), scope },
                       { QStringLiteral("id_token"), QString::fromLatin1(m_key->sign({}, idClaims)) } };
    if (scope.split(QLatin1Char(' ')).contains(QStringLiteral("offline_access"))) {
        const QString refresh = randomHandle();
        m_refresh.insert(refresh, Refresh { family, user.username, scope, authTime, false });
        body.insert(QStringLiteral("refresh_token"), refresh);
    }
    HttpResponse resp = HttpResponse::json(200, body);
    resp.setHeader("Cache-Control", "no-store");
    resp.setHeader("Pragma", "no-cache");
    return resp;
}

void OidcProvider::revokeFamily(const QString &family)
{
    if (family.isEmpty())
        return;
    m_revokedFamilies.insert(family);
    for (auto it = m_refresh.begin(); it != m_refresh.end();)
        it = it->family == family ? m_refresh.erase(it) : std::next(it);
}

HttpResponse OidcProvider::revoke(const HttpRequest &r)
{
    const QUrlQuery form = r.formBody();
    if (form.queryItemValue(QStringLiteral("client_id"), QUrl::FullyDecoded) != QLatin1String(kClientId))
        return HttpResponse::oauthError(401, QStringLiteral("invalid_client"),
                                        QStringLiteral("Unknown client."));
    const QString token = form.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded);
    if (token.isEmpty())
        return HttpResponse::oauthError(400, QStringLiteral("invalid_request"),
                                        QStringLiteral("token is missing."));
    const auto it = m_refresh.constFind(token);
    if (it != m_refresh.cend()) {
        revokeFamily(it->family);
    } else if (auto jwt = Jose::Jwt::parse(token.toLatin1())) {
        revokeFamily(jwt->claims.value(QStringLiteral("sid")).toString());
    }
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
        || qint64(c.value(QStringLiteral("exp")).toDouble()) < QDateTime::currentSecsSinceEpoch()
        || m_revokedFamilies.contains(c.value(QStringLiteral("sid")).toString()))
        return unauthorized("The access token is invalid, expired or revoked.");
    QJsonObject info;
    for (const char *k : { "sub", "name", "preferred_username", "oid", "tid", "groups" })
        info.insert(QLatin1String(k), c.value(QLatin1String(k)));
    return HttpResponse::json(200, info);
}

HttpResponse OidcProvider::endSession(const HttpRequest &r)
{
    const QString hint = r.queryValue(QStringLiteral("id_token_hint"));
    if (auto jwt = Jose::Jwt::parse(hint.toLatin1()))
        revokeFamily(jwt->claims.value(QStringLiteral("sid")).toString());
    const QUrl target(r.queryValue(QStringLiteral("post_logout_redirect_uri")));
    if (isLoopbackRedirect(target))
        return HttpResponse::redirect(withQuery(
            target,
            { { QStringLiteral("state"),
                r.hasQuery(QStringLiteral("state")) ? r.queryValue(QStringLiteral("state")) : QString() } }));
    return HttpResponse::html(
        200,
        messagePage(
            QStringLiteral("Signed out"),
            QStringLiteral("You are signed out of the Restore Desk sandbox. You can close this tab.")));
}

} // namespace RestoreDesk::Sandbox
