#include "gatedrelay.h"

#include <QTcpSocket>

#include <memory>

namespace RestoreDesk::Test {

GatedRelay::GatedRelay(const QUrl &target, QObject *parent)
    : QTcpServer(parent)
    , m_target(target)
{
    connect(this, &QTcpServer::newConnection, this, &GatedRelay::onConnection);
}

bool GatedRelay::start()
{
    return listen(QHostAddress::LocalHost, 0);
}

QUrl GatedRelay::relayed(const QUrl &url) const
{
    QUrl out = url;
    out.setHost(QStringLiteral("127.0.0.1"));
    out.setPort(serverPort());
    return out;
}

void GatedRelay::setOpen(bool open)
{
    m_open = open;
    if (open)
        Q_EMIT opened();
}

void GatedRelay::onConnection()
{
    while (QTcpSocket *client = nextPendingConnection()) {
        auto *upstream = new QTcpSocket(client);
        auto pending = std::make_shared<QByteArray>();
        auto counted = std::make_shared<bool>(false);
        auto connected = std::make_shared<bool>(false);
        auto flush = [upstream, pending, connected] {
            if (*connected && !pending->isEmpty()) {
                upstream->write(*pending);
                pending->clear();
            }
        };
        auto go = [this, upstream, counted] {
            if (*counted) {
                *counted = false;
                --m_held;
            }
            if (upstream->state() == QAbstractSocket::UnconnectedState)
                upstream->connectToHost(QHostAddress::LocalHost, quint16(m_target.port()));
        };
        connect(client, &QTcpSocket::readyRead, this, [this, client, pending, counted, flush, go] {
            *pending += client->readAll();
            if (m_open) {
                go();
                flush();
                return;
            }
            if (m_dropping) {
                client->abort();
                return;
            }
            if (!*counted) {
                *counted = true;
                ++m_held;
            }
        });
        connect(this, &GatedRelay::opened, client, [pending, go, flush] {
            if (!pending->isEmpty()) {
                go();
                flush();
            }
        });
        connect(upstream, &QTcpSocket::connected, client, [connected, flush] {
            *connected = true;
            flush();
        });
        connect(upstream, &QTcpSocket::readyRead, client,
                [client, upstream] { client->write(upstream->readAll()); });
        connect(upstream, &QTcpSocket::disconnected, client, [client] { client->disconnectFromHost(); });
        connect(client, &QTcpSocket::disconnected, this, [this, client, counted] {
            if (*counted)
                --m_held;
            *counted = false;
            client->deleteLater();
        });
    }
}

} // namespace RestoreDesk::Test
