#include "auth/tokenclient.h"

#include "auth/autherrors.h"
#include "core/jsonutil.h"
#include "jose/jwssignature.h"
#include "jose/jwt.h"

#include <QPointer>

namespace RestoreDesk::Auth {

namespace {

Error cancelled()
{
    return Error::make(Error::Kind::Cancelled, RestoreDesk::Codes::Cancelled);
}

// The token endpoint answers JSON objects, errors included (RFC 6749 §5.2).
Result<QJsonObject> tokenAnswer(const Result<Net::Response> &reply)
{
    if (!reply)
        return reply.error();
    if (reply->status != 200)
        return Net::httpError(reply.value());
    return reply->json();
}

} // namespace

TokenClient::TokenClient(Net::Transport transport, Discovery *discovery, Clock clock, QObject *parent)
    : QObject(parent)
    , m_transport(std::move(transport))
    , m_discovery(discovery)
    , m_clock(std::move(clock))
{ }

TokenClient::~TokenClient()
{
    for (JobBase *job : findChildren<JobBase *>(Qt::FindDirectChildrenOnly))
        job->cancel();
}

QDateTime TokenClient::accessTokenExpiry(const QJsonObject &response, const QByteArray &accessToken,
                                         const QDateTime &now)
{
    const QJsonValue expiresIn = response.value(QStringLiteral("expires_in"));
    qint64 seconds = 0;
    if (expiresIn.isDouble())
        seconds = qint64(expiresIn.toDouble());
    else if (expiresIn.isString()) // some issuers send it as a string
        seconds = expiresIn.toString().toLongLong();
    if (seconds > 0)
        return now.addSecs(seconds);
    if (auto jwt = Jose::Jwt::parse(accessToken)) {
        const QJsonValue exp = jwt->claims.value(QStringLiteral("exp"));
        if (exp.isDouble() && exp.toDouble() > 0)
            return QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble())).toUTC();
    }
    return now.addSecs(kDefaultLifetimeSeconds);
}

void TokenClient::post(const QUrl &url, const QList<QPair<QString, QString>> &form,
                       std::function<void(Result<Net::Response>)> done)
{
    auto *job = Net::NetworkJob::start(m_transport, Net::Request::postForm(url, Net::formBody(form)), this,
                                       std::move(done));
    connect(job, &JobBase::finished, job, &QObject::deleteLater); // freed once it has reported
}

void TokenClient::exchangeCode(const ProviderMetadata &provider, const QString &clientId, const QString &code,
                               const QString &redirectUri, const QByteArray &verifier,
                               const IdTokenExpectations &expect, std::function<void(Result<TokenSet>)> done)
{
    QPointer<TokenClient> self(this);
    post(provider.tokenEndpoint,
         { { QStringLiteral("grant_type"), QStringLiteral("authorization_code") },
           { QStringLiteral("code"), code },
           { QStringLiteral("redirect_uri"), redirectUri },
           { QStringLiteral("client_id"), clientId },
           { QStringLiteral("code_verifier"), QString::fromLatin1(verifier) } },
         [self, provider, expect, done](Result<Net::Response> reply) {
             if (!self)
                 return done(cancelled());
             auto body = tokenAnswer(reply);
             if (!body)
                 return done(body.error());
             self->finishTokenResponse(provider, body.value(), expect, done);
         });
}

void TokenClient::finishTokenResponse(const ProviderMetadata &provider, const QJsonObject &r,
                                      const IdTokenExpectations &expect,
                                      std::function<void(Result<TokenSet>)> done)
{
    TokenSet set;
    set.accessToken = r.value(QStringLiteral("access_token")).toString().toLatin1();
    set.refreshToken = r.value(QStringLiteral("refresh_token")).toString().toLatin1();
    set.idToken = r.value(QStringLiteral("id_token")).toString().toLatin1();
    set.scope = r.value(QStringLiteral("scope")).toString();
    const QDateTime now = m_clock();
    set.accessTokenExpiresAt = accessTokenExpiry(r, set.accessToken, now);
    if (const qint64 rt = qint64(r.value(QStringLiteral("refresh_expires_in")).toDouble()); rt > 0)
        set.refreshTokenExpiresAt = now.addSecs(rt);
    if (set.accessToken.isEmpty())
        return done(Error::make(Error::Kind::Protocol, Codes::NoAccessToken));
    if (set.idToken.isEmpty())
        return done(Error::make(Error::Kind::Protocol, Codes::NoIdToken));
    IdTokenExpectations e = expect;
    e.now = now.toSecsSinceEpoch();
    auto verified = verifyIdToken(set.idToken, provider.keys, e);
    if (verified) {
        set.identity = verified.value();
        return done(set);
    }
    if (verified.error().code != Jose::Codes::UnknownKid || !m_discovery)
        return done(verified.error());
    // The issuer may have rotated its keys: one re-fetch, then the answer stands.
    m_discovery->refreshKeys(provider.issuer, [set, e, done](Result<ProviderMetadata> refreshed) mutable {
        if (!refreshed)
            return done(
                Error::make(Error::Kind::Security, Jose::Codes::UnknownKid, refreshed.error().toString()));
        auto again = verifyIdToken(set.idToken, refreshed->keys, e);
        if (!again)
            return done(again.error());
        set.identity = again.value();
        done(set);
    });
}

void TokenClient::refresh(const ProviderMetadata &provider, const QString &clientId,
                          const QByteArray &refreshToken, const VerifiedIdToken &previous,
                          const QStringList &algorithms, std::function<void(Result<TokenSet>)> done)
{
    QPointer<TokenClient> self(this);
    post(provider.tokenEndpoint,
         { { QStringLiteral("grant_type"), QStringLiteral("refresh_token") },
           { QStringLiteral("refresh_token"), QString::fromLatin1(refreshToken) },
           { QStringLiteral("client_id"), clientId } },
         [self, provider, clientId, refreshToken, previous, algorithms, done](Result<Net::Response> reply) {
             if (!self)
                 return done(cancelled());
             auto answer = tokenAnswer(reply);
             if (!answer)
                 return done(answer.error());
             QJsonObject body = answer.value();
             if (!body.contains(QStringLiteral("refresh_token")))
                 body.insert(QStringLiteral("refresh_token"),
                             QString::fromLatin1(refreshToken)); // not rotated: keep using it
             if (!body.contains(QStringLiteral("id_token"))) {
                 // No new ID token: the identity stays what it was.
                 TokenSet set;
                 set.accessToken = body.value(QStringLiteral("access_token")).toString().toLatin1();
                 set.refreshToken = body.value(QStringLiteral("refresh_token")).toString().toLatin1();
                 set.scope = body.value(QStringLiteral("scope")).toString();
                 set.accessTokenExpiresAt = accessTokenExpiry(body, set.accessToken, self->m_clock());
                 set.identity = previous;
                 if (set.accessToken.isEmpty())
                     return done(Error::make(Error::Kind::Protocol, Codes::NoAccessToken));
                 return done(set);
             }
             IdTokenExpectations expect;
             expect.issuer = provider.issuer;
             expect.clientId = clientId;
             expect.allowedAlgorithms = algorithms;
             self->finishTokenResponse(provider, body, expect, [previous, done](Result<TokenSet> set) {
                 if (!set)
                     return done(set);
                 const QJsonObject &now = set->identity.jwt.claims;
                 const QJsonObject &before = previous.jwt.claims;
                 for (const char *claim : { "iss", "sub", "aud" }) {
                     if (!before.isEmpty()
                         && now.value(QLatin1String(claim)) != before.value(QLatin1String(claim)))
                         return done(Error::make(Error::Kind::Security, Codes::IdentityChanged, {},
                                                 { QLatin1String(claim) }));
                 }
                 done(set);
             });
         });
}

void TokenClient::revoke(const ProviderMetadata &provider, const QString &clientId, const QByteArray &token,
                         const QString &hint, std::function<void(Result<void>)> done)
{
    if (provider.revocationEndpoint.isEmpty())
        return done(Error::make(Error::Kind::Invalid, QStringLiteral("revocation_unsupported")));
    QPointer<TokenClient> self(this);
    post(provider.revocationEndpoint,
         { { QStringLiteral("token"), QString::fromLatin1(token) },
           { QStringLiteral("token_type_hint"), hint },
           { QStringLiteral("client_id"), clientId } },
         [done](Result<Net::Response> reply) {
             if (!reply)
                 return done(reply.error());
             if (reply->status != 200)
                 return done(Net::httpError(reply.value()));
             done(Result<void>());
         });
}

} // namespace RestoreDesk::Auth
