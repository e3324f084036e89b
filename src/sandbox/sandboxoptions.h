#pragma once

#include "core/result.h"
#include "sandbox/tenant.h"

#include <QHash>
#include <QStringList>

namespace RestoreDesk::Sandbox {

// Another OpenID issuer whose JWT access tokens the sandbox API accepts (how tests put a
// third-party IdP such as oidc-provider in front of it).
struct TrustedIssuer
{
    QString issuer; // exact `iss`
    QString audience; // required in `aud`
    QString principalClaim = QStringLiteral("oid"); // dotted path; falls back to `sub`
    QStringList groupClaims { QStringLiteral("groups") };
    QStringList roleClaims { QStringLiteral("roles") };
    // claim value (a group or role) -> built-in role name ("Backup Operator"), granted at `scope`.
    QHash<QString, QString> roleMapping;
    QString scope = QStringLiteral("/");

    // "issuer=URL,audience=A[,principal=oid][,groups=groups][,roles=roles][,scope=/subscriptions/x]
    //  [,map=VALUE:Backup Operator]..." (map may repeat).
    static Result<TrustedIssuer> parse(const QString &spec);
    // The same from the data file's "trustedIssuers" array (issuer, audience, principalClaim,
    // groupClaims, roleClaims, roleMapping {value: role}, scope).
    static Result<TrustedIssuer> fromJson(const QJsonObject &object);
};

// Every knob of the sandbox, from the command line or set by the GUI when it starts the
// sandbox in-process. Value type.
struct SandboxOptions
{
    quint16 port = 0; // 0: a free port
    QString dataFile; // seed file; empty: the built-in seed
    int latencyMs = 0; // added to every request
    double throttleRate = 0; // share of API requests answered 429 + Retry-After
    double errorRate = 0; // share answered 500 or 503
    double dropRate = 0; // share whose connection is closed without an answer
    double lostAnswerRate = 0; // share handled, then closed without an answer (a lost response)
    // Faults are transient: at most this many in a row for one request (its retries carry the
    // same x-ms-client-request-id); 0: no limit (every try may fail).
    int maxFaultsPerRequest = 0;
    int tokenLifetimeSeconds = 3600;
    int clockSkewSeconds = 60; // tolerance on exp/nbf when the API checks a token
    // The sandbox's own clock runs this far ahead of the machine's (negative: behind), as a
    // service's clock may: its job times, tokens and Date headers all say so.
    int clockOffsetSeconds = 0;
    int pageSize = 50;
    int jobDurationSeconds = 20; // how long a restore runs
    int retryAfterSeconds = 1; // Retry-After on 429 and on LRO answers
    // A job accepted from now on is left out of job listings for this long (its GET and its
    // operation still name it), as the real service can list a job only a while after it took
    // the request: what a client reconciling a lost answer by the listing must wait out.
    int jobListingDelaySeconds = 0;
    // Jobs accepted from now on stay InProgress until released (SandboxServer::releaseJobs()),
    // whatever their duration: tests act mid-job without racing the job's clock.
    bool holdJobs = false;
    quint32 seed = 0; // fault randomness; 0: random
    bool allowKeyRotation = false; // open POST /oidc/rotate-keys to holders of the start secret
    // A repeated x-ms-client-request-id on a restore of the same item answers for the first
    // restore instead of starting another. Real Azure does not promise this: tests of lost
    // answers turn it off, so they prove one restore without the sandbox's help.
    bool dedupClientRequestIds = true;
    // A restore's 202 (and its operation result's 202s) carries Location only, no
    // Azure-AsyncOperation (Azure Resource Manager allows it: a client then follows Location).
    bool restoreLocationOnly = false;
    // Recovery points are sent without their retention (no recoveryPointProperties: no rule name,
    // no expiry), as some workloads and older api-versions send them: a client works out which
    // rule keeps a point from the item's policy.
    bool pointsWithoutRetention = false;
    Tenant::Scale scale;
    bool scaled = false;
    QList<TrustedIssuer> trustedIssuers;

    // Parses restoredesk-sandbox's options (without argv[0]). Usage errors are values.
    static Result<SandboxOptions> fromArguments(const QStringList &arguments);
    static QString usage();
};

} // namespace RestoreDesk::Sandbox
