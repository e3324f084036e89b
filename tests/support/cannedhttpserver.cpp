#include "cannedhttpserver.h"

#include <QTcpSocket>

namespace RestoreDesk::Test {

CannedHttpServer::CannedHttpServer(QObject *parent)
    : QTcpServer(parent)
{
    connect(this, &QTcpServer::newConnection, this, &CannedHttpServer::onConnection);
}

bool CannedHttpServer::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl CannedHttpServer::url(const QString &pathAndQuery) const
{
    return QUrl(QStringLiteral("http://127.0.0.1:%1%2").arg(serverPort()).arg(pathAndQuery));
}

QByteArray CannedHttpServer::response(int status, const QByteArray &body,
                                      const QList<QPair<QByteArray, QByteArray>> &headers,
                                      const QByteArray &contentType)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + " X\r\n";
    if (!contentType.isEmpty())
        out += "Content-Type: " + contentType + "\r\n";
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    for (const auto &h : headers)
        out += h.first + ": " + h.second + "\r\n";
    out += "\r\n" + body;
    return out;
}

void CannedHttpServer::onConnection()
{
    while (QTcpSocket *socket = nextPendingConnection()) {
        ++m_connections;
        auto buffer = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
        connect(socket, &QTcpSocket::readyRead, this, [this, socket, buffer] {
            *buffer += socket->readAll();
            for (;;) {
                const qsizetype end = buffer->indexOf("\r\n\r\n");
                if (end < 0)
                    return;
                Seen seen;
                const QList<QByteArray> lines = buffer->left(end).split('\n');
                const QList<QByteArray> first = lines.value(0).trimmed().split(' ');
                seen.method = first.value(0);
                seen.target = first.value(1);
                for (int i = 1; i < lines.size(); ++i) {
                    const qsizetype colon = lines.at(i).indexOf(':');
                    if (colon > 0)
                        seen.headers.insert(lines.at(i).left(colon).trimmed().toLower(),
                                            lines.at(i).mid(colon + 1).trimmed());
                }
                const qsizetype length = seen.headers.value("content-length").toLongLong();
                if (buffer->size() < end + 4 + length)
                    return; // body not complete yet
                seen.body = buffer->mid(end + 4, length);
                buffer->remove(0, end + 4 + length);
                m_seen << seen;
                const QByteArray answer = m_handler ? m_handler(seen) : response(404, "{}");
                if (!answer.isEmpty())
                    socket->write(answer);
            }
        });
    }
}

} // namespace RestoreDesk::Test
