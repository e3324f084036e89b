#pragma once

#include "core/httpresponsereader.h"
#include "core/networkjob.h"

#include <QElapsedTimer>
#include <QHash>
#include <QObject>
#include <QPointer>
#include <QTimer>

#include <functional>
#include <optional>

class QNetworkAccessManager;
class QTcpSocket;

namespace RestoreDesk::Net {

class LoopbackExchange;

// Plain HTTP/1.1 to a loopback host (the sandbox, a local issuer), which NetworkJob uses for every
// http:// URL it lets through (only loopback ones). Qt's network manager reads an unencrypted
// answer's status line and fields one byte per read() system call (its socket is unbuffered):
// about 450 calls per answer of the sandbox, most of a large listing's CPU. Here the answer is read
// a block at a time (HttpResponseReader), on the job's own thread, and connections are kept for
// the next request. One pool per network manager (its child; of(nam)), so whoever owns the
// manager owns the connections. A request that must not be repeated (sendOnce) always gets a new
// connection; any other that meets a kept connection closed before a byte of its answer came is
// sent once more on a new one (the race every HTTP/1.1 client has with a server's idle close).
class LoopbackHttp final : public QObject
{
    Q_OBJECT

public:
    static constexpr int kMaxIdlePerOrigin = 32;
    static constexpr int kIdleMs = 4000; // under common servers' keep-alive (Node: 5 s)

    static LoopbackHttp *of(QNetworkAccessManager *nam);
    ~LoopbackHttp() override;

    // Sends `request` (already checked by NetworkJob: http, loopback, bearer origin) and reports
    // once through `done`, unless the exchange is deleted first (then never).
    LoopbackExchange *send(const Request &request, qint64 maxBody, QObject *parent,
                           std::function<void(Result<Response>)> done);

    // For tests and statistics: connections opened so far, and those kept idle now.
    int connectionsOpened() const { return m_opened; }
    int idleConnections() const;

private:
    friend class LoopbackExchange;
    explicit LoopbackHttp(QObject *parent);
    // A kept connection to host:port, or nullptr.
    QTcpSocket *takeIdle(const QString &key);
    QTcpSocket *open(); // a new socket, not connected yet
    void keep(const QString &key, QTcpSocket *socket);
    void dropExpired();

    struct Idle
    {
        QPointer<QTcpSocket> socket;
        QElapsedTimer since;
    };
    QHash<QString, QList<Idle>> m_idle;
    QTimer m_sweep;
    QPointer<QTcpSocket> m_justKept; // kept during this turn of the event loop
    int m_opened = 0;
};

// One request and its answer on one connection. Deleting it closes a connection still in use.
class LoopbackExchange final : public QObject
{
    Q_OBJECT

public:
    LoopbackExchange(LoopbackHttp *pool, const Request &request, qint64 maxBody, QObject *parent,
                     std::function<void(Result<Response>)> done);
    ~LoopbackExchange() override;

private:
    void start(bool fresh);
    void attach(QTcpSocket *socket);
    void writeRequest();
    void onReadable();
    void onClosed(const QString &socketError, bool refused);
    void finish(Result<Response> result);
    void release(bool keep);

    QPointer<LoopbackHttp> m_pool;
    QString m_key;
    QString m_host;
    quint16 m_port = 0;
    QByteArray m_wire; // the request as sent; wiped when done (it may hold a token)
    bool m_sendOnce = false;
    bool m_reused = false;
    bool m_retried = false;
    bool m_answeredEarly = false; // the answer began while request bytes were unsent
    bool m_finished = false;
    qint64 m_maxBody = 0;
    bool m_headRequest = false;
    QString m_origin;
    QString m_where; // the URL without its query, for errors
    QTcpSocket *m_socket = nullptr;
    std::optional<HttpResponseReader> m_reader;
    std::function<void(Result<Response>)> m_done;
};

// The request's bytes as sent: request line, Host, the fields, Authorization (with the bearer
// token), Content-Length, then the body. An error when a method, field name or value could split
// the message (CR, LF, NUL, a non-token name). Pure; exposed for tests.
Result<QByteArray> requestBytes(const Request &request);

} // namespace RestoreDesk::Net
