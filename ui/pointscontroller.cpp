#include "pointscontroller.h"

#include "arm/armclient.h"
#include "arm/armerrors.h"
#include "backup/armid.h"
#include "backup/backupservice.h"
#include "consolepage.h"
#include "recoverypointspage.h"

#include <QApplication>
#include <QCryptographicHash>
#include <QTableView>

#include <utility>

namespace RestoreDesk {

namespace {

// What m_pointLinks keeps of a page's URL: two spellings of one page have one digest.
QByteArray pageDigest(const QUrl &url)
{
    return QCryptographicHash::hash(Arm::ArmListCall::pageKey(url).toUtf8(), QCryptographicHash::Sha256);
}

} // namespace

PointsController::PointsController(ConsolePage *console, QWidget *home, QObject *parent)
    : QObject(parent)
    , m_console(console)
    , m_home(home)
    , m_pointsPage(new RecoveryPointsPage(console))
{
    connect(m_pointsPage, &RecoveryPointsPage::reloadRequested, this, &PointsController::loadPoints);
    connect(m_pointsPage, &RecoveryPointsPage::pageRetryRequested, this, [this] {
        if (m_pointFailed.isEmpty())
            return loadPoints();
        loadPointPage(std::exchange(m_pointFailed, QString()));
    });
    connect(m_pointsPage, &RecoveryPointsPage::moreRequested, this, [this] {
        if (!m_pointNext.isEmpty())
            loadPointPage(std::exchange(m_pointNext, QString()));
    });
    connect(m_pointsPage, &RecoveryPointsPage::restoreRequested, this,
            [this](const QString &pointId) { Q_EMIT restoreRequested(m_pointsItemId, pointId); });
}

PointsController::~PointsController()
{
    // End the load while this object is whole (its reports come here as cancelled).
    delete m_pointLoads;
}

void PointsController::setService(Backup::BackupService *service)
{
    m_service = service;
}

void PointsController::forgetShownItem()
{
    delete m_pointLoads; // its pages report as cancelled and reach no view
    m_pointsItemId.clear();
    m_pointNext.clear();
    m_pointFailed.clear();
    m_pointLinks.clear();
    m_pointRequests.clear();
    m_pointsPage->clear();
    if (m_console->currentContent() == m_pointsPage)
        m_console->showContent(m_home);
}

void PointsController::showRecoveryPoints(const QString &itemId, const Backup::ProtectedItem &known,
                                          const Backup::Policy *policy)
{
    if (!m_service)
        return;
    m_pointsItemId = itemId;
    m_pointsPage->setItem(known);
    if (policy)
        m_pointsPage->setPolicy(*policy);
    else
        m_pointsPage->clearPolicy();
    // Opened from a page with the keyboard (Enter on an item): the focus goes along.
    QWidget *from = m_console->currentContent();
    const bool focusFollows = from && from != m_pointsPage && from->isAncestorOf(QApplication::focusWidget());
    m_console->showContent(m_pointsPage);
    if (focusFollows)
        m_pointsPage->tableView()->setFocus(Qt::OtherFocusReason);
    loadPoints();
}

void PointsController::loadPoints()
{
    if (!m_service || m_pointsItemId.isEmpty())
        return;
    delete m_pointLoads;
    m_pointLoads = new QObject(this);
    m_pointFailed.clear();
    m_pointLinks.clear();
    m_pointRequests.clear();
    m_pointsPage->beginLoading();
    loadPointPage({});
}

void PointsController::loadPointPage(const QString &nextLink)
{
    // One page at a time: the page offers the next one (Load more, or the table scrolled to its
    // end) while the service names one. An item can have tens of thousands of points.
    if (!m_service || m_pointsItemId.isEmpty() || !m_pointLoads)
        return;
    const QString backup = m_service->versions().backup;
    const QUrl url = m_service->urlFor(
        nextLink.isEmpty() ? Backup::Paths::recoveryPoints(m_pointsItemId) : nextLink, backup);
    // A failed page asked for again is still the one request behind its rows.
    if (m_pointRequests.isEmpty() || m_pointRequests.last().url != url)
        m_pointRequests << RequestStrip::Request { "GET", url };
    m_pointsPage->request()->setRequests(m_pointRequests);
    // Every page asked for, the first one included, as the transport keys pages: a nextLink back
    // to any of them is a loop, however it is spelled.
    m_pointLinks.insert(pageDigest(url));
    auto *job = m_service->recoveryPointPage(
        m_pointsItemId, nextLink, m_pointLoads,
        [this, nextLink](Result<Backup::Page<Backup::RecoveryPoint>> r) {
            if (!r) {
                if (r.error().kind != Error::Kind::Cancelled) {
                    // A later page: the pages read stay, and Retry asks for this one again.
                    m_pointFailed = nextLink;
                    m_pointsPage->failLoading(r.error(), !nextLink.isEmpty());
                }
                return;
            }
            m_pointsPage->appendPage(r->items);
            if (!r->rejected.isEmpty())
                m_pointsPage->addUnreadable(int(r->rejected.size()), r->rejected.first().error);
            // A nextLink already followed would only read the same points again. The links are
            // kept for the whole listing: copies made here, so they do not hold on to the memory of
            // the worker thread that parsed the page (see GetJob).
            const QString next(r->nextLink.constData(), r->nextLink.size());
            if (!next.isEmpty()
                && m_pointLinks.contains(pageDigest(m_service->urlFor(next, m_service->versions().backup)))) {
                // Reported as the transport reports a looping listing: not "all loaded".
                m_pointNext.clear();
                m_pointsPage->setMoreAvailable(false);
                m_pointsPage->failLoading(
                    Error::make(Error::Kind::Protocol, Arm::Codes::PageLoop,
                                QStringLiteral("nextLink %1 after page %2 was read before")
                                    .arg(QUrl(next).toString(QUrl::RemoveQuery))
                                    .arg(m_pointRequests.size()),
                                { m_pointRequests.last().url.toString(QUrl::RemoveQuery) }));
                return;
            }
            m_pointNext = next;
            m_pointsPage->setMoreAvailable(!next.isEmpty());
            m_pointsPage->finishLoading();
        });
    // Freed once it has reported: an item's points take hundreds of pages, and a finished page's
    // job (its call, timer and URLs) would otherwise stay until the item changes.
    if (job->isFinished())
        job->deleteLater();
    else
        connect(job, &JobBase::finished, job, &QObject::deleteLater);
}

} // namespace RestoreDesk
