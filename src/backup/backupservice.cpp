#include "backup/backupservice.h"

#include "backup/armid.h"
#include "backup/backuperrors.h"
#include "backup/distinct.h"

#include <QRegularExpression>
#include <QSet>

#include <algorithm>

namespace RestoreDesk::Backup {

BackupService::BackupService(Arm::ArmClient *arm, ApiVersions versions, QObject *parent)
    : QObject(parent)
    , m_arm(arm)
    , m_versions(std::move(versions))
{ }

QUrl BackupService::urlFor(const QString &pathOrId, const QString &apiVersion) const
{
    return m_arm->urlFor(pathOrId, apiVersion);
}

QString BackupService::apiVersionFor(const QString &id) const
{
    const ArmId a = ArmId::parse(id);
    switch (a.kind) {
    case ArmId::Kind::Subscription:
    case ArmId::Kind::ResourceGroup:
    case ArmId::Kind::Root:
        return m_versions.resources;
    case ArmId::Kind::Vault:
        return m_versions.vaults;
    default:
        return a.isUnderVault() ? m_versions.backup : m_versions.resources;
    }
}

ListJob<Subscription> *BackupService::subscriptions(QObject *owner, Pages<Subscription> onPage,
                                                    Done<QList<Subscription>> done)
{
    return ListJob<Subscription>::start(m_arm, Paths::subscriptions(), m_versions.resources, owner,
                                        std::move(onPage), std::move(done));
}

namespace {

bool inSubscription(const Vault &v, const QString &subscriptionId)
{
    return v.armId.subscription.compare(subscriptionId, Qt::CaseInsensitive) == 0;
}

} // namespace

ListJob<Vault> *BackupService::vaults(const QString &subscriptionId, QObject *owner, Pages<Vault> onPage,
                                      Done<QList<Vault>> done)
{
    // A vault listed under a subscription belongs to it: one whose id names another subscription
    // is an entry that cannot be read (said, never placed under the other subscription).
    auto pages = [subscriptionId, onPage = std::move(onPage)](const QList<Vault> &vaults,
                                                              const QList<Unreadable> &bad, int index) {
        if (!onPage)
            return;
        QList<Vault> own;
        QList<Unreadable> unreadable = bad;
        // Unreadable::index is the entry's place in the page: the parsed vaults are the page's
        // entries in order, less the ones already rejected.
        QSet<qsizetype> rejected;
        for (const Unreadable &u : bad)
            rejected.insert(u.index);
        qsizetype place = 0;
        for (const Vault &v : vaults) {
            while (rejected.contains(place))
                ++place;
            const qsizetype at = place++;
            if (inSubscription(v, subscriptionId)) {
                own << v;
                continue;
            }
            const QString scope = QStringLiteral("/subscriptions/") + subscriptionId;
            unreadable << Unreadable {
                Error::make(Error::Kind::Protocol, Codes::OutsideScope,
                            QStringLiteral("Vault: \"%1\" is not in %2").arg(v.id, scope), { v.id, scope }),
                v.raw, at
            };
        }
        std::stable_sort(unreadable.begin(), unreadable.end(),
                         [](const Unreadable &a, const Unreadable &b) { return a.index < b.index; });
        onPage(own, unreadable, index);
    };
    auto whole = [subscriptionId, done = std::move(done)](Result<QList<Vault>> vaults) {
        if (!done)
            return;
        if (!vaults)
            return done(std::move(vaults));
        QList<Vault> own;
        for (const Vault &v : vaults.value()) {
            if (inSubscription(v, subscriptionId))
                own << v;
        }
        done(own);
    };
    return ListJob<Vault>::start(m_arm, Paths::vaults(subscriptionId), m_versions.vaults, owner, pages,
                                 whole);
}

GetJob<Vault> *BackupService::vault(const QString &vaultId, QObject *owner, Done<Vault> done)
{
    return GetJob<Vault>::start(m_arm, vaultId, m_versions.vaults, owner, std::move(done));
}

ListJob<Policy> *BackupService::policies(const QString &vaultId, QObject *owner, Pages<Policy> onPage,
                                         Done<QList<Policy>> done)
{
    return ListJob<Policy>::start(m_arm, Paths::policies(vaultId), m_versions.backup, owner,
                                  std::move(onPage), std::move(done));
}

GetJob<Policy> *BackupService::policy(const QString &policyId, QObject *owner, Done<Policy> done)
{
    return GetJob<Policy>::start(m_arm, policyId, m_versions.backup, owner, std::move(done));
}

ListJob<ProtectedItem> *BackupService::items(const QString &vaultId, ItemType type, QObject *owner,
                                             Pages<ProtectedItem> onPage, Done<QList<ProtectedItem>> done)
{
    return ListJob<ProtectedItem>::start(m_arm, Paths::items(vaultId, type), m_versions.backup, owner,
                                         std::move(onPage), std::move(done));
}

GetJob<ProtectedItem> *BackupService::item(const QString &itemId, QObject *owner, Done<ProtectedItem> done)
{
    return GetJob<ProtectedItem>::start(m_arm, itemId, m_versions.backup, owner, std::move(done));
}

ListJob<RecoveryPoint> *BackupService::recoveryPoints(const QString &itemId, const QDateTime &from,
                                                      const QDateTime &to, QObject *owner,
                                                      Pages<RecoveryPoint> onPage,
                                                      Done<QList<RecoveryPoint>> done)
{
    return ListJob<RecoveryPoint>::start(m_arm, Paths::recoveryPoints(itemId, from, to), m_versions.backup,
                                         owner, std::move(onPage), std::move(done));
}

GetJob<Page<RecoveryPoint>> *BackupService::recoveryPointPage(const QString &itemId, const QString &nextLink,
                                                              QObject *owner, Done<Page<RecoveryPoint>> done)
{
    return GetJob<Page<RecoveryPoint>>::start(m_arm,
                                              nextLink.isEmpty() ? Paths::recoveryPoints(itemId) : nextLink,
                                              m_versions.backup, owner, std::move(done));
}

GetJob<RecoveryPoint> *BackupService::recoveryPoint(const QString &pointId, QObject *owner,
                                                    Done<RecoveryPoint> done)
{
    return GetJob<RecoveryPoint>::start(m_arm, pointId, m_versions.backup, owner, std::move(done));
}

ListJob<Job> *BackupService::jobs(const QString &vaultId, const JobFilter &filter, QObject *owner,
                                  Pages<Job> onPage, Done<QList<Job>> done)
{
    return ListJob<Job>::start(m_arm, Paths::jobs(vaultId, filter), m_versions.backup, owner,
                               std::move(onPage), std::move(done));
}

GetJob<Job> *BackupService::job(const QString &jobId, QObject *owner, Done<Job> done)
{
    return GetJob<Job>::start(m_arm, jobId, m_versions.backup, owner, std::move(done));
}

QString BackupService::deniedAction(const Error &error)
{
    // Linked authorization names the action the caller has first, then the one(s) it lacks.
    static const QRegularExpression linked(
        QStringLiteral("not have permission to perform action\\(s\\) '([^']+)'"));
    static const QRegularExpression action(QStringLiteral("perform action '([^']+)'"));
    if (const auto l = linked.match(error.detail); l.hasMatch())
        return l.captured(1);
    const auto m = action.match(error.detail);
    return m.hasMatch() ? m.captured(1) : QString();
}

QString BackupService::deniedAction(const Error &error, Listing listing)
{
    // Some refusals (a policy's deny, a gateway's) do not name the action; the console knows
    // which one each listing needs.
    const QString said = deniedAction(error);
    return said.isEmpty() ? listingAction(listing) : said;
}

bool BackupService::isNoAccess(const Error &error)
{
    return error.httpStatus == 403 || error.code == QLatin1String("AuthorizationFailed");
}

EstateJob *
BackupService::estate(QObject *owner,
                      std::function<void(const Subscription &, const QList<Vault> &)> onSubscription,
                      Done<Estate> done)
{
    auto *job = new EstateJob(this, owner, std::move(onSubscription), std::move(done));
    job->start();
    return job;
}

EstateJob::EstateJob(BackupService *service, QObject *owner,
                     std::function<void(const Subscription &, const QList<Vault> &)> onSubscription,
                     Done done)
    : RestoreDesk::Job<Estate>(owner, std::move(done))
    , m_service(service)
    , m_onSubscription(std::move(onSubscription))
{ }

EstateJob::~EstateJob()
{
    // Children report to this job: end them while it is whole.
    report(cancelledError());
    qDeleteAll(findChildren<JobBase *>(Qt::FindDirectChildrenOnly));
}

void EstateJob::cancel()
{
    report(cancelledError());
    for (JobBase *j : findChildren<JobBase *>(Qt::FindDirectChildrenOnly))
        j->cancel();
}

void EstateJob::start()
{
    m_service->subscriptions(
        this,
        [this](const QList<Subscription> &, const QList<Unreadable> &bad, int) {
            if (!bad.isEmpty() && m_estate.firstUnreadable.code.isEmpty())
                m_estate.firstUnreadable = bad.first().error;
            m_estate.unreadableSubscriptions += int(bad.size());
            if (!bad.isEmpty() && m_estate.subscriptionsUnreadable.count == 0)
                m_estate.subscriptionsUnreadable.first = bad.first().error;
            m_estate.subscriptionsUnreadable.count += int(bad.size());
        },
        [this](Result<QList<Subscription>> subs) {
            if (isFinished())
                return;
            if (!subs)
                return report(subs.error());
            // A subscription repeated across pages is one subscription, its vaults listed once.
            m_estate.subscriptions = distinctById(subs.value());
            if (m_estate.subscriptions.isEmpty() || !m_service)
                return report(m_estate);
            m_pending = int(m_estate.subscriptions.size());
            const QList<Subscription> listed = m_estate.subscriptions;
            for (const Subscription &s : listed) {
                // All subscriptions at once: the transport bounds the concurrency per host.
                const auto countBad = [this, key = s.subscriptionId.toLower()](
                                          const QList<Vault> &, const QList<Unreadable> &bad, int) {
                    if (bad.isEmpty())
                        return;
                    if (m_estate.firstUnreadable.code.isEmpty())
                        m_estate.firstUnreadable = bad.first().error;
                    m_estate.unreadableVaults += int(bad.size());
                    Estate::Unreadables &of = m_estate.vaultsUnreadable[key];
                    if (of.count == 0)
                        of.first = bad.first().error;
                    of.count += int(bad.size());
                };
                m_service->vaults(s.subscriptionId, this, countBad, [this, s](Result<QList<Vault>> vaults) {
                    if (isFinished())
                        return;
                    if (vaults) {
                        // Pages of a shifting listing may repeat a vault: each is counted once.
                        const QList<Vault> distinct = distinctById(vaults.value());
                        m_estate.vaults += distinct;
                        if (m_onSubscription)
                            m_onSubscription(s, distinct);
                    } else {
                        m_estate.failures.insert(s.subscriptionId.toLower(), vaults.error());
                        if (m_onSubscription)
                            m_onSubscription(s, {});
                    }
                    finishOne();
                });
            }
        });
}

void EstateJob::finishOne()
{
    if (--m_pending != 0)
        return;
    m_estate.vaults = distinctById(m_estate.vaults); // (one vault listed by two subscriptions)
    report(m_estate);
}

} // namespace RestoreDesk::Backup
