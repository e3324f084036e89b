#include "auth/idtokenverifier.h"

#include "auth/jwssignature.h"
#include "core/jsonutil.h"

namespace RestoreDesk::Auth {

namespace {

Error refuse(const char *code, const QString &message)
{
    return Error::make(Error::Kind::Security, QLatin1String(code), message);
}

} // namespace

AccessTokenView inspectAccessToken(const QByteArray &token, const JwkSet &issuerKeys, const QString &issuer,
                                   const QString &apiAudience, const QStringList &algorithms)
{
    AccessTokenView view;
    auto jwt = Jwt::parse(token);
    if (!jwt) {
        view.explanation = QStringLiteral("An opaque token: nothing to decode; only the API can check it.");
        return view;
    }
    view.decodable = true;
    view.claims = jwt->claims;
    const QString iss = jwt->claims.value(QStringLiteral("iss")).toString();
    if (jwt->type().compare(QLatin1String("at+jwt"), Qt::CaseInsensitive) != 0 || iss != issuer) {
        view.explanation
            = QStringLiteral("Decoded, not verified by this client: it is not an RFC 9068 access token of %1 "
                             "(Entra ARM tokens are like this); the API verifies it.")
                  .arg(issuer);
        return view;
    }
    bool signatureOk = false;
    if (algorithms.contains(jwt->algorithm())) {
        for (const Jwk &k : issuerKeys.candidates(jwt->keyId(), jwt->algorithm())) {
            auto pkey = k.publicKey();
            if (pkey && verifySignature(jwt->algorithm(), pkey->get(), jwt->signingInput, jwt->signature))
                signatureOk = true;
        }
    }
    const QStringList aud = Json::stringList(jwt->claims.value(QStringLiteral("aud")));
    const qint64 exp = qint64(jwt->claims.value(QStringLiteral("exp")).toDouble());
    if (!signatureOk)
        view.explanation
            = QStringLiteral("Decoded, but its signature does not verify with %1's keys.").arg(issuer);
    else if (!apiAudience.isEmpty() && !aud.contains(apiAudience))
        view.explanation = QStringLiteral("Signed by %1, but for %2, not this profile's API (%3).")
                               .arg(issuer, aud.join(QStringLiteral(", ")), apiAudience);
    else if (exp <= QDateTime::currentSecsSinceEpoch())
        view.explanation = QStringLiteral("Signed by %1, but expired.").arg(issuer);
    else {
        view.verified = true;
        view.explanation
            = QStringLiteral("Verified by this client: an RFC 9068 access token signed by %1 for %2.")
                  .arg(issuer, aud.join(QStringLiteral(", ")));
    }
    return view;
}

QStringList acceptedAlgorithms(const QStringList &configured, const QStringList &advertised)
{
    const QStringList source = configured.isEmpty() ? advertised : configured;
    QStringList out;
    for (const QString &alg : source) {
        if (isSupportedAlgorithm(alg) && !out.contains(alg))
            out << alg;
    }
    if (out.isEmpty())
        out << QStringLiteral("RS256");
    return out;
}

Result<VerifiedIdToken> verifyIdToken(const QByteArray &token, const JwkSet &keys,
                                      const IdTokenExpectations &expect)
{
    auto parsed = Jwt::parse(token);
    if (!parsed)
        return Error::make(Error::Kind::Security, QStringLiteral("malformed_jwt"), parsed.error().message);
    const Jwt &jwt = parsed.value();
    const QString alg = jwt.algorithm();
    if (alg.compare(QLatin1String("none"), Qt::CaseInsensitive) == 0)
        return refuse("alg_none", QStringLiteral("The ID token is unsigned (alg \"none\"); refusing it."));
    if (alg.startsWith(QLatin1String("HS"), Qt::CaseInsensitive))
        return refuse(
            "alg_hmac",
            QStringLiteral("The ID token uses %1, a shared-secret algorithm a public client never accepts.")
                .arg(alg));
    if (!expect.allowedAlgorithms.contains(alg))
        return refuse("alg_not_allowed",
                      QStringLiteral("The ID token's algorithm %1 is not in the accepted list (%2).")
                          .arg(alg, expect.allowedAlgorithms.join(QStringLiteral(", "))));

    // The key comes from the pinned JWKS only, chosen by kid and fitting kty/crv/use/alg.
    const QList<Jwk> candidates = keys.candidates(jwt.keyId(), alg);
    if (candidates.isEmpty()) {
        bool kidKnown = false;
        for (const Jwk &k : keys.keys)
            kidKnown = kidKnown || (!jwt.keyId().isEmpty() && k.kid == jwt.keyId());
        if (kidKnown)
            return refuse(
                "key_mismatch",
                QStringLiteral("The issuer's key %1 does not fit algorithm %2.").arg(jwt.keyId(), alg));
        return refuse("unknown_kid", QStringLiteral("No key of the issuer has id \"%1\".").arg(jwt.keyId()));
    }
    bool verified = false;
    for (const Jwk &k : candidates) {
        auto pkey = k.publicKey();
        if (pkey && verifySignature(alg, pkey->get(), jwt.signingInput, jwt.signature))
            verified = true;
    }
    if (!verified)
        return refuse("bad_signature",
                      QStringLiteral("The ID token's signature does not verify with the issuer's key."));

    const QJsonObject &c = jwt.claims;
    const QString iss = c.value(QStringLiteral("iss")).toString();
    if (iss != expect.issuer)
        return refuse("issuer_mismatch",
                      QStringLiteral("The ID token is from \"%1\", not the expected issuer \"%2\".")
                          .arg(iss, expect.issuer));
    const QStringList aud = Json::stringList(c.value(QStringLiteral("aud")));
    if (!aud.contains(expect.clientId))
        return refuse("audience_mismatch",
                      QStringLiteral("The ID token is for \"%1\", not this client (%2).")
                          .arg(aud.join(QStringLiteral(", ")), expect.clientId));
    const QJsonValue azp = c.value(QStringLiteral("azp"));
    if ((aud.size() > 1 || !azp.isUndefined()) && azp.toString() != expect.clientId)
        return refuse("azp_mismatch",
                      QStringLiteral("The ID token's authorized party (azp) is \"%1\", not this client.")
                          .arg(azp.toString()));

    const qint64 now = expect.now ? expect.now : QDateTime::currentSecsSinceEpoch();
    const QJsonValue exp = c.value(QStringLiteral("exp"));
    if (!exp.isDouble())
        return refuse("missing_exp", QStringLiteral("The ID token has no expiry (exp)."));
    if (qint64(exp.toDouble()) + expect.skewSeconds <= now)
        return refuse(
            "expired",
            QStringLiteral("The ID token expired at %1.")
                .arg(QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble()), Qt::UTC).toString(Qt::ISODate)));
    const QJsonValue nbf = c.value(QStringLiteral("nbf"));
    if (nbf.isDouble() && qint64(nbf.toDouble()) - expect.skewSeconds > now)
        return refuse(
            "not_yet_valid",
            QStringLiteral("The ID token is not valid before %1; check the clock.")
                .arg(QDateTime::fromSecsSinceEpoch(qint64(nbf.toDouble()), Qt::UTC).toString(Qt::ISODate)));
    const QJsonValue iat = c.value(QStringLiteral("iat"));
    if (iat.isDouble() && qint64(iat.toDouble()) - expect.skewSeconds > now)
        return refuse(
            "issued_in_future",
            QStringLiteral("The ID token claims to be issued in the future (%1); check the clock.")
                .arg(QDateTime::fromSecsSinceEpoch(qint64(iat.toDouble()), Qt::UTC).toString(Qt::ISODate)));

    if (!expect.nonce.isEmpty()) {
        const QJsonValue nonce = c.value(QStringLiteral("nonce"));
        if (!nonce.isString())
            return refuse(
                "nonce_missing",
                QStringLiteral("The ID token carries no nonce; it cannot be tied to this sign-in."));
        if (nonce.toString() != expect.nonce)
            return refuse(
                "nonce_mismatch",
                QStringLiteral("The ID token's nonce differs from this sign-in's; it may be replayed."));
    }
    const QString sub = c.value(QStringLiteral("sub")).toString();
    if (sub.isEmpty())
        return refuse("missing_sub", QStringLiteral("The ID token names no subject (sub)."));

    VerifiedIdToken v;
    v.jwt = jwt;
    v.subject = sub;
    v.expiresAt = QDateTime::fromSecsSinceEpoch(qint64(exp.toDouble()), Qt::UTC);
    if (iat.isDouble())
        v.issuedAt = QDateTime::fromSecsSinceEpoch(qint64(iat.toDouble()), Qt::UTC);
    return v;
}

} // namespace RestoreDesk::Auth
