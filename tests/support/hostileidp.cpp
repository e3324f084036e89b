#include "hostileidp.h"

#include "core/qtcompat.h"
#include "jose/randomtoken.h"

#include <QEventLoop>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTimer>
#include <QUrlQuery>

namespace RestoreDesk::Test {

namespace {

QHttpServerResponse json(const QJsonObject &o,
                         QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QJsonDocument(o).toJson(QJsonDocument::Compact), status);
}

QHttpServerResponse redirect(const QUrl &to)
{
    QHttpServerResponse r(QHttpServerResponse::StatusCode::Found);
    Compat::setResponseHeader(r, QByteArrayLiteral("Location"), to.toString(QUrl::FullyEncoded).toUtf8());
    return r;
}

} // namespace

HostileIdp::HostileIdp()
    : m_key(std::make_unique<TestSigner>(QStringLiteral("RS256"), QStringLiteral("hostile-1")))
    , m_rotated(std::make_unique<TestSigner>(QStringLiteral("RS256"), QStringLiteral("hostile-2")))
{ }

HostileIdp::~HostileIdp() = default;

QByteArray HostileIdp::sign(const QJsonObject &header, const QJsonObject &claims) const
{
    return m_key->sign(header, claims);
}

bool HostileIdp::start(QString *error)
{
    const quint16 port = Compat::listenOnLoopback(m_server, 0);
    if (!port) {
        *error = QStringLiteral("the hostile IdP could not listen");
        return false;
    }
    m_issuer = QStringLiteral("http://127.0.0.1:%1").arg(port);
    m_server.route(QStringLiteral("/.well-known/openid-configuration"), [this] {
        QJsonObject doc {
            { QStringLiteral("issuer"),
              behaviour.discoveryIssuer.isEmpty() ? m_issuer : behaviour.discoveryIssuer },
            { QStringLiteral("authorization_endpoint"), m_issuer + QStringLiteral("/authorize") },
            { QStringLiteral("token_endpoint"),
              behaviour.tokenEndpoint.isEmpty() ? m_issuer + QStringLiteral("/token")
                                                : behaviour.tokenEndpoint.toString() },
            { QStringLiteral("jwks_uri"),
              m_issuer + (behaviour.redirectJwks ? QStringLiteral("/moved/keys") : QStringLiteral("/jwks")) },
            { QStringLiteral("revocation_endpoint"), m_issuer + QStringLiteral("/revoke") },
            { QStringLiteral("id_token_signing_alg_values_supported"),
              QJsonArray { QStringLiteral("RS256"), QStringLiteral("none"), QStringLiteral("HS256") } },
            { QStringLiteral("code_challenge_methods_supported"), QJsonArray { QStringLiteral("S256") } },
            { QStringLiteral("authorization_response_iss_parameter_supported"), behaviour.advertiseIss }
        };
        if (!behaviour.advertiseRevocation)
            doc.remove(QStringLiteral("revocation_endpoint"));
        return json(doc);
    });
    m_server.route(QStringLiteral("/jwks"), [this] {
        ++m_jwksFetches;
        QJsonArray keys { m_key->publicJwk() };
        if (behaviour.rotateAfterFirstJwksFetch && m_jwksFetches > 1)
            keys.append(m_rotated->publicJwk());
        return json(QJsonObject { { QStringLiteral("keys"), keys } });
    });
    m_server.route(QStringLiteral("/moved/keys"),
                   [this] { return redirect(QUrl(m_issuer + QStringLiteral("/jwks"))); });
    m_server.route(QStringLiteral("/authorize"), [this](const QHttpServerRequest &request) {
        const QUrlQuery q(request.url());
        QUrl back(q.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded));
        m_nonce = q.queryItemValue(QStringLiteral("nonce"), QUrl::FullyDecoded);
        m_redirectUri = back.toString();
        QString state = q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded);
        QUrlQuery answer;
        switch (behaviour.callback) {
        case Callback::WrongState:
            state = QStringLiteral("forged-state");
            break;
        case Callback::NoState:
            state.clear();
            break;
        case Callback::WrongPath:
            back.setPath(QStringLiteral("/elsewhere"));
            break;
        default:
            break;
        }
        if (behaviour.callback == Callback::AccessDenied) {
            answer.addQueryItem(QStringLiteral("error"), QStringLiteral("access_denied"));
            answer.addQueryItem(QStringLiteral("error_description"), QStringLiteral("The user said no"));
        } else if (behaviour.callback != Callback::NoCode) {
            answer.addQueryItem(QStringLiteral("code"),
                                QStringLiteral("code-") + QString::fromLatin1(Jose::randomUrlSafe(8)));
        }
        if (!state.isEmpty())
            answer.addQueryItem(QStringLiteral("state"), state);
        if (behaviour.callback == Callback::WrongIss)
            answer.addQueryItem(
                QStringLiteral("iss"),
                QString::fromLatin1(QUrl::toPercentEncoding(QStringLiteral("https://evil.example"))));
        else if (behaviour.callback != Callback::NoIss)
            answer.addQueryItem(QStringLiteral("iss"),
                                QString::fromLatin1(QUrl::toPercentEncoding(m_issuer)));
        back.setQuery(answer);
        return redirect(back);
    });
    m_server.route(QStringLiteral("/revoke"), [this](const QHttpServerRequest &request) {
        if (!behaviour.revocationSucceeds)
            return QHttpServerResponse(QHttpServerResponse::StatusCode::NotFound);
        const QUrlQuery form(QString::fromLatin1(request.body()));
        m_revokedTokens << form.queryItemValue(QStringLiteral("token"), QUrl::FullyDecoded).toLatin1();
        return QHttpServerResponse(QHttpServerResponse::StatusCode::Ok);
    });
    m_server.route(QStringLiteral("/token"), [this](const QHttpServerRequest &) {
        ++m_tokenRequests;
        if (behaviour.token == Token::ServerError)
            return QHttpServerResponse(QByteArrayLiteral("text/html"),
                                       QByteArrayLiteral("<h1>Internal error</h1>"),
                                       QHttpServerResponse::StatusCode::InternalServerError);
        if (behaviour.token == Token::ErrorBody)
            return json(QJsonObject { { QStringLiteral("error"), QStringLiteral("invalid_grant") },
                                      { QStringLiteral("error_description"),
                                        QStringLiteral("The code was already redeemed.") } },
                        QHttpServerResponse::StatusCode::BadRequest);
        const qint64 now = QDateTime::currentSecsSinceEpoch();
        QJsonObject claims { { QStringLiteral("iss"), m_issuer },
                             { QStringLiteral("sub"), QStringLiteral("mallory") },
                             { QStringLiteral("aud"), QStringLiteral("restoredesk") },
                             { QStringLiteral("exp"), now + 600 },
                             { QStringLiteral("iat"), now },
                             { QStringLiteral("nonce"), m_nonce },
                             { QStringLiteral("name"), QStringLiteral("Mallory") } };
        for (auto it = behaviour.idTokenClaims.begin(); it != behaviour.idTokenClaims.end(); ++it) {
            if (it.value().isNull())
                claims.remove(it.key());
            else
                claims.insert(it.key(), it.value());
        }
        QByteArray idToken;
        if (behaviour.token == Token::Unsigned)
            idToken = TestSigner::unsignedToken(claims);
        else if (behaviour.rotateAfterFirstJwksFetch)
            idToken = m_rotated->sign({}, claims);
        else
            idToken = m_key->sign(behaviour.idTokenKid.isEmpty()
                                      ? QJsonObject()
                                      : QJsonObject { { QStringLiteral("kid"), behaviour.idTokenKid } },
                                  claims);
        const QString accessToken = behaviour.jwtAccessTokenLifetime != 0
            ? QString::fromLatin1(
                m_key->sign({ { QStringLiteral("typ"), QStringLiteral("at+jwt") } },
                            { { QStringLiteral("iss"), m_issuer },
                              { QStringLiteral("sub"), QStringLiteral("mallory") },
                              { QStringLiteral("exp"), now + behaviour.jwtAccessTokenLifetime } }))
            : QStringLiteral("opaque-access-") + QString::fromLatin1(Jose::randomUrlSafe(8));
        const QByteArray refreshToken = "opaque-refresh-" + Jose::randomUrlSafe(8);
        m_issuedRefreshTokens << refreshToken;
        QJsonObject response { { QStringLiteral("access_token"), accessToken },
                               { QStringLiteral("token_type"), QStringLiteral("Bearer") },
                               { QStringLiteral("refresh_token"), QString::fromLatin1(refreshToken) },
                               { QStringLiteral("id_token"), QString::fromLatin1(idToken) } };
        if (!behaviour.expiresIn.isUndefined())
            response.insert(QStringLiteral("expires_in"), behaviour.expiresIn);
        return json(response);
    });
    return true;
}

RedirectFollower::Result RedirectFollower::follow(const QUrl &start, int timeoutMs)
{
    Result result;
    QNetworkAccessManager nam;
    QUrl url = start;
    for (int hop = 0; hop < 5; ++hop) {
        QNetworkRequest request(url);
        request.setAttribute(QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::ManualRedirectPolicy);
        request.setTransferTimeout(timeoutMs);
        QNetworkReply *reply = nam.get(request);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        loop.exec();
        result.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        result.lastUrl = url;
        result.body = reply->readAll();
        result.networkError = int(reply->error());
        const QUrl location = reply->attribute(QNetworkRequest::RedirectionTargetAttribute).toUrl();
        reply->deleteLater();
        if (result.status < 300 || result.status >= 400 || location.isEmpty())
            break;
        url = url.resolved(location);
    }
    return result;
}

} // namespace RestoreDesk::Test
