#pragma once

#include "jose/jwk.h"
#include "jose/jwt.h"

#include <QStringList>

namespace RestoreDesk::Jose {

// Verifies a JWS signature with OpenSSL. Supported: RS256/384/512, PS256/384/512, ES256/384,
// EdDSA (Ed25519). `none` and every HMAC algorithm are refused outright: a public client holds
// no shared secret, so an HS* token can only be a forgery (RFC 8725 §2.1).
bool isSupportedAlgorithm(const QString &algorithm);
const QStringList &supportedAlgorithms();

// The one way to check a compact JWS against trusted keys (RFC 8725 §2.1, §3.1, §3.10):
//  - `alg` must be in `allowedAlgorithms` (chosen by the caller, never taken from the token alone)
//    and supported; `none` and HS* are refused whatever the list says;
//  - the key comes from `keys` only, looked up by `kid` (never `jku`, `x5u`, `jwk` or `x5c`), and
//    its kty / crv / use / alg must fit the algorithm;
//  - the signature must verify with one such key.
// Returns the key that verified. Errors are Security-kind with a stable code: alg_none, alg_hmac,
// alg_not_allowed, unknown_kid, key_mismatch, bad_signature; or crypto_unavailable, Internal-kind,
// when libcrypto cannot be used (nothing was checked).
Result<Jwk> verify(const Jwt &jwt, const JwkSet &keys, const QStringList &allowedAlgorithms);

// The codes verify() raises, compared by name wherever a caller reacts to one (an unknown
// `kid` makes a relying party re-fetch the issuer's keys once). All are Error::Kind::Security
// verdicts on the token except CryptoUnavailable (Kind::Internal: nothing was checked).
namespace Codes {
inline constexpr QLatin1String AlgNone("alg_none");
inline constexpr QLatin1String AlgHmac("alg_hmac");
inline constexpr QLatin1String AlgNotAllowed("alg_not_allowed");
inline constexpr QLatin1String UnknownKid("unknown_kid");
inline constexpr QLatin1String KeyMismatch("key_mismatch");
inline constexpr QLatin1String BadSignature("bad_signature");
// Not a verdict on the token: OpenSSL's libcrypto could not be loaded, so nothing was checked.
inline constexpr QLatin1String CryptoUnavailable("crypto_unavailable");
} // namespace Codes

namespace Detail {
// The raw OpenSSL check for one key; only verify() and the tests of this library call it.
Result<void> verifySignature(const QString &algorithm, EVP_PKEY *key, const QByteArray &signingInput,
                             const QByteArray &signature);
} // namespace Detail

} // namespace RestoreDesk::Jose
