// The backup service against the sandbox over real sockets, with small pages, latency, 429s and
// 5xx answers injected: every subscription, vault, policy, item, job and recovery point of the
// tenant arrives exactly once (held against the sandbox's own data), every request is accounted
// for (one per page plus one per retry), retries stay within the per-call limit and the
// client-wide budget, concurrency stays within its bound, and listings whose owner goes away
// (or that are cancelled) report once, as cancelled, and give their slots back. Large pages,
// parsed on worker threads, still reach the page handler in order, before the end.
#include "arm/armclient.h"
#include "backup/backupservice.h"
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QNetworkAccessManager>
#include <QSet>
#include <QTest>

#include <memory>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;

namespace {

QString key(const QString &id)
{
    return id.toLower();
}

int pagesFor(qsizetype count, int pageSize)
{
    return count == 0 ? 1 : int((count + pageSize - 1) / pageSize);
}

// The ids of `list`, failing the test on a duplicate.
template<typename T>
QSet<QString> idsOnce(const QList<T> &list, QString *duplicate)
{
    QSet<QString> ids;
    for (const T &t : list) {
        if (ids.contains(key(t.id)) && duplicate->isEmpty())
            *duplicate = t.id;
        ids.insert(key(t.id));
    }
    return ids;
}

} // namespace

class TestBackupServiceSandbox : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void everythingArrivesExactlyOnceThroughFaults();
    void perCallAttemptsAreBounded();
    void retryBudgetBoundsTheWholeClient();
    void longRetryAfterIsNotWaited();
    void ownerGoneReportsOnceAsCancelled();
    void cancelReportsOnce();
    void largePagesParsedOffThreadArriveInOrder();
    void ownerGoneWhileParsingReportsOnce();

private:
    struct Fixture
    {
        SandboxHarness sandbox;
        QNetworkAccessManager nam;
        std::unique_ptr<Arm::StaticTokenProvider> tokens;
        std::unique_ptr<Arm::ArmClient> arm;
        std::unique_ptr<BackupService> service;
        quint64 serverRequestsBefore = 0;
    };
    bool setUp(Fixture &f, const Sandbox::SandboxOptions &options, const Arm::ArmClient::Options &arm,
               const QString &user = QStringLiteral("carla"));
    static QString prodWeu();
};

QString TestBackupServiceSandbox::prodWeu()
{
    return kProdWeu;
}

bool TestBackupServiceSandbox::setUp(Fixture &f, const Sandbox::SandboxOptions &options,
                                     const Arm::ArmClient::Options &armOptions, const QString &user)
{
    QString error;
    if (!f.sandbox.start(options, &error)) {
        qWarning("%s", qPrintable(error));
        return false;
    }
    const QString token = f.sandbox.signIn(user).accessToken;
    if (token.isEmpty())
        return false;
    f.tokens = std::make_unique<Arm::StaticTokenProvider>(token.toLatin1());
    Net::Transport t;
    t.nam = &f.nam;
    f.arm = std::make_unique<Arm::ArmClient>(t, f.tokens.get(), QUrl(f.sandbox.api()));
    f.arm->setOptions(armOptions);
    f.arm->setRandomSeed(7);
    f.service = std::make_unique<BackupService>(f.arm.get());
    f.serverRequestsBefore = f.sandbox.server().requestCount();
    return true;
}

void TestBackupServiceSandbox::everythingArrivesExactlyOnceThroughFaults()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.pageSize = 3;
    options.latencyMs = 5;
    options.throttleRate = 0.12;
    options.errorRate = 0.08;
    options.retryAfterSeconds = 0;
    options.seed = 4242;
    options.scaled = true;
    options.scale = { 1, 3, 20, 5 };
    Arm::ArmClient::Options arm;
    arm.baseDelayMs = 5;
    arm.maxDelayMs = 40;
    arm.maxAttempts = 12;
    arm.retryBudget = 100000;
    arm.maxConcurrentPerHost = 4;
    QVERIFY(setUp(f, options, arm));
    const Sandbox::Tenant &tenant = f.sandbox.server().tenant();
    const int pageSize = options.pageSize;

    // The estate: subscriptions, then every subscription's vaults at once.
    std::optional<Result<Estate>> estate;
    f.service->estate(this, {}, [&](Result<Estate> e) { estate = std::move(e); });
    QTRY_VERIFY_WITH_TIMEOUT(estate.has_value(), 60000);
    QVERIFY2(estate->ok(), qPrintable(estate->ok() ? QString() : estate->error().toString()));
    QVERIFY(estate->value().failures.isEmpty());
    QString duplicate;
    QSet<QString> expectedSubs;
    for (const QJsonObject &s : tenant.subscriptions)
        expectedSubs.insert(key(s.value(QStringLiteral("id")).toString()));
    QCOMPARE(idsOnce(estate->value().subscriptions, &duplicate), expectedSubs);
    QSet<QString> expectedVaults;
    int expectedPages = pagesFor(tenant.subscriptions.size(), pageSize);
    for (const QJsonObject &s : tenant.subscriptions) {
        int n = 0;
        for (const Sandbox::SandboxVault &v : tenant.vaults)
            n += v.subscriptionId == s.value(QStringLiteral("subscriptionId")).toString() ? 1 : 0;
        expectedPages += pagesFor(n, pageSize);
    }
    for (const Sandbox::SandboxVault &v : tenant.vaults)
        expectedVaults.insert(key(v.resource.value(QStringLiteral("id")).toString()));
    QCOMPARE(idsOnce(estate->value().vaults, &duplicate), expectedVaults);
    QVERIFY2(duplicate.isEmpty(), qPrintable(duplicate));

    // Then everything in every vault at once, and every item's recovery points.
    struct Got
    {
        std::optional<Result<QList<ProtectedItem>>> items;
        std::optional<Result<QList<Policy>>> policies;
        std::optional<Result<QList<Backup::Job>>> jobs;
        int itemPages = 0;
    };
    QHash<QString, Got> got;
    QHash<QString, std::optional<Result<QList<RecoveryPoint>>>> points;
    int pointListings = 0;
    for (const Sandbox::SandboxVault &v : tenant.vaults) {
        const QString id = v.resource.value(QStringLiteral("id")).toString();
        Got &g = got[key(id)];
        f.service->items(
            id, ItemType::All, this,
            [&g](const QList<ProtectedItem> &, const QList<Unreadable> &bad, int) {
                ++g.itemPages;
                QVERIFY(bad.isEmpty());
            },
            [&g](Result<QList<ProtectedItem>> r) { g.items = std::move(r); });
        f.service->policies(id, this, {}, [&g](Result<QList<Policy>> r) { g.policies = std::move(r); });
        f.service->jobs(id, JobFilter(), this, {},
                        [&g](Result<QList<Backup::Job>> r) { g.jobs = std::move(r); });
        expectedPages += pagesFor(v.items.size(), pageSize) + pagesFor(v.policies.size(), pageSize)
            + pagesFor(v.jobs.size(), pageSize);
        for (const Sandbox::SandboxItem &i : v.items) {
            const QString itemId = i.resource.value(QStringLiteral("id")).toString();
            ++pointListings;
            f.service->recoveryPoints(
                itemId, {}, {}, this, {},
                [&points, itemId](Result<QList<RecoveryPoint>> r) { points[key(itemId)] = std::move(r); });
            expectedPages += pagesFor(i.recoveryPoints.size(), pageSize);
        }
    }
    auto allDone = [&] {
        for (const Got &g : std::as_const(got)) {
            if (!g.items || !g.policies || !g.jobs)
                return false;
        }
        return points.size() == pointListings;
    };
    QTRY_VERIFY_WITH_TIMEOUT(allDone(), 120000);

    for (const Sandbox::SandboxVault &v : tenant.vaults) {
        const Got &g = got.value(key(v.resource.value(QStringLiteral("id")).toString()));
        QVERIFY2(g.items->ok(), qPrintable(g.items->ok() ? QString() : g.items->error().toString()));
        QVERIFY(g.policies->ok());
        QVERIFY(g.jobs->ok());
        QSet<QString> items;
        QSet<QString> policies;
        QSet<QString> jobs;
        for (const Sandbox::SandboxItem &i : v.items)
            items.insert(key(i.resource.value(QStringLiteral("id")).toString()));
        for (const QJsonObject &p : v.policies)
            policies.insert(key(p.value(QStringLiteral("id")).toString()));
        for (const Sandbox::SandboxJob &j : v.jobs)
            jobs.insert(key(v.resource.value(QStringLiteral("id")).toString() + QStringLiteral("/backupJobs/")
                            + j.id));
        QCOMPARE(g.items->value().size(), v.items.size());
        QCOMPARE(idsOnce(g.items->value(), &duplicate), items);
        QCOMPARE(g.itemPages, pagesFor(v.items.size(), pageSize));
        QCOMPARE(idsOnce(g.policies->value(), &duplicate), policies);
        QCOMPARE(g.jobs->value().size(), v.jobs.size());
        QCOMPARE(idsOnce(g.jobs->value(), &duplicate), jobs);
        for (const Sandbox::SandboxItem &i : v.items) {
            const auto &r = points.value(key(i.resource.value(QStringLiteral("id")).toString()));
            QVERIFY(r->ok());
            QSet<QString> expected;
            for (const QJsonObject &p : i.recoveryPoints)
                expected.insert(key(p.value(QStringLiteral("id")).toString()));
            QCOMPARE(r->value().size(), i.recoveryPoints.size());
            QCOMPARE(idsOnce(r->value(), &duplicate), expected);
        }
    }
    QVERIFY2(duplicate.isEmpty(), qPrintable(duplicate));

    // Every request accounted for: one per page, one more per retry (no renewals with a fixed
    // token), and each one reached the server.
    QVERIFY(f.arm->retryCount() > 0); // the faults did happen
    QCOMPARE(f.arm->renewCount(), 0);
    QCOMPARE(f.arm->requestCount(), expectedPages + f.arm->retryCount());
    QCOMPARE(f.sandbox.server().requestCount() - f.serverRequestsBefore, quint64(f.arm->requestCount()));
    // Concurrent, within the bound, and every slot given back.
    QVERIFY2(f.arm->peakInFlight() > 1, "the listings ran one at a time");
    QVERIFY(f.arm->peakInFlight() <= arm.maxConcurrentPerHost);
    QCOMPARE(f.arm->inFlight(), 0);
    qInfo("%d pages, %d requests, %d retries, peak %d concurrent", expectedPages, f.arm->requestCount(),
          f.arm->retryCount(), f.arm->peakInFlight());
}

void TestBackupServiceSandbox::perCallAttemptsAreBounded()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.errorRate = 1.0; // every API answer is a 500 or 503
    options.seed = 1;
    Arm::ArmClient::Options arm;
    arm.baseDelayMs = 1;
    arm.maxDelayMs = 5;
    arm.maxAttempts = 3;
    QVERIFY(setUp(f, options, arm));
    std::optional<Result<QList<ProtectedItem>>> items;
    f.service->items(prodWeu(), ItemType::All, this, {}, [&](Result<QList<ProtectedItem>> r) { items = r; });
    QTRY_VERIFY(items.has_value());
    QVERIFY(!items->ok());
    QVERIFY(items->error().httpStatus == 500 || items->error().httpStatus == 503);
    QVERIFY(!items->error().correlationId.isEmpty());
    QCOMPARE(f.arm->requestCount(), 3);
    QCOMPARE(f.arm->retryCount(), 2);
    QCOMPARE(f.sandbox.server().requestCount() - f.serverRequestsBefore, quint64(3));
}

void TestBackupServiceSandbox::retryBudgetBoundsTheWholeClient()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.errorRate = 1.0;
    options.seed = 2;
    Arm::ArmClient::Options arm;
    arm.baseDelayMs = 1;
    arm.maxDelayMs = 5;
    arm.maxAttempts = 100;
    arm.retryBudget = 5;
    arm.retryBudgetPerSecond = 0;
    QVERIFY(setUp(f, options, arm));
    // Three listings at once share the five retries, then all give up.
    int failed = 0;
    bool exhaustedSaid = false;
    for (int i = 0; i < 3; ++i)
        f.service->policies(prodWeu(), this, {}, [&](Result<QList<Policy>> r) {
            failed += r.ok() ? 0 : 1;
            exhaustedSaid
                = exhaustedSaid || (!r.ok() && r.error().detail.contains(QStringLiteral("retry budget")));
        });
    QTRY_COMPARE(failed, 3);
    QVERIFY(exhaustedSaid);
    QCOMPARE(f.arm->retryCount(), 5);
    QCOMPARE(f.arm->requestCount(), 3 + 5);
}

void TestBackupServiceSandbox::longRetryAfterIsNotWaited()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.throttleRate = 1.0;
    options.retryAfterSeconds = 600; // beyond what the client waits
    options.seed = 3;
    QVERIFY(setUp(f, options, Arm::ArmClient::Options()));
    std::optional<Result<QList<Subscription>>> subs;
    f.service->subscriptions(this, {}, [&](Result<QList<Subscription>> r) { subs = r; });
    QTRY_VERIFY(subs.has_value());
    QVERIFY(!subs->ok());
    QCOMPARE(subs->error().code, QStringLiteral("arm_throttled"));
    QCOMPARE(subs->error().args, QStringList { QStringLiteral("600") });
    QCOMPARE(f.arm->retryCount(), 0);
}

void TestBackupServiceSandbox::ownerGoneReportsOnceAsCancelled()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.latencyMs = 300;
    options.pageSize = 2;
    QVERIFY(setUp(f, options, Arm::ArmClient::Options()));
    auto *owner = new QObject;
    QList<Error> reports;
    int pages = 0;
    auto keep = [&reports](const auto &r) { reports << (r.ok() ? Error() : r.error()); };
    f.service->items(
        prodWeu(), ItemType::All, owner,
        [&](const QList<ProtectedItem> &, const QList<Unreadable> &, int) { ++pages; },
        [&](Result<QList<ProtectedItem>> r) { keep(r); });
    // Mid-listing: the first page of items is in, the rest is on the wire; the others start now
    // and are all in flight when the owner goes.
    QTRY_VERIFY_WITH_TIMEOUT(pages >= 1, 10000);
    f.service->estate(owner, {}, [&](Result<Estate> r) { keep(r); });
    f.service->vault(prodWeu(), owner, [&](Result<Vault> r) { keep(r); });
    f.service->recoveryPoints(
        prodWeu()
            + QStringLiteral(
                "/backupFabrics/Azure/protectionContainers/IaasVMContainer;iaasvmcontainerv2;"
                "rg-web-prod;vm-web-01/protectedItems/VM;iaasvmcontainerv2;rg-web-prod;vm-web-01"),
        {}, {}, owner, {}, [&](Result<QList<RecoveryPoint>> r) { keep(r); });
    QTest::qWait(50);
    QVERIFY(reports.isEmpty());
    QVERIFY(f.arm->inFlight() > 0);
    delete owner;
    QCOMPARE(reports.size(), 4);
    for (const Error &e : std::as_const(reports))
        QCOMPARE(e.code, QString(Codes::Cancelled));
    // Nothing reports a second time when the answers in flight arrive; the slots come back.
    QTest::qWait(options.latencyMs * 3);
    QCOMPARE(reports.size(), 4);
    QTRY_COMPARE(f.arm->inFlight(), 0);
}

void TestBackupServiceSandbox::cancelReportsOnce()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.latencyMs = 200;
    QVERIFY(setUp(f, options, Arm::ArmClient::Options()));
    QObject owner;
    int reports = 0;
    QString code;
    auto *job = f.service->jobs(prodWeu(), JobFilter(), &owner, {}, [&](Result<QList<Backup::Job>> r) {
        ++reports;
        code = r.ok() ? QString() : r.error().code;
    });
    QTest::qWait(20);
    job->cancel();
    QCOMPARE(reports, 1);
    QCOMPARE(code, QString(Codes::Cancelled));
    QTest::qWait(options.latencyMs * 2);
    delete job;
    QCOMPARE(reports, 1);
    QTRY_COMPARE(f.arm->inFlight(), 0);
}

QTEST_GUILESS_MAIN(TestBackupServiceSandbox)
void TestBackupServiceSandbox::largePagesParsedOffThreadArriveInOrder()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.pageSize = 40; // pages of tens of kilobytes: JSON and values parsed off this thread
    options.scaled = true;
    options.scale = { 1, 1, 1, 400 };
    QVERIFY(setUp(f, options, Arm::ArmClient::Options()));
    const Sandbox::SandboxItem *item = nullptr;
    for (const Sandbox::SandboxVault &v : f.sandbox.server().tenant().vaults) {
        for (const Sandbox::SandboxItem &i : v.items) {
            if (!item || i.recoveryPoints.size() > item->recoveryPoints.size())
                item = &i;
        }
    }
    QVERIFY(item && item->recoveryPoints.size() > 3 * options.pageSize); // several large pages
    QStringList expected;
    for (const QJsonObject &p : item->recoveryPoints)
        expected << p.value(QStringLiteral("id")).toString();

    QList<int> indexes;
    QStringList paged;
    std::optional<Result<QList<RecoveryPoint>>> done;
    int reports = 0;
    f.service->recoveryPoints(
        item->resource.value(QStringLiteral("id")).toString(), {}, {}, this,
        [&](const QList<RecoveryPoint> &page, const QList<Unreadable> &bad, int index) {
            QVERIFY(!done.has_value()); // every page before the end
            QVERIFY(bad.isEmpty());
            indexes << index;
            for (const RecoveryPoint &p : page)
                paged << p.id;
        },
        [&](Result<QList<RecoveryPoint>> r) {
            ++reports;
            done = std::move(r);
        });
    QTRY_VERIFY_WITH_TIMEOUT(done.has_value(), 60000);
    QVERIFY2(done->ok(), qPrintable(done->ok() ? QString() : done->error().toString()));
    QList<int> inOrder;
    for (int i = 0; i < pagesFor(expected.size(), options.pageSize); ++i)
        inOrder << i;
    QCOMPARE(indexes, inOrder);
    QStringList all;
    for (const RecoveryPoint &p : done->value())
        all << p.id;
    QCOMPARE(all, paged); // the end holds the pages in the order they were handed over
    QStringList sortedPaged = paged;
    sortedPaged.sort();
    expected.sort();
    QCOMPARE(sortedPaged, expected); // every point once
    QTest::qWait(50);
    QCOMPARE(reports, 1);
}

void TestBackupServiceSandbox::ownerGoneWhileParsingReportsOnce()
{
    Fixture f;
    Sandbox::SandboxOptions options;
    options.pageSize = 200;
    options.scaled = true;
    options.scale = { 1, 1, 1, 2000 };
    QVERIFY(setUp(f, options, Arm::ArmClient::Options()));
    QString itemId;
    qsizetype most = 0;
    for (const Sandbox::SandboxVault &v : f.sandbox.server().tenant().vaults) {
        for (const Sandbox::SandboxItem &i : v.items) {
            if (i.recoveryPoints.size() > most) {
                most = i.recoveryPoints.size();
                itemId = i.resource.value(QStringLiteral("id")).toString();
            }
        }
    }
    QVERIFY(most > 2 * options.pageSize);
    // The owner goes as soon as the first page is in: later pages may be on the wire or being
    // parsed on a worker; the listing reports once, cancelled, and nothing comes after.
    auto *owner = new QObject;
    int pages = 0;
    QList<Error> reports;
    f.service->recoveryPoints(
        itemId, {}, {}, owner, [&](const QList<RecoveryPoint> &, const QList<Unreadable> &, int) { ++pages; },
        [&](Result<QList<RecoveryPoint>> r) { reports << (r.ok() ? Error() : r.error()); });
    QTRY_VERIFY_WITH_TIMEOUT(pages >= 1, 30000);
    delete owner;
    QCOMPARE(reports.size(), 1);
    QCOMPARE(reports.first().code, QString(Codes::Cancelled));
    const int pagesThen = pages;
    QTest::qWait(300);
    QCOMPARE(reports.size(), 1);
    QCOMPARE(pages, pagesThen);
    QTRY_COMPARE(f.arm->inFlight(), 0);
}

#include "tst_backupservice_sandbox.moc"
