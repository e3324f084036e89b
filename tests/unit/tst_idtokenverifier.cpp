// ID-token validation, every step of OIDC Core §3.1.3.7 and every JWT pitfall of RFC 8725,
// each as its own case with the error it must produce.
#include "auth/idtokenverifier.h"
#include "testsigner.h"
#include "text/errortext.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Auth;
using namespace RestoreDesk::Test;

namespace {
const QString kIssuer = QStringLiteral("https://idp.example/tenant/v2.0");
const QString kClient = QStringLiteral("restoredesk");
const QString kNonce = QStringLiteral("n-0S6_WzA2Mj");
const qint64 kNow = 1800000000;
} // namespace

class TestIdTokenVerifier : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void algorithmsVerify_data();
    void algorithmsVerify();
    void attacks_data();
    void attacks();
    void refreshedTokenNeedsNoNonce();
    void acceptedAlgorithmsNeverIncludeNoneOrHmac();
    void accessTokensAreVerifiedOnlyWhenMeantToBe();

private:
    QJsonObject claims() const;
    Jose::JwkSet keysFor(const QList<const TestSigner *> &signers) const;
    IdTokenExpectations expect(const QStringList &algs = { QStringLiteral("RS256") }) const;
    std::unique_ptr<TestSigner> m_rsa;
    std::unique_ptr<TestSigner> m_attacker;
};

void TestIdTokenVerifier::initTestCase()
{
    m_rsa = std::make_unique<TestSigner>(QStringLiteral("RS256"), QStringLiteral("k1"));
    m_attacker
        = std::make_unique<TestSigner>(QStringLiteral("RS256"), QStringLiteral("k1")); // same kid, other key
}

QJsonObject TestIdTokenVerifier::claims() const
{
    return QJsonObject { { QStringLiteral("iss"), kIssuer },
                         { QStringLiteral("sub"), QStringLiteral("alice") },
                         { QStringLiteral("aud"), kClient },
                         { QStringLiteral("exp"), kNow + 3600 },
                         { QStringLiteral("iat"), kNow - 10 },
                         { QStringLiteral("nonce"), kNonce },
                         { QStringLiteral("name"), QStringLiteral("Alice") } };
}

Jose::JwkSet TestIdTokenVerifier::keysFor(const QList<const TestSigner *> &signers) const
{
    QJsonArray keys;
    for (const TestSigner *s : signers)
        keys.append(s->publicJwk());
    return Jose::JwkSet::fromJson(QJsonDocument(QJsonObject { { QStringLiteral("keys"), keys } }).toJson())
        .value();
}

IdTokenExpectations TestIdTokenVerifier::expect(const QStringList &algs) const
{
    IdTokenExpectations e;
    e.issuer = kIssuer;
    e.clientId = kClient;
    e.nonce = kNonce;
    e.allowedAlgorithms = algs;
    e.now = kNow;
    e.skewSeconds = 120;
    return e;
}

void TestIdTokenVerifier::algorithmsVerify_data()
{
    QTest::addColumn<QString>("alg");
    for (const char *alg : { "RS256", "RS384", "RS512", "PS256", "ES256", "ES384", "EdDSA" })
        QTest::newRow(alg) << QString::fromLatin1(alg);
}

void TestIdTokenVerifier::algorithmsVerify()
{
    QFETCH(QString, alg);
    const TestSigner signer(alg, QStringLiteral("k-") + alg);
    const QByteArray token = signer.sign({}, claims());
    const auto v = verifyIdToken(token, keysFor({ &signer }), expect({ alg }));
    QVERIFY2(v.ok(), qPrintable(v.ok() ? QString() : v.error().toString()));
    QCOMPARE(v->subject, QStringLiteral("alice"));
    // The same token is refused when its algorithm is not on the allow-list.
    const auto refused = verifyIdToken(
        token, keysFor({ &signer }),
        expect({ QStringLiteral("RS256") == alg ? QStringLiteral("ES256") : QStringLiteral("RS256") }));
    QCOMPARE(refused.error().code, QStringLiteral("alg_not_allowed"));
}

void TestIdTokenVerifier::attacks_data()
{
    QTest::addColumn<QByteArray>("token");
    QTest::addColumn<QString>("code");

    const QJsonObject good = claims();
    auto with = [&](const char *key, const QJsonValue &value) {
        QJsonObject c = good;
        if (value.isUndefined())
            c.remove(QLatin1String(key));
        else
            c.insert(QLatin1String(key), value);
        return c;
    };
    QTest::newRow("alg none") << TestSigner::unsignedToken(good) << "alg_none";
    QTest::newRow("HS256 signed with the RSA public key") << TestSigner::signHs256(
        m_rsa->publicPem(), { { QStringLiteral("kid"), QStringLiteral("k1") } }, good)
                                                          << "alg_hmac";
    QTest::newRow("unknown kid") << m_rsa->sign({ { QStringLiteral("kid"), QStringLiteral("rotated-away") } },
                                                good)
                                 << "unknown_kid";
    QTest::newRow("embedded jwk ignored")
        << m_attacker->sign({ { QStringLiteral("kid"), QStringLiteral("evil") },
                              { QStringLiteral("jwk"), m_attacker->publicJwk() } },
                            good)
        << "unknown_kid";
    QTest::newRow("jku ignored") << m_attacker->sign(
        { { QStringLiteral("jku"), QStringLiteral("https://evil.invalid/jwks") } }, good)
                                 << "bad_signature";
    QTest::newRow("x5u ignored") << m_attacker->sign(
        { { QStringLiteral("x5u"), QStringLiteral("https://evil.invalid/cert.pem") } }, good)
                                 << "bad_signature";
    QTest::newRow("forged signature, right kid") << m_attacker->sign({}, good) << "bad_signature";
    QTest::newRow("wrong issuer") << m_rsa->sign({}, with("iss", QStringLiteral("https://evil.example")))
                                  << "issuer_mismatch";
    QTest::newRow("issuer trailing slash")
        << m_rsa->sign({}, with("iss", kIssuer + QLatin1Char('/'))) << "issuer_mismatch";
    QTest::newRow("wrong aud") << m_rsa->sign({}, with("aud", QStringLiteral("other-app")))
                               << "audience_mismatch";
    QTest::newRow("aud array without azp")
        << m_rsa->sign({}, with("aud", QJsonArray { kClient, QStringLiteral("other-app") }))
        << "azp_mismatch";
    QTest::newRow("wrong azp") << m_rsa->sign({}, with("azp", QStringLiteral("other-app"))) << "azp_mismatch";
    QTest::newRow("expired") << m_rsa->sign({}, with("exp", kNow - 121)) << "expired";
    QTest::newRow("no exp") << m_rsa->sign({}, with("exp", QJsonValue(QJsonValue::Undefined)))
                            << "missing_exp";
    QTest::newRow("not yet valid") << m_rsa->sign({}, with("nbf", kNow + 600)) << "not_yet_valid";
    QTest::newRow("issued in the future") << m_rsa->sign({}, with("iat", kNow + 600)) << "issued_in_future";
    QTest::newRow("nonce mismatch") << m_rsa->sign({}, with("nonce", QStringLiteral("replayed")))
                                    << "nonce_mismatch";
    QTest::newRow("nonce missing") << m_rsa->sign({}, with("nonce", QJsonValue(QJsonValue::Undefined)))
                                   << "nonce_missing";
    QTest::newRow("no sub") << m_rsa->sign({}, with("sub", QJsonValue(QJsonValue::Undefined)))
                            << "missing_sub";
    QTest::newRow("garbage") << QByteArray("not.a.token!") << "malformed_jwt";
    QTest::newRow("RSA key for EC alg") << [&] {
        const TestSigner ec(QStringLiteral("ES256"), QStringLiteral("k1"));
        return ec.sign({}, good);
    }() << "key_mismatch";
}

void TestIdTokenVerifier::attacks()
{
    QFETCH(QByteArray, token);
    QFETCH(QString, code);
    const auto v = verifyIdToken(token, keysFor({ m_rsa.get() }),
                                 expect({ QStringLiteral("RS256"), QStringLiteral("ES256") }));
    QVERIFY2(!v.ok(), "a hostile token was accepted");
    QCOMPARE(v.error().code, code);
    QCOMPARE(v.error().kind, Error::Kind::Security);
    QVERIFY2(Text::hasSentence(code), qPrintable(code)); // the operator is told why, in words
}

void TestIdTokenVerifier::refreshedTokenNeedsNoNonce()
{
    QJsonObject c = claims();
    c.remove(QStringLiteral("nonce"));
    IdTokenExpectations e = expect();
    e.nonce.clear();
    QVERIFY(verifyIdToken(m_rsa->sign({}, c), keysFor({ m_rsa.get() }), e).ok());
    // Within the skew an expiry just passed is still accepted; beyond it, not.
    c.insert(QStringLiteral("exp"), kNow - 60);
    QVERIFY(verifyIdToken(m_rsa->sign({}, c), keysFor({ m_rsa.get() }), e).ok());
}

void TestIdTokenVerifier::acceptedAlgorithmsNeverIncludeNoneOrHmac()
{
    QCOMPARE(acceptedAlgorithms({},
                                { QStringLiteral("none"), QStringLiteral("HS256"), QStringLiteral("RS256"),
                                  QStringLiteral("ES256") }),
             (QStringList { QStringLiteral("RS256"), QStringLiteral("ES256") }));
    QCOMPARE(acceptedAlgorithms({ QStringLiteral("PS256") }, { QStringLiteral("RS256") }),
             QStringList { QStringLiteral("PS256") });
    QCOMPARE(acceptedAlgorithms({}, { QStringLiteral("HS512") }), QStringList { QStringLiteral("RS256") });
}

void TestIdTokenVerifier::accessTokensAreVerifiedOnlyWhenMeantToBe()
{
    const qint64 now = QDateTime::currentSecsSinceEpoch();
    const QJsonObject claims { { QStringLiteral("iss"), kIssuer },
                               { QStringLiteral("aud"), QStringLiteral("api://backup") },
                               { QStringLiteral("exp"), now + 600 },
                               { QStringLiteral("sub"), QStringLiteral("alice") } };
    const Jose::JwkSet keys = keysFor({ m_rsa.get() });
    const QStringList algs { QStringLiteral("RS256") };
    // RFC 9068 token of the issuer for our API: verified.
    auto v = inspectAccessToken(m_rsa->sign({ { QStringLiteral("typ"), QStringLiteral("at+jwt") } }, claims),
                                keys, kIssuer, QStringLiteral("api://backup"), algs);
    QVERIFY(v.verified);
    QCOMPARE(v.status, AccessTokenView::Status::Verified);
    // Entra-style v1 ARM token (plain JWT, another issuer): decoded, never called verified.
    QJsonObject v1 = claims;
    v1.insert(QStringLiteral("iss"), QStringLiteral("https://sts.windows.net/tenant/"));
    v = inspectAccessToken(m_rsa->sign({}, v1), keys, kIssuer, QStringLiteral("api://backup"), algs);
    QVERIFY(v.decodable && !v.verified);
    QCOMPARE(v.status, AccessTokenView::Status::NotForClient);
    // Forged, wrong audience, expired, opaque.
    v = inspectAccessToken(m_attacker->sign({ { QStringLiteral("typ"), QStringLiteral("at+jwt") } }, claims),
                           keys, kIssuer, QStringLiteral("api://backup"), algs);
    QVERIFY(!v.verified);
    QCOMPARE(v.status, AccessTokenView::Status::BadSignature);
    v = inspectAccessToken(m_rsa->sign({ { QStringLiteral("typ"), QStringLiteral("at+jwt") } }, claims), keys,
                           kIssuer, QStringLiteral("api://other"), algs);
    QVERIFY(!v.verified);
    QCOMPARE(v.status, AccessTokenView::Status::OtherAudience);
    QJsonObject old = claims;
    old.insert(QStringLiteral("exp"), now - 10);
    QVERIFY(!inspectAccessToken(m_rsa->sign({ { QStringLiteral("typ"), QStringLiteral("at+jwt") } }, old),
                                keys, kIssuer, QStringLiteral("api://backup"), algs)
                 .verified);
    v = inspectAccessToken("opaque-token-value", keys, kIssuer, QStringLiteral("api://backup"), algs);
    QVERIFY(!v.decodable && !v.verified);
    QCOMPARE(v.status, AccessTokenView::Status::Opaque);
}

QTEST_GUILESS_MAIN(TestIdTokenVerifier)
#include "tst_idtokenverifier.moc"
