// Listing the estate through the backup service as each seeded person shows exactly what their
// role assignments allow: rita (Backup Reader on both subscriptions) and carla (Backup
// Contributor on both) everything; oscar (Reader on Production, Operator on one of its resource
// groups) Production only; greg (Operator on one Development vault, through a group) that vault
// only; nora nothing — where a listing is refused it is a 403 whose missing action the service
// names. Subscriptions and vault lists show only what may be read (as ARM does); inside a vault,
// items, policies, jobs and recovery points are all there or refused. Real sockets.
#include "arm/armclient.h"
#include "backup/backupservice.h"
#include "sandboxharness.h"
#include "sandboxids.h"

#include <QNetworkAccessManager>
#include <QTest>

#include <memory>

using namespace RestoreDesk;
using namespace RestoreDesk::Backup;
using namespace RestoreDesk::Test;

namespace {

const char *const kPeople[] = { "rita", "oscar", "greg", "carla", "nora" };
const char *const kVaults[] = { "rsv-prod-weu", "rsv-prod-neu", "rsv-dev-eus", "rsv-dev-wus2" };

// The vaults each person may read, from the seed's role assignments.
QStringList readable(const QString &person)
{
    if (person == QLatin1String("rita") || person == QLatin1String("carla"))
        return { QStringLiteral("rsv-prod-weu"), QStringLiteral("rsv-prod-neu"),
                 QStringLiteral("rsv-dev-eus"), QStringLiteral("rsv-dev-wus2") };
    if (person == QLatin1String("oscar"))
        return { QStringLiteral("rsv-prod-weu"), QStringLiteral("rsv-prod-neu") };
    if (person == QLatin1String("greg"))
        return { QStringLiteral("rsv-dev-eus") };
    return {};
}

// The action each listing needs, from the one table the console names it from.
QString deniedActionFor(const QString &what)
{
    static const QHash<QString, Backup::Listing> listings {
        { QStringLiteral("vault"), Backup::Listing::Vault },
        { QStringLiteral("items"), Backup::Listing::Items },
        { QStringLiteral("policies"), Backup::Listing::Policies },
        { QStringLiteral("jobs"), Backup::Listing::Jobs },
        { QStringLiteral("points"), Backup::Listing::Points },
    };
    return Backup::listingAction(listings.value(what, Backup::Listing::Unknown));
}

template<typename T>
QStringList sortedIds(const QList<T> &list)
{
    QStringList ids;
    for (const T &t : list)
        ids << t.id.toLower();
    ids.sort();
    return ids;
}

} // namespace

class TestBackupServiceAccess : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void subscriptions_data();
    void subscriptions();
    void vaultLists_data();
    void vaultLists();
    void insideVaults_data();
    void insideVaults();

private:
    BackupService &serviceFor(const QString &person);
    const Sandbox::SandboxVault &vault(const QString &name);
    template<typename T>
    Result<T> wait(const std::function<void(std::function<void(Result<T>)>)> &start);

    SandboxHarness m_sandbox;
    QNetworkAccessManager m_nam;
    struct Access
    {
        std::unique_ptr<Arm::StaticTokenProvider> tokens;
        std::unique_ptr<Arm::ArmClient> arm;
        std::unique_ptr<BackupService> service;
    };
    QHash<QString, std::shared_ptr<Access>> m_access;
};

void TestBackupServiceAccess::initTestCase()
{
    Sandbox::SandboxOptions options;
    options.pageSize = 3; // every listing pages
    QString error;
    QVERIFY2(m_sandbox.start(options, &error), qPrintable(error));
}

BackupService &TestBackupServiceAccess::serviceFor(const QString &person)
{
    if (!m_access.contains(person)) {
        auto a = std::make_shared<Access>();
        a->tokens
            = std::make_unique<Arm::StaticTokenProvider>(m_sandbox.signIn(person).accessToken.toLatin1());
        Net::Transport t;
        t.nam = &m_nam;
        a->arm = std::make_unique<Arm::ArmClient>(t, a->tokens.get(), QUrl(m_sandbox.api()));
        a->service = std::make_unique<BackupService>(a->arm.get());
        m_access.insert(person, a);
    }
    return *m_access.value(person)->service;
}

const Sandbox::SandboxVault &TestBackupServiceAccess::vault(const QString &name)
{
    const QList<Sandbox::SandboxVault> &vaults = m_sandbox.server().tenant().vaults;
    for (const Sandbox::SandboxVault &v : vaults) {
        if (v.resource.value(QStringLiteral("name")).toString() == name)
            return v;
    }
    qWarning("no vault %s in the seed", qPrintable(name));
    return vaults.first();
}

template<typename T>
Result<T> TestBackupServiceAccess::wait(const std::function<void(std::function<void(Result<T>)>)> &start)
{
    std::optional<Result<T>> result;
    start([&](Result<T> r) { result = std::move(r); });
    if (!QTest::qWaitFor([&] { return result.has_value(); }, 20000))
        return Error::make(Error::Kind::Timeout, QStringLiteral("test_timeout"));
    return std::move(*result);
}

void TestBackupServiceAccess::subscriptions_data()
{
    QTest::addColumn<QString>("person");
    QTest::addColumn<QStringList>("expected");
    QTest::newRow("rita: both, Reader on each")
        << "rita" << QStringList { kProdSubscription, kDevSubscription };
    QTest::newRow("oscar: Production only") << "oscar" << QStringList { kProdSubscription };
    QTest::newRow("greg: Development, through one vault of it") << "greg" << QStringList { kDevSubscription };
    QTest::newRow("carla: both") << "carla" << QStringList { kProdSubscription, kDevSubscription };
    QTest::newRow("nora: none, and no error") << "nora" << QStringList {};
}

void TestBackupServiceAccess::subscriptions()
{
    QFETCH(QString, person);
    QFETCH(QStringList, expected);
    BackupService &service = serviceFor(person);
    const auto subs = wait<QList<Subscription>>([&](auto done) { service.subscriptions(this, {}, done); });
    QVERIFY2(subs.ok(), qPrintable(subs.ok() ? QString() : subs.error().toString()));
    QStringList got;
    for (const Subscription &s : subs.value())
        got << s.subscriptionId;
    got.sort();
    expected.sort();
    QCOMPARE(got, expected);
}

void TestBackupServiceAccess::vaultLists_data()
{
    QTest::addColumn<QString>("person");
    QTest::addColumn<QString>("subscription");
    QTest::addColumn<QStringList>("expected");
    for (const char *p : kPeople) {
        const QString person = QLatin1String(p);
        for (const QString &sub : { kProdSubscription, kDevSubscription }) {
            QStringList expected;
            for (const QString &v : readable(person)) {
                if (v.startsWith(sub == kProdSubscription ? QLatin1String("rsv-prod")
                                                          : QLatin1String("rsv-dev")))
                    expected << v;
            }
            expected.sort();
            QTest::addRow("%s in %s: %s", p, sub == kProdSubscription ? "Production" : "Development",
                          expected.isEmpty() ? "none" : qPrintable(expected.join(QLatin1Char(' '))))
                << person << sub << expected;
        }
    }
}

void TestBackupServiceAccess::vaultLists()
{
    QFETCH(QString, person);
    QFETCH(QString, subscription);
    QFETCH(QStringList, expected);
    BackupService &service = serviceFor(person);
    const auto vaults = wait<QList<Vault>>([&](auto done) { service.vaults(subscription, this, {}, done); });
    QVERIFY2(vaults.ok(), qPrintable(vaults.ok() ? QString() : vaults.error().toString()));
    QStringList got;
    for (const Vault &v : vaults.value())
        got << v.name;
    got.sort();
    QCOMPARE(got, expected);
    // And the estate (every subscription at once) agrees, with no subscription failing.
    const auto estate = wait<Estate>([&](auto done) { service.estate(this, {}, done); });
    QVERIFY(estate.ok());
    QVERIFY(estate->failures.isEmpty());
    QStringList all;
    for (const Vault &v : estate->vaults)
        all << v.name;
    all.sort();
    QStringList readableSorted = readable(person);
    readableSorted.sort();
    QCOMPARE(all, readableSorted);
}

void TestBackupServiceAccess::insideVaults_data()
{
    QTest::addColumn<QString>("person");
    QTest::addColumn<QString>("vaultName");
    QTest::addColumn<QString>("what");
    QTest::addColumn<bool>("allowed");
    for (const char *p : kPeople) {
        const QStringList may = readable(QLatin1String(p));
        for (const char *v : kVaults) {
            const bool allowed = may.contains(QLatin1String(v));
            for (const char *what : { "vault", "items", "policies", "jobs", "points" })
                QTest::addRow("%s %s of %s: %s", p, what, v, allowed ? "all" : "refused")
                    << QString::fromLatin1(p) << QString::fromLatin1(v) << QString::fromLatin1(what)
                    << allowed;
        }
    }
}

void TestBackupServiceAccess::insideVaults()
{
    QFETCH(QString, person);
    QFETCH(QString, vaultName);
    QFETCH(QString, what);
    QFETCH(bool, allowed);
    BackupService &service = serviceFor(person);
    const Sandbox::SandboxVault &v = vault(vaultName);
    const QString vaultId = v.resource.value(QStringLiteral("id")).toString();
    QVERIFY(!v.items.isEmpty());
    const Sandbox::SandboxItem &item = v.items.first();
    const QString itemId = item.resource.value(QStringLiteral("id")).toString();

    // What the tenant holds there (ids, lower case, sorted).
    QStringList expected;
    Error error;
    if (what == QLatin1String("vault")) {
        const auto r = wait<Vault>([&](auto done) { service.vault(vaultId, this, done); });
        if (r.ok())
            QCOMPARE(r->id.toLower(), vaultId.toLower());
        else
            error = r.error();
    } else if (what == QLatin1String("items")) {
        const auto r = wait<QList<ProtectedItem>>(
            [&](auto done) { service.items(vaultId, ItemType::All, this, {}, done); });
        for (const Sandbox::SandboxItem &i : v.items)
            expected << i.resource.value(QStringLiteral("id")).toString().toLower();
        if (r.ok()) {
            expected.sort();
            QCOMPARE(sortedIds(r.value()), expected);
        } else {
            error = r.error();
        }
    } else if (what == QLatin1String("policies")) {
        const auto r = wait<QList<Policy>>([&](auto done) { service.policies(vaultId, this, {}, done); });
        for (const QJsonObject &p : v.policies)
            expected << p.value(QStringLiteral("id")).toString().toLower();
        if (r.ok()) {
            expected.sort();
            QCOMPARE(sortedIds(r.value()), expected);
        } else {
            error = r.error();
        }
    } else if (what == QLatin1String("jobs")) {
        const auto r = wait<QList<Backup::Job>>(
            [&](auto done) { service.jobs(vaultId, JobFilter(), this, {}, done); });
        for (const Sandbox::SandboxJob &j : v.jobs)
            expected << (vaultId + QStringLiteral("/backupJobs/") + j.id).toLower();
        if (r.ok()) {
            expected.sort();
            QCOMPARE(sortedIds(r.value()), expected);
        } else {
            error = r.error();
        }
    } else {
        const auto r = wait<QList<RecoveryPoint>>(
            [&](auto done) { service.recoveryPoints(itemId, {}, {}, this, {}, done); });
        for (const QJsonObject &p : item.recoveryPoints)
            expected << p.value(QStringLiteral("id")).toString().toLower();
        if (r.ok()) {
            expected.sort();
            QCOMPARE(sortedIds(r.value()), expected);
            QVERIFY(!expected.isEmpty());
        } else {
            error = r.error();
        }
    }
    if (allowed) {
        QVERIFY2(error.code.isEmpty(), qPrintable(error.toString()));
        return;
    }
    QVERIFY2(!error.code.isEmpty(), "the listing was not refused");
    QCOMPARE(error.httpStatus, 403);
    QVERIFY(BackupService::isNoAccess(error));
    QCOMPARE(BackupService::deniedAction(error), deniedActionFor(what));
    QVERIFY(!error.correlationId.isEmpty());
}

QTEST_GUILESS_MAIN(TestBackupServiceAccess)
#include "tst_backupservice_access.moc"
