// Proof the harness is real: Qt Network Auth's authorization-code flow, patched as
// sign-in.md prescribes (loopback-only listener, own state, PKCE S256, nonce, code decoding),
// completes against oidc-provider with Debian's Chromium as the system browser.
#include "auth/jwt.h"
#include "auth/pkce.h"
#include "auth/randomtoken.h"
#include "testprocesses.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>
#include <QTest>
#include <QUrlQuery>

using namespace RestoreDesk;
using namespace RestoreDesk::Auth;
using namespace RestoreDesk::Test;

class TestOAuthFlowIdp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void codeFlowWithPkceThroughChromium();

private:
    QJsonObject fetchJson(const QUrl &url);

    TestIdp m_idp;
    QNetworkAccessManager m_nam;
    QJsonObject m_discovery;
};

QJsonObject TestOAuthFlowIdp::fetchJson(const QUrl &url)
{
    QNetworkReply *reply = m_nam.get(QNetworkRequest(url));
    if (!QTest::qWaitFor([reply] { return reply->isFinished(); }, 10000))
        qWarning("no answer from %s", qPrintable(url.toString()));
    const QJsonObject o = QJsonDocument::fromJson(reply->readAll()).object();
    reply->deleteLater();
    return o;
}

void TestOAuthFlowIdp::initTestCase()
{
    QString error;
    QVERIFY2(m_idp.start(&error), qPrintable(error));
    m_discovery = fetchJson(QUrl(m_idp.issuer() + QStringLiteral("/.well-known/openid-configuration")));
    QCOMPARE(m_discovery.value(QStringLiteral("issuer")).toString(), m_idp.issuer());
    QVERIFY(m_discovery.value(QStringLiteral("code_challenge_methods_supported"))
                .toArray()
                .contains(QStringLiteral("S256")));
}

void TestOAuthFlowIdp::codeFlowWithPkceThroughChromium()
{
    QOAuth2AuthorizationCodeFlow flow(&m_nam);
    // Loopback only: the 6.4 default constructor would listen on every interface.
    auto handler = new QOAuthHttpServerReplyHandler(QHostAddress::LocalHost, 0, &flow);
    handler->setCallbackPath(QStringLiteral("callback"));
    QVERIFY(handler->isListening());
    QCOMPARE(listeningAddresses(handler->port()), QStringList { QStringLiteral("127.0.0.1") });
    flow.setReplyHandler(handler);
    flow.setAuthorizationUrl(QUrl(m_discovery.value(QStringLiteral("authorization_endpoint")).toString()));
    flow.setAccessTokenUrl(QUrl(m_discovery.value(QStringLiteral("token_endpoint")).toString()));
    flow.setClientIdentifier(QStringLiteral("restoredesk"));
    flow.setScope(QStringLiteral("openid profile offline_access"));

    const QByteArray state = randomUrlSafe(16);
    const QByteArray nonce = randomUrlSafe(16);
    const Pkce pkce = Pkce::generate();
    flow.setState(QString::fromLatin1(state));

    QByteArray sentChallenge;
    flow.setModifyParametersFunction(
        [&](QAbstractOAuth::Stage stage, QMultiMap<QString, QVariant> *parameters) {
            if (stage == QAbstractOAuth::Stage::RequestingAuthorization) {
                parameters->replace(QStringLiteral("code_challenge"), pkce.challenge);
                parameters->replace(QStringLiteral("code_challenge_method"), QByteArray(Pkce::method()));
                parameters->replace(QStringLiteral("nonce"), nonce);
                // OIDC Core §11: offline_access is honoured only together with prompt=consent.
                parameters->replace(QStringLiteral("prompt"), QStringLiteral("consent"));
                sentChallenge = pkce.challenge;
            } else if (stage == QAbstractOAuth::Stage::RequestingAccessToken) {
                const QString code = parameters->value(QStringLiteral("code")).toString();
                parameters->replace(QStringLiteral("code"), QUrl::fromPercentEncoding(code.toLatin1()));
                parameters->replace(QStringLiteral("code_verifier"), pkce.verifier);
                parameters->remove(QStringLiteral("client_secret"));
            }
        });

    BrowserDriver browser;
    QUrl authorizeUrl;
    connect(&flow, &QAbstractOAuth::authorizeWithBrowser, this, [&](const QUrl &url) {
        authorizeUrl = url;
        browser.open(url);
    });
    flow.grant();

    QTRY_VERIFY2_WITH_TIMEOUT(flow.status() == QAbstractOAuth::Status::Granted || browser.hasFinished(),
                              qPrintable(browser.diagnostics()), 90000);
    QTRY_VERIFY2_WITH_TIMEOUT(flow.status() == QAbstractOAuth::Status::Granted,
                              qPrintable(browser.diagnostics()), 15000);
    QTRY_VERIFY_WITH_TIMEOUT(browser.hasFinished(), 30000);
    QVERIFY2(browser.succeeded(), qPrintable(browser.diagnostics()));
    QVERIFY(browser.result().value(QStringLiteral("callback")).toBool());

    // What was sent: S256 challenge, our state, our nonce, a loopback IP redirect.
    const QUrlQuery sent(authorizeUrl);
    QCOMPARE(sent.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QCOMPARE(sent.queryItemValue(QStringLiteral("code_challenge")).toLatin1(), sentChallenge);
    QCOMPARE(sent.queryItemValue(QStringLiteral("state")).toLatin1(), state);
    QCOMPARE(sent.queryItemValue(QStringLiteral("nonce")).toLatin1(), nonce);
    QVERIFY(sent.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)
                .startsWith(QStringLiteral("http://127.0.0.1:")));

    // What came back: an access token and an ID token for us, with our nonce.
    QVERIFY(!flow.token().isEmpty());
    QVERIFY(!flow.refreshToken().isEmpty());
    const QVariantMap extra = flow.extraTokens();
    // RFC 9207 `iss`; Qt 6.4 hands callback parameters over still percent-encoded.
    QCOMPARE(QUrl::fromPercentEncoding(extra.value(QStringLiteral("iss")).toByteArray()), m_idp.issuer());
    const auto idToken = Jwt::parse(extra.value(QStringLiteral("id_token")).toByteArray());
    QVERIFY2(idToken.ok(), "no parsable id_token in the token response");
    QCOMPARE(idToken->claims.value(QStringLiteral("iss")).toString(), m_idp.issuer());
    QCOMPARE(idToken->claims.value(QStringLiteral("aud")).toString(), QStringLiteral("restoredesk"));
    QCOMPARE(idToken->claims.value(QStringLiteral("nonce")).toString().toLatin1(), nonce);
    QCOMPARE(idToken->claims.value(QStringLiteral("sub")).toString(), QStringLiteral("alice"));
    QCOMPARE(idToken->algorithm(), QStringLiteral("RS256"));

    // The access token is an RFC 9068 JWT for the API audience.
    const auto accessToken = Jwt::parse(flow.token().toLatin1());
    QVERIFY(accessToken.ok());
    QCOMPARE(accessToken->type(), QStringLiteral("at+jwt"));
    QCOMPARE(accessToken->claims.value(QStringLiteral("aud")).toString(), m_idp.audience());
}

QTEST_GUILESS_MAIN(TestOAuthFlowIdp)
#include "tst_oauthflow_idp.moc"
