#include "core/redact.h"

#include <QTest>

using namespace RestoreDesk;

class TestRedact : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void removesSecrets_data();
    void removesSecrets();
    void keepsHarmlessText();
};

void TestRedact::removesSecrets_data()
{
    QTest::addColumn<QString>("input");
    QTest::addColumn<QString>("secret");

    const QString jwt = QStringLiteral("eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJhbGljZSJ9.c2lnbmF0dXJlLWJ5dGVz");
    QTest::newRow("bare jwt") << QStringLiteral("token %1 received").arg(jwt)
                              << QStringLiteral("eyJzdWIiOiJhbGljZSJ9");
    QTest::newRow("bearer header") << QStringLiteral("Authorization: Bearer abc.def-ghi")
                                   << QStringLiteral("abc.def-ghi");
    QTest::newRow("bearer in text") << QStringLiteral("sending bearer s3cr3tOpaque to api")
                                    << QStringLiteral("s3cr3tOpaque");
    QTest::newRow("code in url") << QStringLiteral("GET /callback?code=SplxlOBeZQQYbYS6WxSbIA&state=xyz")
                                 << QStringLiteral("SplxlOBeZQQYbYS6WxSbIA");
    QTest::newRow("verifier in form") << QStringLiteral(
        "grant_type=authorization_code&code_verifier=dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk")
                                      << QStringLiteral("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk");
    QTest::newRow("refresh in json") << QStringLiteral(
        R"({"refresh_token": "8xLOxBtZp8", "expires_in": 3600})")
                                     << QStringLiteral("8xLOxBtZp8");
    QTest::newRow("refresh in form") << QStringLiteral(
        "refresh_token=tGzv3JOkF0XG5Qx2TlKWIA&grant_type=refresh_token")
                                     << QStringLiteral("tGzv3JOkF0XG5Qx2TlKWIA");
    QTest::newRow("cookie") << QStringLiteral("Cookie: _session=abcdef123") << QStringLiteral("abcdef123");
    // Defect: QDebug output of maps and hashes, and opaque values written after the key.
    QTest::newRow("qdebug variant map") << QStringLiteral(
        R"(QMap(("access_token", QVariant(QString, "opaqueAT77"))("expires_in", QVariant(int, 3600))))")
                                        << QStringLiteral("opaqueAT77");
    QTest::newRow("qdebug hash") << QStringLiteral(R"(QHash(("refresh_token", "RT-opaque-99")))")
                                 << QStringLiteral("RT-opaque-99");
    QTest::newRow("qdebug pair") << QStringLiteral(R"(std::pair("id_token","notajwt.value"))")
                                 << QStringLiteral("notajwt.value");
    QTest::newRow("key colon value") << QStringLiteral("access_token: 0paqueV4lue and more")
                                     << QStringLiteral("0paqueV4lue");
    QTest::newRow("key space value") << QStringLiteral("got refresh_token QWERTY123456 from the issuer")
                                     << QStringLiteral("QWERTY123456");
    QTest::newRow("code colon") << QStringLiteral("code: Sp1xlOBeZQ") << QStringLiteral("Sp1xlOBeZQ");
    QTest::newRow("json single quotes")
        << QStringLiteral("{'access_token': 'abcDEF123'}") << QStringLiteral("abcDEF123");
    // qDebug() << "refresh_token" << rt prints the value quoted after the name.
    QTest::newRow("qdebug name then quoted value")
        << QStringLiteral(R"(refresh_token "RT-opaque-4242")") << QStringLiteral("RT-opaque-4242");
    QTest::newRow("quoted name, quoted value")
        << QStringLiteral(R"("access_token" "AT-opaque-4242")") << QStringLiteral("AT-opaque-4242");
    // Opaque tokens are not only base64url: the redaction must not stop at '!' or '*'.
    QTest::newRow("value with ! and *")
        << QStringLiteral("refresh_token 0.AAAx!SecretTail*more") << QStringLiteral("SecretTail");
    QTest::newRow("value with * first")
        << QStringLiteral("access_token: abc*defSecretTail") << QStringLiteral("defSecretTail");
    QTest::newRow("json value in array")
        << QStringLiteral(R"({"id_token": ["abc.def", "x"]})") << QStringLiteral("abc.def");
}

void TestRedact::removesSecrets()
{
    QFETCH(QString, input);
    QFETCH(QString, secret);
    QVERIFY(input.contains(secret)); // the row really holds the secret
    const QString out = redactSecrets(input);
    QVERIFY2(!out.contains(secret), qPrintable(out));
    QVERIFY2(out.contains(QStringLiteral("redacted")), qPrintable(out));
}

void TestRedact::keepsHarmlessText()
{
    const QString text
        = QStringLiteral("GET /subscriptions?api-version=2026-02-01 took 12 ms; state=Succeeded; "
                         "barcode=12 encoded=yes; the code was wrong; status code 403; "
                         "error code AuthorizationFailed");
    QCOMPARE(redactSecrets(text), text);
}

QTEST_GUILESS_MAIN(TestRedact)
#include "tst_redact.moc"
