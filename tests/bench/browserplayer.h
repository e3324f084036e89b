#pragma once

#include <QNetworkAccessManager>
#include <QString>
#include <QUrl>

namespace RestoreDesk::Bench {

// Plays the operator's browser on the sandbox's sign-in page, over real sockets: GET the
// authorize URL the console opened, press the user's button (POST the decision), and follow the
// redirect to the console's loopback listener. Counts its own requests to the issuer, so a
// benchmark can tell them from the console's back-channel requests. Blocks in a nested event
// loop (the console's listener answers meanwhile); GUI/CLI thread.
class BrowserPlayer
{
public:
    explicit BrowserPlayer(QString user = QStringLiteral("rita"))
        : m_user(std::move(user))
    { }

    // The listener's HTTP status (200 when the sign-in went through), 0 when a step failed.
    int play(const QUrl &authorizeUrl);
    int issuerRequests() const { return m_issuerRequests; }

private:
    struct Reply
    {
        int status = 0;
        QByteArray body;
        QByteArray location;
    };
    Reply send(const QUrl &url, const QByteArray &formBody = {});

    QString m_user;
    QNetworkAccessManager m_nam;
    int m_issuerRequests = 0;
};

} // namespace RestoreDesk::Bench
