#include "access/tokeninspection.h"

#include "core/qtcompat.h"

#include "access/accesscodes.h"
#include "core/jsonutil.h"
#include "jose/jwssignature.h"
#include "jose/jwt.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>
#include <QUrl>

#include <cmath>

namespace RestoreDesk::Access {

namespace {

const QStringList kTimeClaims = { QStringLiteral("exp"), QStringLiteral("nbf"), QStringLiteral("iat"),
                                  QStringLiteral("auth_time"), QStringLiteral("updated_at") };

// Pasted tokens come with line breaks, spaces or an Authorization-header prefix.
QByteArray normalized(const QByteArray &input)
{
    QByteArray t = input.trimmed();
    if (t.size() > 7 && t.left(7).compare("bearer ", Qt::CaseInsensitive) == 0)
        t = t.mid(7);
    QByteArray out;
    out.reserve(t.size());
    for (const char c : std::as_const(t)) {
        if (c != ' ' && c != '\t' && c != '\r' && c != '\n')
            out += c;
    }
    return out;
}

// Deepest nesting below the top level, stopping as soon as `limit` is passed.
int depthOf(const QJsonValue &v, int depth, int limit)
{
    if (depth > limit)
        return depth;
    int deepest = depth;
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        for (auto it = o.begin(); it != o.end() && deepest <= limit; ++it)
            deepest = qMax(deepest, depthOf(it.value(), depth + 1, limit));
    } else if (v.isArray()) {
        const QJsonArray a = v.toArray();
        for (qsizetype i = 0; i < a.size() && deepest <= limit; ++i)
            deepest = qMax(deepest, depthOf(a.at(i), depth + 1, limit));
    }
    return deepest;
}

ClaimEntry::Kind kindOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::String:
        return ClaimEntry::Kind::String;
    case QJsonValue::Double:
        return ClaimEntry::Kind::Number;
    case QJsonValue::Bool:
        return ClaimEntry::Kind::Boolean;
    case QJsonValue::Array:
        return ClaimEntry::Kind::Array;
    case QJsonValue::Object:
        return ClaimEntry::Kind::Object;
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        break;
    }
    return ClaimEntry::Kind::Null;
}

// NumericDate seconds, clamped to 0001-01-01 .. 9999-12-31 (QDateTime's and any sane range): a
// double such as 1e300 or -1e300 does not fit a qint64, and casting it would be undefined.
constexpr double kMinSeconds = -62135596800.0;
constexpr double kMaxSeconds = 253402300799.0;

qint64 clampedSeconds(double value, bool *inRange = nullptr)
{
    const bool ok = std::isfinite(value) && value >= kMinSeconds && value <= kMaxSeconds;
    if (inRange)
        *inRange = ok;
    if (ok)
        return qint64(value);
    return value < 0 ? qint64(kMinSeconds) : qint64(kMaxSeconds);
}

void addEntries(QList<ClaimEntry> &out, ClaimEntry::Section section, const QString &name, const QString &path,
                const QString &claim, const QJsonValue &value, int parent, int depth, qint64 now)
{
    ClaimEntry e;
    e.section = section;
    e.name = name;
    e.path = path;
    e.claim = claim;
    e.value = value;
    e.kind = kindOf(value);
    e.parent = parent;
    e.depth = depth;
    if (section == ClaimEntry::Section::Payload && depth == 0 && value.isDouble()
        && kTimeClaims.contains(name)) {
        e.kind = ClaimEntry::Kind::Time;
        const qint64 seconds = clampedSeconds(value.toDouble());
        e.time = Compat::fromSecsSinceEpochUtc(seconds);
        e.secondsFromNow = seconds - now;
    }
    const int self = int(out.size());
    out << e;
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            addEntries(out, section, it.key(), path + QLatin1Char('.') + it.key(), claim, it.value(), self,
                       depth + 1, now);
    } else if (value.isArray()) {
        const QJsonArray a = value.toArray();
        for (qsizetype i = 0; i < a.size(); ++i) {
            const QString index = QStringLiteral("[%1]").arg(i);
            addEntries(out, section, index, path + index, claim, a.at(i), self, depth + 1, now);
        }
    }
}

// Keys that occur more than once in one object of a (valid) JSON text, as "path.key", in order.
// QJsonDocument keeps the last of duplicates; other parsers keep the first, so they matter.
QStringList duplicateKeys(const QByteArray &json)
{
    struct Level
    {
        bool object = false;
        bool expectKey = false;
        QString path;
        QSet<QString> keys;
        QString lastKey;
    };
    QList<Level> stack;
    QStringList out;
    const qsizetype n = json.size();
    for (qsizetype i = 0; i < n; ++i) {
        const char c = json.at(i);
        if (c == '"') {
            const qsizetype start = i;
            for (++i; i < n && json.at(i) != '"'; ++i) {
                if (json.at(i) == '\\')
                    ++i;
            }
            if (stack.isEmpty() || !stack.last().object || !stack.last().expectKey)
                continue;
            // Decoded, so "a" and "\u0061" are the same key.
            const QJsonArray one
                = QJsonDocument::fromJson('[' + json.mid(start, i - start + 1) + ']').array();
            const QString key = one.isEmpty() ? QString() : one.first().toString();
            Level &top = stack.last();
            const QString path = top.path.isEmpty() ? key : top.path + QLatin1Char('.') + key;
            if (top.keys.contains(key) && !out.contains(path))
                out << path;
            top.keys.insert(key);
            top.lastKey = key;
            top.expectKey = false;
        } else if (c == '{' || c == '[') {
            QString path;
            if (!stack.isEmpty()) {
                const Level &top = stack.last();
                path = top.object
                    ? (top.path.isEmpty() ? top.lastKey : top.path + QLatin1Char('.') + top.lastKey)
                    : top.path + QStringLiteral("[]");
            }
            stack << Level { c == '{', c == '{', path, {}, {} };
        } else if (c == '}' || c == ']') {
            if (!stack.isEmpty())
                stack.removeLast();
        } else if (c == ',' && !stack.isEmpty() && stack.last().object) {
            stack.last().expectKey = true;
        }
    }
    return out;
}

QString host(const QString &url)
{
    return QUrl(url).host().toLower();
}

bool endsWithHost(const QString &h, QLatin1String suffix)
{
    return h == suffix.mid(1) || h.endsWith(suffix);
}

TokenFlavour flavourOf(const QJsonObject &c)
{
    const QString iss = c.value(QStringLiteral("iss")).toString();
    const QString h = host(iss);
    if (h == QLatin1String("token.actions.githubusercontent.com"))
        return TokenFlavour::GitHubActions;
    if (c.contains(QStringLiteral("kubernetes.io")) || h.startsWith(QLatin1String("oidc.prod-aks."))
        || c.value(QStringLiteral("sub")).toString().startsWith(QLatin1String("system:serviceaccount:")))
        return TokenFlavour::Kubernetes;
    static const QStringList entraHosts
        = { QStringLiteral("login.microsoftonline.com"),        QStringLiteral("sts.windows.net"),
            QStringLiteral("login.microsoftonline.us"),         QStringLiteral("login.chinacloudapi.cn"),
            QStringLiteral("login.partner.microsoftonline.cn"), QStringLiteral("sts.chinacloudapi.cn") };
    if (entraHosts.contains(h) || endsWithHost(h, QLatin1String(".b2clogin.com"))
        || endsWithHost(h, QLatin1String(".ciamlogin.com")))
        return TokenFlavour::Entra;
    if (QUrl(iss).path().contains(QLatin1String("/realms/")) || c.contains(QStringLiteral("realm_access"))
        || c.contains(QStringLiteral("resource_access")))
        return TokenFlavour::Keycloak;
    if (endsWithHost(h, QLatin1String(".okta.com")) || endsWithHost(h, QLatin1String(".oktapreview.com"))
        || endsWithHost(h, QLatin1String(".okta-emea.com")))
        return TokenFlavour::Okta;
    if (endsWithHost(h, QLatin1String(".auth0.com")))
        return TokenFlavour::Auth0;
    if (h.startsWith(QLatin1String("cognito-idp.")) && h.endsWith(QLatin1String(".amazonaws.com")))
        return TokenFlavour::Cognito;
    return TokenFlavour::Generic;
}

TokenFormat formatOf(const Jose::Jwt &jwt, TokenFlavour flavour)
{
    const QString typ = jwt.type();
    if (typ.compare(QLatin1String("at+jwt"), Qt::CaseInsensitive) == 0
        || typ.compare(QLatin1String("application/at+jwt"), Qt::CaseInsensitive) == 0)
        return TokenFormat::Rfc9068;
    if (flavour != TokenFlavour::Entra)
        return TokenFormat::Jwt;
    const QString ver = jwt.claims.value(QStringLiteral("ver")).toString();
    if (ver == QLatin1String("1.0"))
        return TokenFormat::EntraV1;
    if (ver == QLatin1String("2.0"))
        return TokenFormat::EntraV2;
    const QString iss = jwt.claims.value(QStringLiteral("iss")).toString();
    return iss.endsWith(QLatin1String("/v2.0")) || iss.endsWith(QLatin1String("/v2.0/"))
        ? TokenFormat::EntraV2
        : TokenFormat::EntraV1;
}

bool hasAny(const QJsonObject &c, std::initializer_list<const char *> names)
{
    for (const char *n : names) {
        if (c.contains(QLatin1String(n)))
            return true;
    }
    return false;
}

TokenUse useOf(const Jose::Jwt &jwt, TokenFlavour flavour, TokenFormat format, TokenUse hint)
{
    if (hint != TokenUse::Unknown)
        return hint;
    const QJsonObject &c = jwt.claims;
    if (format == TokenFormat::Rfc9068)
        return TokenUse::AccessToken;
    if (flavour == TokenFlavour::GitHubActions || flavour == TokenFlavour::Kubernetes)
        return TokenUse::WorkloadToken;
    if (flavour == TokenFlavour::Entra) {
        // Entra access tokens name the client (appid / azp) and carry scp or idtyp; ID tokens
        // never do.
        return hasAny(c, { "scp", "appid", "azp", "appidacr", "azpacr", "idtyp" }) ? TokenUse::AccessToken
                                                                                   : TokenUse::IdToken;
    }
    const QString cognitoUse = c.value(QStringLiteral("token_use")).toString();
    if (cognitoUse == QLatin1String("id"))
        return TokenUse::IdToken;
    if (cognitoUse == QLatin1String("access"))
        return TokenUse::AccessToken;
    const QString keycloakTyp = c.value(QStringLiteral("typ")).toString();
    if (keycloakTyp == QLatin1String("ID"))
        return TokenUse::IdToken;
    if (keycloakTyp == QLatin1String("Bearer"))
        return TokenUse::AccessToken;
    if (hasAny(c, { "nonce", "at_hash", "c_hash" }))
        return TokenUse::IdToken;
    if (hasAny(c, { "scp", "scope", "client_id", "cid" }))
        return TokenUse::AccessToken;
    return TokenUse::Unknown;
}

QString iso(qint64 seconds)
{
    return Compat::fromSecsSinceEpochUtc(seconds).toString(Qt::ISODate);
}

// ARM accepts its own audience with or without the slash, and under its older name.
QString audienceKey(QString a)
{
    a = a.trimmed().toLower();
    while (a.endsWith(QLatin1Char('/')))
        a.chop(1);
    a.replace(QLatin1String("https://management.core.windows.net"),
              QLatin1String("https://management.azure.com"));
    a.replace(QLatin1String("https://management.core.usgovcloudapi.net"),
              QLatin1String("https://management.usgovcloudapi.net"));
    a.replace(QLatin1String("https://management.core.chinacloudapi.cn"),
              QLatin1String("https://management.chinacloudapi.cn"));
    return a;
}

void add(QList<TokenWarning> &out, QLatin1String code, TokenWarning::Severity severity, QStringList args = {})
{
    out << TokenWarning { QString(code), severity, std::move(args) };
}

QList<TokenWarning> warningsFor(const Jose::Jwt &jwt, TokenUse use, const InspectOptions &o, qint64 now)
{
    using S = TokenWarning::Severity;
    QList<TokenWarning> w;
    const QJsonObject &c = jwt.claims;

    const QString alg = jwt.algorithm();
    if (alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        add(w, Warnings::AlgNone, S::Critical);
    else if (alg.startsWith(QLatin1String("HS"), Qt::CaseInsensitive))
        add(w, Warnings::AlgHmac, S::Critical, { alg });
    else if (!Jose::isSupportedAlgorithm(alg))
        add(w, Warnings::UnusualAlg, S::Warning, { alg });

    for (const QString &name : { QStringLiteral("exp"), QStringLiteral("nbf"), QStringLiteral("iat") }) {
        if (c.contains(name) && !c.value(name).isDouble())
            add(w, Warnings::TimeNotNumeric, S::Warning, { name });
    }
    const bool hasExp = c.value(QStringLiteral("exp")).isDouble();
    const bool hasNbf = c.value(QStringLiteral("nbf")).isDouble();
    const bool hasIat = c.value(QStringLiteral("iat")).isDouble();
    bool inRange[3] = { true, true, true };
    const qint64 exp = clampedSeconds(c.value(QStringLiteral("exp")).toDouble(), &inRange[0]);
    const qint64 nbf = clampedSeconds(c.value(QStringLiteral("nbf")).toDouble(), &inRange[1]);
    const qint64 iat = clampedSeconds(c.value(QStringLiteral("iat")).toDouble(), &inRange[2]);
    const char *const timeNames[3] = { "exp", "nbf", "iat" };
    for (int i = 0; i < 3; ++i) {
        const QJsonValue v = c.value(QLatin1String(timeNames[i]));
        if (v.isDouble() && !inRange[i])
            add(w, Warnings::TimeOutOfRange, S::Warning,
                { QLatin1String(timeNames[i]), QString::number(v.toDouble(), 'g', 17) });
    }

    if (!hasExp && !c.contains(QStringLiteral("exp")))
        add(w, Warnings::MissingExp, S::Warning);
    if (hasExp && exp <= now)
        add(w, Warnings::Expired, S::Warning, { iso(exp), QString::number(now - exp) });
    if (hasNbf && nbf > now + o.skewSeconds)
        add(w, Warnings::NotYetValid, S::Warning, { iso(nbf), QString::number(nbf - now) });
    else if (hasNbf && nbf > now + 60)
        add(w, Warnings::ClockSkew, S::Info, { QStringLiteral("nbf"), QString::number(nbf - now) });
    if (hasIat && iat > now + o.skewSeconds)
        add(w, Warnings::IatInFuture, S::Critical, { iso(iat), QString::number(iat - now) });
    else if (hasIat && iat > now + 60)
        add(w, Warnings::ClockSkew, S::Info, { QStringLiteral("iat"), QString::number(iat - now) });

    if (hasExp && (hasIat || hasNbf)) {
        const qint64 start = hasIat ? iat : nbf;
        const qint64 lifetime = exp - start;
        if (lifetime <= 0)
            add(w, Warnings::InvalidLifetime, S::Critical, { iso(exp), iso(start) });
        else if (lifetime > o.longLifetimeSeconds)
            add(w, Warnings::LongLifetime, S::Warning, { QString::number(lifetime / 3600) });
        else if (lifetime < o.shortLifetimeSeconds)
            add(w, Warnings::ShortLifetime, S::Info, { QString::number(lifetime) });
    }

    if (use == TokenUse::AccessToken && !o.apiAudience.isEmpty()) {
        const QStringList aud = Json::stringList(c.value(QStringLiteral("aud")));
        bool forApi = false;
        for (const QString &a : aud)
            forApi = forApi || audienceKey(a) == audienceKey(o.apiAudience);
        if (!forApi)
            add(w, Warnings::AudienceNotApi, S::Warning, { aud.join(QStringLiteral(", ")), o.apiAudience });
    }

    // Entra group overage: more groups than fit, so the token points at Graph instead.
    const QJsonObject names = c.value(QStringLiteral("_claim_names")).toObject();
    if (names.contains(QStringLiteral("groups"))) {
        const QString source = names.value(QStringLiteral("groups")).toString();
        const QString endpoint = c.value(QStringLiteral("_claim_sources"))
                                     .toObject()
                                     .value(source)
                                     .toObject()
                                     .value(QStringLiteral("endpoint"))
                                     .toString();
        add(w, Warnings::GroupOverage, S::Warning, { endpoint });
    }
    const QJsonValue hasGroups = c.value(QStringLiteral("hasgroups"));
    if ((hasGroups.isBool() && hasGroups.toBool()) || hasGroups.toString() == QLatin1String("true"))
        add(w, Warnings::GroupsDropped, S::Warning);
    return w;
}

SignatureStatus initialSignature(const Jose::Jwt &jwt, TokenUse use, TokenFormat format,
                                 const QString &apiAudience)
{
    SignatureStatus s;
    const QString alg = jwt.algorithm();
    if (alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0) {
        s.state = SignatureStatus::State::Failed;
        s.reason = SignatureReasons::Unsigned;
        return s;
    }
    if (jwt.signature.isEmpty()) {
        s.state = SignatureStatus::State::Failed;
        s.reason = SignatureReasons::SignatureMissing;
        return s;
    }
    if (alg.startsWith(QLatin1String("HS"), Qt::CaseInsensitive)) {
        s.state = SignatureStatus::State::NotVerifiable;
        s.reason = SignatureReasons::HmacSharedSecret;
        s.args = { alg };
        return s;
    }
    // An access token is for its API (RFC 8725 §3.12): RFC 9068 tokens are meant to be checked by
    // anyone holding the issuer's keys; others only by their API. This console's own API's tokens
    // (aud is the profile's apiAudience) it may check like that API does, unless the header
    // carries a `nonce` (Entra signs the hash of it, not the value: not verifiable as sent).
    bool forThisApi = false;
    if (!apiAudience.isEmpty()) {
        const QStringList aud = Json::stringList(jwt.claims.value(QStringLiteral("aud")));
        for (const QString &a : aud)
            forThisApi = forThisApi || audienceKey(a) == audienceKey(apiAudience);
    }
    const bool headerNonce = jwt.header.contains(QStringLiteral("nonce"));
    if (use == TokenUse::AccessToken && format != TokenFormat::Rfc9068 && (!forThisApi || headerNonce)) {
        s.state = SignatureStatus::State::NotVerifiable;
        s.reason = SignatureReasons::AccessTokenForApi;
        s.args = { Json::stringList(jwt.claims.value(QStringLiteral("aud"))).join(QStringLiteral(", ")) };
        return s;
    }
    s.reason = SignatureReasons::KeysNotFetched;
    s.args = { jwt.claims.value(QStringLiteral("iss")).toString() };
    return s;
}

Error refuse(QLatin1String code, const QString &detail = {}, const QStringList &args = {})
{
    return Error::make(Error::Kind::Invalid, code, detail, args);
}

} // namespace

bool TokenInspection::hasWarning(const QString &code) const
{
    for (const TokenWarning &w : warnings) {
        if (w.code == code)
            return true;
    }
    return false;
}

QJsonObject TokenInspection::ticketJson() const
{
    return QJsonObject { { QStringLiteral("header"), jwt.header },
                         { QStringLiteral("payload"), jwt.claims },
                         { QStringLiteral("signature"), QLatin1String(kSignatureRemoved) } };
}

Result<TokenInspection> inspectToken(const QByteArray &input, const InspectOptions &options)
{
    const QByteArray token = normalized(input);
    if (token.isEmpty())
        return refuse(Codes::TokenEmpty);
    if (token.size() > Jose::Jwt::kMaxCompactSize)
        return refuse(Codes::TokenTooLarge, QString(),
                      { QString::number(token.size()), QString::number(Jose::Jwt::kMaxCompactSize) });
    const qsizetype parts = token.count('.') + 1;
    if (parts == 5)
        return refuse(Codes::TokenEncrypted);
    if (parts != 3)
        return refuse(Codes::TokenNotJws, QString(), { QString::number(parts) });
    auto jwt = Jose::Jwt::parse(token);
    if (!jwt)
        return refuse(Codes::TokenMalformed, jwt.error().detail);
    if (depthOf(jwt->header, -1, options.maxDepth) > options.maxDepth
        || depthOf(jwt->claims, -1, options.maxDepth) > options.maxDepth)
        return refuse(Codes::TokenTooDeep, QString(), { QString::number(options.maxDepth) });

    TokenInspection t;
    t.jwt = jwt.value();
    t.inspectedAt = options.clock().toUTC();
    const qint64 now = t.inspectedAt.toSecsSinceEpoch();
    for (auto it = t.jwt.header.begin(); it != t.jwt.header.end(); ++it)
        addEntries(t.entries, ClaimEntry::Section::Header, it.key(), it.key(), it.key(), it.value(), -1, 0,
                   now);
    for (auto it = t.jwt.claims.begin(); it != t.jwt.claims.end(); ++it)
        addEntries(t.entries, ClaimEntry::Section::Payload, it.key(), it.key(), it.key(), it.value(), -1, 0,
                   now);
    t.flavour = flavourOf(t.jwt.claims);
    t.format = formatOf(t.jwt, t.flavour);
    t.use = useOf(t.jwt, t.flavour, t.format, options.hint);
    t.warnings = warningsFor(t.jwt, t.use, options, now);
    // The decoded text as received (Jwt::parse has decoded both parts already, so they decode).
    const QList<QByteArray> pieces = t.jwt.signingInput.split('.');
    if (const auto h = Jose::base64UrlDecode(pieces.value(0)))
        t.rawHeader = h.value();
    if (const auto p = Jose::base64UrlDecode(pieces.value(1)))
        t.rawPayload = p.value();
    for (const auto &[part, raw] :
         { std::pair { "header", &t.rawHeader }, std::pair { "payload", &t.rawPayload } }) {
        const QStringList repeated = duplicateKeys(*raw);
        if (!repeated.isEmpty())
            t.warnings << TokenWarning { QString(Warnings::DuplicateKeys),
                                         TokenWarning::Severity::Critical,
                                         { QLatin1String(part), repeated.join(QStringLiteral(", ")) } };
    }
    t.signature = initialSignature(t.jwt, t.use, t.format, options.apiAudience);
    return t;
}

SignatureStatus verifySignature(const TokenInspection &inspection, const SignatureKeys &keys)
{
    if (inspection.signature.state == SignatureStatus::State::NotVerifiable
        || inspection.signature.state == SignatureStatus::State::Failed)
        return inspection.signature;
    SignatureStatus s;
    if (keys.issuer != inspection.issuer()) {
        s.state = SignatureStatus::State::NotVerifiable;
        s.reason = SignatureReasons::KeysOfOtherIssuer;
        s.args = { inspection.issuer(), keys.issuer };
        return s;
    }
    const auto signer = Jose::verify(inspection.jwt, keys.keys, keys.algorithms);
    if (!signer && signer.error().code == Jose::Codes::CryptoUnavailable) {
        s.state = SignatureStatus::State::NotVerifiable; // not checked, so neither good nor bad
        s.reason = signer.error().code;
        s.detail = signer.error().detail;
        return s;
    }
    if (!signer) {
        s.state = SignatureStatus::State::Failed;
        s.reason = signer.error().code;
        s.args = { inspection.jwt.algorithm(), inspection.jwt.keyId() };
        s.detail = signer.error().detail;
        return s;
    }
    s.state = SignatureStatus::State::Verified;
    s.keyId = signer->kid;
    s.args = { inspection.issuer(), signer->kid };
    return s;
}

} // namespace RestoreDesk::Access
