#include "vaultpage.h"

#include "elidedlabel.h"
#include "itemspanel.h"
#include "jobspanel.h"
#include "messagebanner.h"
#include "policiespanel.h"

#include <QApplication>
#include <QClipboard>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QTabWidget>
#include <QVBoxLayout>

namespace RestoreDesk {

VaultPage::VaultPage(QWidget *parent)
    : QWidget(parent)
    , m_title(new QLabel(this))
    , m_facts(new QLabel(this))
    , m_id(new ElidedLabel(this))
    , m_copyId(new QPushButton(tr("Copy id"), this))
    , m_banner(new MessageBanner(this))
    , m_tabs(new QTabWidget(this))
    , m_overviewHost(new QWidget(this))
    , m_items(new ItemsPanel(this))
    , m_policies(new PoliciesPanel(this))
    , m_jobs(new JobsPanel(this))
{
    setObjectName(QStringLiteral("vaultPage"));
    m_title->setObjectName(QStringLiteral("vaultTitleLabel"));
    m_facts->setObjectName(QStringLiteral("vaultFactsLabel"));
    m_id->setObjectName(QStringLiteral("vaultIdLabel"));
    m_copyId->setObjectName(QStringLiteral("copyVaultIdButton"));
    m_banner->setObjectName(QStringLiteral("pageBanner"));
    m_tabs->setObjectName(QStringLiteral("vaultTabs"));
    QFont f = m_title->font();
    f.setPointSizeF(f.pointSizeF() * 1.4);
    f.setBold(true);
    m_title->setFont(f);
    // A long id is cut in the middle, so the vault's own name at its end stays in sight; the whole
    // id is in the tooltip and the accessible name, and Copy id copies it.
    m_facts->setWordWrap(true);
    auto overviewLayout = new QVBoxLayout(m_overviewHost);
    overviewLayout->setContentsMargins(0, 0, 0, 0);
    m_tabs->addTab(m_overviewHost, tr("&Overview"));
    m_tabs->addTab(m_items, tr("Protected &items"));
    m_tabs->addTab(m_policies, tr("&Policies"));
    m_tabs->addTab(m_jobs, tr("&Jobs"));
    auto idRow = new QHBoxLayout;
    idRow->addWidget(m_id, 1);
    idRow->addWidget(m_copyId);
    auto layout = new QVBoxLayout(this);
    layout->addWidget(m_title);
    layout->addWidget(m_facts);
    layout->addLayout(idRow);
    layout->addWidget(m_banner);
    layout->addWidget(m_tabs, 1);
    connect(m_copyId, &QPushButton::clicked, this,
            [this] { QApplication::clipboard()->setText(m_vault.id); });
}

void VaultPage::setVault(const Backup::Vault &vault)
{
    m_vault = vault;
    m_title->setText(vault.name);
    QStringList facts;
    if (!vault.location.isEmpty())
        facts << vault.location;
    if (!vault.resourceGroup().isEmpty())
        facts << tr("resource group %1").arg(vault.resourceGroup());
    if (!vault.storageRedundancy.isEmpty())
        facts << vault.storageRedundancy;
    if (vault.crossRegionRestore)
        facts << (*vault.crossRegionRestore ? tr("cross-region restore on") : tr("cross-region restore off"));
    if (!vault.softDeleteState.isEmpty())
        facts << tr("soft delete %1").arg(vault.softDeleteState.toLower());
    if (!vault.immutabilityState.isEmpty())
        facts << tr("immutability %1").arg(vault.immutabilityState.toLower());
    m_facts->setText(facts.join(QStringLiteral(" · ")));
    m_id->setFullText(vault.id);
    m_id->setToolTip(vault.id);
    m_id->setAccessibleName(vault.id);
    m_banner->clear();
}

void VaultPage::setOverview(QWidget *overview)
{
    m_overviewHost->layout()->addWidget(overview);
}

void VaultPage::showTab(Tab tab)
{
    m_tabs->setCurrentIndex(int(tab));
}

} // namespace RestoreDesk
