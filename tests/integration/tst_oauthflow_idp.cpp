// Proof the harness is real: Qt Network Auth's authorization-code flow, patched around its 6.4
// defects (loopback-only listener, own state, PKCE S256, nonce, code decoding),
// completes against oidc-provider with Debian's Chromium as the system browser.
#include "browsersignin.h"
#include "jose/jwt.h"
#include "testprocesses.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QTest>
#include <QUrlQuery>

using namespace RestoreDesk;
using namespace RestoreDesk::Jose;
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
    BrowserSignIn signIn;
    signIn.authorizationEndpoint = m_discovery.value(QStringLiteral("authorization_endpoint")).toString();
    signIn.tokenEndpoint = m_discovery.value(QStringLiteral("token_endpoint")).toString();
    signIn.promptConsent = true; // oidc-provider honours offline_access only with prompt=consent
    const BrowserSignIn::Result r = signIn.run();
    QVERIFY2(r.granted, qPrintable(r.diagnostics));

    // Loopback only: the 6.4 default constructor would listen on every interface.
    QCOMPARE(r.listenerAddresses, QStringList { QStringLiteral("127.0.0.1") });
    // What was sent: S256 challenge, our state, our nonce, a loopback IP redirect.
    const QUrlQuery sent(r.authorizeUrl);
    QCOMPARE(sent.queryItemValue(QStringLiteral("code_challenge_method")), QStringLiteral("S256"));
    QCOMPARE(sent.queryItemValue(QStringLiteral("code_challenge")).toLatin1(), r.challenge);
    QCOMPARE(sent.queryItemValue(QStringLiteral("state")).toLatin1(), r.state);
    QCOMPARE(sent.queryItemValue(QStringLiteral("nonce")).toLatin1(), r.nonce);
    QVERIFY(sent.queryItemValue(QStringLiteral("redirect_uri"), QUrl::FullyDecoded)
                .startsWith(QStringLiteral("http://127.0.0.1:")));

    // What came back: an access token and an ID token for us, with our nonce.
    QVERIFY(!r.accessToken.isEmpty());
    QVERIFY(!r.refreshToken.isEmpty());
    QCOMPARE(r.issParameter, m_idp.issuer()); // RFC 9207
    const auto idToken = Jwt::parse(r.idToken.toLatin1());
    QVERIFY2(idToken.ok(), "no parsable id_token in the token response");
    QCOMPARE(idToken->claims.value(QStringLiteral("iss")).toString(), m_idp.issuer());
    QCOMPARE(idToken->claims.value(QStringLiteral("aud")).toString(), QStringLiteral("restoredesk"));
    QCOMPARE(idToken->claims.value(QStringLiteral("nonce")).toString().toLatin1(), r.nonce);
    QCOMPARE(idToken->claims.value(QStringLiteral("sub")).toString(), QStringLiteral("alice"));
    QCOMPARE(idToken->algorithm(), QStringLiteral("RS256"));

    // The access token is an RFC 9068 JWT for the API audience.
    const auto accessToken = Jwt::parse(r.accessToken.toLatin1());
    QVERIFY(accessToken.ok());
    QCOMPARE(accessToken->type(), QStringLiteral("at+jwt"));
    QCOMPARE(accessToken->claims.value(QStringLiteral("aud")).toString(), m_idp.audience());
}

QTEST_GUILESS_MAIN(TestOAuthFlowIdp)
#include "tst_oauthflow_idp.moc"
