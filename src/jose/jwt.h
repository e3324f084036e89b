#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QJsonObject>

namespace RestoreDesk::Jose {

// A compact JWS split into its parts and decoded. Parsing checks form only (three base64url
// parts, JSON objects, size bounds); it says nothing about trust. Verification is a separate step
// against pinned keys. Value type, any thread.
struct Jwt
{
    QJsonObject header;
    QJsonObject claims;
    QByteArray signingInput; // "<header>.<payload>" exactly as received
    QByteArray signature; // raw bytes (base64url-decoded)

    static constexpr int kMaxCompactSize = 64 * 1024;

    static Result<Jwt> parse(const QByteArray &compact);

    QString algorithm() const { return header.value(QStringLiteral("alg")).toString(); }
    QString keyId() const { return header.value(QStringLiteral("kid")).toString(); }
    QString type() const { return header.value(QStringLiteral("typ")).toString(); }
};

// Strict base64url decoding (no padding required, no foreign characters accepted).
Result<QByteArray> base64UrlDecode(const QByteArray &text);

} // namespace RestoreDesk::Jose
