#pragma once

#include "backup/vault.h"

#include <QWidget>

class QLabel;
class QPushButton;
class QTabWidget;

namespace RestoreDesk {

class ElidedLabel;
class ItemsPanel;
class JobsPanel;
class MessageBanner;
class PoliciesPanel;

// One vault: what it is (name, region, redundancy, cross-region restore, soft delete, its full
// id copyable) and its tabs — overview, protected items, policies, jobs. Filled by the estate
// controller as pages arrive. GUI thread; owned by the console page.
class VaultPage : public QWidget
{
    Q_OBJECT

public:
    enum Tab { OverviewTab, ItemsTab, PoliciesTab, JobsTab };

    explicit VaultPage(QWidget *parent = nullptr);

    void setVault(const Backup::Vault &vault);
    QString vaultId() const { return m_vault.id; }
    const Backup::Vault &vault() const { return m_vault; }
    void setOverview(QWidget *overview);
    void showTab(Tab tab);

    ItemsPanel *items() const { return m_items; }
    PoliciesPanel *policies() const { return m_policies; }
    JobsPanel *jobs() const { return m_jobs; }
    QTabWidget *tabs() const { return m_tabs; }
    MessageBanner *banner() const { return m_banner; }

private:
    Backup::Vault m_vault;
    QLabel *m_title;
    QLabel *m_facts;
    ElidedLabel *m_id;
    QPushButton *m_copyId;
    MessageBanner *m_banner;
    QTabWidget *m_tabs;
    QWidget *m_overviewHost;
    ItemsPanel *m_items;
    PoliciesPanel *m_policies;
    JobsPanel *m_jobs;
};

} // namespace RestoreDesk
