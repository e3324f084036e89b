// The one network job: reports once, owner death, timeout, body limit, HTTPS-or-loopback, bearer
// origin, no redirects, proxy bypass for loopback, and the one reply -> Error mapping.

#include "cannedhttpserver.h"
#include "core/loopbackhttp.h"
#include "core/networkjob.h"

#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QPointer>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Net;
using RestoreDesk::Test::CannedHttpServer;

// Run twice: plain HTTP through the job's own client (LoopbackHttp, as the console sends it to
// loopback), and through the network manager (the path HTTPS takes), so both keep these rules.
class TestNetworkJob : public QObject
{
    Q_OBJECT

public:
    explicit TestNetworkJob(bool viaManager)
        : m_viaManager(viaManager)
    { }

private Q_SLOTS:
    void init();
    void cleanup();
    void answersOnce();
    void httpErrorsAreValues_data();
    void httpErrorsAreValues();
    void refusesInsecureUrls_data();
    void refusesInsecureUrls();
    void bearerOnlyToItsOrigin();
    void redirectsAreNotFollowed();
    void timesOut();
    void bodyLimitByLength();
    void bodyLimitWhileStreaming();
    void bodyInManyPiecesIsWhole_data();
    void bodyInManyPiecesIsWhole();
    void cancelReportsCancelled();
    void ownerDeathReportsCancelled();
    void loopbackBypassesProxy();
    void connectionRefused();
    void ownerDeletedFromTheCancelReport();
    void ownerDeletedFromTheTimeoutReport();
    void bodyCutShortIsANetworkError_data();
    void bodyCutShortIsANetworkError();
    void finishedJobForgetsItsSecrets();

private:
    struct Outcome
    {
        int calls = 0;
        std::optional<Result<Response>> result;
    };
    std::shared_ptr<Outcome> run(const Request &request, QObject *owner = nullptr, int timeoutMs = 5000,
                                 qint64 maxBody = 1024 * 1024);

    Transport transport() const
    {
        Transport t;
        t.nam = m_nam.get();
        t.plainHttpViaManager = m_viaManager;
        return t;
    }

    bool m_viaManager = false;
    std::unique_ptr<CannedHttpServer> m_server;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    QObject m_owner;
};

void TestNetworkJob::init()
{
    m_server = std::make_unique<CannedHttpServer>();
    QVERIFY(m_server->start());
    m_nam = std::make_unique<QNetworkAccessManager>();
}

void TestNetworkJob::cleanup()
{
    m_nam.reset();
    m_server.reset();
}

std::shared_ptr<TestNetworkJob::Outcome> TestNetworkJob::run(const Request &request, QObject *owner,
                                                             int timeoutMs, qint64 maxBody)
{
    Transport t = transport();
    t.timeoutMs = timeoutMs;
    t.maxBodyBytes = maxBody;
    auto out = std::make_shared<Outcome>();
    NetworkJob::start(t, request, owner ? owner : &m_owner, [out](Result<Response> r) {
        ++out->calls;
        out->result = std::move(r);
    });
    return out;
}

void TestNetworkJob::answersOnce()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200, R"({"ok":true})",
                                          { { "x-ms-correlation-request-id", "corr-1" } });
    });
    auto out = run(Request::get(m_server->url(QStringLiteral("/a?b=c"))));
    QVERIFY(!out->result); // never synchronously
    QTRY_VERIFY(out->result.has_value());
    QTest::qWait(20);
    QCOMPARE(out->calls, 1);
    QVERIFY(out->result->ok());
    QCOMPARE(out->result->value().status, 200);
    QCOMPARE(out->result->value().correlationId(), QStringLiteral("corr-1"));
    QCOMPARE(out->result->value().json()->value(QStringLiteral("ok")).toBool(), true);
    QCOMPARE(m_server->requests().first().target, QByteArray("/a?b=c"));
    QVERIFY(!m_server->requests().first().headers.contains("authorization"));
}

void TestNetworkJob::httpErrorsAreValues_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<QString>("code");
    QTest::addColumn<QString>("detail");
    QTest::addColumn<int>("kind");
    QTest::newRow("oauth-invalid-grant")
        << 400 << QByteArray(R"({"error":"invalid_grant","error_description":"gone"})") << "invalid_grant"
        << "gone" << int(Error::Kind::Auth);
    QTest::newRow("arm-envelope") << 409 << QByteArray(R"({"error":{"code":"Conflict","message":"busy"}})")
                                  << "Conflict"
                                  << "busy" << int(Error::Kind::Http);
    QTest::newRow("arm-403-is-auth") << 403
                                     << QByteArray(
                                            R"({"error":{"code":"AuthorizationFailed","message":"no"}})")
                                     << "AuthorizationFailed"
                                     << "no" << int(Error::Kind::Auth);
    QTest::newRow("html-500") << 500 << QByteArray("<html>oops</html>") << "http_500"
                              << "" << int(Error::Kind::Http);
    QTest::newRow("empty-404") << 404 << QByteArray() << "http_404"
                               << "" << int(Error::Kind::Http);
}

void TestNetworkJob::httpErrorsAreValues()
{
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    m_server->setHandler([&](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(
            status, body, { { "x-ms-correlation-request-id", "c-9" }, { "x-ms-request-id", "r-9" } });
    });
    auto out = run(Request::get(m_server->url()));
    QTRY_VERIFY(out->result.has_value());
    QVERIFY(out->result->ok()); // an HTTP answer is a response, whatever its status
    const Error e = httpError(out->result->value());
    QTEST(e.code, "code");
    QTEST(e.detail, "detail");
    QTEST(int(e.kind), "kind");
    QCOMPARE(e.httpStatus, status);
    QCOMPARE(e.correlationId, QStringLiteral("c-9"));
    QCOMPARE(e.requestId, QStringLiteral("r-9"));
}

void TestNetworkJob::refusesInsecureUrls_data()
{
    QTest::addColumn<QUrl>("url");
    QTest::newRow("plain-http-remote") << QUrl(QStringLiteral("http://example.com/x"));
    QTest::newRow("loopback-lookalike") << QUrl(QStringLiteral("http://127.evil.example/x"));
    QTest::newRow("localhost-suffix") << QUrl(QStringLiteral("http://localhost.example.com/x"));
    QTest::newRow("ftp") << QUrl(QStringLiteral("ftp://127.0.0.1/x"));
    QTest::newRow("file") << QUrl(QStringLiteral("file:///etc/passwd"));
    QTest::newRow("empty") << QUrl();
}

void TestNetworkJob::refusesInsecureUrls()
{
    QFETCH(QUrl, url);
    auto out = run(Request::get(url));
    QTRY_VERIFY(out->result.has_value());
    QVERIFY(!out->result->ok());
    QCOMPARE(out->result->error().code, QString(Net::Codes::InsecureUrl));
    QCOMPARE(out->calls, 1);
}

void TestNetworkJob::bearerOnlyToItsOrigin()
{
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    Request same = Request::get(m_server->url(QStringLiteral("/ok")));
    same.bearer = "secret-token";
    same.bearerOrigin = Origin::of(m_server->url());
    auto ok = run(same);
    QTRY_VERIFY(ok->result.has_value());
    QVERIFY(ok->result->ok());
    QCOMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_server->requests().first().headers.value("authorization"), QByteArray("Bearer secret-token"));

    // Same host, another port: another origin. Nothing is sent at all.
    Request other
        = Request::get(QUrl(QStringLiteral("http://127.0.0.1:%1/x").arg(m_server->serverPort() + 1)));
    other.bearer = "secret-token";
    other.bearerOrigin = Origin::of(m_server->url());
    auto refused = run(other);
    QTRY_VERIFY(refused->result.has_value());
    QCOMPARE(refused->result->error().code, QString(Net::Codes::ForeignOrigin));
    QVERIFY(refused->result->error().args.first().contains(QString::number(m_server->serverPort() + 1)));
    QCOMPARE(m_server->requests().size(), 1);
}

void TestNetworkJob::redirectsAreNotFollowed()
{
    m_server->setHandler([this](const CannedHttpServer::Seen &seen) {
        if (seen.target == "/start")
            return CannedHttpServer::response(
                302, "", { { "Location", m_server->url(QStringLiteral("/next")).toEncoded() } });
        return CannedHttpServer::response(200, "{}");
    });
    Request r = Request::get(m_server->url(QStringLiteral("/start")));
    r.bearer = "t";
    r.bearerOrigin = Origin::of(m_server->url());
    auto out = run(r);
    QTRY_VERIFY(out->result.has_value());
    QCOMPARE(out->result->value().status, 302);
    QCOMPARE(m_server->requests().size(), 1);
}

void TestNetworkJob::timesOut()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); }); // never answers
    auto out = run(Request::get(m_server->url()), nullptr, 300);
    QTRY_VERIFY_WITH_TIMEOUT(out->result.has_value(), 5000);
    QCOMPARE(out->result->error().code, QString(RestoreDesk::Codes::Timeout));
    QCOMPARE(out->calls, 1);
}

void TestNetworkJob::bodyLimitByLength()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200, QByteArray(4096, 'x'));
    });
    auto out = run(Request::get(m_server->url()), nullptr, 5000, 1000);
    QTRY_VERIFY(out->result.has_value());
    QCOMPARE(out->result->error().code, QString(Net::Codes::BodyTooLarge));
}

void TestNetworkJob::bodyLimitWhileStreaming()
{
    // No Content-Length: the limit is enforced on the bytes as they arrive.
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return QByteArray("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n") + QByteArray(64 * 1024, 'y');
    });
    auto out = run(Request::get(m_server->url()), nullptr, 5000, 1000);
    QTRY_VERIFY(out->result.has_value());
    QCOMPARE(out->result->error().code, QString(Net::Codes::BodyTooLarge));
    QCOMPARE(out->calls, 1);
}

void TestNetworkJob::bodyInManyPiecesIsWhole_data()
{
    QTest::addColumn<QByteArray>("framing");
    QTest::newRow("content-length") << QByteArray("length");
    QTest::newRow("chunked") << QByteArray("chunked");
}

void TestNetworkJob::bodyInManyPiecesIsWhole()
{
    // A body far larger than one socket read (it reaches the reply in many pieces) is handed over
    // whole, byte for byte, whether its length is given or it comes in chunks.
    QFETCH(QByteArray, framing);
    QByteArray body;
    for (int i = 0; body.size() < 3 * 1024 * 1024 + 17; ++i)
        body += QByteArray::number(i * 2654435761u, 16) + (i % 7 == 0 ? "\n" : ",");
    m_server->setHandler([body, framing](const CannedHttpServer::Seen &) -> QByteArray {
        QByteArray head("HTTP/1.1 200 OK\r\nConnection: close\r\n");
        if (framing == "length")
            return head + "Content-Length: " + QByteArray::number(body.size()) + "\r\n\r\n" + body;
        QByteArray chunked;
        for (qsizetype at = 0; at < body.size(); at += 40000) {
            const QByteArray piece = body.mid(at, 40000);
            chunked += QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n";
        }
        return head + "Transfer-Encoding: chunked\r\n\r\n" + chunked + "0\r\n\r\n";
    });
    auto out = run(Request::get(m_server->url()), nullptr, 20000, 8 * 1024 * 1024);
    QTRY_VERIFY_WITH_TIMEOUT(out->result.has_value(), 20000);
    QVERIFY2(out->result->ok(), qPrintable(out->result->ok() ? QString() : out->result->error().toString()));
    QCOMPARE(out->result->value().body.size(), body.size());
    QVERIFY(out->result->value().body == body);
    QCOMPARE(out->calls, 1);
}

void TestNetworkJob::cancelReportsCancelled()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); });
    Transport t = transport();
    int calls = 0;
    QString code;
    auto *job = NetworkJob::start(t, Request::get(m_server->url()), &m_owner, [&](Result<Response> r) {
        ++calls;
        code = r.ok() ? QString() : r.error().code;
    });
    QSignalSpy finished(job, &JobBase::finished);
    QTRY_COMPARE(m_server->requests().size(), 1);
    job->cancel();
    job->cancel();
    QTRY_COMPARE(calls, 1);
    QCOMPARE(code, QString(RestoreDesk::Codes::Cancelled));
    QCOMPARE(finished.count(), 1);
}

void TestNetworkJob::ownerDeathReportsCancelled()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); });
    auto owner = std::make_unique<QObject>();
    QPointer<QObject> guard(owner.get());
    auto out = run(Request::get(m_server->url()), owner.get());
    QTRY_COMPARE(m_server->requests().size(), 1);
    bool guardNullInCallback = false;
    Transport t = transport();
    NetworkJob::start(t, Request::get(m_server->url()), owner.get(),
                      [&](Result<Response>) { guardNullInCallback = guard.isNull(); });
    owner.reset();
    QCOMPARE(out->calls, 1); // reported during the owner's destruction, not dropped
    QCOMPARE(out->result->error().code, QString(RestoreDesk::Codes::Cancelled));
    QVERIFY(guardNullInCallback); // callbacks can tell their owner is gone
}

void TestNetworkJob::loopbackBypassesProxy()
{
    // A proxy that does not exist: loopback traffic must not try it.
    qputenv("http_proxy", "http://127.0.0.1:9");
    qputenv("HTTP_PROXY", "http://127.0.0.1:9");
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    auto out = run(Request::get(m_server->url()));
    QTRY_VERIFY(out->result.has_value());
    qunsetenv("http_proxy");
    qunsetenv("HTTP_PROXY");
    QVERIFY2(out->result->ok(), qPrintable(out->result->ok() ? QString() : out->result->error().toString()));
}

void TestNetworkJob::connectionRefused()
{
    const quint16 port = m_server->serverPort();
    m_server->close();
    auto out = run(Request::get(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(port))));
    QTRY_VERIFY(out->result.has_value());
    QCOMPARE(out->result->error().code, QString(RestoreDesk::Codes::ConnectionRefused));
    QCOMPARE(out->result->error().kind, Error::Kind::Network);
}

void TestNetworkJob::ownerDeletedFromTheCancelReport()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); });
    auto *owner = new QObject;
    Transport t = transport();
    int calls = 0;
    if (m_viaManager) {
        // Defect: abort() emits finished() synchronously; the report's callback deleted the
        // job's owner, which deleted the reply (a child of the job) while the reply was still
        // inside abort().
        QPointer<QNetworkReply> reply;
        bool replyAliveAfterOwnerDied = false;
        auto *job = NetworkJob::start(t, Request::get(m_server->url()), owner, [&](Result<Response> r) {
            ++calls;
            QVERIFY(!r.ok());
            delete owner; // the owner goes away from its own callback
            replyAliveAfterOwnerDied = !reply.isNull();
        });
        QTRY_COMPARE(m_server->requests().size(), 1);
        reply = owner->findChild<QNetworkReply *>();
        QVERIFY(reply);
        job->cancel();
        QCOMPARE(calls, 1);
        QVERIFY2(replyAliveAfterOwnerDied, "the reply was destroyed while still inside abort()");
        QTRY_VERIFY(reply.isNull()); // and freed once the stack has unwound
        return;
    }
    // The job's own exchange is closed and gone before the report, so a callback that deletes
    // the owner (and the job) finds nothing of the request still on the stack.
    QPointer<QObject> exchange;
    bool exchangeGoneBeforeReport = false;
    auto *job = NetworkJob::start(t, Request::get(m_server->url()), owner, [&](Result<Response> r) {
        ++calls;
        QVERIFY(!r.ok());
        exchangeGoneBeforeReport = exchange.isNull();
        delete owner;
    });
    QTRY_COMPARE(m_server->requests().size(), 1);
    exchange = owner->findChild<Net::LoopbackExchange *>();
    QVERIFY(exchange);
    job->cancel();
    QCOMPARE(calls, 1);
    QVERIFY(exchangeGoneBeforeReport);
    QTest::qWait(50); // the deferred deletions run without touching freed memory
}

void TestNetworkJob::ownerDeletedFromTheTimeoutReport()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); });
    auto *owner = new QObject;
    Transport t = transport();
    t.timeoutMs = 200;
    QPointer<QObject> guard(owner);
    std::optional<Result<Response>> result;
    NetworkJob::start(t, Request::get(m_server->url()), owner, [&](Result<Response> r) {
        result = r;
        delete guard.data();
    });
    QTRY_VERIFY_WITH_TIMEOUT(result.has_value(), 5000);
    QCOMPARE(result->error().code, QString(RestoreDesk::Codes::Timeout));
    QVERIFY(guard.isNull());
    QTest::qWait(50); // the deferred deletions run without touching freed memory
}

void TestNetworkJob::bodyCutShortIsANetworkError_data()
{
    QTest::addColumn<QByteArray>("answer");
    QTest::newRow("content-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                                  "Content-Length: 4000\r\n\r\n{\"value\": [{\"id\": 1}");
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                                           "Transfer-Encoding: chunked\r\n\r\n10\r\n{\"value\": [{\"id\r\n");
}

// Defect: only a missing status counted as a transport failure: a connection cut mid-body after
// "200 OK" was handed over as a complete answer.
void TestNetworkJob::bodyCutShortIsANetworkError()
{
    QFETCH(QByteArray, answer);
    QTcpServer raw;
    QVERIFY(raw.listen(QHostAddress::LocalHost, 0));
    connect(&raw, &QTcpServer::newConnection, this, [&] {
        QTcpSocket *socket = raw.nextPendingConnection();
        connect(socket, &QTcpSocket::readyRead, socket, [socket, answer] {
            socket->readAll();
            socket->write(answer);
            socket->flush();
            socket->disconnectFromHost(); // cut mid-body
        });
        connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    });
    auto out = run(Request::get(QUrl(QStringLiteral("http://127.0.0.1:%1/").arg(raw.serverPort()))));
    QTRY_VERIFY(out->result.has_value());
    QVERIFY2(!out->result->ok(), "a body cut short was reported as an answer");
    QCOMPARE(out->result->error().code, QString(RestoreDesk::Codes::NetworkError));
    QCOMPARE(out->result->error().kind, Error::Kind::Network);
    QCOMPARE(out->calls, 1);
}

// Finished jobs keep no request body (a refresh token in a form) and no bearer token.
void TestNetworkJob::finishedJobForgetsItsSecrets()
{
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    Transport t = transport();
    Request request = Request::postForm(m_server->url(), "refresh_token=RT-secret");
    request.bearer = "AT-secret";
    request.bearerOrigin = Origin::of(m_server->url());
    bool done = false;
    QPointer<NetworkJob> job
        = NetworkJob::start(t, request, &m_owner, [&](Result<Response>) { done = true; });
    QTRY_VERIFY(done);
    QVERIFY(m_server->requests().value(0).body.contains("RT-secret")); // it was sent
    QVERIFY(job);
    QVERIFY(job->request().body.isEmpty());
    QVERIFY(job->request().bearer.isEmpty());
    delete job.data();
}

// The same tests through the network manager, under their own name in the output.
class TestNetworkJobViaManager : public TestNetworkJob
{
    Q_OBJECT

public:
    TestNetworkJobViaManager()
        : TestNetworkJob(true)
    { }
};

int main(int argc, char *argv[])
{
    QCoreApplication app(argc, argv);
    TestNetworkJob viaPool(false);
    TestNetworkJobViaManager viaManager;
    const int a = QTest::qExec(&viaPool, argc, argv);
    const int b = QTest::qExec(&viaManager, argc, argv);
    return a != 0 ? a : b;
}
#include "tst_networkjob.moc"
