#pragma once

#include "core/clock.h"
#include "sandbox/sandboxoptions.h"
#include "sandbox/sandboxserver.h"

#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QUrl>

#include <memory>

namespace RestoreDesk::Test {

// An in-process sandbox on a free 127.0.0.1 port, plus plain-HTTP helpers that walk its sign-in
// page the way a browser would (GET the authorize URL, pick a user, follow the redirect) and
// call its API. Everything goes over real sockets.
class SandboxHarness
{
public:
    struct Tokens
    {
        QString accessToken;
        QString refreshToken;
        QString idToken;
        QString error; // OAuth error code when the exchange failed
        QString errorDescription;
    };
    struct Reply
    {
        int status = 0;
        QByteArray body;
        QJsonObject json;
        QList<QPair<QByteArray, QByteArray>> headers;
        int networkError = 0;
        QByteArray header(const QByteArray &name) const;
    };
    struct Authorization
    {
        QUrl redirect; // where the issuer sent the browser
        QString code; // when it carried one
        QString error; // or an error
        int status = 0; // HTTP status of the authorize step when it did not redirect
        QString redirectUri;
        QByteArray verifier;
    };

    // `clock` is the sandbox's time: a ManualClock's lets a test move time instead of sleeping.
    explicit SandboxHarness(Clock clock = systemClock());
    ~SandboxHarness();

    bool start(const Sandbox::SandboxOptions &options, QString *error);
    Sandbox::SandboxServer &server() { return *m_server; }
    QString issuer() const { return m_server->issuer(); }
    QString api() const { return m_server->apiBase(); }

    // Authorization request with PKCE S256 (override any parameter with `extra`), then the
    // sign-in page's decision for `username` ("" = only the authorize step; "!deny" = Cancel).
    Authorization authorize(const QString &username, const QList<QPair<QString, QString>> &extra = {});
    Tokens exchange(const QString &code, const QString &redirectUri, const QByteArray &verifier);
    Tokens refresh(const QString &refreshToken);
    Tokens signIn(const QString &username); // authorize + exchange
    // Plays a browser on a sign-in URL made by someone else (the console): the sandbox's page,
    // the user's button, then the redirect to the console's loopback listener. Returns the
    // listener's HTTP status (0 when nothing answered).
    int actAsBrowser(const QUrl &authorizeUrl, const QString &username);

    Reply get(const QString &pathOrUrl, const QString &accessToken,
              const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Reply send(const QByteArray &method, const QString &pathOrUrl, const QString &accessToken,
               const QByteArray &body = {}, const QList<QPair<QByteArray, QByteArray>> &headers = {});
    Reply postForm(const QString &url, const QList<QPair<QString, QString>> &form);

private:
    static Tokens tokensFrom(const Reply &reply);
    std::unique_ptr<Sandbox::SandboxServer> m_server;
    QNetworkAccessManager m_nam;
};

} // namespace RestoreDesk::Test
