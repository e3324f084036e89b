#pragma once

#include "backup/policy.h"
#include "backup/protecteditem.h"
#include "requeststrip.h"

#include <QObject>
#include <QPointer>
#include <QSet>

namespace RestoreDesk {

namespace Backup {
class BackupService;
}
class ConsolePage;
class RecoveryPointsPage;

// The recovery points page of the estate area: an item's points (timeline and table), read one
// page at a time while the service names a next one (Load more, or the table scrolled to its
// end); a later page that fails leaves the pages read in place, and Retry asks for that page
// again. A nextLink back to a page already read is reported as a loop. Loads of an item no longer
// shown are cancelled (their owner dies). GUI thread; owned by EstateController.
class PointsController : public QObject
{
    Q_OBJECT

public:
    // `home`: the page shown instead of the points page when the item is let go of. The owner
    // adds page() to the console (after its own pages, as before the split).
    PointsController(ConsolePage *console, QWidget *home, QObject *parent = nullptr);
    ~PointsController() override;

    void setService(Backup::BackupService *service);
    RecoveryPointsPage *page() const { return m_pointsPage; }
    QString currentItemId() const { return m_pointsItemId; }
    // `known`: the item as listed (or as named by its id), and its policy when known.
    void showRecoveryPoints(const QString &itemId, const Backup::ProtectedItem &known,
                            const Backup::Policy *policy);
    // The shown item's points from their first page again.
    void loadPoints();
    // The page lets go of its item (loads ended, header, table and strip emptied).
    void forgetShownItem();

Q_SIGNALS:
    // The operator asked to restore this point of this item.
    void restoreRequested(const QString &itemId, const QString &pointId);

private:
    void loadPointPage(const QString &nextLink);

    ConsolePage *m_console;
    QWidget *m_home;
    QPointer<Backup::BackupService> m_service;
    RecoveryPointsPage *m_pointsPage;
    QString m_pointsItemId;
    QPointer<QObject> m_pointLoads; // owns the shown item's recovery-point load
    QString m_pointNext; // the next page of the shown item's points, when the page may ask for it
    QString m_pointFailed; // the later page of the shown item's points that failed (Retry asks again)
    // Every page of the shown item's points asked for: the SHA-256 of its ArmListCall::pageKey
    // (a key is the page's whole URL, about a kilobyte; an item has hundreds of pages).
    QSet<QByteArray> m_pointLinks;
    QList<RequestStrip::Request> m_pointRequests; // the GETs behind the points shown
};

} // namespace RestoreDesk
