// The sandbox's OpenID Provider: discovery, a full code + PKCE flow through Chromium, and every
// refusal a hostile or careless client must meet.
#include "browsersignin.h"
#include "jose/jwk.h"
#include "jose/jwssignature.h"
#include "jose/jwt.h"
#include "jose/pkce.h"
#include "jose/randomtoken.h"
#include "sandbox/oidcprovider.h"
#include "sandboxharness.h"
#include "testprocesses.h"

#include <QJsonArray>
#include <QTest>
#include <QUrlQuery>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

class TestSandboxOidc : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void discoveryAndKeys();
    void fullFlowThroughChromium();
    void idTokenIsVerifiableAndComplete();
    void refusals_data();
    void refusals();
    void unknownClientAndForeignRedirectAreNotRedirected();
    void reusedCodeRevokesItsTokens();
    void refreshRotatesAndReuseRevokesFamily();
    void revocationEndsSession();
    void denyGivesAccessDeniedWithState();
    void userinfoAndKeyRotation();

private:
    bool verify(const QString &token);
    SandboxHarness m_sandbox;
};

void TestSandboxOidc::initTestCase()
{
    QString error;
    QVERIFY2(m_sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
}

bool TestSandboxOidc::verify(const QString &token)
{
    const auto jwks = m_sandbox.get(m_sandbox.issuer() + QStringLiteral("/jwks"), {});
    const auto set = Jose::JwkSet::fromJson(jwks.body);
    const auto jwt = Jose::Jwt::parse(token.toLatin1());
    if (!set || !jwt)
        return false;
    return bool(Jose::verify(jwt.value(), set.value(), { QStringLiteral("RS256") }));
}

void TestSandboxOidc::discoveryAndKeys()
{
    const auto d
        = m_sandbox.get(m_sandbox.issuer() + QStringLiteral("/.well-known/openid-configuration"), {});
    QCOMPARE(d.status, 200);
    QCOMPARE(d.json.value(QStringLiteral("issuer")).toString(), m_sandbox.issuer());
    QVERIFY(m_sandbox.issuer().startsWith(QStringLiteral("http://127.0.0.1:")));
    QCOMPARE(d.json.value(QStringLiteral("code_challenge_methods_supported")).toArray(),
             QJsonArray { QStringLiteral("S256") });
    QCOMPARE(d.json.value(QStringLiteral("authorization_response_iss_parameter_supported")).toBool(), true);
    for (const char *endpoint :
         { "revocation_endpoint", "end_session_endpoint", "userinfo_endpoint", "jwks_uri", "token_endpoint" })
        QVERIFY2(d.json.value(QLatin1String(endpoint)).toString().startsWith(m_sandbox.issuer()), endpoint);
    const auto jwks = m_sandbox.get(d.json.value(QStringLiteral("jwks_uri")).toString(), {});
    const QJsonObject key = jwks.json.value(QStringLiteral("keys")).toArray().first().toObject();
    QCOMPARE(key.value(QStringLiteral("kty")).toString(), QStringLiteral("RSA"));
    QVERIFY(!key.value(QStringLiteral("kid")).toString().isEmpty());
    QVERIFY(!key.contains(QStringLiteral("d")));
    QVERIFY(!key.contains(QStringLiteral("p")));
}

void TestSandboxOidc::fullFlowThroughChromium()
{
    BrowserSignIn signIn;
    signIn.authorizationEndpoint = m_sandbox.issuer() + QStringLiteral("/authorize");
    signIn.tokenEndpoint = m_sandbox.issuer() + QStringLiteral("/token");
    signIn.user = QStringLiteral("oscar");
    const BrowserSignIn::Result r = signIn.run();
    QVERIFY2(r.granted, qPrintable(r.diagnostics));
    const auto idToken = Jose::Jwt::parse(r.idToken.toLatin1());
    QVERIFY(idToken.ok());
    QCOMPARE(idToken->claims.value(QStringLiteral("nonce")).toString().toLatin1(), r.nonce);
    QCOMPARE(idToken->claims.value(QStringLiteral("name")).toString(), QStringLiteral("Oscar Operator"));
    QCOMPARE(r.issParameter, m_sandbox.issuer());
    QVERIFY(!r.refreshToken.isEmpty());

    // The access token opens the API: Oscar sees the Production subscription.
    const auto subs = m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), r.accessToken);
    QCOMPARE(subs.status, 200);
    QCOMPARE(subs.json.value(QStringLiteral("value")).toArray().size(), 1);
}

void TestSandboxOidc::idTokenIsVerifiableAndComplete()
{
    const auto tokens = m_sandbox.signIn(QStringLiteral("greg"));
    QVERIFY2(tokens.error.isEmpty(), qPrintable(tokens.error));
    QVERIFY(verify(tokens.idToken));
    QVERIFY(verify(tokens.accessToken));
    const auto id = Jose::Jwt::parse(tokens.idToken.toLatin1());
    for (const char *claim : { "iss", "sub", "aud", "azp", "exp", "iat", "nonce", "auth_time", "name",
                               "preferred_username", "oid", "tid", "groups", "roles" })
        QVERIFY2(id->claims.contains(QLatin1String(claim)), claim);
    QCOMPARE(id->claims.value(QStringLiteral("aud")).toString(), QStringLiteral("restoredesk"));
    QCOMPARE(id->claims.value(QStringLiteral("groups")).toArray().size(), 1);
    const auto at = Jose::Jwt::parse(tokens.accessToken.toLatin1());
    QCOMPARE(at->type(), QStringLiteral("at+jwt"));
    QCOMPARE(at->claims.value(QStringLiteral("aud")).toString(), Sandbox::SandboxServer::apiAudience());
    QCOMPARE(at->claims.value(QStringLiteral("client_id")).toString(), QStringLiteral("restoredesk"));
    // An ID token is not an access token.
    QCOMPARE(m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), tokens.idToken).status,
             401);
}

void TestSandboxOidc::refusals_data()
{
    QTest::addColumn<QString>("parameter");
    QTest::addColumn<QString>("value");
    QTest::addColumn<QString>("error");
    QTest::newRow("no PKCE") << QStringLiteral("code_challenge") << QString()
                             << QStringLiteral("invalid_request");
    QTest::newRow("plain PKCE") << QStringLiteral("code_challenge_method") << QStringLiteral("plain")
                                << QStringLiteral("invalid_request");
    QTest::newRow("no method") << QStringLiteral("code_challenge_method") << QString()
                               << QStringLiteral("invalid_request");
    QTest::newRow("token response type") << QStringLiteral("response_type") << QStringLiteral("token")
                                         << QStringLiteral("unsupported_response_type");
    QTest::newRow("no openid") << QStringLiteral("scope") << QStringLiteral("profile")
                               << QStringLiteral("invalid_scope");
}

void TestSandboxOidc::refusals()
{
    QFETCH(QString, parameter);
    QFETCH(QString, value);
    QFETCH(QString, error);
    const auto a = m_sandbox.authorize(QString(), { { parameter, value } });
    QCOMPARE(a.status, 302);
    QCOMPARE(a.error, error);
    const QUrlQuery q(a.redirect);
    QVERIFY(q.hasQueryItem(QStringLiteral("state")));
    QCOMPARE(q.queryItemValue(QStringLiteral("iss"), QUrl::FullyDecoded), m_sandbox.issuer());
    QVERIFY(a.code.isEmpty());
}

void TestSandboxOidc::unknownClientAndForeignRedirectAreNotRedirected()
{
    auto a = m_sandbox.authorize(
        QString(),
        { { QStringLiteral("redirect_uri"), QStringLiteral("https://attacker.invalid/callback") } });
    QCOMPARE(a.status, 400);
    QVERIFY(a.redirect.isEmpty());
    a = m_sandbox.authorize(QString(), { { QStringLiteral("client_id"), QStringLiteral("someone-else") } });
    QCOMPARE(a.status, 400);
    // A redirect that differs at the token step is refused too.
    a = m_sandbox.authorize(QStringLiteral("rita"));
    QVERIFY(!a.code.isEmpty());
    const auto t = m_sandbox.exchange(a.code, QStringLiteral("http://127.0.0.1:49153/callback"), a.verifier);
    QCOMPARE(t.error, QStringLiteral("invalid_grant"));
    // Wrong verifier.
    a = m_sandbox.authorize(QStringLiteral("rita"));
    const auto wrong = m_sandbox.exchange(a.code, a.redirectUri, Jose::Pkce::generate().verifier);
    QCOMPARE(wrong.error, QStringLiteral("invalid_grant"));
    QVERIFY(wrong.errorDescription.contains(QStringLiteral("PKCE")));
}

void TestSandboxOidc::reusedCodeRevokesItsTokens()
{
    const auto a = m_sandbox.authorize(QStringLiteral("carla"));
    const auto first = m_sandbox.exchange(a.code, a.redirectUri, a.verifier);
    QVERIFY2(first.error.isEmpty(), qPrintable(first.error));
    QCOMPARE(m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), first.accessToken).status,
             200);
    const auto second = m_sandbox.exchange(a.code, a.redirectUri, a.verifier);
    QCOMPARE(second.error, QStringLiteral("invalid_grant"));
    QCOMPARE(m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), first.accessToken).status,
             401);
    QCOMPARE(m_sandbox.refresh(first.refreshToken).error, QStringLiteral("invalid_grant"));
}

void TestSandboxOidc::refreshRotatesAndReuseRevokesFamily()
{
    const auto t0 = m_sandbox.signIn(QStringLiteral("rita"));
    const auto t1 = m_sandbox.refresh(t0.refreshToken);
    QVERIFY2(t1.error.isEmpty(), qPrintable(t1.error));
    QVERIFY(t1.refreshToken != t0.refreshToken);
    const auto id0 = Jose::Jwt::parse(t0.idToken.toLatin1());
    const auto id1 = Jose::Jwt::parse(t1.idToken.toLatin1());
    for (const char *claim : { "iss", "sub", "aud" })
        QCOMPARE(id1->claims.value(QLatin1String(claim)), id0->claims.value(QLatin1String(claim)));
    // Reusing the rotated token revokes the whole family, including the newest token.
    QCOMPARE(m_sandbox.refresh(t0.refreshToken).error, QStringLiteral("invalid_grant"));
    QCOMPARE(m_sandbox.refresh(t1.refreshToken).error, QStringLiteral("invalid_grant"));
    QCOMPARE(m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), t1.accessToken).status,
             401);
}

void TestSandboxOidc::revocationEndsSession()
{
    const auto t = m_sandbox.signIn(QStringLiteral("oscar"));
    const auto r
        = m_sandbox.postForm(m_sandbox.issuer() + QStringLiteral("/revoke"),
                             { { QStringLiteral("token"), t.refreshToken },
                               { QStringLiteral("token_type_hint"), QStringLiteral("refresh_token") },
                               { QStringLiteral("client_id"), QStringLiteral("restoredesk") } });
    QCOMPARE(r.status, 200);
    QCOMPARE(m_sandbox.refresh(t.refreshToken).error, QStringLiteral("invalid_grant"));
    QCOMPARE(m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), t.accessToken).status,
             401);
    // Unknown tokens are acknowledged too (RFC 7009 §2.2).
    QCOMPARE(m_sandbox
                 .postForm(m_sandbox.issuer() + QStringLiteral("/revoke"),
                           { { QStringLiteral("token"), QStringLiteral("nonsense") },
                             { QStringLiteral("client_id"), QStringLiteral("restoredesk") } })
                 .status,
             200);
}

void TestSandboxOidc::denyGivesAccessDeniedWithState()
{
    const auto a = m_sandbox.authorize(QStringLiteral("!deny"),
                                       { { QStringLiteral("state"), QStringLiteral("s-123") } });
    QCOMPARE(a.error, QStringLiteral("access_denied"));
    QCOMPARE(QUrlQuery(a.redirect).queryItemValue(QStringLiteral("state")), QStringLiteral("s-123"));
}

void TestSandboxOidc::userinfoAndKeyRotation()
{
    const auto t = m_sandbox.signIn(QStringLiteral("nora"));
    const auto info = m_sandbox.get(m_sandbox.issuer() + QStringLiteral("/userinfo"), t.accessToken);
    QCOMPARE(info.status, 200);
    QCOMPARE(info.json.value(QStringLiteral("name")).toString(), QStringLiteral("Nora Noaccess"));
    const QString oldKid = Jose::Jwt::parse(t.accessToken.toLatin1())->keyId();
    m_sandbox.server().oidc().rotateKeys();
    const auto t2 = m_sandbox.signIn(QStringLiteral("nora"));
    QVERIFY(Jose::Jwt::parse(t2.accessToken.toLatin1())->keyId() != oldKid);
    QVERIFY(verify(t.accessToken)); // the previous key stays published
    QVERIFY(verify(t2.accessToken));
    QCOMPARE(m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), t.accessToken).status,
             200);
}

QTEST_GUILESS_MAIN(TestSandboxOidc)
#include "tst_sandbox_oidc.moc"
