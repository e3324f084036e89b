// The sandbox's bearer-token check (TokenValidator) remembers a verified token's parts and the key
// that verified it, by the token's exact bytes, so that a client sending the same token with every
// request is not decoded and verified each time. What it decides must not change: a remembered
// token is still checked for expiry, not-before and revocation on every use; a token that differs
// by one byte anywhere is parsed and verified afresh (and refused when forged); a token is not
// taken as signed once the key that verified it is gone.
#include "core/qtcompat.h"
#include "jose/jwt.h"
#include "sandbox/signingkey.h"
#include "sandbox/tokenvalidator.h"

#include <QTest>

#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Sandbox;

namespace {

const QString kIssuer = QStringLiteral("http://127.0.0.1:1/oidc");
const QString kAudience = QStringLiteral("api://restoredesk-sandbox");
constexpr int kSkew = 60;

Jose::JwkSet keysOf(const SigningKey &key)
{
    Jose::JwkSet set;
    set.keys << Jose::Jwk::fromJson(key.publicJwk()).value();
    return set;
}

// What validate() answered: the principal's object id, or the error code.
QString answer(TokenValidator &validator, const QByteArray &token)
{
    std::optional<Result<Principal>> got;
    validator.validate("Bearer " + token, [&](Result<Principal> r) { got = std::move(r); });
    if (!got)
        return QStringLiteral("(no answer)");
    return *got ? QStringLiteral("ok:") + got->value().objectId : got->error().code;
}

} // namespace

class TestTokenValidator : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void rememberedTokenIsCheckedForExpiryOnEveryUse();
    void rememberedTokenIsCheckedForNotBeforeOnEveryUse();
    void rememberedTokenIsCheckedForRevocationOnEveryUse();
    void tokenDifferingByOneByteIsVerifiedAfresh();
    void rememberedTokenIsRefusedOnceItsKeyIsGone();

private:
    QByteArray token(qint64 expIn, qint64 nbfIn = 0, const QString &oid = QStringLiteral("oid-1")) const;

    std::unique_ptr<SigningKey> m_key;
    std::unique_ptr<SigningKey> m_otherKey;
    ManualClock m_clock { Compat::fromSecsSinceEpochUtc(1800000000) };
    bool m_useOtherKey = false;
    QStringList m_revoked;
    std::unique_ptr<TokenValidator> m_validator;
};

void TestTokenValidator::init()
{
    if (!m_key) {
        m_key = SigningKey::generate();
        m_otherKey = SigningKey::generate();
    }
    m_clock.set(Compat::fromSecsSinceEpochUtc(1800000000));
    m_useOtherKey = false;
    m_revoked.clear();
    m_validator = std::make_unique<TokenValidator>(
        kIssuer, kAudience, [this] { return keysOf(m_useOtherKey ? *m_otherKey : *m_key); },
        [this](const QString &family) { return m_revoked.contains(family); }, QList<TrustedIssuer>(),
        m_clock.clock());
    m_validator->setSkewSeconds(kSkew);
}

QByteArray TestTokenValidator::token(qint64 expIn, qint64 nbfIn, const QString &oid) const
{
    const qint64 now = m_clock.now().toSecsSinceEpoch();
    QJsonObject claims { { QStringLiteral("iss"), kIssuer },
                         { QStringLiteral("aud"), kAudience },
                         { QStringLiteral("sub"), QStringLiteral("sub-1") },
                         { QStringLiteral("oid"), oid },
                         { QStringLiteral("sid"), QStringLiteral("family-1") },
                         { QStringLiteral("exp"), double(now + expIn) } };
    if (nbfIn != 0)
        claims.insert(QStringLiteral("nbf"), double(now + nbfIn));
    return m_key->sign({ { QStringLiteral("typ"), QStringLiteral("at+jwt") } }, claims);
}

void TestTokenValidator::rememberedTokenIsCheckedForExpiryOnEveryUse()
{
    const QByteArray t = token(300);
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ok:oid-1"));
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ok:oid-1")); // remembered now
    m_clock.advance(300 + kSkew); // the last second it is still good
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ok:oid-1"));
    m_clock.advance(1);
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ExpiredAuthenticationToken"));
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ExpiredAuthenticationToken"));
}

void TestTokenValidator::rememberedTokenIsCheckedForNotBeforeOnEveryUse()
{
    const QByteArray t = token(3600, 600);
    QCOMPARE(answer(*m_validator, t), QStringLiteral("InvalidAuthenticationToken")); // not yet
    QCOMPARE(answer(*m_validator, t), QStringLiteral("InvalidAuthenticationToken")); // remembered: still not
    m_clock.advance(600 - kSkew);
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ok:oid-1"));
}

void TestTokenValidator::rememberedTokenIsCheckedForRevocationOnEveryUse()
{
    const QByteArray t = token(300);
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ok:oid-1"));
    m_revoked << QStringLiteral("family-1");
    QCOMPARE(answer(*m_validator, t), QStringLiteral("InvalidAuthenticationToken"));
}

void TestTokenValidator::tokenDifferingByOneByteIsVerifiedAfresh()
{
    const QByteArray t = token(300);
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ok:oid-1"));
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ok:oid-1"));
    // The same claims but another principal, signed by no one: the remembered token's signature
    // with a payload that differs from it in one byte.
    const QByteArray other = token(300, 0, QStringLiteral("oid-2"));
    const qsizetype dot1 = t.indexOf('.');
    const qsizetype dot2 = t.lastIndexOf('.');
    const QByteArray forged = other.left(other.lastIndexOf('.')) + t.mid(dot2);
    QCOMPARE(forged.size(), t.size());
    int differing = 0;
    for (qsizetype i = 0; i < t.size(); ++i)
        differing += forged.at(i) != t.at(i);
    QCOMPARE(differing, 1); // "oid-1" and "oid-2" differ in one base64url character here
    QCOMPARE(answer(*m_validator, forged), QStringLiteral("InvalidAuthenticationToken"));
    // One byte changed in each part: the header, the claims, the signature.
    for (const qsizetype at : { dot1 / 2, (dot1 + dot2) / 2, dot2 + 10 }) {
        QByteArray flipped = t;
        flipped[at] = flipped.at(at) == 'A' ? 'B' : 'A';
        QVERIFY2(answer(*m_validator, flipped) != QStringLiteral("ok:oid-1"),
                 qPrintable(QString::number(at)));
    }
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ok:oid-1")); // the genuine one still is
}

void TestTokenValidator::rememberedTokenIsRefusedOnceItsKeyIsGone()
{
    const QByteArray t = token(300);
    QCOMPARE(answer(*m_validator, t), QStringLiteral("ok:oid-1"));
    m_useOtherKey = true; // the key that verified it is no longer published
    QCOMPARE(answer(*m_validator, t), QStringLiteral("InvalidAuthenticationToken"));
}

QTEST_GUILESS_MAIN(TestTokenValidator)
#include "tst_tokenvalidator.moc"
