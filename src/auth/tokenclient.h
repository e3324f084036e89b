#pragma once

#include "auth/discovery.h"
#include "auth/tokenset.h"

namespace RestoreDesk::Auth {

// Token-endpoint work done with our own requests (Qt 6.4's refresh leaves the flow stuck on an
// error and sends redirect_uri and an empty client_secret): refresh with ID-token checks, and
// revocation (RFC 7009). Jobs report once.
class TokenClient : public QObject
{
    Q_OBJECT

public:
    TokenClient(HttpJson http, Discovery *discovery, QObject *parent = nullptr);

    // Refreshes; a returned ID token must keep iss, sub and aud (OIDC Core §12.2) and verify.
    // `previous` is the identity to keep. `invalid_grant` comes back as code "invalid_grant".
    void refresh(const ProviderMetadata &provider, const QString &clientId, const QByteArray &refreshToken,
                 const VerifiedIdToken &previous, const QStringList &algorithms,
                 std::function<void(Result<TokenSet>)> done);

    void revoke(const ProviderMetadata &provider, const QString &clientId, const QByteArray &token,
                const QString &hint, std::function<void(Result<void>)> done);

    // Builds a TokenSet from a token response and verifies its ID token (re-fetching the JWKS
    // once on an unknown kid). Used by the interactive sign-in too.
    void finishTokenResponse(const ProviderMetadata &provider, const QJsonObject &response,
                             const IdTokenExpectations &expect, std::function<void(Result<TokenSet>)> done);

private:
    HttpJson m_http;
    Discovery *m_discovery;
};

} // namespace RestoreDesk::Auth
