// The ARM transport against the sandbox over real sockets: bearer and correlation headers,
// ARM errors as values, one refresh on a 401 (one for many concurrent 401s), Retry-After on 429,
// nextLink paging.
#include "arm/armclient.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "sandbox/oidcprovider.h"
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <cstring>
#include <memory>
#include <optional>
#include <vector>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

class TestArmClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorsCarryCodeStatusAndCorrelation();
    void expiredTokenIsRefreshedOnceOn401();
    void concurrent401sShareOneRefresh();
    void failedRefreshIsSignalledOnce();
    void throttlingIsRetriedAfterRetryAfter();
    void pagingCollectsEveryItem();
    void pageHandlerMayDeleteTheOwner();
    void nextPageIsAskedForBeforeAPageIsHandedOver();

private:
    struct Fixture
    {
        QTemporaryDir dir;
        ManualClock clock; // the sandbox's and the session's time: tests move it instead of sleeping
        SandboxHarness sandbox { clock.clock() };
        QNetworkAccessManager nam;
        std::unique_ptr<Auth::ProfileStore> profiles;
        std::unique_ptr<Auth::Session> session;
        std::unique_ptr<Arm::SessionTokenProvider> tokens;
        std::unique_ptr<Arm::ArmClient> arm;
    };
    bool setUp(Fixture &f, const Sandbox::SandboxOptions &options, const QString &user);
};

bool TestArmClient::setUp(Fixture &f, const Sandbox::SandboxOptions &options, const QString &user)
{
    QString error;
    if (!f.sandbox.start(options, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    f.profiles = std::make_unique<Auth::ProfileStore>(f.dir.filePath(QStringLiteral("s.conf")));
    f.session = std::make_unique<Auth::Session>(&f.nam, nullptr, f.profiles.get()); // memory only
    f.session->setClock(f.clock.clock());
    f.session->setProfile(
        Auth::Profile::sandbox(f.sandbox.issuer(), f.sandbox.api(), Sandbox::SandboxServer::apiAudience()));
    connect(f.session.get(), &Auth::Session::openBrowser, this,
            [&f, user](const QUrl &url) { f.sandbox.actAsBrowser(url, user); });
    std::optional<Result<void>> signedIn;
    f.session->signIn([&](Result<void> r) { signedIn = r; });
    if (!QTest::qWaitFor([&] { return signedIn.has_value(); }, 20000) || !signedIn->ok())
        return false;
    f.tokens = std::make_unique<Arm::SessionTokenProvider>(f.session.get());
    Net::Transport t;
    t.nam = &f.nam;
    f.arm = std::make_unique<Arm::ArmClient>(t, f.tokens.get(), QUrl(f.sandbox.api()));
    return true;
}

void TestArmClient::errorsCarryCodeStatusAndCorrelation()
{
    Fixture f;
    QVERIFY(setUp(f, Sandbox::SandboxOptions(), QStringLiteral("nora")));
    std::optional<Result<Arm::ArmResponse>> r;
    f.arm->get(kProdWeu, QStringLiteral("2026-08-01"), this, [&](Result<Arm::ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QVERIFY(!r->ok());
    QCOMPARE(r->error().code, QStringLiteral("AuthorizationFailed"));
    QCOMPARE(r->error().httpStatus, 403);
    QVERIFY(r->error().detail.contains(QStringLiteral("Vaults/read")));
    QVERIFY(!r->error().correlationId.isEmpty());
    QCOMPARE(f.arm->renewCount(), 0); // a 403 is not a token problem
    QCOMPARE(f.session->refreshCount(), 0);
}

void TestArmClient::expiredTokenIsRefreshedOnceOn401()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.tokenLifetimeSeconds = 5;
    options.clockSkewSeconds = 0;
    QVERIFY(setUp(f, options, QStringLiteral("rita")));
    f.session->setAutoRefresh(false); // so the API, not the timer, finds the token expired
    QSignalSpy refreshed(f.session.get(), &Auth::Session::refreshed);
    const QByteArray first = f.session->accessToken();
    f.clock.advance(6); // the access token is now expired at the API
    std::optional<Result<Arm::ArmResponse>> r;
    f.arm->get(QStringLiteral("/subscriptions"), QStringLiteral("2022-12-01"), this,
               [&](Result<Arm::ArmResponse> x) { r = x; });
    QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 15000);
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().toString()));
    QCOMPARE(r->value().status, 200);
    QVERIFY(f.session->accessToken() != first);
    QCOMPARE(f.session->refreshCount(), 1);
    QCOMPARE(refreshed.count(), 1);
}

// Defect: two refreshes could run at once with the same refresh token; the sandbox, like
// oidc-provider and Okta, then revokes the whole family. Eight requests meet the expired token
// at once: one refresh, and all eight succeed.
void TestArmClient::concurrent401sShareOneRefresh()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.tokenLifetimeSeconds = 5;
    options.clockSkewSeconds = 0;
    QVERIFY(setUp(f, options, QStringLiteral("rita")));
    f.session->setAutoRefresh(false);
    QSignalSpy refreshed(f.session.get(), &Auth::Session::refreshed);
    QSignalSpy refreshFailed(f.session.get(), &Auth::Session::refreshFailed);
    f.clock.advance(6);
    int ok = 0;
    int done = 0;
    for (int i = 0; i < 8; ++i)
        f.arm->get(QStringLiteral("/subscriptions"), QStringLiteral("2022-12-01"), this,
                   [&](Result<Arm::ArmResponse> x) {
                       ++done;
                       ok += x.ok() ? 1 : 0;
                       if (!x.ok())
                           qWarning("%s", qPrintable(x.error().toString()));
                   });
    QTRY_COMPARE_WITH_TIMEOUT(done, 8, 20000);
    QCOMPARE(ok, 8);
    QCOMPARE(f.session->refreshCount(), 1);
    QVERIFY(f.session->isSignedIn());
    QVERIFY(f.arm->renewCount() >= 2); // several calls asked, one refresh answered them all
    QCOMPARE(refreshed.count(), 1); // once per refresh, not once per caller that joined it
    QCOMPARE(refreshFailed.count(), 0);
}

// A refresh the issuer refuses (the refresh token's absolute lifetime is over) is signalled once,
// with the issuer's reason, however many calls were waiting on it.
void TestArmClient::failedRefreshIsSignalledOnce()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.tokenLifetimeSeconds = 5;
    options.clockSkewSeconds = 0;
    QVERIFY(setUp(f, options, QStringLiteral("rita")));
    f.session->setAutoRefresh(false);
    QSignalSpy refreshed(f.session.get(), &Auth::Session::refreshed);
    QSignalSpy refreshFailed(f.session.get(), &Auth::Session::refreshFailed);
    f.clock.advance(Sandbox::OidcProvider::kRefreshLifetimeSeconds + 60);
    int failed = 0;
    for (int i = 0; i < 3; ++i)
        f.arm->get(QStringLiteral("/subscriptions"), QStringLiteral("2022-12-01"), this,
                   [&](Result<Arm::ArmResponse> x) { failed += x.ok() ? 0 : 1; });
    QTRY_COMPARE_WITH_TIMEOUT(failed, 3, 20000);
    QCOMPARE(refreshFailed.count(), 1);
    QCOMPARE(refreshFailed.first().first().value<Error>().code, QStringLiteral("invalid_grant"));
    QCOMPARE(refreshed.count(), 0);
    QVERIFY(!f.session->isSignedIn());

    // A profile switch that cancels nothing in flight says nothing either.
    f.session->setProfile(f.session->profile());
    QCOMPARE(refreshFailed.count(), 1);
}

void TestArmClient::throttlingIsRetriedAfterRetryAfter()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.throttleRate = 0.3;
    options.retryAfterSeconds = 0;
    options.seed = 77;
    QVERIFY(setUp(f, options, QStringLiteral("carla")));
    int ok = 0;
    for (int i = 0; i < 25; ++i) {
        std::optional<Result<Arm::ArmResponse>> r;
        f.arm->get(QStringLiteral("/subscriptions"), QStringLiteral("2022-12-01"), this,
                   [&](Result<Arm::ArmResponse> x) { r = x; });
        QTRY_VERIFY(r.has_value());
        ok += r->ok() ? 1 : 0;
    }
    QCOMPARE(ok, 25);
    QVERIFY(f.sandbox.server().requestCount() > 25); // some were throttled and sent again
}

void TestArmClient::pagingCollectsEveryItem()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.pageSize = 4;
    QVERIFY(setUp(f, options, QStringLiteral("carla")));
    int pages = 0;
    std::optional<Result<QJsonArray>> all;
    f.arm->list(
        kProdWeu + QStringLiteral("/backupProtectedItems"), QStringLiteral("2026-02-01"), this,
        [&](const QJsonArray &, int) { ++pages; }, [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(all->value().size(), 11);
    QCOMPARE(pages, 3);
}

// Defect: a page handler that deleted the listing's owner (a view closed while its list was
// loading) deleted the listing under its own feet; the listing went on reading its freed self
// (to look for the next page). It must stop there: cancelled, reported once, no second page
// asked for. (Without the guard this reads freed memory: the asan preset reports it; a plain
// build may crash or carry on with garbage.)
void TestArmClient::pageHandlerMayDeleteTheOwner()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.pageSize = 4;
    QVERIFY(setUp(f, options, QStringLiteral("carla")));
    const QString path = kProdWeu + QStringLiteral("/backupProtectedItems");
    for (int round = 0; round < 20; ++round) {
        auto *owner = new QObject(this);
        QPointer<Arm::ArmListCall> call;
        int pages = 0;
        int reports = 0;
        std::optional<Result<QJsonArray>> all;
        call = f.arm->list(
            path, QStringLiteral("2026-02-01"), owner,
            [&](const QJsonArray &, int) {
                ++pages;
                delete owner; // and with it the listing
                // What the freed listing would read next is overwritten, as a busy heap does.
                std::vector<std::unique_ptr<char[]>> churn;
                for (int i = 0; i < 64; ++i) {
                    churn.emplace_back(new char[sizeof(Arm::ArmListCall)]);
                    std::memset(churn.back().get(), 0, sizeof(Arm::ArmListCall));
                }
            },
            [&](Result<QJsonArray> x) {
                ++reports;
                all = x;
            });
        QVERIFY(call);
        QTRY_COMPARE(pages, 1);
        QVERIFY(!call);
        QTest::qWait(50); // a second page, had one been asked for, would have come by now
        QCOMPARE(pages, 1);
        QCOMPARE(reports, 1);
        QVERIFY(all.has_value() && !all->ok());
        QCOMPARE(all->error().kind, Error::Kind::Cancelled);
    }
}

// The next page is asked for as soon as a page's text is in (its nextLink read from the text),
// before that page is parsed and handed over; still every page once and in order, and not one
// request more than there are pages.
void TestArmClient::nextPageIsAskedForBeforeAPageIsHandedOver()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.pageSize = 4;
    QVERIFY(setUp(f, options, QStringLiteral("carla")));
    const int before = f.arm->requestCount();
    QList<int> order;
    QList<int> askedAtPage; // requests sent when each page is handed over
    QStringList ids;
    std::optional<Result<QJsonArray>> all;
    f.arm->list(
        kProdWeu + QStringLiteral("/backupProtectedItems"), QStringLiteral("2026-02-01"), this,
        [&](const QJsonArray &page, int index) {
            order << index;
            askedAtPage << f.arm->requestCount() - before;
            for (const QJsonValue &v : page)
                ids << v.toObject().value(QStringLiteral("id")).toString();
        },
        [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(order, (QList<int> { 0, 1, 2 }));
    QCOMPARE(askedAtPage, (QList<int> { 2, 3, 3 })); // page 2 and 3 asked for before 1 and 2 were handed over
    QCOMPARE(f.arm->requestCount() - before, 3);
    QCOMPARE(ids.size(), 11);
    QCOMPARE(QSet<QString>(ids.cbegin(), ids.cend()).size(), 11);
    for (qsizetype i = 0; i < ids.size(); ++i)
        QCOMPARE(ids.at(i), all->value().at(i).toObject().value(QStringLiteral("id")).toString());
}

QTEST_GUILESS_MAIN(TestArmClient)
#include "tst_armclient.moc"
