// A request that must not be repeated (the restore submit: Request::sendOnce) over HTTP/2, as
// QNetworkAccessManager uses it against an HTTPS API that offers h2 (ALPN). Against a real h2-only
// server (Node's http2, TLS with a certificate made here) on loopback: the submit goes out once
// and is answered over HTTP/2; when the connection is reset after the server read the request, the
// server sends GOAWAY refusing the stream unprocessed (a graceful shutdown: RFC 9113 §6.8 lets a
// client retry such a stream), or sends GOAWAY and cuts the connection at once, the job reports a
// network error and the server has still seen the request exactly once — the network stack sent
// nothing again. A graceful GOAWAY still lets the streams before the refused one be answered. The
// same holds for
// a plain (buffered, rewindable) body: Qt's HTTP/2 handler never re-sends a stream; this test pins
// that, so a Qt that starts to would be caught here (the HTTP/1.1 side is the unbuffered body's job,
// tested against the sandbox's lost answers).
#include "core/networkjob.h"
#include "testprocesses.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>
#include <QUuid>

#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

// A self-signed P-256 certificate for 127.0.0.1 (subjectAltName IP), valid for an hour.
bool writeCertificate(const QString &keyFile, const QString &certFile)
{
    EVP_PKEY *key = EVP_EC_gen("P-256");
    X509 *x = X509_new();
    bool ok = key && x;
    ok = ok && X509_set_version(x, 2) == 1;
    ok = ok && ASN1_INTEGER_set(X509_get_serialNumber(x), 1) == 1;
    ok = ok && X509_gmtime_adj(X509_getm_notBefore(x), -60) && X509_gmtime_adj(X509_getm_notAfter(x), 3600);
    ok = ok && X509_set_pubkey(x, key) == 1;
    X509_NAME *name = ok ? X509_get_subject_name(x) : nullptr;
    ok = ok
        && X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC,
                                      reinterpret_cast<const unsigned char *>("127.0.0.1"), -1, -1, 0)
            == 1;
    ok = ok && X509_set_issuer_name(x, name) == 1;
    if (ok) {
        X509V3_CTX ctx;
        X509V3_set_ctx_nodb(&ctx);
        X509V3_set_ctx(&ctx, x, x, nullptr, nullptr, 0);
        X509_EXTENSION *san
            = X509V3_EXT_conf_nid(nullptr, &ctx, NID_subject_alt_name, const_cast<char *>("IP:127.0.0.1"));
        ok = san && X509_add_ext(x, san, -1) == 1;
        X509_EXTENSION_free(san);
    }
    ok = ok && X509_sign(x, key, EVP_sha256()) > 0;
    if (ok) {
        BIO *k = BIO_new_file(qPrintable(keyFile), "w");
        BIO *c = BIO_new_file(qPrintable(certFile), "w");
        ok = k && c && PEM_write_bio_PrivateKey(k, key, nullptr, nullptr, 0, nullptr, nullptr) == 1
            && PEM_write_bio_X509(c, x) == 1;
        BIO_free(k);
        BIO_free(c);
    }
    X509_free(x);
    EVP_PKEY_free(key);
    return ok;
}

} // namespace

class TestHttp2SendOnce : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void answeredOverHttp2();
    void lostAnswerIsNeverSentAgain_data();
    void lostAnswerIsNeverSentAgain();
    void goawayLetsTheStreamsBeforeItEnd();

private:
    struct Outcome
    {
        Result<Net::Response> result = Error();
        QList<QJsonObject> seen; // what the server read, in order
    };
    // Sends a request; `result` is filled and `done` set when its job reports (owned by `owner`).
    void send(const QString &path, bool sendOnce, QObject *owner, Result<Net::Response> *result, bool *done);
    // Sends a request and waits for its job and for a resend, were one made.
    Outcome post(const QString &path, bool sendOnce);
    // The requests the server has read since the last call, in order.
    QList<QJsonObject> seenSinceLast();

    QTemporaryDir m_dir;
    ManagedProcess m_server;
    QNetworkAccessManager m_nam;
    Net::Transport m_transport;
    quint16 m_port = 0;
    int m_seenBefore = 0;
};

void TestHttp2SendOnce::initTestCase()
{
    const QString key = m_dir.filePath(QStringLiteral("key.pem"));
    const QString cert = m_dir.filePath(QStringLiteral("cert.pem"));
    QVERIFY(writeCertificate(key, cert));
    QString error;
    QVERIFY2(m_server.start(nodeExecutable(),
                            { QStringLiteral(RD_TESTS_SUPPORT_DIR "/h2server.js"), QStringLiteral("--key"),
                              key, QStringLiteral("--cert"), cert },
                            QRegularExpression(QStringLiteral("port=(\\d+)")), 20000, &error),
             qPrintable(error));
    m_port = quint16(m_server.readyMatch().captured(1).toUInt());
    const auto tls = Net::Transport::tlsWithBundle(cert);
    QVERIFY(tls);
    m_transport.nam = &m_nam;
    m_transport.tls = tls.value();
    m_transport.timeoutMs = 15000;
}

void TestHttp2SendOnce::send(const QString &path, bool sendOnce, QObject *owner,
                             Result<Net::Response> *result, bool *done)
{
    Net::Request r;
    r.method = "POST";
    r.url = QUrl(QStringLiteral("https://127.0.0.1:%1%2").arg(m_port).arg(path));
    r.setHeader("Content-Type", "application/json");
    r.setHeader("x-ms-client-request-id", QUuid::createUuid().toByteArray(QUuid::WithoutBraces));
    r.body = R"({"properties":{"objectType":"IaasVMRestoreRequest"}})";
    r.sendOnce = sendOnce;
    Net::NetworkJob::start(m_transport, r, owner, [result, done](Result<Net::Response> answer) {
        *result = std::move(answer);
        *done = true;
    });
}

TestHttp2SendOnce::Outcome TestHttp2SendOnce::post(const QString &path, bool sendOnce)
{
    Outcome out;
    bool done = false;
    QObject owner;
    send(path, sendOnce, &owner, &out.result, &done);
    if (!QTest::qWaitFor([&] { return done; }, 20000))
        out.result = Error::make(Error::Kind::Timeout, QStringLiteral("test_timeout"));
    // Time for a resend to reach the server, were one made.
    QTest::qWait(1500);
    out.seen = seenSinceLast();
    return out;
}

QList<QJsonObject> TestHttp2SendOnce::seenSinceLast()
{
    QList<QJsonObject> seen;
    const QList<QByteArray> lines = m_server.standardOutput().split('\n');
    int index = 0;
    for (const QByteArray &line : lines) {
        if (!line.startsWith('{'))
            continue;
        if (index++ >= m_seenBefore)
            seen << QJsonDocument::fromJson(line).object();
    }
    m_seenBefore = index;
    return seen;
}

void TestHttp2SendOnce::answeredOverHttp2()
{
    // The server speaks nothing but h2: an answer at all means QNAM negotiated HTTP/2, and the
    // unbuffered one-shot body goes out whole over it.
    const Outcome o = post(QStringLiteral("/answer"), true);
    QVERIFY2(o.result, qPrintable(o.result ? QString() : o.result.error().toString()));
    QCOMPARE(o.result->status, 202);
    QVERIFY(!o.result->header("Azure-AsyncOperation").isEmpty());
    QCOMPARE(o.seen.size(), 1);
    QCOMPARE(o.seen.first().value(QStringLiteral("method")).toString(), QStringLiteral("POST"));
    QCOMPARE(o.seen.first().value(QStringLiteral("bytes")).toInt(),
             int(qstrlen(R"({"properties":{"objectType":"IaasVMRestoreRequest"}})")));
}

void TestHttp2SendOnce::lostAnswerIsNeverSentAgain_data()
{
    QTest::addColumn<QString>("path");
    QTest::addColumn<bool>("sendOnce");
    QTest::newRow("reset-after-read/send-once") << QStringLiteral("/reset") << true;
    QTest::newRow("reset-after-read/buffered-body") << QStringLiteral("/reset") << false;
    // GOAWAY names the stream before this one as the last processed: this one is refused
    // unprocessed, the one case where HTTP/2 says a client may send it again.
    QTest::newRow("goaway-unprocessed/send-once") << QStringLiteral("/goaway") << true;
    QTest::newRow("goaway-unprocessed/buffered-body") << QStringLiteral("/goaway") << false;
    // GOAWAY, then the connection cut before the answer (a server going away abruptly).
    QTest::newRow("goaway-cut/send-once") << QStringLiteral("/goaway-cut") << true;
    QTest::newRow("goaway-cut/buffered-body") << QStringLiteral("/goaway-cut") << false;
}

void TestHttp2SendOnce::lostAnswerIsNeverSentAgain()
{
    QFETCH(QString, path);
    QFETCH(bool, sendOnce);
    int session = 0;
    if (path == QLatin1String("/goaway")) {
        // A GOAWAY can name no stream as processed only after one (h2server.js): the connection
        // carries an answered request first.
        const Outcome opened = post(QStringLiteral("/answer"), false);
        QVERIFY2(opened.result, qPrintable(opened.result ? QString() : opened.result.error().toString()));
        QCOMPARE(opened.seen.size(), 1);
        session = opened.seen.first().value(QStringLiteral("session")).toInt();
    }
    const Outcome o = post(path, sendOnce);
    QVERIFY2(!o.result, "a lost answer is no answer");
    QCOMPARE(o.result.error().kind, Error::Kind::Network);
    QCOMPARE(o.seen.size(), 1);
    QCOMPARE(o.seen.first().value(QStringLiteral("path")).toString(), path);
    if (session) {
        QCOMPARE(o.seen.first().value(QStringLiteral("session")).toInt(), session);
        QVERIFY(o.seen.first().value(QStringLiteral("stream")).toInt() > 1);
    }
}

// A graceful GOAWAY (RFC 9113 §6.8): the stream in flight before the refused one is still
// answered on the same connection, not cut; the refused one fails and is not sent again.
void TestHttp2SendOnce::goawayLetsTheStreamsBeforeItEnd()
{
    QObject owner;
    Result<Net::Response> held = Error();
    bool heldDone = false;
    send(QStringLiteral("/held"), true, &owner, &held, &heldDone);
    // The server has read it: it answers only after the GOAWAY.
    QVERIFY(QTest::qWaitFor([&] { return m_server.standardOutput().contains("\"path\":\"/held\""); }, 10000));
    Result<Net::Response> refused = Error();
    bool refusedDone = false;
    send(QStringLiteral("/goaway"), true, &owner, &refused, &refusedDone);
    QVERIFY(QTest::qWaitFor([&] { return heldDone && refusedDone; }, 20000));
    QTest::qWait(1500); // time for a resend, were one made
    const QList<QJsonObject> seen = seenSinceLast();

    QVERIFY2(held, qPrintable(held ? QString() : held.error().toString()));
    QCOMPARE(held->status, 202);
    QVERIFY(!refused);
    QCOMPARE(refused.error().kind, Error::Kind::Network);
    QCOMPARE(seen.size(), 2);
    QCOMPARE(seen.at(0).value(QStringLiteral("path")).toString(), QStringLiteral("/held"));
    QCOMPARE(seen.at(1).value(QStringLiteral("path")).toString(), QStringLiteral("/goaway"));
    QCOMPARE(seen.at(1).value(QStringLiteral("session")).toInt(),
             seen.at(0).value(QStringLiteral("session")).toInt());
}

QTEST_GUILESS_MAIN(TestHttp2SendOnce)
#include "tst_http2sendonce.moc"
