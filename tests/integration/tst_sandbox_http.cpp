// The sandbox's HTTP/1.1 server on a real socket: requests sent back to back on one connection
// (in one write, or cut anywhere) are all answered, in the order asked, even while the latency
// knob holds the answers; a body can come after an interim 100; what is not HTTP is answered 400
// and the connection closed; Connection: close is honoured.
#include "sandboxharness.h"

#include "sandbox/httpwire.h"

#include <QEventLoop>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

struct Answer
{
    int status = 0;
    QByteArray head;
    QByteArray body;
};

// Writes `pieces` one after another (each after `gapMs`) on one connection and reads answers
// until `count` are whole, the server closes, or 5 s pass. `closed` tells whether it closed.
QList<Answer> exchange(quint16 port, const QList<QByteArray> &pieces, int count, bool *closed = nullptr,
                       int gapMs = 0)
{
    QList<Answer> answers;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return answers;
    QByteArray data;
    bool gone = false;
    auto parse = [&] {
        data += socket.readAll();
        while (true) {
            const qsizetype headEnd = data.indexOf("\r\n\r\n");
            if (headEnd < 0)
                return;
            const QByteArray head = data.left(headEnd + 2);
            const qsizetype at = head.toLower().indexOf("content-length: ");
            const qsizetype length
                = at < 0 ? 0 : head.mid(at + 16, head.indexOf("\r\n", at) - at - 16).toLongLong();
            if (data.size() < headEnd + 4 + length)
                return;
            const int status = data.mid(9, 3).toInt();
            if (status != 100)
                answers << Answer { status, head, data.mid(headEnd + 4, length) };
            data.remove(0, headEnd + 4 + length);
        }
    };
    QEventLoop loop;
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        parse();
        if (answers.size() >= count)
            loop.quit();
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, [&] {
        gone = true;
        loop.quit();
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    int delay = 0;
    for (const QByteArray &piece : pieces) {
        QTimer::singleShot(delay, &socket, [&socket, piece] { socket.write(piece); });
        delay += gapMs;
    }
    loop.exec();
    parse();
    if (closed) {
        if (!gone && socket.state() == QAbstractSocket::ConnectedState)
            gone = socket.waitForDisconnected(1000);
        *closed = gone || socket.state() == QAbstractSocket::UnconnectedState;
    }
    return answers;
}

QByteArray get(const QByteArray &path, const QByteArray &token, const QByteArray &extra = {})
{
    return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token + "\r\n" + extra
        + "\r\n";
}

} // namespace

class TestSandboxHttp : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void cleanup();
    void requestsBackToBackAreAnsweredInOrder();
    void requestCutAnywhereIsAnswered();
    void bodyAfterInterimContinue();
    void notHttpIsRefusedAndClosed();
    void connectionCloseIsHonoured();
    void refusalIsSeenWhileTheClientKeepsSending();
    void smuggledBodyIsRefusedAndClosed();
    void bytesAreNotTakenWhileAnAnswerIsAwaited();

private:
    std::unique_ptr<SandboxHarness> m_sandbox;
    QByteArray m_token;
};

void TestSandboxHttp::init()
{
    m_sandbox = std::make_unique<SandboxHarness>();
    Sandbox::SandboxOptions options;
    options.latencyMs = 30;
    QString error;
    QVERIFY2(m_sandbox->start(options, &error), qPrintable(error));
    m_token = m_sandbox->signIn(QStringLiteral("carla")).accessToken.toLatin1();
    QVERIFY(!m_token.isEmpty());
}

void TestSandboxHttp::cleanup()
{
    m_sandbox.reset();
}

void TestSandboxHttp::requestsBackToBackAreAnsweredInOrder()
{
    const quint16 port = m_sandbox->server().port();
    const QByteArray three = get("/subscriptions?api-version=2022-12-01", m_token)
        + get("/nowhere?api-version=2022-12-01", m_token)
        + get("/subscriptions?api-version=1999-01-01", m_token, "x-ms-client-request-id: third\r\n");
    const QList<Answer> answers = exchange(port, { three }, 3);
    QCOMPARE(answers.size(), 3);
    QCOMPARE(answers.at(0).status, 200);
    QVERIFY(answers.at(0).body.contains("\"value\""));
    QCOMPARE(answers.at(1).status, 404);
    QCOMPARE(answers.at(2).status, 400);
    QVERIFY(answers.at(2).head.contains("x-ms-client-request-id: third\r\n"));
}

void TestSandboxHttp::requestCutAnywhereIsAnswered()
{
    const quint16 port = m_sandbox->server().port();
    const QByteArray request = get("/subscriptions?api-version=2022-12-01", m_token);
    QList<QByteArray> pieces;
    for (qsizetype at = 0; at < request.size(); at += 97)
        pieces << request.mid(at, 97);
    const QList<Answer> answers = exchange(port, pieces, 1, nullptr, 2);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).status, 200);
}

void TestSandboxHttp::bodyAfterInterimContinue()
{
    // A token request whose form comes only after the server said 100 Continue.
    const quint16 port = m_sandbox->server().port();
    const QByteArray form = "grant_type=refresh_token&refresh_token=not-a-token&client_id=restoredesk";
    const QByteArray head = "POST /oidc/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                            "application/x-www-form-urlencoded\r\nExpect: 100-continue\r\nContent-Length: "
        + QByteArray::number(form.size()) + "\r\n\r\n";
    const QList<Answer> answers = exchange(port, { head, form }, 1, nullptr, 200);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).status, 400); // the grant is refused: the form was read
    QVERIFY(answers.at(0).body.contains("invalid_grant"));
}

void TestSandboxHttp::notHttpIsRefusedAndClosed()
{
    const quint16 port = m_sandbox->server().port();
    bool closed = false;
    const QList<Answer> answers = exchange(port, { "HELLO\r\n\r\n" }, 1, &closed);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).status, 400);
    QVERIFY(closed);
}

void TestSandboxHttp::connectionCloseIsHonoured()
{
    const quint16 port = m_sandbox->server().port();
    bool closed = false;
    const QList<Answer> answers = exchange(
        port, { get("/subscriptions?api-version=2022-12-01", m_token, "Connection: close\r\n") }, 2, &closed);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).status, 200);
    QVERIFY(closed);
}

void TestSandboxHttp::refusalIsSeenWhileTheClientKeepsSending()
{
    // A 40 MB body is refused (413) at its head; the client goes on sending it. The server closes
    // only after a lingering read, so the client sees the status rather than a reset.
    const quint16 port = m_sandbox->server().port();
    const qsizetype size = 40 * 1024 * 1024;
    QList<QByteArray> pieces { "POST /oidc/token HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: "
                               + QByteArray::number(size) + "\r\n\r\n" };
    const QByteArray mib(1024 * 1024, 'a');
    for (qsizetype sent = 0; sent < size; sent += mib.size())
        pieces << mib;
    bool closed = false;
    const QList<Answer> answers = exchange(port, pieces, 1, &closed);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).status, 413);
}

void TestSandboxHttp::smuggledBodyIsRefusedAndClosed()
{
    // Transfer-Encoding beside Content-Length: 400 and close, the bytes behind never a request.
    const quint16 port = m_sandbox->server().port();
    bool closed = false;
    const QList<Answer> answers
        = exchange(port,
                   { "POST /oidc/token HTTP/1.1\r\nHost: 127.0.0.1\r\nTransfer-Encoding: chunked\r\n"
                     "Content-Length: 5\r\n\r\n0\r\n\r\n"
                     + get("/subscriptions?api-version=2022-12-01", m_token) },
                   2, &closed);
    QCOMPARE(answers.size(), 1);
    QCOMPARE(answers.at(0).status, 400);
    QVERIFY(closed);
}

void TestSandboxHttp::bytesAreNotTakenWhileAnAnswerIsAwaited()
{
    // While an answer is held (latency 1 s), the client streams on: the server takes no more than
    // one request's limits off the socket, the rest waits in the kernel (back-pressure). Counted
    // when the answer comes: what the client could hand to its kernel.
    m_sandbox.reset();
    m_sandbox = std::make_unique<SandboxHarness>();
    Sandbox::SandboxOptions options;
    options.latencyMs = 1000;
    QString error;
    QVERIFY2(m_sandbox->start(options, &error), qPrintable(error));
    const quint16 port = m_sandbox->server().port();
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    QVERIFY(socket.waitForConnected(5000));
    const QByteArray junk(1024 * 1024, 'x');
    const qint64 total = 200 * 1024 * 1024;
    qint64 written = 0;
    qint64 sentWhenAnswered = -1;
    QEventLoop loop;
    auto pump = [&] {
        while (written < total && socket.bytesToWrite() < 4 * junk.size()) {
            socket.write(junk);
            written += junk.size();
        }
    };
    QObject::connect(&socket, &QTcpSocket::bytesWritten, &loop, pump);
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        if (sentWhenAnswered < 0 && socket.peek(12).startsWith("HTTP/1.1 ")) {
            sentWhenAnswered = written - socket.bytesToWrite();
            loop.quit();
        }
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    socket.write("GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    pump();
    loop.exec();
    QVERIFY(sentWhenAnswered >= 0);
    // One request's limits, Qt's buffer, and the kernel's socket buffers (a few MiB on loopback).
    const qint64 bound
        = Sandbox::HttpRequestReader::kMaxHead + Sandbox::HttpRequestReader::kMaxBody + 24 * 1024 * 1024;
    QVERIFY2(sentWhenAnswered < bound,
             qPrintable(QStringLiteral("%1 bytes taken while the answer was held").arg(sentWhenAnswered)));
}

QTEST_GUILESS_MAIN(TestSandboxHttp)
#include "tst_sandbox_http.moc"
