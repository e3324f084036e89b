#include "testsigner.h"

#include "jose/randomtoken.h"

#include <QJsonDocument>

#include <openssl/bio.h>
#include <openssl/core_names.h>
#include <openssl/ecdsa.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/rsa.h>

namespace RestoreDesk::Test {

struct TestSigner::Key
{
    EVP_PKEY *pkey = nullptr;
    ~Key() { EVP_PKEY_free(pkey); }
};

namespace {

QByteArray bnParam(EVP_PKEY *key, const char *name, int padTo = 0)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1)
        return {};
    const int size = qMax(padTo, BN_num_bytes(bn));
    QByteArray out(size, Qt::Uninitialized);
    BN_bn2binpad(bn, reinterpret_cast<unsigned char *>(out.data()), size);
    BN_free(bn);
    return out;
}

QByteArray encodePart(const QJsonObject &o)
{
    return Jose::base64UrlEncode(QJsonDocument(o).toJson(QJsonDocument::Compact));
}

} // namespace

TestSigner::TestSigner(const QString &algorithm, const QString &kid)
    : m_key(std::make_unique<Key>())
    , m_algorithm(algorithm)
    , m_kid(kid)
{
    if (algorithm.startsWith(QLatin1String("RS")) || algorithm.startsWith(QLatin1String("PS")))
        m_key->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
    else if (algorithm == QLatin1String("ES256"))
        m_key->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-256");
    else if (algorithm == QLatin1String("ES384"))
        m_key->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "EC", "P-384");
    else if (algorithm == QLatin1String("EdDSA"))
        m_key->pkey = EVP_PKEY_Q_keygen(nullptr, nullptr, "ED25519");
}

TestSigner::~TestSigner() = default;

QJsonObject TestSigner::publicJwk() const
{
    QJsonObject jwk { { QStringLiteral("kid"), m_kid },
                      { QStringLiteral("use"), QStringLiteral("sig") },
                      { QStringLiteral("alg"), m_algorithm } };
    if (m_algorithm.startsWith(QLatin1String("RS")) || m_algorithm.startsWith(QLatin1String("PS"))) {
        jwk.insert(QStringLiteral("kty"), QStringLiteral("RSA"));
        jwk.insert(QStringLiteral("n"),
                   QString::fromLatin1(Jose::base64UrlEncode(bnParam(m_key->pkey, OSSL_PKEY_PARAM_RSA_N))));
        jwk.insert(QStringLiteral("e"),
                   QString::fromLatin1(Jose::base64UrlEncode(bnParam(m_key->pkey, OSSL_PKEY_PARAM_RSA_E))));
    } else if (m_algorithm.startsWith(QLatin1String("ES"))) {
        const int size = m_algorithm == QLatin1String("ES256") ? 32 : 48;
        jwk.insert(QStringLiteral("kty"), QStringLiteral("EC"));
        jwk.insert(QStringLiteral("crv"), size == 32 ? QStringLiteral("P-256") : QStringLiteral("P-384"));
        jwk.insert(
            QStringLiteral("x"),
            QString::fromLatin1(Jose::base64UrlEncode(bnParam(m_key->pkey, OSSL_PKEY_PARAM_EC_PUB_X, size))));
        jwk.insert(
            QStringLiteral("y"),
            QString::fromLatin1(Jose::base64UrlEncode(bnParam(m_key->pkey, OSSL_PKEY_PARAM_EC_PUB_Y, size))));
    } else {
        unsigned char raw[32];
        size_t len = sizeof raw;
        EVP_PKEY_get_raw_public_key(m_key->pkey, raw, &len);
        jwk.insert(QStringLiteral("kty"), QStringLiteral("OKP"));
        jwk.insert(QStringLiteral("crv"), QStringLiteral("Ed25519"));
        jwk.insert(QStringLiteral("x"),
                   QString::fromLatin1(
                       Jose::base64UrlEncode(QByteArray(reinterpret_cast<const char *>(raw), int(len)))));
    }
    return jwk;
}

QByteArray TestSigner::publicPem() const
{
    BIO *bio = BIO_new(BIO_s_mem());
    PEM_write_bio_PUBKEY(bio, m_key->pkey);
    char *data = nullptr;
    const long len = BIO_get_mem_data(bio, &data);
    QByteArray pem(data, int(len));
    BIO_free(bio);
    return pem;
}

QByteArray TestSigner::sign(QJsonObject header, const QJsonObject &claims) const
{
    if (!header.contains(QStringLiteral("alg")))
        header.insert(QStringLiteral("alg"), m_algorithm);
    if (!header.contains(QStringLiteral("kid")))
        header.insert(QStringLiteral("kid"), m_kid);
    const QByteArray input = encodePart(header) + '.' + encodePart(claims);
    EVP_MD_CTX *ctx = EVP_MD_CTX_new();
    EVP_PKEY_CTX *pctx = nullptr;
    const EVP_MD *md = m_algorithm == QLatin1String("EdDSA") ? nullptr
        : m_algorithm.endsWith(QLatin1String("384"))         ? EVP_sha384()
        : m_algorithm.endsWith(QLatin1String("512"))         ? EVP_sha512()
                                                             : EVP_sha256();
    EVP_DigestSignInit(ctx, &pctx, md, nullptr, m_key->pkey);
    if (m_algorithm.startsWith(QLatin1String("PS"))) {
        EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING);
        EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST);
    }
    size_t len = 0;
    EVP_DigestSign(ctx, nullptr, &len, reinterpret_cast<const unsigned char *>(input.constData()),
                   size_t(input.size()));
    QByteArray sig(int(len), Qt::Uninitialized);
    EVP_DigestSign(ctx, reinterpret_cast<unsigned char *>(sig.data()), &len,
                   reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()));
    sig.resize(int(len));
    EVP_MD_CTX_free(ctx);
    if (m_algorithm.startsWith(QLatin1String("ES"))) {
        // DER -> r||s
        const int size = m_algorithm == QLatin1String("ES256") ? 32 : 48;
        const unsigned char *p = reinterpret_cast<const unsigned char *>(sig.constData());
        ECDSA_SIG *es = d2i_ECDSA_SIG(nullptr, &p, long(sig.size()));
        QByteArray raw(2 * size, '\0');
        BN_bn2binpad(ECDSA_SIG_get0_r(es), reinterpret_cast<unsigned char *>(raw.data()), size);
        BN_bn2binpad(ECDSA_SIG_get0_s(es), reinterpret_cast<unsigned char *>(raw.data()) + size, size);
        ECDSA_SIG_free(es);
        sig = raw;
    }
    return input + '.' + Jose::base64UrlEncode(sig);
}

QByteArray TestSigner::signHs256(const QByteArray &secret, QJsonObject header, const QJsonObject &claims)
{
    header.insert(QStringLiteral("alg"), QStringLiteral("HS256"));
    const QByteArray input = encodePart(header) + '.' + encodePart(claims);
    unsigned char mac[32];
    size_t len = 0;
    EVP_Q_mac(nullptr, "HMAC", nullptr, "SHA256", nullptr, secret.constData(), size_t(secret.size()),
              reinterpret_cast<const unsigned char *>(input.constData()), size_t(input.size()), mac,
              sizeof mac, &len);
    return input + '.' + Jose::base64UrlEncode(QByteArray(reinterpret_cast<const char *>(mac), int(len)));
}

QByteArray TestSigner::unsignedToken(const QJsonObject &claims)
{
    return encodePart(QJsonObject { { QStringLiteral("alg"), QStringLiteral("none") },
                                    { QStringLiteral("typ"), QStringLiteral("JWT") } })
        + '.' + encodePart(claims) + '.';
}

} // namespace RestoreDesk::Test
