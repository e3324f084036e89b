#pragma once

#include <QByteArray>

namespace RestoreDesk::Jose {

// Cryptographically secure random bytes from OpenSSL's CSPRNG, as unpadded base64url text.
// Used for OAuth `state`, `nonce` and PKCE verifiers. Never time-seeded. Any thread.
// Aborts (Q_ASSERT in debug, empty result in release) only when the CSPRNG itself fails.
QByteArray randomUrlSafe(int byteCount);

QByteArray base64UrlEncode(const QByteArray &bytes);

} // namespace RestoreDesk::Jose
