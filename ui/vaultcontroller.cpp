#include "vaultcontroller.h"

#include "backup/armid.h"
#include "backup/backupservice.h"
#include "consolepage.h"
#include "estateoverviewloader.h"
#include "itemspanel.h"
#include "jobspanel.h"
#include "listpanel.h"
#include "messagebanner.h"
#include "models/jobmodel.h"
#include "models/navigationmodel.h"
#include "models/policymodel.h"
#include "models/protecteditemmodel.h"
#include "overviewwidget.h"
#include "policiespanel.h"
#include "policypage.h"
#include "requeststrip.h"
#include "vaultpage.h"

#include <utility>

namespace RestoreDesk {

VaultController::VaultController(ConsolePage *console, QObject *parent)
    : QObject(parent)
    , m_console(console)
    , m_vaultPage(new VaultPage(console))
    , m_policyPage(new PolicyPage(m_vaultPage))
    , m_vaultOverview(new OverviewWidget(m_vaultPage))
{
    m_vaultOverview->setObjectName(QStringLiteral("vaultOverviewWidget"));
    console->addContent(m_vaultPage);
    m_vaultPage->setOverview(m_vaultOverview);
    m_vaultPage->policies()->setDetail(m_policyPage);
    connect(m_vaultPage->policies(), &PoliciesPanel::policySelected, this, [this](const QString &) {
        if (const Backup::Policy *p = m_vaultPage->policies()->selectedPolicy())
            showPolicy(*p);
    });
    connect(m_vaultPage->jobs(), &JobsPanel::jobShown, this, [this](const QString &jobId) {
        RequestStrip *strip = m_vaultPage->jobs()->detailsRequest();
        if (jobId.isEmpty() || !m_service)
            return strip->clear();
        strip->setRequest("GET", m_service->urlFor(jobId, m_service->versions().backup));
    });
    connect(m_vaultPage->jobs(), &JobsPanel::reloadRequested, this, &VaultController::loadJobs);
    connect(m_vaultPage->jobs(), &JobsPanel::detailsNeeded, this, &VaultController::loadJobDetails);
}

VaultController::~VaultController()
{
    // End the loads while this object is whole (their reports come here as cancelled).
    delete m_vaultLoads;
}

void VaultController::attach(QWidget *home, EstateOverviewLoader *overviewLoader)
{
    m_home = home;
    m_overviewLoader = overviewLoader;
}

void VaultController::setService(Backup::BackupService *service)
{
    m_service = service;
}

void VaultController::setClock(Clock clock)
{
    m_clock = clock;
    m_vaultPage->jobs()->setClock(std::move(clock));
}

void VaultController::forgetShownVault()
{
    delete m_vaultLoads; // its loads report as cancelled and reach no view
    m_jobToSelect.clear();
    m_partErrors.clear();
    m_pendingParts.clear();
    m_partAskedAt.clear();
    m_vaultPage->setVault({});
    m_vaultPage->items()->model()->clear();
    m_vaultPage->policies()->model()->clear();
    m_vaultPage->jobs()->model()->clear();
    m_vaultOverview->setScope(tr("No vault"));
    m_vaultOverview->setOverview({});
    m_vaultOverview->setProgress(0, 0);
    if (m_console->currentContent() == m_vaultPage)
        m_console->showContent(m_home);
}

const Backup::ProtectedItem *VaultController::listedItem(const QString &itemId) const
{
    const auto &items = m_vaultPage->items()->model()->items();
    for (const Backup::ProtectedItem &i : items) {
        if (i.id.compare(itemId, Qt::CaseInsensitive) == 0)
            return &i;
    }
    return nullptr;
}

const Backup::Policy *VaultController::listedPolicy(const QString &policyId) const
{
    return m_vaultPage->policies()->model()->policy(policyId);
}

void VaultController::showPolicy(const Backup::Policy &policy)
{
    m_policyPage->setPolicy(policy);
    if (m_service)
        m_policyPage->request()->setRequest("GET",
                                            m_service->urlFor(policy.id, m_service->versions().backup));
}

void VaultController::showVaultRequests()
{
    // The vault's overview is built from its three listings, as the tabs sent them.
    QList<RequestStrip::Request> requests = m_vaultPage->items()->list()->request()->requests();
    requests << m_vaultPage->policies()->list()->request()->requests();
    requests << m_vaultPage->jobs()->list()->request()->requests();
    m_vaultOverview->request()->setRequests(requests, tr("and its policies and jobs"));
}

void VaultController::vaultPartLoaded(const QString &part)
{
    // Only when no part is on its way (a retry or reload of one part puts it back) is the data
    // whole enough to show and to hand to the estate's overview.
    m_pendingParts.remove(part);
    if (!m_pendingParts.isEmpty())
        return;
    // All three in: the vault's overview, and the same data for the estate's (no second load).
    EstateOverviewLoader::VaultData d;
    d.items = m_vaultPage->items()->model()->items();
    d.policies = m_vaultPage->policies()->model()->policies();
    for (const RequestStrip *strip :
         { m_vaultPage->items()->list()->request(), m_vaultPage->policies()->list()->request(),
           m_vaultPage->jobs()->list()->request() }) {
        for (const RequestStrip::Request &r : strip->requests())
            d.requests << r.url;
    }
    showVaultRequests();
    // A part that failed is said, never counted as empty (and the estate's overview reads it
    // again rather than keep the gap).
    QStringList missing;
    for (auto it = m_partErrors.cbegin(); it != m_partErrors.cend(); ++it) {
        d.errors << it.value();
        d.missing << it.key();
        missing << tr("%1 (%2)").arg(it.key(), it.value().code);
    }
    // As old as its oldest part: a part read again alone (a reload of the jobs) does not make the
    // others fresh, so the estate's overview reads them again once they are too old.
    for (const QDateTime &asked : std::as_const(m_partAskedAt)) {
        if (!d.loadedAt.isValid() || asked < d.loadedAt)
            d.loadedAt = asked;
    }
    const QDateTime now = m_clock();
    const QDateTime dayAgo = now.addSecs(-24 * 3600);
    for (int r = 0; r < m_vaultPage->jobs()->model()->rowCount(); ++r) {
        const Backup::Job *j = m_vaultPage->jobs()->model()->job(r);
        if (j && (j->isRunning() || j->startTime >= dayAgo || (j->endTime.isValid() && j->endTime >= dayAgo)))
            d.jobs << *j;
    }
    m_vaultOverview->setScope(tr("Vault %1").arg(m_vaultPage->vault().name), keyOf(m_vaultPage->vaultId()));
    m_vaultOverview->setOverview(Backup::Overview::build(d.items, d.policies, d.jobs, now));
    m_vaultOverview->setProgress(1, 1);
    m_vaultOverview->setIncomplete(missing);
    m_overviewLoader->adopt(m_vaultPage->vaultId(), d);
}

void VaultController::partFailed(const QString &part, const Error &error)
{
    m_partErrors.insert(part, error);
    vaultPartLoaded(part);
}

void VaultController::partRead(const QString &part)
{
    m_partErrors.remove(part);
    vaultPartLoaded(part);
}

QObject *VaultController::restart(QPointer<QObject> &owner)
{
    delete owner; // its load reports as cancelled, and nothing of it reaches the views
    owner = new QObject(m_vaultLoads);
    return owner;
}

void VaultController::reloadVault()
{
    if (!m_service || !m_vaultLoads)
        return;
    loadItems();
    loadPolicies();
    loadJobs();
}

QString VaultController::currentVaultId() const
{
    return m_vaultPage->vaultId();
}

void VaultController::showVault(const QString &vaultId, const Backup::Vault &known)
{
    if (!m_service)
        return;
    m_console->showContent(m_vaultPage);
    if (m_vaultPage->vaultId().compare(vaultId, Qt::CaseInsensitive) == 0 && m_vaultLoads)
        return; // already shown (and loaded or loading)
    // A new owner for this vault's loads: the previous vault's die with theirs.
    delete m_vaultLoads;
    m_jobToSelect.clear(); // a job of the vault shown before
    m_vaultLoads = new QObject(this);
    Backup::Vault vault = known;
    if (vault.id.isEmpty()) {
        vault.id = vaultId;
        vault.armId = Backup::ArmId::parse(vaultId);
        vault.name = vault.armId.vault;
    }
    m_vaultPage->setVault(vault);
    m_vaultPage->items()->model()->clear();
    m_vaultPage->policies()->model()->clear();
    m_vaultPage->jobs()->model()->clear();
    m_partErrors.clear();
    m_pendingParts.clear();
    m_partAskedAt.clear();
    m_vaultOverview->setScope(tr("Vault %1").arg(vault.name), keyOf(vault.id));
    m_vaultOverview->setProgress(0, 1);
    loadItems();
    loadPolicies();
    loadJobs();
    showVaultRequests();
    Q_EMIT vaultShown(vaultId);
}

void VaultController::showJob(const QString &vaultId, const QString &jobId, const Backup::Vault &known)
{
    if (!m_service)
        return;
    const bool shown = m_vaultPage->vaultId().compare(vaultId, Qt::CaseInsensitive) == 0 && m_vaultLoads;
    showVault(vaultId, known); // lists the jobs when the vault was not shown yet
    m_vaultPage->showTab(VaultPage::JobsTab);
    m_jobToSelect = jobId;
    if (shown)
        loadJobs(); // the listing shown may predate the job, or its end
}

void VaultController::loadItems()
{
    if (!m_service || !m_vaultLoads)
        return;
    m_pendingParts.insert(tr("protected items"));
    m_partAskedAt.insert(tr("protected items"), m_clock());
    QObject *owner = restart(m_itemLoad);
    const QString vaultId = m_vaultPage->vaultId();
    ListPanel *panel = m_vaultPage->items()->list();
    Models::ProtectedItemModel *model = m_vaultPage->items()->model();
    model->clear();
    const QString path = Backup::Paths::items(vaultId, Backup::ItemType::All);
    panel->beginLoad("GET", m_service->urlFor(path, m_service->versions().backup));
    auto counted = std::make_shared<int>(0);
    m_service->items(
        vaultId, Backup::ItemType::All, owner,
        [model, panel, counted](const QList<Backup::ProtectedItem> &items,
                                const QList<Backup::Unreadable> &bad, int page) {
            model->append(items);
            *counted += int(bad.size());
            panel->pageLoaded(page + 1, model->rowCount(), *counted);
        },
        [this, panel, model, counted, vaultId](Result<QList<Backup::ProtectedItem>> r) {
            if (!r) {
                if (r.error().kind != Error::Kind::Cancelled) {
                    panel->fail(r.error(), [this] { loadItems(); });
                    partFailed(tr("protected items"), r.error());
                }
                return;
            }
            panel->finish(model->rowCount(), *counted);
            m_console->navigation()->setCount(keyOf(vaultId), model->rowCount(),
                                              model->rowCount() == 1 ? tr("item") : tr("items"));
            partRead(tr("protected items"));
        });
}

void VaultController::loadPolicies()
{
    if (!m_service || !m_vaultLoads)
        return;
    m_pendingParts.insert(tr("policies"));
    m_partAskedAt.insert(tr("policies"), m_clock());
    QObject *owner = restart(m_policyLoad);
    const QString vaultId = m_vaultPage->vaultId();
    ListPanel *panel = m_vaultPage->policies()->list();
    Models::PolicyModel *model = m_vaultPage->policies()->model();
    model->clear();
    panel->beginLoad("GET",
                     m_service->urlFor(Backup::Paths::policies(vaultId), m_service->versions().backup));
    auto counted = std::make_shared<int>(0);
    m_service->policies(
        vaultId, owner,
        [model, panel, counted](const QList<Backup::Policy> &policies, const QList<Backup::Unreadable> &bad,
                                int page) {
            model->append(policies);
            *counted += int(bad.size());
            panel->pageLoaded(page + 1, model->rowCount(), *counted);
        },
        [this, panel, model, counted](Result<QList<Backup::Policy>> r) {
            if (!r) {
                if (r.error().kind != Error::Kind::Cancelled) {
                    panel->fail(r.error(), [this] { loadPolicies(); });
                    partFailed(tr("policies"), r.error());
                }
                return;
            }
            panel->finish(model->rowCount(), *counted);
            if (const Backup::Policy *p = m_vaultPage->policies()->selectedPolicy())
                showPolicy(*p);
            partRead(tr("policies"));
        });
}

void VaultController::loadJobs()
{
    if (!m_service || !m_vaultLoads)
        return;
    // The listing it replaces, and the details asked for that list, end here.
    m_pendingParts.insert(tr("jobs"));
    m_partAskedAt.insert(tr("jobs"), m_clock());
    QObject *owner = restart(m_jobLoad);
    m_detailsLoading.clear();
    const QString vaultId = m_vaultPage->vaultId();
    JobsPanel *jobs = m_vaultPage->jobs();
    jobs->forgetDetails();
    ListPanel *panel = jobs->list();
    Models::JobModel *model = jobs->model();
    model->clear();
    jobs->setEarlierRunning(0); // said again once this listing is in
    const Backup::JobFilter filter = jobs->filter();
    // A window from a start time leaves out a job that started before it and still runs: the
    // running ones are listed too (whenever they started) and merged, each job once.
    Backup::JobFilter running;
    running.status = QStringLiteral("InProgress");
    running.operation = filter.operation;
    const bool withRunning = filter.since.isValid()
        && (filter.status.isEmpty() || filter.status.compare(running.status, Qt::CaseInsensitive) == 0);
    const QString backup = m_service->versions().backup;
    const QUrl windowUrl = m_service->urlFor(Backup::Paths::jobs(vaultId, filter), backup);
    panel->beginLoad("GET", windowUrl);
    if (withRunning)
        panel->request()->setRequests(
            { { "GET", windowUrl },
              { "GET", m_service->urlFor(Backup::Paths::jobs(vaultId, running), backup) } },
            tr("the second: the jobs still running, whenever they started"));
    auto counted = std::make_shared<int>(0);
    auto pagesRead = std::make_shared<int>(0);
    auto onPage = [model, panel, counted, pagesRead](const QList<Backup::Job> &list,
                                                     const QList<Backup::Unreadable> &bad, int) {
        model->append(list); // a running job listed twice stays one row
        *counted += int(bad.size());
        panel->pageLoaded(++*pagesRead, model->rowCount(), *counted);
    };
    auto failed = [this, panel](const Error &error) {
        if (error.kind == Error::Kind::Cancelled)
            return;
        panel->fail(error, [this] { loadJobs(); });
        partFailed(tr("jobs"), error);
        if (const QString wanted = std::exchange(m_jobToSelect, {}); !wanted.isEmpty())
            Q_EMIT jobSelected(wanted, false);
    };
    auto finished = [this, panel, model, counted, jobs, since = filter.since] {
        // The window is stated truthfully: running jobs from before it are in the list too.
        int earlier = 0;
        for (int r = 0; since.isValid() && r < model->rowCount(); ++r) {
            const Backup::Job *j = model->job(r);
            earlier += j && j->isRunning() && j->startTime.isValid() && j->startTime < since ? 1 : 0;
        }
        jobs->setEarlierRunning(earlier);
        panel->finish(model->rowCount(), *counted);
        partRead(tr("jobs"));
        if (const QString wanted = std::exchange(m_jobToSelect, {}); !wanted.isEmpty()) {
            const bool found = m_vaultPage->jobs()->selectJob(wanted);
            if (!found)
                m_vaultPage->banner()->showMessage(
                    MessageBanner::Level::Info,
                    tr("Job %1 is not in this list yet; the service lists a job shortly after it "
                       "starts. Reload the jobs, or widen the time window.")
                        .arg(wanted.section(QLatin1Char('/'), -1)));
            Q_EMIT jobSelected(wanted, found);
        }
    };
    m_service->jobs(
        vaultId, filter, owner, onPage,
        [this, vaultId, running, withRunning, owner, onPage, failed, finished](Result<QList<Backup::Job>> r) {
            if (!r)
                return failed(r.error());
            if (!withRunning || !m_service)
                return finished();
            m_service->jobs(vaultId, running, owner, onPage,
                            [failed, finished](Result<QList<Backup::Job>> more) {
                                more ? finished() : failed(more.error());
                            });
        });
}

void VaultController::loadJobDetails(const QString &jobId)
{
    // Owned by the current jobs listing: a new window (or vault) cancels it, so details never
    // land in a list they do not belong to.
    if (!m_service || !m_jobLoad || m_detailsLoading.contains(jobId))
        return;
    m_detailsLoading.insert(jobId);
    JobsPanel *jobs = m_vaultPage->jobs();
    m_service->job(jobId, m_jobLoad, [this, jobs, jobId](Result<Backup::Job> r) {
        if (!r && r.error().kind == Error::Kind::Cancelled)
            return;
        m_detailsLoading.remove(jobId);
        if (!r)
            return; // the list entry stays; its details are simply not richer
        // Only a job still listed is updated; the list is never added to from here.
        if (jobs->model()->update(r.value())
            && jobs->selectedJobId().compare(r->id, Qt::CaseInsensitive) == 0)
            jobs->refreshDetails();
    });
}

} // namespace RestoreDesk
