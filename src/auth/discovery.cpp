#include "auth/discovery.h"

#include "auth/profile.h"
#include "core/jsonutil.h"

#include <QJsonDocument>

namespace RestoreDesk::Auth {

namespace {

Error discoveryError(const char *code, const QString &message)
{
    return Error::make(Error::Kind::Security, QLatin1String(code), message);
}

} // namespace

Discovery::Discovery(HttpJson http, QObject *parent)
    : QObject(parent)
    , m_http(std::move(http))
{ }

void Discovery::fetch(const QString &issuer, std::function<void(Result<ProviderMetadata>)> done)
{
    const auto cached = m_cache.constFind(issuer);
    if (cached != m_cache.cend())
        return done(cached.value());
    const QUrl issuerUrl(issuer);
    if (!isSecureOrLoopback(issuerUrl))
        return done(discoveryError(
            "insecure_issuer",
            QStringLiteral("The issuer %1 is not HTTPS; only a loopback issuer may use plain HTTP.")
                .arg(issuer)));
    QString base = issuer;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QUrl url(base + QStringLiteral("/.well-known/openid-configuration"));
    m_http.get(url, this, [this, issuer, done](Result<JsonReply> reply) {
        if (!reply)
            return done(reply.error());
        if (reply->status != 200)
            return done(
                Error::make(
                    Error::Kind::Http, QStringLiteral("discovery_failed"),
                    QStringLiteral("Discovery at %1 answered HTTP %2.").arg(issuer).arg(reply->status))
                    .withHttp(reply->status));
        const QJsonObject &m = reply->body;
        const QString advertised = m.value(QStringLiteral("issuer")).toString();
        if (advertised != issuer)
            return done(discoveryError(
                "issuer_mismatch",
                QStringLiteral(
                    "The discovery document names issuer \"%1\", not the configured \"%2\" (mix-up defence).")
                    .arg(advertised, issuer)));
        ProviderMetadata md;
        md.issuer = advertised;
        md.authorizationEndpoint = QUrl(m.value(QStringLiteral("authorization_endpoint")).toString());
        md.tokenEndpoint = QUrl(m.value(QStringLiteral("token_endpoint")).toString());
        md.jwksUri = QUrl(m.value(QStringLiteral("jwks_uri")).toString());
        md.userinfoEndpoint = QUrl(m.value(QStringLiteral("userinfo_endpoint")).toString());
        md.revocationEndpoint = QUrl(m.value(QStringLiteral("revocation_endpoint")).toString());
        md.endSessionEndpoint = QUrl(m.value(QStringLiteral("end_session_endpoint")).toString());
        md.issParameterSupported
            = m.value(QStringLiteral("authorization_response_iss_parameter_supported")).toBool();
        md.idTokenAlgorithms
            = Json::stringList(m.value(QStringLiteral("id_token_signing_alg_values_supported")));
        md.codeChallengeMethods
            = Json::stringList(m.value(QStringLiteral("code_challenge_methods_supported")));
        for (const QUrl *endpoint : { &md.authorizationEndpoint, &md.tokenEndpoint, &md.jwksUri }) {
            if (!isSecureOrLoopback(*endpoint))
                return done(discoveryError(
                    "insecure_endpoint",
                    QStringLiteral("The discovery document names %1, which is neither HTTPS nor loopback.")
                        .arg(endpoint->toString())));
        }
        for (const QUrl *endpoint :
             { &md.revocationEndpoint, &md.endSessionEndpoint, &md.userinfoEndpoint }) {
            if (!endpoint->isEmpty() && !isSecureOrLoopback(*endpoint))
                *const_cast<QUrl *>(endpoint) = QUrl(); // an unusable optional endpoint is ignored
        }
        fetchKeys(md, done);
    });
}

void Discovery::fetchKeys(ProviderMetadata md, std::function<void(Result<ProviderMetadata>)> done)
{
    m_http.get(md.jwksUri, this, [this, md, done](Result<JsonReply> reply) mutable {
        if (!reply)
            return done(reply.error());
        if (reply->status != 200)
            return done(Error::make(Error::Kind::Http, QStringLiteral("jwks_failed"),
                                    QStringLiteral("The JWKS at %1 answered HTTP %2.")
                                        .arg(md.jwksUri.toString())
                                        .arg(reply->status)));
        auto keys = Jose::JwkSet::fromJson(QJsonDocument(reply->body).toJson(QJsonDocument::Compact));
        if (!keys)
            return done(keys.error());
        if (keys->keys.isEmpty())
            return done(
                discoveryError("jwks_empty", QStringLiteral("The issuer publishes no usable signing key.")));
        md.keys = keys.value();
        md.keysFetchedAt = QDateTime::currentDateTimeUtc();
        m_cache.insert(md.issuer, md);
        done(md);
    });
}

void Discovery::refreshKeys(const QString &issuer, std::function<void(Result<ProviderMetadata>)> done)
{
    const auto cached = m_cache.constFind(issuer);
    if (cached == m_cache.cend())
        return fetch(issuer, std::move(done));
    const QDateTime last = m_lastRefetch.value(issuer);
    if (last.isValid() && last.secsTo(QDateTime::currentDateTimeUtc()) < kMinSecondsBetweenKeyFetches)
        return done(Error::make(
            Error::Kind::Security, QStringLiteral("rate_limited"),
            QStringLiteral("The issuer's keys were fetched less than a minute ago; not fetching again.")));
    m_lastRefetch.insert(issuer, QDateTime::currentDateTimeUtc());
    fetchKeys(cached.value(), std::move(done));
}

} // namespace RestoreDesk::Auth
