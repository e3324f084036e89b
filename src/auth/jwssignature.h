#pragma once

#include "auth/jwk.h"

namespace RestoreDesk::Auth {

// Verifies a JWS signature with OpenSSL. Supported: RS256/384/512, PS256/384/512, ES256/384,
// EdDSA (Ed25519). `none` and every HMAC algorithm are refused outright: a public client holds
// no shared secret, so an HS* token can only be a forgery (RFC 8725 §2.1).
bool isSupportedAlgorithm(const QString &algorithm);

Result<void> verifySignature(const QString &algorithm, EVP_PKEY *key, const QByteArray &signingInput,
                             const QByteArray &signature);

} // namespace RestoreDesk::Auth
