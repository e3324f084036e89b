#include "jose/jwt.h"

#include "core/jsonutil.h"

namespace RestoreDesk::Jose {

namespace {

Error malformed(const QString &message)
{
    return Error::make(Error::Kind::Invalid, QStringLiteral("malformed_jwt"), message);
}

} // namespace

Result<QByteArray> base64UrlDecode(const QByteArray &text)
{
    for (const char c : text) {
        const bool ok = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-'
            || c == '_';
        if (!ok)
            return malformed(QStringLiteral("contains a character that is not base64url"));
    }
    if (text.size() % 4 == 1)
        return malformed(QStringLiteral("has a base64url part of impossible length"));
    auto decoded = QByteArray::fromBase64Encoding(
        text, QByteArray::Base64UrlEncoding | QByteArray::AbortOnBase64DecodingErrors);
    if (decoded.decodingStatus != QByteArray::Base64DecodingStatus::Ok)
        return malformed(QStringLiteral("has a part that is not valid base64url"));
    return decoded.decoded;
}

Result<Jwt> Jwt::parse(const QByteArray &compactIn)
{
    const QByteArray compact = compactIn.trimmed();
    if (compact.isEmpty())
        return malformed(QStringLiteral("The token is empty."));
    if (compact.size() > kMaxCompactSize)
        return malformed(QStringLiteral("The token is larger than %1 KiB.").arg(kMaxCompactSize / 1024));
    const QList<QByteArray> parts = compact.split('.');
    if (parts.size() == 5)
        return malformed(
            QStringLiteral("The token is encrypted (JWE, five parts); it cannot be decoded here."));
    if (parts.size() != 3)
        return malformed(QStringLiteral("The token has %1 part(s); a signed JWT has three separated by dots.")
                             .arg(parts.size()));
    if (parts[0].isEmpty() || parts[1].isEmpty())
        return malformed(QStringLiteral("The token's header or payload is empty."));

    Jwt jwt;
    const auto header = base64UrlDecode(parts[0]);
    if (!header)
        return malformed(QStringLiteral("The header ") + header.error().detail + QLatin1Char('.'));
    const auto payload = base64UrlDecode(parts[1]);
    if (!payload)
        return malformed(QStringLiteral("The payload ") + payload.error().detail + QLatin1Char('.'));
    const auto signature = base64UrlDecode(parts[2]);
    if (!signature)
        return malformed(QStringLiteral("The signature ") + signature.error().detail + QLatin1Char('.'));

    auto headerObject = Json::parseObject(header.value(), QStringLiteral("The token header"));
    if (!headerObject)
        return malformed(headerObject.error().detail + QLatin1Char('.'));
    auto claimsObject = Json::parseObject(payload.value(), QStringLiteral("The token payload"));
    if (!claimsObject)
        return malformed(claimsObject.error().detail + QLatin1Char('.'));
    if (!headerObject->value(QStringLiteral("alg")).isString())
        return malformed(QStringLiteral("The token header has no \"alg\"."));

    jwt.header = headerObject.value();
    jwt.claims = claimsObject.value();
    jwt.signingInput = parts[0] + '.' + parts[1];
    jwt.signature = signature.value();
    return jwt;
}

} // namespace RestoreDesk::Jose
