#include "jose/pkce.h"
#include "jose/randomtoken.h"

#include <QSet>
#include <QTest>

using namespace RestoreDesk::Jose;

class TestPkce : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rfc7636AppendixB();
    void generatedPairsAreValidAndDistinct();
    void verifierValidation_data();
    void verifierValidation();
    void randomTokensHaveFullEntropyLength();
};

void TestPkce::rfc7636AppendixB()
{
    // RFC 7636 Appendix B.
    QCOMPARE(Pkce::challengeFor("dBjftJeZ4CVP-mB92K27uhbUJU1p1r_wW1gFWFOEjXk"),
             QByteArray("E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM"));
    QCOMPARE(QByteArray(Pkce::method()), QByteArray("S256"));
}

void TestPkce::generatedPairsAreValidAndDistinct()
{
    QSet<QByteArray> seen;
    for (int i = 0; i < 200; ++i) {
        const Pkce p = Pkce::generate();
        QVERIFY(Pkce::isValidVerifier(p.verifier));
        QCOMPARE(p.verifier.size(), 43);
        QCOMPARE(p.challenge, Pkce::challengeFor(p.verifier));
        QVERIFY(!seen.contains(p.verifier));
        seen.insert(p.verifier);
    }
}

void TestPkce::verifierValidation_data()
{
    QTest::addColumn<QByteArray>("verifier");
    QTest::addColumn<bool>("valid");
    QTest::newRow("42 chars") << QByteArray(42, 'a') << false;
    QTest::newRow("43 chars") << QByteArray(43, 'a') << true;
    QTest::newRow("128 chars") << QByteArray(128, '~') << true;
    QTest::newRow("129 chars") << QByteArray(129, 'a') << false;
    QTest::newRow("plus sign") << (QByteArray(42, 'a') + '+') << false;
    QTest::newRow("space") << (QByteArray(42, 'a') + ' ') << false;
}

void TestPkce::verifierValidation()
{
    QFETCH(QByteArray, verifier);
    QFETCH(bool, valid);
    QCOMPARE(Pkce::isValidVerifier(verifier), valid);
}

void TestPkce::randomTokensHaveFullEntropyLength()
{
    // 16 bytes = 128 bits -> 22 base64url chars, the minimum for `state` (RFC 9700 §4.7).
    const QByteArray a = randomUrlSafe(16);
    const QByteArray b = randomUrlSafe(16);
    QCOMPARE(a.size(), 22);
    QVERIFY(a != b);
    QVERIFY(randomUrlSafe(0).isEmpty());
}

QTEST_GUILESS_MAIN(TestPkce)
#include "tst_pkce.moc"
