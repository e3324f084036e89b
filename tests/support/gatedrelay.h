#pragma once

#include <QHostAddress>
#include <QTcpServer>
#include <QUrl>

namespace RestoreDesk::Test {

// A TCP relay on 127.0.0.1 with a gate, for races: while the gate is closed, what a client sends
// is held (the request is "in flight" for the client); opening the gate forwards everything to
// the target and pipes the answers back. Closing the gate again holds later connections only.
// Test thread only.
class GatedRelay : public QTcpServer
{
    Q_OBJECT

public:
    GatedRelay(const QUrl &target, QObject *parent = nullptr);

    bool start();
    // The target URL with this relay's host and port (path and query kept).
    QUrl relayed(const QUrl &url) const;
    void setOpen(bool open);
    bool isOpen() const { return m_open; }
    // While closed, cut every connection that sends something (a peer that never answers).
    void setDropping(bool on) { m_dropping = on; }
    // Connections that sent something and wait at the closed gate.
    int held() const { return m_held; }

Q_SIGNALS:
    void opened();

private:
    void onConnection();

    QUrl m_target;
    bool m_open = true;
    bool m_dropping = false;
    int m_held = 0;
};

} // namespace RestoreDesk::Test
