#pragma once

#include "auth/loopbacklistener.h"
#include "auth/profile.h"
#include "auth/providermetadata.h"
#include "auth/tokenclient.h"
#include "jose/pkce.h"

#include <QObject>
#include <QPointer>
#include <QTimer>

class QNetworkAccessManager;
class QOAuth2AuthorizationCodeFlow;

namespace RestoreDesk::Auth {

// One interactive sign-in through the system browser (RFC 8252): our own loopback listener on
// 127.0.0.1 and an ephemeral port with one exact callback path, used once; state (256 bits),
// nonce and PKCE S256 from OpenSSL's CSPRNG; `iss` checked when the issuer advertises it (RFC
// 9207); the code exchanged with our own request; the ID token verified. Qt Network Auth's code
// flow builds the authorization request (with Qt Network Auth 6.4's known defects patched around); it
// never sees the callback and never exchanges the code. Stray requests to the listener (another
// path, no or wrong state, neither code nor error) get a 400 page and the sign-in keeps waiting.
// Reports exactly once through the callback given to start(); lives on the GUI/CLI thread.
class InteractiveSignIn : public QObject
{
    Q_OBJECT

public:
    InteractiveSignIn(QNetworkAccessManager *nam, TokenClient *tokens, Profile profile,
                      ProviderMetadata provider, QObject *parent = nullptr);
    ~InteractiveSignIn() override;

    void setTimeout(int milliseconds) { m_timeoutMs = milliseconds; }
    void setPageText(LoopbackListener::PageText text) { m_pageText = std::move(text); }

    // Listens, then emits openBrowser(url) once the listener is up.
    void start(std::function<void(Result<TokenSet>)> done);
    void cancel();

    QUrl signInUrl() const { return m_url; } // for "Copy sign-in link"
    quint16 port() const;
    bool isListening() const;

Q_SIGNALS:
    void openBrowser(const QUrl &url);
    void callbackAccepted(); // the browser came back; the code is being exchanged
    void strayRequest(const QString &why); // a request the listener refused (sign-in goes on)

private:
    LoopbackListener::Verdict judge(const QHash<QString, QString> &query);
    void exchange(const QString &code);
    void finish(Result<TokenSet> result);
    QString redirectUri() const;

    QNetworkAccessManager *m_nam;
    TokenClient *m_tokens;
    Profile m_profile;
    ProviderMetadata m_provider;
    QOAuth2AuthorizationCodeFlow *m_flow = nullptr;
    LoopbackListener *m_listener = nullptr;
    LoopbackListener::PageText m_pageText;
    QTimer m_timer;
    int m_timeoutMs = 300000;
    QByteArray m_state;
    QByteArray m_nonce;
    Jose::Pkce m_pkce;
    QUrl m_url;
    QString m_redirectUri; // fixed at start: the listener's port is gone once it closes
    bool m_done = false;
    std::function<void(Result<TokenSet>)> m_callback;
};

} // namespace RestoreDesk::Auth
