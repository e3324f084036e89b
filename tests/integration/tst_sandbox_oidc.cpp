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
#include "testsigner.h"

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
    void aTokenAcceptedBeforeIsRefusedOnceItsKeyIsGone();
    void keyRotationIsClosedByDefault();
    void keyRotationNeedsTheStartSecret();
    void forgedTokensRevokeNothing();
    void storageHasAnEnd();

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

// The API remembers which tokens' signatures it has checked; that memory must not outlive the
// key that signed them.
void TestSandboxOidc::aTokenAcceptedBeforeIsRefusedOnceItsKeyIsGone()
{
    const auto t = m_sandbox.signIn(QStringLiteral("nora"));
    const QString path = QStringLiteral("/subscriptions?api-version=2022-12-01");
    QCOMPARE(m_sandbox.get(path, t.accessToken).status, 200);
    QCOMPARE(m_sandbox.get(path, t.accessToken).status, 200);
    m_sandbox.server().oidc().rotateKeys();
    QCOMPARE(m_sandbox.get(path, t.accessToken).status, 200); // still published, as the previous key
    m_sandbox.server().oidc().rotateKeys(); // and now gone
    QVERIFY(!verify(t.accessToken));
    QCOMPARE(m_sandbox.get(path, t.accessToken).status, 401);
}

void TestSandboxOidc::keyRotationIsClosedByDefault()
{
    // Any web page can make a browser POST here (a "simple" cross-origin request needs no
    // preflight): without --allow-key-rotation the route does not exist.
    const auto kids = [this] {
        QStringList out;
        const auto jwks = m_sandbox.get(m_sandbox.issuer() + QStringLiteral("/jwks"), {});
        for (const QJsonValue &k : jwks.json.value(QStringLiteral("keys")).toArray())
            out << k.toObject().value(QStringLiteral("kid")).toString();
        return out;
    };
    const QStringList before = kids();
    QVERIFY(!before.isEmpty());
    const auto r = m_sandbox.send(
        "POST", m_sandbox.issuer() + QStringLiteral("/rotate-keys"), {}, {},
        { { "Origin", "http://attacker.invalid" }, { "Content-Type", "application/x-www-form-urlencoded" } });
    QCOMPARE(r.status, 404);
    QCOMPARE(kids(), before);
}

void TestSandboxOidc::keyRotationNeedsTheStartSecret()
{
    SandboxHarness sandbox;
    Sandbox::SandboxOptions options;
    options.allowKeyRotation = true;
    QString error;
    QVERIFY2(sandbox.start(options, &error), qPrintable(error));
    const QByteArray secret = sandbox.server().keyRotationSecret();
    QVERIFY(secret.size() >= 43); // 256 random bits
    const QString route = sandbox.issuer() + QStringLiteral("/rotate-keys");
    const auto kid = [&sandbox] {
        return sandbox.get(sandbox.issuer() + QStringLiteral("/jwks"), {})
            .json.value(QStringLiteral("keys"))
            .toArray()
            .first()
            .toObject()
            .value(QStringLiteral("kid"))
            .toString();
    };
    const QString before = kid();
    QCOMPARE(sandbox.send("POST", route, {}).status, 403);
    QCOMPARE(sandbox.send("POST", route, {}, {}, { { "X-Sandbox-Admin-Key", secret.left(42) + 'x' } }).status,
             403);
    QCOMPARE(sandbox.send("POST", route, {}, {}, { { "X-Sandbox-Admin-Key", secret + 'x' } }).status, 403);
    // The right secret from a page (a browser names the page's origin): still refused.
    QCOMPARE(sandbox
                 .send("POST", route, {}, {},
                       { { "X-Sandbox-Admin-Key", secret }, { "Origin", "http://127.0.0.1:1" } })
                 .status,
             403);
    QCOMPARE(kid(), before);
    const auto rotated = sandbox.send("POST", route, {}, {}, { { "X-Sandbox-Admin-Key", secret } });
    QCOMPARE(rotated.status, 200);
    QCOMPARE(kid(), rotated.json.value(QStringLiteral("kid")).toString());
    QVERIFY(kid() != before);
}

void TestSandboxOidc::forgedTokensRevokeNothing()
{
    // Revocation by access token and logout by ID-token hint name a session by `sid`; anyone who
    // saw one (every API server does) must not be able to end the session with a token of their own.
    const auto t = m_sandbox.signIn(QStringLiteral("rita"));
    const QJsonObject claims = Jose::Jwt::parse(t.accessToken.toLatin1())->claims;
    const QString sid = claims.value(QStringLiteral("sid")).toString();
    QVERIFY(!sid.isEmpty());
    const TestSigner stranger(QStringLiteral("RS256"));
    const QList<QByteArray> forged {
        TestSigner::unsignedToken(claims),
        stranger.sign(QJsonObject { { QStringLiteral("typ"), QStringLiteral("at+jwt") } }, claims)
    };
    for (const QByteArray &token : forged) {
        QCOMPARE(m_sandbox
                     .postForm(m_sandbox.issuer() + QStringLiteral("/revoke"),
                               { { QStringLiteral("token"), QString::fromLatin1(token) },
                                 { QStringLiteral("client_id"), QStringLiteral("restoredesk") } })
                     .status,
                 200);
        QUrl logout(m_sandbox.issuer() + QStringLiteral("/logout"));
        logout.setQuery(QStringLiteral("id_token_hint=") + QString::fromLatin1(token));
        QCOMPARE(m_sandbox.get(logout.toString(QUrl::FullyEncoded), {}).status, 200);
    }
    QCOMPARE(m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), t.accessToken).status,
             200);
    QVERIFY(m_sandbox.refresh(t.refreshToken).error.isEmpty());
    // The control: the issuer's own ID token as hint does end the session.
    const auto u = m_sandbox.signIn(QStringLiteral("rita"));
    QUrl logout(m_sandbox.issuer() + QStringLiteral("/logout"));
    logout.setQuery(QStringLiteral("id_token_hint=") + u.idToken);
    QCOMPARE(m_sandbox.get(logout.toString(QUrl::FullyEncoded), {}).status, 200);
    QCOMPARE(m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), u.accessToken).status,
             401);
}

void TestSandboxOidc::storageHasAnEnd()
{
    // Everything the provider remembers has an end, on the sandbox's clock: moved here, not waited for.
    ManualClock clock;
    SandboxHarness sandbox(clock.clock());
    Sandbox::SandboxOptions options;
    options.tokenLifetimeSeconds = 300;
    options.clockSkewSeconds = 60;
    QString error;
    QVERIFY2(sandbox.start(options, &error), qPrintable(error));
    Sandbox::OidcProvider &oidc = sandbox.server().oidc();
    const QString discovery = sandbox.issuer() + QStringLiteral("/.well-known/openid-configuration");

    for (int i = 0; i < 3; ++i)
        sandbox.authorize(QString()); // sign-in pages opened, never answered
    QList<SandboxHarness::Authorization> unused;
    for (int i = 0; i < 4; ++i)
        unused << sandbox.authorize(QStringLiteral("oscar")); // codes never exchanged
    const auto t = sandbox.signIn(QStringLiteral("rita"));
    QVERIFY2(t.error.isEmpty(), qPrintable(t.error));
    QCOMPARE(oidc.stored().pendingSignIns, 3);
    QCOMPARE(oidc.stored().codes, 5);
    QCOMPARE(oidc.stored().refreshFamilies, 1);

    // Rotation costs nothing: one family however often it is refreshed; reuse still detected.
    QString newest = t.refreshToken;
    for (int i = 0; i < 20; ++i) {
        const auto next = sandbox.refresh(newest);
        QVERIFY2(next.error.isEmpty(), qPrintable(next.error));
        newest = next.refreshToken;
    }
    QCOMPARE(oidc.stored().refreshFamilies, 1);
    QCOMPARE(sandbox.refresh(t.refreshToken).error, QStringLiteral("invalid_grant")); // the first one, reused
    QCOMPARE(sandbox.refresh(newest).error, QStringLiteral("invalid_grant"));
    QCOMPARE(oidc.stored().refreshFamilies, 0);
    QCOMPARE(oidc.stored().revokedSessions, 1);
    QCOMPARE(sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), t.accessToken).status, 401);

    // Past the code lifetime (60 s) a code is refused, but still remembered for its replay window.
    clock.advance(61);
    QCOMPARE(sandbox.exchange(unused.first().code, unused.first().redirectUri, unused.first().verifier).error,
             QStringLiteral("invalid_grant"));
    QCOMPARE(oidc.stored().codes, 5);
    // The revocation mark lasts until the session's last access token is dead: 300 s + 60 s skew.
    clock.advance(301);
    QCOMPARE(sandbox.get(discovery, {}).status, 200);
    QCOMPARE(oidc.stored().revokedSessions, 0);
    const auto expired = sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), t.accessToken);
    QCOMPARE(expired.status, 401);
    QCOMPARE(expired.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("ExpiredAuthenticationToken"));
    // Sign-in pages end after 600 s, codes 600 s after they expired.
    clock.advance(300);
    QCOMPARE(sandbox.get(discovery, {}).status, 200);
    QCOMPARE(oidc.stored().pendingSignIns, 0);
    QCOMPARE(oidc.stored().codes, 0);

    // A refresh family ends with its lifetime.
    const auto u = sandbox.signIn(QStringLiteral("rita"));
    QCOMPARE(oidc.stored().refreshFamilies, 1);
    clock.advance(Sandbox::OidcProvider::kRefreshLifetimeSeconds + 1);
    QCOMPARE(sandbox.refresh(u.refreshToken).error, QStringLiteral("invalid_grant"));
    QCOMPARE(oidc.stored().refreshFamilies, 0);
    QCOMPARE(oidc.stored().codes, 0);
}

QTEST_GUILESS_MAIN(TestSandboxOidc)
#include "tst_sandbox_oidc.moc"
