#pragma once

#include "testsigner.h"

#include <QHttpServer>
#include <QJsonObject>
#include <QUrl>

#include <memory>

namespace RestoreDesk::Test {

// A small OpenID Provider of our own whose every answer can be made hostile, for the attack
// matrix oidc-provider cannot produce: a discovery document naming another issuer, callbacks
// with a wrong or missing state or iss, errors, token-endpoint failures, ID tokens with chosen
// claims, headers or keys. Its authorize endpoint answers at once with a redirect (no page), so
// a plain HTTP client can play the browser. 127.0.0.1 only.
class HostileIdp
{
public:
    enum class Callback { Normal, WrongState, NoState, WrongIss, NoIss, AccessDenied, NoCode, WrongPath };
    enum class Token { Normal, ErrorBody, ServerError, Unsigned };

    struct Behaviour
    {
        QString discoveryIssuer; // empty: the true issuer
        bool advertiseIss = true;
        bool advertiseRevocation = true; // its /revoke answers 404: a failing revocation
        Callback callback = Callback::Normal;
        Token token = Token::Normal;
        QJsonObject idTokenClaims; // overrides (null value: remove the claim)
        QString idTokenKid; // empty: the published key's
        bool rotateAfterFirstJwksFetch = false; // later fetches publish a second key that signs
        QJsonValue expiresIn = 600; // Undefined: left out of the token response
        int jwtAccessTokenLifetime = 0; // != 0: the access token is a JWT with exp now + this
        bool redirectJwks = false; // jwks_uri answers 302 to the real key set (which is valid)
        bool revocationSucceeds = false; // its /revoke answers 200 and records the token
        QUrl tokenEndpoint; // empty: its own /token (e.g. a GatedRelay in front of it)
    };

    HostileIdp();
    ~HostileIdp();
    bool start(QString *error);
    QString issuer() const { return m_issuer; }
    Behaviour behaviour;
    int jwksFetches() const { return m_jwksFetches; }
    int tokenRequests() const { return m_tokenRequests; }
    const QList<QByteArray> &issuedRefreshTokens() const { return m_issuedRefreshTokens; }
    const QList<QByteArray> &revokedTokens() const { return m_revokedTokens; }
    QString lastRedirectUri() const { return m_redirectUri; }
    // Any token, signed with the published key (header `alg` and `kid` filled in): for testing
    // what a relying party accepts from this issuer.
    QByteArray sign(const QJsonObject &header, const QJsonObject &claims) const;

private:
    QHttpServer m_server;
    QString m_issuer;
    std::unique_ptr<TestSigner> m_key;
    std::unique_ptr<TestSigner> m_rotated;
    QString m_nonce;
    QString m_redirectUri;
    int m_jwksFetches = 0;
    int m_tokenRequests = 0;
    QList<QByteArray> m_issuedRefreshTokens;
    QList<QByteArray> m_revokedTokens;
};

// Plays the browser for HostileIdp: GET the authorization URL, follow redirects (manually, at
// most five), and report where it ended and what the last page said.
struct RedirectFollower
{
    struct Result
    {
        int status = 0;
        QUrl lastUrl;
        QByteArray body;
        int networkError = 0;
    };
    static Result follow(const QUrl &start, int timeoutMs = 5000);
};

} // namespace RestoreDesk::Test
