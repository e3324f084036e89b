#pragma once

#include <QByteArray>
#include <QJsonObject>
#include <QString>

#include <memory>

namespace RestoreDesk::Test {

// A signing key of any algorithm the client verifies (RS256/384/512, PS256, ES256/384, EdDSA),
// with its public JWK, for building valid and hostile tokens in tests. Also signs HS256 with an
// arbitrary secret (for the RS→HS confusion test).
class TestSigner
{
public:
    explicit TestSigner(const QString &algorithm, const QString &kid = QStringLiteral("test-key"));
    ~TestSigner();
    TestSigner(const TestSigner &) = delete;
    TestSigner &operator=(const TestSigner &) = delete;

    QString algorithm() const { return m_algorithm; }
    QString kid() const { return m_kid; }
    QJsonObject publicJwk() const;
    QByteArray publicPem() const; // for HS256-with-the-public-key forgeries

    // Signs header + claims; `alg` and `kid` are set unless the header already has them.
    QByteArray sign(QJsonObject header, const QJsonObject &claims) const;
    static QByteArray signHs256(const QByteArray &secret, QJsonObject header, const QJsonObject &claims);
    static QByteArray unsignedToken(const QJsonObject &claims); // alg none

private:
    struct Key;
    std::unique_ptr<Key> m_key;
    QString m_algorithm;
    QString m_kid;
};

} // namespace RestoreDesk::Test
