#include "auth/loopbacklistener.h"

#include <QHostAddress>
#include <QLoggingCategory>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

Q_LOGGING_CATEGORY(lcLoopback, "restoredesk.auth.loopback", QtInfoMsg)

namespace RestoreDesk::Auth {

namespace {

const char kBufferProperty[] = "restoredesk_request";

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 400:
        return "Bad Request";
    case 405:
        return "Method Not Allowed";
    default:
        return "Error";
    }
}

} // namespace

LoopbackListener::LoopbackListener(QObject *parent)
    : QObject(parent)
{ }

LoopbackListener::~LoopbackListener()
{
    close();
}

bool LoopbackListener::listen(const QString &path)
{
    m_path = path;
    m_server = new QTcpServer(this);
    m_server->setMaxPendingConnections(kMaxConnections);
    connect(m_server, &QTcpServer::newConnection, this, &LoopbackListener::onConnection);
    return m_server->listen(QHostAddress::LocalHost, 0); // 127.0.0.1 only, ephemeral port
}

void LoopbackListener::close()
{
    if (m_server)
        m_server->close();
}

bool LoopbackListener::isListening() const
{
    return m_server && m_server->isListening();
}

quint16 LoopbackListener::port() const
{
    return m_server ? m_server->serverPort() : 0;
}

bool LoopbackListener::parseQuery(const QByteArray &query, QHash<QString, QString> *out)
{
    out->clear();
    if (query.isEmpty())
        return true;
    for (const QByteArray &pair : query.split('&')) {
        if (pair.isEmpty())
            continue;
        const qsizetype eq = pair.indexOf('=');
        QByteArray name = eq < 0 ? pair : pair.left(eq);
        QByteArray value = eq < 0 ? QByteArray() : pair.mid(eq + 1);
        name.replace('+', ' ');
        value.replace('+', ' ');
        const QString n = QString::fromUtf8(QByteArray::fromPercentEncoding(name));
        const QString v = QString::fromUtf8(QByteArray::fromPercentEncoding(value));
        if (out->contains(n))
            return false; // RFC 6749 §3.1: parameters must not be repeated
        out->insert(n, v);
    }
    return true;
}

void LoopbackListener::onConnection()
{
    while (QTcpSocket *socket = m_server->nextPendingConnection()) {
        // The backlog limit does not bound what is accepted: count the open connections and
        // refuse past the cap (a local process cannot pile up sockets and timers).
        if (m_open >= kMaxConnections) {
            qCInfo(lcLoopback) << "refused a connection to the sign-in listener: too many open";
            socket->abort();
            socket->deleteLater();
            continue;
        }
        ++m_open;
        connect(socket, &QObject::destroyed, this, [this] { --m_open; });
        socket->setParent(this);
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket] { onData(socket); });
        // A connection that never sends a whole request is dropped.
        QTimer::singleShot(kIdleMs, socket, [socket] { socket->abort(); });
    }
}

void LoopbackListener::onData(QTcpSocket *socket)
{
    QByteArray buffer = socket->property(kBufferProperty).toByteArray() + socket->readAll();
    if (buffer.size() > kMaxRequestBytes)
        return refuse(socket, QStringLiteral("request_too_large"));
    const qsizetype end = buffer.indexOf("\r\n\r\n");
    if (end < 0) {
        socket->setProperty(kBufferProperty, buffer);
        return;
    }
    socket->setProperty(kBufferProperty, QByteArray());
    const QByteArray requestLine = buffer.left(buffer.indexOf("\r\n"));
    const QList<QByteArray> parts = requestLine.split(' ');
    if (parts.size() != 3 || !parts.at(2).startsWith("HTTP/1."))
        return refuse(socket, QStringLiteral("malformed_request"));
    if (parts.at(0) != "GET")
        return refuse(socket, QStringLiteral("wrong_method"));
    const QByteArray target = parts.at(1);
    const qsizetype q = target.indexOf('?');
    const QByteArray rawPath = q < 0 ? target : target.left(q);
    // The path is compared exactly, byte for byte: "/callbackX" and "/callback/" are other paths.
    if (rawPath != m_path.toUtf8())
        return refuse(socket, QStringLiteral("wrong_path"));
    QHash<QString, QString> query;
    if (!parseQuery(q < 0 ? QByteArray() : target.mid(q + 1), &query))
        return refuse(socket, QStringLiteral("repeated_parameter"));
    if (m_done || !m_judge)
        return refuse(socket, QStringLiteral("sign_in_finished"));
    const Verdict v = m_judge(query);
    if (!v.accepted)
        return refuse(socket, v.code, v.args);
    m_done = true;
    answer(socket, v.status, v.code, v.args);
    // One use: stop listening once the valid answer is in and its page written.
    close();
}

void LoopbackListener::refuse(QTcpSocket *socket, const QString &code, const QStringList &args)
{
    qCInfo(lcLoopback) << "refused a request to the sign-in listener:" << code;
    Q_EMIT refused(code);
    answer(socket, 400, code, args);
}

void LoopbackListener::answer(QTcpSocket *socket, int status, const QString &code, const QStringList &args)
{
    const QString text = m_pageText ? m_pageText(code, args) : code;
    const QString title
        = m_pageText ? m_pageText(QStringLiteral("page_title"), {}) : QStringLiteral("Restore Desk");
    const QByteArray html
        = QStringLiteral("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>%1</title>"
                         "</head><body><h1>%1</h1><p>%2</p></body></html>")
              .arg(title.toHtmlEscaped(), text.toHtmlEscaped())
              .toUtf8();
    QByteArray response = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reasonPhrase(status) + "\r\n";
    response += "Content-Type: text/html; charset=utf-8\r\n";
    response += "Content-Length: " + QByteArray::number(html.size()) + "\r\n";
    response += "Cache-Control: no-store\r\nReferrer-Policy: no-referrer\r\n";
    response += "Content-Security-Policy: default-src 'none'\r\nConnection: close\r\n\r\n";
    response += html;
    socket->write(response);
    socket->disconnectFromHost();
}

} // namespace RestoreDesk::Auth
