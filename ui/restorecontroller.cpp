#include "restorecontroller.h"

#include "access/accessservice.h"
#include "access/backupoperation.h"
#include "access/restoretarget.h"
#include "adoptjobdialog.h"
#include "backup/armid.h"
#include "backup/restoreerrors.h"
#include "consolepage.h"
#include "discardrestoredialog.h"
#include "estatecontroller.h"
#include "jobspanel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "recoverypointspage.h"
#include "restorejobpage.h"
#include "restorenotifier.h"
#include "restorewizard.h"
#include "text/errortext.h"
#include "text/permissiontext.h"
#include "text/restorewizardtext.h"
#include "text/tokentext.h"
#include "unsettledrestoresstrip.h"
#include "vaultcontroller.h"
#include "vaultpage.h"

#include <QCoreApplication>
#include <QTimer>

#include <utility>

namespace RestoreDesk {

using Access::BackupOperation;

namespace {

constexpr int kRecheckMs = 30000;

// Whether an action is offered, and if not why (the button's tooltip).
struct Gate
{
    bool allowed = false;
    QString whyNot;
};

QString trText(const char *text)
{
    return QCoreApplication::translate("RestoreController", text);
}

// Offered only when the pre-check says the identity may: a denial names what is missing; a check
// that failed, or could not tell, says so and keeps the action off (the service would still rule,
// but the console does not offer what it cannot vouch for).
Gate gateOf(const Result<Access::AccessCheck> &check, const QString &what, const QString &again)
{
    if (!check)
        return { false,
                 Text::fillPlaceholders(
                     trText(QT_TRANSLATE_NOOP("RestoreController",
                                              "Could not check whether this identity may %1: %2")),
                     { what, Text::headline(check.error()) })
                     + QLatin1Char('\n') + again };
    if (check->allowed())
        return { true, {} };
    if (check->denied())
        return { false, Text::whyNotText(check->check, check->suggestions) };
    QStringList unread;
    for (const Access::RequirementCheck &r : check->check.requirements) {
        if (r.state == Access::RequirementCheck::State::Unknown)
            unread << Text::fillPlaceholders(trText(QT_TRANSLATE_NOOP("RestoreController", "• %1 on %2")),
                                             { r.action, r.scope });
    }
    return { false,
             Text::fillPlaceholders(
                 trText(QT_TRANSLATE_NOOP(
                     "RestoreController",
                     "Cannot tell whether this identity may %1: its permissions for these could "
                     "not be read:")),
                 { what })
                 + QLatin1Char('\n') + unread.join(QLatin1Char('\n')) + QLatin1Char('\n') + again };
}

} // namespace

RestoreController::RestoreController(MainWindow *window, ConsolePage *console, EstateController *estate,
                                     Audit::AuditTrail *trail, Backup::PendingRestoreStore store,
                                     QObject *parent)
    : QObject(parent)
    , m_window(window)
    , m_console(console)
    , m_estate(estate)
    , m_actions(new Backup::RestoreActions(std::move(store), this))
    , m_notifier(new RestoreNotifier(window, this))
{
    m_actions->setAuditTrail(trail);
    Backup::RestoreTracker *tracker = m_actions->tracker();
    connect(tracker, &Backup::RestoreTracker::resumed, this, &RestoreController::onResumed);
    connect(tracker, &Backup::RestoreTracker::pickedUp, this, &RestoreController::onPickedUp);
    connect(tracker, &Backup::RestoreTracker::unanswered, this, &RestoreController::onUnanswered);
    // Accepted by the service, or found by reconciliation: a job page, whoever sent it (the
    // wizard may be gone by now).
    connect(m_actions, &Backup::RestoreActions::accepted, this, [this](const Backup::PendingRestore &record) {
        m_console->unsettledRestores()->remove(record.clientRequestId); // settled: its job is known
        const bool fromWizard = m_wizard && m_wizard->itemId() == record.itemId;
        precheckCancel(pageFor(record, fromWizard));
    });
    connect(m_actions, &Backup::RestoreActions::stillUnanswered, this, &RestoreController::offerToSettle);
    UnsettledRestoresStrip *unsettled = m_console->unsettledRestores();
    connect(unsettled, &UnsettledRestoresStrip::reconcileRequested, this,
            &RestoreController::reconcileUnsettled);
    connect(unsettled, &UnsettledRestoresStrip::discardRequested, this, &RestoreController::discardUnsettled);
    connect(unsettled, &UnsettledRestoresStrip::adoptRequested, this, &RestoreController::adoptUnsettled);
    connect(tracker, &Backup::RestoreTracker::progressed, this,
            [this](const Backup::PendingRestore &record, const Backup::RestoreProgress &progress) {
                pageFor(record, false)->setProgress(progress);
            });
    // Handled once the tracker's report has returned: recording the end makes the tracker forget
    // the restore, which ends the tracking job that is still reporting.
    connect(tracker, &Backup::RestoreTracker::ended, this,
            [this](const Backup::PendingRestore &record, const Backup::Job &job) {
                QTimer::singleShot(0, this, [this, record, job] { onEnded(record, job); });
            });
    connect(tracker, &Backup::RestoreTracker::stopped, this,
            [this](const Backup::PendingRestore &record, const Error &error) {
                if (!Backup::RestoreActions::endedWithoutJob(error)) {
                    // Its operation named no job, and jobs that may be it are listed: the strip
                    // offers to adopt one, as for a lost answer.
                    if (record.isAdoptable() && record.auditSeq > 0)
                        offerToSettle(record, error);
                    return pageFor(record, false)->setStopped(error);
                }
                // Its operation failed before any job existed: the end, recorded (from the event
                // loop: forgetting the record ends the tracking that is still reporting), and
                // told as every other end is.
                pageFor(record, false)->setFailedBeforeJob(error);
                QTimer::singleShot(0, this, [this, record, error] {
                    if (const auto recorded = m_actions->recordOperationFailed(record, error); !recorded)
                        m_console->banner()->showError(recorded.error());
                    onFailedBeforeJob(record, error);
                });
            });
    connect(tracker, &Backup::RestoreTracker::storeFailed, this,
            [this](const Error &error) { m_console->banner()->showError(error); });
    connect(m_actions, &Backup::RestoreActions::auditFailed, this,
            [this](const Error &error) { m_console->banner()->showError(error); });
    connect(estate, &EstateController::restoreRequested, this,
            [this](const QString &itemId, const QString &pointId) { openWizard(itemId, pointId); });
    connect(estate, &EstateController::recoveryPointsShown, this, &RestoreController::precheckRestore);
    if (JobsPanel *jobs = estate->vaultPage() ? estate->vaultPage()->jobs() : nullptr) {
        connect(jobs, &JobsPanel::cancelCheckNeeded, this,
                [this, jobs](const QString &jobId) { precheckJobCancel(jobs, jobId); });
        connect(jobs, &JobsPanel::cancelRequested, this,
                [this, jobs](const QString &jobId, const QString &reason) {
                    cancelFromJobs(jobs, jobId, reason);
                });
    }
}

RestoreController::~RestoreController()
{
    delete m_wizard;
}

void RestoreController::setIdentitySource(Backup::RestoreActions::IdentitySource identity)
{
    m_actions->setIdentity(std::move(identity));
}

void RestoreController::setTrackingOptions(const Backup::TrackingOptions &options)
{
    m_actions->tracker()->setOptions(options);
}

void RestoreController::setProfileName(const QString &name)
{
    m_actions->tracker()->setProfile(name);
}

void RestoreController::setServices(Backup::RestoreService *restore, Access::AccessService *access)
{
    m_access = access;
    delete m_precheck;
    if (!restore)
        delete m_wizard; // it belongs to the session that ended
    m_actions->setService(restore);
    if (restore)
        listOtherApis();
    for (RestoreJobPage *page : std::as_const(m_pages))
        precheckCancel(page);
}

RestoreWizard *RestoreController::openWizard(const QString &itemId, const QString &pointId)
{
    if (m_actions->isSubmitting() || (m_wizard && m_wizard->isSending())) {
        m_console->banner()->showMessage(
            MessageBanner::Level::Warning,
            tr("A restore is being sent: wait for its answer before preparing another."));
        if (m_wizard)
            m_wizard->raise();
        return nullptr;
    }
    delete m_wizard; // one restore being prepared at a time
    if (!m_actions->service()) {
        m_console->banner()->showMessage(MessageBanner::Level::Error, tr("Sign in to restore."));
        return nullptr;
    }
    auto *wizard = new RestoreWizard(m_actions, m_access, itemId, pointId, m_window);
    wizard->setWindowFlag(Qt::Window);
    wizard->setAttribute(Qt::WA_DeleteOnClose);
    // Closed (or replaced) with its restore unsettled: the strip lists it, or new restores of the
    // item would be refused pointing at a strip that does not show it. One still being sent is
    // announced by RestoreActions when it settles (stillUnanswered).
    connect(wizard, &QObject::destroyed, this,
            [this] { QTimer::singleShot(0, this, &RestoreController::listUnsettled); });
    m_wizard = wizard;
    wizard->show();
    Q_EMIT wizardOpened(wizard);
    return wizard;
}

RestoreJobPage *RestoreController::pageFor(const Backup::PendingRestore &record, bool show)
{
    RestoreJobPage *page = m_pages.value(record.clientRequestId);
    if (!page) {
        if (!m_sectionAdded) {
            m_console->addSection(QLatin1String(kRestoresKey), tr("Restores"));
            m_sectionAdded = true;
        }
        page = new RestoreJobPage(record, m_console);
        m_pages.insert(record.clientRequestId, page);
        const QString title = tr("%1 · %2").arg(
            record.itemName, record.requestedAt.toLocalTime().toString(QStringLiteral("yyyy-MM-dd HH:mm")));
        m_console->addPage(QLatin1String(kRestoresKey),
                           QLatin1String(kRestoresKey) + QLatin1Char('/') + record.clientRequestId, title,
                           page);
        connect(page, &RestoreJobPage::cancelRequested, this,
                [this, page](const QString &reason) { cancel(page, reason); });
        connect(page, &RestoreJobPage::showInJobsRequested, m_estate, &EstateController::showJob);
        precheckCancel(page);
        Q_EMIT jobPageOpened(page);
    } else if (page->record().jobId.isEmpty() && !record.jobId.isEmpty()) {
        page->setRecord(record);
    }
    if (show)
        m_console->select(QLatin1String(kRestoresKey) + QLatin1Char('/') + record.clientRequestId);
    return page;
}

void RestoreController::precheckRestore(const QString &itemId)
{
    RecoveryPointsPage *points = m_estate->recoveryPointsPage();
    delete m_precheck;
    if (!m_access) {
        points->setRestoreAllowed(false, tr("Sign in to restore."));
        return;
    }
    points->setRestoreAllowed(false, tr("Checking whether this identity may restore here…"));
    m_precheck = new QObject(this);
    const QString vaultId = Backup::ArmId::parse(itemId).vaultId();
    m_access->check(BackupOperation::get(BackupOperation::Id::Restore), vaultId, Access::RestoreTarget(),
                    m_precheck, [points](Result<Access::AccessCheck> check) {
                        if (!check && check.error().kind == Error::Kind::Cancelled)
                            return;
                        const Gate gate
                            = gateOf(check, RestoreController::tr("restore"),
                                     RestoreController::tr("Select the item again to check again."));
                        points->setRestoreAllowed(gate.allowed, gate.whyNot);
                    });
}

void RestoreController::precheckCancel(RestoreJobPage *page)
{
    if (!m_access) {
        page->setCancelAllowed(false, tr("Sign in to cancel."));
        return;
    }
    QPointer<RestoreJobPage> target(page);
    QPointer<RestoreController> self(this);
    m_access->check(BackupOperation::get(BackupOperation::Id::CancelJob), page->record().vaultId,
                    Access::RestoreTarget(), page, [self, target](Result<Access::AccessCheck> check) {
                        if (!target || (!check && check.error().kind == Error::Kind::Cancelled))
                            return;
                        const Gate gate
                            = gateOf(check, RestoreController::tr("cancel this job"),
                                     RestoreController::tr("It is checked again in half a minute."));
                        target->setCancelAllowed(gate.allowed, gate.whyNot);
                        // A job runs for a while: a check that failed or could not tell is tried
                        // again, so Cancel comes back once the permissions can be read.
                        if (!gate.allowed && (!check || check->cannotTell()))
                            QTimer::singleShot(kRecheckMs, target, [self, target] {
                                if (self && target)
                                    self->precheckCancel(target);
                            });
                    });
}

void RestoreController::onResumed(const QList<Backup::PendingRestore> &records)
{
    follow(records, [](int n) {
        return tr("Following again %n restore(s) started before the console was last closed: %1.", nullptr,
                  n);
    });
}

void RestoreController::onPickedUp(const QList<Backup::PendingRestore> &records)
{
    follow(records, [](int n) {
        return tr("Following %n restore(s) started outside this console (restoredesk-cli or another "
                  "console): %1.",
                  nullptr, n);
    });
}

void RestoreController::follow(const QList<Backup::PendingRestore> &records,
                               const std::function<QString(int)> &sentence)
{
    QStringList names;
    for (const Backup::PendingRestore &r : records) {
        pageFor(r, false);
        names << r.itemName;
    }
    if (!names.isEmpty())
        m_console->banner()->showMessage(MessageBanner::Level::Info,
                                         sentence(int(names.size())).arg(names.join(QStringLiteral(", "))));
}

void RestoreController::onUnanswered(const QList<Backup::PendingRestore> &records)
{
    // Each stays in the console's strip of unsettled restores until it is settled; the ones sent
    // are being looked for in the vault's jobs already (RestoreActions reconciles them at start).
    UnsettledRestoresStrip *strip = m_console->unsettledRestores();
    for (const Backup::PendingRestore &r : records) {
        if (r.auditSeq > 0)
            strip->setRecord(r, tr("sent without a known answer; looking for its job in the vault…"), true);
        else
            strip->setRecord(r, tr("recorded but never sent: it did not start."), false);
    }
}

void RestoreController::listOtherApis()
{
    UnsettledRestoresStrip *strip = m_console->unsettledRestores();
    const Backup::RestoreTracker *tracker = m_actions->tracker();
    for (const Backup::PendingRestore &r : tracker->records()) {
        if (!tracker->isOfThisApi(r)) {
            // Another API's (a profile signed in elsewhere, the sandbox): shown, never polled here.
            const QString origin = r.recordedOrigin();
            if (origin.isEmpty())
                strip->setLeftAlone(r,
                                    tr("recorded before restores named their API: it is not looked for "
                                       "or followed here. Check the vault's jobs; discard it once settled."),
                                    r.state == Backup::PendingRestore::State::Submitting);
            else
                strip->setLeftAlone(
                    r,
                    tr("recorded against %1 (profile %2): left to a session signed in to that API.")
                        .arg(origin, r.profile.isEmpty() ? tr("not named") : r.profile),
                    false);
            continue;
        }
        if (strip->isLeftAlone(r.clientRequestId))
            strip->remove(r.clientRequestId); // this API's again (listUnsettled() lists it as such)
    }
}

void RestoreController::listUnsettled()
{
    listOtherApis();
    UnsettledRestoresStrip *strip = m_console->unsettledRestores();
    const Backup::RestoreTracker *tracker = m_actions->tracker();
    for (const Backup::PendingRestore &r : tracker->records()) {
        if (!tracker->isOfThisApi(r) || strip->isLeftAlone(r.clientRequestId))
            continue;
        if (r.state != Backup::PendingRestore::State::Submitting || strip->contains(r.clientRequestId)
            || m_actions->isBusy(r.clientRequestId))
            continue;
        if (r.auditSeq <= 0)
            strip->setRecord(r, tr("recorded but never sent: it did not start."), false);
        else if (r.noJobFound)
            strip->setRecord(r, tr("sent without a known answer; the vault's jobs show no restore of it."),
                             false);
        else
            strip->setRecord(r, tr("sent without a known answer; whether it started is not known."), false);
    }
}

void RestoreController::onFailedBeforeJob(const Backup::PendingRestore &record, const Error &error)
{
    m_notifier->notifyEnded(RestoreNotifier::Level::Failure,
                            tr("%1: the restore failed").arg(record.itemName),
                            tr("Restore of %1 — failed before the service made a job: %2")
                                .arg(record.itemName, Text::headline(error)));
    // The end as a job would tell it: failed, with the service's code and words.
    Backup::Job job;
    job.status = Backup::Job::Status::Failed;
    job.operation = QStringLiteral("Restore");
    job.entityFriendlyName = record.itemName;
    job.errors << Backup::Job::Problem { error.args.value(0), error.args.value(1), {}, {} };
    Q_EMIT restoreEnded(record, job);
}

void RestoreController::offerToSettle(const Backup::PendingRestore &record, const Error &why)
{
    m_console->unsettledRestores()->setRecord(record, Text::describe(why), false,
                                              Backup::RestoreService::candidateJobs(why));
}

void RestoreController::reconcileUnsettled(const Backup::PendingRestore &record)
{
    if (m_actions->isBusy(record.clientRequestId))
        return;
    m_console->unsettledRestores()->setRecord(record, tr("looking for its job in the vault…"), true);
    m_actions->reconcile(record, this, [this, record](Result<Backup::PendingRestore> result) {
        // Found: accepted() takes it off the strip.
        if (!result && result.error().kind != Error::Kind::Cancelled)
            offerToSettle(record, result.error());
    });
}

void RestoreController::discardUnsettled(const Backup::PendingRestore &record)
{
    if (m_actions->isBusy(record.clientRequestId))
        return;
    // Confirmed, with a reason, as restoredesk-cli restore pending discard --reason asks.
    auto *dialog = new DiscardRestoreDialog(record, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { discardConfirmed(dialog->record(), dialog->reason()); });
    dialog->open();
}

void RestoreController::discardConfirmed(const Backup::PendingRestore &record, const QString &reason)
{
    if (auto dropped = m_actions->discard(record, reason); !dropped) {
        m_console->banner()->showError(dropped.error());
        return;
    }
    m_console->unsettledRestores()->remove(record.clientRequestId);
    m_console->banner()->showMessage(
        MessageBanner::Level::Info,
        tr("Dropped the pending restore of %1 (noted in the audit log).").arg(record.itemName));
}

void RestoreController::adoptUnsettled(const Backup::PendingRestore &record, const QString &jobId)
{
    if (m_actions->isBusy(record.clientRequestId))
        return;
    // The operator's word, with a reason, as restoredesk-cli restore pending adopt --reason asks.
    auto *dialog = new AdoptJobDialog(record, jobId, m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this,
            [this, dialog] { adoptConfirmed(dialog->record(), dialog->jobId(), dialog->reason()); });
    dialog->open();
}

void RestoreController::adoptConfirmed(const Backup::PendingRestore &record, const QString &jobId,
                                       const QString &reason)
{
    if (m_actions->isBusy(record.clientRequestId) || reason.trimmed().isEmpty())
        return;
    UnsettledRestoresStrip *strip = m_console->unsettledRestores();
    strip->setRecord(record, tr("checking job %1 in the vault…").arg(Backup::ArmId::parse(jobId).job), true,
                     { jobId });
    // The same audited action as restoredesk-cli restore pending adopt.
    m_actions->adopt(record, jobId, reason, this,
                     [this, record, jobId](Result<Backup::PendingRestore> result) {
                         if (!result) {
                             if (result.error().kind == Error::Kind::Cancelled)
                                 return;
                             m_console->banner()->showError(result.error());
                             const auto onDisk = m_actions->tracker()->store().find(record.clientRequestId);
                             if (onDisk && onDisk->isAdoptable())
                                 m_console->unsettledRestores()->setRecord(
                                     onDisk.value(), Text::describe(result.error()), false);
                             else
                                 m_console->unsettledRestores()->remove(record.clientRequestId);
                             return;
                         }
                         // accepted() takes it off the strip and follows it.
                         m_console->unsettledRestores()->remove(record.clientRequestId);
                         m_console->banner()->showMessage(
                             MessageBanner::Level::Info,
                             tr("Adopted job %1 as the restore of %2 (recorded in the audit log); "
                                "following it.")
                                 .arg(Backup::ArmId::parse(jobId).job, record.itemName));
                     });
}

void RestoreController::onEnded(const Backup::PendingRestore &record, const Backup::Job &job)
{
    RestoreJobPage *page = pageFor(record, false);
    page->setEnded(job);
    if (auto recorded = m_actions->recordEnd(record, job); !recorded)
        page->banner()->showError(recorded.error());
    const Text::JobVerdict verdict = Text::restoreVerdict(job);
    const auto level = verdict.level == Text::JobVerdict::Level::Good ? RestoreNotifier::Level::Success
        : verdict.level == Text::JobVerdict::Level::Warning           ? RestoreNotifier::Level::Warning
                                                                      : RestoreNotifier::Level::Failure;
    m_notifier->notifyEnded(level, tr("%1: %2").arg(record.itemName, verdict.title),
                            tr("Restore of %1 — %2").arg(record.itemName, Text::jobStatusText(job.status)));
    if (m_estate->vaultController()->currentVaultId().compare(record.vaultId, Qt::CaseInsensitive) == 0)
        Q_EMIT m_estate->vaultPage()->jobs()->reloadRequested(); // the jobs view shows the end too
    Q_EMIT restoreEnded(record, job);
}

void RestoreController::cancel(RestoreJobPage *page, const QString &reason)
{
    const QString jobId = page->record().jobResourceId();
    QPointer<RestoreJobPage> target(page);
    m_actions->cancel(jobId, reason, page, [target](Result<Backup::CancelAccepted> answer) {
        if (!target)
            return;
        if (answer)
            target->setCancelAnswer({});
        else if (answer.error().kind != Error::Kind::Cancelled)
            target->setCancelAnswer(answer.error());
    });
}

void RestoreController::precheckJobCancel(JobsPanel *jobs, const QString &jobId)
{
    if (!m_access) {
        jobs->setCancelGate(jobId, false, tr("Sign in to cancel."));
        return;
    }
    if (m_jobPrecheck && m_jobPrecheckFor == jobId.toLower())
        return; // already being checked
    delete m_jobPrecheck;
    m_jobPrecheck = new QObject(this);
    m_jobPrecheckFor = jobId.toLower();
    const QString vaultId = Backup::ArmId::parse(jobId).vaultId();
    QPointer<JobsPanel> target(jobs);
    QPointer<QObject> owner(m_jobPrecheck);
    m_access->check(BackupOperation::get(BackupOperation::Id::CancelJob), vaultId, Access::RestoreTarget(),
                    m_jobPrecheck, [target, owner, jobId](Result<Access::AccessCheck> check) {
                        if (!target || (!check && check.error().kind == Error::Kind::Cancelled))
                            return;
                        const Gate gate
                            = gateOf(check, RestoreController::tr("cancel this job"),
                                     RestoreController::tr("Select the job again to check again."));
                        target->setCancelGate(jobId, gate.allowed, gate.whyNot);
                        if (owner)
                            owner->deleteLater(); // decided: a later selection may check again
                    });
}

void RestoreController::cancelFromJobs(JobsPanel *jobs, const QString &jobId, const QString &reason)
{
    QPointer<JobsPanel> target(jobs);
    m_actions->cancel(jobId, reason, jobs, [target, jobId](Result<Backup::CancelAccepted> answer) {
        if (!target)
            return;
        if (answer)
            target->setCancelAnswer(jobId, {});
        else if (answer.error().kind != Error::Kind::Cancelled)
            target->setCancelAnswer(jobId, answer.error());
    });
}

} // namespace RestoreDesk
