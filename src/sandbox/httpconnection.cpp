#include "sandbox/httpconnection.h"

#include "core/qtcompat.h"

#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#ifdef Q_OS_UNIX
#include <sys/socket.h>
#endif

namespace RestoreDesk::Sandbox {

HttpConnection::HttpConnection(QTcpSocket *socket, RequestHandler onRequest, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_onRequest(std::move(onRequest))
{
    m_socket->setParent(this);
    // Qt's own buffer holds at most one request's limits; while an answer is awaited nothing is
    // taken from it, so what a client sends beyond that waits in the kernel (TCP back-pressure).
    m_socket->setReadBufferSize(HttpRequestReader::kMaxHead + HttpRequestReader::kMaxBody);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    if (m_socket->bytesAvailable() > 0)
        readAvailable();
}

void HttpConnection::readAvailable()
{
    if (m_lingering) {
        if (!m_socket->isOpen()) // a failed write of the refusal closed it: nothing to read
            return;
        m_lingered += m_socket->skip(m_socket->bytesAvailable());
        if (m_lingered > kLingerBytes) {
            m_socket->abort();
            deleteLater();
        }
        return;
    }
    if (m_closing || m_awaitingAnswer)
        return; // taken after the answer (respond())
    m_reader.feed(m_socket->readAll());
    if (m_reader.takeContinue())
        m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
    takeRequests();
}

void HttpConnection::takeRequests()
{
    if (m_awaitingAnswer || m_closing)
        return;
    HttpRequest request;
    switch (m_reader.next(&request)) {
    case HttpRequestReader::State::NeedMore:
        if (m_reader.takeContinue())
            m_socket->write(QByteArrayLiteral("HTTP/1.1 100 Continue\r\n\r\n"));
        return;
    case HttpRequestReader::State::Bad: {
        const QByteArray text = httpReasonPhrase(m_reader.badStatus());
        m_socket->write(httpAnswer(
            m_reader.badStatus(),
            { { "Content-Type", "text/plain; charset=utf-8" }, { "Connection", "close" } }, text + '\n'));
        lingerAndClose();
        return;
    }
    case HttpRequestReader::State::Request:
        break;
    }
    m_awaitingAnswer = true;
    m_closeAfterAnswer = m_reader.closeAfter();
    request.peer = m_socket->peerAddress();
    m_onRequest(this, std::move(request));
}

void HttpConnection::respond(int status, const QList<QPair<QByteArray, QByteArray>> &headers,
                             const QByteArray &body)
{
    if (!m_awaitingAnswer || m_closing || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_awaitingAnswer = false;
    // A small body goes in one piece with its head. A large one (a page of items is hundreds of
    // kilobytes) was copied behind its head, the most of what writing an answer cost: it is
    // written as it is instead, QIODevice keeping a reference to it rather than a copy.
    if (body.size() < kShareBodyFrom) {
        m_socket->write(httpAnswer(status, headers, body));
    } else {
        m_socket->write(httpAnswerHead(status, headers, body));
        m_socket->write(body);
    }
    m_socket->flush();
    if (m_closeAfterAnswer) {
        close();
        return;
    }
    // A request that came behind this one is taken on the next turn of the event loop, never
    // inside the answer of this one; with it what waited in the socket while this one was
    // awaited (readyRead does not come again for bytes already there).
    QMetaObject::invokeMethod(this, &HttpConnection::readAvailable, Qt::QueuedConnection);
}

void HttpConnection::drop()
{
    m_awaitingAnswer = false;
    m_closing = true;
    m_socket->abort();
    deleteLater();
}

void HttpConnection::close()
{
    m_closing = true;
    m_socket->disconnectFromHost(); // after what is written is sent; disconnected() deletes this
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        deleteLater();
}

void HttpConnection::lingerAndClose()
{
    m_closing = true;
    m_lingering = true;
    m_socket->flush();
    connect(m_socket, &QTcpSocket::bytesWritten, this, &HttpConnection::shutWriteWhenSent);
    shutWriteWhenSent();
    QTimer::singleShot(kLingerMs, this, [this] {
        m_socket->abort();
        deleteLater();
    });
    readAvailable(); // what is already here
}

void HttpConnection::shutWriteWhenSent()
{
    if (m_writeShut || m_socket->bytesToWrite() > 0)
        return;
    m_writeShut = true;
#ifdef Q_OS_UNIX
    // Half-close: the client reads the answer and the end of it while it still sends.
    if (m_socket->socketDescriptor() >= 0)
        ::shutdown(int(m_socket->socketDescriptor()), SHUT_WR);
#endif
}

QTcpServer *listenForHttp(QObject *server, quint16 port, HttpConnection::RequestHandler onRequest)
{
    auto *tcp = new Compat::LowDelayTcpServer(server);
    // A client opening 128 connections at once (the console's limit in flight) overflowed Qt's
    // default accept queue of 50: the kernel dropped the handshakes beyond it and each client
    // waited out its 1 s SYN retransmission before it could ask anything.
    tcp->setListenBacklogSize(1024);
    if (!tcp->listen(QHostAddress::LocalHost, port)) {
        delete tcp;
        return nullptr;
    }
    QObject::connect(tcp, &QTcpServer::newConnection, server, [tcp, server, onRequest] {
        while (QTcpSocket *socket = tcp->nextPendingConnection())
            new HttpConnection(socket, onRequest, server);
    });
    return tcp;
}

} // namespace RestoreDesk::Sandbox
