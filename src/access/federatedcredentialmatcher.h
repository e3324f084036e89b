#pragma once

#include "access/federatedcredential.h"
#include "access/textdiff.h"
#include "core/clock.h"
#include "core/error.h"

#include <optional>

namespace RestoreDesk::Access {

// One field of a credential held against the token.
struct FieldCheck
{
    enum class Field { Issuer, Subject, Audience, Clause };
    enum class Outcome {
        Match,
        Missing, // the token lacks the claim
        TrailingSlash, // equal but for a trailing slash
        CaseOnly, // equal when case is ignored
        SubjectForm, // both are subjects of a known shape, of different forms (branch vs environment…)
        PatternMismatch, // a `matches` clause whose pattern does not match
        Different,
    };

    Field field = Field::Issuer;
    Outcome outcome = Outcome::Different;
    QString claim; // iss, sub, aud, or the clause's claim
    QString expected; // what the credential says
    QString actual; // what the token has (for aud: the closest value)
    TextDiff diff; // expected → actual
    QString expectedForm; // SubjectForm: "branch", "tag", "environment", "pull_request", "kubernetes"…
    QString actualForm;

    bool matches() const { return outcome == Outcome::Match; }
};

// One credential against the token: every field, and the error the exchange would give.
struct CredentialCheck
{
    FederatedCredential credential;
    QList<FieldCheck> fields;
    bool matches = false;
    QString aadsts; // Access::AadSts code when it does not match
    std::optional<Error> expressionError; // a flexible credential whose expression is invalid
    bool subjectStepOk = false; // issuer and subject (a flexible credential's `sub` clauses) hold
    int score = 0; // how close: issuer 8, subject 4, other clauses 2, audience 1
    int changedCharacters = 0; // tie-break between equally close ones
};

// Whether the token is inside its valid time (Entra refuses it otherwise: AADSTS700024).
struct AssertionTime
{
    enum class Outcome { Valid, Expired, NotYetValid, MissingExp };
    Outcome outcome = Outcome::Valid;
    qint64 seconds = 0; // how long ago it expired, or how long until it is valid
};

// The verdict over all credentials: the one that matches, else the nearest miss, and the Entra
// error code the exchange would return (empty when it would succeed).
struct FicVerdict
{
    QList<CredentialCheck> checks; // in the credentials' order
    int matchIndex = -1;
    int nearestIndex = -1; // when none matches
    QString aadsts;
    AssertionTime time;

    bool succeeds() const { return aadsts.isEmpty(); }
};

struct FicMatchOptions
{
    Clock clock = systemClock();
    int skewSeconds = 300; // tolerance on exp/nbf
};

// Holds a workload token's claims against federated credentials the way Entra ID does: `iss`
// equal to the issuer, `sub` equal to the subject (or the flexible expression true), `aud`
// containing the audience; exact and case-sensitive, no wildcards (but in `matches`), no
// trailing-slash tolerance. Explains each near miss field by field. Pure; any thread.
FicVerdict matchFederatedCredentials(const QList<FederatedCredential> &credentials, const QJsonObject &claims,
                                     const FicMatchOptions &options = {});

// The shape of a subject: GitHub Actions ("branch", "tag", "ref", "environment", "pull_request")
// or Kubernetes ("kubernetes"); empty when not recognized.
QString subjectForm(const QString &subject);

} // namespace RestoreDesk::Access
