#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "jose/jwk.h"
#include "jose/jwt.h"
#include "sandbox/principal.h"
#include "sandbox/sandboxoptions.h"

#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace RestoreDesk::Sandbox {

// Validates bearer tokens for the sandbox API: the sandbox's own RFC 9068 access tokens and the
// JWT access tokens of trusted issuers (whose discovery and JWKS it fetches, over HTTPS or to a
// loopback host, never following a redirect, re-fetching once on an unknown `kid`). Signature,
// issuer, audience, expiry and not-before are checked against the injected clock. ID tokens are
// refused as access tokens:
//  - the sandbox's own tokens must say `typ: at+jwt`;
//  - a trusted issuer's token with `typ` at+jwt (or application/at+jwt) is an access token by
//    declaration (RFC 9068 §2.1, as oidc-provider issues them); any other explicit `typ` but
//    JWT is refused; a JWT-typed or untyped token (the older convention of Entra ID, Keycloak,
//    Okta, Auth0) is accepted only when it grants a scope (`scope` or `scp`, which ID tokens do
//    not carry) and carries nothing only ID tokens carry (`nonce`, `at_hash`, `c_hash`,
//    `s_hash`, Keycloak's `typ: ID`, Cognito's `token_use: id`). The audience alone cannot tell
//    them apart when an API's audience is its client's own id.
// Reports once per call. Lives on the server's thread.
class TokenValidator : public QObject
{
    Q_OBJECT

public:
    using OwnKeys = std::function<Jose::JwkSet()>;
    using FamilyRevoked = std::function<bool(const QString &family)>;

    TokenValidator(QString ownIssuer, QString ownAudience, OwnKeys ownKeys, FamilyRevoked revoked,
                   QList<TrustedIssuer> trusted, Clock clock = systemClock(), QObject *parent = nullptr);

    // Fetches trusted issuers' metadata and keys; `done` gets the first failure, if any.
    void prepare(std::function<void(Result<void>)> done);

    void validate(const QByteArray &authorizationHeader, std::function<void(Result<Principal>)> done);

    void setSkewSeconds(int seconds) { m_skew = seconds; }

private:
    struct Trusted
    {
        TrustedIssuer config;
        QString jwksUri;
        Jose::JwkSet keys;
        QDateTime lastFetch;
    };
    void fetchKeys(int index, std::function<void(Result<void>)> done);
    Result<Principal> check(const QByteArray &token, bool *unknownKidAt, int *trustedIndex) const;
    // Jose::verify, remembered per token (see the definition).
    Result<void> verifySignature(const QByteArray &token, const Jose::Jwt &jwt,
                                 const Jose::JwkSet &keys) const;

    int m_skew = 60;
    Clock m_clock;
    QString m_ownIssuer;
    QString m_ownAudience;
    OwnKeys m_ownKeys;
    FamilyRevoked m_revoked;
    QList<Trusted> m_trusted;
    QNetworkAccessManager *m_nam = nullptr;
    // Jose::Jwt::parse, remembered per verified token (see the definition).
    Result<Jose::Jwt> parse(const QByteArray &token, bool *seenBefore) const;

    static constexpr qsizetype kVerifiedTokens = 1024;
    mutable QHash<QByteArray, QJsonObject> m_verified; // token -> the key (JWK) that verified it
    mutable QHash<QByteArray, Jose::Jwt> m_parsed; // token -> its parts, decoded; well-formed ones only
};

} // namespace RestoreDesk::Sandbox
