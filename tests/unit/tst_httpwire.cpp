// The sandbox reads HTTP/1.1 requests itself (HttpRequestReader), a block at a time: whatever
// way the bytes are cut, the same requests come out, in order; bodies by Content-Length or
// chunked; what is not a request is refused with the status to answer; and an answer is written
// as one piece with its Content-Length.
#include "sandbox/httpwire.h"

#include <QTest>

using RestoreDesk::Sandbox::HttpRequest;
using RestoreDesk::Sandbox::HttpRequestReader;
using State = RestoreDesk::Sandbox::HttpRequestReader::State;

class TestHttpWire : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void requestHowEverItIsCut_data();
    void requestHowEverItIsCut();
    void requestsInOneBlockComeOutInOrder();
    void chunkedBody();
    void connectionClose();
    void expectContinueOnceWhileTheBodyIsAwaited();
    void refused_data();
    void refused();
    void limitsHoldHoweverTheBytesAreCut_data();
    void limitsHoldHoweverTheBytesAreCut();
    void unknownMethodIsOther();
    void originFormNeverNamesAHost();
    void manySmallChunksAreReadInLinearWork();
    void chunkedBodyRawBytesAreBounded();
    void answerIsOnePiece();
};

namespace {

const QByteArray kPost = "POST /oidc/token?x=a%2Bb HTTP/1.1\r\n"
                         "Host: 127.0.0.1:4000\r\n"
                         "Authorization: Bearer abc.def.ghi\r\n"
                         "Content-Type: application/x-www-form-urlencoded\r\n"
                         "Content-Length: 11\r\n"
                         "\r\n"
                         "a=1&b=2+3&c";

void checkPost(const HttpRequest &r)
{
    QCOMPARE(r.method, QByteArray("POST"));
    QCOMPARE(r.url.path(), QStringLiteral("/oidc/token"));
    QCOMPARE(r.url.query(QUrl::FullyEncoded), QStringLiteral("x=a%2Bb"));
    QCOMPARE(r.headers.size(), 4);
    QCOMPARE(r.headers.at(1).first, QByteArray("Authorization")); // names as sent
    QCOMPARE(r.header("authorization"), QByteArray("Bearer abc.def.ghi"));
    QCOMPARE(r.body, QByteArray("a=1&b=2+3&c"));
}

} // namespace

void TestHttpWire::requestHowEverItIsCut_data()
{
    QTest::addColumn<int>("piece");
    for (int piece : { 1, 2, 3, 7, 64, 100000 })
        QTest::addRow("%d", piece) << piece;
}

void TestHttpWire::requestHowEverItIsCut()
{
    QFETCH(int, piece);
    HttpRequestReader reader;
    HttpRequest r;
    const QByteArray both = kPost + "\r\n" + kPost; // an empty line between requests is ignored
    int taken = 0;
    for (qsizetype at = 0; at < both.size(); at += piece) {
        reader.feed(both.mid(at, piece));
        State s;
        while ((s = reader.next(&r)) == State::Request) {
            checkPost(r);
            ++taken;
        }
        QCOMPARE(s, State::NeedMore);
    }
    QCOMPARE(taken, 2);
    QCOMPARE(reader.buffered(), 0);
}

void TestHttpWire::requestsInOneBlockComeOutInOrder()
{
    HttpRequestReader reader;
    reader.feed("GET /a HTTP/1.1\r\nHost: h\r\n\r\nGET /b HTTP/1.1\nHost: h\n\nDELETE /c HTTP/1.1\r\nHost: "
                "h\r\n\r\n");
    HttpRequest r;
    QStringList paths;
    while (reader.next(&r) == State::Request)
        paths << r.method + QStringLiteral(" ") + r.url.path();
    QCOMPARE(
        paths,
        QStringList({ QStringLiteral("GET /a"), QStringLiteral("GET /b"), QStringLiteral("DELETE /c") }));
}

void TestHttpWire::chunkedBody()
{
    // Content-Length beside Transfer-Encoding is refused (refused_data): only chunked here.
    const QByteArray request = "PUT /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                               "5;ext=1\r\nhello\r\n"
                               "7\r\n, world\r\n"
                               "0\r\nTrailer: yes\r\n\r\n"
                               "GET /next HTTP/1.1\r\nHost: h\r\n\r\n";
    for (int piece : { 1, 5, 1000 }) {
        HttpRequestReader reader;
        HttpRequest r;
        QStringList got;
        for (qsizetype at = 0; at < request.size(); at += piece) {
            reader.feed(request.mid(at, piece));
            while (reader.next(&r) == State::Request)
                got << r.url.path() + QLatin1Char('=') + QString::fromLatin1(r.body);
        }
        QCOMPARE(got, QStringList({ QStringLiteral("/x=hello, world"), QStringLiteral("/next=") }));
    }
}

void TestHttpWire::connectionClose()
{
    HttpRequestReader reader;
    HttpRequest r;
    reader.feed("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    QCOMPARE(reader.next(&r), State::Request);
    QVERIFY(!reader.closeAfter());
    reader.feed("GET / HTTP/1.1\r\nHost: h\r\nConnection: keep-alive, Close\r\n\r\n");
    QCOMPARE(reader.next(&r), State::Request);
    QVERIFY(reader.closeAfter());
    reader.feed("GET / HTTP/1.0\r\n\r\n");
    QCOMPARE(reader.next(&r), State::Request);
    QVERIFY(reader.closeAfter());
    reader.feed("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n");
    QCOMPARE(reader.next(&r), State::Request);
    QVERIFY(!reader.closeAfter());
}

void TestHttpWire::expectContinueOnceWhileTheBodyIsAwaited()
{
    HttpRequestReader reader;
    HttpRequest r;
    reader.feed("POST /f HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 3\r\n\r\n");
    QCOMPARE(reader.next(&r), State::NeedMore);
    QVERIFY(reader.takeContinue());
    QVERIFY(!reader.takeContinue());
    reader.feed("abc");
    QCOMPARE(reader.next(&r), State::Request);
    QCOMPARE(r.body, QByteArray("abc"));
    // The body came with the head: no interim answer.
    reader.feed("POST /f HTTP/1.1\r\nHost: h\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\nz");
    QCOMPARE(reader.next(&r), State::Request);
    QVERIFY(!reader.takeContinue());
}

void TestHttpWire::refused_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    QTest::addRow("no target") << QByteArray("GET HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::addRow("not http") << QByteArray("GET / FTP/1.1\r\n\r\n") << 400;
    QTest::addRow("http/2") << QByteArray("GET / HTTP/2.0\r\n\r\n") << 505;
    QTest::addRow("field without colon") << QByteArray("GET / HTTP/1.1\r\nHost\r\n\r\n") << 400;
    QTest::addRow("space before colon") << QByteArray("GET / HTTP/1.1\r\nHost : h\r\n\r\n") << 400;
    QTest::addRow("two lengths") << QByteArray(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n")
                                 << 400;
    QTest::addRow("bad length") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 1x\r\n\r\n")
                                << 400;
    QTest::addRow("gzip") << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: gzip\r\n\r\n")
                          << 400;
    QTest::addRow("huge body") << QByteArray(
        "POST / HTTP/1.1\r\nHost: h\r\nContent-Length: 999999999999\r\n\r\n")
                               << 413;
    QTest::addRow("bad chunk") << QByteArray(
        "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                               << 400;
    QTest::addRow("chunk size near 2^63")
        << QByteArray("POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n"
                      "1\r\nx\r\n7fffffffffffffff\r\n")
        << 413;
    // Transfer-Encoding: only exactly one "chunked", never beside a Content-Length, never in 1.0.
    const QByteArray post = "POST / HTTP/1.1\r\nHost: h\r\n";
    QTest::addRow("chunked and length") << post
            + "Transfer-Encoding: chunked\r\nContent-Length: 5\r\n\r\n"
              "5\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::addRow("length and chunked") << post
            + "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n\r\n"
              "5\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::addRow("chunked in 1.0") << QByteArray("POST / HTTP/1.0\r\nTransfer-Encoding: chunked\r\n\r\n"
                                                  "0\r\n\r\n")
                                    << 400;
    QTest::addRow("gzip, chunked") << post + "Transfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n" << 400;
    QTest::addRow("chunked, chunked") << post + "Transfer-Encoding: chunked, chunked\r\n\r\n0\r\n\r\n" << 400;
    QTest::addRow("chunked twice") << post
            + "Transfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n"
              "0\r\n\r\n" << 400;
    QTest::addRow("empty coding") << post + "Transfer-Encoding:\r\n\r\n" << 400;
    QTest::addRow("empty coding beside chunked") << post
            + "Transfer-Encoding: chunked\r\nTransfer-Encoding: \r\n\r\n"
              "0\r\n\r\n" << 400;
    // Field values: no bare CR, NUL or other control (HT is allowed); names are tokens; no folding.
    const QByteArray get = "GET / HTTP/1.1\r\nHost: h\r\n";
    QTest::addRow("bare CR in value") << get + "X-Id: a\rInjected: b\r\n\r\n" << 400;
    QTest::addRow("CR at value end") << get + "X-Id: a\r\r\n\r\n" << 400;
    QTest::addRow("NUL in value") << get + "X-Id: a" + QByteArray(1, '\0') + "b\r\n\r\n" << 400;
    QTest::addRow("control in value") << get
            + "X-Id: a\x01"
              "b\r\n\r\n" << 400;
    QTest::addRow("DEL in value") << get + "X-Id: a\x7f\r\n\r\n" << 400;
    QTest::addRow("name not a token") << get + "X(y): 1\r\n\r\n" << 400;
    QTest::addRow("name with space") << get + "X y: 1\r\n\r\n" << 400;
    QTest::addRow("name with NUL") << get + "X" + QByteArray(1, '\0') + "y: 1\r\n\r\n" << 400;
    QTest::addRow("obs-fold") << get + "X-A: one\r\n two\r\n\r\n" << 400;
    QTest::addRow("obs-fold of a length") << post + "Content-Length: 1\r\n 0\r\n\r\nx" << 400;
    // Content-Length and chunk sizes: digits only.
    QTest::addRow("length +1") << post + "Content-Length: +1\r\n\r\nx" << 400;
    QTest::addRow("length 0x1") << post + "Content-Length: 0x1\r\n\r\nx" << 400;
    QTest::addRow("length 1 1") << post + "Content-Length: 1 1\r\n\r\nx" << 400;
    QTest::addRow("length with NUL") << post + "Content-Length: 1" + QByteArray(1, '\0') + "\r\n\r\nx" << 400;
    QTest::addRow("length list") << post + "Content-Length: 1, 1\r\n\r\nx" << 400;
    QTest::addRow("empty length") << post + "Content-Length:\r\n\r\n" << 400;
    const QByteArray chunked = post + "Transfer-Encoding: chunked\r\n\r\n";
    QTest::addRow("chunk +1") << chunked + "+1\r\nx\r\n0\r\n\r\n" << 400;
    QTest::addRow("chunk 0x1") << chunked + "0x1\r\nx\r\n0\r\n\r\n" << 400;
    QTest::addRow("chunk -0") << chunked + "-0\r\n\r\n" << 400;
    QTest::addRow("chunk  1") << chunked + " 1\r\nx\r\n0\r\n\r\n" << 400;
    QTest::addRow("chunk 1 1") << chunked + "1 1\r\nx\r\n0\r\n\r\n" << 400;
    QTest::addRow("chunk with NUL") << chunked + "1" + QByteArray(1, '\0') + "\r\nx\r\n0\r\n\r\n" << 400;
    QTest::addRow("empty chunk size") << chunked + "\r\nx\r\n0\r\n\r\n" << 400;
    // Trailer fields are held to a head's rules: a bare CR would make a request behind them one.
    QTest::addRow("trailer bare CR") << chunked + "0\r\n\r\r\nGET /y HTTP/1.1\r\nHost: h\r\n\r\n" << 400;
    QTest::addRow("trailer folded") << chunked + "0\r\nX-T: a\r\n b\r\n\r\n" << 400;
    QTest::addRow("trailer name") << chunked + "0\r\nX T: a\r\n\r\n" << 400;
    QTest::addRow("trailer no colon") << chunked + "0\r\nX-T\r\n\r\n" << 400;
    QTest::addRow("trailer NUL") << chunked + "0\r\nX-T: a" + QByteArray(1, '\0') + "b\r\n\r\n" << 400;
    // The request target: origin-form only.
    QTest::addRow("absolute-form") << QByteArray("GET http://h/p HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::addRow("no slash") << QByteArray("GET p HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::addRow("space in target") << QByteArray("GET /a b HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::addRow("two spaces") << QByteArray("GET  /a HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::addRow("star for GET") << QByteArray("GET * HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::addRow("control in target") << QByteArray("GET /a\x01 HTTP/1.1\r\nHost: h\r\n\r\n") << 400;
    QTest::addRow("no host") << QByteArray("GET / HTTP/1.1\r\n\r\n") << 400;
    QTest::addRow("two hosts") << QByteArray("GET / HTTP/1.1\r\nHost: a\r\nHost: b\r\n\r\n") << 400;
    QTest::addRow("huge head") << "GET / HTTP/1.1\r\nHost: h\r\nX: "
            + QByteArray(HttpRequestReader::kMaxHead, 'a')
                               << 431;
}

void TestHttpWire::refused()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    HttpRequestReader reader;
    HttpRequest r;
    reader.feed(bytes);
    QCOMPARE(reader.next(&r), State::Bad);
    QCOMPARE(reader.badStatus(), status);
}

void TestHttpWire::limitsHoldHoweverTheBytesAreCut_data()
{
    // What the reader refuses on bytes still coming in, it must refuse when they came at once.
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<int>("status");
    const QByteArray chunked = "POST / HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
    QTest::addRow("padded chunk size") << chunked + QByteArray(HttpRequestReader::kMaxHead + 10, ' ')
            + "5\r\nhello\r\n0\r\n\r\n" << 400;
    QTest::addRow("trailer fields") << chunked
            + "5\r\nhello\r\n0\r\nX: " + QByteArray(HttpRequestReader::kMaxHead + 10, 'a')
            + "\r\n\r\n" << 431;
}

void TestHttpWire::limitsHoldHoweverTheBytesAreCut()
{
    QFETCH(QByteArray, bytes);
    QFETCH(int, status);
    for (const qsizetype piece : { bytes.size(), qsizetype(1000) }) {
        HttpRequestReader reader;
        HttpRequest r;
        State s = State::NeedMore;
        for (qsizetype at = 0; at < bytes.size() && s == State::NeedMore; at += piece) {
            reader.feed(bytes.mid(at, piece));
            s = reader.next(&r);
        }
        QCOMPARE(s, State::Bad);
        QCOMPARE(reader.badStatus(), status);
    }
}

void TestHttpWire::unknownMethodIsOther()
{
    HttpRequestReader reader;
    HttpRequest r;
    reader.feed("BREW /pot HTTP/1.1\r\nHost: h\r\n\r\nget /x HTTP/1.1\r\nHost: h\r\n\r\n");
    QCOMPARE(reader.next(&r), State::Request);
    QCOMPARE(r.method, QByteArray("OTHER"));
    QCOMPARE(reader.next(&r), State::Request);
    QCOMPARE(r.method, QByteArray("OTHER")); // methods are case-sensitive
}

void TestHttpWire::originFormNeverNamesAHost()
{
    // The URL is built from the target's path and query: "//h/p" is a path, not host h.
    HttpRequestReader reader;
    HttpRequest r;
    reader.feed("GET //evil.example/p?q=1 HTTP/1.1\r\nHost: h\r\n\r\n");
    QCOMPARE(reader.next(&r), State::Request);
    QVERIFY2(r.url.host().isEmpty(), qPrintable(r.url.host()));
    QCOMPARE(r.url.path(), QStringLiteral("//evil.example/p"));
    QCOMPARE(r.url.query(), QStringLiteral("q=1"));
    reader.feed("OPTIONS * HTTP/1.1\r\nHost: h\r\n\r\n");
    QCOMPARE(reader.next(&r), State::Request);
    QCOMPARE(r.url.path(), QStringLiteral("*"));
}

void TestHttpWire::manySmallChunksAreReadInLinearWork()
{
    // A body of 20000 one-byte chunks fed 7 bytes at a time: each chunk is read once, not the whole
    // body again on every next() (scanned() counts the body bytes the reader looked at).
    QByteArray request = "POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n";
    const qsizetype headSize = request.size();
    for (int i = 0; i < 20000; ++i)
        request += "1\r\nx\r\n";
    request += "0\r\n\r\n";
    HttpRequestReader reader;
    HttpRequest r;
    int taken = 0;
    for (qsizetype at = 0; at < request.size(); at += 7) {
        reader.feed(request.mid(at, 7));
        State s;
        while ((s = reader.next(&r)) == State::Request) {
            QCOMPARE(r.body, QByteArray(20000, 'x'));
            ++taken;
        }
        QCOMPARE(s, State::NeedMore);
    }
    QCOMPARE(taken, 1);
    const qsizetype bodySize = request.size() - headSize;
    QVERIFY2(
        reader.scanned() <= 3 * bodySize,
        qPrintable(QStringLiteral("%1 bytes scanned for a body of %2").arg(reader.scanned()).arg(bodySize)));
}

void TestHttpWire::chunkedBodyRawBytesAreBounded()
{
    // One-byte chunks behind long extensions: little body, many raw bytes. Refused (413) once the
    // raw bytes pass kMaxChunked, however few of them were data.
    HttpRequestReader reader;
    HttpRequest r;
    reader.feed("POST /x HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n");
    QCOMPARE(reader.next(&r), State::NeedMore);
    const QByteArray chunk = "1;e=" + QByteArray(1000, 'e') + "\r\nx\r\n";
    QByteArray block;
    while (block.size() < 1024 * 1024)
        block += chunk;
    qsizetype fed = 0;
    State s = State::NeedMore;
    while (s == State::NeedMore && fed <= HttpRequestReader::kMaxChunked + 2 * block.size()) {
        reader.feed(block);
        fed += block.size();
        s = reader.next(&r);
    }
    QCOMPARE(s, State::Bad);
    QCOMPARE(reader.badStatus(), 413);
    QVERIFY(fed <= HttpRequestReader::kMaxChunked + block.size());
}

void TestHttpWire::answerIsOnePiece()
{
    using RestoreDesk::Sandbox::httpAnswer;
    QCOMPARE(
        httpAnswer(200, { { "Content-Type", "application/json" }, { "Date", "D" } }, "{}"),
        QByteArray(
            "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nDate: D\r\nContent-Length: 2\r\n\r\n{}"));
    QCOMPARE(httpAnswer(429, {}, "x"),
             QByteArray("HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/octet-stream\r\n"
                        "Content-Length: 1\r\n\r\nx"));
    QCOMPARE(httpAnswer(204, {}, {}), QByteArray("HTTP/1.1 204 No Content\r\nContent-Length: 0\r\n\r\n"));
    // A large body is written after its head rather than copied behind it: the same bytes.
    using RestoreDesk::Sandbox::httpAnswerHead;
    const QByteArray large(100000, 'x');
    const QList<QPair<QByteArray, QByteArray>> headers { { "Content-Type", "application/json" } };
    QCOMPARE(httpAnswerHead(200, headers, large) + large, httpAnswer(200, headers, large));
    QVERIFY(httpAnswerHead(200, headers, large).endsWith("Content-Length: 100000\r\n\r\n"));
}

QTEST_GUILESS_MAIN(TestHttpWire)
#include "tst_httpwire.moc"
