#pragma once

#include "auth/jwk.h"

#include <QDateTime>
#include <QUrl>

namespace RestoreDesk::Auth {

// An issuer's discovery document (the parts a native client uses) and its pinned JWKS.
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
    JwkSet keys;
    QDateTime keysFetchedAt;
};

} // namespace RestoreDesk::Auth
