#include "auth/discovery.h"

#include "auth/autherrors.h"
#include "core/jsonutil.h"

#include <QPointer>
#include <QRegularExpression>

namespace RestoreDesk::Auth {

namespace {

Error security(QLatin1String code, const QStringList &args)
{
    return Error::make(Error::Kind::Security, code, {}, args);
}

Error cancelled()
{
    return Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled);
}

} // namespace

Discovery::Discovery(Net::Transport transport, Clock clock, QObject *parent)
    : QObject(parent)
    , m_transport(std::move(transport))
    , m_clock(std::move(clock))
{ }

Discovery::~Discovery()
{
    // Callers hear `cancelled` while this object is still whole.
    for (JobBase *job : findChildren<JobBase *>(Qt::FindDirectChildrenOnly))
        job->cancel();
}

qint64 Discovery::maxAge(const Net::Response &response)
{
    const QString cc = QString::fromLatin1(response.header("Cache-Control")).toLower();
    if (cc.contains(QLatin1String("no-store")) || cc.contains(QLatin1String("no-cache")))
        return 0;
    static const QRegularExpression re(QStringLiteral("(?:^|[,\\s])max-age\\s*=\\s*\"?(\\d{1,10})"));
    const auto m = re.match(cc);
    if (m.hasMatch())
        return m.captured(1).toLongLong();
    return kDefaultMaxAgeSeconds;
}

void Discovery::get(const QUrl &url, std::function<void(Result<Net::Response>)> done)
{
    ++m_requests;
    auto *job = Net::NetworkJob::start(m_transport, Net::Request::get(url), this, std::move(done));
    connect(job, &JobBase::finished, job, &QObject::deleteLater); // freed once it has reported
}

void Discovery::fetch(const QString &issuer, std::function<void(Result<ProviderMetadata>)> done)
{
    const QDateTime now = m_clock();
    const auto cached = m_cache.constFind(issuer);
    if (cached != m_cache.cend()) {
        if (cached->metadataExpiresAt > now && cached->keysExpiresAt > now)
            return done(cached.value());
        if (cached->metadataExpiresAt > now) // only the keys went stale
            return fetchKeys(cached.value(), std::move(done));
    }
    const QUrl issuerUrl(issuer);
    if (!Net::isSecureOrLoopback(issuerUrl))
        return done(security(Codes::InsecureIssuer, { issuer }));
    QString base = issuer;
    while (base.endsWith(QLatin1Char('/')))
        base.chop(1);
    const QUrl url(base + QStringLiteral("/.well-known/openid-configuration"));
    QPointer<Discovery> self(this);
    get(url, [self, issuer, done](Result<Net::Response> reply) {
        if (!self)
            return done(cancelled());
        if (!reply)
            return done(reply.error());
        if (reply->status != 200)
            return done(Error::make(Error::Kind::Http, Codes::DiscoveryFailed, {}, { issuer })
                            .withHttp(reply->status, reply->correlationId()));
        auto body = reply->json();
        if (!body)
            return done(body.error());
        auto parsed = parseMetadata(issuer, body.value());
        if (!parsed)
            return done(parsed.error());
        ProviderMetadata md = parsed.value();
        md.metadataExpiresAt = self->m_clock().addSecs(maxAge(reply.value()));
        self->fetchKeys(md, done);
    });
}

Result<ProviderMetadata> Discovery::parseMetadata(const QString &issuer, const QJsonObject &m)
{
    const QUrl issuerUrl(issuer);
    const QString advertised = m.value(QStringLiteral("issuer")).toString();
    if (advertised != issuer)
        return security(Codes::IssuerMismatch, { advertised, issuer });
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
    md.idTokenAlgorithms = Json::stringList(m.value(QStringLiteral("id_token_signing_alg_values_supported")));
    md.codeChallengeMethods = Json::stringList(m.value(QStringLiteral("code_challenge_methods_supported")));

    const bool httpsIssuer = issuerUrl.scheme() == QLatin1String("https");
    const std::pair<const char *, const QUrl *> all[]
        = { { "authorization_endpoint", &md.authorizationEndpoint },
            { "token_endpoint", &md.tokenEndpoint },
            { "jwks_uri", &md.jwksUri },
            { "userinfo_endpoint", &md.userinfoEndpoint },
            { "revocation_endpoint", &md.revocationEndpoint },
            { "end_session_endpoint", &md.endSessionEndpoint } };
    for (int i = 0; i < 3; ++i) {
        if (all[i].second->isEmpty())
            return Error::make(Error::Kind::Protocol, Codes::MissingEndpoint, {},
                               { QLatin1String(all[i].first), issuer });
    }
    for (const auto &[name, endpoint] : all) {
        if (endpoint->isEmpty())
            continue;
        // An HTTPS issuer may not send tokens or keys over plain HTTP, loopback or not.
        const bool ok = httpsIssuer ? endpoint->scheme() == QLatin1String("https") && endpoint->isValid()
                && !endpoint->host().isEmpty()
                                    : Net::isSecureOrLoopback(*endpoint);
        if (!ok)
            return security(Codes::InsecureEndpoint,
                            { QLatin1String(name), endpoint->toString(QUrl::RemoveQuery), issuer });
    }
    return md;
}

void Discovery::fetchKeys(ProviderMetadata md, std::function<void(Result<ProviderMetadata>)> done)
{
    QPointer<Discovery> self(this);
    get(md.jwksUri, [self, md, done](Result<Net::Response> reply) mutable {
        if (!self)
            return done(cancelled());
        if (!reply)
            return done(reply.error());
        if (reply->status != 200) // a redirect is not followed: keys come from jwks_uri itself
            return done(Error::make(Error::Kind::Http, Codes::JwksFailed, {}, { md.jwksUri.toString() })
                            .withHttp(reply->status, reply->correlationId()));
        auto keys = Jose::JwkSet::fromJson(reply->body);
        if (!keys)
            return done(keys.error());
        if (keys->keys.isEmpty())
            return done(security(Codes::JwksEmpty, { md.issuer }));
        md.keys = keys.value();
        md.keysFetchedAt = self->m_clock();
        md.keysExpiresAt = md.keysFetchedAt.addSecs(maxAge(reply.value()));
        self->m_cache.insert(md.issuer, md);
        done(md);
    });
}

void Discovery::refreshKeys(const QString &issuer, std::function<void(Result<ProviderMetadata>)> done)
{
    const auto cached = m_cache.constFind(issuer);
    if (cached == m_cache.cend())
        return fetch(issuer, std::move(done));
    const QDateTime now = m_clock();
    const QDateTime last = m_lastRefetch.value(issuer);
    if (last.isValid() && last.secsTo(now) < kMinSecondsBetweenKeyFetches)
        return done(security(Codes::KeysRateLimited, { issuer }));
    m_lastRefetch.insert(issuer, now);
    fetchKeys(cached.value(), std::move(done));
}

} // namespace RestoreDesk::Auth
