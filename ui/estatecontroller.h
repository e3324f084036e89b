#pragma once

#include "backup/vault.h"
#include "core/error.h"
#include "models/navigationmodel.h"

#include <QHash>
#include <QObject>
#include <QPointer>

namespace RestoreDesk {

namespace Backup {
class BackupService;
}
class ConsolePage;
class VaultPage;

// The estate area of the console: fills the navigation tree's Estate branch (subscriptions, then
// on expansion their resource groups and vaults, with counts), and shows a vault's page when
// one is selected, loading its protected items, policies and jobs at once, each filling its
// table page by page. Loads that belong to a vault no longer shown are cancelled (they are
// owned by a per-vault object that dies). Failures and "no access" show inline. GUI thread;
// owned by the composition root.
class EstateController : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kEstateKey = "estate";

    EstateController(ConsolePage *console, QObject *parent = nullptr);
    ~EstateController() override;

    // The service of the signed-in session (nullptr when signed out): the branch is rebuilt.
    void setService(Backup::BackupService *service);
    VaultPage *vaultPage() const { return m_vaultPage; }
    void showVault(const QString &vaultId);
    QString currentVaultId() const;

Q_SIGNALS:
    void recoveryPointsRequested(const QString &itemId);
    void vaultShown(const QString &vaultId);

private:
    void fetch(const QString &key);
    void loadSubscriptions();
    void loadVaults(const QString &subscriptionKey, const QString &subscriptionId);
    void onSelected(const QString &key, Models::NavigationModel::Kind kind, const QString &resourceId);
    void loadItems();
    void loadPolicies();
    void loadJobs();
    void loadJobDetails(const QString &jobId);
    static QString keyOf(const QString &resourceId) { return resourceId.toLower(); }

    ConsolePage *m_console;
    QPointer<Backup::BackupService> m_service;
    VaultPage *m_vaultPage;
    QHash<QString, Backup::Vault> m_vaults; // lower-case id -> vault
    QHash<QString, QString> m_subscriptionIds; // node key -> subscription id
    QPointer<QObject> m_branchLoads; // owns the navigation loads
    QPointer<QObject> m_vaultLoads; // owns the shown vault's loads
};

} // namespace RestoreDesk
