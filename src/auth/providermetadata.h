#pragma once

#include "jose/jwk.h"

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
    Jose::JwkSet keys;
    QDateTime keysFetchedAt;
};

} // namespace RestoreDesk::Auth
