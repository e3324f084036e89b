#include "jose/jwt.h"
#include "jose/randomtoken.h"

#include <QJsonDocument>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Jose;

namespace {

QByteArray part(const QByteArray &json)
{
    return base64UrlEncode(json);
}

} // namespace

class TestJwt : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void parsesWellFormedToken();
    void rejectsMalformed_data();
    void rejectsMalformed();
};

void TestJwt::parsesWellFormedToken()
{
    const QByteArray token = part(R"({"alg":"RS256","kid":"k1","typ":"JWT"})") + '.'
        + part(R"({"sub":"alice","aud":["a","b"],"exp":2000000000})") + '.' + base64UrlEncode("sig");
    const auto jwt = Jwt::parse(token);
    QVERIFY2(jwt.ok(), qPrintable(jwt.ok() ? QString() : jwt.error().detail));
    QCOMPARE(jwt->algorithm(), QStringLiteral("RS256"));
    QCOMPARE(jwt->keyId(), QStringLiteral("k1"));
    QCOMPARE(jwt->claims.value(QStringLiteral("sub")).toString(), QStringLiteral("alice"));
    QCOMPARE(jwt->signature, QByteArray("sig"));
    QCOMPARE(jwt->signingInput, token.left(token.lastIndexOf('.')));
}

void TestJwt::rejectsMalformed_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("mentions");
    const QByteArray h = part(R"({"alg":"RS256"})");
    const QByteArray p = part(R"({"sub":"x"})");
    QTest::newRow("empty") << QByteArray() << QStringLiteral("empty");
    QTest::newRow("two parts") << (h + '.' + p) << QStringLiteral("2 part");
    QTest::newRow("jwe") << QByteArray("a.b.c.d.e") << QStringLiteral("encrypted");
    QTest::newRow("bad base64") << (h + ".*notb64*.sig") << QStringLiteral("base64url");
    QTest::newRow("padding char") << (h + '.' + p + "=.sig") << QStringLiteral("base64url");
    QTest::newRow("header not json") << (part("nope") + '.' + p + ".c2ln")
                                     << QStringLiteral("not valid JSON");
    QTest::newRow("payload is array")
        << (h + '.' + part("[1,2]") + ".c2ln") << QStringLiteral("not an object");
    QTest::newRow("no alg") << (part(R"({"typ":"JWT"})") + '.' + p + ".c2ln") << QStringLiteral("alg");
    QTest::newRow("huge") << QByteArray(Jwt::kMaxCompactSize + 1, 'a') << QStringLiteral("larger");
}

void TestJwt::rejectsMalformed()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, mentions);
    const auto jwt = Jwt::parse(token);
    QVERIFY(!jwt.ok());
    QCOMPARE(jwt.error().code, QStringLiteral("malformed_jwt"));
    QVERIFY2(jwt.error().detail.contains(mentions), qPrintable(jwt.error().detail));
}

QTEST_GUILESS_MAIN(TestJwt)
#include "tst_jwt.moc"
