#include "sandbox/sandboxoptions.h"

#include "access/roledefinition.h"
#include "core/jsonutil.h"
#include "core/version.h"

namespace RestoreDesk::Sandbox {

namespace {

Error usageError(const QString &message)
{
    return Error::make(Error::Kind::Invalid, QStringLiteral("usage"), message);
}

bool parseRate(const QString &text, double *out)
{
    bool ok = false;
    const double v = text.toDouble(&ok);
    if (!ok || v < 0 || v > 1)
        return false;
    *out = v;
    return true;
}

bool parseInt(const QString &text, int min, int max, int *out)
{
    bool ok = false;
    const int v = text.toInt(&ok);
    if (!ok || v < min || v > max)
        return false;
    *out = v;
    return true;
}

} // namespace

Result<TrustedIssuer> TrustedIssuer::parse(const QString &spec)
{
    TrustedIssuer t;
    t.roleMapping.clear();
    const QStringList parts = spec.split(QLatin1Char(','), Qt::SkipEmptyParts);
    QStringList roleNames;
    for (const auto &r : Access::RoleDefinition::builtInBackupRoles())
        roleNames << r.roleName;
    for (const QString &part : parts) {
        const QString key = part.section(QLatin1Char('='), 0, 0).trimmed();
        const QString value = part.section(QLatin1Char('='), 1).trimmed();
        if (key == QLatin1String("issuer"))
            t.issuer = value;
        else if (key == QLatin1String("audience"))
            t.audience = value;
        else if (key == QLatin1String("principal"))
            t.principalClaim = value;
        else if (key == QLatin1String("groups"))
            t.groupClaims = value.split(QLatin1Char('|'), Qt::SkipEmptyParts);
        else if (key == QLatin1String("roles"))
            t.roleClaims = value.split(QLatin1Char('|'), Qt::SkipEmptyParts);
        else if (key == QLatin1String("scope"))
            t.scope = value;
        else if (key == QLatin1String("map")) {
            const QString from = value.section(QLatin1Char(':'), 0, 0);
            const QString to = value.section(QLatin1Char(':'), 1);
            if (from.isEmpty() || !roleNames.contains(to))
                return usageError(QStringLiteral("--trust-issuer: map=%1 must be VALUE:<%2>")
                                      .arg(value, roleNames.join(QLatin1Char('|'))));
            t.roleMapping.insert(from, to);
        } else {
            return usageError(QStringLiteral("--trust-issuer: unknown key \"%1\"").arg(key));
        }
    }
    if (t.issuer.isEmpty() || t.audience.isEmpty())
        return usageError(QStringLiteral("--trust-issuer needs issuer=URL and audience=VALUE"));
    return t;
}

Result<TrustedIssuer> TrustedIssuer::fromJson(const QJsonObject &o)
{
    QStringList parts { QStringLiteral("issuer=") + o.value(QStringLiteral("issuer")).toString(),
                        QStringLiteral("audience=") + o.value(QStringLiteral("audience")).toString() };
    if (o.contains(QStringLiteral("principalClaim")))
        parts << QStringLiteral("principal=") + o.value(QStringLiteral("principalClaim")).toString();
    if (o.contains(QStringLiteral("groupClaims")))
        parts << QStringLiteral("groups=")
                + Json::stringList(o.value(QStringLiteral("groupClaims"))).join(QLatin1Char('|'));
    if (o.contains(QStringLiteral("roleClaims")))
        parts << QStringLiteral("roles=")
                + Json::stringList(o.value(QStringLiteral("roleClaims"))).join(QLatin1Char('|'));
    if (o.contains(QStringLiteral("scope")))
        parts << QStringLiteral("scope=") + o.value(QStringLiteral("scope")).toString();
    const QJsonObject mapping = o.value(QStringLiteral("roleMapping")).toObject();
    for (auto it = mapping.begin(); it != mapping.end(); ++it)
        parts << QStringLiteral("map=") + it.key() + QLatin1Char(':') + it.value().toString();
    for (const QString &p : parts) {
        if (p.contains(QLatin1Char(',')))
            return Error::make(Error::Kind::Invalid, QStringLiteral("usage"),
                               QStringLiteral("trustedIssuers: values may not contain commas (%1)").arg(p));
    }
    return parse(parts.join(QLatin1Char(',')));
}

QString SandboxOptions::usage()
{
    return QStringLiteral(
        "Usage: restoredesk-sandbox [options]\n"
        "\n"
        "A local OpenID issuer and an Azure-Backup-compatible API on 127.0.0.1, seeded with a\n"
        "fictional tenant. When ready it prints one line:\n"
        "  issuer=http://127.0.0.1:N/oidc api=http://127.0.0.1:N\n"
        "\n"
        "Options:\n"
        "  --port N               listen on port N (0 or absent: a free port)\n"
        "  --data FILE            seed file (default: the built-in tenant)\n"
        "  --latency MS           delay every answer by MS milliseconds\n"
        "  --throttle-rate R      answer a share R (0..1) of API requests 429 with Retry-After\n"
        "  --error-rate R         answer a share R of API requests 500 or 503\n"
        "  --drop-rate R          close the connection of a share R of API requests unanswered\n"
        "  --lost-answer-rate R   handle a share R of API requests, then close the connection\n"
        "                         without the answer (the client cannot tell it was done)\n"
        "  --max-faults-per-request N\n"
        "                         at most N faults in a row for one request (its retries carry\n"
        "                         the same x-ms-client-request-id); default: no limit\n"
        "  --retry-after S        Retry-After seconds on 429 and long-running operations (default 1)\n"
        "  --seed N               seed of the fault randomness (reproducible runs)\n"
        "  --token-lifetime S     access and ID token lifetime in seconds (default 3600)\n"
        "  --clock-skew S         tolerance on token expiry at the API (default 60)\n"
        "  --clock-offset S       the sandbox's clock runs S seconds ahead (negative: behind)\n"
        "  --page-size N          items per page before nextLink (default 50)\n"
        "  --job-duration S       how long a restore job runs (default 20)\n"
        "  --job-listing-delay S  a new job shows in job listings only S seconds after it was\n"
        "                         accepted (its GET and its operation name it at once)\n"
        "  --scale SPEC           add a generated tenant, e.g.\n"
        "                         subscriptions=2,vaults=10,items=200,points=60\n"
        "  --trust-issuer SPEC    also accept JWT access tokens of another issuer:\n"
        "                         issuer=URL,audience=AUD[,principal=oid][,groups=groups]\n"
        "                         [,roles=roles][,scope=/][,map=VALUE:Backup Operator]...\n"
        "  --no-request-dedup     a repeated x-ms-client-request-id starts another restore\n"
        "                         (by default it answers for the first, per item)\n"
        "  --location-only        a restore's 202 names only Location (no Azure-AsyncOperation)\n"
        "  --points-without-retention\n"
        "                         send recovery points without their retention (no rule name,\n"
        "                         no expiry), as some workloads and older api-versions do\n"
        "  --allow-key-rotation   open POST <issuer>/rotate-keys to callers that send the secret\n"
        "                         printed on standard error at start in X-Sandbox-Admin-Key\n"
        "  -h, --help             show this help\n"
        "  -v, --version          show the version\n");
}

Result<SandboxOptions> SandboxOptions::fromArguments(const QStringList &arguments)
{
    SandboxOptions o;
    for (int i = 0; i < arguments.size(); ++i) {
        const QString arg = arguments.at(i);
        QString name = arg;
        QString value;
        bool inlineValue = false;
        if (arg.startsWith(QLatin1String("--")) && arg.contains(QLatin1Char('='))) {
            name = arg.section(QLatin1Char('='), 0, 0);
            value = arg.section(QLatin1Char('='), 1);
            inlineValue = true;
        }
        auto next = [&](QString *out) -> bool {
            if (inlineValue) {
                *out = value;
                return true;
            }
            if (i + 1 >= arguments.size())
                return false;
            *out = arguments.at(++i);
            return true;
        };
        QString v;
        int n = 0;
        if (name == QLatin1String("--port")) {
            if (!next(&v) || !parseInt(v, 0, 65535, &n))
                return usageError(QStringLiteral("--port needs a number 0..65535"));
            o.port = quint16(n);
        } else if (name == QLatin1String("--data")) {
            if (!next(&o.dataFile))
                return usageError(QStringLiteral("--data needs a file"));
        } else if (name == QLatin1String("--latency")) {
            if (!next(&v) || !parseInt(v, 0, 600000, &o.latencyMs))
                return usageError(QStringLiteral("--latency needs milliseconds 0..600000"));
        } else if (name == QLatin1String("--throttle-rate")) {
            if (!next(&v) || !parseRate(v, &o.throttleRate))
                return usageError(QStringLiteral("--throttle-rate needs a share 0..1"));
        } else if (name == QLatin1String("--error-rate")) {
            if (!next(&v) || !parseRate(v, &o.errorRate))
                return usageError(QStringLiteral("--error-rate needs a share 0..1"));
        } else if (name == QLatin1String("--drop-rate")) {
            if (!next(&v) || !parseRate(v, &o.dropRate))
                return usageError(QStringLiteral("--drop-rate needs a share 0..1"));
        } else if (name == QLatin1String("--lost-answer-rate")) {
            if (!next(&v) || !parseRate(v, &o.lostAnswerRate))
                return usageError(QStringLiteral("--lost-answer-rate needs a share 0..1"));
        } else if (name == QLatin1String("--max-faults-per-request")) {
            if (!next(&v) || !parseInt(v, 0, 1000, &o.maxFaultsPerRequest))
                return usageError(QStringLiteral("--max-faults-per-request needs a number 0..1000"));
        } else if (name == QLatin1String("--retry-after")) {
            if (!next(&v) || !parseInt(v, 0, 3600, &o.retryAfterSeconds))
                return usageError(QStringLiteral("--retry-after needs seconds 0..3600"));
        } else if (name == QLatin1String("--seed")) {
            if (!next(&v) || !parseInt(v, 0, std::numeric_limits<int>::max(), &n))
                return usageError(QStringLiteral("--seed needs a non-negative number"));
            o.seed = quint32(n);
        } else if (name == QLatin1String("--token-lifetime")) {
            if (!next(&v) || !parseInt(v, 5, 86400 * 7, &o.tokenLifetimeSeconds))
                return usageError(QStringLiteral("--token-lifetime needs seconds 5..604800"));
        } else if (name == QLatin1String("--clock-skew")) {
            if (!next(&v) || !parseInt(v, 0, 3600, &o.clockSkewSeconds))
                return usageError(QStringLiteral("--clock-skew needs seconds 0..3600"));
        } else if (name == QLatin1String("--clock-offset")) {
            if (!next(&v) || !parseInt(v, -86400, 86400, &o.clockOffsetSeconds))
                return usageError(QStringLiteral("--clock-offset needs seconds -86400..86400"));
        } else if (name == QLatin1String("--page-size")) {
            if (!next(&v) || !parseInt(v, 1, 10000, &o.pageSize))
                return usageError(QStringLiteral("--page-size needs a number 1..10000"));
        } else if (name == QLatin1String("--job-duration")) {
            if (!next(&v) || !parseInt(v, 0, 86400, &o.jobDurationSeconds))
                return usageError(QStringLiteral("--job-duration needs seconds 0..86400"));
        } else if (name == QLatin1String("--job-listing-delay")) {
            if (!next(&v) || !parseInt(v, 0, 3600, &o.jobListingDelaySeconds))
                return usageError(QStringLiteral("--job-listing-delay needs seconds 0..3600"));
        } else if (name == QLatin1String("--scale")) {
            if (!next(&v))
                return usageError(QStringLiteral("--scale needs a spec"));
            auto scale = Tenant::parseScale(v);
            if (!scale)
                return usageError(scale.error().detail);
            o.scale = scale.value();
            o.scaled = true;
        } else if (name == QLatin1String("--no-request-dedup") && !inlineValue) {
            o.dedupClientRequestIds = false;
        } else if (name == QLatin1String("--location-only") && !inlineValue) {
            o.restoreLocationOnly = true;
        } else if (name == QLatin1String("--points-without-retention") && !inlineValue) {
            o.pointsWithoutRetention = true;
        } else if (name == QLatin1String("--allow-key-rotation") && !inlineValue) {
            o.allowKeyRotation = true;
        } else if (name == QLatin1String("--trust-issuer")) {
            if (!next(&v))
                return usageError(QStringLiteral("--trust-issuer needs a spec"));
            auto trusted = TrustedIssuer::parse(v);
            if (!trusted)
                return trusted.error();
            o.trustedIssuers << trusted.value();
        } else {
            return usageError(QStringLiteral("unknown option %1").arg(arg));
        }
    }
    return o;
}

} // namespace RestoreDesk::Sandbox
