// The sandbox trusts a third-party issuer: oidc-provider's JWT access tokens are accepted,
// their groups/roles mapped to built-in Backup roles, and everything else refused.
#include "browsersignin.h"
#include "hostileidp.h"
#include "jose/jwt.h"
#include "sandboxharness.h"
#include "sandboxids.h"
#include "testprocesses.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {
const QString kVault = kProdWeu + QStringLiteral("?api-version=2026-08-01");
}

class TestSandboxTrust : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mappedGroupGrantsRole();
    void unmappedUserIsDenied();
    void tamperedTokenIsRejected();
    void idTokenIsNotAnAccessToken();
    void tokenKind_data();
    void tokenKind();
    void jwksRedirectIsNotFollowed();
    void dataFileTrustedIssuerIsTrusted();
    void trustSpecParsing_data();
    void trustSpecParsing();

private:
    QString tokenFor(const QString &user);
    TestIdp m_idp;
    SandboxHarness m_sandbox;
    HostileIdp m_minter; // an issuer whose tokens the test writes itself
    SandboxHarness m_minterSandbox;
    QHash<QString, QString> m_tokens;
};

void TestSandboxTrust::initTestCase()
{
    QString error;
    QVERIFY2(m_idp.start(&error), qPrintable(error));
    auto trusted = Sandbox::TrustedIssuer::parse(
        QStringLiteral("issuer=%1,audience=%2,principal=oid,groups=groups,roles=roles,"
                       "map=backup-operators:Backup Operator,map=Backup.Contributor:Backup Contributor")
            .arg(m_idp.issuer(), m_idp.audience()));
    QVERIFY2(trusted.ok(), qPrintable(trusted.ok() ? QString() : trusted.error().detail));
    Sandbox::SandboxOptions options;
    options.trustedIssuers << trusted.value();
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));

    QVERIFY2(m_minter.start(&error), qPrintable(error));
    Sandbox::SandboxOptions minterOptions;
    minterOptions.trustedIssuers
        << Sandbox::TrustedIssuer::parse(
               QStringLiteral("issuer=%1,audience=api://minted").arg(m_minter.issuer()))
               .value();
    QVERIFY2(m_minterSandbox.start(minterOptions, &error), qPrintable(error));
}

QString TestSandboxTrust::tokenFor(const QString &user)
{
    if (!m_tokens.contains(user)) {
        const QUrl issuer(m_idp.issuer());
        BrowserSignIn signIn;
        signIn.authorizationEndpoint = m_idp.issuer() + QStringLiteral("/auth");
        signIn.tokenEndpoint = m_idp.issuer() + QStringLiteral("/token");
        signIn.scope = QStringLiteral("openid profile groups");
        signIn.user = user;
        const auto r = signIn.run();
        if (!r.granted)
            qWarning("sign-in failed: %s", qPrintable(r.diagnostics));
        m_tokens.insert(user, r.accessToken);
    }
    return m_tokens.value(user);
}

void TestSandboxTrust::mappedGroupGrantsRole()
{
    const QString token = tokenFor(QStringLiteral("oscar"));
    QVERIFY(!token.isEmpty());
    const auto jwt = Jose::Jwt::parse(token.toLatin1());
    QCOMPARE(jwt->claims.value(QStringLiteral("iss")).toString(), m_idp.issuer());
    QVERIFY(
        jwt->claims.value(QStringLiteral("groups")).toArray().contains(QStringLiteral("backup-operators")));
    const auto vault = m_sandbox.get(kVault, token);
    QCOMPARE(vault.status, 200);
    const auto subs = m_sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), token);
    QCOMPARE(subs.json.value(QStringLiteral("value")).toArray().size(), 2); // mapped at "/"
    const auto perms
        = m_sandbox.get(kProd
                            + QStringLiteral("/resourceGroups/rg-backup-weu/providers/"
                                             "Microsoft.Authorization/permissions?api-version=2022-04-01"),
                        token);
    QCOMPARE(perms.json.value(QStringLiteral("value")).toArray().size(), 1);
}

void TestSandboxTrust::unmappedUserIsDenied()
{
    const QString token = tokenFor(QStringLiteral("alice")); // group backup-readers: not mapped
    QVERIFY(!token.isEmpty());
    const auto vault = m_sandbox.get(kVault, token);
    QCOMPARE(vault.status, 403);
    QVERIFY(vault.json.value(QStringLiteral("error"))
                .toObject()
                .value(QStringLiteral("message"))
                .toString()
                .contains(QStringLiteral("Vaults/read")));
}

void TestSandboxTrust::tamperedTokenIsRejected()
{
    QString token = tokenFor(QStringLiteral("oscar"));
    const int dot = int(token.lastIndexOf(QLatin1Char('.')));
    token[dot + 5] = token[dot + 5] == QLatin1Char('A') ? QLatin1Char('B') : QLatin1Char('A');
    const auto r = m_sandbox.get(kVault, token);
    QCOMPARE(r.status, 401);
    QVERIFY(r.header("WWW-Authenticate").startsWith("Bearer "));
}

void TestSandboxTrust::idTokenIsNotAnAccessToken()
{
    // The case where the audience alone cannot tell the tokens apart: the API's audience is
    // the client's own id (as when an Entra app exposes its own API), so oidc-provider's ID
    // token and its RFC 9068 access token both name it in `aud`.
    const QString shared = QStringLiteral("api://restoredesk-backup");
    TestIdp idp;
    QString error;
    QVERIFY2(
        idp.start(&error, { QStringLiteral("--client-id"), shared, QStringLiteral("--audience"), shared }),
        qPrintable(error));
    SandboxHarness sandbox;
    Sandbox::SandboxOptions options;
    options.trustedIssuers << Sandbox::TrustedIssuer::parse(
                                  QStringLiteral("issuer=%1,audience=%2,map=backup-operators:Backup Operator")
                                      .arg(idp.issuer(), shared))
                                  .value();
    QVERIFY2(sandbox.start(options, &error), qPrintable(error));
    BrowserSignIn signIn;
    signIn.authorizationEndpoint = idp.issuer() + QStringLiteral("/auth");
    signIn.tokenEndpoint = idp.issuer() + QStringLiteral("/token");
    signIn.clientId = shared;
    signIn.scope = QStringLiteral("openid profile groups");
    signIn.user = QStringLiteral("oscar");
    const auto r = signIn.run();
    QVERIFY2(r.granted, qPrintable(r.diagnostics));
    const auto id = Jose::Jwt::parse(r.idToken.toLatin1());
    QVERIFY(id.ok());
    QCOMPARE(id->claims.value(QStringLiteral("aud")).toString(), shared);
    QVERIFY(
        id->claims.value(QStringLiteral("groups")).toArray().contains(QStringLiteral("backup-operators")));

    QCOMPARE(sandbox.get(kVault, r.accessToken).status, 200); // the access token opens the vault
    const auto refused = sandbox.get(kVault, r.idToken); // the ID token, same aud and groups, does not
    QCOMPARE(refused.status, 401);
    QVERIFY2(refused.json.value(QStringLiteral("error"))
                 .toObject()
                 .value(QStringLiteral("message"))
                 .toString()
                 .contains(QStringLiteral("ID token")),
             refused.body.constData());
}

void TestSandboxTrust::tokenKind_data()
{
    // The rule for a trusted issuer's token (TokenValidator): `typ` at+jwt declares an access
    // token (RFC 9068 §2.1); any other explicit type but JWT is refused; a JWT-typed or untyped
    // token (the older convention of Entra ID, Keycloak, Okta, Auth0) must carry a granted scope
    // (`scope` or `scp`) and none of the claims only ID tokens carry.
    QTest::addColumn<QJsonObject>("header");
    QTest::addColumn<QJsonObject>("claims");
    QTest::addColumn<bool>("accepted");
    const QJsonObject at { { QStringLiteral("typ"), QStringLiteral("at+jwt") } };
    const QJsonObject jwt { { QStringLiteral("typ"), QStringLiteral("JWT") } };
    const QJsonObject scope { { QStringLiteral("scope"), QStringLiteral("openid backup") } };
    const QJsonObject scp { { QStringLiteral("scp"), QStringLiteral("user_impersonation") } };
    auto with = [](QJsonObject o, const char *key, const QJsonValue &v) {
        o.insert(QLatin1String(key), v);
        return o;
    };
    QTest::newRow("at+jwt") << at << scope << true;
    QTest::newRow("at+jwt without scope") << at << QJsonObject() << true;
    QTest::newRow("application/at+jwt")
        << QJsonObject { { QStringLiteral("typ"), QStringLiteral("application/at+jwt") } } << scope << true;
    QTest::newRow("AT+JWT") << QJsonObject { { QStringLiteral("typ"), QStringLiteral("AT+JWT") } } << scope
                            << true;
    QTest::newRow("JWT with scp (Entra)") << jwt << scp << true;
    QTest::newRow("untyped with scope (Keycloak)") << QJsonObject() << scope << true;
    QTest::newRow("JWT without scope (an ID token without nonce)") << jwt << QJsonObject() << false;
    QTest::newRow("untyped without scope") << QJsonObject() << QJsonObject() << false;
    QTest::newRow("nonce") << jwt << with(scp, "nonce", QStringLiteral("n-1")) << false;
    QTest::newRow("at_hash") << QJsonObject() << with(scope, "at_hash", QStringLiteral("x")) << false;
    QTest::newRow("c_hash") << jwt << with(scope, "c_hash", QStringLiteral("x")) << false;
    QTest::newRow("Keycloak ID token") << jwt << with(scope, "typ", QStringLiteral("ID")) << false;
    QTest::newRow("Keycloak access token") << jwt << with(scope, "typ", QStringLiteral("Bearer")) << true;
    QTest::newRow("Cognito ID token")
        << QJsonObject() << with(scope, "token_use", QStringLiteral("id")) << false;
    QTest::newRow("logout token") << QJsonObject { { QStringLiteral("typ"), QStringLiteral("logout+jwt") } }
                                  << scope << false;
    QTest::newRow("ID token type") << QJsonObject { { QStringLiteral("typ"),
                                                      QStringLiteral("id_token+jwt") } }
                                   << scope << false;
}

void TestSandboxTrust::tokenKind()
{
    QFETCH(QJsonObject, header);
    QFETCH(QJsonObject, claims);
    QFETCH(bool, accepted);
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    claims.insert(QStringLiteral("iss"), m_minter.issuer());
    claims.insert(QStringLiteral("sub"), QStringLiteral("someone"));
    claims.insert(QStringLiteral("aud"), QStringLiteral("api://minted"));
    claims.insert(QStringLiteral("iat"), now);
    claims.insert(QStringLiteral("exp"), now + 600);
    const QByteArray token = m_minter.sign(header, claims);
    const auto r = m_minterSandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"),
                                       QString::fromLatin1(token));
    QCOMPARE(r.status, accepted ? 200 : 401);
}

void TestSandboxTrust::jwksRedirectIsNotFollowed()
{
    HostileIdp idp;
    QString error;
    QVERIFY2(idp.start(&error), qPrintable(error));
    Sandbox::SandboxOptions options;
    options.trustedIssuers << Sandbox::TrustedIssuer::parse(
                                  QStringLiteral("issuer=%1,audience=api://x").arg(idp.issuer()))
                                  .value();
    {
        SandboxHarness control; // the same issuer, keys served in place: trusted
        QVERIFY2(control.start(options, &error), qPrintable(error));
    }
    // The keys answer 302 to another URL (of the same, valid, key set): a failure, not followed.
    idp.behaviour.redirectJwks = true;
    const int fetches = idp.jwksFetches();
    SandboxHarness sandbox;
    QVERIFY(!sandbox.start(options, &error));
    QVERIFY2(error.contains(QStringLiteral("302")), qPrintable(error));
    QCOMPARE(idp.jwksFetches(), fetches);
}

void TestSandboxTrust::dataFileTrustedIssuerIsTrusted()
{
    // The data file's trustedIssuers are trusted like --trust-issuer ones (not only parsed).
    QFile seed(testDataDirectory() + QStringLiteral("/../../resources/sandbox/tenant.json"));
    QVERIFY2(seed.open(QIODevice::ReadOnly), qPrintable(seed.fileName()));
    QJsonObject root = QJsonDocument::fromJson(seed.readAll()).object();
    root.insert(
        QStringLiteral("trustedIssuers"),
        QJsonArray { QJsonObject { { QStringLiteral("issuer"), m_minter.issuer() },
                                   { QStringLiteral("audience"), QStringLiteral("api://from-file") } } });
    QTemporaryDir dir;
    QFile data(dir.filePath(QStringLiteral("tenant.json")));
    QVERIFY(data.open(QIODevice::WriteOnly));
    data.write(QJsonDocument(root).toJson());
    data.close();
    SandboxHarness sandbox;
    Sandbox::SandboxOptions options;
    options.dataFile = data.fileName();
    QString error;
    QVERIFY2(sandbox.start(options, &error), qPrintable(error));
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QByteArray token
        = m_minter.sign(QJsonObject { { QStringLiteral("typ"), QStringLiteral("at+jwt") } },
                        QJsonObject { { QStringLiteral("iss"), m_minter.issuer() },
                                      { QStringLiteral("sub"), QStringLiteral("someone") },
                                      { QStringLiteral("aud"), QStringLiteral("api://from-file") },
                                      { QStringLiteral("iat"), now },
                                      { QStringLiteral("exp"), now + 600 } });
    const auto r
        = sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), QString::fromLatin1(token));
    QCOMPARE(r.status, 200);
}

void TestSandboxTrust::trustSpecParsing_data()
{
    QTest::addColumn<QString>("spec");
    QTest::addColumn<bool>("ok");
    QTest::newRow("minimal") << QStringLiteral("issuer=https://idp.example,audience=api://x") << true;
    QTest::newRow("no audience") << QStringLiteral("issuer=https://idp.example") << false;
    QTest::newRow("unknown role") << QStringLiteral("issuer=https://i,audience=a,map=g:Owner") << false;
    QTest::newRow("unknown key") << QStringLiteral("issuer=https://i,audience=a,colour=blue") << false;
    QTest::newRow("dotted claims") << QStringLiteral(
        "issuer=https://i,audience=a,roles=realm_access.roles|resource_access.app.roles")
                                   << true;
}

void TestSandboxTrust::trustSpecParsing()
{
    QFETCH(QString, spec);
    QFETCH(bool, ok);
    QCOMPARE(Sandbox::TrustedIssuer::parse(spec).ok(), ok);
}

QTEST_GUILESS_MAIN(TestSandboxTrust)
#include "tst_sandbox_trust.moc"
