#pragma once

#include "core/error.h"

#include <QDateTime>
#include <QJsonObject>

namespace RestoreDesk::Auth {

// What a sign-out did, part by part, so nothing is reported that did not happen: whether the
// refresh token was revoked at the issuer, and whether the keychain entry is gone. Value type.
struct SignOutReport
{
    enum class Revocation {
        Revoked, // the issuer's revocation endpoint accepted it
        NotOffered, // the issuer has no revocation endpoint: the token stays valid until it expires
        Failed, // the revocation request failed (revocationError says why)
        NothingToRevoke, // there was no refresh token
    };
    enum class Keychain {
        Removed,
        NothingStored,
        Unavailable, // the entry may remain (keychainError says why); a later sign-out finishes it
    };

    Revocation revocation = Revocation::NothingToRevoke;
    Error revocationError;
    QDateTime accessTokenValidUntil; // the access token in hand stays valid until then
    QDateTime refreshTokenValidUntil; // when the issuer said (else invalid: unknown)
    Keychain keychain = Keychain::NothingStored;
    Error keychainError;

    // Everything that should have happened happened (a missing revocation endpoint is not ours).
    bool complete() const { return revocation != Revocation::Failed && keychain != Keychain::Unavailable; }
    // The report as the audit log keeps it: revocation and keychain by name ("revoked",
    // "not-offered", "failed", "nothing-to-revoke"; "removed", "nothing-stored", "unavailable"),
    // the error codes when a part failed, and until when the tokens stay valid (accessValidUntil,
    // refreshValidUntil: key names without "token", which the audit log redacts). No secret.
    QJsonObject toJson() const;
};

} // namespace RestoreDesk::Auth
