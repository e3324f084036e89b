#pragma once

#include "core/clock.h"
#include "jose/jwk.h"
#include "sandbox/formdata.h"
#include "sandbox/httpmessage.h"
#include "sandbox/signingkey.h"
#include "sandbox/tenant.h"

#include <QDateTime>
#include <QHash>

#include <memory>
#include <optional>

namespace RestoreDesk::Sandbox {

class TokenValidator;

// The sandbox's OpenID Provider under /oidc: discovery, JWKS, a sign-in page listing the seeded
// users, authorization code with PKCE S256 required, RFC 9068 JWT access tokens, refresh tokens
// with rotation and reuse detection, revocation (RFC 7009), userinfo and end-session. One public
// client, `restoredesk`, with loopback redirects on any port (RFC 8252 §7.3). Every route reads
// its parameters through FormData. Time comes from the injected clock, and everything it stores
// has an end (see purge()), so no amount of traffic makes it grow without bound. Server thread.
class OidcProvider
{
public:
    static constexpr const char *kClientId = "restoredesk";
    static constexpr const char *kApiAudience = "api://restoredesk-sandbox";
    static constexpr const char *kAdminKeyHeader = "X-Sandbox-Admin-Key";
    static constexpr int kCodeLifetimeSeconds = 60;
    // A used or expired code is remembered this much longer, so a replay still revokes what it issued.
    static constexpr int kCodeReplayWindowSeconds = 600;
    static constexpr int kPendingLifetimeSeconds = 600; // an open sign-in page
    static constexpr int kRefreshLifetimeSeconds = 14 * 86400; // absolute, from the sign-in

    OidcProvider(const Tenant &tenant, int tokenLifetimeSeconds, Clock clock = systemClock());
    ~OidcProvider();

    void setIssuer(const QString &issuer) { m_issuer = issuer; }
    QString issuer() const { return m_issuer; }
    // The API's tolerance on `exp`: a revoked session is remembered until its last access token
    // is dead even with this skew.
    void setClockSkew(int seconds) { m_skew = seconds; }
    // Opens POST /oidc/rotate-keys to callers that send `secret` in kAdminKeyHeader (and no
    // Origin: browsers always send one on a cross-origin POST). Closed (404) unless called.
    void enableKeyRotation(const QByteArray &secret) { m_rotationSecret = secret; }

    bool handles(const QString &path) const;
    HttpResponse handle(const HttpRequest &request);

    Jose::JwkSet keys() const; // current and previous signing keys
    QJsonObject jwks() const;
    void rotateKeys(); // new key signs from now on; the previous stays published
    bool isFamilyRevoked(const QString &family) const { return m_revoked.contains(family); }

    // Forgets what has ended: sign-in pages past their lifetime, codes past expiry and replay
    // window, refresh families past their lifetime, revocation marks once every access token of
    // the session has expired. Runs at every request; public for tests.
    void purge();
    struct Stored
    {
        int pendingSignIns = 0;
        int codes = 0;
        int refreshFamilies = 0;
        int revokedSessions = 0;
    };
    Stored stored() const; // for tests: how much the provider remembers

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
        QString family; // session (`sid`) issued from it (revoked on replay)
    };
    // One sign-in's refresh tokens. A refresh token is "<key>.<secret>": the key finds the
    // family, only the newest secret may be used, and any older one (reuse after rotation)
    // revokes the family. So a family costs one entry however often it is refreshed.
    struct Family
    {
        QString sid; // the session id in the tokens (`sid`)
        QString username;
        QString scope;
        QDateTime authTime;
        QString secret; // of the newest refresh token
        QDateTime expires;
    };

    HttpResponse refuseRepeated(const QString &route, const FormData &params, const QString &name) const;
    static QUrl trustedRedirect(const FormData &params); // empty unless our client's loopback URI
    HttpResponse discovery() const;
    HttpResponse authorize(const FormData &query);
    HttpResponse decision(const FormData &form);
    HttpResponse token(const HttpRequest &request, const FormData &form);
    HttpResponse codeGrant(const FormData &form);
    HttpResponse refreshGrant(const FormData &form);
    HttpResponse revoke(const FormData &form);
    HttpResponse userinfo(const HttpRequest &request);
    HttpResponse endSession(const FormData &query);
    HttpResponse rotateKeysRoute(const HttpRequest &request);
    HttpResponse tokenResponse(const SandboxUser &user, const QString &scope, const QString &nonce,
                               const QDateTime &authTime, const QString &sid, const QString &refreshKey);
    QByteArray signInPage(const QString &requestId, const QString &scope) const;
    QByteArray messagePage(const QString &title, const QString &text) const;
    QByteArray accessToken(const SandboxUser &user, const QString &scope, const QString &family) const;
    // The claims of a token this issuer signed (expired or not); empty for anything else.
    QJsonObject ownTokenClaims(const QString &token) const;
    void revokeFamily(const QString &sid);
    static bool isLoopbackRedirect(const QUrl &url);
    static QString newHandle(); // 256 random bits, base64url

    const Tenant &m_tenant;
    int m_tokenLifetime;
    int m_skew = 60;
    Clock m_clock;
    QString m_issuer;
    QByteArray m_rotationSecret;
    std::unique_ptr<SigningKey> m_key;
    std::unique_ptr<SigningKey> m_previousKey;
    // keys(), made once per pair of keys (every API request's token is checked against them).
    mutable std::optional<Jose::JwkSet> m_keys;
    QHash<QString, PendingAuthorization> m_pending;
    QHash<QString, Code> m_codes;
    QHash<QString, Family> m_families; // by family key
    QHash<QString, QDateTime> m_revoked; // sid -> when the last access token of it is dead
};

} // namespace RestoreDesk::Sandbox
