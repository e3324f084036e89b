#include "auth/idtokenverifier.h"

#include "core/jsonutil.h"
#include "core/qtcompat.h"
#include "jose/jwssignature.h"

namespace RestoreDesk::Auth {

namespace {

Error refuse(const char *code, const QStringList &args = {})
{
    return Error::make(Error::Kind::Security, QLatin1String(code), {}, args);
}

QString utc(qint64 seconds)
{
    return Compat::fromSecsSinceEpochUtc(seconds).toString(Qt::ISODate);
}

using Jose::Jwt;

} // namespace

AccessTokenView inspectAccessToken(const QByteArray &token, const Jose::JwkSet &issuerKeys,
                                   const QString &issuer, const QString &apiAudience,
                                   const QStringList &algorithms)
{
    using Status = AccessTokenView::Status;
    AccessTokenView view;
    auto jwt = Jose::Jwt::parse(token);
    if (!jwt)
        return view;
    view.decodable = true;
    view.claims = jwt->claims;
    const QString iss = jwt->claims.value(QStringLiteral("iss")).toString();
    if (jwt->type().compare(QLatin1String("at+jwt"), Qt::CaseInsensitive) != 0 || iss != issuer) {
        view.status = Status::NotForClient;
        view.args = { issuer };
        return view;
    }
    const auto signer = Jose::verify(jwt.value(), issuerKeys, algorithms);
    const QStringList aud = Json::stringList(jwt->claims.value(QStringLiteral("aud")));
    const qint64 exp = qint64(jwt->claims.value(QStringLiteral("exp")).toDouble());
    if (!signer && signer.error().code == Jose::Codes::CryptoUnavailable) {
        view.status = Status::NotVerifiable; // nothing was checked: not a verdict on the token
        view.args = { issuer, signer.error().detail };
    } else if (!signer) {
        view.status = Status::BadSignature;
        view.args = { issuer, signer.error().code };
    } else if (!apiAudience.isEmpty() && !aud.contains(apiAudience)) {
        view.status = Status::OtherAudience;
        view.args = { issuer, aud.join(QStringLiteral(", ")), apiAudience };
    } else if (exp <= QDateTime::currentSecsSinceEpoch()) {
        view.status = Status::Expired;
        view.args = { issuer };
    } else {
        view.status = Status::Verified;
        view.verified = true;
        view.args = { issuer, aud.join(QStringLiteral(", ")), signer->kid };
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
        return refuse("issuer_mismatch", { iss, expect.issuer });
    const QStringList aud = Json::stringList(c.value(QStringLiteral("aud")));
    if (!aud.contains(expect.clientId))
        return refuse("audience_mismatch", { aud.join(QStringLiteral(", ")), expect.clientId });
    const QJsonValue azp = c.value(QStringLiteral("azp"));
    if ((aud.size() > 1 || !azp.isUndefined()) && azp.toString() != expect.clientId)
        return refuse("azp_mismatch", { azp.toString(), expect.clientId });

    const qint64 now = expect.now ? expect.now : QDateTime::currentSecsSinceEpoch();
    const QJsonValue exp = c.value(QStringLiteral("exp"));
    if (!exp.isDouble())
        return refuse("missing_exp");
    if (qint64(exp.toDouble()) + expect.skewSeconds <= now)
        return refuse("expired", { utc(qint64(exp.toDouble())) });
    const QJsonValue nbf = c.value(QStringLiteral("nbf"));
    if (nbf.isDouble() && qint64(nbf.toDouble()) - expect.skewSeconds > now)
        return refuse("not_yet_valid", { utc(qint64(nbf.toDouble())) });
    const QJsonValue iat = c.value(QStringLiteral("iat"));
    if (iat.isDouble() && qint64(iat.toDouble()) - expect.skewSeconds > now)
        return refuse("issued_in_future", { utc(qint64(iat.toDouble())) });

    if (!expect.nonce.isEmpty()) {
        const QJsonValue nonce = c.value(QStringLiteral("nonce"));
        if (!nonce.isString())
            return refuse("nonce_missing");
        if (nonce.toString() != expect.nonce)
            return refuse("nonce_mismatch");
    }
    const QString sub = c.value(QStringLiteral("sub")).toString();
    if (sub.isEmpty())
        return refuse("missing_sub");

    VerifiedIdToken v;
    v.jwt = jwt;
    v.subject = sub;
    v.expiresAt = Compat::fromSecsSinceEpochUtc(qint64(exp.toDouble()));
    if (iat.isDouble())
        v.issuedAt = Compat::fromSecsSinceEpochUtc(qint64(iat.toDouble()));
    return v;
}

} // namespace RestoreDesk::Auth
