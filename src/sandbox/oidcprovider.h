#pragma once

#include "jose/jwk.h"
#include "sandbox/httpmessage.h"
#include "sandbox/signingkey.h"
#include "sandbox/tenant.h"

#include <QDateTime>
#include <QHash>
#include <QSet>

#include <memory>

namespace RestoreDesk::Sandbox {

class TokenValidator;

// The sandbox's OpenID Provider under /oidc: discovery, JWKS, a sign-in page listing the seeded
// users, authorization code with PKCE S256 required, RFC 9068 JWT access tokens, refresh tokens
// with rotation and reuse detection, revocation (RFC 7009), userinfo and end-session. One public
// client, `restoredesk`, with loopback redirects on any port (RFC 8252 §7.3). Server thread.
class OidcProvider
{
public:
    static constexpr const char *kClientId = "restoredesk";
    static constexpr const char *kApiAudience = "api://restoredesk-sandbox";
    static constexpr int kCodeLifetimeSeconds = 60;

    OidcProvider(const Tenant &tenant, int tokenLifetimeSeconds);
    ~OidcProvider();

    void setIssuer(const QString &issuer) { m_issuer = issuer; }
    QString issuer() const { return m_issuer; }

    bool handles(const QString &path) const;
    HttpResponse handle(const HttpRequest &request);

    Jose::JwkSet keys() const; // current and previous signing keys
    QJsonObject jwks() const;
    void rotateKeys(); // new key signs from now on; the previous stays published
    bool isFamilyRevoked(const QString &family) const { return m_revokedFamilies.contains(family); }

    // For tests: mint an access token for a seeded user without the browser.
    QByteArray issueAccessTokenFor(const QString &username, const QString &family = {});

private:
    struct PendingAuthorization
    {
        QString redirectUri;
        QString state;
        QString nonce;
        QString challenge;
        QString scope;
        QDateTime expires;
    };
    struct Code
    {
        QString redirectUri;
        QString challenge;
        QString nonce;
        QString scope;
        QString username;
        QDateTime authTime;
        QDateTime expires;
        bool used = false;
        QString family; // refresh family issued from it (revoked on replay)
    };
    struct Refresh
    {
        QString family;
        QString username;
        QString scope;
        QDateTime authTime;
        bool rotated = false;
    };

    HttpResponse discovery() const;
    HttpResponse authorize(const HttpRequest &request);
    HttpResponse decision(const HttpRequest &request);
    HttpResponse token(const HttpRequest &request);
    HttpResponse codeGrant(const QUrlQuery &form);
    HttpResponse refreshGrant(const QUrlQuery &form);
    HttpResponse revoke(const HttpRequest &request);
    HttpResponse userinfo(const HttpRequest &request);
    HttpResponse endSession(const HttpRequest &request);
    HttpResponse tokenResponse(const SandboxUser &user, const QString &scope, const QString &nonce,
                               const QDateTime &authTime, const QString &family);
    QByteArray signInPage(const QString &requestId, const QString &scope) const;
    QByteArray messagePage(const QString &title, const QString &text) const;
    QByteArray accessToken(const SandboxUser &user, const QString &scope, const QString &family) const;
    void revokeFamily(const QString &family);
    static bool isLoopbackRedirect(const QUrl &url);

    const Tenant &m_tenant;
    int m_tokenLifetime;
    QString m_issuer;
    std::unique_ptr<SigningKey> m_key;
    std::unique_ptr<SigningKey> m_previousKey;
    QHash<QString, PendingAuthorization> m_pending;
    QHash<QString, Code> m_codes;
    QHash<QString, Refresh> m_refresh;
    QSet<QString> m_revokedFamilies;
};

} // namespace RestoreDesk::Sandbox
