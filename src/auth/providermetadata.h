#pragma once

#include "jose/jwk.h"

#include <QDateTime>
#include <QUrl>

namespace RestoreDesk::Auth {

// An issuer's discovery document (the parts a native client uses) and its pinned JWKS, with when
// each stops being fresh (Cache-Control max-age, else 24 h).
struct ProviderMetadata
{
    QString issuer;
    QUrl authorizationEndpoint;
    QUrl tokenEndpoint;
    QUrl jwksUri;
    QUrl userinfoEndpoint;
    QUrl revocationEndpoint; // empty when not advertised
    QUrl endSessionEndpoint;
    bool issParameterSupported = false;
    QStringList idTokenAlgorithms;
    QStringList codeChallengeMethods;
    Jose::JwkSet keys;
    QDateTime keysFetchedAt;
    QDateTime metadataExpiresAt;
    QDateTime keysExpiresAt;
};

} // namespace RestoreDesk::Auth
