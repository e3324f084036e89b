#pragma once

#include <QString>
#include <QUrl>
#include <QVariantMap>

namespace RestoreDesk::Test {

// One authorization-code + PKCE S256 sign-in through Qt Network Auth, with Chromium (the
// browser driver) as the system browser, patched for Qt Network Auth 6.4's defects:
// loopback-only listener, own CSPRNG state, PKCE and nonce via the modify-parameters hook,
// `code` decoded at the token stage. Runs the event loop until done or `timeoutMs`.
struct BrowserSignIn
{
    QString authorizationEndpoint;
    QString tokenEndpoint;
    QString clientId = QStringLiteral("restoredesk");
    QString scope = QStringLiteral("openid profile offline_access");
    QString user = QStringLiteral("alice");
    bool promptConsent = false; // OIDC Core §11: offline_access needs prompt=consent at some IdPs
    int timeoutMs = 90000;

    struct Result
    {
        bool granted = false;
        QString diagnostics; // browser output and flow state when not granted
        QUrl authorizeUrl; // as sent to the browser
        quint16 listenerPort = 0;
        QStringList listenerAddresses; // where the reply handler listened
        QByteArray state;
        QByteArray nonce;
        QByteArray challenge;
        QString accessToken;
        QString refreshToken;
        QString idToken;
        QString issParameter; // RFC 9207 `iss` from the callback, decoded
        QString browserText; // what the callback page said
    };

    Result run() const;
};

} // namespace RestoreDesk::Test
