#pragma once

#include "access/accessservice.h"
#include "audit/audittrail.h"
#include "audit/record.h"
#include "backup/restorerequest.h"
#include "backup/restoretracker.h"
#include "consolepage.h"
#include "estatecontroller.h"
#include "mainwindow.h"
#include "restorecontroller.h"
#include "restorefixture.h"
#include "sandboxids.h"

namespace RestoreDesk {
class RestoreWizard;
}

namespace RestoreDesk::Test {

// The seeded tenant's names the restore UI tests use.
inline const QString kVault = QStringLiteral("rsv-prod-weu");
inline constexpr int kWaitMs = 60000;

// What main() composes around restores, on the fixture's signed-in services: the window and its
// console page, the audit trail, the estate and restore controllers and the access service.
// With `fixtureClock`, restore actions stamp and reconcile on the fixture's clock. Main thread.
struct RestoreConsole
{
    RestoreConsole(RestoreFixture &f, const QString &storeDir, const QString &auditPath,
                   const Backup::TrackingOptions &tracking, bool fixtureClock = false);

    MainWindow window;
    ConsolePage *console; // owned by the window
    Audit::AuditTrail trail;
    EstateController estate;
    RestoreController restores;
    Access::AccessService access;
};

// Drives the wizard as an operator would; each returns false (or null) where it cannot go on.
namespace WizardDriver {
// Shows the item's recovery points, selects the newest and clicks Restore once it is offered.
RestoreWizard *openFromPointsPage(RestoreConsole &c, const QString &itemId);
// What (as preselected) → How with `mode` → Where.
bool throughWhatAndHow(RestoreWizard *w, Backup::RestoreRequest::Mode mode);
// Where, for a restore of disks: the target group and the staging account, checked.
bool disksTargets(RestoreWizard *w);
// Check (granted), Review (with a reason), to Submit.
bool toSubmit(RestoreWizard *w, const QString &reason);
} // namespace WizardDriver

// The audit log's records of `type`, in order.
QList<Audit::Record> auditRecords(const QString &path, const QString &type);
QStringList outcomes(const QList<Audit::Record> &list);

} // namespace RestoreDesk::Test
