#include "jose/jwk.h"

#include "core/jsonutil.h"
#include "core/libcrypto.h"
#include "jose/jwt.h"

#include <QJsonArray>

namespace RestoreDesk::Jose {

namespace {

Error badKey(const QString &message)
{
    return Error::make(Error::Kind::Invalid, QStringLiteral("invalid_jwk"), message);
}

struct BnDeleter
{
    void operator()(BIGNUM *bn) const { freeWith(&LibCrypto::Functions::BN_free, bn); }
};
struct ParamBldDeleter
{
    void operator()(OSSL_PARAM_BLD *b) const { freeWith(&LibCrypto::Functions::OSSL_PARAM_BLD_free, b); }
};
struct ParamDeleter
{
    void operator()(OSSL_PARAM *p) const { freeWith(&LibCrypto::Functions::OSSL_PARAM_free, p); }
};
struct CtxDeleter
{
    void operator()(EVP_PKEY_CTX *c) const { freeWith(&LibCrypto::Functions::EVP_PKEY_CTX_free, c); }
};

Result<QByteArray> member(const QJsonObject &o, const char *name)
{
    const QJsonValue v = o.value(QLatin1String(name));
    if (!v.isString())
        return badKey(QStringLiteral("The key has no \"%1\".").arg(QLatin1String(name)));
    auto bytes = base64UrlDecode(v.toString().toLatin1());
    if (!bytes || bytes->isEmpty())
        return badKey(QStringLiteral("The key's \"%1\" is not base64url.").arg(QLatin1String(name)));
    return bytes;
}

Result<EvpPkeyPtr> fromParams(const char *type, OSSL_PARAM_BLD *bld)
{
    std::unique_ptr<OSSL_PARAM, ParamDeleter> params(LibCrypto::loaded().OSSL_PARAM_BLD_to_param(bld));
    std::unique_ptr<EVP_PKEY_CTX, CtxDeleter> ctx(
        LibCrypto::loaded().EVP_PKEY_CTX_new_from_name(nullptr, type, nullptr));
    EVP_PKEY *key = nullptr;
    if (!params || !ctx || LibCrypto::loaded().EVP_PKEY_fromdata_init(ctx.get()) != 1
        || LibCrypto::loaded().EVP_PKEY_fromdata(ctx.get(), &key, EVP_PKEY_PUBLIC_KEY, params.get()) != 1
        || !key)
        return badKey(QStringLiteral("OpenSSL refused the %1 key.").arg(QLatin1String(type)));
    return EvpPkeyPtr(key);
}

Result<EvpPkeyPtr> rsaKey(const QJsonObject &o)
{
    auto n = member(o, "n");
    auto e = member(o, "e");
    if (!n)
        return n.error();
    if (!e)
        return e.error();
    if (n->size() < 256)
        return badKey(QStringLiteral("The RSA key is shorter than 2048 bits."));
    std::unique_ptr<BIGNUM, BnDeleter> bnN(LibCrypto::loaded().BN_bin2bn(
        reinterpret_cast<const unsigned char *>(n->constData()), int(n->size()), nullptr));
    std::unique_ptr<BIGNUM, BnDeleter> bnE(LibCrypto::loaded().BN_bin2bn(
        reinterpret_cast<const unsigned char *>(e->constData()), int(e->size()), nullptr));
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(LibCrypto::loaded().OSSL_PARAM_BLD_new());
    if (!bnN || !bnE || !bld
        || LibCrypto::loaded().OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_N, bnN.get()) != 1
        || LibCrypto::loaded().OSSL_PARAM_BLD_push_BN(bld.get(), OSSL_PKEY_PARAM_RSA_E, bnE.get()) != 1)
        return badKey(QStringLiteral("The RSA key could not be built."));
    return fromParams("RSA", bld.get());
}

Result<EvpPkeyPtr> ecKey(const QJsonObject &o, const QString &crv)
{
    int size = 0;
    const char *group = nullptr;
    if (crv == QLatin1String("P-256")) {
        size = 32;
        group = "prime256v1";
    } else if (crv == QLatin1String("P-384")) {
        size = 48;
        group = "secp384r1";
    } else {
        return badKey(QStringLiteral("The EC curve \"%1\" is not supported.").arg(crv));
    }
    auto x = member(o, "x");
    auto y = member(o, "y");
    if (!x)
        return x.error();
    if (!y)
        return y.error();
    if (x->size() != size || y->size() != size)
        return badKey(QStringLiteral("The EC key's coordinates do not fit %1.").arg(crv));
    const QByteArray point = QByteArray(1, '\x04') + *x + *y;
    std::unique_ptr<OSSL_PARAM_BLD, ParamBldDeleter> bld(LibCrypto::loaded().OSSL_PARAM_BLD_new());
    if (!bld
        || LibCrypto::loaded().OSSL_PARAM_BLD_push_utf8_string(bld.get(), OSSL_PKEY_PARAM_GROUP_NAME, group,
                                                               0)
            != 1
        || LibCrypto::loaded().OSSL_PARAM_BLD_push_octet_string(bld.get(), OSSL_PKEY_PARAM_PUB_KEY,
                                                                point.constData(), size_t(point.size()))
            != 1)
        return badKey(QStringLiteral("The EC key could not be built."));
    return fromParams("EC", bld.get());
}

Result<EvpPkeyPtr> okpKey(const QJsonObject &o, const QString &crv)
{
    if (crv != QLatin1String("Ed25519"))
        return badKey(QStringLiteral("The OKP curve \"%1\" is not supported.").arg(crv));
    auto x = member(o, "x");
    if (!x)
        return x.error();
    if (x->size() != 32)
        return badKey(QStringLiteral("The Ed25519 key is not 32 bytes."));
    EVP_PKEY *key = LibCrypto::loaded().EVP_PKEY_new_raw_public_key(
        EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char *>(x->constData()),
        size_t(x->size()));
    if (!key)
        return badKey(QStringLiteral("OpenSSL refused the Ed25519 key."));
    return EvpPkeyPtr(key);
}

} // namespace

void EvpPkeyDeleter::operator()(EVP_PKEY *key) const
{
    freeWith(&LibCrypto::Functions::EVP_PKEY_free, key); // also a key the sandbox made itself
}

Result<Jwk> Jwk::fromJson(const QJsonObject &object)
{
    Jwk k;
    k.kty = object.value(QStringLiteral("kty")).toString();
    k.kid = object.value(QStringLiteral("kid")).toString();
    k.use = object.value(QStringLiteral("use")).toString();
    k.alg = object.value(QStringLiteral("alg")).toString();
    k.crv = object.value(QStringLiteral("crv")).toString();
    k.raw = object;
    if (k.kty != QLatin1String("RSA") && k.kty != QLatin1String("EC") && k.kty != QLatin1String("OKP"))
        return badKey(QStringLiteral("Key type \"%1\" is not supported.").arg(k.kty));
    if (object.contains(QStringLiteral("d")) || object.contains(QStringLiteral("p")))
        return badKey(QStringLiteral("The JWKS publishes private key material; refusing it."));
    return k;
}

bool Jwk::fitsAlgorithm(const QString &algorithm) const
{
    if (!use.isEmpty() && use != QLatin1String("sig"))
        return false;
    if (!alg.isEmpty() && alg != algorithm)
        return false;
    if (algorithm.startsWith(QLatin1String("RS")) || algorithm.startsWith(QLatin1String("PS")))
        return kty == QLatin1String("RSA");
    if (algorithm == QLatin1String("ES256"))
        return kty == QLatin1String("EC") && crv == QLatin1String("P-256");
    if (algorithm == QLatin1String("ES384"))
        return kty == QLatin1String("EC") && crv == QLatin1String("P-384");
    if (algorithm == QLatin1String("EdDSA"))
        return kty == QLatin1String("OKP") && crv == QLatin1String("Ed25519");
    return false;
}

Result<EvpPkeyPtr> Jwk::publicKey() const
{
    if (!LibCrypto::functions())
        return badKey(LibCrypto::unavailable());
    if (kty == QLatin1String("RSA"))
        return rsaKey(raw);
    if (kty == QLatin1String("EC"))
        return ecKey(raw, crv);
    return okpKey(raw, crv);
}

Result<JwkSet> JwkSet::fromJson(const QByteArray &document)
{
    auto object = Json::parseObject(document, QStringLiteral("The JWKS"));
    if (!object)
        return object.error();
    const QJsonValue keys = object->value(QStringLiteral("keys"));
    if (!keys.isArray())
        return badKey(QStringLiteral("The JWKS has no \"keys\" array."));
    JwkSet set;
    const QJsonArray array = keys.toArray();
    for (const QJsonValue &v : array) {
        auto key = Jwk::fromJson(v.toObject());
        if (key)
            set.keys << key.value();
        else
            ++set.skipped;
    }
    return set;
}

QList<Jwk> JwkSet::candidates(const QString &kid, const QString &algorithm) const
{
    QList<Jwk> out;
    for (const Jwk &k : keys) {
        if (!kid.isEmpty() && k.kid != kid)
            continue;
        if (k.fitsAlgorithm(algorithm))
            out << k;
    }
    return out;
}

} // namespace RestoreDesk::Jose
