#pragma once

#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/vault.h"
#include "core/clock.h"
#include "core/error.h"
#include "models/navigationmodel.h"
#include "requeststrip.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QPointer>
#include <QSet>

namespace RestoreDesk {

namespace Backup {
class BackupService;
}
class ConsolePage;
class EstateOverviewLoader;
class MessageBanner;
class OverviewWidget;
class PolicyPage;
class RecoveryPointsPage;
class VaultPage;

// The estate area of the console: fills the navigation tree's Estate branch (subscriptions, then
// on expansion their resource groups and vaults, with counts); shows the overview of the estate,
// a subscription or a resource group when one is selected; shows a vault's page when one is
// selected, loading its protected items, policies and jobs at once, each filling its table
// page by page; and an item's recovery points (timeline and table) on request. Loads that
// belong to a vault or item no longer shown are cancelled (they are owned by an object that
// dies). Failures and "no access" show inline. GUI thread; owned by the composition root.
class EstateController : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kEstateKey = "estate";

    EstateController(ConsolePage *console, QObject *parent = nullptr);
    ~EstateController() override;

    // The service of the signed-in session (nullptr when signed out): the branch is rebuilt.
    void setService(Backup::BackupService *service);
    // The time the jobs window and the age of loaded data are judged by (tests move it); the
    // overview loader and the jobs tab take it too.
    void setClock(Clock clock);
    VaultPage *vaultPage() const { return m_vaultPage; }
    RecoveryPointsPage *recoveryPointsPage() const { return m_pointsPage; }
    OverviewWidget *estateOverview() const { return m_estateOverview; }
    void showVault(const QString &vaultId);
    void showRecoveryPoints(const QString &itemId);
    // The vault's page on its Jobs tab, listed again (a job just started or ended is in it), with
    // this job's row selected once the listing has it; jobSelected() says whether it was there.
    void showJob(const QString &vaultId, const QString &jobId);
    QString currentVaultId() const;
    // Loads the shown vault's items, policies and jobs again (each replacing its running load).
    void reloadVault();
    // F5: loads what `page` shows again (a vault's lists, an item's points, an overview's vaults).
    void reload(QWidget *page);
    QString currentItemId() const { return m_pointsItemId; }
    // The item (as last listed) and its policy, when known.
    const Backup::ProtectedItem *item(const QString &itemId) const;
    const Backup::Policy *policyOf(const Backup::ProtectedItem &item) const;

Q_SIGNALS:
    void vaultShown(const QString &vaultId);
    void recoveryPointsShown(const QString &itemId);
    // The operator asked to restore this point of this item (from the recovery-points page).
    void restoreRequested(const QString &itemId, const QString &pointId);
    // showJob() came to an end: the job's row is selected (found) or the listing lacks it.
    void jobSelected(const QString &jobId, bool found);

private:
    void fetch(const QString &key);
    void loadSubscriptions();
    void loadVaults(const QString &subscriptionKey, const QString &subscriptionId);
    // A subscription's vaults as just listed, in place of what was known of them: tree, counts and
    // the vaults the overviews cover (a vault gone from the listing is dropped, and its page
    // closed if it was shown).
    void placeVaults(const QString &subscriptionKey, const QString &subscriptionId,
                     const QList<Backup::Vault> &vaults);
    void forgetShownVault();
    // The recovery points page lets go of its item (loads ended, header, table and strip emptied).
    void forgetShownItem();
    // The page of the node selected in the tree, as if chosen anew.
    void showSelected();
    void onSelected(const QString &key, Models::NavigationModel::Kind kind, const QString &resourceId);
    void loadItems();
    void loadPolicies();
    void loadJobs();
    void loadJobDetails(const QString &jobId);
    void loadPoints();
    void loadPointPage(const QString &nextLink);
    // `scopeKey`: the navigation key of what is shown (scopes of one title are told apart by it).
    void showOverview(const QString &scopeKey, const QString &title, const QList<Backup::Vault> &vaults,
                      const QList<QUrl> &listings, const QString &listingNote = {},
                      const QStringList &unlisted = {});
    void showPolicy(const Backup::Policy &policy);
    void showVaultRequests();
    // The GET that listed the vaults under a subscription or resource group id.
    QUrl vaultListingUrl(const QString &scopeId) const;
    // The console banner for an overview that leaves something out (with Retry).
    void sayLeftOut(const QStringList &vaultNames, const Error &vaultError);
    void sayNoSubscriptions();
    // Entries of a listing that could not be read (left out of the tree): one line per listing
    // (`key`: "subscriptions", or "vaults:" and the subscription id in lower case) in the estate's
    // own banner, which keeps each line until that listing is read again without any (count 0).
    void noteUnreadable(const QString &key, int count, const QString &listing, const Error &first);
    // The lines of the vault listings of subscriptions no longer listed go.
    void keepUnreadableOf(const QSet<QString> &subscriptionIds);
    static QString vaultsKey(const QString &subscriptionId)
    {
        return QStringLiteral("vaults:") + subscriptionId.toLower();
    }
    QString subscriptionName(const QString &subscriptionKey) const;
    void retryScope();
    void vaultPartLoaded(const QString &part);
    void partFailed(const QString &part, const Error &error);
    void partRead(const QString &part);
    void showNodeProblem(const QString &key);
    void retryNode(const QString &key);
    // A fresh owner for one list's load, under the vault's: the previous load of that list dies
    // (cancelled, its pages never reach the model again).
    QObject *restart(QPointer<QObject> &owner);
    QList<Backup::Vault> vaultsUnder(const QString &scopeId) const;
    static QString keyOf(const QString &resourceId) { return resourceId.toLower(); }

    ConsolePage *m_console;
    QPointer<Backup::BackupService> m_service;
    VaultPage *m_vaultPage;
    PolicyPage *m_policyPage;
    OverviewWidget *m_vaultOverview;
    OverviewWidget *m_estateOverview;
    EstateOverviewLoader *m_overviewLoader;
    RecoveryPointsPage *m_pointsPage;
    MessageBanner *m_unreadableBanner; // what listings could not read, one line per listing
    QMap<QString, QString> m_unreadableNotes; // noteUnreadable() key -> its line
    QString m_pointsItemId;
    Clock m_clock = systemClock();
    QSet<QString> m_pendingParts; // parts of the shown vault still loading ("protected items", ...)
    QHash<QString, QDateTime> m_partAskedAt; // part -> when its shown listing was asked for
    QHash<QString, Backup::Vault> m_vaults; // lower-case id -> vault
    QHash<QString, QString> m_subscriptionIds; // node key -> subscription id
    QPointer<QObject> m_branchLoads; // owns the navigation loads
    QPointer<QObject> m_vaultLoads; // owns the shown vault's loads (and the three below)
    QPointer<QObject> m_itemLoad;
    QPointer<QObject> m_policyLoad;
    QPointer<QObject> m_jobLoad; // the jobs listing and the job details asked for that list
    QSet<QString> m_detailsLoading; // job ids whose details are on their way
    QString m_jobToSelect; // showJob()'s job, selected when the jobs listing is complete
    QMap<QString, Error> m_partErrors; // "protected items"/"policies"/"jobs" -> why it is missing
    QPointer<QObject> m_pointLoads; // owns the shown item's recovery-point load
    QString m_pointNext; // the next page of the shown item's points, when the page may ask for it
    QString m_pointFailed; // the later page of the shown item's points that failed (Retry asks again)
    // Every page of the shown item's points asked for: the SHA-256 of its ArmListCall::pageKey
    // (a key is the page's whole URL, about a kilobyte; an item has hundreds of pages).
    QSet<QByteArray> m_pointLinks;
    QList<RequestStrip::Request> m_pointRequests; // the GETs behind the points shown
    QPointer<QObject> m_scopeLoads; // owns the vault listings an overview needs
    // A subscription selected before its vaults were listed: its overview is shown when they are.
    QString m_overviewWaitsFor;
    QStringList m_unlistedNames; // subscriptions of the shown scope whose vaults could not be listed
    Error m_unlistedError; // why the first of them could not
};

} // namespace RestoreDesk
