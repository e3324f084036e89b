#include "auth/tokenclient.h"

#include "core/jsonutil.h"

namespace RestoreDesk::Auth {

TokenClient::TokenClient(HttpJson http, Discovery *discovery, QObject *parent)
    : QObject(parent)
    , m_http(std::move(http))
    , m_discovery(discovery)
{ }

void TokenClient::finishTokenResponse(const ProviderMetadata &provider, const QJsonObject &r,
                                      const IdTokenExpectations &expect,
                                      std::function<void(Result<TokenSet>)> done)
{
    TokenSet set;
    set.accessToken = r.value(QStringLiteral("access_token")).toString().toLatin1();
    set.refreshToken = r.value(QStringLiteral("refresh_token")).toString().toLatin1();
    set.idToken = r.value(QStringLiteral("id_token")).toString().toLatin1();
    set.scope = r.value(QStringLiteral("scope")).toString();
    const int expiresIn = r.value(QStringLiteral("expires_in")).toInt(3600);
    set.accessTokenExpiresAt = QDateTime::currentDateTimeUtc().addSecs(expiresIn > 0 ? expiresIn : 3600);
    if (set.accessToken.isEmpty())
        return done(Error::make(Error::Kind::Protocol, QStringLiteral("no_access_token"),
                                QStringLiteral("The token response carries no access token.")));
    if (set.idToken.isEmpty())
        return done(Error::make(
            Error::Kind::Protocol, QStringLiteral("no_id_token"),
            QStringLiteral("The token response carries no ID token; is the openid scope granted?")));
    auto verified = verifyIdToken(set.idToken, provider.keys, expect);
    if (verified) {
        set.identity = verified.value();
        return done(set);
    }
    if (verified.error().code != QLatin1String("unknown_kid") || !m_discovery)
        return done(verified.error());
    // The issuer may have rotated its keys: one re-fetch, then the answer stands.
    m_discovery->refreshKeys(
        provider.issuer, [set, expect, done](Result<ProviderMetadata> refreshed) mutable {
            if (!refreshed)
                return done(Error::make(
                    Error::Kind::Security, QStringLiteral("unknown_kid"),
                    QStringLiteral(
                        "The ID token's key is unknown and the issuer's keys could not be re-read: ")
                        + refreshed.error().detail));
            auto again = verifyIdToken(set.idToken, refreshed->keys, expect);
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
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("grant_type"), QStringLiteral("refresh_token"));
    form.addQueryItem(QStringLiteral("refresh_token"),
                      QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(refreshToken))));
    form.addQueryItem(QStringLiteral("client_id"), QString::fromLatin1(QUrl::toPercentEncoding(clientId)));
    m_http.postForm(
        provider.tokenEndpoint, form, this,
        [this, provider, clientId, refreshToken, previous, algorithms, done](Result<JsonReply> reply) {
            if (!reply)
                return done(reply.error());
            if (reply->status != 200)
                return done(oauthError(reply.value(), QStringLiteral("token endpoint")));
            QJsonObject body = reply->body;
            if (!body.contains(QStringLiteral("refresh_token")))
                body.insert(QStringLiteral("refresh_token"),
                            QString::fromLatin1(refreshToken)); // not rotated: keep using it
            IdTokenExpectations expect;
            expect.issuer = provider.issuer;
            expect.clientId = clientId;
            expect.allowedAlgorithms = algorithms;
            if (!body.contains(QStringLiteral("id_token"))) {
                // No new ID token: the identity stays what it was.
                TokenSet set;
                set.accessToken = body.value(QStringLiteral("access_token")).toString().toLatin1();
                set.refreshToken = body.value(QStringLiteral("refresh_token")).toString().toLatin1();
                set.scope = body.value(QStringLiteral("scope")).toString();
                set.accessTokenExpiresAt = QDateTime::currentDateTimeUtc().addSecs(
                    body.value(QStringLiteral("expires_in")).toInt(3600));
                set.identity = previous;
                if (set.accessToken.isEmpty())
                    return done(Error::make(Error::Kind::Protocol, QStringLiteral("no_access_token"),
                                            QStringLiteral("The refresh answer carries no access token.")));
                return done(set);
            }
            finishTokenResponse(provider, body, expect, [previous, done](Result<TokenSet> set) {
                if (!set)
                    return done(set);
                const QJsonObject &now = set->identity.jwt.claims;
                const QJsonObject &before = previous.jwt.claims;
                for (const char *claim : { "iss", "sub", "aud" }) {
                    if (!before.isEmpty()
                        && now.value(QLatin1String(claim)) != before.value(QLatin1String(claim)))
                        return done(Error::make(
                            Error::Kind::Security, QStringLiteral("identity_changed"),
                            QStringLiteral(
                                "The refreshed ID token names a different %1; signing out for safety.")
                                .arg(QLatin1String(claim))));
                }
                done(set);
            });
        });
}

void TokenClient::revoke(const ProviderMetadata &provider, const QString &clientId, const QByteArray &token,
                         const QString &hint, std::function<void(Result<void>)> done)
{
    if (provider.revocationEndpoint.isEmpty())
        return done(Error::make(Error::Kind::Invalid, QStringLiteral("revocation_unsupported"),
                                QStringLiteral("The issuer advertises no revocation endpoint.")));
    QUrlQuery form;
    form.addQueryItem(QStringLiteral("token"),
                      QString::fromLatin1(QUrl::toPercentEncoding(QString::fromLatin1(token))));
    form.addQueryItem(QStringLiteral("token_type_hint"), hint);
    form.addQueryItem(QStringLiteral("client_id"), QString::fromLatin1(QUrl::toPercentEncoding(clientId)));
    m_http.postForm(provider.revocationEndpoint, form, this, [done](Result<JsonReply> reply) {
        if (!reply)
            return done(reply.error());
        if (reply->status != 200)
            return done(oauthError(reply.value(), QStringLiteral("revocation endpoint")));
        done(Result<void>());
    });
}

} // namespace RestoreDesk::Auth
