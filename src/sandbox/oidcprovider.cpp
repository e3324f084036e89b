#include "sandbox/oidcprovider.h"

#include "core/jsonutil.h"
#include "jose/jwssignature.h"
#include "jose/jwt.h"
#include "jose/pkce.h"
#include "jose/randomtoken.h"
#include "sandbox/armbuilders.h"
#include "sandbox/formdata.h"

#include <QJsonArray>
#include <QUrlQuery>

namespace RestoreDesk::Sandbox {

namespace {

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

OidcProvider::OidcProvider(const Tenant &tenant, int tokenLifetimeSeconds, Clock clock)
    : m_tenant(tenant)
    , m_tokenLifetime(tokenLifetimeSeconds)
    , m_clock(std::move(clock))
    , m_key(SigningKey::generate())
{ }

OidcProvider::~OidcProvider() = default;

QString OidcProvider::newHandle()
{
    return QString::fromLatin1(Jose::randomUrlSafe(32));
}

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
    if (m_keys)
        return *m_keys;
    Jose::JwkSet set;
    if (auto k = Jose::Jwk::fromJson(m_key->publicJwk()))
        set.keys << k.value();
    if (m_previousKey) {
        if (auto k = Jose::Jwk::fromJson(m_previousKey->publicJwk()))
            set.keys << k.value();
    }
    m_keys = set;
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
    m_keys.reset();
}

HttpResponse OidcProvider::handle(const HttpRequest &r)
{
    purge();
    const QString sub = r.path.mid(5); // after "/oidc"
    const bool get = r.method == "GET";
    const bool post = r.method == "POST";
    // Every route reads its parameters here, form-encoded: the query of a GET, the body of a POST.
    const FormData query = r.query();
    const FormData body = post ? r.form() : FormData();
    const FormData &params = post ? body : query;
    const QStringList repeated = query.repeated() + body.repeated();
    if (!repeated.isEmpty())
        return refuseRepeated(sub, params, repeated.first());
    if (get && sub == QLatin1String("/.well-known/openid-configuration"))
        return discovery();
    if (get && sub == QLatin1String("/jwks")) {
        HttpResponse resp = HttpResponse::json(200, jwks());
        resp.setHeader("Content-Type", "application/jwk-set+json");
        return resp;
    }
    if (get && sub == QLatin1String("/authorize"))
        return authorize(params);
    if (post && sub == QLatin1String("/authorize/decision"))
        return decision(params);
    if (post && sub == QLatin1String("/token"))
        return token(r, params);
    if (post && sub == QLatin1String("/revoke"))
        return revoke(params);
    if ((get || post) && sub == QLatin1String("/userinfo"))
        return userinfo(r);
    if (get && sub == QLatin1String("/logout"))
        return endSession(params);
    if (post && sub == QLatin1String("/rotate-keys") && !m_rotationSecret.isEmpty())
        return rotateKeysRoute(r);
    return HttpResponse::json(404, QJsonObject { { QStringLiteral("error"), QStringLiteral("not_found") } });
}

HttpResponse OidcProvider::refuseRepeated(const QString &route, const FormData &params,
                                          const QString &name) const
{
    const QString description = QStringLiteral("The parameter \"%1\" is given more than once.").arg(name);
    if (route == QLatin1String("/authorize")) {
        // RFC 6749 §4.1.2.1: redirect the error only to a known client's registered redirect.
        const QUrl redirect = trustedRedirect(params);
        if (redirect.isEmpty())
            return HttpResponse::html(400,
                                      messagePage(QStringLiteral("Sign-in refused"),
                                                  description + QStringLiteral(" (invalid_request)")));
        return HttpResponse::redirect(
            withQuery(redirect,
                      { { QStringLiteral("error"), QStringLiteral("invalid_request") },
                        { QStringLiteral("error_description"), description },
                        { QStringLiteral("state"), params.value(QStringLiteral("state")) },
                        { QStringLiteral("iss"), m_issuer } }));
    }
    if (route == QLatin1String("/authorize/decision") || route == QLatin1String("/logout"))
        return HttpResponse::html(400,
                                  messagePage(QStringLiteral("Request refused"),
                                              description + QStringLiteral(" (invalid_request)")));
    return HttpResponse::oauthError(400, QStringLiteral("invalid_request"), description);
}

QUrl OidcProvider::trustedRedirect(const FormData &params)
{
    if (params.value(QStringLiteral("client_id")) != QLatin1String(kClientId))
        return {};
    const QUrl redirect(params.value(QStringLiteral("redirect_uri")), QUrl::StrictMode);
    return isLoopbackRedirect(redirect) ? redirect : QUrl();
}

HttpResponse OidcProvider::rotateKeysRoute(const HttpRequest &r)
{
    // A web page cannot set a custom header without a CORS preflight, which the sandbox never
    // grants; browsers also name the page's origin on every cross-origin POST.
    const QByteArray given = r.header(kAdminKeyHeader);
    bool same = given.size() == m_rotationSecret.size();
    char diff = 0;
    for (int i = 0; same && i < given.size(); ++i)
        diff = char(diff | (given.at(i) ^ m_rotationSecret.at(i))); // no early exit: timing tells nothing
    if (!same || diff != 0 || !r.header("Origin").isEmpty())
        return HttpResponse::oauthError(
            403, QStringLiteral("access_denied"),
            QStringLiteral(
                "Key rotation needs the secret the sandbox printed at start, in %1, and no Origin.")
                .arg(QLatin1String(kAdminKeyHeader)));
    rotateKeys();
    return HttpResponse::json(200, QJsonObject { { QStringLiteral("kid"), m_key->kid() } });
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

HttpResponse OidcProvider::authorize(const FormData &params)
{
    const QString clientId = params.value(QStringLiteral("client_id"));
    const QString redirectText = params.value(QStringLiteral("redirect_uri"));
    // Until client and redirect are known good, errors are shown here, never redirected.
    if (clientId != QLatin1String(kClientId))
        return HttpResponse::html(
            400,
            messagePage(QStringLiteral("Sign-in refused"),
                        QStringLiteral("Unknown client \"%1\" (invalid_client).").arg(clientId)));
    const QUrl redirect = trustedRedirect(params);
    if (redirect.isEmpty())
        return HttpResponse::html(
            400,
            messagePage(QStringLiteral("Sign-in refused"),
                        QStringLiteral("The redirect URI is not registered for this client: only loopback "
                                       "addresses (http://127.0.0.1:PORT/…) are (invalid_redirect_uri).")));
    const QString state = params.value(QStringLiteral("state"));
    auto fail = [&](const QString &error, const QString &description) {
        return HttpResponse::redirect(withQuery(redirect,
                                                { { QStringLiteral("error"), error },
                                                  { QStringLiteral("error_description"), description },
                                                  { QStringLiteral("state"), state },
                                                  { QStringLiteral("iss"), m_issuer } }));
    };
    if (params.value(QStringLiteral("response_type")) != QLatin1String("code"))
        return fail(QStringLiteral("unsupported_response_type"),
                    QStringLiteral("Only response_type=code is supported."));
    const QString scope = params.value(QStringLiteral("scope"));
    if (!scope.split(QLatin1Char(' ')).contains(QStringLiteral("openid")))
        return fail(QStringLiteral("invalid_scope"), QStringLiteral("The openid scope is required."));
    const QString challenge = params.value(QStringLiteral("code_challenge"));
    const QString method = params.value(QStringLiteral("code_challenge_method"));
    if (challenge.isEmpty())
        return fail(QStringLiteral("invalid_request"),
                    QStringLiteral("PKCE is required: code_challenge is missing."));
    if (method != QLatin1String("S256"))
        return fail(QStringLiteral("invalid_request"),
                    QStringLiteral("PKCE method must be S256; plain is not accepted."));
    if (challenge.size() != 43)
        return fail(QStringLiteral("invalid_request"),
                    QStringLiteral("code_challenge is not a base64url SHA-256 value."));
    const QString prompt = params.value(QStringLiteral("prompt"));
    if (prompt == QLatin1String("none"))
        return fail(QStringLiteral("login_required"),
                    QStringLiteral("The sandbox always asks who is signing in."));

    const QString id = newHandle();
    m_pending.insert(id,
                     PendingAuthorization { redirectText, state, params.value(QStringLiteral("nonce")),
                                            challenge, scope, m_clock().addSecs(kPendingLifetimeSeconds) });
    return HttpResponse::html(200, signInPage(id, scope));
}

HttpResponse OidcProvider::decision(const FormData &form)
{
    const QString id = form.value(QStringLiteral("request"));
    const auto it = m_pending.constFind(id);
    if (it == m_pending.cend() || it->expires < m_clock())
        return HttpResponse::html(
            400,
            messagePage(QStringLiteral("Sign-in expired"),
                        QStringLiteral("This sign-in page has expired or was already used. Start the sign-in "
                                       "again from Restore Desk.")));
    const PendingAuthorization pending = it.value();
    m_pending.erase(it);
    const QUrl redirect(pending.redirectUri);
    if (form.contains(QStringLiteral("deny"))) {
        return HttpResponse::redirect(withQuery(
            redirect,
            { { QStringLiteral("error"), QStringLiteral("access_denied") },
              { QStringLiteral("error_description"), QStringLiteral("The user declined to sign in.") },
              { QStringLiteral("state"), pending.state },
              { QStringLiteral("iss"), m_issuer } }));
    }
    const QString username = form.value(QStringLiteral("username"));
    if (!m_tenant.user(username))
        return HttpResponse::html(
            400, messagePage(QStringLiteral("Unknown user"), QStringLiteral("No such user in the sandbox.")));
    const QString code = newHandle();
    const QDateTime now = m_clock();
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

HttpResponse OidcProvider::endSession(const FormData &query)
{
    // An expired hint still names the session (RP-Initiated Logout §2); a forged one names none.
    revokeFamily(
        ownTokenClaims(query.value(QStringLiteral("id_token_hint"))).value(QStringLiteral("sid")).toString());
    const QUrl target(query.value(QStringLiteral("post_logout_redirect_uri")));
    if (isLoopbackRedirect(target))
        return HttpResponse::redirect(
            withQuery(target, { { QStringLiteral("state"), query.value(QStringLiteral("state")) } }));
    return HttpResponse::html(
        200,
        messagePage(
            QStringLiteral("Signed out"),
            QStringLiteral("You are signed out of the Restore Desk sandbox. You can close this tab.")));
}

} // namespace RestoreDesk::Sandbox
