#include "estatecontroller.h"

#include "backup/armid.h"
#include "backup/backupservice.h"
#include "backup/distinct.h"
#include "consolepage.h"
#include "estateoverviewloader.h"
#include "itemspanel.h"
#include "listpanel.h"
#include "messagebanner.h"
#include "overviewwidget.h"
#include "pointscontroller.h"
#include "recoverypointspage.h"
#include "text/errortext.h"
#include "vaultcontroller.h"
#include "vaultpage.h"

#include <QHash>
#include <QMap>
#include <QTreeView>

#include <utility>

namespace RestoreDesk {

using Models::NavigationModel;

EstateController::EstateController(ConsolePage *console, QObject *parent)
    : QObject(parent)
    , m_console(console)
    , m_vaultController(new VaultController(console, this))
    , m_estateOverview(new OverviewWidget(console))
    , m_overviewLoader(new EstateOverviewLoader(m_estateOverview, this))
    , m_pointsController(new PointsController(console, m_estateOverview, this))
    , m_unreadableBanner(new MessageBanner(console))
{
    m_unreadableBanner->setObjectName(QStringLiteral("unreadableBanner"));
    console->addBanner(m_unreadableBanner);
    m_estateOverview->setObjectName(QStringLiteral("estateOverviewWidget"));
    console->addContent(m_estateOverview);
    console->addContent(m_pointsController->page());
    m_vaultController->attach(m_estateOverview, m_overviewLoader);
    connect(console->navigation(), &NavigationModel::fetchRequested, this, &EstateController::fetch);
    connect(console, &ConsolePage::nodeSelected, this, &EstateController::onSelected);
    connect(console, &ConsolePage::reloadRequested, this, &EstateController::reload);
    connect(m_vaultController->page()->items(), &ItemsPanel::recoveryPointsRequested, this,
            &EstateController::showRecoveryPoints);
    // A stale item in an overview opens its recovery points.
    connect(m_estateOverview, &OverviewWidget::itemActivated, this, &EstateController::showRecoveryPoints);
    connect(m_vaultController->overview(), &OverviewWidget::itemActivated, this,
            &EstateController::showRecoveryPoints);
    connect(m_pointsController, &PointsController::restoreRequested, this,
            &EstateController::restoreRequested);
    connect(m_vaultController, &VaultController::vaultShown, this, &EstateController::vaultShown);
    connect(m_vaultController, &VaultController::jobSelected, this, &EstateController::jobSelected);
    connect(m_overviewLoader, &EstateOverviewLoader::failedVaults, this,
            [this](const QStringList &names, const Error &first) { sayLeftOut(names, first); });
}

EstateController::~EstateController()
{
    // End the loads while this object is whole (their reports come here as cancelled); the
    // vault's and the item's end with their controllers.
    delete m_branchLoads;
    delete m_scopeLoads;
}

VaultPage *EstateController::vaultPage() const
{
    return m_vaultController->page();
}

RecoveryPointsPage *EstateController::recoveryPointsPage() const
{
    return m_pointsController->page();
}

void EstateController::setService(Backup::BackupService *service)
{
    // Signing out takes the Estate branch away: the selection and expanded branches are saved
    // while they are still there, and no later save (the quit) writes the signed-out tree.
    // (Signing in again resumes it once every area has its service: ConsolePage::resumeState.)
    if (m_service && !service)
        m_console->suspendState();
    m_service = service;
    m_overviewLoader->setService(service);
    m_vaultController->setService(service);
    m_pointsController->setService(service);
    delete m_branchLoads;
    delete m_scopeLoads;
    m_vaults.clear();
    m_subscriptionIds.clear();
    m_unreadableNotes.clear();
    m_unreadableBanner->clear();
    // Nothing the previous identity read stays in a page, shown or hidden.
    m_vaultController->forgetShownVault();
    m_pointsController->forgetShownItem();
    m_estateOverview->setScope({});
    m_estateOverview->setOverview({});
    m_estateOverview->setProgress(0, 0);
    m_estateOverview->setIncomplete({});
    m_estateOverview->request()->clear();
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

void EstateController::setClock(Clock clock)
{
    m_overviewLoader->setClock(clock);
    m_vaultController->setClock(std::move(clock));
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
    // Entries that could not be read are left out of the tree, and said (never silently).
    auto bad = std::make_shared<QList<Backup::Unreadable>>();
    m_service->subscriptions(
        m_branchLoads,
        [bad](const QList<Backup::Subscription> &, const QList<Backup::Unreadable> &unreadable, int) {
            *bad += unreadable;
        },
        [this, nav, estate, bad](Result<QList<Backup::Subscription>> subs) {
            if (!subs) {
                if (subs.error().kind == Error::Kind::Cancelled)
                    return;
                const bool denied = Backup::BackupService::isNoAccess(subs.error());
                nav->setState(estate,
                              denied ? NavigationModel::State::NoAccess : NavigationModel::State::Failed,
                              subs.error());
                m_console->banner()->showError(
                    subs.error(),
                    [this, nav, estate] {
                        nav->setState(estate, NavigationModel::State::Idle);
                        fetch(estate);
                    },
                    ListPanel::noAccessSentence(subs.error(), tr("subscriptions"),
                                                Backup::Listing::Subscriptions));
                return;
            }
            if (subs->isEmpty() && bad->isEmpty())
                sayNoSubscriptions();
            noteUnreadable(QStringLiteral("subscriptions"), int(bad->size()), tr("subscriptions"),
                           bad->isEmpty() ? Error() : bad->first().error);
            QSet<QString> listed;
            for (const Backup::Subscription &s : subs.value())
                listed.insert(s.subscriptionId.toLower());
            keepUnreadableOf(listed);
            QList<NavigationModel::Spec> children;
            for (const Backup::Subscription &s : Backup::distinctById(subs.value())) { // pages may repeat one
                const QString key = keyOf(s.id);
                m_subscriptionIds.insert(key, s.subscriptionId);
                children << NavigationModel::Spec { key,           NavigationModel::Kind::Subscription,
                                                    s.displayName, s.id,
                                                    true,          s.id };
            }
            nav->setChildren(estate, children);
            nav->setCount(estate, int(children.size()),
                          children.size() == 1 ? tr("subscription") : tr("subscriptions"));
        });
}

void EstateController::loadVaults(const QString &subscriptionKey, const QString &subscriptionId)
{
    NavigationModel *nav = m_console->navigation();
    nav->setState(subscriptionKey, NavigationModel::State::Loading);
    auto bad = std::make_shared<QList<Backup::Unreadable>>();
    m_service->vaults(
        subscriptionId, m_branchLoads,
        [bad](const QList<Backup::Vault> &, const QList<Backup::Unreadable> &unreadable, int) {
            *bad += unreadable;
        },
        [this, nav, subscriptionKey, subscriptionId, bad](Result<QList<Backup::Vault>> vaults) {
            if (!vaults) {
                if (vaults.error().kind == Error::Kind::Cancelled)
                    return;
                const bool denied = Backup::BackupService::isNoAccess(vaults.error());
                nav->setState(subscriptionKey,
                              denied ? NavigationModel::State::NoAccess : NavigationModel::State::Failed,
                              vaults.error());
                showNodeProblem(subscriptionKey);
                // Selected while it was being listed: its overview says why it has no numbers.
                if (std::exchange(m_overviewWaitsFor, QString()) == subscriptionKey)
                    showSelected();
                return;
            }
            placeVaults(subscriptionKey, subscriptionId, vaults.value());
            noteUnreadable(vaultsKey(subscriptionId), int(bad->size()),
                           tr("vaults of subscription %1").arg(subscriptionName(subscriptionKey)),
                           bad->isEmpty() ? Error() : bad->first().error);
            // Selected while it was being listed (or reloaded): its overview (or that of the
            // resource group selected under it) now.
            if (std::exchange(m_overviewWaitsFor, QString()) == subscriptionKey)
                showSelected();
        });
}

void EstateController::placeVaults(const QString &subscriptionKey, const QString &subscriptionId,
                                   const QList<Backup::Vault> &listedVaults)
{
    const QList<Backup::Vault> vaults = Backup::distinctById(listedVaults); // pages may repeat one
    NavigationModel *nav = m_console->navigation();
    // This listing is the subscription's vaults now: one deleted since (or no longer readable)
    // is dropped from the tree, the counts and the overviews.
    const QString prefix = QStringLiteral("/subscriptions/%1/").arg(subscriptionId.toLower());
    QSet<QString> listed;
    for (const Backup::Vault &v : vaults)
        listed.insert(keyOf(v.id));
    QStringList vanished;
    for (auto it = m_vaults.begin(); !subscriptionId.isEmpty() && it != m_vaults.end();) {
        if (it.key().startsWith(prefix)) {
            if (!listed.contains(it.key()))
                vanished << it.key();
            it = m_vaults.erase(it);
        } else {
            ++it;
        }
    }
    // The vault shown when it vanished: its page lets go of it (loads ended, tables emptied) and
    // says why, rather than show a vault that is gone.
    const QString shown = keyOf(m_vaultController->currentVaultId());
    const bool shownVanished = !shown.isEmpty()
        && (vanished.contains(shown) || (shown.startsWith(prefix) && !listed.contains(shown)));
    QString goneName;
    if (shownVanished) {
        goneName = m_vaultController->page()->vault().name;
        m_vaultController->forgetShownVault();
    }
    // subscription → resource group → vault: the groups come from the vault ids, keyed as
    // the tree keys them (case-insensitively: "RG-Backup" and "rg-backup" are one group,
    // named as first seen), in the order of their names.
    QMap<QString, QList<Backup::Vault>> byGroup; // group key -> its vaults
    QMap<QString, QString> groupKeys; // lower-case name -> group key (for the order)
    for (const Backup::Vault &v : vaults) {
        m_vaults.insert(keyOf(v.id), v);
        const QString groupKey = keyOf(v.armId.resourceGroupId());
        byGroup[groupKey] << v;
        groupKeys.insert(v.resourceGroup().toLower(), groupKey);
    }
    QList<NavigationModel::Spec> groups;
    for (const QString &groupKey : std::as_const(groupKeys)) {
        const Backup::Vault first = byGroup.value(groupKey).first(); // a copy: value() is one too
        const QString groupId = first.armId.resourceGroupId();
        groups << NavigationModel::Spec {
            groupKey, NavigationModel::Kind::ResourceGroup, first.resourceGroup(), groupId, false, groupId
        };
    }
    nav->setChildren(subscriptionKey, groups);
    nav->setCount(subscriptionKey, int(vaults.size()), vaults.size() == 1 ? tr("vault") : tr("vaults"));
    for (auto it = byGroup.cbegin(); it != byGroup.cend(); ++it) {
        QList<NavigationModel::Spec> children;
        for (const Backup::Vault &v : it.value())
            children << NavigationModel::Spec {
                keyOf(v.id), NavigationModel::Kind::Vault,
                v.name,      v.id,
                false,       v.location.isEmpty() ? v.id : v.location + QStringLiteral(" · ") + v.id
            };
        nav->setChildren(it.key(), children);
        nav->setCount(it.key(), int(children.size()), children.size() == 1 ? tr("vault") : tr("vaults"));
    }
    if (shownVanished)
        m_console->banner()->showMessage(
            MessageBanner::Level::Warning,
            tr("Vault %1 is no longer listed in its subscription: it was deleted, or this identity may no "
               "longer read it. Its page is closed.")
                .arg(goneName));
}

void EstateController::showSelected()
{
    const QString key = m_console->selectedKey();
    const QModelIndex i = m_console->navigation()->indexOf(key);
    if (i.isValid())
        onSelected(key, NavigationModel::Kind(i.data(NavigationModel::KindRole).toInt()),
                   i.data(NavigationModel::ResourceIdRole).toString());
}

void EstateController::showNodeProblem(const QString &key)
{
    const Error error = m_console->navigation()->error(key);
    if (error.code.isEmpty() && error.detail.isEmpty())
        return;
    m_console->banner()->showError(
        error, [this, key] { retryNode(key); },
        ListPanel::noAccessSentence(error, tr("vaults"), Backup::Listing::Vaults));
}

void EstateController::retryNode(const QString &key)
{
    // As for the Estate node: back to Idle, so the tree (and this) may load it again.
    m_console->banner()->clear();
    m_console->navigation()->setState(key, NavigationModel::State::Idle);
    fetch(key);
}

void EstateController::onSelected(const QString &key, NavigationModel::Kind kind, const QString &resourceId)
{
    if (!m_service)
        return;
    // Whatever was chosen before, the estate listing still on its way must not take the page back.
    delete m_scopeLoads;
    m_overviewWaitsFor.clear();
    m_unlistedNames.clear();
    m_unlistedError = {};
    switch (kind) {
    case NavigationModel::Kind::Vault:
        return showVault(resourceId);
    case NavigationModel::Kind::ResourceGroup:
        return showOverview(key, tr("Resource group %1").arg(resourceId.section(QLatin1Char('/'), -1)),
                            vaultsUnder(resourceId), { vaultListingUrl(resourceId) });
    case NavigationModel::Kind::Subscription: {
        NavigationModel *nav = m_console->navigation();
        const QString title = tr("Subscription %1").arg(subscriptionName(key));
        const NavigationModel::State state = nav->state(key);
        if (state == NavigationModel::State::Loaded)
            return showOverview(key, title, vaultsUnder(resourceId), { vaultListingUrl(resourceId) });
        if (state == NavigationModel::State::Failed || state == NavigationModel::State::NoAccess) {
            // Its vaults could not be listed: the overview says so (and which action a 403
            // lacks) rather than count zero of everything; the why (and Retry) in the banner.
            const Error error = nav->error(key);
            showOverview(key, title, {}, { vaultListingUrl(resourceId) }, {},
                         { tr("the vaults of this subscription (%1)").arg(error.code) });
            const QString denied = ListPanel::noAccessSentence(error, tr("vaults"), Backup::Listing::Vaults);
            m_estateOverview->setState(
                denied.isEmpty()
                    ? tr("The vaults of this subscription could not be listed: %1").arg(Text::headline(error))
                    : denied);
            showNodeProblem(key);
            return;
        }
        // Not listed yet: this scope's overview, empty until its vaults are listed (never the
        // numbers of the scope shown before), then built when they are (loadVaults).
        showOverview(key, title, {}, { vaultListingUrl(resourceId) });
        m_estateOverview->setState(tr("Listing the vaults of this subscription…"));
        m_overviewWaitsFor = key;
        m_console->tree()->expand(nav->indexOf(key)); // loads its vaults
        if (nav->state(key) == NavigationModel::State::Idle)
            fetch(key); // (expanding an expanded branch loads nothing)
        return;
    }
    case NavigationModel::Kind::Section:
        if (key != QLatin1String(kEstateKey))
            return;
        // The whole estate: every subscription's vaults (those not listed yet are listed now).
        m_console->showContent(m_estateOverview);
        m_scopeLoads = new QObject(this);
        m_estateOverview->setScope(tr("All subscriptions"), QLatin1String(kEstateKey));
        m_estateOverview->setState(tr("Listing the subscriptions and their vaults…"));
        m_estateOverview->request()->setRequest(
            "GET", m_service->urlFor(Backup::Paths::subscriptions(), m_service->versions().resources));
        m_service->estate(m_scopeLoads, {}, [this](Result<Backup::Estate> estate) {
            if (!estate) {
                if (estate.error().kind == Error::Kind::Cancelled)
                    return;
                const QString denied = ListPanel::noAccessSentence(estate.error(), tr("subscriptions"),
                                                                   Backup::Listing::Subscriptions);
                m_estateOverview->setState(
                    denied.isEmpty()
                        ? tr("The subscriptions could not be listed: %1").arg(Text::headline(estate.error()))
                        : denied);
                m_console->banner()->showError(
                    estate.error(), [this] { retryScope(); }, denied);
                return;
            }
            // Each subscription listed is its vaults now (one deleted since is dropped from the
            // tree, the counts and the overview); one that could not be listed keeps what it had.
            const QPointer<QObject> listing = m_scopeLoads;
            // Each vault to its subscription in one pass (by its id's "/subscriptions/{id}/"):
            // hundreds of subscriptions each scanning every vault held the window.
            QHash<QString, QList<Backup::Vault>> vaultsOf; // lower-case subscription id -> its vaults
            const QLatin1String subscriptions("/subscriptions/");
            for (const Backup::Vault &v : estate->vaults) {
                const QString vaultKey = keyOf(v.id);
                const qsizetype end = vaultKey.indexOf(QLatin1Char('/'), subscriptions.size());
                if (vaultKey.startsWith(subscriptions) && end > subscriptions.size())
                    vaultsOf[vaultKey.mid(subscriptions.size(), end - subscriptions.size())] << v;
            }
            for (const Backup::Subscription &sub : estate->subscriptions) {
                if (estate->failures.contains(sub.subscriptionId.toLower()))
                    continue;
                const QList<Backup::Vault> vaults = vaultsOf.value(sub.subscriptionId.toLower());
                const QString subKey = keyOf(sub.id);
                if (m_console->navigation()->indexOf(subKey).isValid()) {
                    m_subscriptionIds.insert(subKey, sub.subscriptionId);
                    placeVaults(subKey, sub.subscriptionId, vaults);
                } else {
                    for (const Backup::Vault &v : std::as_const(vaults))
                        m_vaults.insert(keyOf(v.id), v);
                }
                if (!listing) // the tree's selection moved (a vault that vanished was selected)
                    return;
            }
            // What an operator runs to see the same: the subscriptions, each one's vaults, then
            // each vault's three listings.
            QList<QUrl> listings { m_service->urlFor(Backup::Paths::subscriptions(),
                                                     m_service->versions().resources) };
            for (const Backup::Subscription &s : estate->subscriptions)
                listings << m_service->urlFor(Backup::Paths::vaults(s.subscriptionId),
                                              m_service->versions().vaults);
            if (estate->subscriptions.isEmpty() && estate->unreadableSubscriptions == 0)
                sayNoSubscriptions();
            // Each listing's unreadable entries on a line of their own, kept until that listing
            // is read again without them.
            noteUnreadable(QStringLiteral("subscriptions"), estate->subscriptionsUnreadable.count,
                           tr("subscriptions"), estate->subscriptionsUnreadable.first);
            QSet<QString> listed;
            for (const Backup::Subscription &sub : estate->subscriptions) {
                const QString id = sub.subscriptionId.toLower();
                listed.insert(id);
                if (estate->failures.contains(id))
                    continue; // not read again: what was said of it still holds
                const Backup::Estate::Unreadables bad = estate->vaultsUnreadable.value(id);
                noteUnreadable(vaultsKey(id), bad.count, tr("vaults of subscription %1").arg(sub.displayName),
                               bad.first);
            }
            keepUnreadableOf(listed);
            // A subscription whose vaults could not be listed is named, never left out in silence.
            QStringList unlisted;
            for (const Backup::Subscription &sub : estate->subscriptions) {
                const auto it = estate->failures.constFind(sub.subscriptionId.toLower());
                if (it == estate->failures.cend())
                    continue;
                if (m_unlistedNames.isEmpty())
                    m_unlistedError = it.value();
                m_unlistedNames << sub.displayName;
                unlisted << tr("vaults of subscription %1 (%2)").arg(sub.displayName, it->code);
            }
            showOverview(
                QLatin1String(kEstateKey), tr("All subscriptions"), estate->vaults, listings,
                tr("the vaults of each of %n subscription(s)", nullptr, int(estate->subscriptions.size())),
                unlisted);
            if (!m_unlistedNames.isEmpty())
                sayLeftOut({}, {});
        });
        return;
    case NavigationModel::Kind::Page:
        return;
    }
}

QList<Backup::Vault> EstateController::vaultsUnder(const QString &scopeId) const
{
    const QString prefix = scopeId.toLower() + QLatin1Char('/');
    QList<Backup::Vault> out;
    for (const Backup::Vault &v : m_vaults) {
        if (v.id.toLower().startsWith(prefix))
            out << v;
    }
    std::sort(out.begin(), out.end(),
              [](const Backup::Vault &a, const Backup::Vault &b) { return a.name < b.name; });
    return out;
}

QUrl EstateController::vaultListingUrl(const QString &scopeId) const
{
    // As it was listed: with the subscription id the subscription listing gave.
    const QString sub = Backup::ArmId::parse(scopeId).subscription;
    const QString listed = m_subscriptionIds.value(keyOf(QStringLiteral("/subscriptions/") + sub), sub);
    return m_service->urlFor(Backup::Paths::vaults(listed), m_service->versions().vaults);
}

void EstateController::showOverview(const QString &scopeKey, const QString &title,
                                    const QList<Backup::Vault> &vaults, const QList<QUrl> &listings,
                                    const QString &listingNote, const QStringList &unlisted)
{
    m_console->showContent(m_estateOverview);
    m_estateOverview->setState({});
    m_overviewLoader->show(title, vaults, listings, listingNote, unlisted, scopeKey);
}

void EstateController::sayLeftOut(const QStringList &vaultNames, const Error &vaultError)
{
    // What could not be read (subscriptions whose vaults could not be listed, then vaults whose
    // data could not be read), and for a 403 which action is missing, with the ids; Retry reads
    // the scope again (only what is missing is loaded again).
    QStringList parts;
    if (!m_unlistedNames.isEmpty())
        parts << tr("the vaults of subscription %1").arg(m_unlistedNames.join(QStringLiteral(", ")));
    if (!vaultNames.isEmpty())
        parts << vaultNames.join(QStringLiteral(", "));
    const bool unlisted = !m_unlistedNames.isEmpty();
    const Error first = unlisted ? m_unlistedError : vaultError;
    const QString denied
        = ListPanel::noAccessSentence(first, unlisted ? tr("vaults") : tr("backup data"),
                                      unlisted ? Backup::Listing::Vaults : Backup::Listing::Unknown);
    m_console->banner()->showError(
        first, [this] { retryScope(); },
        tr("The overview leaves out %1. %2")
            .arg(parts.join(QStringLiteral("; ")), denied.isEmpty() ? Text::headline(first) : denied));
}

void EstateController::sayNoSubscriptions()
{
    // Azure answers an identity without any role assignment with an empty list, not an error.
    m_console->banner()->showMessage(
        MessageBanner::Level::Warning,
        tr("This identity sees no subscriptions: no role assignment at or within any subscription grants "
           "it Microsoft.Resources/subscriptions/read, so Azure lists none. A role such as Reader or "
           "Backup Reader on a subscription, resource group or vault makes that subscription visible."));
}

void EstateController::noteUnreadable(const QString &key, int count, const QString &listing,
                                      const Error &first)
{
    // Left out, never silently: how many, of which listing, and why the first could not be read
    // (its id said once: the sentence names it, the detail would say it again).
    if (count <= 0)
        m_unreadableNotes.remove(key);
    else
        m_unreadableNotes.insert(
            key,
            count == 1 ? tr("1 entry of the listing of %1 could not be read and is left out: %2")
                             .arg(listing, Text::describeOnce(first))
                       : tr("%1 entries of the listing of %2 could not be read and are left out: %3")
                             .arg(QString::number(count), listing, Text::describeOnce(first)));
    if (m_unreadableNotes.isEmpty())
        return m_unreadableBanner->clear();
    const QStringList lines = m_unreadableNotes.values();
    m_unreadableBanner->showMessage(MessageBanner::Level::Warning, lines.join(QLatin1Char('\n')));
}

void EstateController::keepUnreadableOf(const QSet<QString> &subscriptionIds)
{
    const QStringList keys = m_unreadableNotes.keys();
    for (const QString &key : keys) {
        if (key.startsWith(QLatin1String("vaults:")) && !subscriptionIds.contains(key.mid(7)))
            noteUnreadable(key, 0, {}, {});
    }
}

QString EstateController::subscriptionName(const QString &subscriptionKey) const
{
    // The name as listed, whole (the tree's text adds "(3 vaults)" and the like to it).
    const QString title
        = m_console->navigation()->indexOf(subscriptionKey).data(NavigationModel::TitleRole).toString();
    return title.isEmpty() ? m_subscriptionIds.value(subscriptionKey) : title;
}

void EstateController::retryScope()
{
    // The shown scope again, as if chosen anew: its listing and the data it misses are read again.
    m_console->banner()->clear();
    const QString key = m_console->selectedKey();
    const QModelIndex i = m_console->navigation()->indexOf(key);
    if (!i.isValid())
        return;
    onSelected(key, NavigationModel::Kind(i.data(NavigationModel::KindRole).toInt()),
               i.data(NavigationModel::ResourceIdRole).toString());
}

const Backup::ProtectedItem *EstateController::item(const QString &itemId) const
{
    if (const Backup::ProtectedItem *listed = m_vaultController->listedItem(itemId))
        return listed;
    for (const Backup::Vault &v : m_vaults) {
        if (const auto *d = m_overviewLoader->data(v.id)) {
            for (const Backup::ProtectedItem &i : d->items) {
                if (i.id.compare(itemId, Qt::CaseInsensitive) == 0)
                    return &i;
            }
        }
    }
    return nullptr;
}

const Backup::Policy *EstateController::policyOf(const Backup::ProtectedItem &item) const
{
    if (const Backup::Policy *p = m_vaultController->listedPolicy(item.policyId))
        return p;
    if (const auto *d = m_overviewLoader->data(item.armId.vaultId())) {
        for (const Backup::Policy &p : d->policies) {
            if (p.id.compare(item.policyId, Qt::CaseInsensitive) == 0)
                return &p;
        }
    }
    return nullptr;
}

void EstateController::showRecoveryPoints(const QString &itemId)
{
    if (!m_service)
        return;
    Backup::ProtectedItem known;
    if (const Backup::ProtectedItem *i = item(itemId))
        known = *i;
    else {
        known.id = itemId;
        known.armId = Backup::ArmId::parse(itemId);
        known.friendlyName = known.armId.itemFriendlyName();
    }
    delete m_scopeLoads; // the estate listing still on its way must not take the page back
    m_pointsController->showRecoveryPoints(itemId, known, policyOf(known));
    Q_EMIT recoveryPointsShown(itemId);
}

void EstateController::reload(QWidget *page)
{
    if (!m_service)
        return;
    if (page == m_vaultController->page())
        return m_vaultController->reloadVault();
    if (page == m_pointsController->page())
        return m_pointsController->loadPoints();
    if (page != m_estateOverview)
        return;
    // The overview's vaults are read again (what was kept for the session is forgotten), and so
    // is the listing of a subscription's or resource group's vaults (a vault deleted since goes).
    m_overviewLoader->refresh();
    const QModelIndex i = m_console->tree()->currentIndex();
    if (!i.isValid())
        return;
    const auto kind = NavigationModel::Kind(i.data(NavigationModel::KindRole).toInt());
    const QString resourceId = i.data(NavigationModel::ResourceIdRole).toString();
    if (kind == NavigationModel::Kind::Subscription || kind == NavigationModel::Kind::ResourceGroup) {
        const QString subscriptionKey
            = keyOf(QStringLiteral("/subscriptions/") + Backup::ArmId::parse(resourceId).subscription);
        if (m_subscriptionIds.contains(subscriptionKey)) {
            delete m_scopeLoads;
            m_console->banner()->clear();
            m_estateOverview->setState(tr("Listing the vaults of this subscription…"));
            m_console->navigation()->setState(subscriptionKey, NavigationModel::State::Idle);
            m_overviewWaitsFor = subscriptionKey;
            return fetch(subscriptionKey); // the overview follows the listing (loadVaults)
        }
    }
    onSelected(m_console->selectedKey(), kind, resourceId);
}

void EstateController::showVault(const QString &vaultId)
{
    if (!m_service)
        return;
    delete m_scopeLoads; // the estate listing still on its way must not take the page back
    m_vaultController->showVault(vaultId, m_vaults.value(keyOf(vaultId)));
}

void EstateController::showJob(const QString &vaultId, const QString &jobId)
{
    if (!m_service)
        return;
    delete m_scopeLoads; // as showVault()
    m_vaultController->showJob(vaultId, jobId, m_vaults.value(keyOf(vaultId)));
}

} // namespace RestoreDesk
