#pragma once

#include "core/result.h"
#include "jose/jwk.h"
#include "sandbox/principal.h"
#include "sandbox/sandboxoptions.h"

#include <QDateTime>
#include <QObject>

#include <functional>

class QNetworkAccessManager;

namespace RestoreDesk::Sandbox {

// Validates bearer tokens for the sandbox API: the sandbox's own RFC 9068 access tokens and the
// JWT access tokens of trusted issuers (whose discovery and JWKS it fetches, over loopback or
// HTTPS, re-fetching once on an unknown `kid`). Signature, issuer, audience, expiry and
// not-before are checked; ID tokens are refused as access tokens. Reports once per call.
// Lives on the server's thread.
class TokenValidator : public QObject
{
    Q_OBJECT

public:
    using OwnKeys = std::function<Jose::JwkSet()>;
    using FamilyRevoked = std::function<bool(const QString &family)>;

    TokenValidator(QString ownIssuer, QString ownAudience, OwnKeys ownKeys, FamilyRevoked revoked,
                   QList<TrustedIssuer> trusted, QObject *parent = nullptr);

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

    int m_skew = 60;
    QString m_ownIssuer;
    QString m_ownAudience;
    OwnKeys m_ownKeys;
    FamilyRevoked m_revoked;
    QList<Trusted> m_trusted;
    QNetworkAccessManager *m_nam = nullptr;
};

} // namespace RestoreDesk::Sandbox
