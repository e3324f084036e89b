#pragma once

#include "core/clock.h"
#include "core/result.h"
#include "jose/jwk.h"
#include "jose/jwt.h"

#include <QDateTime>
#include <QJsonValue>
#include <QStringList>

namespace RestoreDesk::Access {

// Which family of issuer a token comes from: picks the claim meanings (Keycloak's
// `realm_access.roles`, Okta's `groups`, Entra's `oid`…).
enum class TokenFlavour { Generic, Entra, Keycloak, Okta, Auth0, Cognito, GitHubActions, Kubernetes };
// What the token is for.
enum class TokenUse { Unknown, IdToken, AccessToken, WorkloadToken };
// Its format: Entra v1 / v2, an RFC 9068 access token (typ at+jwt), or another JWT.
enum class TokenFormat { Jwt, EntraV1, EntraV2, Rfc9068 };

// One node of the decoded header or payload, flattened in pre-order (a child follows its
// parent; `parent` is an index into the same list).
struct ClaimEntry
{
    enum class Section { Header, Payload };
    enum class Kind { String, Number, Boolean, Null, Time, Array, Object };

    Section section = Section::Payload;
    QString name; // key, or "[i]" for an array element
    QString path; // from the top: "realm_access.roles", "aud[0]", "resource_access.app.roles"
    QString claim; // the top-level name it belongs to
    QJsonValue value;
    Kind kind = Kind::String;
    int parent = -1;
    int depth = 0;
    QDateTime time; // Kind::Time: the instant, UTC
    qint64 secondsFromNow = 0; // Kind::Time: positive in the future, against the inspection's clock
};

// Something about a token the operator should know; `code` is an Access::Warnings constant and
// `args` are what its sentence names.
struct TokenWarning
{
    enum class Severity { Info, Warning, Critical };
    QString code;
    Severity severity = Severity::Warning;
    QStringList args;
};

// What can be said about the signature, exactly: verified against the issuer's keys (which kid),
// not verifiable by this client (why), failed (why), or not checked yet. `reason` is an
// Access::SignatureReasons code or, for a failure, the code Jose::verify gave.
struct SignatureStatus
{
    enum class State { NotChecked, Verified, NotVerifiable, Failed };
    State state = State::NotChecked;
    QString keyId; // Verified: the key that verified it
    QString reason;
    QStringList args;
    QString detail; // technical detail of a failure
};

// The issuer's keys, when the caller has them (fetched on request, or the session's pinned
// JWKS). Verification never fetches anything itself.
struct SignatureKeys
{
    QString issuer; // whose keys these are; must equal the token's `iss`
    Jose::JwkSet keys;
    QStringList algorithms { QStringLiteral("RS256") }; // accepted; never taken from the token
};

struct InspectOptions
{
    Clock clock = systemClock();
    TokenUse hint = TokenUse::Unknown; // what the caller knows (the session's ID / access token)
    QString apiAudience; // the profile's API: an access token for something else gets a warning
    int skewSeconds = 300; // iat / nbf tolerance before "in the future" becomes a warning
    int maxDepth = 16; // deepest nesting accepted in header or payload
    qint64 longLifetimeSeconds = 24 * 3600;
    qint64 shortLifetimeSeconds = 5 * 60;
};

// A decoded token, explained: its entries, kind, warnings and signature status. Decoding is
// local and never sends the token anywhere. Value type, any thread.
struct TokenInspection
{
    Jose::Jwt jwt;
    TokenFlavour flavour = TokenFlavour::Generic;
    TokenUse use = TokenUse::Unknown;
    TokenFormat format = TokenFormat::Jwt;
    QList<ClaimEntry> entries; // header entries first, then payload entries
    QList<TokenWarning> warnings;
    SignatureStatus signature;
    QDateTime inspectedAt;
    // Header and payload exactly as decoded from base64url (not re-serialised): what a parser
    // downstream reads, duplicate keys and all.
    QByteArray rawHeader;
    QByteArray rawPayload;

    QString issuer() const { return jwt.claims.value(QStringLiteral("iss")).toString(); }
    bool hasWarning(const QString &code) const;

    // Header and payload with the signature removed, for a ticket: {"header", "payload",
    // "signature": kSignatureRemoved}. Nothing of the original signature is kept.
    QJsonObject ticketJson() const;
    static constexpr const char *kSignatureRemoved = "REMOVED";
};

// Decodes and explains a compact JWT. Surrounding whitespace, line breaks from pasting and a
// "Bearer " prefix are ignored. Bad input is an error value (Access::Codes token_*), never a
// crash: oversized tokens, wrong number of parts, bad base64url, bad JSON, nesting deeper than
// `maxDepth`.
Result<TokenInspection> inspectToken(const QByteArray &token, const InspectOptions &options = {});

// Checks the signature with keys the caller already has (Jose::verify is the one check). A token
// this client cannot verify (an access token for an API, HMAC, unsigned) keeps its status.
SignatureStatus verifySignature(const TokenInspection &inspection, const SignatureKeys &keys);

} // namespace RestoreDesk::Access
