// restoredesk-cli `token inspect` and `fic test` as a script uses them: text and JSON output,
// standard input, local keys for --verify, and the exit codes the README lists (0, 1, 2, 3, 7).
#include "clirun.h"
#include "jose/randomtoken.h"
#include "testsigner.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QProcess>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <fcntl.h>
#include <unistd.h>

using namespace RestoreDesk;

namespace {

QByteArray part(const QJsonObject &o)
{
    return Jose::base64UrlEncode(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

qint64 now()
{
    return QDateTime::currentSecsSinceEpoch();
}

QJsonObject idClaims()
{
    return QJsonObject { { "iss", "https://sso.fabrikam.example/realms/backup" },
                         { "sub", "kai" },
                         { "aud", "restoredesk" },
                         { "nonce", "n" },
                         { "amr", QJsonArray { "pwd", "mfa" } },
                         { "realm_access", QJsonObject { { "roles", QJsonArray { "backup-operators" } } } },
                         { "iat", now() - 60 },
                         { "exp", now() + 720 } };
}

QByteArray gitHubToken(const QString &sub, qint64 exp = now() + 290)
{
    const QJsonObject claims { { "iss", "https://token.actions.githubusercontent.com" },
                               { "sub", sub },
                               { "aud", "api://AzureADTokenExchange" },
                               { "iat", now() - 10 },
                               { "exp", exp } };
    return part(QJsonObject { { "alg", "RS256" }, { "kid", "gh" } }) + '.' + part(claims) + ".c2ln";
}

using Run = Test::CliRun;

Run cli(const QStringList &args, const QByteArray &input = {}, Test::CliRunOptions options = {})
{
    options.input = input;
    options.timeoutMs = 30000;
    return Test::runCli(QStringLiteral(RD_CLI_BINARY), args, options);
}

QString dataFile(const char *relative)
{
    return QStringLiteral(RD_TEST_DATA_DIR "/") + QLatin1String(relative);
}

} // namespace

class TestCliTokenE2E : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void inspectExplainsClaims();
    void inspectAsJson();
    void inspectFromStandardInput();
    void inspectRefuses_data();
    void inspectRefuses();
    void verifyWithLocalKeys_data();
    void verifyWithLocalKeys();
    void verifyFetchesOnlyWhenUndecided_data();
    void verifyFetchesOnlyWhenUndecided();
    void decodeStillWorks();
    void ficTest_data();
    void ficTest();
    void ficTestAsJson();
    void ficTestUsage_data();
    void ficTestUsage();

private:
    QTemporaryDir m_dir;
    std::unique_ptr<Test::TestSigner> m_signer;
    std::unique_ptr<Test::TestSigner> m_other;
    QString m_keys;
    QString m_otherKeys;
};

void TestCliTokenE2E::initTestCase()
{
    QVERIFY(m_dir.isValid());
    m_signer = std::make_unique<Test::TestSigner>(QStringLiteral("RS256"), QStringLiteral("k1"));
    m_other = std::make_unique<Test::TestSigner>(QStringLiteral("ES256"), QStringLiteral("k9"));
    auto writeKeys = [this](const Test::TestSigner &s, const char *name) {
        const QString path = m_dir.filePath(QLatin1String(name));
        QFile f(path);
        if (f.open(QIODevice::WriteOnly))
            f.write(QJsonDocument(QJsonObject { { "keys", QJsonArray { s.publicJwk() } } }).toJson());
        return path;
    };
    m_keys = writeKeys(*m_signer, "keys.json");
    m_otherKeys = writeKeys(*m_other, "other.json");
}

void TestCliTokenE2E::inspectExplainsClaims()
{
    const QByteArray token = m_signer->sign({}, idClaims());
    const Run r = cli({ "token", "inspect", QString::fromLatin1(token) });
    QCOMPARE(r.exitCode, 0);
    const QString out = QString::fromUtf8(r.out);
    QVERIFY2(
        out.startsWith(QStringLiteral("Keycloak ID token, from https://sso.fabrikam.example/realms/backup")),
        r.out.constData());
    QVERIFY(out.contains(QStringLiteral("Signature: Not checked: decoding never contacts anyone.")));
    QVERIFY(out.contains(QStringLiteral("expires in 12 min")));
    QVERIFY(out.contains(QStringLiteral("    roles:  — Realm roles (Keycloak).")));
    QVERIFY(out.contains(QStringLiteral("- \"mfa\" (multi-factor authentication)")));
    QVERIFY(out.contains(QStringLiteral("kid: \"k1\"  — Key id")));
    // The token itself, or its signature, is never printed.
    QVERIFY(!r.out.contains(token.mid(token.lastIndexOf('.') + 1, 24)));
    QVERIFY(!r.out.contains(token.left(20)));
}

void TestCliTokenE2E::inspectAsJson()
{
    QJsonObject claims = idClaims();
    claims.insert("iat", now() - 3720);
    claims.insert("exp", now() - 120);
    claims.insert("_claim_names", QJsonObject { { "groups", "src1" } });
    const Run r
        = cli({ "--output", "json", "token", "inspect", QString::fromLatin1(m_signer->sign({}, claims)) });
    QCOMPARE(r.exitCode, 0);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("header").toObject().value("alg").toObject().value("value").toString(),
             QStringLiteral("RS256"));
    const QJsonObject sub = o.value("claims").toObject().value("sub").toObject();
    QCOMPARE(sub.value("value").toString(), QStringLiteral("kai"));
    QVERIFY(sub.value("meaning").toString().contains(QStringLiteral("Subject")));
    const QJsonObject exp = o.value("claims").toObject().value("exp").toObject();
    QVERIFY(exp.value("relative").toString().startsWith(QStringLiteral("expired 2 min ago")));
    QVERIFY(exp.value("utc").toString().endsWith(QLatin1Char('Z')));
    QStringList codes;
    for (const QJsonValue &w : o.value("warnings").toArray())
        codes << w.toObject().value("code").toString();
    QCOMPARE(codes, QStringList({ "expired", "group_overage" }));
    QCOMPARE(o.value("verification").toObject().value("status").toString(), QStringLiteral("not_checked"));
    QCOMPARE(o.value("verification").toObject().value("reason").toString(),
             QStringLiteral("keys_not_fetched"));
    QCOMPARE(o.value("nestedMeanings").toObject().value("realm_access.roles").toString().left(11),
             QStringLiteral("Realm roles"));
    QCOMPARE(o.value("kind").toObject().value("use").toString(), QStringLiteral("id_token"));
    QVERIFY(r.err.isEmpty());
}

void TestCliTokenE2E::inspectFromStandardInput()
{
    const Run r = cli({ "--output", "json", "token", "inspect", "-" },
                      "Bearer " + m_signer->sign({}, idClaims()) + "\n");
    QCOMPARE(r.exitCode, 0);
    QCOMPARE(r.object().value("claims").toObject().value("sub").toObject().value("value").toString(),
             QStringLiteral("kai"));

    // Standard input non-blocking (a parent's flag) and the token written only later: waited for,
    // not read as an empty input.
    Test::CliRunOptions late;
    late.inChild = Test::makeStandardStreamsNonBlocking;
    late.inputDelayMs = 500;
    const Run waited
        = cli({ "--output", "json", "token", "inspect", "-" }, m_signer->sign({}, idClaims()) + "\n", late);
    QVERIFY2(waited.exitCode == 0, waited.err.constData());
    QCOMPARE(waited.object().value("claims").toObject().value("sub").toObject().value("value").toString(),
             QStringLiteral("kai"));

    // Standard input that cannot be read (a directory): said, exit 1, not taken as no token.
    Test::CliRunOptions unreadable;
    unreadable.inChild = [] {
        const int fd = ::open("/", O_RDONLY | O_DIRECTORY); // async-signal-safe calls only
        if (fd < 0 || ::dup2(fd, STDIN_FILENO) < 0)
            ::_exit(127);
    };
    const QString credentials = dataFile("fic/az-identity-federated-credential-list.json");
    const QString identity
        = QStringLiteral("/subscriptions/00000000-0000-0000-0000-000000000000/resourceGroups/rg/"
                         "providers/Microsoft.ManagedIdentity/userAssignedIdentities/id-deploy");
    for (const QStringList &args :
         { QStringList { "token", "inspect", "-" }, QStringList { "token", "decode", "-" },
           QStringList { "fic", "test", "--token", "-", "--credentials", credentials },
           QStringList { "fic", "create", "--identity", identity, "--token", "-" } }) {
        const Run failed = cli(args, {}, unreadable);
        QCOMPARE(failed.exitCode, 1);
        QVERIFY2(failed.err.contains("could not read standard input: "), failed.err.constData());
        QVERIFY2(!failed.err.contains("give a token") && !failed.err.contains("empty"),
                 failed.err.constData());
    }
    // More than a token can be: refused, not cut to size and decoded.
    const Run huge
        = cli({ "token", "decode", "-" }, m_signer->sign({}, idClaims()) + QByteArray(70 * 1024, 'a'));
    QCOMPARE(huge.exitCode, 1);
    QVERIFY2(huge.err.contains("standard input holds more than"), huge.err.constData());
}

void TestCliTokenE2E::inspectRefuses_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    const QByteArray h = part(QJsonObject { { "alg", "RS256" } });
    QTest::newRow("bad base64") << QStringList { "token", "inspect", QString::fromLatin1(h + ".*.c2ln") }
                                << QByteArray() << 2 << "cannot be decoded";
    QTest::newRow("bad JSON") << QStringList {
        "token", "inspect", QString::fromLatin1(h + '.' + Jose::base64UrlEncode("{x") + ".c2ln")
    } << QByteArray() << 2 << "not valid JSON";
    QTest::newRow("missing dots") << QStringList { "token", "inspect", "opaque-token" } << QByteArray() << 2
                                  << "this one has 1.";
    QTest::newRow("huge on standard input") << QStringList { "token", "inspect", "-" }
                                            << QByteArray(2 * 1024 * 1024, 'a') << 2 << "more than the 65536";
    QTest::newRow("deeply nested") << QStringList {
        "token", "inspect",
        QString::fromLatin1(
            h + '.' + Jose::base64UrlEncode("{\"a\":" + QByteArray(40, '[') + QByteArray(40, ']') + "}")
            + ".c2ln")
    } << QByteArray() << 2 << "nested more than 16 levels";
    QTest::newRow("no token at all") << QStringList { "token", "inspect" } << QByteArray() << 2
                                     << "give a token";
    QTest::newRow("two tokens") << QStringList { "token", "inspect", "a", "b" } << QByteArray() << 2
                                << "one token";
    QTest::newRow("--verify of a malformed token: nothing fetched")
        << QStringList { "token", "inspect", "--verify", "a.b.c" } << QByteArray() << 2
        << "cannot be decoded";
    QTest::newRow("unknown token verb")
        << QStringList { "token", "frob" } << QByteArray() << 2 << "token inspect";
}

void TestCliTokenE2E::inspectRefuses()
{
    QFETCH(QStringList, args);
    QFETCH(QByteArray, input);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    const Run r = cli(args, input);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
    QVERIFY(r.out.isEmpty());
    QCOMPARE(r.err.count('\n'), r.err.startsWith("usage") ? 2 : 1); // one line, no trace
}

void TestCliTokenE2E::verifyWithLocalKeys_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("status");
    QTest::addColumn<QString>("reason");
    QTest::newRow("verified") << "good" << 0 << "verified"
                              << "";
    QTest::newRow("other keys: unknown kid") << "other-keys" << 3 << "failed"
                                             << "unknown_kid";
    QTest::newRow("forged with the same kid") << "forged" << 3 << "failed"
                                              << "bad_signature";
    QTest::newRow("unsigned") << "none" << 3 << "failed"
                              << "unsigned";
    QTest::newRow("access token for an API is not verifiable") << "entra-access" << 0 << "not_verifiable"
                                                               << "access_token_for_api";
}

void TestCliTokenE2E::verifyWithLocalKeys()
{
    QFETCH(QString, scenario);
    QFETCH(int, exitCode);
    QFETCH(QString, status);
    QFETCH(QString, reason);
    QByteArray token;
    QString keys = m_keys;
    if (scenario == QLatin1String("good")) {
        token = m_signer->sign({}, idClaims());
    } else if (scenario == QLatin1String("other-keys")) {
        token = m_signer->sign({}, idClaims());
        keys = m_otherKeys;
    } else if (scenario == QLatin1String("forged")) {
        Test::TestSigner forger(QStringLiteral("RS256"), QStringLiteral("k1"));
        token = forger.sign({}, idClaims());
    } else if (scenario == QLatin1String("none")) {
        token = Test::TestSigner::unsignedToken(idClaims());
    } else {
        token = m_signer->sign({},
                               QJsonObject { { "iss", "https://sts.windows.net/t/" },
                                             { "aud", "https://management.core.windows.net/" },
                                             { "scp", "user_impersonation" },
                                             { "appid", "a" },
                                             { "ver", "1.0" },
                                             { "exp", now() + 600 } });
    }
    const Run r = cli(
        { "--output", "json", "token", "inspect", QString::fromLatin1(token), "--verify", "--jwks", keys });
    QCOMPARE(r.exitCode, exitCode);
    const QJsonObject v = r.object().value("verification").toObject();
    QCOMPARE(v.value("status").toString(), status);
    if (!reason.isEmpty())
        QCOMPARE(v.value("reason").toString(), reason);
    if (status == QLatin1String("verified")) {
        QCOMPARE(v.value("keyId").toString(), QStringLiteral("k1"));
        QCOMPARE(r.object().value("verified").toBool(), true);
    }
    QVERIFY(!v.value("message").toString().isEmpty());
}

void TestCliTokenE2E::verifyFetchesOnlyWhenUndecided_data()
{
    QTest::addColumn<QString>("scenario");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unsigned: failed, nothing fetched") << "none" << 3 << "unsigned";
    QTest::newRow("HMAC: not verifiable, nothing fetched") << "hs256" << 0 << "hmac_shared_secret";
}

void TestCliTokenE2E::verifyFetchesOnlyWhenUndecided()
{
    QFETCH(QString, scenario);
    QFETCH(int, exitCode);
    QFETCH(QString, reason);
    // The token's issuer is a loopback port that listens: any discovery fetch would connect.
    QTcpServer issuer;
    QVERIFY(issuer.listen(QHostAddress::LocalHost));
    QJsonObject claims = idClaims();
    claims.insert("iss", QStringLiteral("https://127.0.0.1:%1").arg(issuer.serverPort()));
    const QByteArray token = scenario == QLatin1String("none")
        ? Test::TestSigner::unsignedToken(claims)
        : Test::TestSigner::signHs256("secret", {}, claims);
    const Run r = cli({ "token", "inspect", QString::fromLatin1(token), "--verify", "--output", "json" });
    QCOMPARE(r.exitCode, exitCode);
    const QJsonObject out = QJsonDocument::fromJson(r.out).object();
    QCOMPARE(out.value("verification").toObject().value("reason").toString(), reason);
    QVERIFY2(!issuer.waitForNewConnection(200), "the issuer was contacted");
}

void TestCliTokenE2E::decodeStillWorks()
{
    const Run r = cli({ "token", "decode", QString::fromLatin1(m_signer->sign({}, idClaims())) });
    QCOMPARE(r.exitCode, 0);
    QVERIFY(r.out.startsWith("NOT VERIFIED"));
    QVERIFY(r.out.contains("sub: \"kai\""));
}

void TestCliTokenE2E::ficTest_data()
{
    QTest::addColumn<QString>("credentials");
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<int>("exitCode");
    QTest::addColumn<QString>("mentions");
    const QString az = dataFile("fic/az-identity-federated-credential-list.json");
    QTest::newRow("branch matches") << az << gitHubToken("repo:fabrikam/backup-drills:ref:refs/heads/main")
                                    << 0 << "Credential \"github-main\" matches";
    QTest::newRow("pull request: subject form")
        << az << gitHubToken("repo:fabrikam/backup-drills:pull_request") << 7 << "AADSTS700213";
    QTest::newRow("environment case")
        << az << gitHubToken("repo:fabrikam/backup-drills:environment:Production") << 7 << "AADSTS7002138";
    QTest::newRow("matches but expired")
        << az << gitHubToken("repo:fabrikam/backup-drills:ref:refs/heads/main", now() - 3600) << 0
        << "AADSTS700024";
    QTest::newRow("not a credentials document")
        << dataFile("arm/GetPermissions.json") << gitHubToken("repo:o/r:pull_request") << 1
        << "could not be read";
    const QString empty = m_dir.filePath(QStringLiteral("empty.json"));
    QFile f(empty);
    if (f.open(QIODevice::WriteOnly))
        f.write("{\"value\": []}");
    f.close();
    QTest::newRow("no credentials at all")
        << empty << gitHubToken("repo:o/r:pull_request") << 7 << "AADSTS70025";
}

void TestCliTokenE2E::ficTest()
{
    QFETCH(QString, credentials);
    QFETCH(QByteArray, token);
    QFETCH(int, exitCode);
    QFETCH(QString, mentions);
    const Run r = cli({ "fic", "test", "--token", "-", "--credentials", credentials }, token);
    QCOMPARE(r.exitCode, exitCode);
    QVERIFY2((r.out + r.err).contains(mentions.toUtf8()), (r.out + r.err).constData());
}

void TestCliTokenE2E::ficTestAsJson()
{
    // The API's list answer (the spec example's body) and a token whose issuer has a trailing slash.
    QFile example(dataFile("arm/FederatedIdentityCredentialList.json"));
    QVERIFY(example.open(QIODevice::ReadOnly));
    const QJsonObject body = QJsonDocument::fromJson(example.readAll())
                                 .object()
                                 .value("responses")
                                 .toObject()
                                 .value("200")
                                 .toObject()
                                 .value("body")
                                 .toObject();
    const QString list = m_dir.filePath(QStringLiteral("list.json"));
    QFile out(list);
    QVERIFY(out.open(QIODevice::WriteOnly));
    out.write(QJsonDocument(body).toJson());
    out.close();
    const QJsonObject claims { { "iss", "https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID/" },
                               { "sub", "system:serviceaccount:ns:svcaccount" },
                               { "aud", "api://AzureADTokenExchange" },
                               { "exp", now() + 300 } };
    const QByteArray token = part(QJsonObject { { "alg", "RS256" } }) + '.' + part(claims) + ".c2ln";
    const Run r = cli(
        { "--output", "json", "fic", "test", "--token", QString::fromLatin1(token), "--credentials", list });
    QCOMPARE(r.exitCode, 7);
    const QJsonObject o = r.object();
    QCOMPARE(o.value("aadsts").toString(), QStringLiteral("AADSTS700211"));
    QVERIFY(o.value("matched").isNull());
    QCOMPARE(o.value("nearest").toString(), QStringLiteral("ficResourceName"));
    QCOMPARE(o.value("exchangeWouldSucceed").toBool(), false);
    const QJsonObject issuer
        = o.value("credentials").toArray().first().toObject().value("fields").toArray().first().toObject();
    QCOMPARE(issuer.value("field").toString(), QStringLiteral("issuer"));
    QCOMPARE(issuer.value("outcome").toString(), QStringLiteral("trailing_slash"));
    QCOMPARE(issuer.value("diff").toString(),
             QStringLiteral("https://oidc.prod-aks.azure.com/TenantGUID/IssuerGUID{+/+}"));
    QVERIFY(r.err.isEmpty());
}

void TestCliTokenE2E::ficTestUsage_data()
{
    QTest::addColumn<QStringList>("args");
    QTest::addColumn<QString>("mentions");
    const QString az = dataFile("fic/az-identity-federated-credential-list.json");
    const QString token = QString::fromLatin1(gitHubToken("repo:o/r:pull_request"));
    QTest::newRow("no token") << QStringList { "fic", "test", "--credentials", az } << "--token";
    QTest::newRow("no credentials") << QStringList { "fic", "test", "--token", token } << "either --identity";
    QTest::newRow("both sources") << QStringList { "fic",           "test", "--token",    token,
                                                   "--credentials", az,     "--identity", "x" }
                                  << "either --identity";
    QTest::newRow("identity that is not one")
        << QStringList { "fic", "test", "--token", token, "--identity", "/subscriptions/x" }
        << "user-assigned identity";
    QTest::newRow("malformed token") << QStringList { "fic", "test", "--token", "nope", "--credentials", az }
                                     << "not a JWT";
    QTest::newRow("no verb") << QStringList { "fic" } << "usage";
}

void TestCliTokenE2E::ficTestUsage()
{
    QFETCH(QStringList, args);
    QFETCH(QString, mentions);
    const Run r = cli(args);
    QCOMPARE(r.exitCode, 2);
    QVERIFY2(r.err.contains(mentions.toUtf8()), r.err.constData());
}

QTEST_GUILESS_MAIN(TestCliTokenE2E)
#include "tst_cli_token_e2e.moc"
