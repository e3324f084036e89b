// The sandbox trusts a third-party issuer: oidc-provider's JWT access tokens are accepted,
// their groups/roles mapped to built-in Backup roles, and everything else refused.
#include "browsersignin.h"
#include "jose/jwt.h"
#include "sandboxharness.h"
#include "testprocesses.h"

#include <QJsonArray>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {
const QString kVault = QStringLiteral(
    "/subscriptions/3f2504e0-4f89-41d3-9a0c-0305e82c3301/resourceGroups/rg-backup-weu/providers/"
    "Microsoft.RecoveryServices/vaults/rsv-prod-weu?api-version=2026-08-01");
}

class TestSandboxTrust : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void mappedGroupGrantsRole();
    void unmappedUserIsDenied();
    void tamperedTokenIsRejected();
    void trustSpecParsing_data();
    void trustSpecParsing();

private:
    QString tokenFor(const QString &user);
    TestIdp m_idp;
    SandboxHarness m_sandbox;
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
    const auto perms = m_sandbox.get(
        QStringLiteral(
            "/subscriptions/3f2504e0-4f89-41d3-9a0c-0305e82c3301/resourceGroups/rg-backup-weu/providers/"
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
