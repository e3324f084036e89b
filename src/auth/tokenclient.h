#pragma once

#include "auth/discovery.h"
#include "auth/tokenset.h"

namespace RestoreDesk::Auth {

// Token-endpoint work done with our own requests (Qt 6.4's flow only logs token errors, leaves a
// failed refresh stuck, and sends redirect_uri and an empty client_secret): the code exchange,
// refresh with ID-token checks, and revocation (RFC 7009). Requests are NetworkJobs owned by
// this object; every call reports exactly once. Lives on one thread.
class TokenClient : public QObject
{
    Q_OBJECT

public:
    TokenClient(Net::Transport transport, Discovery *discovery, Clock clock, QObject *parent = nullptr);
    ~TokenClient() override;

    // authorization_code grant with the PKCE verifier; the ID token is verified against `expect`.
    void exchangeCode(const ProviderMetadata &provider, const QString &clientId, const QString &code,
                      const QString &redirectUri, const QByteArray &verifier,
                      const IdTokenExpectations &expect, std::function<void(Result<TokenSet>)> done);

    // Refreshes; a returned ID token must keep iss, sub and aud (OIDC Core §12.2) and verify.
    // `previous` is the identity to keep. The issuer's `invalid_grant` comes back as that code.
    void refresh(const ProviderMetadata &provider, const QString &clientId, const QByteArray &refreshToken,
                 const VerifiedIdToken &previous, const QStringList &algorithms,
                 std::function<void(Result<TokenSet>)> done);

    void revoke(const ProviderMetadata &provider, const QString &clientId, const QByteArray &token,
                const QString &hint, std::function<void(Result<void>)> done);

    // When the access token stops working: `expires_in` when it is a positive number; else the
    // access token's own `exp` when it is a JWT; else kDefaultLifetimeSeconds from now.
    static QDateTime accessTokenExpiry(const QJsonObject &response, const QByteArray &accessToken,
                                       const QDateTime &now);
    static constexpr int kDefaultLifetimeSeconds = 300;

private:
    void post(const QUrl &url, const QList<QPair<QString, QString>> &form,
              std::function<void(Result<Net::Response>)> done);
    void finishTokenResponse(const ProviderMetadata &provider, const QJsonObject &response,
                             const IdTokenExpectations &expect, std::function<void(Result<TokenSet>)> done);

    Net::Transport m_transport;
    Discovery *m_discovery;
    Clock m_clock;
};

} // namespace RestoreDesk::Auth
