#include "access/tokeninspection.h"

#include "core/qtcompat.h"

#include "access/accesscodes.h"
#include "core/jsonutil.h"
#include "jose/jwssignature.h"

#include <QJsonArray>
#include <QUrl>

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
        const qint64 seconds = qint64(value.toDouble());
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
    const qint64 exp = qint64(c.value(QStringLiteral("exp")).toDouble());
    const qint64 nbf = qint64(c.value(QStringLiteral("nbf")).toDouble());
    const qint64 iat = qint64(c.value(QStringLiteral("iat")).toDouble());

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

SignatureStatus initialSignature(const Jose::Jwt &jwt, TokenUse use, TokenFormat format)
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
    // An access token is for its API (RFC 8725 §3.12); only RFC 9068 tokens are meant to be
    // checked by anyone holding the issuer's keys (Entra's, for one, are not).
    if (use == TokenUse::AccessToken && format != TokenFormat::Rfc9068) {
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
    t.signature = initialSignature(t.jwt, t.use, t.format);
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
