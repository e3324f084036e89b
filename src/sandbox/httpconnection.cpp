#include "sandbox/httpconnection.h"

#include "core/qtcompat.h"

#include <QTcpServer>
#include <QTcpSocket>

namespace RestoreDesk::Sandbox {

HttpConnection::HttpConnection(QTcpSocket *socket, RequestHandler onRequest, QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_onRequest(std::move(onRequest))
{
    m_socket->setParent(this);
    connect(m_socket, &QTcpSocket::readyRead, this, &HttpConnection::readAvailable);
    connect(m_socket, &QTcpSocket::disconnected, this, &QObject::deleteLater);
    if (m_socket->bytesAvailable() > 0)
        readAvailable();
}

void HttpConnection::readAvailable()
{
    if (m_closing)
        return;
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
        close();
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
    // inside the answer of this one.
    if (m_reader.buffered() > 0)
        QMetaObject::invokeMethod(this, &HttpConnection::takeRequests, Qt::QueuedConnection);
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
