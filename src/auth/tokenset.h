#pragma once

#include "auth/idtokenverifier.h"

#include <QDateTime>

namespace RestoreDesk::Auth {

// What a sign-in or a refresh yields. Lives in memory only; the refresh token alone goes to the
// keychain. Never logged (see core/redact.h).
struct TokenSet
{
    QByteArray accessToken;
    QByteArray refreshToken; // may be empty (no offline_access)
    QByteArray idToken;
    QDateTime accessTokenExpiresAt;
    QDateTime refreshTokenExpiresAt; // when the issuer says (refresh_expires_in); else invalid
    QString scope;
    VerifiedIdToken identity; // the verified ID token
};

} // namespace RestoreDesk::Auth
