#include "sandbox/tokenvalidator.h"

#include "access/roledefinition.h"
#include "core/jsonutil.h"
#include "jose/jwssignature.h"
#include "jose/jwt.h"
#include "sandbox/loopback.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QUrl>

namespace RestoreDesk::Sandbox {

namespace {

Error unauthorized(const QString &code, const QString &message)
{
    return Error::make(Error::Kind::Auth, code, message).withHttp(401);
}

void getJson(QNetworkAccessManager *nam, const QUrl &url, QObject *context,
             std::function<void(Result<QJsonObject>)> done)
{
    if (!isHttpsOrLoopback(url)) {
        done(Error::make(Error::Kind::Security, QStringLiteral("insecure_url"),
                         QStringLiteral("%1 is neither HTTPS nor loopback.").arg(url.toString())));
        return;
    }
    QNetworkRequest request(url);
    request.setTransferTimeout(10000);
    // The issuer's metadata names where its keys are; a redirect would let that place name another.
    request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
    QNetworkReply *reply = nam->get(request);
    QObject::connect(reply, &QNetworkReply::finished, context, [reply, url, done] {
        reply->deleteLater();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status >= 300 && status < 400) {
            done(Error::make(Error::Kind::Security, QStringLiteral("fetch_failed"),
                             QStringLiteral("%1 answered HTTP %2, a redirect; it is not followed.")
                                 .arg(url.toString())
                                 .arg(status)));
            return;
        }
        if (reply->error() != QNetworkReply::NoError || status != 200) {
            done(Error::make(Error::Kind::Network, QStringLiteral("fetch_failed"),
                             QStringLiteral("%1: %2").arg(url.toString(),
                                                          reply->error() != QNetworkReply::NoError
                                                              ? reply->errorString()
                                                              : QStringLiteral("HTTP %1").arg(status))));
            return;
        }
        done(Json::parseObject(reply->read(1024 * 1024), url.toString()));
    });
}

// The rule of the class comment for a trusted issuer's token; an error names why it is no
// access token.
Result<void> checkAccessTokenKind(const Jose::Jwt &jwt)
{
    auto refuse = [](const QString &why) {
        return Result<void>(
            Error::make(Error::Kind::Auth, QStringLiteral("InvalidAuthenticationToken"),
                        why + QStringLiteral(" An ID token is not accepted as an access token."))
                .withHttp(401));
    };
    QString typ = jwt.type().toLower();
    if (typ.startsWith(QLatin1String("application/")))
        typ = typ.mid(12);
    if (typ == QLatin1String("at+jwt"))
        return {};
    if (!typ.isEmpty() && typ != QLatin1String("jwt"))
        return refuse(QStringLiteral("The token's type \"%1\" is not an access token type.").arg(jwt.type()));
    const QJsonObject &c = jwt.claims;
    for (const char *idOnly : { "nonce", "at_hash", "c_hash", "s_hash" }) {
        if (c.contains(QLatin1String(idOnly)))
            return refuse(
                QStringLiteral("This is an ID token: it carries \"%1\".").arg(QLatin1String(idOnly)));
    }
    if (c.value(QStringLiteral("typ")).toString().compare(QLatin1String("ID"), Qt::CaseInsensitive) == 0
        || c.value(QStringLiteral("token_use")).toString() == QLatin1String("id"))
        return refuse(QStringLiteral("This is an ID token: its claims say so."));
    if (!c.contains(QStringLiteral("scope")) && !c.contains(QStringLiteral("scp")))
        return refuse(QStringLiteral("The token grants no scope (no scope or scp claim), as an ID token."));
    return {};
}

} // namespace

TokenValidator::TokenValidator(QString ownIssuer, QString ownAudience, OwnKeys ownKeys, FamilyRevoked revoked,
                               QList<TrustedIssuer> trusted, Clock clock, QObject *parent)
    : QObject(parent)
    , m_clock(std::move(clock))
    , m_ownIssuer(std::move(ownIssuer))
    , m_ownAudience(std::move(ownAudience))
    , m_ownKeys(std::move(ownKeys))
    , m_revoked(std::move(revoked))
    , m_nam(new QNetworkAccessManager(this))
{
    for (const TrustedIssuer &t : trusted)
        m_trusted << Trusted { t, {}, {}, {} };
}

void TokenValidator::prepare(std::function<void(Result<void>)> done)
{
    if (m_trusted.isEmpty()) {
        done(Result<void>());
        return;
    }
    auto remaining = std::make_shared<int>(int(m_trusted.size()));
    auto firstError = std::make_shared<std::optional<Error>>();
    for (int i = 0; i < m_trusted.size(); ++i) {
        fetchKeys(i, [remaining, firstError, done](Result<void> r) {
            if (!r && !firstError->has_value())
                *firstError = r.error();
            if (--*remaining == 0)
                done(firstError->has_value() ? Result<void>(firstError->value()) : Result<void>());
        });
    }
}

void TokenValidator::fetchKeys(int index, std::function<void(Result<void>)> done)
{
    m_trusted[index].lastFetch = m_clock();
    const QString issuer = m_trusted.at(index).config.issuer;
    const QUrl discovery(issuer + QStringLiteral("/.well-known/openid-configuration"));
    getJson(m_nam, discovery, this, [this, index, issuer, done](Result<QJsonObject> meta) {
        if (!meta)
            return done(meta.error());
        if (meta->value(QStringLiteral("issuer")).toString() != issuer)
            return done(Error::make(Error::Kind::Security, QStringLiteral("issuer_mismatch"),
                                    QStringLiteral("Discovery of %1 names another issuer.").arg(issuer)));
        const QUrl jwksUri(meta->value(QStringLiteral("jwks_uri")).toString());
        getJson(m_nam, jwksUri, this, [this, index, done](Result<QJsonObject> jwks) {
            if (!jwks)
                return done(jwks.error());
            auto set = Jose::JwkSet::fromJson(QJsonDocument(jwks.value()).toJson());
            if (!set)
                return done(set.error());
            m_trusted[index].keys = set.value();
            done(Result<void>());
        });
    });
}

Result<void> TokenValidator::verifySignature(const QByteArray &token, const Jose::Jwt &jwt,
                                             const Jose::JwkSet &keys) const
{
    // A client sends the same token with every request: its signature is checked once per key.
    // A token seen before is taken as signed only while the very key that verified it is still
    // one of its candidates (same kid, algorithm and key material); a rotated-away key, or
    // another set, verifies afresh. Everything else (expiry, audience, revocation) is checked on
    // every request.
    if (const auto seen = m_verified.constFind(token); seen != m_verified.cend()) {
        const QList<Jose::Jwk> candidates = keys.candidates(jwt.keyId(), jwt.algorithm());
        for (const Jose::Jwk &k : candidates) {
            if (k.raw == *seen)
                return {};
        }
    }
    auto signer = Jose::verify(jwt, keys, Jose::supportedAlgorithms());
    if (!signer)
        return signer.error();
    if (m_verified.size() >= kVerifiedTokens)
        m_verified.clear(); // bounded: a long soak with short-lived tokens starts again
    m_verified.insert(token, signer->raw);
    return {};
}

Result<Jose::Jwt> TokenValidator::parse(const QByteArray &token, bool *seenBefore) const
{
    // A client sends the same token with every request, and decoding it (base64url, two JSON
    // documents) was about half of the check. Parsing says nothing about trust: the parts of a
    // token seen before, looked up by its exact bytes, are what parsing it again would give, and
    // every check below (signature, issuer, kind, expiry, not-before, audience, revocation) still
    // runs on every request. Only tokens whose signature verified are remembered (check()),
    // bounded like m_verified.
    const auto seen = m_parsed.constFind(token);
    *seenBefore = seen != m_parsed.cend();
    if (*seenBefore)
        return *seen;
    return Jose::Jwt::parse(token);
}

Result<Principal> TokenValidator::check(const QByteArray &token, bool *unknownKid, int *trustedIndex) const
{
    *unknownKid = false;
    *trustedIndex = -1;
    bool parsedBefore = false;
    auto jwt = parse(token, &parsedBefore);
    if (!jwt)
        return unauthorized(QStringLiteral("InvalidAuthenticationToken"),
                            QStringLiteral("The access token is malformed: ") + jwt.error().detail);
    const QString alg = jwt->algorithm();
    if (!Jose::isSupportedAlgorithm(alg))
        return unauthorized(QStringLiteral("InvalidAuthenticationToken"),
                            QStringLiteral("The access token's algorithm \"%1\" is not accepted.").arg(alg));
    const QJsonObject &c = jwt->claims;
    const QString iss = c.value(QStringLiteral("iss")).toString();

    Jose::JwkSet keys;
    QString audience;
    const TrustedIssuer *trusted = nullptr;
    if (iss == m_ownIssuer) {
        keys = m_ownKeys();
        audience = m_ownAudience;
        if (jwt->type().compare(QLatin1String("at+jwt"), Qt::CaseInsensitive) != 0)
            return unauthorized(
                QStringLiteral("InvalidAuthenticationToken"),
                QStringLiteral(
                    "This is not an access token (typ is not at+jwt); an ID token is not accepted."));
    } else {
        for (int i = 0; i < m_trusted.size(); ++i) {
            if (m_trusted.at(i).config.issuer == iss) {
                trusted = &m_trusted.at(i).config;
                keys = m_trusted.at(i).keys;
                audience = trusted->audience;
                *trustedIndex = i;
            }
        }
        if (!trusted)
            return unauthorized(
                QStringLiteral("InvalidAuthenticationTokenTenant"),
                QStringLiteral("The access token is from an issuer this API does not trust."));
    }
    if (auto signer = verifySignature(token, jwt.value(), keys); !signer) {
        *unknownKid = signer.error().code == Jose::Codes::UnknownKid
            || signer.error().code == QLatin1String("key_mismatch");
        return unauthorized(
            QStringLiteral("InvalidAuthenticationToken"),
            *unknownKid ? QStringLiteral("No key of the issuer matches the token's kid and algorithm.")
                        : QStringLiteral("The access token's signature is invalid."));
    }
    if (!parsedBefore) {
        if (m_parsed.size() >= kVerifiedTokens)
            m_parsed.clear();
        m_parsed.insert(token, jwt.value());
    }

    if (trusted) {
        if (auto kind = checkAccessTokenKind(jwt.value()); !kind)
            return kind.error();
    }

    const qint64 now = m_clock().toSecsSinceEpoch();
    if (!c.value(QStringLiteral("exp")).isDouble())
        return unauthorized(QStringLiteral("InvalidAuthenticationToken"),
                            QStringLiteral("The access token has no expiry."));
    if (qint64(c.value(QStringLiteral("exp")).toDouble()) + m_skew < now)
        return unauthorized(QStringLiteral("ExpiredAuthenticationToken"),
                            QStringLiteral("The access token has expired."));
    if (c.value(QStringLiteral("nbf")).isDouble()
        && qint64(c.value(QStringLiteral("nbf")).toDouble()) - m_skew > now)
        return unauthorized(QStringLiteral("InvalidAuthenticationToken"),
                            QStringLiteral("The access token is not valid yet."));
    if (!Json::stringList(c.value(QStringLiteral("aud"))).contains(audience))
        return unauthorized(QStringLiteral("InvalidAuthenticationToken"),
                            QStringLiteral("The access token is for another audience."));

    Principal p;
    p.issuer = iss;
    p.subject = c.value(QStringLiteral("sub")).toString();
    p.name = c.value(QStringLiteral("name")).toString();
    p.username = c.value(QStringLiteral("preferred_username")).toString();
    p.tenantId = c.value(QStringLiteral("tid")).toString();
    p.clientId = c.value(QStringLiteral("client_id")).toString();
    if (trusted) {
        const QJsonValue principal = Json::valueAtPath(c, trusted->principalClaim);
        p.objectId = principal.isString() ? principal.toString() : p.subject;
        for (const QString &claim : trusted->groupClaims)
            p.groups << Json::stringList(Json::valueAtPath(c, claim));
        for (const QString &claim : trusted->roleClaims)
            p.roles << Json::stringList(Json::valueAtPath(c, claim));
        for (const QString &value : p.groups + p.roles) {
            const QString role = trusted->roleMapping.value(value);
            if (!role.isEmpty() && !p.mappedRoles.contains(role))
                p.mappedRoles << role;
        }
        p.mappedScope = trusted->scope;
    } else {
        p.objectId = c.value(QStringLiteral("oid")).toString();
        p.groups = Json::stringList(c.value(QStringLiteral("groups")));
        p.roles = Json::stringList(c.value(QStringLiteral("roles")));
        const QString family = c.value(QStringLiteral("sid")).toString();
        if (!family.isEmpty() && m_revoked && m_revoked(family))
            return unauthorized(QStringLiteral("InvalidAuthenticationToken"),
                                QStringLiteral("The access token was revoked."));
    }
    if (p.objectId.isEmpty())
        return unauthorized(QStringLiteral("InvalidAuthenticationToken"),
                            QStringLiteral("The access token names no principal."));
    return p;
}

void TokenValidator::validate(const QByteArray &authorizationHeader,
                              std::function<void(Result<Principal>)> done)
{
    if (!authorizationHeader.startsWith("Bearer ") && !authorizationHeader.startsWith("bearer ")) {
        done(unauthorized(
            QStringLiteral("AuthenticationFailed"),
            QStringLiteral(
                "Authentication failed. The 'Authorization' header is missing or not a bearer token.")));
        return;
    }
    const QByteArray token = authorizationHeader.mid(7).trimmed();
    bool unknownKid = false;
    int trustedIndex = -1;
    Result<Principal> first = check(token, &unknownKid, &trustedIndex);
    if (first || !unknownKid || trustedIndex < 0) {
        done(first);
        return;
    }
    // Unknown kid at a trusted issuer: re-fetch its keys once, at most every 30 s.
    if (m_trusted.at(trustedIndex).lastFetch.secsTo(m_clock()) < 30) {
        done(first);
        return;
    }
    fetchKeys(trustedIndex, [this, token, done](Result<void>) {
        bool again = false;
        int idx = -1;
        done(check(token, &again, &idx));
    });
}

} // namespace RestoreDesk::Sandbox
