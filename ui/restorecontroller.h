#pragma once

#include "backup/job.h"
#include "backup/pendingrestore.h"
#include "backup/pendingrestorestore.h"
#include "backup/restoreactions.h"
#include "backup/restoretracking.h"
#include "restorejobpage.h"
#include "restorewizard.h"

#include <QHash>
#include <QObject>
#include <QPointer>

#include <functional>

namespace RestoreDesk {

namespace Access {
class AccessService;
}
namespace Audit {
class AuditTrail;
}
class ConsolePage;
class EstateController;
class JobsPanel;
class MainWindow;
class RestoreNotifier;

// The restore area of the console: owns RestoreActions (the one way restores are sent, cancelled
// and recorded) and with it the tracker of every restore this user started. It opens the wizard
// when the operator asks to restore a point; gives each restore a job page under "Restores" in
// the navigation, fed by the tracker (progress, end), records each end through RestoreActions
// and tells the operator with a desktop notification when the console is in the background;
// resumes, at sign-in, the restores left by an earlier run and says so; announces those an earlier
// run sent without a known answer while RestoreActions reconciles them, and offers to look again
// or drop those it cannot settle. While a restore is being sent, no other wizard opens. Restore and cancel
// buttons are enabled only when the permission pre-check (AccessService) allows them; otherwise
// their tooltip names the missing action. GUI thread; owned by the composition root.
class RestoreController : public QObject
{
    Q_OBJECT

public:
    static constexpr const char *kRestoresKey = "restores";

    RestoreController(MainWindow *window, ConsolePage *console, EstateController *estate,
                      Audit::AuditTrail *trail,
                      Backup::PendingRestoreStore store = Backup::PendingRestoreStore(),
                      QObject *parent = nullptr);
    ~RestoreController() override;

    void setIdentitySource(Backup::RestoreActions::IdentitySource identity);
    void setTrackingOptions(const Backup::TrackingOptions &options);
    // The signed-in profile's name: written on the restores recorded from now on (with the API's
    // origin), and said of the records of another API, which this console leaves alone.
    void setProfileName(const QString &name);
    // The signed-in session's services (both nullptr when signed out: following pauses).
    void setServices(Backup::RestoreService *restore, Access::AccessService *access);

    RestoreWizard *openWizard(const QString &itemId, const QString &pointId);
    RestoreWizard *wizard() const { return m_wizard; }
    RestoreJobPage *jobPage(const QString &clientRequestId) const { return m_pages.value(clientRequestId); }
    QList<RestoreJobPage *> jobPages() const { return m_pages.values(); }
    Backup::RestoreActions *actions() const { return m_actions; }
    RestoreNotifier *notifier() const { return m_notifier; }

Q_SIGNALS:
    void wizardOpened(RestoreDesk::RestoreWizard *wizard);
    void jobPageOpened(RestoreDesk::RestoreJobPage *page);
    // The end was shown (and recorded, unless the log refused it). A restore whose operation
    // failed before any job existed ends with a job made up of that failure (status Failed, no id).
    void restoreEnded(const RestoreDesk::Backup::PendingRestore &record, const RestoreDesk::Backup::Job &job);

private:
    RestoreJobPage *pageFor(const Backup::PendingRestore &record, bool show);
    void precheckRestore(const QString &itemId);
    void precheckCancel(RestoreJobPage *page);
    void onResumed(const QList<Backup::PendingRestore> &records);
    // Records another process left while the console runs (RestoreTracker::pickedUp).
    void onPickedUp(const QList<Backup::PendingRestore> &records);
    // A job page for each (not brought forward) and one banner line: `sentence(n)` with %1 the names.
    void follow(const QList<Backup::PendingRestore> &records, const std::function<QString(int)> &sentence);
    void onUnanswered(const QList<Backup::PendingRestore> &records);
    void offerToSettle(const Backup::PendingRestore &record, const Error &why);
    // Every kept record still submitting, not being settled and not on the strip yet, onto it.
    void listUnsettled();
    // The records of another backup API (or of none known) in the strip, left alone; rows of
    // records now of this API (signed in to it again) taken off.
    void listOtherApis();
    void onFailedBeforeJob(const Backup::PendingRestore &record, const Error &error);
    void reconcileUnsettled(const Backup::PendingRestore &record);
    // Opens the discard dialog (reason required); discardConfirmed() once the operator confirms.
    void discardUnsettled(const Backup::PendingRestore &record);
    void discardConfirmed(const Backup::PendingRestore &record, const QString &reason);
    // Opens the adopt dialog (reason required); adoptConfirmed() once the operator confirms.
    void adoptUnsettled(const Backup::PendingRestore &record, const QString &jobId);
    void adoptConfirmed(const Backup::PendingRestore &record, const QString &jobId, const QString &reason);
    void onEnded(const Backup::PendingRestore &record, const Backup::Job &job);
    void cancel(RestoreJobPage *page, const QString &reason);
    // The jobs view's Cancel: pre-checked per selected running job, audited like the job page's.
    void precheckJobCancel(JobsPanel *jobs, const QString &jobId);
    void cancelFromJobs(JobsPanel *jobs, const QString &jobId, const QString &reason);

    MainWindow *m_window;
    ConsolePage *m_console;
    EstateController *m_estate;
    Backup::RestoreActions *m_actions;
    RestoreNotifier *m_notifier;
    QPointer<Access::AccessService> m_access;
    QPointer<RestoreWizard> m_wizard;
    QHash<QString, RestoreJobPage *> m_pages; // by client request id
    QPointer<QObject> m_precheck; // owns the recovery-points page's pre-check
    QPointer<QObject> m_jobPrecheck; // owns the jobs view's cancel pre-check
    QString m_jobPrecheckFor; // lower-case job id it is for
    bool m_sectionAdded = false;
};

} // namespace RestoreDesk
