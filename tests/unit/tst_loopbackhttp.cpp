// Plain HTTP to loopback through NetworkJob's own client (LoopbackHttp): kept connections, the
// stale-connection retry, requests that must not be repeated, what is sent, and the answers Qt's
// manager used to take.
#include "cannedhttpserver.h"
#include "core/loopbackhttp.h"
#include "core/networkjob.h"

#include <QNetworkAccessManager>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

#include <sys/socket.h>

using namespace RestoreDesk;
using namespace RestoreDesk::Net;
using RestoreDesk::Test::CannedHttpServer;

class TestLoopbackHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void keepsConnectionsForTheNextRequest();
    void concurrentRequestsOpenTheirOwn();
    void closeAnswerIsNotKept();
    void staleConnectionIsRetriedOnce();
    void requestOnAKeptConnectionLeavesAtOnce();
    void keptConnectionResetBeforeTheWrite();
    void sendOnceNeverReusesNorResends();
    void requestAsSent();
    void headerInjectionIsRefused_data();
    void headerInjectionIsRefused();
    void bodyToTheClose();
    void malformedAnswerIsANetworkError();
    void ownerDeletedFromTheAnswerReport_data();
    void ownerDeletedFromTheAnswerReport();
    void idleConnectionsExpire();
    void managerDeletedFromTheReport();
    void unsentRequestIsNotKept();
    void headsAndBodiesOfAnySize_data();
    void headsAndBodiesOfAnySize();

private:
    struct Outcome
    {
        int calls = 0;
        std::optional<Result<Response>> result;
    };
    std::shared_ptr<Outcome> run(const Request &request, int timeoutMs = 5000);
    static QString describe(const Outcome &o)
    {
        return !o.result     ? QStringLiteral("no answer")
            : o.result->ok() ? QStringLiteral("ok")
                             : o.result->error().toString();
    }

    std::unique_ptr<CannedHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    QObject m_owner;
};

void TestLoopbackHttp::init()
{
    m_server = std::make_unique<CannedHttpServer>();
    QVERIFY(m_server->start());
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestLoopbackHttp::cleanup()
{
    m_nam.reset();
    m_server.reset();
}

std::shared_ptr<TestLoopbackHttp::Outcome> TestLoopbackHttp::run(const Request &request, int timeoutMs)
{
    Transport t;
    t.nam = m_nam.get();
    t.timeoutMs = timeoutMs;
    auto out = std::make_shared<Outcome>();
    NetworkJob::start(t, request, &m_owner, [out](Result<Response> r) {
        ++out->calls;
        out->result = std::move(r);
    });
    return out;
}

void TestLoopbackHttp::keepsConnectionsForTheNextRequest()
{
    m_server->setHandler([](const CannedHttpServer::Seen &s) {
        return CannedHttpServer::response(200, "{\"n\":\"" + s.target + "\"}");
    });
    for (int i = 0; i < 5; ++i) {
        auto out = run(Request::get(m_server->url(QStringLiteral("/r%1").arg(i))));
        QTRY_VERIFY(out->result.has_value());
        QVERIFY2(out->result->ok(), qPrintable(describe(*out)));
        QCOMPARE(out->result->value().body, "{\"n\":\"/r" + QByteArray::number(i) + "\"}");
    }
    QCOMPARE(m_server->requests().size(), 5);
    QCOMPARE(m_server->connections(), 1);
    QCOMPARE(LoopbackHttp::of(m_nam.get())->connectionsOpened(), 1);
}

void TestLoopbackHttp::concurrentRequestsOpenTheirOwn()
{
    // Requests in flight together each have a connection; all are kept, then used again.
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    QList<std::shared_ptr<Outcome>> outs;
    for (int i = 0; i < 6; ++i)
        outs << run(Request::get(m_server->url()));
    for (const auto &o : outs)
        QTRY_VERIFY(o->result.has_value() && o->result->ok());
    QCOMPARE(m_server->connections(), 6);
    QTRY_COMPARE(LoopbackHttp::of(m_nam.get())->idleConnections(), 6);
    outs.clear();
    for (int i = 0; i < 6; ++i)
        outs << run(Request::get(m_server->url()));
    for (const auto &o : outs)
        QTRY_VERIFY(o->result.has_value() && o->result->ok());
    QCOMPARE(m_server->connections(), 6);
}

void TestLoopbackHttp::closeAnswerIsNotKept()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200, "{}", { { "Connection", "close" } });
    });
    for (int i = 0; i < 3; ++i) {
        auto out = run(Request::get(m_server->url()));
        QTRY_VERIFY(out->result.has_value());
        QVERIFY2(out->result->ok(), qPrintable(describe(*out)));
    }
    QCOMPARE(m_server->connections(), 3);
    QCOMPARE(LoopbackHttp::of(m_nam.get())->idleConnections(), 0);
}

void TestLoopbackHttp::staleConnectionIsRetriedOnce()
{
    // The server answers a connection's first request and closes it when a second one comes
    // (its idle close, raced): the read goes again on a new connection and is answered there.
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
    int connections = 0;
    int requests = 0;
    bool abortAll = false;
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = raw.nextPendingConnection();
        ++connections;
        auto served = std::make_shared<int>(0);
        connect(socket, &QTcpSocket::readyRead, socket, [socket, served, &requests, &abortAll] {
            const QByteArray seen = socket->readAll();
            if (!seen.contains("\r\n\r\n"))
                return;
            ++requests;
            if ((*served)++ == 0 && !abortAll) {
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
                return;
            }
            socket->abort(); // the kept connection is gone
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    });
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/").arg(raw.serverPort()));
    auto first = run(Request::get(url));
    QTRY_VERIFY(first->result.has_value());
    QVERIFY2(first->result->ok(), qPrintable(describe(*first)));
    auto second = run(Request::get(url));
    QTRY_VERIFY(second->result.has_value());
    QVERIFY2(second->result->ok(), qPrintable(describe(*second)));
    QCOMPARE(connections, 2);
    QCOMPARE(requests, 3); // sent once more, and only once
    QCOMPARE(second->calls, 1);

    // Now it answers nothing at all: the read goes out twice (the kept connection, then one new
    // one) and the failure is reported, not retried again.
    abortAll = true;
    auto third = run(Request::get(url));
    QTRY_VERIFY(third->result.has_value());
    QVERIFY(!third->result->ok());
    QCOMPARE(third->result->error().code, QString(RestoreDesk::Codes::NetworkError));
    QCOMPARE(connections, 3);
    QCOMPARE(requests, 5);
}

void TestLoopbackHttp::requestOnAKeptConnectionLeavesAtOnce()
{
    // A request on a kept connection is on the wire when NetworkJob::start() returns, not when
    // the event loop next turns (a listing asks for its next page while it handles answers).
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
    QPointer<QTcpSocket> served;
    QList<QByteArray> seen;
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        served = raw.nextPendingConnection();
        auto pending = std::make_shared<QByteArray>();
        connect(served, &QTcpSocket::readyRead, served, [&seen, pending, socket = served.data()] {
            pending->append(socket->readAll());
            while (pending->contains("\r\n\r\n")) { // GETs: each request is its head
                const qsizetype end = pending->indexOf("\r\n\r\n") + 4;
                seen << pending->left(end);
                pending->remove(0, end);
                socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
            }
        });
    });
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/").arg(raw.serverPort()));
    auto first = run(Request::get(url));
    QTRY_VERIFY(first->result.has_value());
    QVERIFY2(first->result->ok(), qPrintable(describe(*first)));
    QCOMPARE(LoopbackHttp::of(m_nam.get())->idleConnections(), 1);
    QVERIFY(served);

    auto second = run(Request::get(url));
    // No event loop here: the server's socket waits on its own descriptor only, so it sees what
    // the client's socket has handed to the system, nothing still in a Qt buffer.
    QVERIFY(served->waitForReadyRead(3000));
    QCOMPARE(seen.size(), 2);
    QVERIFY(seen.last().startsWith("GET / HTTP/1.1\r\n"));
    QCOMPARE(second->calls, 0);
    QTRY_VERIFY(second->result.has_value());
    QVERIFY2(second->result->ok(), qPrintable(describe(*second)));
    QCOMPARE(second->calls, 1);
}

void TestLoopbackHttp::keptConnectionResetBeforeTheWrite()
{
    // The server resets a kept connection before the next request is written on it: the write
    // fails inside NetworkJob::start() (the request goes out at once), yet nothing is reported
    // from there; the request goes again on a new connection and is answered there.
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
    QList<QPointer<QTcpSocket>> served;
    int requests = 0;
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = raw.nextPendingConnection();
        served << socket;
        connect(socket, &QTcpSocket::readyRead, socket, [socket, &requests] {
            if (!socket->readAll().contains("\r\n\r\n"))
                return;
            ++requests;
            socket->write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
        });
    });
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/").arg(raw.serverPort()));
    auto first = run(Request::get(url));
    QTRY_VERIFY(first->result.has_value());
    QVERIFY2(first->result->ok(), qPrintable(describe(*first)));
    QCOMPARE(LoopbackHttp::of(m_nam.get())->idleConnections(), 1);
    QCOMPARE(served.size(), 1);

    // A reset, not a close: linger 0, then close. The client's socket has not turned its event
    // loop since, so it still counts as connected and is taken for the next request.
    const linger reset { 1, 0 };
    QCOMPARE(
        ::setsockopt(int(served.first()->socketDescriptor()), SOL_SOCKET, SO_LINGER, &reset, sizeof reset),
        0);
    served.first()->abort();

    auto second = run(Request::get(url));
    QCOMPARE(second->calls, 0); // not from inside start()
    QTRY_VERIFY(second->result.has_value());
    QVERIFY2(second->result->ok(), qPrintable(describe(*second)));
    QCOMPARE(second->calls, 1);
    QCOMPARE(served.size(), 2);
    QCOMPARE(requests, 2);
}

void TestLoopbackHttp::sendOnceNeverReusesNorResends()
{
    // A request that must not be repeated goes on a new connection every time, and one whose
    // connection closes before its answer fails: the server saw it once.
    int answered = 0;
    m_server->setHandler([&](const CannedHttpServer::Seen &) {
        return answered++ < 2 ? CannedHttpServer::response(200, "{}") : QByteArray();
    });
    for (int i = 0; i < 2; ++i) {
        Request r = Request::postForm(m_server->url(), "a=b");
        r.sendOnce = true;
        auto out = run(r);
        QTRY_VERIFY(out->result.has_value());
        QVERIFY2(out->result->ok(), qPrintable(describe(*out)));
    }
    QCOMPARE(m_server->connections(), 2);

    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
    int seen = 0;
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = raw.nextPendingConnection();
        auto got = std::make_shared<QByteArray>();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, got, &seen] {
            *got += socket->readAll();
            if (got->endsWith("\r\n\r\na=b")) {
                ++seen;
                socket->abort(); // read, never answered
            }
        });
    });
    Request r = Request::postForm(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(raw.serverPort())), "a=b");
    r.sendOnce = true;
    auto out = run(r);
    QTRY_VERIFY(out->result.has_value());
    QVERIFY(!out->result->ok());
    QCOMPARE(out->result->error().code, QString(RestoreDesk::Codes::NetworkError));
    QTest::qWait(100);
    QCOMPARE(seen, 1);
}

void TestLoopbackHttp::requestAsSent()
{
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    Request r = Request::postForm(m_server->url(QStringLiteral("/p/a%20b?x=1&y=%2F")), "k=v");
    r.setHeader("X-Custom", "one");
    r.setHeader("Accept", "text/plain");
    r.setHeader("Content-Length", "999"); // the framing is the client's own
    r.bearer = "AT-1";
    r.bearerOrigin = Origin::of(m_server->url());
    auto out = run(r);
    QTRY_VERIFY(out->result.has_value());
    QVERIFY2(out->result->ok(), qPrintable(describe(*out)));
    const CannedHttpServer::Seen &seen = m_server->requests().first();
    QCOMPARE(seen.method, QByteArray("POST"));
    QCOMPARE(seen.target, QByteArray("/p/a%20b?x=1&y=%2F"));
    QCOMPARE(seen.headers.value("host"),
             QByteArray("127.0.0.1:") + QByteArray::number(m_server->serverPort()));
    QCOMPARE(seen.headers.value("x-custom"), QByteArray("one"));
    QCOMPARE(seen.headers.value("accept"), QByteArray("text/plain"));
    QCOMPARE(seen.headers.value("authorization"), QByteArray("Bearer AT-1"));
    QCOMPARE(seen.headers.value("content-length"), QByteArray("3"));
    QCOMPARE(seen.body, QByteArray("k=v"));
    QCOMPARE(out->result->value().url, m_server->url(QStringLiteral("/p/a%20b?x=1&y=%2F")));
}

void TestLoopbackHttp::headerInjectionIsRefused_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("crlf-in-value") << QByteArray("X-A") << QByteArray("b\r\nX-Injected: 1");
    QTest::newRow("lf-in-value") << QByteArray("X-A") << QByteArray("b\nX-Injected: 1");
    QTest::newRow("nul-in-value") << QByteArray("X-A") << QByteArray("b\0c", 3);
    QTest::newRow("space-in-name") << QByteArray("X A") << QByteArray("b");
    QTest::newRow("colon-in-name") << QByteArray("X:A") << QByteArray("b");
    QTest::newRow("crlf-in-bearer") << QByteArray("bearer") << QByteArray("AT\r\nX-Injected: 1");
    QTest::newRow("space-in-method") << QByteArray("method") << QByteArray("GET /evil HTTP/1.1\r\nX:");
    QTest::newRow("empty-method") << QByteArray("method") << QByteArray();
}

void TestLoopbackHttp::headerInjectionIsRefused()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, value);
    Request r = Request::get(m_server->url());
    if (name == "bearer") {
        r.bearer = value;
        r.bearerOrigin = Origin::of(m_server->url());
    } else if (name == "method") {
        r.method = value;
    } else {
        r.setHeader(name, value);
    }
    auto out = run(r);
    QTRY_VERIFY(out->result.has_value());
    QVERIFY(!out->result->ok());
    QCOMPARE(out->result->error().code, QString(Net::Codes::UnsendableRequest));
    QTest::qWait(50);
    QCOMPARE(m_server->connections(), 0); // nothing went out
}

void TestLoopbackHttp::bodyToTheClose()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); });
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = raw.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket] {
            socket->readAll();
            socket->write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"all\": true}");
            socket->disconnectFromHost();
        });
    });
    auto out = run(Request::get(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(raw.serverPort()))));
    QTRY_VERIFY(out->result.has_value());
    QVERIFY2(out->result->ok(), qPrintable(describe(*out)));
    QCOMPARE(out->result->value().body, QByteArray("{\"all\": true}"));
    QCOMPARE(out->result->value().header("content-type"), QByteArray("application/json"));
}

void TestLoopbackHttp::malformedAnswerIsANetworkError()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return QByteArray("HTTP/1.1 200 OK\r\nX-Evil: a\rSet-Cookie: b\r\nContent-Length: 2\r\n\r\n{}");
    });
    auto out = run(Request::get(m_server->url()));
    QTRY_VERIFY(out->result.has_value());
    QVERIFY(!out->result->ok());
    QCOMPARE(out->result->error().code, QString(RestoreDesk::Codes::NetworkError));
    QCOMPARE(out->result->error().kind, Error::Kind::Network);
    QCOMPARE(LoopbackHttp::of(m_nam.get())->idleConnections(), 0);
}

void TestLoopbackHttp::ownerDeletedFromTheAnswerReport_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::addColumn<bool>("closeAfter");
    // A POST is reported from inside the socket's own signal (not paced); a GET a turn later.
    QTest::newRow("post") << QByteArray("POST") << false;
    QTest::newRow("post-then-close") << QByteArray("POST") << true;
    QTest::newRow("get") << QByteArray("GET") << false;
}

void TestLoopbackHttp::ownerDeletedFromTheAnswerReport()
{
    QFETCH(QByteArray, method);
    QFETCH(bool, closeAfter);
    m_server->setHandler([closeAfter](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(
            200, "{}",
            closeAfter ? QList<QPair<QByteArray, QByteArray>> { { "Connection", "close" } }
                       : QList<QPair<QByteArray, QByteArray>> {});
    });
    auto *owner = new QObject;
    QPointer<QObject> guard(owner);
    Transport t;
    t.nam = m_nam.get();
    Request r = Request::get(m_server->url());
    r.method = method;
    int calls = 0;
    NetworkJob::start(t, r, owner, [&](Result<Response> result) {
        ++calls;
        QVERIFY(result.ok());
        delete guard.data(); // the job goes with it, while its exchange is still on the stack
    });
    QTRY_VERIFY(guard.isNull());
    QTest::qWait(50);
    QCOMPARE(calls, 1);
    // The connection is still good for the next request.
    auto next = run(Request::get(m_server->url()));
    QTRY_VERIFY(next->result.has_value());
    QVERIFY2(next->result->ok(), qPrintable(describe(*next)));
}

void TestLoopbackHttp::idleConnectionsExpire()
{
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    auto out = run(Request::get(m_server->url()));
    QTRY_VERIFY(out->result.has_value());
    LoopbackHttp *pool = LoopbackHttp::of(m_nam.get());
    QTRY_COMPARE(pool->idleConnections(), 1);
    QTRY_COMPARE_WITH_TIMEOUT(pool->idleConnections(), 0, LoopbackHttp::kIdleMs * 3);
}

void TestLoopbackHttp::managerDeletedFromTheReport()
{
    // A POST is reported from inside its socket's readyRead(); the socket has just gone to the
    // pool to be kept. The report deletes the network manager, and with it the pool: the socket
    // must outlive its own signal (under ASan, a use after free otherwise).
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    QPointer<LoopbackHttp> pool = LoopbackHttp::of(m_nam.get());
    Transport t;
    t.nam = m_nam.get();
    int calls = 0;
    NetworkJob::start(t, Request::postForm(m_server->url(), "a=b"), &m_owner, [&](Result<Response> r) {
        ++calls;
        QVERIFY(r.ok());
        QCOMPARE(pool->idleConnections(), 1); // kept, then
        m_nam.reset(); // gone with its manager
    });
    QTRY_COMPARE(calls, 1);
    QVERIFY(pool.isNull());
    QTest::qWait(50);
    m_nam = std::make_unique<QNetworkAccessManager>();
    auto next = run(Request::get(m_server->url()));
    QTRY_VERIFY(next->result.has_value());
    QVERIFY2(next->result->ok(), qPrintable(describe(*next)));
}

void TestLoopbackHttp::unsentRequestIsNotKept()
{
    // The server answers before it has read the whole body: what is left of the request must not
    // reach it as the start of the next one. The connection is not kept.
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
    int connections = 0;
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = raw.nextPendingConnection();
        ++connections;
        socket->setReadBufferSize(1024); // reads little, so most of the body stays unsent
        auto answered = std::make_shared<bool>(false);
        connect(socket, &QTcpSocket::readyRead, socket, [socket, answered] {
            if (!*answered && socket->peek(1024).contains("\r\n\r\n")) {
                *answered = true;
                socket->write("HTTP/1.1 413 Too Large\r\nContent-Length: 0\r\n\r\n");
            }
        });
    });
    const QUrl url(QStringLiteral("http://127.0.0.1:%1/").arg(raw.serverPort()));
    Request big = Request::postForm(url, QByteArray(8 * 1024 * 1024, 'x'));
    auto out = run(big);
    QTRY_VERIFY(out->result.has_value());
    QVERIFY2(out->result->ok(), qPrintable(describe(*out)));
    QCOMPARE(out->result->value().status, 413);
    QCOMPARE(LoopbackHttp::of(m_nam.get())->idleConnections(), 0);
}

void TestLoopbackHttp::headsAndBodiesOfAnySize_data()
{
    // The head is read a block at a time and the body after it straight into place: a head
    // longer than a block, a body that came in the head's block, one far longer, and a chunked
    // one, each whole, twice over one kept connection.
    QTest::addColumn<int>("fields");
    QTest::addColumn<int>("bodyBytes");
    QTest::addColumn<bool>("chunked");
    QTest::newRow("short head, short body") << 1 << 10 << false;
    QTest::newRow("short head, long body") << 1 << 300000 << false;
    QTest::newRow("head over several blocks") << 200 << 5000 << false;
    QTest::newRow("head over several blocks, long body") << 200 << 300000 << false;
    QTest::newRow("chunked long body") << 1 << 300000 << true;
    QTest::newRow("no body") << 200 << 0 << false;
}

void TestLoopbackHttp::headsAndBodiesOfAnySize()
{
    QFETCH(int, fields);
    QFETCH(int, bodyBytes);
    QFETCH(bool, chunked);
    QByteArray body(bodyBytes, 'x');
    for (int i = 0; i < bodyBytes; ++i)
        body[i] = char('a' + (i * 7) % 26);
    QByteArray head = "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n";
    for (int i = 0; i < fields; ++i)
        head += "X-Field-" + QByteArray::number(i) + ": " + QByteArray(20, 'v') + "\r\n";
    QByteArray answer;
    if (chunked) {
        answer = head + "Transfer-Encoding: chunked\r\n\r\n";
        for (qsizetype at = 0; at < body.size(); at += 70000) {
            const QByteArray part = body.mid(at, 70000);
            answer += QByteArray::number(part.size(), 16) + "\r\n" + part + "\r\n";
        }
        answer += "0\r\n\r\n";
    } else {
        answer = head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
    }
    m_server->setHandler([answer](const CannedHttpServer::Seen &) { return answer; });
    for (int round = 0; round < 2; ++round) {
        auto out = run(Request::get(m_server->url()));
        QTRY_VERIFY(out->result.has_value());
        QVERIFY2(out->result->ok(), qPrintable(describe(*out)));
        QCOMPARE(out->result->value().body.size(), body.size());
        QVERIFY(out->result->value().body == body);
        QCOMPARE(out->result->value().header("x-field-0"), QByteArray(20, 'v'));
    }
    QCOMPARE(m_server->connections(), 1);
}

QTEST_GUILESS_MAIN(TestLoopbackHttp)
#include "tst_loopbackhttp.moc"
