#include "restorefixture.h"
#include "sandboxids.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QTest>

namespace RestoreDesk::Test {

namespace {
const QString kB = QStringLiteral("?api-version=2026-02-01");
} // namespace

RestoreFixture::RestoreFixture()
{
    QObject::connect(&m_clockTimer, &QTimer::timeout, &m_clockTimer, [this] { clock.advance(m_step); });
}

RestoreFixture::~RestoreFixture()
{
    m_clockTimer.stop();
    restore.reset();
    backup.reset();
    arm.reset();
}

QString RestoreFixture::subscriptionOf(const QString &vaultName)
{
    return vaultName.startsWith(QLatin1String("rsv-dev")) ? kDev : kProd;
}

QString RestoreFixture::vaultId(const QString &name)
{
    const QString rg = name.startsWith(QLatin1String("rsv-dev")) ? QStringLiteral("rg-backup-dev")
        : name == QLatin1String("rsv-prod-neu")                  ? QStringLiteral("rg-backup-neu")
                                                                 : QStringLiteral("rg-backup-weu");
    return subscriptionOf(name) + QStringLiteral("/resourceGroups/") + rg
        + QStringLiteral("/providers/Microsoft.RecoveryServices/vaults/") + name;
}

RenewalLedger::RenewalLedger(Arm::TokenProvider *inner, Auth::Session *session)
    : m_inner(inner)
{
    QObject::connect(session, &Auth::Session::refreshed, &m_context, [this] { ++m_refreshes; });
}

void RenewalLedger::renew(const QByteArray &rejected, std::function<void(Result<void>)> done)
{
    ++m_asks;
    const QString key = QString::fromLatin1(
        QCryptographicHash::hash(rejected, QCryptographicHash::Sha256).toHex().left(12));
    const int before = m_refreshes;
    m_inner->renew(rejected, [this, key, before, done = std::move(done)](Result<void> r) {
        // The session says `refreshed` before its callers hear: every refresh since the ask is one
        // this ask started or joined.
        for (int i = before + 1; i <= m_refreshes; ++i)
            m_renewedBy[key].insert(i);
        done(std::move(r));
    });
}

QHash<QString, int> RenewalLedger::renewalsPerToken() const
{
    QHash<QString, int> out;
    for (auto it = m_renewedBy.cbegin(); it != m_renewedBy.cend(); ++it)
        out.insert(it.key(), int(it.value().size()));
    return out;
}

bool RestoreFixture::start(const Sandbox::SandboxOptions &options, const QString &user, QString *error)
{
    if (!sandbox.start(options, error))
        return false;
    profiles = std::make_unique<Auth::ProfileStore>(dir.filePath(QStringLiteral("profiles.conf")));
    session = std::make_unique<Auth::Session>(&nam, nullptr, profiles.get()); // memory only
    session->setClock(clock.clock());
    session->setProfile(
        Auth::Profile::sandbox(sandbox.issuer(), sandbox.api(), Sandbox::SandboxServer::apiAudience()));
    QObject::connect(session.get(), &Auth::Session::openBrowser, session.get(),
                     [this, user](const QUrl &url) { sandbox.actAsBrowser(url, user); });
    std::optional<Result<void>> signedIn;
    session->signIn([&](Result<void> r) { signedIn = r; });
    if (!QTest::qWaitFor([&] { return signedIn.has_value(); }, 30000) || !signedIn->ok()) {
        *error = signedIn ? signedIn->error().toString() : QStringLiteral("sign-in did not finish");
        return false;
    }
    tokens = std::make_unique<Arm::SessionTokenProvider>(session.get());
    Net::Transport t;
    t.nam = &nam;
    renewals = std::make_unique<RenewalLedger>(tokens.get(), session.get());
    arm = std::make_unique<Arm::ArmClient>(t, renewals.get(), QUrl(sandbox.api()));
    arm->setClock(clock.clock()); // the sandbox's Date headers are measured against the same clock
    Arm::ArmClient::Options o;
    o.baseDelayMs = 20; // faults are retried quickly here; the waits still follow Retry-After
    o.maxDelayMs = 200;
    o.retryBudget = 1000;
    o.retryBudgetPerSecond = 100;
    o.maxAttempts = 8;
    arm->setOptions(o);
    backup = std::make_unique<Backup::BackupService>(arm.get());
    restore = std::make_unique<Backup::RestoreService>(backup.get());
    return true;
}

void RestoreFixture::runClock(int seconds, int everyMs)
{
    m_step = seconds;
    if (everyMs <= 0)
        m_clockTimer.stop();
    else
        m_clockTimer.start(everyMs);
}

QString RestoreFixture::token(const QString &user)
{
    if (!m_tokens.contains(user))
        m_tokens.insert(user, sandbox.signIn(user).accessToken);
    return m_tokens.value(user);
}

SandboxHarness::Reply RestoreFixture::read(const QString &pathOrUrl)
{
    // The test's own reads go through the same faults as the console's: ask until answered.
    SandboxHarness::Reply r;
    for (int attempt = 0; attempt < 100; ++attempt) {
        r = sandbox.get(pathOrUrl, token(QStringLiteral("carla")));
        if (r.status == 200)
            return r;
        if (r.status == 401)
            m_tokens.remove(QStringLiteral("carla"));
    }
    return r;
}

QString RestoreFixture::itemId(const QString &vaultName, const QString &friendlyName)
{
    const auto items = read(vaultId(vaultName) + QStringLiteral("/backupProtectedItems") + kB);
    for (const QJsonValue &v : items.json.value(QStringLiteral("value")).toArray()) {
        if (v.toObject()
                .value(QStringLiteral("properties"))
                .toObject()
                .value(QStringLiteral("friendlyName"))
                .toString()
            == friendlyName)
            return v.toObject().value(QStringLiteral("id")).toString();
    }
    return {};
}

QString RestoreFixture::newestPoint(const QString &itemId, bool archived)
{
    const auto points = read(itemId + QStringLiteral("/recoveryPoints") + kB);
    for (const QJsonValue &v : points.json.value(QStringLiteral("value")).toArray()) {
        const QJsonArray tiers = v.toObject()
                                     .value(QStringLiteral("properties"))
                                     .toObject()
                                     .value(QStringLiteral("recoveryPointTierDetails"))
                                     .toArray();
        bool onlyArchive = false;
        for (const QJsonValue &t : tiers) {
            onlyArchive = onlyArchive
                || (t.toObject().value(QStringLiteral("type")).toString() == QLatin1String("ArchivedRP")
                    && t.toObject().value(QStringLiteral("status")).toString() == QLatin1String("Valid"));
        }
        if (onlyArchive == archived)
            return v.toObject().value(QStringLiteral("id")).toString();
    }
    return {};
}

int RestoreFixture::restoreJobs(const QString &vault, const QString &friendlyName)
{
    int n = 0;
    QString next = vault + QStringLiteral("/backupJobs") + kB;
    while (!next.isEmpty()) {
        const auto page = read(next);
        for (const QJsonValue &v : page.json.value(QStringLiteral("value")).toArray()) {
            const QJsonObject p = v.toObject().value(QStringLiteral("properties")).toObject();
            n += p.value(QStringLiteral("operation")).toString() == QLatin1String("Restore")
                && p.value(QStringLiteral("entityFriendlyName")).toString() == friendlyName;
        }
        next = page.json.value(QStringLiteral("nextLink")).toString();
    }
    return n;
}

} // namespace RestoreDesk::Test
