#pragma once

#include <QByteArray>

namespace RestoreDesk::Jose {

// One PKCE pair (RFC 7636), method S256 only: `plain` is never produced or offered.
// Value type; create a fresh one for every authorization request.
struct Pkce
{
    QByteArray verifier; // 43..128 chars of [A-Za-z0-9-._~]
    QByteArray challenge; // BASE64URL(SHA256(verifier))

    static Pkce generate(); // 32 random bytes -> 43-char verifier
    static QByteArray challengeFor(const QByteArray &verifier);
    static bool isValidVerifier(const QByteArray &verifier);
    static constexpr const char *method() { return "S256"; }
};

} // namespace RestoreDesk::Jose
