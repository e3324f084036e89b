// The loopback client's answer reader: what it takes, what it refuses, and that the same bytes
// give the same answer whole, one byte at a time, and cut anywhere.
#include "core/httpresponsereader.h"

#include <QRandomGenerator>
#include <QTest>

#include <algorithm>
#include <cstring>

using namespace RestoreDesk::Net;
using State = HttpResponseReader::State;

namespace {

struct Read
{
    State state = State::NeedMore;
    int status = 0;
    QByteArray body;
    HttpResponseReader::Headers headers;
    bool reusable = false;
    qsizetype extra = 0;
    bool tooLarge = false;
    QString why;
};

// Feeds `bytes` cut at `cuts` (sorted offsets), then, when asked, says the peer closed.
Read readIn(const QByteArray &bytes, const QList<qsizetype> &cuts, bool close, qint64 maxBody, bool head)
{
    HttpResponseReader r(maxBody, head);
    qsizetype at = 0;
    for (qsizetype cut : cuts) {
        r.feed(QByteArrayView(bytes).sliced(at, cut - at));
        at = cut;
    }
    r.feed(QByteArrayView(bytes).sliced(at));
    if (close)
        r.closed();
    Read out;
    out.state = r.state();
    out.why = r.why();
    out.tooLarge = r.bodyTooLarge();
    if (r.state() == State::Response) {
        out.status = r.status();
        out.body = r.takeBody();
        out.headers = r.headers();
        out.reusable = r.reusable();
        out.extra = r.extraBytes();
    }
    return out;
}

} // namespace

class TestHttpResponseReader : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void reads_data();
    void reads();
    void refuses_data();
    void refuses();
    void sameInAnyCuts_data();
    void sameInAnyCuts();
    void bodyLimit();
    void interimAnswersAreBounded();
    void chunkSizeCannotOverflow();
    void headLimitHoldsWithoutALineEnd();
};

void TestHttpResponseReader::reads_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("close"); // the peer closes after the bytes
    QTest::addColumn<bool>("head"); // the answer to a HEAD request
    QTest::addColumn<int>("status");
    QTest::addColumn<QByteArray>("body");
    QTest::addColumn<bool>("reusable");

    QTest::newRow("length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello") << false
                            << false << 200 << QByteArray("hello") << true;
    QTest::newRow("no-reason") << QByteArray("HTTP/1.1 204\r\n\r\n") << false << false << 204 << QByteArray()
                               << true;
    QTest::newRow("bare-lf") << QByteArray("HTTP/1.1 200 OK\nContent-Length: 2\n\nok") << false << false
                             << 200 << QByteArray("ok") << true;
    QTest::newRow("chunked") << QByteArray("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                                           "5;ext=1\r\nhello\r\n6\r\n world\r\n0\r\nX-T: 1\r\n\r\n")
                             << false << false << 200 << QByteArray("hello world") << true;
    QTest::newRow("until-close") << QByteArray("HTTP/1.1 200 OK\r\n\r\nall of it") << true << false << 200
                                 << QByteArray("all of it") << false;
    QTest::newRow("http-1.0") << QByteArray("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok") << false
                              << false << 200 << QByteArray("ok") << false;
    QTest::newRow("connection-close")
        << QByteArray("HTTP/1.1 200 OK\r\nConnection: keep-alive, Close\r\nContent-Length: 2\r\n\r\nok")
        << false << false << 200 << QByteArray("ok") << false;
    QTest::newRow("te-and-length") << QByteArray(
        "HTTP/1.1 200 OK\r\nContent-Length: 99\r\nTransfer-Encoding: "
        "chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n")
                                   << false << false << 200 << QByteArray("ok") << false;
    QTest::newRow("head-ignores-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 500\r\n\r\n")
                                         << false << true << 200 << QByteArray() << true;
    QTest::newRow("304-no-body") << QByteArray("HTTP/1.1 304 Not Modified\r\nContent-Length: 10\r\n\r\n")
                                 << false << false << 304 << QByteArray() << true;
    QTest::newRow("interim-skipped") << QByteArray(
        "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 103 Early\r\nLink: x\r\n\r\n"
        "HTTP/1.1 201 Created\r\nContent-Length: 2\r\n\r\n{}")
                                     << false << false << 201 << QByteArray("{}") << true;
    QTest::newRow("same-lengths") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 2, 2\r\n\r\nok") << false
                                  << false << 200 << QByteArray("ok") << true;
    QTest::newRow("folded-field") << QByteArray(
        "HTTP/1.1 200 OK\r\nX-A: one\r\n  two\r\nContent-Length: 0\r\n\r\n")
                                  << false << false << 200 << QByteArray() << true;
    QTest::newRow("zero-length") << QByteArray("HTTP/1.1 500 Oops\r\nContent-Length: 0\r\n\r\n") << false
                                 << false << 500 << QByteArray() << true;
}

void TestHttpResponseReader::reads()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, close);
    QFETCH(bool, head);
    QFETCH(int, status);
    QFETCH(QByteArray, body);
    QFETCH(bool, reusable);
    const Read r = readIn(bytes, {}, close, 1024, head);
    QVERIFY2(r.state == State::Response, qPrintable(r.why));
    QCOMPARE(r.status, status);
    QCOMPARE(r.body, body);
    QCOMPARE(r.reusable, reusable);
    QCOMPARE(r.extra, 0);
}

void TestHttpResponseReader::refuses_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<bool>("close");

    QTest::newRow("not-http") << QByteArray("SSH-2.0-OpenSSH\r\n\r\n") << false;
    QTest::newRow("http-2-line") << QByteArray("HTTP/2 200\r\n\r\n") << false;
    QTest::newRow("short-status") << QByteArray("HTTP/1.1 20\r\n\r\n") << false;
    QTest::newRow("status-below-100") << QByteArray("HTTP/1.1 099 X\r\n\r\n") << false;
    QTest::newRow("letters-in-status") << QByteArray("HTTP/1.1 2x0 X\r\n\r\n") << false;
    QTest::newRow("switching-protocols")
        << QByteArray("HTTP/1.1 101 Switching\r\nUpgrade: h2c\r\n\r\n") << false;
    QTest::newRow("space-before-colon") << QByteArray("HTTP/1.1 200 OK\r\nX-A : b\r\n\r\n") << false;
    QTest::newRow("no-colon") << QByteArray("HTTP/1.1 200 OK\r\nnonsense\r\n\r\n") << false;
    QTest::newRow("bare-cr-in-value")
        << QByteArray("HTTP/1.1 200 OK\r\nX-A: b\rInjected: 1\r\n\r\n") << false;
    QTest::newRow("nul-in-value") << QByteArray("HTTP/1.1 200 OK\r\nX-A: b\0c\r\n\r\n", 29) << false;
    QTest::newRow("fold-first") << QByteArray("HTTP/1.1 200 OK\r\n folded\r\n\r\n") << false;
    QTest::newRow("signed-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: +5\r\n\r\nhello")
                                   << false;
    QTest::newRow("hex-length") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 0x5\r\n\r\nhello") << false;
    QTest::newRow("two-lengths") << QByteArray(
        "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Length: 3\r\n\r\nok!")
                                 << false;
    QTest::newRow("gzip-coding") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n0\r\n\r\n")
                                 << false;
    QTest::newRow("chunk-not-hex") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n")
                                   << false;
    QTest::newRow("chunk-overrun") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nokX\r\n")
                                   << false;
    QTest::newRow("bad-trailer") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n0\r\nbad\r\n\r\n")
                                 << false;
    QTest::newRow("cut-in-head") << QByteArray("HTTP/1.1 200 OK\r\nContent-Le") << true;
    QTest::newRow("cut-in-body") << QByteArray("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nhalf") << true;
    QTest::newRow("cut-in-chunks") << QByteArray(
        "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n4\r\nhalf")
                                   << true;
    QTest::newRow("nothing") << QByteArray() << true;
}

void TestHttpResponseReader::refuses()
{
    QFETCH(QByteArray, bytes);
    QFETCH(bool, close);
    const Read r = readIn(bytes, {}, close, 1024, false);
    QCOMPARE(r.state, State::Bad);
    QVERIFY(!r.why.isEmpty());
    QVERIFY(!r.tooLarge);
}

void TestHttpResponseReader::sameInAnyCuts_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QByteArray big;
    for (int i = 0; big.size() < 200000; ++i)
        big += QByteArray::number(i) + ',';
    QByteArray chunked;
    for (qsizetype at = 0; at < big.size(); at += 7001)
        chunked += QByteArray::number(big.mid(at, 7001).size(), 16) + "\r\n" + big.mid(at, 7001) + "\r\n";
    QTest::newRow("length") << "HTTP/1.1 200 OK\r\nX-Id: 1\r\nContent-Length: "
            + QByteArray::number(big.size()) + "\r\n\r\n" + big;
    QTest::newRow("chunked") << "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n" + chunked
            + "0\r\nX-Trailer: yes\r\n\r\n";
    QTest::newRow("interim-then-length") << "HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: "
            + QByteArray::number(big.size()) + "\r\n\r\n" + big;
}

void TestHttpResponseReader::sameInAnyCuts()
{
    QFETCH(QByteArray, bytes);
    const qint64 max = 1024 * 1024;
    const Read whole = readIn(bytes, {}, false, max, false);
    QVERIFY2(whole.state == State::Response, qPrintable(whole.why));
    // One byte at a time over the head and the start of the body.
    QList<qsizetype> bytewise;
    for (qsizetype i = 1; i < qMin<qsizetype>(bytes.size(), 400); ++i)
        bytewise << i;
    const Read slow = readIn(bytes, bytewise, false, max, false);
    QCOMPARE(slow.state, State::Response);
    QCOMPARE(slow.body, whole.body);
    QCOMPARE(slow.headers, whole.headers);
    QRandomGenerator random(20261202);
    for (int round = 0; round < 50; ++round) {
        QList<qsizetype> cuts;
        for (int i = 0; i < 12; ++i)
            cuts << qsizetype(random.bounded(quint64(bytes.size())));
        std::sort(cuts.begin(), cuts.end());
        const Read cut = readIn(bytes, cuts, false, max, false);
        QCOMPARE(cut.state, State::Response);
        QVERIFY(cut.body == whole.body);
        QCOMPARE(cut.headers, whole.headers);
        QCOMPARE(cut.reusable, whole.reusable);
    }
    // Read as the loopback client reads: whatever comes first through feed(), the rest of a body
    // of known length straight into its place, a few bytes at a time.
    {
        HttpResponseReader r(max, false);
        qsizetype at = 0;
        while (at < bytes.size() && r.state() == State::NeedMore) {
            qsizetype room = 0;
            if (char *space = r.bodySpace(&room)) {
                const qsizetype n = std::min<qsizetype>({ room, bytes.size() - at, qsizetype(4093) });
                std::memcpy(space, bytes.constData() + at, size_t(n));
                r.bodyFilled(n);
                at += n;
                continue;
            }
            const qsizetype n = qMin<qsizetype>(bytes.size() - at, 777);
            r.feed(QByteArrayView(bytes).sliced(at, n));
            at += n;
        }
        QCOMPARE(r.state(), State::Response);
        QVERIFY(r.takeBody() == whole.body);
        QCOMPARE(r.headers(), whole.headers);
    }
    // Bytes after a whole answer are counted, never read as part of it.
    const Read extra = readIn(bytes + "HTTP/1.1 200 OK\r\n", {}, false, max, false);
    QCOMPARE(extra.state, State::Response);
    QCOMPARE(extra.extra, 17);
    QVERIFY(!extra.reusable);
}

void TestHttpResponseReader::bodyLimit()
{
    // By the length, before a byte of the body; and as a body without a length grows.
    Read r = readIn("HTTP/1.1 200 OK\r\nContent-Length: 1001\r\n\r\n", {}, false, 1000, false);
    QCOMPARE(r.state, State::Bad);
    QVERIFY(r.tooLarge);
    r = readIn("HTTP/1.1 200 OK\r\n\r\n" + QByteArray(1001, 'x'), { 30, 500 }, false, 1000, false);
    QCOMPARE(r.state, State::Bad);
    QVERIFY(r.tooLarge);
    r = readIn("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3e9\r\n", {}, false, 1000, false);
    QCOMPARE(r.state, State::Bad);
    QVERIFY(r.tooLarge);
    r = readIn("HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n" + QByteArray(1000, 'x'), {}, false, 1000,
               false);
    QCOMPARE(r.state, State::Response);
    QCOMPARE(r.body.size(), 1000);
}

void TestHttpResponseReader::interimAnswersAreBounded()
{
    QByteArray bytes;
    for (int i = 0; i <= HttpResponseReader::kMaxInterim; ++i)
        bytes += "HTTP/1.1 100 Continue\r\n\r\n";
    const Read r = readIn(bytes + "HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", {}, false, 1000, false);
    QCOMPARE(r.state, State::Bad);
}

void TestHttpResponseReader::chunkSizeCannotOverflow()
{
    // 2^64 + 2 in hex: a reader that overflows sees a chunk of 2 bytes.
    const Read r
        = readIn("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10000000000000002\r\nok\r\n0\r\n\r\n",
                 {}, false, 1000, false);
    QCOMPARE(r.state, State::Bad);
}

void TestHttpResponseReader::headLimitHoldsWithoutALineEnd()
{
    // A head that never ends its line is refused once it passes the limit, not kept growing.
    HttpResponseReader r(1000, false);
    r.feed("HTTP/1.1 200 OK\r\nX-Long: ");
    const QByteArray piece(8192, 'a');
    State s = State::NeedMore;
    for (int i = 0; i < 20 && s == State::NeedMore; ++i)
        s = r.feed(piece);
    QCOMPARE(s, State::Bad);
}

QTEST_GUILESS_MAIN(TestHttpResponseReader)
#include "tst_httpresponsereader.moc"
