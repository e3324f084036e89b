#include "sandbox/signingkey.h"

#include "jose/randomtoken.h"

#include <QJsonDocument>

#include <openssl/core_names.h>
#include <openssl/evp.h>

namespace RestoreDesk::Sandbox {

namespace {

struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *c) const { EVP_MD_CTX_free(c); }
};

QByteArray bnParam(EVP_PKEY *key, const char *name)
{
    BIGNUM *bn = nullptr;
    if (EVP_PKEY_get_bn_param(key, name, &bn) != 1 || !bn)
        return {};
    QByteArray bytes(BN_num_bytes(bn), Qt::Uninitialized);
    BN_bn2bin(bn, reinterpret_cast<unsigned char *>(bytes.data()));
    BN_free(bn);
    return bytes;
}

} // namespace

std::unique_ptr<SigningKey> SigningKey::generate()
{
    EVP_PKEY *raw = EVP_PKEY_Q_keygen(nullptr, nullptr, "RSA", size_t(2048));
    if (!raw)
        return nullptr;
    std::unique_ptr<SigningKey> key(new SigningKey);
    key->m_key.reset(raw);
    key->m_n = bnParam(raw, OSSL_PKEY_PARAM_RSA_N);
    key->m_e = bnParam(raw, OSSL_PKEY_PARAM_RSA_E);
    key->m_kid = QString::fromLatin1(Jose::randomUrlSafe(9));
    if (key->m_n.isEmpty() || key->m_e.isEmpty())
        return nullptr;
    return key;
}

QJsonObject SigningKey::publicJwk() const
{
    return QJsonObject { { QStringLiteral("kty"), QStringLiteral("RSA") },
                         { QStringLiteral("use"), QStringLiteral("sig") },
                         { QStringLiteral("alg"), QStringLiteral("RS256") },
                         { QStringLiteral("kid"), m_kid },
                         { QStringLiteral("n"), QString::fromLatin1(Jose::base64UrlEncode(m_n)) },
                         { QStringLiteral("e"), QString::fromLatin1(Jose::base64UrlEncode(m_e)) } };
}

QByteArray SigningKey::signRaw(const QByteArray &signingInput) const
{
    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(EVP_MD_CTX_new());
    size_t len = 0;
    if (!ctx || EVP_DigestSignInit(ctx.get(), nullptr, EVP_sha256(), nullptr, m_key.get()) != 1
        || EVP_DigestSign(ctx.get(), nullptr, &len,
                          reinterpret_cast<const unsigned char *>(signingInput.constData()),
                          size_t(signingInput.size()))
            != 1)
        return {};
    QByteArray sig(qsizetype(len), Qt::Uninitialized);
    if (EVP_DigestSign(ctx.get(), reinterpret_cast<unsigned char *>(sig.data()), &len,
                       reinterpret_cast<const unsigned char *>(signingInput.constData()),
                       size_t(signingInput.size()))
        != 1)
        return {};
    sig.resize(qsizetype(len));
    return sig;
}

QByteArray SigningKey::sign(QJsonObject header, const QJsonObject &claims) const
{
    header.insert(QStringLiteral("alg"), QStringLiteral("RS256"));
    header.insert(QStringLiteral("kid"), m_kid);
    if (!header.contains(QStringLiteral("typ")))
        header.insert(QStringLiteral("typ"), QStringLiteral("JWT"));
    const QByteArray input = Jose::base64UrlEncode(QJsonDocument(header).toJson(QJsonDocument::Compact)) + '.'
        + Jose::base64UrlEncode(QJsonDocument(claims).toJson(QJsonDocument::Compact));
    return input + '.' + Jose::base64UrlEncode(signRaw(input));
}

} // namespace RestoreDesk::Sandbox
