#pragma once

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QTcpServer>
#include <QUrl>

#include <functional>

namespace RestoreDesk::Test {

// A tiny HTTP/1.1 server on 127.0.0.1 for unit tests of network code: each request is answered
// by a handler that returns the raw bytes to write (status line, headers, body), or nothing to
// leave the connection hanging (timeouts). Records every request it saw. Test thread only.
class CannedHttpServer : public QTcpServer
{
    Q_OBJECT

public:
    struct Seen
    {
        QByteArray method;
        QByteArray target; // path and query as sent
        QHash<QByteArray, QByteArray> headers; // lower-case names
        QByteArray body;
    };
    using Handler = std::function<QByteArray(const Seen &)>;

    explicit CannedHttpServer(QObject *parent = nullptr);

    bool start();
    QUrl url(const QString &pathAndQuery = QStringLiteral("/")) const;
    void setHandler(Handler handler) { m_handler = std::move(handler); }
    const QList<Seen> &requests() const { return m_seen; }
    // Connections accepted so far.
    int connections() const { return m_connections; }
    // Forgets what was seen so far (a test counting only what follows its set-up).
    void clearRequests() { m_seen.clear(); }

    static QByteArray response(int status, const QByteArray &body,
                               const QList<QPair<QByteArray, QByteArray>> &headers = {},
                               const QByteArray &contentType = "application/json");

private:
    void onConnection();

    Handler m_handler;
    QList<Seen> m_seen;
    int m_connections = 0;
};

} // namespace RestoreDesk::Test
