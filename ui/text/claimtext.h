#pragma once

#include "access/tokeninspection.h"

namespace RestoreDesk::Text {

// What each header parameter and claim means, for the claims inspector and `token inspect`:
// standard JWT / OIDC / RFC 9068 claims, Entra ID claims, and the common claims of Keycloak,
// Okta, Auth0, Cognito, GitHub Actions and Kubernetes tokens, looked up by path (array indexes
// dropped, a client name in `resource_access.<client>.roles` matched as a wildcard) and issuer
// flavour, the flavour's own meaning first. Empty when unknown. QtCore only; any thread.
QString claimMeaning(Access::TokenFlavour flavour, Access::ClaimEntry::Section section, const QString &path);
QString claimMeaning(Access::TokenFlavour flavour, const Access::ClaimEntry &entry);

// A note on a well-known value ("mfa: multi-factor authentication", "2: certificate"), or empty.
QString claimValueNote(Access::TokenFlavour flavour, const Access::ClaimEntry &entry);

QString flavourName(Access::TokenFlavour flavour);
QString tokenUseName(Access::TokenUse use);
QString tokenFormatName(Access::TokenFormat format);
// "Entra ID v2 access token", "Keycloak ID token", "RFC 9068 access token"…
QString tokenKindText(const Access::TokenInspection &inspection);

} // namespace RestoreDesk::Text
