// The fault knobs do what they say, measured over many requests against a real socket.
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QTcpSocket>
#include <QTest>
#include <QTimer>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

struct RawReply
{
    int status = 0; // 0: the connection closed without an answer
    QByteArray head;
    QByteArray body;
};

// One request on a connection of its own (never sent again, unlike QNetworkAccessManager's).
RawReply rawExchange(quint16 port, const QByteArray &request)
{
    RawReply reply;
    QTcpSocket socket;
    socket.connectToHost(QHostAddress::LocalHost, port);
    if (!socket.waitForConnected(5000))
        return reply;
    socket.write(request);
    QByteArray data;
    auto complete = [&] {
        data += socket.readAll();
        const int headEnd = int(data.indexOf("\r\n\r\n"));
        if (headEnd > 0) {
            const int at = int(data.toLower().indexOf("content-length: ")); // names: any case
            const int length = at > 0 ? data.mid(at + 16, data.indexOf("\r\n", at) - at - 16).toInt() : 0;
            if (data.size() >= headEnd + 4 + length)
                return true;
        }
        return socket.state() == QAbstractSocket::UnconnectedState;
    };
    // An event loop (not a polling wait) so each exchange costs what the server takes.
    QEventLoop loop;
    QObject::connect(&socket, &QTcpSocket::readyRead, &loop, [&] {
        if (complete())
            loop.quit();
    });
    QObject::connect(&socket, &QTcpSocket::disconnected, &loop, &QEventLoop::quit);
    QTimer::singleShot(10000, &loop, &QEventLoop::quit);
    if (!complete())
        loop.exec();
    data += socket.readAll();
    const int headEnd = int(data.indexOf("\r\n\r\n"));
    if (!data.startsWith("HTTP/1.1 ") || headEnd < 0)
        return reply;
    reply.status = data.mid(9, 3).toInt();
    reply.head = data.left(headEnd + 2);
    reply.body = data.mid(headEnd + 4);
    return reply;
}

RawReply rawGet(quint16 port, const QByteArray &path, const QByteArray &token,
                const QByteArray &requestId = {})
{
    const QByteArray id
        = requestId.isEmpty() ? QByteArray() : "x-ms-client-request-id: " + requestId + "\r\n";
    return rawExchange(port,
                       "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + token
                           + "\r\n" + id + "Connection: close\r\n\r\n");
}

RawReply rawPostForm(quint16 port, const QByteArray &path, const QByteArray &form)
{
    return rawExchange(port,
                       "POST " + path
                           + " HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: "
                             "application/x-www-form-urlencoded\r\nContent-Length: "
                           + QByteArray::number(form.size()) + "\r\nConnection: close\r\n\r\n" + form);
}

} // namespace

class TestSandboxFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void rates_data();
    void rates();
    void faultsPerRequestAreLimited();
    void tokenRequestsCanBeDropped();
    void latencyDelaysEveryAnswer();
    void pagingFollowsNextLink();
    void apiVersionIsRequired();
    void executablePrintsReadyLineAndRefusesBadOptions();
    void executableOpensKeyRotationOnlyWithItsSecret();

private:
    static constexpr int kRequests = 300;
};

void TestSandboxFaults::rates_data()
{
    QTest::addColumn<double>("throttle");
    QTest::addColumn<double>("error");
    QTest::addColumn<double>("drop");
    QTest::newRow("none") << 0.0 << 0.0 << 0.0;
    QTest::newRow("throttle 30%") << 0.3 << 0.0 << 0.0;
    QTest::newRow("errors 20%") << 0.0 << 0.2 << 0.0;
    QTest::newRow("drops 10%") << 0.0 << 0.0 << 0.1;
    QTest::newRow("all three") << 0.2 << 0.1 << 0.1;
}

void TestSandboxFaults::rates()
{
    QFETCH(double, throttle);
    QFETCH(double, error);
    QFETCH(double, drop);
    SandboxHarness sandbox;
    Sandbox::SandboxOptions options;
    options.throttleRate = throttle;
    options.errorRate = error;
    options.dropRate = drop;
    options.seed = 4242;
    QString startError;
    QVERIFY2(sandbox.start(options, &startError), qPrintable(startError));
    const QString token
        = sandbox.signIn(QStringLiteral("carla")).accessToken; // sign-in is exempt from faults
    QVERIFY(!token.isEmpty());
    int throttled = 0;
    int errors = 0;
    int dropped = 0;
    int ok = 0;
    for (int i = 0; i < kRequests; ++i) {
        // One raw HTTP/1.1 exchange per connection: Qt's network access manager silently
        // re-sends a GET whose connection was dropped, which would hide the drops.
        const RawReply r
            = rawGet(sandbox.server().port(), QByteArrayLiteral("/subscriptions?api-version=2022-12-01"),
                     token.toLatin1());
        if (r.status == 429) {
            ++throttled;
            QVERIFY(r.head.toLower().contains("\r\nretry-after: "));
            QVERIFY(r.body.contains("TooManyRequests"));
        } else if (r.status == 500 || r.status == 503) {
            ++errors;
            QVERIFY(r.body.contains("\"error\""));
        } else if (r.status == 0) {
            ++dropped;
        } else {
            QCOMPARE(r.status, 200);
            ++ok;
        }
    }
    // Binomial bounds: expected share ± 4.5 standard deviations (or exactly 0 when off).
    auto within = [](int count, double p) {
        if (p == 0)
            return count == 0;
        const double mean = kRequests * p;
        const double sd = std::sqrt(kRequests * p * (1 - p));
        return std::abs(count - mean) <= 4.5 * sd;
    };
    const QString summary
        = QStringLiteral("ok %1, 429 %2, 5xx %3, dropped %4").arg(ok).arg(throttled).arg(errors).arg(dropped);
    QVERIFY2(within(throttled, throttle), qPrintable(summary));
    QVERIFY2(within(errors, error), qPrintable(summary));
    QVERIFY2(within(dropped, drop), qPrintable(summary));
    QCOMPARE(ok + throttled + errors + dropped, kRequests);
}

void TestSandboxFaults::faultsPerRequestAreLimited()
{
    SandboxHarness sandbox;
    Sandbox::SandboxOptions options;
    options.errorRate = 1.0; // every try faults…
    options.maxFaultsPerRequest = 2; // …but at most twice in a row for one request
    QString startError;
    QVERIFY2(sandbox.start(options, &startError), qPrintable(startError));
    const QByteArray token = sandbox.signIn(QStringLiteral("carla")).accessToken.toLatin1();
    const QByteArray path("/subscriptions?api-version=2022-12-01");
    const quint16 port = sandbox.server().port();
    for (const char *id : { "req-a", "req-b" }) {
        QVERIFY(rawGet(port, path, token, id).status >= 500);
        QVERIFY(rawGet(port, path, token, id).status >= 500);
        QCOMPARE(rawGet(port, path, token, id).status, 200); // the third try of the same request
        QVERIFY(rawGet(port, path, token, id).status >= 500); // a new run of faults
    }
    // Without a request id there is nothing to count by: every try faults.
    for (int i = 0; i < 4; ++i)
        QVERIFY(rawGet(port, path, token).status >= 500);
    // Lifted: every try faults again.
    sandbox.server().setMaxFaultsPerRequest(0);
    for (int i = 0; i < 4; ++i)
        QVERIFY(rawGet(port, path, token, "req-c").status >= 500);
}

// The issuer's token endpoint fails only when asked, and for as many requests as asked: a
// renewal that meets the network, while the rate knobs leave sign-in alone.
void TestSandboxFaults::tokenRequestsCanBeDropped()
{
    SandboxHarness sandbox;
    QString startError;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &startError), qPrintable(startError));
    const SandboxHarness::Tokens first = sandbox.signIn(QStringLiteral("carla"));
    QVERIFY(!first.refreshToken.isEmpty());
    sandbox.server().dropTokenRequests(2);
    QCOMPARE(sandbox.server().tokenRequestsToDrop(), 2);
    const QByteArray tokenPath = QUrl(sandbox.issuer() + QStringLiteral("/token")).path().toLatin1();
    const QByteArray form = "grant_type=refresh_token&client_id=restoredesk&refresh_token="
        + QUrl::toPercentEncoding(first.refreshToken);
    // The API is not touched by it.
    QCOMPARE(
        rawGet(sandbox.server().port(), "/subscriptions?api-version=2022-12-01", first.accessToken.toLatin1())
            .status,
        200);
    for (int i = 0; i < 2; ++i)
        QCOMPARE(rawPostForm(sandbox.server().port(), tokenPath, form).status, 0); // no answer at all
    QCOMPARE(sandbox.server().tokenRequestsToDrop(), 0);
    const SandboxHarness::Tokens renewed = sandbox.refresh(first.refreshToken);
    QVERIFY2(renewed.error.isEmpty(), qPrintable(renewed.error));
    QVERIFY(!renewed.accessToken.isEmpty());
}

void TestSandboxFaults::latencyDelaysEveryAnswer()
{
    SandboxHarness sandbox;
    Sandbox::SandboxOptions options;
    options.latencyMs = 120;
    QString error;
    QVERIFY2(sandbox.start(options, &error), qPrintable(error));
    const QString token = sandbox.signIn(QStringLiteral("rita")).accessToken;
    for (int i = 0; i < 10; ++i) {
        QElapsedTimer timer;
        timer.start();
        QCOMPARE(sandbox.get(QStringLiteral("/subscriptions?api-version=2022-12-01"), token).status, 200);
        QVERIFY2(timer.elapsed() >= 115, qPrintable(QString::number(timer.elapsed()))); // a lower bound only
    }
}

void TestSandboxFaults::pagingFollowsNextLink()
{
    SandboxHarness sandbox;
    Sandbox::SandboxOptions options;
    options.pageSize = 7;
    QString error;
    QVERIFY2(sandbox.start(options, &error), qPrintable(error));
    const QString token = sandbox.signIn(QStringLiteral("carla")).accessToken;
    const QString item = kProdWeu + QStringLiteral("/backupProtectedItems?api-version=2026-02-01");
    // Every page, in order, by nextLink: the ids as listed, and how many pages.
    auto walk = [&](const QString &first, int *pages) {
        QStringList ids;
        QString next = first;
        *pages = 0;
        while (!next.isEmpty() && *pages < 20) {
            const auto r = sandbox.get(next, token);
            if (r.status != 200)
                return QStringList { QStringLiteral("HTTP %1").arg(r.status) };
            for (const QJsonValue &v : r.json.value(QStringLiteral("value")).toArray())
                ids << v.toObject().value(QStringLiteral("id")).toString();
            next = r.json.value(QStringLiteral("nextLink")).toString();
            ++*pages;
        }
        return ids;
    };
    int pages = 0;
    const QStringList ids = walk(item, &pages);
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 11); // every item exactly once
    QCOMPARE(ids.size(), 11);
    QCOMPARE(pages, 2);
    // Other windows over the same list give the same items in the same order.
    QCOMPARE(walk(item + QStringLiteral("&$top=3"), &pages), ids);
    QCOMPARE(pages, 4);
    QCOMPARE(walk(item + QStringLiteral("&$top=5"), &pages), ids);
    QCOMPARE(pages, 3);
    auto skip = [&](int offset) {
        return item + QStringLiteral("&$skipToken=")
            + QString::fromLatin1(
                   QByteArray("o:" + QByteArray::number(offset))
                       .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    };
    QCOMPARE(walk(skip(9), &pages), ids.mid(9));
    const auto end = sandbox.get(skip(11), token); // at the end: an empty last page
    QCOMPARE(end.status, 200);
    QVERIFY(end.json.value(QStringLiteral("value")).toArray().isEmpty());
    QVERIFY(!end.json.contains(QStringLiteral("nextLink")));
    QCOMPARE(sandbox.get(skip(12), token).status, 400); // past the end
    QCOMPARE(sandbox.get(item + QStringLiteral("&$skipToken=garbage"), token).status, 400);
}

void TestSandboxFaults::apiVersionIsRequired()
{
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    const QString token = sandbox.signIn(QStringLiteral("carla")).accessToken;
    auto r = sandbox.get(QStringLiteral("/subscriptions"), token);
    QCOMPARE(r.status, 400);
    QCOMPARE(r.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("MissingApiVersionParameter"));
    r = sandbox.get(QStringLiteral("/subscriptions?api-version=1999-01-01"), token);
    QCOMPARE(r.json.value(QStringLiteral("error")).toObject().value(QStringLiteral("code")).toString(),
             QStringLiteral("InvalidApiVersionParameter"));
    r = sandbox.get(QStringLiteral("/SUBSCRIPTIONS?api-version=2022-12-01"), token); // routes ignore case
    QCOMPARE(r.status, 200);
    r = sandbox.get(QStringLiteral("/nowhere/at/all?api-version=2022-12-01"), token);
    QCOMPARE(r.status, 404);
    QVERIFY(r.json.value(QStringLiteral("error")).toObject().contains(QStringLiteral("message")));
    QVERIFY(!r.header("x-ms-request-id").isEmpty());
    r = sandbox.get(
        QStringLiteral("/subscriptions?api-version=2022-12-01"), token,
        { { "x-ms-correlation-request-id", "corr-42" }, { "x-ms-client-request-id", "client-7" } });
    QCOMPARE(r.header("x-ms-correlation-request-id"), QByteArray("corr-42"));
    QCOMPARE(r.header("x-ms-client-request-id"), QByteArray("client-7"));
    QVERIFY(!r.header("x-ms-ratelimit-remaining-subscription-reads").isEmpty());
}

void TestSandboxFaults::executablePrintsReadyLineAndRefusesBadOptions()
{
    QProcess sandbox;
    sandbox.start(QStringLiteral(RD_SANDBOX_BINARY), { QStringLiteral("--port"), QStringLiteral("0") });
    QVERIFY(sandbox.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.canReadLine(), 20000);
    const QString line = QString::fromUtf8(sandbox.readLine()).trimmed();
    QVERIFY2(QRegularExpression(
                 QStringLiteral("^issuer=http://127\\.0\\.0\\.1:\\d+/oidc api=http://127\\.0\\.0\\.1:\\d+$"))
                 .match(line)
                 .hasMatch(),
             qPrintable(line));
    sandbox.terminate();
    QVERIFY(sandbox.waitForFinished(5000));
    QCOMPARE(sandbox.exitCode(), 0);

    QProcess bad;
    bad.start(QStringLiteral(RD_SANDBOX_BINARY), { QStringLiteral("--throttle-rate"), QStringLiteral("2") });
    QVERIFY(bad.waitForFinished(10000));
    QCOMPARE(bad.exitCode(), 2);
    QVERIFY(bad.readAllStandardError().contains("--throttle-rate"));

    QProcess help;
    help.start(QStringLiteral(RD_SANDBOX_BINARY), { QStringLiteral("--help") });
    QVERIFY(help.waitForFinished(10000));
    QCOMPARE(help.exitCode(), 0);
    const QByteArray usage = help.readAllStandardOutput();
    for (const char *option :
         { "--port", "--latency", "--throttle-rate", "--error-rate", "--drop-rate", "--token-lifetime",
           "--page-size", "--job-duration", "--scale", "--trust-issuer", "--data", "--max-faults-per-request",
           "--job-listing-delay" })
        QVERIFY2(usage.contains(option), option);
}

void TestSandboxFaults::executableOpensKeyRotationOnlyWithItsSecret()
{
    QProcess sandbox;
    sandbox.start(QStringLiteral(RD_SANDBOX_BINARY),
                  { QStringLiteral("--port"), QStringLiteral("0"), QStringLiteral("--allow-key-rotation") });
    QVERIFY(sandbox.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(sandbox.canReadLine(), 20000);
    const QString ready = QString::fromUtf8(sandbox.readLine()).trimmed();
    const QString issuer = ready.section(QLatin1Char(' '), 0, 0).section(QLatin1Char('='), 1);
    QVERIFY2(issuer.startsWith(QStringLiteral("http://127.0.0.1:")), qPrintable(ready));
    // The secret is on standard error, written before the ready line.
    const QString err = QString::fromUtf8(sandbox.readAllStandardError());
    const auto m
        = QRegularExpression(QStringLiteral("rotate-keys with X-Sandbox-Admin-Key: ([A-Za-z0-9_-]{43})"))
              .match(err);
    QVERIFY2(m.hasMatch(), qPrintable(err));

    QNetworkAccessManager nam;
    auto post = [&nam](const QString &issuerUrl, const QByteArray &secret) {
        QNetworkRequest request(QUrl(issuerUrl + QStringLiteral("/rotate-keys")));
        if (!secret.isEmpty())
            request.setRawHeader("X-Sandbox-Admin-Key", secret);
        QNetworkReply *reply = nam.post(request, QByteArray());
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(10000, &loop, &QEventLoop::quit);
        loop.exec();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        reply->deleteLater();
        return status;
    };
    QCOMPARE(post(issuer, QByteArray()), 403);
    QCOMPARE(post(issuer, m.captured(1).toLatin1()), 200);
    sandbox.terminate();
    QVERIFY(sandbox.waitForFinished(5000));

    // Without the flag the route does not exist and no secret is printed.
    QProcess closed;
    closed.start(QStringLiteral(RD_SANDBOX_BINARY), { QStringLiteral("--port"), QStringLiteral("0") });
    QVERIFY(closed.waitForStarted());
    QTRY_VERIFY_WITH_TIMEOUT(closed.canReadLine(), 20000);
    const QString closedIssuer = QString::fromUtf8(closed.readLine())
                                     .trimmed()
                                     .section(QLatin1Char(' '), 0, 0)
                                     .section(QLatin1Char('='), 1);
    QVERIFY(!closed.readAllStandardError().contains("rotate-keys"));
    QCOMPARE(post(closedIssuer, m.captured(1).toLatin1()), 404);
    closed.terminate();
    QVERIFY(closed.waitForFinished(5000));
}

QTEST_GUILESS_MAIN(TestSandboxFaults)
#include "tst_sandbox_faults.moc"
