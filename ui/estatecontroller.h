#pragma once

#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/vault.h"
#include "core/clock.h"
#include "core/error.h"
#include "models/navigationmodel.h"

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
class PointsController;
class RecoveryPointsPage;
class VaultController;
class VaultPage;

// The estate area of the console: fills the navigation tree's Estate branch (subscriptions, then
// on expansion their resource groups and vaults, with counts); shows the overview of the estate,
// a subscription or a resource group when one is selected; routes a selected vault to its page
// (VaultController: its items, policies and jobs) and an item to its recovery points
// (PointsController), both its children. Loads that belong to a scope no longer shown are
// cancelled (they are owned by an object that dies). Failures and "no access" show inline.
// GUI thread; owned by the composition root.
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
    VaultController *vaultController() const { return m_vaultController; }
    PointsController *pointsController() const { return m_pointsController; }
    VaultPage *vaultPage() const;
    RecoveryPointsPage *recoveryPointsPage() const;
    OverviewWidget *estateOverview() const { return m_estateOverview; }
    // The vault's page (its lists loaded unless already shown), the vault as the tree listed it.
    void showVault(const QString &vaultId);
    // The item's recovery points, with the item and its policy as last listed (item()).
    void showRecoveryPoints(const QString &itemId);
    // The vault's page on its Jobs tab, listed again (a job just started or ended is in it), with
    // this job's row selected once the listing has it; jobSelected() says whether it was there.
    void showJob(const QString &vaultId, const QString &jobId);
    // F5: loads what `page` shows again (a vault's lists, an item's points, an overview's vaults).
    void reload(QWidget *page);
    // The item (as the vault page or the estate's overview last listed it) and its policy, when known.
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
    // The page of the node selected in the tree, as if chosen anew.
    void showSelected();
    void onSelected(const QString &key, Models::NavigationModel::Kind kind, const QString &resourceId);
    // `scopeKey`: the navigation key of what is shown (scopes of one title are told apart by it).
    void showOverview(const QString &scopeKey, const QString &title, const QList<Backup::Vault> &vaults,
                      const QList<QUrl> &listings, const QString &listingNote = {},
                      const QStringList &unlisted = {});
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
    void showNodeProblem(const QString &key);
    void retryNode(const QString &key);
    QList<Backup::Vault> vaultsUnder(const QString &scopeId) const;
    static QString keyOf(const QString &resourceId) { return resourceId.toLower(); }

    ConsolePage *m_console;
    QPointer<Backup::BackupService> m_service;
    VaultController *m_vaultController; // the vault page and its three lists
    OverviewWidget *m_estateOverview;
    EstateOverviewLoader *m_overviewLoader;
    PointsController *m_pointsController; // the recovery points page
    MessageBanner *m_unreadableBanner; // what listings could not read, one line per listing
    QMap<QString, QString> m_unreadableNotes; // noteUnreadable() key -> its line
    QHash<QString, Backup::Vault> m_vaults; // lower-case id -> vault
    QHash<QString, QString> m_subscriptionIds; // node key -> subscription id
    QPointer<QObject> m_branchLoads; // owns the navigation loads
    QPointer<QObject> m_scopeLoads; // owns the vault listings an overview needs
    // A subscription selected before its vaults were listed: its overview is shown when they are.
    QString m_overviewWaitsFor;
    QStringList m_unlistedNames; // subscriptions of the shown scope whose vaults could not be listed
    Error m_unlistedError; // why the first of them could not
};

} // namespace RestoreDesk
