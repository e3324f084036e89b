#pragma once

#include "backup/apiversions.h"
#include "backup/backuppaths.h"
#include "backup/job.h"
#include "backup/listingaction.h"
#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/recoverypoint.h"
#include "backup/servicejobs.h"
#include "backup/subscription.h"
#include "backup/vault.h"

#include <QHash>
#include <QObject>

namespace RestoreDesk::Backup {

// Every subscription the identity can see and the vaults in each. A subscription whose vaults
// could not be listed (no access, an outage) keeps its error instead of sinking the estate.
struct Estate
{
    QList<Subscription> subscriptions;
    QList<Vault> vaults;
    QHash<QString, Error> failures; // subscription id (lower case) -> why its vaults are missing
    // Entries of the listings that could not be read (left out, never silently): subscriptions,
    // vaults, and why the first of them could not.
    int unreadableSubscriptions = 0;
    int unreadableVaults = 0;
    Error firstUnreadable;
    // The same by listing: the subscriptions', and each subscription's vaults' (subscription id in
    // lower case), so a view can say each until it no longer applies.
    struct Unreadables
    {
        int count = 0;
        Error first;
    };
    Unreadables subscriptionsUnreadable;
    QHash<QString, Unreadables> vaultsUnreadable;
};

class EstateJob;

// The backup estate as the GUI and the CLI read it from Azure Resource Manager: subscriptions,
// vaults, policies, protected items, recovery points and jobs, as typed values, through the ARM
// transport (same-origin paging, retries, ids on errors). Each call is a job parented to its
// owner that reports once; listings hand over each parsed page as it arrives. No state of its
// own beyond the transport; GUI/CLI thread.
class BackupService : public QObject
{
    Q_OBJECT

public:
    template<typename T>
    using Pages = typename ListJob<T>::PageHandler;
    template<typename T>
    using Done = std::function<void(Result<T>)>;

    BackupService(Arm::ArmClient *arm, ApiVersions versions = {}, QObject *parent = nullptr);

    Arm::ArmClient *arm() const { return m_arm; }
    const ApiVersions &versions() const { return m_versions; }
    // The URL behind a listing or read (the views' "equivalent request" strip).
    QUrl urlFor(const QString &pathOrId, const QString &apiVersion) const;
    // The api-version a resource id is read with (vaults vs. their children).
    QString apiVersionFor(const QString &id) const;

    ListJob<Subscription> *subscriptions(QObject *owner, Pages<Subscription> onPage,
                                         Done<QList<Subscription>> done);
    ListJob<Vault> *vaults(const QString &subscriptionId, QObject *owner, Pages<Vault> onPage,
                           Done<QList<Vault>> done);
    // Every subscription, then the vaults of all of them at once.
    EstateJob *estate(QObject *owner,
                      std::function<void(const Subscription &, const QList<Vault> &)> onSubscription,
                      Done<Estate> done);
    GetJob<Vault> *vault(const QString &vaultId, QObject *owner, Done<Vault> done);
    ListJob<Policy> *policies(const QString &vaultId, QObject *owner, Pages<Policy> onPage,
                              Done<QList<Policy>> done);
    GetJob<Policy> *policy(const QString &policyId, QObject *owner, Done<Policy> done);
    ListJob<ProtectedItem> *items(const QString &vaultId, ItemType type, QObject *owner,
                                  Pages<ProtectedItem> onPage, Done<QList<ProtectedItem>> done);
    GetJob<ProtectedItem> *item(const QString &itemId, QObject *owner, Done<ProtectedItem> done);
    ListJob<RecoveryPoint> *recoveryPoints(const QString &itemId, const QDateTime &from, const QDateTime &to,
                                           QObject *owner, Pages<RecoveryPoint> onPage,
                                           Done<QList<RecoveryPoint>> done);
    // One page of an item's recovery points: the first when `nextLink` is empty, else the page
    // a previous one named (same origin only, as every nextLink). For views that load more on
    // request rather than the whole list.
    GetJob<Page<RecoveryPoint>> *recoveryPointPage(const QString &itemId, const QString &nextLink,
                                                   QObject *owner, Done<Page<RecoveryPoint>> done);
    GetJob<RecoveryPoint> *recoveryPoint(const QString &pointId, QObject *owner, Done<RecoveryPoint> done);
    ListJob<Job> *jobs(const QString &vaultId, const JobFilter &filter, QObject *owner, Pages<Job> onPage,
                       Done<QList<Job>> done);
    GetJob<Job> *job(const QString &jobId, QObject *owner, Done<Job> done);

    // The action an ARM 403 says is missing ("…does not have authorization to perform action
    // 'X' over scope…"), or empty.
    static QString deniedAction(const Error &error);
    // The same, or when the message does not name it, the action `listing` needs (listingAction).
    static QString deniedAction(const Error &error, Listing listing);
    static bool isNoAccess(const Error &error);

private:
    Arm::ArmClient *m_arm;
    ApiVersions m_versions;
};

// The estate listing: subscriptions, then vaults per subscription concurrently. Reports once.
class EstateJob final : public RestoreDesk::Job<Estate>
{
    Q_OBJECT

public:
    ~EstateJob() override;
    void cancel() override;
    // The subscriptions in the service's order, once listed (before the first onSubscription
    // call); empty until then.
    const QList<Subscription> &subscriptions() const { return m_estate.subscriptions; }
    // What is known so far, before the job reports: the subscriptions whose vaults could not be
    // listed (failures) and the entries that could not be read, as they came (a caller that stops
    // the job early still reports them).
    const Estate &sofar() const { return m_estate; }

private:
    friend class BackupService;
    EstateJob(BackupService *service, QObject *owner,
              std::function<void(const Subscription &, const QList<Vault> &)> onSubscription, Done done);
    void start();
    void finishOne();

    QPointer<BackupService> m_service;
    std::function<void(const Subscription &, const QList<Vault> &)> m_onSubscription;
    Estate m_estate;
    int m_pending = 0;
};

} // namespace RestoreDesk::Backup
