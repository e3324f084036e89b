#include "jose/jwssignature.h"

#include "core/libcrypto.h"

#include <memory>

namespace RestoreDesk::Jose {

namespace {

struct MdCtxDeleter
{
    void operator()(EVP_MD_CTX *c) const { freeWith(&LibCrypto::Functions::EVP_MD_CTX_free, c); }
};
struct EcdsaSigDeleter
{
    void operator()(ECDSA_SIG *s) const { freeWith(&LibCrypto::Functions::ECDSA_SIG_free, s); }
};

Error badSignature(const QString &message)
{
    return Error::make(Error::Kind::Security, Codes::BadSignature, message);
}

const EVP_MD *digestFor(const QString &algorithm)
{
    if (algorithm.endsWith(QLatin1String("256")))
        return LibCrypto::loaded().EVP_sha256();
    if (algorithm.endsWith(QLatin1String("384")))
        return LibCrypto::loaded().EVP_sha384();
    if (algorithm.endsWith(QLatin1String("512")))
        return LibCrypto::loaded().EVP_sha512();
    return nullptr;
}

// JWS carries ECDSA signatures as r||s; OpenSSL wants DER.
QByteArray ecdsaRawToDer(const QByteArray &raw, int coordinateSize)
{
    if (raw.size() != 2 * coordinateSize)
        return {};
    std::unique_ptr<ECDSA_SIG, EcdsaSigDeleter> sig(LibCrypto::loaded().ECDSA_SIG_new());
    BIGNUM *r = LibCrypto::loaded().BN_bin2bn(reinterpret_cast<const unsigned char *>(raw.constData()),
                                              coordinateSize, nullptr);
    BIGNUM *s = LibCrypto::loaded().BN_bin2bn(
        reinterpret_cast<const unsigned char *>(raw.constData()) + coordinateSize, coordinateSize, nullptr);
    if (!sig || !r || !s || LibCrypto::loaded().ECDSA_SIG_set0(sig.get(), r, s) != 1) {
        LibCrypto::loaded().BN_free(r);
        LibCrypto::loaded().BN_free(s);
        return {};
    }
    const int len = LibCrypto::loaded().i2d_ECDSA_SIG(sig.get(), nullptr);
    if (len <= 0)
        return {};
    QByteArray der(len, Qt::Uninitialized);
    auto *p = reinterpret_cast<unsigned char *>(der.data());
    LibCrypto::loaded().i2d_ECDSA_SIG(sig.get(), &p);
    return der;
}

} // namespace

const QStringList &supportedAlgorithms()
{
    static const QStringList supported
        = { QStringLiteral("RS256"), QStringLiteral("RS384"), QStringLiteral("RS512"),
            QStringLiteral("PS256"), QStringLiteral("PS384"), QStringLiteral("PS512"),
            QStringLiteral("ES256"), QStringLiteral("ES384"), QStringLiteral("EdDSA") };
    return supported;
}

bool isSupportedAlgorithm(const QString &algorithm)
{
    return supportedAlgorithms().contains(algorithm);
}

namespace Detail {

Result<void> verifySignature(const QString &algorithm, EVP_PKEY *key, const QByteArray &signingInput,
                             const QByteArray &signature)
{
    if (!isSupportedAlgorithm(algorithm))
        return badSignature(QStringLiteral("Algorithm \"%1\" is not accepted.").arg(algorithm));
    if (!key)
        return badSignature(QStringLiteral("No key to verify with."));
    if (!LibCrypto::functions())
        return Error::make(Error::Kind::Internal, Codes::CryptoUnavailable, LibCrypto::unavailable());

    std::unique_ptr<EVP_MD_CTX, MdCtxDeleter> ctx(LibCrypto::loaded().EVP_MD_CTX_new());
    EVP_PKEY_CTX *pctx = nullptr;
    const bool eddsa = algorithm == QLatin1String("EdDSA");
    const EVP_MD *md = eddsa ? nullptr : digestFor(algorithm);
    if (!ctx || LibCrypto::loaded().EVP_DigestVerifyInit(ctx.get(), &pctx, md, nullptr, key) != 1)
        return badSignature(QStringLiteral("The key does not fit algorithm %1.").arg(algorithm));

    QByteArray sig = signature;
    if (algorithm.startsWith(QLatin1String("PS"))) {
        if (LibCrypto::loaded().EVP_PKEY_CTX_set_rsa_padding(pctx, RSA_PKCS1_PSS_PADDING) != 1
            || LibCrypto::loaded().EVP_PKEY_CTX_set_rsa_pss_saltlen(pctx, RSA_PSS_SALTLEN_DIGEST) != 1)
            return badSignature(QStringLiteral("PSS padding could not be set."));
    } else if (algorithm.startsWith(QLatin1String("ES"))) {
        sig = ecdsaRawToDer(signature, algorithm == QLatin1String("ES256") ? 32 : 48);
        if (sig.isEmpty())
            return badSignature(QStringLiteral("The ECDSA signature has the wrong length."));
    }
    const int ok = LibCrypto::loaded().EVP_DigestVerify(
        ctx.get(), reinterpret_cast<const unsigned char *>(sig.constData()), size_t(sig.size()),
        reinterpret_cast<const unsigned char *>(signingInput.constData()), size_t(signingInput.size()));
    if (ok != 1)
        return badSignature(QStringLiteral("The signature does not match the key."));
    return {};
}

} // namespace Detail

Result<Jwk> verify(const Jwt &jwt, const JwkSet &keys, const QStringList &allowedAlgorithms)
{
    const QString alg = jwt.algorithm();
    if (alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return Error::make(Error::Kind::Security, Codes::AlgNone,
                           QStringLiteral("The token is unsigned (alg \"none\")."));
    if (alg.startsWith(QLatin1String("HS"), Qt::CaseInsensitive))
        return Error::make(
            Error::Kind::Security, Codes::AlgHmac,
            QStringLiteral("The token uses %1, a shared-secret algorithm that is never accepted.").arg(alg));
    if (!allowedAlgorithms.contains(alg) || !isSupportedAlgorithm(alg))
        return Error::make(Error::Kind::Security, Codes::AlgNotAllowed,
                           QStringLiteral("The token's algorithm %1 is not in the accepted list (%2).")
                               .arg(alg, allowedAlgorithms.join(QStringLiteral(", "))));
    if (!LibCrypto::functions()) // nothing can be checked: said as such, never as a bad signature
        return Error::make(Error::Kind::Internal, Codes::CryptoUnavailable, LibCrypto::unavailable());
    const QList<Jwk> candidates = keys.candidates(jwt.keyId(), alg);
    if (candidates.isEmpty()) {
        bool kidKnown = false;
        for (const Jwk &k : keys.keys)
            kidKnown = kidKnown || (!jwt.keyId().isEmpty() && k.kid == jwt.keyId());
        if (kidKnown)
            return Error::make(Error::Kind::Security, Codes::KeyMismatch,
                               QStringLiteral("The key %1 does not fit algorithm %2.").arg(jwt.keyId(), alg));
        return Error::make(Error::Kind::Security, Codes::UnknownKid,
                           QStringLiteral("No trusted key has id \"%1\".").arg(jwt.keyId()));
    }
    for (const Jwk &k : candidates) {
        auto pkey = k.publicKey();
        if (pkey && Detail::verifySignature(alg, pkey->get(), jwt.signingInput, jwt.signature))
            return k;
    }
    return Error::make(Error::Kind::Security, Codes::BadSignature,
                       QStringLiteral("The signature does not verify with the trusted key."));
}

} // namespace RestoreDesk::Jose
