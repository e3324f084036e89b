#include "estatecontroller.h"

#include "backup/armid.h"
#include "backup/backupservice.h"
#include "consolepage.h"
#include "itemspanel.h"
#include "jobspanel.h"
#include "listpanel.h"
#include "messagebanner.h"
#include "models/jobmodel.h"
#include "models/policymodel.h"
#include "models/protecteditemmodel.h"
#include "policiespanel.h"
#include "vaultpage.h"

#include <QMap>

namespace RestoreDesk {

using Models::NavigationModel;

EstateController::EstateController(ConsolePage *console, QObject *parent)
    : QObject(parent)
    , m_console(console)
    , m_vaultPage(new VaultPage(console))
{
    console->addContent(m_vaultPage);
    connect(console->navigation(), &NavigationModel::fetchRequested, this, &EstateController::fetch);
    connect(console, &ConsolePage::nodeSelected, this, &EstateController::onSelected);
    connect(m_vaultPage->items(), &ItemsPanel::recoveryPointsRequested, this,
            &EstateController::recoveryPointsRequested);
    connect(m_vaultPage->jobs(), &JobsPanel::reloadRequested, this, &EstateController::loadJobs);
    connect(m_vaultPage->jobs(), &JobsPanel::detailsNeeded, this, &EstateController::loadJobDetails);
}

EstateController::~EstateController() = default;

void EstateController::setService(Backup::BackupService *service)
{
    m_service = service;
    delete m_branchLoads;
    delete m_vaultLoads;
    m_vaults.clear();
    m_subscriptionIds.clear();
    NavigationModel *nav = m_console->navigation();
    nav->remove(QLatin1String(kEstateKey));
    if (!service)
        return;
    m_branchLoads = new QObject(this);
    // First in the tree; its children load when it is expanded (or restored as expanded).
    nav->add(QString(),
             { QLatin1String(kEstateKey),
               NavigationModel::Kind::Section,
               tr("Estate"),
               {},
               true,
               tr("Every subscription this identity can see") });
}

void EstateController::fetch(const QString &key)
{
    if (!m_service)
        return;
    if (key == QLatin1String(kEstateKey))
        return loadSubscriptions();
    if (m_subscriptionIds.contains(key))
        return loadVaults(key, m_subscriptionIds.value(key));
}

void EstateController::loadSubscriptions()
{
    NavigationModel *nav = m_console->navigation();
    const QString estate = QLatin1String(kEstateKey);
    nav->setState(estate, NavigationModel::State::Loading);
    m_service->subscriptions(
        m_branchLoads, {}, [this, nav, estate](Result<QList<Backup::Subscription>> subs) {
            if (!subs) {
                if (subs.error().kind == Error::Kind::Cancelled)
                    return;
                const bool denied = Backup::BackupService::isNoAccess(subs.error());
                nav->setState(estate,
                              denied ? NavigationModel::State::NoAccess : NavigationModel::State::Failed,
                              subs.error());
                m_console->banner()->showError(subs.error(), [this, nav, estate] {
                    nav->setState(estate, NavigationModel::State::Idle);
                    fetch(estate);
                });
                return;
            }
            QList<NavigationModel::Spec> children;
            for (const Backup::Subscription &s : subs.value()) {
                const QString key = keyOf(s.id);
                m_subscriptionIds.insert(key, s.subscriptionId);
                children << NavigationModel::Spec { key,           NavigationModel::Kind::Subscription,
                                                    s.displayName, s.id,
                                                    true,          s.id };
            }
            nav->setChildren(estate, children);
            nav->setCount(estate, int(children.size()), tr("subscriptions"));
        });
}

void EstateController::loadVaults(const QString &subscriptionKey, const QString &subscriptionId)
{
    NavigationModel *nav = m_console->navigation();
    nav->setState(subscriptionKey, NavigationModel::State::Loading);
    m_service->vaults(
        subscriptionId, m_branchLoads, {}, [this, nav, subscriptionKey](Result<QList<Backup::Vault>> vaults) {
            if (!vaults) {
                if (vaults.error().kind == Error::Kind::Cancelled)
                    return;
                const bool denied = Backup::BackupService::isNoAccess(vaults.error());
                nav->setState(subscriptionKey,
                              denied ? NavigationModel::State::NoAccess : NavigationModel::State::Failed,
                              vaults.error());
                return;
            }
            // subscription → resource group → vault: the groups come from the vault ids.
            QMap<QString, QList<Backup::Vault>> byGroup;
            for (const Backup::Vault &v : vaults.value()) {
                m_vaults.insert(keyOf(v.id), v);
                byGroup[v.resourceGroup()] << v;
            }
            QList<NavigationModel::Spec> groups;
            for (auto it = byGroup.cbegin(); it != byGroup.cend(); ++it) {
                const QString groupId = it.value().first().armId.resourceGroupId();
                groups << NavigationModel::Spec { keyOf(groupId), NavigationModel::Kind::ResourceGroup,
                                                  it.key(),       groupId,
                                                  false,          groupId };
            }
            nav->setChildren(subscriptionKey, groups);
            nav->setCount(subscriptionKey, int(vaults->size()), tr("vaults"));
            for (auto it = byGroup.cbegin(); it != byGroup.cend(); ++it) {
                QList<NavigationModel::Spec> children;
                for (const Backup::Vault &v : it.value())
                    children << NavigationModel::Spec {
                        keyOf(v.id), NavigationModel::Kind::Vault,
                        v.name,      v.id,
                        false,       v.location.isEmpty() ? v.id : v.location + QStringLiteral(" · ") + v.id
                    };
                const QString groupKey = keyOf(it.value().first().armId.resourceGroupId());
                nav->setChildren(groupKey, children);
                nav->setCount(groupKey, int(children.size()), tr("vaults"));
            }
        });
}

void EstateController::onSelected(const QString &key, NavigationModel::Kind kind, const QString &resourceId)
{
    Q_UNUSED(key)
    if (kind == NavigationModel::Kind::Vault)
        showVault(resourceId);
}

QString EstateController::currentVaultId() const
{
    return m_vaultPage->vaultId();
}

void EstateController::showVault(const QString &vaultId)
{
    if (!m_service)
        return;
    m_console->showContent(m_vaultPage);
    if (m_vaultPage->vaultId().compare(vaultId, Qt::CaseInsensitive) == 0 && m_vaultLoads)
        return; // already shown (and loaded or loading)
    // A new owner for this vault's loads: the previous vault's die with theirs.
    delete m_vaultLoads;
    m_vaultLoads = new QObject(this);
    Backup::Vault vault = m_vaults.value(keyOf(vaultId));
    if (vault.id.isEmpty()) {
        vault.id = vaultId;
        vault.armId = Backup::ArmId::parse(vaultId);
        vault.name = vault.armId.vault;
    }
    m_vaultPage->setVault(vault);
    m_vaultPage->items()->model()->clear();
    m_vaultPage->policies()->model()->clear();
    m_vaultPage->jobs()->model()->clear();
    loadItems();
    loadPolicies();
    loadJobs();
    Q_EMIT vaultShown(vaultId);
}

void EstateController::loadItems()
{
    const QString vaultId = m_vaultPage->vaultId();
    ListPanel *panel = m_vaultPage->items()->list();
    Models::ProtectedItemModel *model = m_vaultPage->items()->model();
    model->clear();
    const QString path = Backup::Paths::items(vaultId, Backup::ItemType::All);
    panel->beginLoad("GET", m_service->urlFor(path, m_service->versions().backup));
    auto counted = std::make_shared<int>(0);
    m_service->items(
        vaultId, Backup::ItemType::All, m_vaultLoads,
        [model, panel, counted](const QList<Backup::ProtectedItem> &items,
                                const QList<Backup::Unreadable> &bad, int page) {
            model->append(items);
            *counted += int(bad.size());
            panel->pageLoaded(page + 1, model->rowCount(), *counted);
        },
        [this, panel, model, counted, vaultId](Result<QList<Backup::ProtectedItem>> r) {
            if (!r) {
                if (r.error().kind != Error::Kind::Cancelled)
                    panel->fail(r.error(), [this] { loadItems(); });
                return;
            }
            panel->finish(model->rowCount(), *counted);
            m_console->navigation()->setCount(keyOf(vaultId), model->rowCount(), tr("items"));
        });
}

void EstateController::loadPolicies()
{
    const QString vaultId = m_vaultPage->vaultId();
    ListPanel *panel = m_vaultPage->policies()->list();
    Models::PolicyModel *model = m_vaultPage->policies()->model();
    model->clear();
    panel->beginLoad("GET",
                     m_service->urlFor(Backup::Paths::policies(vaultId), m_service->versions().backup));
    auto counted = std::make_shared<int>(0);
    m_service->policies(
        vaultId, m_vaultLoads,
        [model, panel, counted](const QList<Backup::Policy> &policies, const QList<Backup::Unreadable> &bad,
                                int page) {
            model->append(policies);
            *counted += int(bad.size());
            panel->pageLoaded(page + 1, model->rowCount(), *counted);
        },
        [this, panel, model, counted](Result<QList<Backup::Policy>> r) {
            if (!r) {
                if (r.error().kind != Error::Kind::Cancelled)
                    panel->fail(r.error(), [this] { loadPolicies(); });
                return;
            }
            panel->finish(model->rowCount(), *counted);
        });
}

void EstateController::loadJobs()
{
    if (!m_service || !m_vaultLoads)
        return;
    const QString vaultId = m_vaultPage->vaultId();
    JobsPanel *jobs = m_vaultPage->jobs();
    ListPanel *panel = jobs->list();
    Models::JobModel *model = jobs->model();
    model->clear();
    const Backup::JobFilter filter = jobs->filter();
    panel->beginLoad("GET",
                     m_service->urlFor(Backup::Paths::jobs(vaultId, filter), m_service->versions().backup));
    auto counted = std::make_shared<int>(0);
    m_service->jobs(
        vaultId, filter, m_vaultLoads,
        [model, panel, counted](const QList<Backup::Job> &list, const QList<Backup::Unreadable> &bad,
                                int page) {
            model->append(list);
            *counted += int(bad.size());
            panel->pageLoaded(page + 1, model->rowCount(), *counted);
        },
        [this, panel, model, counted](Result<QList<Backup::Job>> r) {
            if (!r) {
                if (r.error().kind != Error::Kind::Cancelled)
                    panel->fail(r.error(), [this] { loadJobs(); });
                return;
            }
            panel->finish(model->rowCount(), *counted);
        });
}

void EstateController::loadJobDetails(const QString &jobId)
{
    if (!m_service || !m_vaultLoads)
        return;
    JobsPanel *jobs = m_vaultPage->jobs();
    m_service->job(jobId, m_vaultLoads, [jobs](Result<Backup::Job> r) {
        if (!r)
            return; // the list entry stays; its details are simply not richer
        jobs->model()->append({ r.value() });
        jobs->refreshDetails();
    });
}

} // namespace RestoreDesk
