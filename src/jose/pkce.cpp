#include "jose/pkce.h"

#include "jose/randomtoken.h"

#include <QCryptographicHash>

namespace RestoreDesk::Jose {

Pkce Pkce::generate()
{
    Pkce p;
    p.verifier = randomUrlSafe(32);
    p.challenge = challengeFor(p.verifier);
    return p;
}

QByteArray Pkce::challengeFor(const QByteArray &verifier)
{
    return base64UrlEncode(QCryptographicHash::hash(verifier, QCryptographicHash::Sha256));
}

bool Pkce::isValidVerifier(const QByteArray &verifier)
{
    if (verifier.size() < 43 || verifier.size() > 128)
        return false;
    for (const char c : verifier) {
        const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')
            || c == '-' || c == '.' || c == '_' || c == '~';
        if (!unreserved)
            return false;
    }
    return true;
}

} // namespace RestoreDesk::Jose
