#pragma once

#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "backup/vault.h"
#include "core/clock.h"
#include "core/error.h"

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
class OverviewWidget;
class PolicyPage;
class VaultPage;

// The vault page of the estate area: when a vault is shown, loads its protected items, policies
// and jobs at once, each filling its table page by page (a reload of one list replaces its running
// load); builds the vault's overview once all three are in and hands the same data to the
// estate's overview loader. Loads belonging to a vault no longer shown are cancelled (their owner
// dies). Failures show inline, per list. GUI thread; owned by EstateController.
class VaultController : public QObject
{
    Q_OBJECT

public:
    explicit VaultController(ConsolePage *console, QObject *parent = nullptr);
    ~VaultController() override;

    // `home`: the page shown instead of the vault page when the vault is let go of;
    // `overviewLoader`: the estate's, handed each vault's data once it is whole.
    void attach(QWidget *home, EstateOverviewLoader *overviewLoader);

    void setService(Backup::BackupService *service);
    // The time the jobs window and the age of loaded data are judged by (tests move it).
    void setClock(Clock clock);
    VaultPage *page() const { return m_vaultPage; }
    OverviewWidget *overview() const { return m_vaultOverview; }
    // `known`: the vault as the tree listed it (empty when not listed: named from its id).
    void showVault(const QString &vaultId, const Backup::Vault &known);
    // The vault's page on its Jobs tab, listed again (a job just started or ended is in it), with
    // this job's row selected once the listing has it; jobSelected() says whether it was there.
    void showJob(const QString &vaultId, const QString &jobId, const Backup::Vault &known);
    QString currentVaultId() const;
    // Loads the shown vault's items, policies and jobs again (each replacing its running load).
    void reloadVault();
    // The page lets go of its vault (loads ended, tables emptied, `home` shown in its place).
    void forgetShownVault();
    // The item and policy as the shown vault's tables last listed them, when there.
    const Backup::ProtectedItem *listedItem(const QString &itemId) const;
    const Backup::Policy *listedPolicy(const QString &policyId) const;

Q_SIGNALS:
    void vaultShown(const QString &vaultId);
    // showJob() came to an end: the job's row is selected (found) or the listing lacks it.
    void jobSelected(const QString &jobId, bool found);

private:
    void loadItems();
    void loadPolicies();
    void loadJobs();
    void loadJobDetails(const QString &jobId);
    void showPolicy(const Backup::Policy &policy);
    void showVaultRequests();
    void vaultPartLoaded(const QString &part);
    void partFailed(const QString &part, const Error &error);
    void partRead(const QString &part);
    // A fresh owner for one list's load, under the vault's: the previous load of that list dies
    // (cancelled, its pages never reach the model again).
    QObject *restart(QPointer<QObject> &owner);
    static QString keyOf(const QString &resourceId) { return resourceId.toLower(); }

    ConsolePage *m_console;
    QWidget *m_home = nullptr;
    EstateOverviewLoader *m_overviewLoader = nullptr;
    QPointer<Backup::BackupService> m_service;
    VaultPage *m_vaultPage;
    PolicyPage *m_policyPage;
    OverviewWidget *m_vaultOverview;
    Clock m_clock = systemClock();
    QSet<QString> m_pendingParts; // parts of the shown vault still loading ("protected items", ...)
    QHash<QString, QDateTime> m_partAskedAt; // part -> when its shown listing was asked for
    QPointer<QObject> m_vaultLoads; // owns the shown vault's loads (and the three below)
    QPointer<QObject> m_itemLoad;
    QPointer<QObject> m_policyLoad;
    QPointer<QObject> m_jobLoad; // the jobs listing and the job details asked for that list
    QSet<QString> m_detailsLoading; // job ids whose details are on their way
    QString m_jobToSelect; // showJob()'s job, selected when the jobs listing is complete
    QMap<QString, Error> m_partErrors; // "protected items"/"policies"/"jobs" -> why it is missing
};

} // namespace RestoreDesk
