// The Qt-version compatibility layer (core/qtcompat.h) does the same on every Qt it is built with:
// UTC times print with "Z", sign-in callback values are decoded exactly once, the flow sends no
// PKCE of its own, and the HTTP-server exchange answers, answers late, reads headers and drops
// connections — each checked against the real Qt classes over loopback sockets.
#include "core/qtcompat.h"

#include <QAbstractHttpServer>
#include <QElapsedTimer>
#include <QEventLoop>
#include <QFile>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QOAuth2AuthorizationCodeFlow>
#include <QOAuthHttpServerReplyHandler>
#include <QOAuthOobReplyHandler>
#include <QSignalSpy>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>
#include <QUrlQuery>

#include <cerrno>
#include <cstring>
#include <memory>
#include <vector>

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace RestoreDesk;

namespace {

// A server whose paths say what to do with the exchange.
class ProbeServer : public QAbstractHttpServer
{
public:
    int handled = 0;
    bool lastDropFound = false;

protected:
    bool handleRequest(const QHttpServerRequest &request, Compat::HttpConnection connection) override
    {
        ++handled;
        auto exchange = std::make_shared<Compat::HttpExchange>(*this, request, connection);
        const QString path = request.url().path();
        if (path == QLatin1String("/drop")) {
            lastDropFound = exchange->drop();
        } else if (path == QLatin1String("/late")) {
            QTimer::singleShot(50, this, [exchange] {
                exchange->respond(200, { { "Content-Type", "text/plain" } }, "late");
            });
        } else if (path == QLatin1String("/echo")) {
            QByteArray probe;
            for (const auto &h : Compat::requestHeaders(request)) {
                if (h.first.compare("X-Probe", Qt::CaseInsensitive) == 0)
                    probe = h.second;
            }
            exchange->respond(201, { { "X-Answer", "yes" } }, probe);
        } else {
            exchange->respond(404, {}, {});
        }
        return true;
    }
    void missingHandler(const QHttpServerRequest &, Compat::HttpConnection) override { }
};

struct Raw
{
    QByteArray data; // everything received
    bool closed = false; // the server closed the connection
};

// Sends `request` on `socket` and collects until a complete answer (by Content-Length) or close.
Raw exchange(QTcpSocket &socket, const QByteArray &request)
{
    Raw raw;
    socket.write(request);
    auto complete = [&] {
        raw.data += socket.readAll();
        const qsizetype headEnd = raw.data.indexOf("\r\n\r\n");
        if (headEnd > 0) {
            const QByteArray head = raw.data.left(headEnd).toLower();
            const qsizetype at = head.indexOf("content-length: ");
            if (at > 0) {
                const qsizetype end = head.indexOf("\r\n", at);
                const int length = head.mid(at + 16, (end < 0 ? head.size() : end) - at - 16).toInt();
                if (raw.data.size() >= headEnd + 4 + length)
                    return true;
            }
        }
        return socket.state() == QAbstractSocket::UnconnectedState;
    };
    QEventLoop loop;
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        if (complete())
            loop.quit();
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    if (!complete())
        loop.exec();
    raw.data += socket.readAll();
    raw.closed = socket.state() == QAbstractSocket::UnconnectedState;
    return raw;
}

QByteArray get(const QByteArray &path, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra + "\r\n";
}

} // namespace

class TestQtCompat : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void utcTimes();
    void callbackValuesDecodedOnce();
    void flowSendsNoPkceOfItsOwn();
    void listensOnLoopbackOnly();
    void answersWithoutNaglesDelay();
    void takesAWholeBurstOfConnections();
    void answersWithHeadersAndBody();
    void answersLateOnAKeptConnection();
    void dropsTheConnection();
};

void TestQtCompat::utcTimes()
{
    const QDateTime epoch = Compat::fromSecsSinceEpochUtc(0);
    QCOMPARE(epoch.timeSpec(), Qt::UTC);
    QCOMPARE(epoch.toString(Qt::ISODate), QStringLiteral("1970-01-01T00:00:00Z"));
    QCOMPARE(Compat::fromSecsSinceEpochUtc(1798761600).toString(Qt::ISODate),
             QStringLiteral("2027-01-01T00:00:00Z"));

    const QDateTime t = Compat::utcDateTime(QDate(2026, 11, 29), QTime(12, 30));
    QCOMPARE(t.timeSpec(), Qt::UTC);
    QCOMPARE(t.toSecsSinceEpoch(), qint64(1795955400));
    QCOMPARE(t.toString(Qt::ISODate), QStringLiteral("2026-11-29T12:30:00Z"));
    QCOMPARE(t, Compat::fromSecsSinceEpochUtc(1795955400));
}

void TestQtCompat::callbackValuesDecodedOnce()
{
    // The real reply handler, a real request: '/' and '+' encoded once, and a literal "%41"
    // (sent as %2541) that a second decoding would turn into "A".
    QOAuthHttpServerReplyHandler handler(QHostAddress::LocalHost, 0);
    QVERIFY(handler.isListening());
    Compat::setCallbackPath(handler, QStringLiteral("callback"));
    QCOMPARE(Compat::loopbackCallback(handler),
             QStringLiteral("http://127.0.0.1:%1/callback").arg(handler.port()));
    QSignalSpy received(&handler, &QAbstractOAuthReplyHandler::callbackReceived);

    QNetworkAccessManager nam;
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/callback?code=a%2Fb%2Bc&state=s1&error_description="
                                  "100%2541%20sure")
                       .arg(handler.port()));
    std::unique_ptr<QNetworkReply> reply(nam.get(QNetworkRequest(url)));
    QTRY_COMPARE_WITH_TIMEOUT(received.count(), 1, 5000);
    const QVariantMap values = received.first().first().toMap();
    QCOMPARE(Compat::callbackValue(values.value(QStringLiteral("code"))), QStringLiteral("a/b+c"));
    QCOMPARE(Compat::callbackValue(values.value(QStringLiteral("state"))), QStringLiteral("s1"));
    QCOMPARE(Compat::callbackValue(values.value(QStringLiteral("error_description"))),
             QStringLiteral("100%41 sure"));
    QCOMPARE(Compat::callbackValue(values.value(QStringLiteral("absent"))), QString());
}

void TestQtCompat::flowSendsNoPkceOfItsOwn()
{
    QNetworkAccessManager nam;
    QOAuth2AuthorizationCodeFlow flow(&nam);
    Compat::disableBuiltInPkce(flow);
    flow.setReplyHandler(new QOAuthOobReplyHandler(&flow));
    flow.setAuthorizationUrl(QUrl(QStringLiteral("http://127.0.0.1:9/authorize")));
    flow.setAccessTokenUrl(QUrl(QStringLiteral("http://127.0.0.1:9/token")));
    flow.setClientIdentifier(QStringLiteral("client"));
    flow.setState(QStringLiteral("state-1"));
    QUrl opened;
    connect(&flow, &QAbstractOAuth::authorizeWithBrowser, this, [&opened](const QUrl &u) { opened = u; });
    flow.grant();
    QTRY_VERIFY_WITH_TIMEOUT(!opened.isEmpty(), 5000);
    const QUrlQuery query(opened);
    QCOMPARE(query.queryItemValue(QStringLiteral("client_id")), QStringLiteral("client"));
    QVERIFY2(!query.hasQueryItem(QStringLiteral("code_challenge")), qPrintable(opened.toString()));
    QVERIFY2(!query.hasQueryItem(QStringLiteral("code_challenge_method")), qPrintable(opened.toString()));
}

void TestQtCompat::listensOnLoopbackOnly()
{
    ProbeServer server;
    const quint16 port = Compat::listenOnLoopback(server, 0);
    QVERIFY(port != 0);
    QCOMPARE(server.servers().size(), 1);
    QCOMPARE(server.servers().first()->serverAddress(), QHostAddress(QHostAddress::LocalHost));

    ProbeServer second; // the same port again: refused, and nothing left bound
    QCOMPARE(Compat::listenOnLoopback(second, port), quint16(0));
    QVERIFY(second.servers().isEmpty());
}

// The console opens up to 128 connections at once. Qt's default accept queue (50) made the kernel
// drop the handshakes beyond it, and each of those clients waited out a 1 s SYN retransmission.
// Here 200 connections are opened while the server's thread accepts none: every handshake must
// complete in the kernel's queue (a dropped SYN would not be retried within the 900 ms watched).
void TestQtCompat::takesAWholeBurstOfConnections()
{
    ProbeServer server;
    const quint16 port = Compat::listenOnLoopback(server, 0);
    QVERIFY(port != 0);
    sockaddr_in to {};
    to.sin_family = AF_INET;
    to.sin_port = htons(port);
    to.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    constexpr int kBurst = 200;
    // The kernel caps any accept queue at net.core.somaxconn (128 on kernels before 5.4).
    QFile somaxconn(QStringLiteral("/proc/sys/net/core/somaxconn"));
    if (somaxconn.open(QIODevice::ReadOnly) && somaxconn.readAll().trimmed().toInt() <= kBurst)
        QSKIP("net.core.somaxconn caps the accept queue below the burst");
    std::vector<pollfd> fds;
    for (int i = 0; i < kBurst; ++i) {
        const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
        QVERIFY(fd >= 0);
        fds.push_back(pollfd { fd, POLLOUT, 0 });
        const int rc = ::connect(fd, reinterpret_cast<const sockaddr *>(&to), sizeof to);
        QVERIFY2(rc == 0 || errno == EINPROGRESS, strerror(errno));
    }
    QElapsedTimer watched;
    watched.start();
    int connected = 0;
    while (watched.elapsed() < 900) {
        connected = 0;
        for (pollfd &p : fds)
            p.revents = 0;
        ::poll(fds.data(), fds.size(), 50);
        for (const pollfd &p : fds) {
            int error = 0;
            socklen_t length = sizeof error;
            if ((p.revents & POLLOUT) && ::getsockopt(p.fd, SOL_SOCKET, SO_ERROR, &error, &length) == 0
                && error == 0)
                ++connected;
        }
        if (connected == kBurst)
            break;
    }
    for (const pollfd &p : fds)
        ::close(p.fd);
    QCOMPARE(connected, kBurst);
}

// Status line and headers go out before the body: with Nagle's algorithm the body waited for the
// client's (delayed) acknowledgement on every answer but the first of a kept connection.
void TestQtCompat::answersWithoutNaglesDelay()
{
    ProbeServer server;
    const quint16 port = Compat::listenOnLoopback(server, 0);
    QVERIFY(port != 0);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));
    const Raw raw = exchange(socket, get("/echo", "X-Probe: abc\r\n"));
    QVERIFY2(raw.data.endsWith("\r\n\r\nabc"), raw.data.constData());
    const auto accepted = server.findChildren<QTcpSocket *>();
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(accepted.first()->socketOption(QAbstractSocket::LowDelayOption).toInt(), 1);
}

void TestQtCompat::answersWithHeadersAndBody()
{
    ProbeServer server;
    const quint16 port = Compat::listenOnLoopback(server, 0);
    QVERIFY(port != 0);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));
    const Raw raw = exchange(socket, get("/echo", "X-Probe: abc\r\n"));
    QVERIFY2(raw.data.startsWith("HTTP/1.1 201"), raw.data.constData());
    const QByteArray lower = raw.data.toLower();
    QVERIFY2(lower.contains("\r\nx-answer: yes\r\n"), raw.data.constData());
    QVERIFY2(lower.contains("\r\ncontent-type: application/octet-stream\r\n"), raw.data.constData());
    QVERIFY2(lower.contains("\r\ncontent-length: 3\r\n"), raw.data.constData());
    QVERIFY2(raw.data.endsWith("\r\n\r\nabc"), raw.data.constData());
    QCOMPARE(lower.count("content-length:"), 1);
}

void TestQtCompat::answersLateOnAKeptConnection()
{
    ProbeServer server;
    const quint16 port = Compat::listenOnLoopback(server, 0);
    QVERIFY(port != 0);
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));
    // Answered after handleRequest() returned, then the same connection serves the next request.
    const Raw late = exchange(socket, get("/late"));
    QVERIFY2(late.data.startsWith("HTTP/1.1 200"), late.data.constData());
    QVERIFY2(late.data.endsWith("\r\n\r\nlate"), late.data.constData());
    QVERIFY(!late.closed);
    const Raw next = exchange(socket, get("/echo", "x-probe: again\r\n"));
    QVERIFY2(next.data.startsWith("HTTP/1.1 201"), next.data.constData());
    QVERIFY2(next.data.endsWith("\r\n\r\nagain"), next.data.constData());
    QCOMPARE(server.handled, 2);
}

void TestQtCompat::dropsTheConnection()
{
    ProbeServer server;
    const quint16 port = Compat::listenOnLoopback(server, 0);
    QVERIFY(port != 0);
    for (int i = 0; i < 3; ++i) { // several, so the right one of several connections is found
        QTcpSocket other; // an idle second connection that must stay up
        other.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(other.waitForConnected(5000));
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, port);
        QVERIFY(socket.waitForConnected(5000));
        QElapsedTimer timer;
        timer.start();
        const Raw raw = exchange(socket, get("/drop"));
        QVERIFY2(raw.data.isEmpty(), raw.data.constData());
        QVERIFY(raw.closed);
        QVERIFY2(timer.elapsed() < 4000, "the drop came only with the time-out");
        QVERIFY(server.lastDropFound);
        QCOMPARE(other.state(), QAbstractSocket::ConnectedState);
        const Raw still = exchange(other, get("/echo", "X-Probe: alive\r\n"));
        QVERIFY2(still.data.endsWith("\r\n\r\nalive"), still.data.constData());
    }
}

QTEST_MAIN(TestQtCompat)
#include "tst_qtcompat.moc"
