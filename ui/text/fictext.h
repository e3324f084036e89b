#pragma once

#include "access/federatedcredentialmatcher.h"

namespace RestoreDesk::Text {

// Sentences of the federated-credential tester and `fic test`. QtCore only; any thread.

// What an Entra error of a token exchange means and what to do about it.
QString aadstsText(const QString &code);
QString fieldName(const Access::FieldCheck &field); // "issuer", "subject", "audience", "claims['ref']"
// One field in words: "matches", "differs only by a trailing slash", "is a branch subject, the
// credential expects an environment subject"…
QString fieldOutcomeText(const Access::FieldCheck &field);
QString assertionTimeText(const Access::AssertionTime &time);
// The overall verdict: which credential matches, or the error and the nearest miss.
QString verdictText(const Access::FicVerdict &verdict);
// A warning for a proposed credential whose audience is not Entra's default (empty otherwise).
QString proposalAudienceWarning(const Access::FederatedCredential &proposal);

} // namespace RestoreDesk::Text
