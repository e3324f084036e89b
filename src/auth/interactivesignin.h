#pragma once

#include "auth/profile.h"
#include "auth/providermetadata.h"
#include "auth/tokenclient.h"
#include "jose/pkce.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

#include <memory>

class QNetworkAccessManager;
class QOAuth2AuthorizationCodeFlow;
class QOAuthHttpServerReplyHandler;

namespace RestoreDesk::Auth {

// One interactive sign-in through the system browser (RFC 8252): a loopback listener on
// 127.0.0.1 and an ephemeral port, exact callback path, one use; state (128 bits), nonce and
// PKCE S256 from OpenSSL's CSPRNG; `iss` checked when the issuer advertises it (RFC 9207); the
// code exchanged with our own request; the ID token verified. Built on Qt Network Auth's
// code flow and reply handler, with the 6.4 defects of sign-in.md patched around.
// Reports exactly once through the callback given to start(); lives on the GUI/CLI thread.
class InteractiveSignIn : public QObject
{
    Q_OBJECT

public:
    InteractiveSignIn(QNetworkAccessManager *nam, TokenClient *tokens, Profile profile,
                      ProviderMetadata provider, QObject *parent = nullptr);
    ~InteractiveSignIn() override;

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }

    // Listens, then emits openBrowser(url) once the listener is up.
    void start(std::function<void(Result<TokenSet>)> done);
    void cancel();

    QUrl signInUrl() const { return m_url; } // for "Copy sign-in link"
    quint16 port() const;
    bool isListening() const;

Q_SIGNALS:
    void openBrowser(const QUrl &url);
    void callbackAccepted(); // the browser came back; the code is being exchanged

private:
    void onCallback(const QVariantMap &values);
    void finish(Result<TokenSet> result);
    QString redirectUri() const;
    QString pageText(bool ok, const QString &detail) const;

    QNetworkAccessManager *m_nam;
    TokenClient *m_tokens;
    Profile m_profile;
    ProviderMetadata m_provider;
    QOAuth2AuthorizationCodeFlow *m_flow = nullptr;
    QOAuthHttpServerReplyHandler *m_handler = nullptr;
    QTimer m_timer;
    int m_timeoutMs = 300000;
    QByteArray m_state;
    QByteArray m_nonce;
    Jose::Pkce m_pkce;
    QUrl m_url;
    bool m_callbackSeen = false;
    bool m_done = false;
    std::function<void(Result<TokenSet>)> m_callback;
};

} // namespace RestoreDesk::Auth
