// The ARM transport against the sandbox over real sockets: bearer and correlation headers,
// ARM errors as values, one refresh on a 401, Retry-After on 429, nextLink paging.
#include "arm/armclient.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "sandboxharness.h"

#include <QJsonArray>
#include <QNetworkAccessManager>
#include <QTemporaryDir>
#include <QTest>

#include <optional>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

class TestArmClient : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void errorsCarryCodeStatusAndCorrelation();
    void expiredTokenIsRefreshedOnceOn401();
    void throttlingIsRetriedAfterRetryAfter();
    void pagingCollectsEveryItem();

private:
    struct Fixture
    {
        QTemporaryDir dir;
        SandboxHarness sandbox;
        QNetworkAccessManager nam;
        std::unique_ptr<Auth::ProfileStore> profiles;
        std::unique_ptr<Auth::Session> session;
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
    f.session->setProfile(
        Auth::Profile::sandbox(f.sandbox.issuer(), f.sandbox.api(), Sandbox::SandboxServer::apiAudience()));
    connect(f.session.get(), &Auth::Session::openBrowser, this,
            [&f, user](const QUrl &url) { f.sandbox.actAsBrowser(url, user); });
    std::optional<Result<void>> signedIn;
    f.session->signIn([&](Result<void> r) { signedIn = r; });
    if (!QTest::qWaitFor([&] { return signedIn.has_value(); }, 20000) || !signedIn->ok())
        return false;
    f.arm = std::make_unique<Arm::ArmClient>(&f.nam, f.session.get(), QUrl(f.sandbox.api()));
    return true;
}

void TestArmClient::errorsCarryCodeStatusAndCorrelation()
{
    Fixture f;
    QVERIFY(setUp(f, Sandbox::SandboxOptions(), QStringLiteral("nora")));
    std::optional<Result<Arm::ArmResponse>> r;
    f.arm->get(QStringLiteral("/subscriptions/3f2504e0-4f89-41d3-9a0c-0305e82c3301/resourceGroups/"
                              "rg-backup-weu/providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu"),
               QStringLiteral("2026-08-01"), [&](Result<Arm::ArmResponse> x) { r = x; });
    QTRY_VERIFY(r.has_value());
    QVERIFY(!r->ok());
    QCOMPARE(r->error().code, QStringLiteral("AuthorizationFailed"));
    QCOMPARE(r->error().httpStatus, 403);
    QVERIFY(r->error().detail.contains(QStringLiteral("Vaults/read")));
    QVERIFY(!r->error().correlationId.isEmpty());
    QCOMPARE(f.arm->refreshCount(), 0); // a 403 is not a token problem
}

void TestArmClient::expiredTokenIsRefreshedOnceOn401()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.tokenLifetimeSeconds = 5;
    options.clockSkewSeconds = 0;
    QVERIFY(setUp(f, options, QStringLiteral("rita")));
    f.session->setAutoRefresh(false); // so the API, not the timer, finds the token expired
    const QByteArray first = f.session->accessToken();
    QTest::qWait(6000); // the access token is now expired at the API
    std::optional<Result<Arm::ArmResponse>> r;
    f.arm->get(QStringLiteral("/subscriptions"), QStringLiteral("2022-12-01"),
               [&](Result<Arm::ArmResponse> x) { r = x; });
    QTRY_VERIFY_WITH_TIMEOUT(r.has_value(), 15000);
    QVERIFY2(r->ok(), qPrintable(r->ok() ? QString() : r->error().toString()));
    QCOMPARE(r->value().status, 200);
    QVERIFY(f.session->accessToken() != first);
    QCOMPARE(f.arm->refreshCount(), 1);
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
        f.arm->get(QStringLiteral("/subscriptions"), QStringLiteral("2022-12-01"),
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
    f.arm->getAll(
        QStringLiteral("/subscriptions/3f2504e0-4f89-41d3-9a0c-0305e82c3301/resourceGroups/rg-backup-weu/"
                       "providers/Microsoft.RecoveryServices/vaults/rsv-prod-weu/backupProtectedItems"),
        QStringLiteral("2026-02-01"), [&](const QJsonArray &) { ++pages; },
        [&](Result<QJsonArray> x) { all = x; });
    QTRY_VERIFY(all.has_value());
    QVERIFY(all->ok());
    QCOMPARE(all->value().size(), 11);
    QCOMPARE(pages, 3);
}

QTEST_GUILESS_MAIN(TestArmClient)
#include "tst_armclient.moc"
