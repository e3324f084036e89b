#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QJsonObject>
#include <QList>
#include <QString>

#include <memory>

typedef struct evp_pkey_st EVP_PKEY;

namespace RestoreDesk::Jose {

struct EvpPkeyDeleter
{
    void operator()(EVP_PKEY *key) const;
};
using EvpPkeyPtr = std::unique_ptr<EVP_PKEY, EvpPkeyDeleter>;

// One public key from a JWKS (RFC 7517): RSA, EC (P-256, P-384) or OKP (Ed25519). Private
// members are never read: a JWKS entry that carries them is refused. Value type, any thread;
// the OpenSSL key is built on demand.
struct Jwk
{
    QString kty; // RSA, EC, OKP
    QString kid;
    QString use; // sig, enc or empty
    QString alg; // may be empty
    QString crv; // EC / OKP
    QJsonObject raw;

    static Result<Jwk> fromJson(const QJsonObject &object);

    // Whether this key may verify a signature made with `algorithm` (kty, crv, use and alg agree).
    bool fitsAlgorithm(const QString &algorithm) const;

    Result<EvpPkeyPtr> publicKey() const;
};

// A JWKS document: the keys that parsed, and how many entries were skipped (unsupported or
// malformed), so a hostile or odd document can be reported without failing every key.
struct JwkSet
{
    QList<Jwk> keys;
    int skipped = 0;

    static Result<JwkSet> fromJson(const QByteArray &document);

    // Candidates for a token header: matching kid (when the header has one) and fitting alg.
    QList<Jwk> candidates(const QString &kid, const QString &algorithm) const;
};

} // namespace RestoreDesk::Jose
