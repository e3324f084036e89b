#include "browsersignin.h"

#include "core/qtcompat.h"
#include "jose/pkce.h"
#include "jose/randomtoken.h"
#include "testprocesses.h"

#include <QNetworkAccessManager>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>
#include <QTest>

namespace RestoreDesk::Test {

BrowserSignIn::Result BrowserSignIn::run() const
{
    Result result;
    QNetworkAccessManager nam;
    QOAuth2AuthorizationCodeFlow flow(&nam);
    Compat::disableBuiltInPkce(flow); // the PKCE below is the only one
    auto handler = new QOAuthHttpServerReplyHandler(QHostAddress::LocalHost, 0, &flow);
    Compat::setCallbackPath(*handler, QStringLiteral("callback"));
    result.listenerPort = handler->port();
    result.listenerAddresses = listeningAddresses(handler->port());
    flow.setReplyHandler(handler);
    flow.setAuthorizationUrl(QUrl(authorizationEndpoint));
    flow.setAccessTokenUrl(QUrl(tokenEndpoint));
    flow.setClientIdentifier(clientId);
    flow.setScope(scope);
    result.state = Jose::randomUrlSafe(16);
    result.nonce = Jose::randomUrlSafe(16);
    const Jose::Pkce pkce = Jose::Pkce::generate();
    result.challenge = pkce.challenge;
    flow.setState(QString::fromLatin1(result.state));
    const bool consent = promptConsent;
    const QByteArray nonce = result.nonce;
    const QString redirect = Compat::loopbackCallback(*handler);
    flow.setModifyParametersFunction(
        [&pkce, nonce, consent, redirect](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *p) {
            if (stage == QAbstractOAuth::Stage::RequestingAuthorization) {
                p->replace(QStringLiteral("redirect_uri"), redirect);
                p->replace(QStringLiteral("code_challenge"), pkce.challenge);
                p->replace(QStringLiteral("code_challenge_method"), QByteArray(Jose::Pkce::method()));
                p->replace(QStringLiteral("nonce"), nonce);
                if (consent)
                    p->replace(QStringLiteral("prompt"), QStringLiteral("consent"));
            } else if (stage == QAbstractOAuth::Stage::RequestingAccessToken) {
                p->replace(QStringLiteral("code"), Compat::callbackValue(p->value(QStringLiteral("code"))));
                p->replace(QStringLiteral("redirect_uri"), redirect);
                p->replace(QStringLiteral("code_verifier"), pkce.verifier);
                p->remove(QStringLiteral("client_secret"));
            }
        });
    BrowserDriver browser;
    BrowserDriver::Options options;
    options.user = user;
    QObject::connect(&flow, &QAbstractOAuth::authorizeWithBrowser, &flow, [&](const QUrl &url) {
        result.authorizeUrl = url;
        browser.open(url, options);
    });
    flow.grant();
    const bool settled = QTest::qWaitFor(
        [&] { return flow.status() == QAbstractOAuth::Status::Granted || browser.hasFinished(); }, timeoutMs);
    // The browser finishes when the callback page loads; the token exchange may still be running.
    const bool granted = QTest::qWaitFor([&] { return flow.status() == QAbstractOAuth::Status::Granted; },
                                         settled ? 15000 : 0);
    const bool browserDone = QTest::qWaitFor([&] { return browser.hasFinished(); }, 30000);
    result.granted = granted && browserDone && browser.succeeded();
    result.diagnostics = browser.diagnostics();
    result.browserText = browser.result().value(QStringLiteral("text")).toString();
    if (flow.status() == QAbstractOAuth::Status::Granted) {
        result.accessToken = flow.token();
        result.refreshToken = flow.refreshToken();
        const QVariantMap extra = flow.extraTokens();
        result.idToken = extra.value(QStringLiteral("id_token")).toString();
        result.issParameter = Compat::callbackValue(extra.value(QStringLiteral("iss")));
    }
    return result;
}

} // namespace RestoreDesk::Test
