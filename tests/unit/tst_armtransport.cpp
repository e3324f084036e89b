// The ARM transport against a canned server: the token only to its origin (nextLink and
// polling URLs on another origin are not followed), one renewal on 401, retries with backoff
// and Retry-After within a per-call limit and a client-wide budget, ids on every error, the
// concurrency bound, and paging.

#include "arm/armclient.h"
#include "arm/armerrors.h"
#include "arm/nextlinkscan.h"
#include "cannedhttpserver.h"
#include "core/qtcompat.h"

#include <QDateTime>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QScopeGuard>
#include <QSemaphore>
#include <QTest>
#include <QThreadPool>

using namespace RestoreDesk;
using namespace RestoreDesk::Arm;
using RestoreDesk::Test::CannedHttpServer;

namespace {

// A token source that renews by handing out the next token of a list.
class FakeTokens final : public TokenProvider
{
public:
    QByteArray token = "token-1";
    int renewals = 0;
    bool refuse = false;
    QByteArray accessToken() const override { return token; }
    void renew(const QByteArray &, std::function<void(Result<void>)> done) override
    {
        ++renewals;
        if (refuse)
            return done(Error::make(Error::Kind::Auth, QStringLiteral("invalid_grant")));
        token = "token-" + QByteArray::number(renewals + 1);
        done(Result<void>());
    }
};

QByteArray json(const QJsonObject &o)
{
    return QJsonDocument(o).toJson(QJsonDocument::Compact);
}

} // namespace

class TestArmTransport : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void init();
    void pathsGetApiVersionAndIds();
    void nextLinkOnAnotherOriginIsNotFollowed();
    void pollingUrlOnAnotherOriginIsRefused();
    void redirectIsAnErrorNeverFollowed_data();
    void redirectIsAnErrorNeverFollowed();
    void pagingFollowsEveryNextLink();
    void repeatingNextLinkIsAnError();
    void nextLinkBackToTheFirstPageIsCaughtBeforeItRepeats_data();
    void nextLinkBackToTheFirstPageIsCaughtBeforeItRepeats();
    void endlessListStopsAtASanePageCap();
    void nextLinkOfTheWrongTypeIsAMalformedPage_data();
    void nextLinkOfTheWrongTypeIsAMalformedPage();
    void unauthorizedRenewsOnceThenRetries();
    void unauthorizedTwiceFails();
    void aTokenThatExpiresWhileACallWaitsIsRenewedAgain_data();
    void aTokenThatExpiresWhileACallWaitsIsRenewedAgain();
    void throttledHonoursRetryAfter();
    void throttledBeyondLimitFailsWithItsWait();
    void retryAfterDateCountsFromTheAnswersOwnDate_data();
    void retryAfterDateCountsFromTheAnswersOwnDate();
    void retryAfterDateWithoutDateIsNeverEarly_data();
    void retryAfterDateWithoutDateIsNeverEarly();
    void serverErrorsRetriedForGetNotForPost();
    void lostConnectionRetriedWithSameClientRequestId();
    void retryBudgetStopsAStorm();
    void errorsKeepTheServiceIds();
    void errorsAboutAnAnswerKeepItsIds();
    void concurrencyIsBoundedPerHost();
    void requestsOneAfterAnotherShareOneConnection();
    void defaultBoundIsReachedAndHeld();
    void aListingsNextPageGoesAheadOfNewRequests();
    void aLongPagesLinkIsReadFromItsEnds_data();
    void aLongPagesLinkIsReadFromItsEnds();
    void aLinkNamedTwiceIsTheParsedPagesLink_data();
    void aLinkNamedTwiceIsTheParsedPagesLink();
    void aSlotIsFreeWhileItsAnswerIsRead_data();
    void aSlotIsFreeWhileItsAnswerIsRead();
    void ownerDeathCancelsCalls();
    void clientDeathCancelsQueuedAndRunningCalls();

private:
    std::unique_ptr<CannedHttpServer> m_server;
    std::unique_ptr<CannedHttpServer> m_foreign;
    std::unique_ptr<QNetworkAccessManager> m_nam;
    std::unique_ptr<FakeTokens> m_tokens;
    std::unique_ptr<ArmClient> m_arm;
    QObject m_owner;
};

void TestArmTransport::init()
{
    m_arm.reset();
    m_server = std::make_unique<CannedHttpServer>();
    m_foreign = std::make_unique<CannedHttpServer>();
    QVERIFY(m_server->start());
    QVERIFY(m_foreign->start());
    m_nam = std::make_unique<QNetworkAccessManager>();
    m_tokens = std::make_unique<FakeTokens>();
    Net::Transport t;
    t.nam = m_nam.get();
    m_arm = std::make_unique<ArmClient>(t, m_tokens.get(), m_server->url(QString()));
    ArmClient::Options o;
    o.baseDelayMs = 10;
    o.maxDelayMs = 50;
    m_arm->setOptions(o);
    m_arm->setRandomSeed(7);
    m_foreign->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
}

void TestArmTransport::pathsGetApiVersionAndIds()
{
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, R"({"a":1})"); });
    std::optional<Result<ArmResponse>> r;
    m_arm->get(QStringLiteral("/subscriptions"), QStringLiteral("2022-12-01"), &m_owner,
               [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QVERIFY(r->ok());
    QCOMPARE(r->value().body.value(QStringLiteral("a")).toInt(), 1);
    const auto &seen = m_server->requests().first();
    QCOMPARE(seen.target, QByteArray("/subscriptions?api-version=2022-12-01"));
    QCOMPARE(seen.headers.value("authorization"), QByteArray("Bearer token-1"));
    QVERIFY(!seen.headers.value("x-ms-client-request-id").isEmpty());
    QVERIFY(!seen.headers.value("x-ms-correlation-request-id").isEmpty());
    QCOMPARE(QString::fromLatin1(seen.headers.value("x-ms-client-request-id")), r->value().clientRequestId);
}

// Defect: the bearer token went to any absolute URL a page named.
void TestArmTransport::nextLinkOnAnotherOriginIsNotFollowed()
{
    const QString foreign = m_foreign->url(QStringLiteral("/steal?page=2")).toString();
    m_server->setHandler([foreign](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200,
                                          json({ { QStringLiteral("value"), QJsonArray { 1, 2 } },
                                                 { QStringLiteral("nextLink"), foreign } }));
    });
    std::optional<Result<QJsonArray>> all;
    int pages = 0;
    m_arm->list(
        QStringLiteral("/things"), QStringLiteral("1"), &m_owner, [&](const QJsonArray &, int) { ++pages; },
        [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(!all->ok());
    QCOMPARE(all->error().code, QString(Net::Codes::ForeignOrigin));
    QVERIFY2(all->error().args.first().contains(QString::number(m_foreign->serverPort())),
             qPrintable(all->error().args.join(QLatin1Char(' '))));
    QCOMPARE(pages, 1);
    QVERIFY(m_foreign->requests().isEmpty()); // nothing, and certainly no token, went there
}

void TestArmTransport::pollingUrlOnAnotherOriginIsRefused()
{
    std::optional<Result<ArmResponse>> r;
    m_arm->get(m_foreign->url(QStringLiteral("/operations/1")).toString(), QString(), &m_owner,
               [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QCOMPARE(r->error().code, QString(Net::Codes::ForeignOrigin));
    QVERIFY(m_foreign->requests().isEmpty());
    // The same origin spelled differently (upper-case host) is the same origin.
    const QString same
        = QStringLiteral("http://127.0.0.1:%1/operations/2?api-version=old").arg(m_server->serverPort());
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    r.reset();
    m_arm->get(same, QStringLiteral("new"), &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QVERIFY(r->ok());
    QCOMPARE(m_server->requests().last().target, QByteArray("/operations/2?api-version=old")); // verbatim
}

void TestArmTransport::redirectIsAnErrorNeverFollowed_data()
{
    QTest::addColumn<int>("status");
    QTest::addColumn<bool>("listing");
    QTest::newRow("302, a read") << 302 << false;
    QTest::newRow("307, a read") << 307 << false;
    QTest::newRow("301, a listing") << 301 << true;
}

// Defect: a 3xx answer counted as success (an empty body for a read). A redirect of the backup API
// is not followed (the bearer token would go along): it is an error with its own code, the
// status, the correlation and request ids, and where it pointed (without its query).
void TestArmTransport::redirectIsAnErrorNeverFollowed()
{
    QFETCH(int, status);
    QFETCH(bool, listing);
    const QByteArray location = m_foreign->url(QStringLiteral("/elsewhere?sig=secret")).toString().toUtf8();
    m_server->setHandler([status, location](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(status, "",
                                          { { "Location", location },
                                            { "x-ms-correlation-request-id", "corr-3xx" },
                                            { "x-ms-request-id", "req-3xx" } });
    });
    Error error;
    bool done = false;
    if (listing) {
        m_arm->list(
            QStringLiteral("/things"), QStringLiteral("1"), &m_owner, [](const QJsonArray &, int) {},
            [&](Result<QJsonArray> x) {
                done = true;
                QVERIFY(!x.ok());
                error = x.error();
            });
    } else {
        m_arm->get(QStringLiteral("/subscriptions"), QStringLiteral("2022-12-01"), &m_owner,
                   [&](Result<ArmResponse> x) {
                       done = true;
                       QVERIFY(!x.ok());
                       error = x.error();
                   });
    }
    QTRY_VERIFY(done);
    QCOMPARE(error.code, QString(Arm::Codes::Redirected));
    QCOMPARE(error.httpStatus, status);
    QCOMPARE(error.correlationId, QStringLiteral("corr-3xx"));
    QCOMPARE(error.requestId, QStringLiteral("req-3xx"));
    QCOMPARE(error.args.value(0), QString::number(status));
    QVERIFY2(error.args.value(1).contains(QString::number(m_foreign->serverPort())),
             qPrintable(error.args.value(1)));
    QVERIFY2(!error.toString().contains(QStringLiteral("secret")), qPrintable(error.toString()));
    QCOMPARE(m_server->requests().size(), 1); // not retried
    QVERIFY(m_foreign->requests().isEmpty()); // nothing, and certainly no token, went there
}

void TestArmTransport::pagingFollowsEveryNextLink()
{
    m_server->setHandler([this](const CannedHttpServer::Seen &seen) {
        const int page = seen.target.contains("page=") ? seen.target.split('=').last().toInt() : 0;
        QJsonObject o { { QStringLiteral("value"), QJsonArray { page * 10, page * 10 + 1 } } };
        if (page < 4)
            o.insert(QStringLiteral("nextLink"),
                     m_server->url(QStringLiteral("/list?page=%1").arg(page + 1)).toString());
        else
            o.insert(QStringLiteral("nextLink"), QJsonValue::Null);
        return CannedHttpServer::response(200, json(o));
    });
    std::optional<Result<QJsonArray>> all;
    QList<int> indexes;
    m_arm->list(
        QStringLiteral("/list"), QStringLiteral("1"), &m_owner,
        [&](const QJsonArray &, int index) { indexes << index; }, [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(all->value().size(), 10);
    QCOMPARE(indexes, (QList<int> { 0, 1, 2, 3, 4 }));
}

void TestArmTransport::repeatingNextLinkIsAnError()
{
    m_server->setHandler([this](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(
            200,
            json({ { QStringLiteral("value"), QJsonArray { 1 } },
                   { QStringLiteral("nextLink"), m_server->url(QStringLiteral("/loop?x=1")).toString() } }));
    });
    std::optional<Result<QJsonArray>> all;
    m_arm->list(QStringLiteral("/loop"), QStringLiteral("1"), &m_owner, {},
                [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QCOMPARE(all->error().code, QString(Arm::Codes::PageLoop));
    QCOMPARE(m_server->requests().size(), 2);
}

void TestArmTransport::nextLinkBackToTheFirstPageIsCaughtBeforeItRepeats_data()
{
    QTest::addColumn<QString>("firstPath");
    QTest::addColumn<QString>("nextLink"); // relative to the server
    QTest::newRow("same URL") << "/first"
                              << "/first?api-version=1";
    QTest::newRow("query in another order") << "/first?$top=5"
                                            << "/first?api-version=1&$top=5";
    QTest::newRow("percent-encoded path") << "/first"
                                          << "/f%69rst?api-version=1";
}

void TestArmTransport::nextLinkBackToTheFirstPageIsCaughtBeforeItRepeats()
{
    QFETCH(QString, firstPath);
    QFETCH(QString, nextLink);
    // Page 1 points at page 2, which points back at page 1 (as the first request resolved it).
    m_server->setHandler([this, nextLink](const CannedHttpServer::Seen &seen) {
        const bool second = seen.target.startsWith("/second");
        const QString link = second ? m_server->url(QString()).toString(QUrl::StripTrailingSlash) + nextLink
                                    : m_server->url(QStringLiteral("/second")).toString();
        return CannedHttpServer::response(200,
                                          json({ { QStringLiteral("value"), QJsonArray { second ? 2 : 1 } },
                                                 { QStringLiteral("nextLink"), link } }));
    });
    std::optional<Result<QJsonArray>> all;
    QList<int> indexes;
    m_arm->list(
        firstPath, QStringLiteral("1"), &m_owner, [&](const QJsonArray &, int index) { indexes << index; },
        [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(!all->ok());
    QCOMPARE(all->error().code, QString(Arm::Codes::PageLoop));
    QCOMPARE(indexes, (QList<int> { 0, 1 })); // page 1 was not delivered a second time
    QCOMPARE(m_server->requests().size(), 2);
}

void TestArmTransport::nextLinkOfTheWrongTypeIsAMalformedPage_data()
{
    QTest::addColumn<QJsonValue>("nextLink");
    QTest::newRow("a number") << QJsonValue(5);
    QTest::newRow("an object") << QJsonValue(
        QJsonObject { { QStringLiteral("href"), QStringLiteral("/x") } });
    QTest::newRow("an array") << QJsonValue(QJsonArray { QStringLiteral("/x") });
    QTest::newRow("true") << QJsonValue(true);
}

void TestArmTransport::nextLinkOfTheWrongTypeIsAMalformedPage()
{
    // The listing path itself (not Page::fromArm): a nextLink that is not a string (nor null) is
    // no "last page", or a listing would end as complete with pages missing.
    QFETCH(QJsonValue, nextLink);
    m_server->setHandler([nextLink](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200,
                                          json({ { QStringLiteral("value"), QJsonArray { 1, 2 } },
                                                 { QStringLiteral("nextLink"), nextLink } }));
    });
    std::optional<Result<QJsonArray>> all;
    m_arm->list(
        QStringLiteral("/things"), QStringLiteral("1"), &m_owner, [](const QJsonArray &, int) {},
        [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(!all->ok());
    QCOMPARE(all->error().code, QString(Arm::Codes::BadPage));
    // Null (or absent) still ends it.
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(200,
                                          json({ { QStringLiteral("value"), QJsonArray { 1, 2 } },
                                                 { QStringLiteral("nextLink"), QJsonValue::Null } }));
    });
    all.reset();
    m_arm->list(
        QStringLiteral("/things"), QStringLiteral("1"), &m_owner, [](const QJsonArray &, int) {},
        [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(all->value().size(), 2);
}

void TestArmTransport::endlessListStopsAtASanePageCap()
{
    QVERIFY(ArmClient::Options().maxPages <= 10000);
    ArmClient::Options o = m_arm->options();
    o.maxPages = 5;
    m_arm->setOptions(o);
    m_server->setHandler([this](const CannedHttpServer::Seen &seen) {
        const int page = seen.target.contains("page=") ? seen.target.split('=').last().toInt() : 0;
        return CannedHttpServer::response(
            200,
            json({ { QStringLiteral("value"), QJsonArray { page } },
                   { QStringLiteral("nextLink"),
                     m_server->url(QStringLiteral("/endless?page=%1").arg(page + 1)).toString() } }));
    });
    std::optional<Result<QJsonArray>> all;
    m_arm->list(QStringLiteral("/endless"), QStringLiteral("1"), &m_owner, {},
                [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QCOMPARE(all->error().code, QString(Arm::Codes::TooManyPages));
    QCOMPARE(all->error().args.value(0), QStringLiteral("5"));
    QCOMPARE(m_server->requests().size(), 5);
}

void TestArmTransport::unauthorizedRenewsOnceThenRetries()
{
    m_server->setHandler([](const CannedHttpServer::Seen &seen) {
        if (seen.headers.value("authorization") == "Bearer token-1")
            return CannedHttpServer::response(
                401, R"({"error":{"code":"ExpiredAuthenticationToken","message":"x"}})");
        return CannedHttpServer::response(200, "{}");
    });
    std::optional<Result<ArmResponse>> r;
    m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QVERIFY(r->ok());
    QCOMPARE(m_tokens->renewals, 1);
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(0).headers.value("x-ms-client-request-id"),
             m_server->requests().at(1).headers.value("x-ms-client-request-id"));
}

void TestArmTransport::unauthorizedTwiceFails()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(
            401, R"({"error":{"code":"InvalidAuthenticationToken","message":"no"}})");
    });
    std::optional<Result<ArmResponse>> r;
    m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QCOMPARE(r->error().code, QStringLiteral("InvalidAuthenticationToken"));
    QCOMPARE(r->error().httpStatus, 401);
    QCOMPARE(m_tokens->renewals, 1);
    QCOMPARE(m_server->requests().size(), 2);
}

void TestArmTransport::aTokenThatExpiresWhileACallWaitsIsRenewedAgain_data()
{
    QTest::addColumn<QByteArray>("method");
    QTest::newRow("GET") << QByteArray("GET");
    QTest::newRow("POST that may not be repeated") << QByteArray("POST");
}

void TestArmTransport::aTokenThatExpiresWhileACallWaitsIsRenewedAgain()
{
    // A call renews its token (401), is throttled, and by the time its Retry-After has passed the
    // renewed token has expired too (short-lived tokens): the newer token is renewed in its turn
    // and the call goes on. Refused outright, a restore's tracking would stop for good and its POST
    // would be audited as refused by the service. A token refused right after its own renewal
    // still ends the call (unauthorizedTwiceFails).
    QFETCH(QByteArray, method);
    int tries2 = 0;
    m_server->setHandler([&tries2](const CannedHttpServer::Seen &seen) {
        const QByteArray token = seen.headers.value("authorization");
        if (token == "Bearer token-2" && ++tries2 == 1) // renewed, then throttled...
            return CannedHttpServer::response(
                429, R"({"error":{"code":"TooManyRequests","message":"later"}})", { { "Retry-After", "0" } });
        if (token == "Bearer token-1" || token == "Bearer token-2") // ...and expired meanwhile
            return CannedHttpServer::response(
                401, R"({"error":{"code":"ExpiredAuthenticationToken","message":"expired"}})");
        return CannedHttpServer::response(200, "{}");
    });
    ArmRequest request;
    request.method = method;
    request.pathOrUrl = QStringLiteral("/a");
    request.apiVersion = QStringLiteral("1");
    request.clientRequestId = QStringLiteral("c1");
    request.correlationId = QStringLiteral("k1");
    request.idempotent = method == "GET";
    std::optional<Result<ArmResponse>> r;
    m_arm->send(request, &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().toString()));
    QCOMPARE(m_tokens->renewals, 2); // token-1, then token-2: never the same token twice
    QCOMPARE(m_server->requests().size(), 4);
    for (const auto &seen : m_server->requests())
        QCOMPARE(seen.headers.value("x-ms-client-request-id"), QByteArray("c1"));
}

void TestArmTransport::throttledHonoursRetryAfter()
{
    // What the client actually waited, as the server saw it: when each request arrived, on a
    // monotonic clock. A retry that came sooner than the Retry-After after the 429 was sent is
    // a defect, whatever delay the client computed.
    int calls = 0;
    std::optional<Result<ArmResponse>> r;
    QList<int> computed;
    QList<qint64> arrivedMs;
    QElapsedTimer clock;
    clock.start();
    m_server->setHandler([&](const CannedHttpServer::Seen &) {
        arrivedMs << clock.elapsed();
        computed << m_arm->lastRetryDelayMs();
        if (++calls < 3)
            return CannedHttpServer::response(429, R"({"error":{"code":"TooManyRequests","message":"slow"}})",
                                              { { "Retry-After", "1" } });
        return CannedHttpServer::response(200, "{}");
    });
    m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 10000);
    QVERIFY(r->ok());
    QCOMPARE(r->value().attempts, 3);
    QCOMPARE(arrivedMs.size(), 3);
    // Each retry reached the server at least the Retry-After (1 s) after the 429 before it was
    // answered (backoff alone would be ~10-50 ms here).
    for (int i = 1; i < arrivedMs.size(); ++i) {
        const qint64 waited = arrivedMs.at(i) - arrivedMs.at(i - 1);
        QVERIFY2(waited >= 1000,
                 qPrintable(QStringLiteral("retry %1 came %2 ms after the 429").arg(i).arg(waited)));
        QVERIFY2(computed.at(i) >= 1000, qPrintable(QString::number(computed.at(i))));
    }
    QCOMPARE(m_arm->retryCount(), 2);
}

void TestArmTransport::throttledBeyondLimitFailsWithItsWait()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(429, R"({"error":{"code":"TooManyRequests","message":"later"}})",
                                          { { "Retry-After", "3600" } });
    });
    std::optional<Result<ArmResponse>> r;
    m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QCOMPARE(r->error().code, QString(Arm::Codes::Throttled));
    QCOMPARE(r->error().args, QStringList { QStringLiteral("3600") });
    QCOMPARE(m_server->requests().size(), 1);
}

void TestArmTransport::retryAfterDateCountsFromTheAnswersOwnDate_data()
{
    QTest::addColumn<qint64>("serverOffsetSecs"); // the server's clock less ours
    QTest::addColumn<bool>("withDate");
    QTest::newRow("server five hours behind") << qint64(-5 * 3600) << true;
    QTest::newRow("server five hours ahead") << qint64(5 * 3600) << true;
    QTest::newRow("no Date: the local clock") << qint64(0) << false;
}

void TestArmTransport::retryAfterDateCountsFromTheAnswersOwnDate()
{
    // Retry-After as an HTTP-date is a time on the server's clock: the wait is that date less the
    // answer's own Date, whatever the local clock says. Against the local clock a server hours
    // behind would be retried at once (a storm), one hours ahead not at all (arm_throttled).
    QFETCH(qint64, serverOffsetSecs);
    QFETCH(bool, withDate);
    const qint64 askedSecs = 2;
    int calls = 0;
    QList<qint64> arrivedMs;
    QDateTime retryAt; // the Retry-After date, on the server's clock
    QDateTime retriedAt; // when the retry arrived, on the server's clock
    QElapsedTimer monotonic;
    monotonic.start();
    m_server->setHandler([&](const CannedHttpServer::Seen &) {
        arrivedMs << monotonic.elapsed();
        // The server's "now", to the millisecond; a Date carries only whole seconds of it.
        const QDateTime serverNow = QDateTime::currentDateTimeUtc().addSecs(serverOffsetSecs);
        if (++calls > 1) {
            retriedAt = serverNow;
            return CannedHttpServer::response(200, "{}");
        }
        const QDateTime asked = serverNow.addSecs(askedSecs);
        retryAt = asked.addMSecs(-asked.time().msec()); // as the header carries it
        const QByteArray retryAfter = ServerClock::httpDate(asked);
        QList<QPair<QByteArray, QByteArray>> headers { { "Retry-After", retryAfter } };
        if (withDate)
            headers << qMakePair(QByteArray("Date"), ServerClock::httpDate(serverNow));
        return CannedHttpServer::response(429, R"({"error":{"code":"TooManyRequests","message":"slow"}})",
                                          headers);
    });
    std::optional<Result<ArmResponse>> r;
    m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 15000);
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().toString()));
    QCOMPARE(arrivedMs.size(), 2);
    QVERIFY(retryAt.isValid());
    QVERIFY2(m_arm->lastRetryDelayMs() <= askedSecs * 1000 + 100,
             qPrintable(QString::number(m_arm->lastRetryDelayMs())));
    if (withDate) {
        // The date less the answer's own Date: 2 s exactly, however late the answer is read.
        QVERIFY2(m_arm->lastRetryDelayMs() >= askedSecs * 1000,
                 qPrintable(QString::number(m_arm->lastRetryDelayMs())));
        const qint64 waited = arrivedMs.at(1) - arrivedMs.at(0);
        QVERIFY2(waited >= askedSecs * 1000,
                 qPrintable(QStringLiteral("retried %1 ms after the 429").arg(waited)));
    } else {
        // Against the local clock the wait depends on when the answer was read (a loaded machine
        // reads it late, and then waits less); what must hold is that the retry does not come
        // before the date.
        QVERIFY2(
            retriedAt >= retryAt,
            qPrintable(
                QStringLiteral("retried %1 ms before the Retry-After date").arg(retriedAt.msecsTo(retryAt))));
    }
}

void TestArmTransport::retryAfterDateWithoutDateIsNeverEarly_data()
{
    QTest::addColumn<qint64>("localMsBefore"); // how long before the Retry-After date the answer is read
    QTest::addColumn<int>("expected");
    QTest::newRow("1.05 s before: 2 s, not 1") << qint64(1050) << 2;
    QTest::newRow("0.001 s before") << qint64(1) << 1;
    QTest::newRow("exactly 2 s before") << qint64(2000) << 2;
    QTest::newRow("at the date") << qint64(0) << 0;
    QTest::newRow("after the date") << qint64(-1500) << 0;
}

void TestArmTransport::retryAfterDateWithoutDateIsNeverEarly()
{
    // A part second counts as a whole: truncating 1.05 s to 1 s would retry 50 ms before the date.
    QFETCH(qint64, localMsBefore);
    QFETCH(int, expected);
    const QDateTime when = Compat::utcDateTime(QDate(2026, 12, 1), QTime(12, 0, 2));
    QCOMPARE(retryAfterSeconds(ServerClock::httpDate(when), QByteArray(), when.addMSecs(-localMsBefore)),
             expected);
}

void TestArmTransport::serverErrorsRetriedForGetNotForPost()
{
    int calls = 0;
    m_server->setHandler([&](const CannedHttpServer::Seen &) {
        ++calls;
        return CannedHttpServer::response(503, R"({"error":{"code":"ServiceUnavailable","message":"busy"}})");
    });
    std::optional<Result<ArmResponse>> r;
    m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QCOMPARE(r->error().code, QStringLiteral("ServiceUnavailable"));
    QCOMPARE(calls, m_arm->options().maxAttempts); // retried up to the per-call limit
    calls = 0;
    ArmRequest post;
    post.method = "POST";
    post.pathOrUrl = QStringLiteral("/restore");
    post.apiVersion = QStringLiteral("1");
    post.sendBody = true;
    r.reset();
    m_arm->send(post, &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QCOMPARE(calls, 1); // a POST that may have been done is not sent twice
}

void TestArmTransport::lostConnectionRetriedWithSameClientRequestId()
{
    int calls = 0;
    m_server->setHandler([&](const CannedHttpServer::Seen &) -> QByteArray {
        if (++calls == 1) {
            // Close without an answer.
            QMetaObject::invokeMethod(
                m_server.get(),
                [this] {
                    const auto sockets = m_server->findChildren<QTcpSocket *>();
                    for (auto *s : sockets)
                        s->abort();
                },
                Qt::QueuedConnection);
            return QByteArray();
        }
        return CannedHttpServer::response(200, "{}");
    });
    ArmRequest post;
    post.method = "POST";
    post.pathOrUrl = QStringLiteral("/restore");
    post.apiVersion = QStringLiteral("1");
    post.idempotent = true; // the service treats a repeated x-ms-client-request-id as the same request
    std::optional<Result<ArmResponse>> r;
    m_arm->send(post, &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 10000);
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().toString()));
    QCOMPARE(m_server->requests().size(), 2);
    QCOMPARE(m_server->requests().at(0).headers.value("x-ms-client-request-id"),
             m_server->requests().at(1).headers.value("x-ms-client-request-id"));
}

void TestArmTransport::retryBudgetStopsAStorm()
{
    ArmClient::Options o = m_arm->options();
    o.retryBudget = 3;
    o.retryBudgetPerSecond = 0;
    o.maxAttempts = 10;
    m_arm->setOptions(o);
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(500, R"({"error":{"code":"InternalServerError","message":"x"}})");
    });
    int done = 0;
    for (int i = 0; i < 5; ++i)
        m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), &m_owner, [&](Result<ArmResponse> r) {
            QVERIFY(!r.ok());
            ++done;
        });
    QTRY_COMPARE(done, 5);
    QCOMPARE(m_arm->retryCount(), 3); // the whole client spent its budget, no more
    QCOMPARE(m_server->requests().size(), 5 + 3);
}

void TestArmTransport::errorsKeepTheServiceIds()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) {
        return CannedHttpServer::response(
            403,
            R"({"error":{"code":"AuthorizationFailed","message":"lacks Microsoft.RecoveryServices/Vaults/read"}})",
            { { "x-ms-correlation-request-id", "corr-42" }, { "x-ms-request-id", "req-42" } });
    });
    std::optional<Result<ArmResponse>> r;
    m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), &m_owner, [&](Result<ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    const Error e = r->error();
    QCOMPARE(e.code, QStringLiteral("AuthorizationFailed"));
    QCOMPARE(e.kind, Error::Kind::Auth);
    QCOMPARE(e.httpStatus, 403);
    QCOMPARE(e.correlationId, QStringLiteral("corr-42"));
    QCOMPARE(e.requestId, QStringLiteral("req-42"));
    QVERIFY(e.detail.contains(QStringLiteral("Vaults/read")));
    QCOMPARE(m_tokens->renewals, 0); // a 403 is not a token problem
}

void TestArmTransport::errorsAboutAnAnswerKeepItsIds()
{
    // Not only the service's own errors: an answer this client cannot use (throttled for longer
    // than it waits, unreadable, a page without a list, a page loop) keeps the answer's ids too.
    const QList<QPair<QByteArray, QByteArray>> headers { { "x-ms-correlation-request-id", "corr-7" },
                                                         { "x-ms-request-id", "req-7" } };
    const auto check = [](const Error &e, const char *what) {
        QVERIFY2(e.correlationId == QLatin1String("corr-7"), what);
        QVERIFY2(e.requestId == QLatin1String("req-7"), what);
        QVERIFY2(e.httpStatus > 0, what);
    };
    m_server->setHandler([this, &headers](const CannedHttpServer::Seen &s) {
        if (s.target.startsWith("/throttled"))
            return CannedHttpServer::response(
                429, "{}", headers + QList<QPair<QByteArray, QByteArray>> { { "Retry-After", "86400" } });
        if (s.target.startsWith("/unreadable"))
            return CannedHttpServer::response(200, "{not json", headers);
        if (s.target.startsWith("/nolist"))
            return CannedHttpServer::response(200, R"({"items":[]})", headers);
        const QByteArray self = m_server->url(QStringLiteral("/loop")).toString().toUtf8();
        return CannedHttpServer::response(200, R"({"value":[1],"nextLink":")" + self + R"("})", headers);
    });
    std::optional<Result<ArmResponse>> one;
    m_arm->get(QStringLiteral("/throttled"), QStringLiteral("1"), &m_owner,
               [&](Result<ArmResponse> x) { one = x; });
    QTRY_VERIFY(one.has_value());
    QCOMPARE(one->error().code, QString(Arm::Codes::Throttled));
    check(one->error(), "throttled");
    one.reset();
    m_arm->get(QStringLiteral("/unreadable"), QStringLiteral("1"), &m_owner,
               [&](Result<ArmResponse> x) { one = x; });
    QTRY_VERIFY(one.has_value());
    QVERIFY(!one->ok());
    check(one->error(), "unreadable");
    std::optional<Result<QJsonArray>> all;
    m_arm->list(QStringLiteral("/nolist"), QStringLiteral("1"), &m_owner, {},
                [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QCOMPARE(all->error().code, QString(Arm::Codes::BadPage));
    check(all->error(), "bad page");
    all.reset();
    m_arm->list(QStringLiteral("/loop"), QStringLiteral("1"), &m_owner, {},
                [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QCOMPARE(all->error().code, QString(Arm::Codes::PageLoop));
    check(all->error(), "page loop");
}

void TestArmTransport::concurrencyIsBoundedPerHost()
{
    ArmClient::Options o = m_arm->options();
    o.maxConcurrentPerHost = 3;
    m_arm->setOptions(o);
    QList<QTcpSocket *> held;
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); }); // hold every request
    int done = 0;
    for (int i = 0; i < 10; ++i)
        m_arm->get(QStringLiteral("/slow"), QStringLiteral("1"), &m_owner,
                   [&](Result<ArmResponse>) { ++done; });
    QTRY_COMPARE(m_server->requests().size(), 3);
    QTest::qWait(100);
    QCOMPARE(m_server->requests().size(), 3);
    QCOMPARE(m_arm->inFlight(), 3);
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    // Answer the three held ones by closing them; their retries and the queued ones go through.
    for (auto *s : m_server->findChildren<QTcpSocket *>())
        s->write(CannedHttpServer::response(200, "{}"));
    QTRY_COMPARE_WITH_TIMEOUT(done, 10, 10000);
    QCOMPARE(m_arm->peakInFlight(), 3);
}

// A listing read page by page sends one request after another: each goes out on the first
// network manager with a free connection, so they share one kept connection (and one manager's
// thread), rather than a new manager, thread and connection for each in turn.
void TestArmTransport::requestsOneAfterAnotherShareOneConnection()
{
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    for (int i = 0; i < 30; ++i) {
        std::optional<Result<ArmResponse>> got;
        m_arm->get(QStringLiteral("/one"), QStringLiteral("1"), &m_owner,
                   [&](Result<ArmResponse> r) { got = std::move(r); });
        QTRY_VERIFY(got.has_value());
        QVERIFY(got->ok());
    }
    QCOMPARE(m_server->requests().size(), 30);
    QCOMPARE(m_server->connections(), 1);
    // Many at once still spread over managers of six connections each.
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); }); // hold them
    int done = 0;
    for (int i = 0; i < 20; ++i)
        m_arm->get(QStringLiteral("/held"), QStringLiteral("1"), &m_owner,
                   [&](Result<ArmResponse>) { ++done; });
    QTRY_COMPARE(m_server->requests().size(), 50);
    QVERIFY2(m_server->connections() >= 20, qPrintable(QString::number(m_server->connections())));
    for (auto *s : m_server->findChildren<QTcpSocket *>())
        s->write(CannedHttpServer::response(200, "{}"));
    QTRY_COMPARE_WITH_TIMEOUT(done, 20, 10000);
}

// An estate listing fans out to hundreds of vaults at 40 ms a round trip: the default bound is
// wide (the network managers' six connections per host do not cap it below), and still a bound.
void TestArmTransport::defaultBoundIsReachedAndHeld()
{
    const int bound = ArmClient::Options().maxConcurrentPerHost;
    QVERIFY2(bound >= 128, "the default bound keeps a 16x estate listing waiting for slots");
    QVERIFY2(bound <= 512, "the default bound is no bound");
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); }); // hold every request
    const int calls = bound + 20;
    int done = 0;
    for (int i = 0; i < calls; ++i)
        m_arm->get(QStringLiteral("/slow"), QStringLiteral("1"), &m_owner,
                   [&](Result<ArmResponse>) { ++done; });
    QTRY_COMPARE_WITH_TIMEOUT(m_server->requests().size(), bound, 20000);
    QTest::qWait(100);
    QCOMPARE(m_server->requests().size(), bound);
    QCOMPARE(m_arm->inFlight(), bound);
    m_server->setHandler(
        [](const CannedHttpServer::Seen &) { return CannedHttpServer::response(200, "{}"); });
    for (auto *s : m_server->findChildren<QTcpSocket *>())
        s->write(CannedHttpServer::response(200, "{}"));
    QTRY_COMPARE_WITH_TIMEOUT(done, calls, 20000);
    QCOMPARE(m_arm->peakInFlight(), bound);
}

// An estate listing queues hundreds of first pages; a vault's second page used to wait behind
// all of them, so no vault was complete (and none could be shown, or freed) until the very end.
void TestArmTransport::aListingsNextPageGoesAheadOfNewRequests()
{
    ArmClient::Options o = m_arm->options();
    o.maxConcurrentPerHost = 1;
    m_arm->setOptions(o);
    QList<QByteArray> order;
    m_server->setHandler([this, &order](const CannedHttpServer::Seen &seen) {
        const qsizetype version = seen.target.indexOf("api-version");
        order << (version < 0 ? seen.target : seen.target.left(version - 1));
        QJsonObject page { { QStringLiteral("value"), QJsonArray { 1 } } };
        if (seen.target.startsWith("/list?") && !seen.target.contains("page=2"))
            page.insert(QStringLiteral("nextLink"), m_server->url(QStringLiteral("/list?page=2")).toString());
        return CannedHttpServer::response(200, json(page));
    });
    std::optional<Result<QJsonArray>> listed;
    int others = 0;
    m_arm->list(QStringLiteral("/list"), QStringLiteral("1"), &m_owner, {},
                [&](Result<QJsonArray> x) { listed = x; });
    for (int i = 1; i <= 2; ++i)
        m_arm->get(QStringLiteral("/other%1").arg(i), QStringLiteral("1"), &m_owner,
                   [&](Result<ArmResponse>) { ++others; });
    QTRY_VERIFY(listed.has_value() && others == 2);
    QVERIFY(listed->ok());
    QCOMPARE(listed->value().size(), 2);
    QCOMPARE(order, (QList<QByteArray> { "/list", "/list?page=2", "/other1", "/other2" }));
}

void TestArmTransport::aLongPagesLinkIsReadFromItsEnds_data()
{
    QTest::addColumn<QByteArray>("shape"); // a page's text: %1 its elements, %2 its link
    QTest::addColumn<bool>("askedAhead");
    QTest::newRow("ARM's order: the link last") << QByteArray(R"({"value":[%1],"nextLink":%2})") << true;
    QTest::newRow("the sandbox's order: the link first")
        << QByteArray(R"({"nextLink":%2,"value":[%1]})") << true;
    QTest::newRow("the link in the middle") << QByteArray(R"({"a":1,"nextLink":%2,"value":[%1]})") << false;
}

// A long page's nextLink is read from its ends, not from every byte, to ask for the next page
// before the page is parsed: where the link is the first or last member, the next page is asked
// for before the first one is handed over; anywhere else, once it is parsed. Every page, once, in
// order, and not one request more than there are pages, either way.
void TestArmTransport::aLongPagesLinkIsReadFromItsEnds()
{
    QFETCH(QByteArray, shape);
    QFETCH(bool, askedAhead);
    ArmClient::Options o = m_arm->options();
    o.parseOffThreadBytes = 1; // every page is long
    m_arm->setOptions(o);
    m_server->setHandler([this, shape](const CannedHttpServer::Seen &seen) {
        const int page = seen.target.contains("page=") ? seen.target.split('=').last().toInt() : 0;
        const QByteArray link = page < 2
            ? '"' + m_server->url(QStringLiteral("/list?page=%1").arg(page + 1)).toEncoded() + '"'
            : QByteArray("null");
        QByteArray body = shape;
        body.replace("%1", QByteArray::number(page * 10) + ',' + QByteArray::number(page * 10 + 1));
        body.replace("%2", link);
        return CannedHttpServer::response(200, body);
    });
    QList<int> askedAtPage; // requests sent when each page is handed over
    std::optional<Result<QJsonArray>> all;
    m_arm->list(
        QStringLiteral("/list"), QStringLiteral("1"), &m_owner,
        [&](const QJsonArray &, int) { askedAtPage << m_arm->requestCount(); },
        [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(all->value(), (QJsonArray { 0, 1, 10, 11, 20, 21 }));
    // Page 2 asked for before page 1 was handed over, or after. (Page 3 may or may not be: page
    // 2's answer can come while page 1 is still parsed, and a page answered while it waits its
    // turn does not look ahead; one page ahead at most.)
    QCOMPARE(askedAtPage.size(), 3);
    QCOMPARE(askedAtPage.first(), askedAhead ? 2 : 1);
    QCOMPARE(m_arm->requestCount(), 3);
}

void TestArmTransport::aLinkNamedTwiceIsTheParsedPagesLink_data()
{
    QTest::addColumn<bool>("decoyElsewhere");
    QTest::newRow("the first on the API's origin") << false;
    QTest::newRow("the first on another origin") << true;
}

// A hostile long page names nextLink twice: its first member (read from its ends, so asked for
// ahead) is not the link its parse gives (the parser keeps the last). The listing follows the
// parsed page's link, and the page asked for ahead never reaches the listing; a first link on
// another origin is not asked for at all (no bearer token goes there).
void TestArmTransport::aLinkNamedTwiceIsTheParsedPagesLink()
{
    QFETCH(bool, decoyElsewhere);
    ArmClient::Options o = m_arm->options();
    o.parseOffThreadBytes = 1; // every page is long
    m_arm->setOptions(o);
    const QByteArray decoy = (decoyElsewhere ? m_foreign->url(QStringLiteral("/list?decoy=1"))
                                             : m_server->url(QStringLiteral("/list?decoy=1")))
                                 .toEncoded();
    const QByteArray second = m_server->url(QStringLiteral("/list?page=2")).toEncoded();
    const QByteArray first = R"({"nextLink":")" + decoy + R"(","nextLink":")" + second + R"(","value":[1]})";
    QCOMPARE(NextLinkScan::atEnds(first).link, QString::fromLatin1(decoy));
    QCOMPARE(QJsonDocument::fromJson(first).object().value(QStringLiteral("nextLink")).toString(),
             QString::fromLatin1(second));
    QList<QByteArray> seenTargets;
    m_server->setHandler([&](const CannedHttpServer::Seen &seen) {
        seenTargets << seen.target;
        if (seen.target.contains("decoy"))
            return CannedHttpServer::response(200, R"({"value":[99]})");
        if (seen.target.contains("page=2"))
            return CannedHttpServer::response(200, R"({"value":[2]})");
        return CannedHttpServer::response(200, first);
    });
    std::optional<Result<QJsonArray>> all;
    m_arm->list(QStringLiteral("/list"), QStringLiteral("1"), &m_owner, {},
                [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(all->value(), (QJsonArray { 1, 2 }));
    QVERIFY(m_foreign->requests().isEmpty());
    if (!decoyElsewhere) {
        QVERIFY(seenTargets.size() >= 2);
        QVERIFY(seenTargets.at(1).contains("decoy")); // asked for ahead, from the page's first member
    } else {
        QCOMPARE(seenTargets.size(), 2); // the page and the parsed page's link: nothing ahead
    }
}

void TestArmTransport::aSlotIsFreeWhileItsAnswerIsRead_data()
{
    QTest::addColumn<int>("bound");
    QTest::addColumn<bool>("otherWaitsForTheSlot"); // asked for while the page's request is out
    QTest::addColumn<bool>("otherGoesMeanwhile");
    QTest::newRow("room for answers being read") << 2 << false << true;
    QTest::newRow("as many answers being read as the bound") << 1 << false << false;
    QTest::newRow("the bound reached by the answer that frees the slot") << 1 << true << false;
}

// The bound is on requests at the service: an answer that is all in gives its slot to the next
// request while it is still being read on a worker. Answers waiting to be read have the same
// bound, apart: while it is reached, no new request goes out.
void TestArmTransport::aSlotIsFreeWhileItsAnswerIsRead()
{
    QFETCH(int, bound);
    QFETCH(bool, otherWaitsForTheSlot);
    QFETCH(bool, otherGoesMeanwhile);
    ArmClient::Options o = m_arm->options();
    o.maxConcurrentPerHost = bound;
    o.parseOffThreadBytes = 1; // every answer is read on a worker
    m_arm->setOptions(o);
    // One worker is held below; the other answer needs another.
    QThreadPool *pool = QThreadPool::globalInstance();
    const int threads = pool->maxThreadCount();
    pool->setMaxThreadCount(std::max(threads, 2));
    const auto restore = qScopeGuard([pool, threads] { pool->setMaxThreadCount(threads); });
    m_server->setHandler([](const CannedHttpServer::Seen &seen) {
        return CannedHttpServer::response(200, seen.target.startsWith("/list") ? R"({"value":[1,2]})" : "{}");
    });
    // The page's read is held on its worker until the test lets it go (on failure too).
    auto gate = std::make_shared<QSemaphore>();
    auto entered = std::make_shared<QSemaphore>();
    struct Release
    {
        std::shared_ptr<QSemaphore> gate;
        ~Release() { gate->release(); }
    } release { gate };
    std::optional<Result<QJsonArray>> listed;
    int pages = 0;
    std::optional<Result<ArmResponse>> other;
    // Declared last, so gone first when the test ends (early, on a failure): its calls report
    // nothing more into what is above.
    QObject owner;
    m_arm->listPages(
        QStringLiteral("/list"), QStringLiteral("1"), &owner, [&](ListPage, int) { ++pages; },
        [&](Result<QJsonArray> r) { listed = r; },
        [gate, entered](const PageText &) -> PageRead {
            entered->release();
            gate->acquire();
            return {};
        });
    auto askOther = [&] {
        m_arm->get(QStringLiteral("/other"), QStringLiteral("1"), &owner,
                   [&](Result<ArmResponse> r) { other = r; });
    };
    if (otherWaitsForTheSlot)
        askOther();
    QTRY_VERIFY(entered->available() > 0);
    QCOMPARE(m_arm->reading(), 1);
    if (!otherWaitsForTheSlot) {
        QCOMPARE(m_arm->inFlight(), 0);
        askOther();
    }
    if (otherGoesMeanwhile) {
        QTRY_VERIFY(other.has_value()); // sent and answered while the page is still read
        QVERIFY(other->ok());
    } else {
        QTest::qWait(100); // it would have been answered by now, had it gone
        QVERIFY(!other.has_value());
        QCOMPARE(m_arm->requestCount(), 1);
    }
    QVERIFY(!listed.has_value());
    gate->release();
    QTRY_VERIFY(listed.has_value() && other.has_value());
    QVERIFY(listed->ok());
    QVERIFY(other->ok());
    QCOMPARE(pages, 1);
    QCOMPARE(m_arm->requestCount(), 2);
    QTRY_COMPARE(m_arm->reading(), 0);
}

void TestArmTransport::ownerDeathCancelsCalls()
{
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); });
    auto owner = std::make_unique<QObject>();
    std::optional<Result<ArmResponse>> r;
    m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), owner.get(), [&](Result<ArmResponse> x) { r = x; });
    QTRY_COMPARE(m_server->requests().size(), 1);
    owner.reset();
    QVERIFY(r.has_value());
    QCOMPARE(r->error().code, QString(RestoreDesk::Codes::Cancelled));
    QCOMPARE(m_arm->inFlight(), 0); // its slot was given back
}

// Defect: the client's destructor dropped its queue: calls waiting for a slot never reported.
void TestArmTransport::clientDeathCancelsQueuedAndRunningCalls()
{
    ArmClient::Options o = m_arm->options();
    o.maxConcurrentPerHost = 1;
    m_arm->setOptions(o);
    m_server->setHandler([](const CannedHttpServer::Seen &) { return QByteArray(); }); // hold
    QStringList codes;
    for (int i = 0; i < 3; ++i)
        m_arm->get(QStringLiteral("/a"), QStringLiteral("1"), &m_owner,
                   [&](Result<ArmResponse> r) { codes << (r.ok() ? QString() : r.error().code); });
    QTRY_COMPARE(m_server->requests().size(), 1);
    QCOMPARE(m_arm->inFlight(), 1);
    m_arm.reset();
    const QString cancelled(RestoreDesk::Codes::Cancelled);
    QCOMPARE(codes, QStringList({ cancelled, cancelled, cancelled }));
    QTest::qWait(50);
    QCOMPARE(codes.size(), 3); // once each
}

QTEST_GUILESS_MAIN(TestArmTransport)
#include "tst_armtransport.moc"
