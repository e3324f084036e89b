#pragma once

#include "jose/jwk.h"
#include "jose/jwt.h"

#include <QDateTime>
#include <QStringList>

namespace RestoreDesk::Auth {

// What an ID token must satisfy (OIDC Core §3.1.3.7, RFC 8725).
struct IdTokenExpectations
{
    QString issuer; // exact match, from the pinned discovery document
    QString clientId; // must be in `aud`; `azp` must equal it when present or when aud has several
    QString nonce; // the request's nonce; empty only for refreshed ID tokens
    QStringList allowedAlgorithms { QStringLiteral("RS256") }; // never from the token itself
    qint64 now = 0; // seconds since the epoch; 0 = the current time
    int skewSeconds = 120;
};

struct VerifiedIdToken
{
    Jose::Jwt jwt;
    QString subject;
    QDateTime issuedAt;
    QDateTime expiresAt;
};

// Verifies a compact ID token against the issuer's pinned JWKS. Every failure is a
// Security-kind Error with a stable code: alg_none, alg_hmac, alg_not_allowed, unknown_kid,
// key_mismatch, bad_signature, issuer_mismatch, audience_mismatch, azp_mismatch, expired,
// not_yet_valid, issued_in_future, missing_exp, missing_sub, nonce_missing, nonce_mismatch,
// malformed_jwt. `jku`, `x5u`, `jwk` and `x5c` headers are never consulted.
Result<VerifiedIdToken> verifyIdToken(const QByteArray &token, const Jose::JwkSet &keys,
                                      const IdTokenExpectations &expect);

// What the console can say about an access token. Access tokens are for the API (RFC 8725
// §3.12): they are decoded for display, and verified only when meant to be verifiable by
// clients: an RFC 9068 JWT (typ at+jwt) from the signed-in issuer, for the profile's API.
struct AccessTokenView
{
    enum class Status {
        Opaque, // not a JWT: only the API can check it
        NotForClient, // decoded; not an RFC 9068 token of the signed-in issuer (args: issuer)
        BadSignature, // an RFC 9068 token of the issuer whose signature fails (args: issuer, reason)
        NotVerifiable, // one to verify, but libcrypto could not be loaded (args: issuer, why)
        OtherAudience, // signed by the issuer for another API (args: issuer, audiences, API)
        Expired, // signed, for this API, expired (args: issuer)
        Verified, // signed by the issuer for this API, in its lifetime (args: issuer, audiences, kid)
    };
    Status status = Status::Opaque;
    QStringList args;
    bool decodable = false; // a JWT at all (opaque tokens are not)
    bool verified = false;
    QJsonObject claims; // decoded claims (empty when opaque)
};
AccessTokenView inspectAccessToken(const QByteArray &token, const Jose::JwkSet &issuerKeys,
                                   const QString &issuer, const QString &apiAudience,
                                   const QStringList &algorithms);

// The algorithms a client may accept: the configured list, or else what discovery advertises,
// minus anything this client refuses (none, HS*) or cannot verify. RS256 when nothing is left.
QStringList acceptedAlgorithms(const QStringList &configured, const QStringList &advertised);

} // namespace RestoreDesk::Auth
