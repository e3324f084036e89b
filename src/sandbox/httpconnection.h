#pragma once

#include "sandbox/httpmessage.h"
#include "sandbox/httpwire.h"

#include <QObject>
#include <QPointer>

#include <functional>

class QTcpServer;
class QTcpSocket;

namespace RestoreDesk::Sandbox {

// One client connection of the sandbox's HTTP/1.1 server. It reads requests as whole blocks
// arrive (HttpRequestReader), hands them to `onRequest` one at a time — the next one only once the
// last was answered, so answers go back in the order asked even when they are held for the
// latency knob — and writes each answer in one piece. It deletes itself when the client goes away
// or after a dropped or closing answer. Lives on its server's thread.
class HttpConnection : public QObject
{
    Q_OBJECT

public:
    using RequestHandler = std::function<void(HttpConnection *, HttpRequest)>;

    HttpConnection(QTcpSocket *socket, RequestHandler onRequest, QObject *parent);

    // Answers the request handed over last. Once per request.
    void respond(int status, const QList<QPair<QByteArray, QByteArray>> &headers, const QByteArray &body);
    // Closes the connection at once without an answer: the client sees it reset.
    void drop();

private:
    // QIODevice::write() keeps a QByteArray of this size or more by reference (Qt's ring-buffer
    // chunk size).
    static constexpr qsizetype kShareBodyFrom = 4096;

    // After a refusal: what the client still sends is read and dropped for this long or this
    // much, the answer's side shut once it is sent, then the connection closed. Closed at once
    // with unread bytes, the kernel resets it and the client often never sees the status.
    static constexpr int kLingerMs = 2000;
    static constexpr qsizetype kLingerBytes = 1024 * 1024;

    void readAvailable();
    void takeRequests();
    void close();
    void lingerAndClose();
    void shutWriteWhenSent();

    QTcpSocket *m_socket;
    RequestHandler m_onRequest;
    HttpRequestReader m_reader;
    bool m_awaitingAnswer = false;
    bool m_closeAfterAnswer = false;
    bool m_closing = false;
    bool m_lingering = false;
    bool m_writeShut = false;
    qsizetype m_lingered = 0;
};

// Makes `server` listen on 127.0.0.1:`port` (0: any free port) and serve each connection with an
// HttpConnection that hands its requests to `onRequest`: connections without Nagle's delay and a
// deep accept queue (Compat::LowDelayTcpServer). Returns the listener (a child of `server`), or
// null when the port cannot be had.
QTcpServer *listenForHttp(QObject *server, quint16 port, HttpConnection::RequestHandler onRequest);

} // namespace RestoreDesk::Sandbox
