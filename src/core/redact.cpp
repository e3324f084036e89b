#include "core/redact.h"

#include <QRegularExpression>

namespace RestoreDesk {

namespace {

// Names whose value is a secret wherever it appears.
const QString kStrongKeys = QStringLiteral("refresh_token|access_token|id_token|client_secret|code_verifier|"
                                           "client_assertion|subject_token|device_code|assertion|password");
// Names that are secrets as parameters (code=…, "code":…) but ordinary words in prose.
const QString kAllKeys = kStrongKeys + QStringLiteral("|code|token|session_state");

QRegularExpression re(const QString &pattern)
{
    return QRegularExpression(pattern, QRegularExpression::CaseInsensitiveOption);
}

} // namespace

QString redactSecrets(const QString &text)
{
    // Static: compiled once, shared by every thread (QRegularExpression matching is const-safe).
    static const QRegularExpression jwt(
        QStringLiteral("eyJ[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]{2,}\\.[A-Za-z0-9_-]*"));
    static const QRegularExpression authHeader
        = re(QStringLiteral("(Authorization|Cookie|Set-Cookie)\\s*:\\s*[^\\r\\n]+"));
    static const QRegularExpression bearer
        = re(QStringLiteral("\\b(Bearer|Basic|DPoP)\\s+[A-Za-z0-9._~+/=-]+"));
    // key=value in URLs and form bodies (stops at & # whitespace and quotes).
    static const QRegularExpression formPair
        = re(QStringLiteral("(?<![A-Za-z0-9_])(") + kAllKeys + QStringLiteral(")=([^&#\\s\"']+)"));
    // "key": "value" / 'key': 'value' / "key": [ … ] in JSON and Python-ish dumps.
    static const QRegularExpression jsonPair
        = re(QStringLiteral("([\"'])(") + kAllKeys + QStringLiteral(")\\1\\s*:\\s*([\"'])[^\"']*\\3"));
    static const QRegularExpression jsonArray
        = re(QStringLiteral("([\"'])(") + kAllKeys + QStringLiteral(")\\1\\s*:\\s*\\[[^\\]]*\\]"));
    // QDebug of maps, hashes and pairs: ("key", QVariant(QString, "value")) or ("key","value").
    static const QRegularExpression qdebugPair
        = re(QStringLiteral("\\(\"(") + kAllKeys
             + QStringLiteral(")\",\\s*(QVariant\\([^,()]+,\\s*)?\"[^\"]*\"\\)?"));
    // key: value, key value, key "value" (qDebug() << "refresh_token" << token) — a secret's name
    // followed by an opaque value, which may hold any character but spaces, quotes and brackets
    // (opaque tokens carry '!', '*', '$'…) — for unambiguous names; and code: value.
    static const QRegularExpression strongLoose = re(QStringLiteral("\\b(") + kStrongKeys
                                                     + QStringLiteral(")\\b[\"']?\\s*[:=]?\\s*[\"']?"
                                                                      "([^\\s\"'<>,;(){}\\[\\]]{6,})"));
    static const QRegularExpression codeColon
        = re(QStringLiteral("\\b(code)\\s*:\\s*([A-Za-z0-9._~+/=-]{6,})"));

    QString out = text;
    out.replace(authHeader, QStringLiteral("\\1: [redacted]"));
    out.replace(bearer, QStringLiteral("\\1 [redacted]"));
    out.replace(jwt, QStringLiteral("[redacted-jwt]"));
    out.replace(formPair, QStringLiteral("\\1=[redacted]"));
    out.replace(jsonArray, QStringLiteral("\"\\2\":\"[redacted]\""));
    out.replace(jsonPair, QStringLiteral("\"\\2\":\"[redacted]\""));
    out.replace(qdebugPair, QStringLiteral("(\"\\1\", [redacted])"));
    // "[redacted]" and "[redacted-jwt]" themselves are not secrets to redact again.
    QString result;
    qsizetype last = 0;
    for (auto it = strongLoose.globalMatch(out); it.hasNext();) {
        const auto m = it.next();
        if (m.captured(2).startsWith(QLatin1String("redacted"), Qt::CaseInsensitive))
            continue;
        result += out.mid(last, m.capturedStart(2) - last) + QStringLiteral("[redacted]");
        last = m.capturedEnd(2);
    }
    result += out.mid(last);
    result.replace(codeColon, QStringLiteral("\\1: [redacted]"));
    return result;
}

} // namespace RestoreDesk
