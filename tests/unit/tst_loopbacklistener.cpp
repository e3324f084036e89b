// The sign-in listener's limits: how many connections a local process can hold open at once.
#include "auth/loopbacklistener.h"

#include <QTcpSocket>
#include <QTest>

#include <memory>
#include <vector>

using namespace RestoreDesk::Auth;

class TestLoopbackListener : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void openConnectionsAreCapped();
};

// Defect: setMaxPendingConnections only bounds the backlog; every connection was accepted (each
// with its own idle timer) however many were open.
void TestLoopbackListener::openConnectionsAreCapped()
{
    LoopbackListener listener;
    QVERIFY(listener.listen(QStringLiteral("/callback")));
    const int extra = 4;
    std::vector<std::unique_ptr<QTcpSocket>> sockets;
    int closed = 0;
    for (int i = 0; i < LoopbackListener::kMaxConnections + extra; ++i) {
        auto socket = std::make_unique<QTcpSocket>();
        connect(socket.get(), &QTcpSocket::disconnected, this, [&closed] { ++closed; });
        socket->connectToHost(QHostAddress::LocalHost, listener.port());
        QVERIFY(socket->waitForConnected(2000));
        sockets.push_back(std::move(socket));
        QTest::qWait(5); // let the listener accept it
    }
    QTRY_COMPARE(closed, extra);
    QTest::qWait(200);
    QCOMPARE(closed, extra); // the first ones stay open (until their idle time)

    // Once some are gone, new connections are accepted again.
    for (int i = 0; i < extra; ++i) {
        sockets.at(size_t(i))->disconnect(this); // our own closing is not counted
        sockets.at(size_t(i))->abort();
    }
    QTest::qWait(100);
    QTcpSocket again;
    connect(&again, &QTcpSocket::disconnected, this, [&closed] { ++closed; });
    again.connectToHost(QHostAddress::LocalHost, listener.port());
    QVERIFY(again.waitForConnected(2000));
    QTest::qWait(200);
    QCOMPARE(closed, extra);
    QCOMPARE(again.state(), QAbstractSocket::ConnectedState);
}

QTEST_GUILESS_MAIN(TestLoopbackListener)
#include "tst_loopbacklistener.moc"
