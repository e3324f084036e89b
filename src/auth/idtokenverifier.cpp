#include "auth/idtokenverifier.h"

#include "core/jsonutil.h"
#include "core/qtcompat.h"
#include "jose/jwssignature.h"

namespace RestoreDesk::Auth {

namespace {

Error refuse(const char *code, const QString &message)
{
    return Error::make(Error::Kind::Security, QLatin1String(code), message);
}

using Jose::Jwt;

} // namespace

AccessTokenView inspectAccessToken(const QByteArray &token, const Jose::JwkSet &issuerKeys,
                                   const QString &issuer, const QString &apiAudience,
                                   const QStringList &algorithms)
{
    AccessTokenView view;
    auto jwt = Jose::Jwt::parse(token);
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
    const bool signatureOk = bool(Jose::verify(jwt.value(), issuerKeys, algorithms));
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
        if (Jose::isSupportedAlgorithm(alg) && !out.contains(alg))
            out << alg;
    }
    if (out.isEmpty())
        out << QStringLiteral("RS256");
    return out;
}

Result<VerifiedIdToken> verifyIdToken(const QByteArray &token, const Jose::JwkSet &keys,
                                      const IdTokenExpectations &expect)
{
    auto parsed = Jose::Jwt::parse(token);
    if (!parsed)
        return Error::make(Error::Kind::Security, QStringLiteral("malformed_jwt"), parsed.error().detail);
    const Jose::Jwt &jwt = parsed.value();
    // Algorithm allow-list, key by kid from the pinned JWKS only, key fit, signature: one place.
    if (auto signer = Jose::verify(jwt, keys, expect.allowedAlgorithms); !signer)
        return signer.error();

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
        return refuse("expired",
                      QStringLiteral("The ID token expired at %1.")
                          .arg(Compat::fromSecsSinceEpochUtc(qint64(exp.toDouble())).toString(Qt::ISODate)));
    const QJsonValue nbf = c.value(QStringLiteral("nbf"));
    if (nbf.isDouble() && qint64(nbf.toDouble()) - expect.skewSeconds > now)
        return refuse("not_yet_valid",
                      QStringLiteral("The ID token is not valid before %1; check the clock.")
                          .arg(Compat::fromSecsSinceEpochUtc(qint64(nbf.toDouble())).toString(Qt::ISODate)));
    const QJsonValue iat = c.value(QStringLiteral("iat"));
    if (iat.isDouble() && qint64(iat.toDouble()) - expect.skewSeconds > now)
        return refuse("issued_in_future",
                      QStringLiteral("The ID token claims to be issued in the future (%1); check the clock.")
                          .arg(Compat::fromSecsSinceEpochUtc(qint64(iat.toDouble())).toString(Qt::ISODate)));

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
    v.expiresAt = Compat::fromSecsSinceEpochUtc(qint64(exp.toDouble()));
    if (iat.isDouble())
        v.issuedAt = Compat::fromSecsSinceEpochUtc(qint64(iat.toDouble()));
    return v;
}

} // namespace RestoreDesk::Auth
