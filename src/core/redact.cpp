#include "core/redact.h"

#include <QRegularExpression>

namespace RestoreDesk {

namespace {

const QString kSecretKeys
    = QStringLiteral("code|code_verifier|refresh_token|access_token|id_token|client_secret|password|"
                     "assertion|client_assertion|subject_token|token|device_code|session_state");

} // namespace

QString redactSecrets(const QString &text)
{
    // Static: compiled once, shared by every thread (QRegularExpression matching is const-safe).
    static const QRegularExpression jwt(
        QStringLiteral("eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"));
    static const QRegularExpression bearer(QStringLiteral("\\b(Bearer|Basic|DPoP)\\s+[A-Za-z0-9._~+/=-]+"),
                                           QRegularExpression::CaseInsensitiveOption);
    // key=value in URLs and form bodies (stops at & # whitespace and quotes).
    static const QRegularExpression formPair(QStringLiteral("(?<![A-Za-z0-9_])(") + kSecretKeys
                                                 + QStringLiteral(")=([^&#\\s\"']+)"),
                                             QRegularExpression::CaseInsensitiveOption);
    // "key": "value" in JSON.
    static const QRegularExpression jsonPair(QStringLiteral("\"(") + kSecretKeys
                                                 + QStringLiteral(")\"\\s*:\\s*\"[^\"]*\""),
                                             QRegularExpression::CaseInsensitiveOption);
    // Refresh tokens and other opaque secrets that are not JWTs but sit after a known header.
    static const QRegularExpression authHeader(
        QStringLiteral("(Authorization|Cookie|Set-Cookie)\\s*:\\s*[^\\r\\n]+"),
        QRegularExpression::CaseInsensitiveOption);

    QString out = text;
    out.replace(authHeader, QStringLiteral("\\1: [redacted]"));
    out.replace(bearer, QStringLiteral("\\1 [redacted]"));
    out.replace(jwt, QStringLiteral("[redacted-jwt]"));
    out.replace(formPair, QStringLiteral("\\1=[redacted]"));
    out.replace(jsonPair, QStringLiteral("\"\\1\":\"[redacted]\""));
    return out;
}

} // namespace RestoreDesk
