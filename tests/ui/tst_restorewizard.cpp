// The restore wizard and job page, offscreen, against the sandbox over real sockets with a person
// signed in through its sign-in page: the operator drives the wizard to a completed job (audit
// records "requested", "accepted", "finished"; "Show in jobs" opens the vault's Jobs tab on the
// restore's row with its final status, as the console's own job model lists it); a SQL restore's
// check includes the target server's VM (Carla may restore in the vault but not write it); the reader's
// Restore button is disabled with the missing action named, and a forced attempt gets the
// service's 403 inline and audited as refused; a console closed mid-restore is started again and
// resumes following it to its end (and says so); a double submit makes one restore.
#include "access/accessservice.h"
#include "audit/audittrail.h"
#include "audit/record.h"
#include "backup/restoreactions.h"
#include "consolepage.h"
#include "estatecontroller.h"
#include "jobspanel.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "models/jobmodel.h"
#include "models/recoverypointmodel.h"
#include "recoverypointspage.h"
#include "recoverypointtimeline.h"
#include "restorecheckpage.h"
#include "restoreconsole.h"
#include "restorecontroller.h"
#include "restorefixture.h"
#include "restorehowpage.h"
#include "restorejobpage.h"
#include "restorenotifier.h"
#include "restorereviewpage.h"
#include "restoresubmitpage.h"
#include "restorewherepage.h"
#include "restorewizard.h"
#include "vaultpage.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QImage>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTabWidget>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;
using namespace RestoreDesk::Test::WizardDriver;
using Field = Backup::RestoreRequest::Field;

namespace {

Sandbox::SandboxOptions quick()
{
    Sandbox::SandboxOptions o;
    o.jobDurationSeconds = 30;
    o.retryAfterSeconds = 0;
    o.dedupClientRequestIds = false; // Azure promises no more: one restore without the sandbox's help
    return o;
}

Backup::TrackingOptions fast()
{
    Backup::TrackingOptions o;
    o.operationPollMs = 40;
    o.jobPollMs = 60;
    o.retryBaseMs = 40;
    o.retryMaxMs = 300;
    return o;
}

// With RD_RESTORE_SCREENSHOTS=dir, the review and job pages are saved there at the README's size
// (packaging/screenshots.sh runs this under Xvfb); false when a picture could not be written.
bool shot(QWidget *w, const QString &name)
{
    const QString dir = qEnvironmentVariable("RD_RESTORE_SCREENSHOTS");
    if (dir.isEmpty())
        return true;
    if (!QDir().mkpath(dir))
        return false;
    const QSize was = w->size();
    w->resize(1100, 700);
    QTest::qWait(400); // laid out, and exposed on a real display
    const QImage picture = w->grab().toImage();
    w->resize(was);
    QTest::qWait(100);
    return picture.size() == QSize(1100, 700) && picture.save(dir + QLatin1Char('/') + name);
}

} // namespace

class TestRestoreWizard : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void operatorRestoresToACompletedJob();
    void readerIsStoppedAndAForcedAttemptIsRefused();
    void anUncheckedRestoreIsNotOffered();
    void jobPageCancelIsConfirmedAndAudited();
    void jobPageSaysWarningsAreNotASuccess();
    void jobsViewCancelsAJobStartedElsewhere_data();
    void jobsViewCancelsAJobStartedElsewhere();
    void sqlTargetServerIsChecked_data();
    void sqlTargetServerIsChecked();
    void restartResumesAPendingRestore();
    void doubleSubmitMakesOneRestore();
    void aRestoreThatFailsBeforeAJobIsNotified();
    void whereSaysWhereItLandsWhenNothingIsChosen();
    void whereOffersTheSubscriptionsTheIdentitySees();
};

void TestRestoreWizard::operatorRestoresToACompletedJob()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(5, 50);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")), auditPath, fast());
    c.window.show();
    const QString itemId = f.itemId(kVault, QStringLiteral("vm-web-01"));
    const int jobsBefore = f.restoreJobs(RestoreFixture::vaultId(kVault), QStringLiteral("vm-web-01"));

    RestoreWizard *w = openFromPointsPage(c, itemId);
    QVERIFY(w);
    QPointer<RestoreWizard> alive(w);
    // What: the preselected item, its points on the timeline, the tier.
    QTRY_VERIFY_WITH_TIMEOUT(w->currentPage()->isComplete(), kWaitMs);
    QVERIFY(w->findChild<QLabel *>(QStringLiteral("itemNameLabel"))
                ->text()
                .contains(QStringLiteral("vm-web-01")));
    QTRY_VERIFY(w->findChild<RecoveryPointTimeline *>(QStringLiteral("restoreTimeline"))->pointCount() > 1);
    QVERIFY(w->findChild<QLabel *>(QStringLiteral("tierLabel"))->text().startsWith(QStringLiteral("Tier: ")));
    // How: only the VM's kinds; no overwrite offered for a new VM.
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmNew));
    QVERIFY(
        w->findChild<QRadioButton *>(RestoreHowPage::objectNameOf(Backup::RestoreRequest::Mode::VmDisks)));
    QVERIFY(!w->findChild<QRadioButton *>(
        RestoreHowPage::objectNameOf(Backup::RestoreRequest::Mode::FileShareOriginal)));
    QVERIFY(!w->findChild<QCheckBox *>(QStringLiteral("overwriteCheckBox"))->isChecked());

    // Where: live validation from the request and the service.
    RestoreWherePage *where = w->wherePage();
    where->setLookupDelay(10);
    where->edit(Field::TargetResourceGroup)->setText(QStringLiteral("rg-restore-weu"));
    where->edit(Field::TargetVmName)->setText(QStringLiteral("bad name!"));
    QVERIFY(where->problemText(Field::TargetVmName).contains(QStringLiteral("bad name!")));
    QVERIFY(!where->isComplete());
    where->edit(Field::TargetVmName)->setText(QStringLiteral("vm-web-01-gui"));
    where->edit(Field::VirtualNetwork)->setText(QStringLiteral("vnet-restore-weu"));
    where->edit(Field::Subnet)->setText(QStringLiteral("nope"));
    where->edit(Field::StagingStorageAccount)->setText(kStagingNeu);
    QTRY_VERIFY_WITH_TIMEOUT(where->isChecked(), kWaitMs);
    QVERIFY(!where->isComplete());
    QVERIFY2(where->problemText(Field::Subnet).contains(QStringLiteral("no subnet")),
             qPrintable(where->problemText(Field::Subnet)));
    QVERIFY2(where->problemText(Field::StagingStorageAccount).contains(QStringLiteral("northeurope")),
             qPrintable(where->problemText(Field::StagingStorageAccount)));
    where->edit(Field::Subnet)->setText(QStringLiteral("restore"));
    where->edit(Field::StagingStorageAccount)->setText(kStaging);
    QTRY_VERIFY_WITH_TIMEOUT(where->isChecked() && where->isComplete(), kWaitMs);

    // Check, Review: every need granted; the preview says where; the request has no token.
    QVERIFY(toSubmit(w, QStringLiteral("restore drill INC-42")));
    QVERIFY(w->checkPage()->verdict()->allowed());
    const QString preview = w->reviewPage()->previewText();
    QVERIFY2(preview.contains(QStringLiteral("vm-web-01-gui"))
                 && preview.contains(QStringLiteral("rg-restore-weu"))
                 && preview.contains(QStringLiteral("ststaging")),
             qPrintable(preview));
    const QString request = w->reviewPage()->requestText();
    QVERIFY2(request.startsWith(QStringLiteral("POST ")) && request.contains(QStringLiteral("/restore")),
             qPrintable(request));
    QVERIFY(!request.contains(QStringLiteral("Bearer"), Qt::CaseInsensitive));
    QVERIFY(!request.contains(QStringLiteral("eyJ"))); // no JWT
    QVERIFY(!w->findChild<QLineEdit *>(QStringLiteral("confirmEdit"))->isVisible());
    w->back();
    QVERIFY(shot(w, QStringLiteral("restore-review.png")));
    w->next();

    // Submit: one request; the wizard hands over to the job page and closes.
    QSignalSpy pages(&c.restores, &RestoreController::jobPageOpened);
    w->findChild<QPushButton *>(QStringLiteral("submitButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(pages.count(), 1, kWaitMs);
    QTRY_VERIFY(!alive);
    RestoreJobPage *page = c.restores.jobPages().value(0);
    QCOMPARE(c.console->currentContent(), static_cast<QWidget *>(page));

    // The job page follows it to the end.
    QTRY_VERIFY_WITH_TIMEOUT(page->hasEnded(), 90000);
    QCOMPARE(page->job()->status, Backup::Job::Status::Completed);
    QCOMPARE(page->verdictText(), QStringLiteral("Restore completed"));
    // This composition has no session controller, so the status bar would say "Not signed in".
    c.window.statusBar()->hide();
    QVERIFY(shot(&c.window, QStringLiteral("restore-job.png")));
    c.window.statusBar()->show();
    QVERIFY(!page->findChild<QPushButton *>(QStringLiteral("cancelButton"))->isEnabled());
    QCOMPARE(f.restoreJobs(RestoreFixture::vaultId(kVault), QStringLiteral("vm-web-01")), jobsBefore + 1);

    // The audit log: requested (with the reason), accepted, finished — one restore.
    const auto restores = auditRecords(auditPath, QStringLiteral("restore"));
    QCOMPARE(outcomes(restores), QStringList({ "requested", "accepted", "finished" }));
    QCOMPARE(restores.first().reason, QStringLiteral("restore drill INC-42"));
    QVERIFY(restores.first().identity.username.startsWith(QStringLiteral("oscar")));
    QCOMPARE(restores.at(2).ref, restores.first().seq);
    QVERIFY(!restores.at(1).correlationIds.isEmpty());
    QVERIFY(QDir(f.dir.filePath(QStringLiteral("pending"))).entryList(QDir::Files).isEmpty());

    // The job in the jobs view: "Show in jobs" opens the vault's Jobs tab, listed again, on the
    // restore's row, with its final status — as the console's own models have it.
    QVERIFY(!page->record().jobId.isEmpty());
    QPushButton *showInJobs = page->findChild<QPushButton *>(QStringLiteral("showInJobsButton"));
    QVERIFY(showInJobs && showInJobs->isEnabled());
    QSignalSpy selected(&c.estate, &EstateController::jobSelected);
    showInJobs->click();
    QTRY_COMPARE_WITH_TIMEOUT(selected.count(), 1, kWaitMs);
    QVERIFY(selected.first().at(1).toBool());
    VaultPage *vault = c.estate.vaultPage();
    QCOMPARE(c.console->currentContent(), static_cast<QWidget *>(vault));
    QCOMPARE(vault->vaultId().toLower(), RestoreFixture::vaultId(kVault).toLower());
    QCOMPARE(vault->tabs()->currentWidget(), static_cast<QWidget *>(vault->jobs()));
    JobsPanel *jobs = vault->jobs();
    const QString jobName = page->record().jobId.section(QLatin1Char('/'), -1).toLower();
    QCOMPARE(jobs->selectedJobId().section(QLatin1Char('/'), -1).toLower(), jobName);
    const int row = jobs->model()->rowOf(page->record().jobId);
    QVERIFY(row >= 0);
    const Backup::Job *listed = jobs->model()->job(row);
    QCOMPARE(listed->operation, QStringLiteral("Restore"));
    QCOMPARE(listed->entityFriendlyName, QStringLiteral("vm-web-01"));
    QCOMPARE(listed->status, Backup::Job::Status::Completed);
    QCOMPARE(jobs->model()->index(row, Models::JobModel::StatusColumn).data().toString(),
             Models::JobModel::statusText(Backup::Job::Status::Completed));
}

void TestRestoreWizard::jobPageCancelIsConfirmedAndAudited()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(1, 200); // the sandbox's 30-second job takes 6 s: time to cancel it
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")), auditPath, fast());
    RestoreWizard *w = openFromPointsPage(c, f.itemId(kVault, QStringLiteral("vm-app-01")));
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
    QVERIFY(disksTargets(w));
    QVERIFY(toSubmit(w, QStringLiteral("cancel drill")));
    QSignalSpy pages(&c.restores, &RestoreController::jobPageOpened);
    w->findChild<QPushButton *>(QStringLiteral("submitButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(pages.count(), 1, kWaitMs);
    RestoreJobPage *page = c.restores.jobPages().value(0);
    QVERIFY(page);

    // Cancel asks first: nothing is sent until a reason is typed and the cancel confirmed.
    auto *cancel = page->findChild<QPushButton *>(QStringLiteral("cancelButton"));
    auto *frame = page->findChild<QWidget *>(QStringLiteral("cancelConfirmFrame"));
    auto *reason = page->findChild<QLineEdit *>(QStringLiteral("cancelReasonEdit"));
    auto *confirm = page->findChild<QPushButton *>(QStringLiteral("confirmCancelButton"));
    QVERIFY(cancel && frame && reason && confirm);
    QTRY_VERIFY2_WITH_TIMEOUT(cancel->isEnabled(), qPrintable(cancel->toolTip()),
                              kWaitMs); // job known, allowed
    QVERIFY(frame->isHidden());
    cancel->click();
    QVERIFY(!frame->isHidden());
    QVERIFY(!confirm->isEnabled());
    QVERIFY(auditRecords(auditPath, QStringLiteral("job-cancel")).isEmpty());
    page->findChild<QPushButton *>(QStringLiteral("keepRunningButton"))->click(); // changed my mind
    QVERIFY(frame->isHidden());
    QVERIFY(auditRecords(auditPath, QStringLiteral("job-cancel")).isEmpty());
    cancel->click();
    reason->setText(QStringLiteral("wrong point picked"));
    QVERIFY(confirm->isEnabled());
    confirm->click();
    QVERIFY(!confirm->isEnabled()); // one cancel

    // The job ends Cancelled; the verdict says so; both steps are in the log with the reason.
    QTRY_VERIFY_WITH_TIMEOUT(page->hasEnded(), 90000);
    QCOMPARE(page->job()->status, Backup::Job::Status::Cancelled);
    QVERIFY2(!page->verdictText().contains(QStringLiteral("completed"), Qt::CaseInsensitive),
             qPrintable(page->verdictText()));
    const auto cancels = auditRecords(auditPath, QStringLiteral("job-cancel"));
    QCOMPARE(outcomes(cancels), QStringList({ "requested", "accepted" }));
    QCOMPARE(cancels.first().reason, QStringLiteral("wrong point picked"));
    QCOMPARE(cancels.at(1).ref, cancels.first().seq);
    QCOMPARE(outcomes(auditRecords(auditPath, QStringLiteral("restore"))),
             QStringList({ "requested", "accepted", "cancelled" }));
}

void TestRestoreWizard::jobPageSaysWarningsAreNotASuccess()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(5, 50);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")), auditPath, fast());
    const QString itemId = f.itemId(kVault, QStringLiteral("vm-app-01"));
    Sandbox::SandboxItem *item = nullptr;
    for (Sandbox::SandboxItem &i :
         f.sandbox.server().tenant().vault(RestoreFixture::vaultId(kVault))->items) {
        if (i.resource[QStringLiteral("id")].toString().compare(itemId, Qt::CaseInsensitive) == 0)
            item = &i;
    }
    QVERIFY(item);
    item->restoreWarning = QStringLiteral("The restored VM's extensions were not installed.");
    RestoreWizard *w = openFromPointsPage(c, itemId);
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
    QVERIFY(disksTargets(w));
    QVERIFY(toSubmit(w, QStringLiteral("warning drill")));
    QSignalSpy pages(&c.restores, &RestoreController::jobPageOpened);
    w->findChild<QPushButton *>(QStringLiteral("submitButton"))->click();
    QTRY_COMPARE_WITH_TIMEOUT(pages.count(), 1, kWaitMs);
    RestoreJobPage *page = c.restores.jobPages().value(0);
    QTRY_VERIFY_WITH_TIMEOUT(page->hasEnded(), 90000);
    item->restoreWarning.clear();
    // Whatever the job's status word, the verdict does not call it a plain success, and the
    // warning itself is on the page.
    QVERIFY(!page->job()->warnings.isEmpty());
    QVERIFY2(page->verdictText().contains(QStringLiteral("warning"), Qt::CaseInsensitive),
             qPrintable(page->verdictText()));
    QVERIFY(page->verdictText() != QStringLiteral("Restore completed"));
    QVERIFY2(page->warningsText().contains(QStringLiteral("extensions were not installed")),
             qPrintable(page->warningsText()));
    QCOMPARE(outcomes(auditRecords(auditPath, QStringLiteral("restore"))),
             QStringList({ "requested", "accepted", "finished" }));
}

void TestRestoreWizard::jobsViewCancelsAJobStartedElsewhere_data()
{
    QTest::addColumn<QString>("user");
    QTest::newRow("operator") << QStringLiteral("oscar");
    QTest::newRow("reader") << QStringLiteral("rita");
}

void TestRestoreWizard::jobsViewCancelsAJobStartedElsewhere()
{
    // A restore someone started in the portal: the jobs view offers Cancel to whoever may cancel,
    // asks why and for a confirmation, and audits it; to a reader it names the missing action.
    QFETCH(QString, user);
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), user, &error), qPrintable(error));
    f.runClock(1, 200);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")), auditPath, fast());
    const QString vaultId = RestoreFixture::vaultId(kVault);
    const QString itemId = f.itemId(kVault, QStringLiteral("vm-app-01"));
    Sandbox::SandboxVault *vault = f.sandbox.server().tenant().vault(vaultId);
    QVERIFY(vault);
    Sandbox::SandboxJob elsewhere;
    elsewhere.id = QStringLiteral("5f0c2a6e-1b7d-4c1e-9f3a-7e2d9c4b8a10");
    elsewhere.vaultId = vaultId.toLower();
    elsewhere.itemId = itemId.toLower();
    elsewhere.operation = QStringLiteral("Restore");
    elsewhere.itemName = QStringLiteral("vm-app-01");
    elsewhere.backupManagementType = QStringLiteral("AzureIaasVM");
    elsewhere.jobType = QStringLiteral("AzureIaaSVMJob");
    elsewhere.start = f.clock.clock()().addSecs(-60);
    elsewhere.durationMs = 3600 * 1000;
    elsewhere.finalStatus = QStringLiteral("Completed");
    elsewhere.tasks = QStringList { QStringLiteral("Transfer data from vault") };
    vault->jobs << elsewhere;
    const QString jobId = vaultId + QStringLiteral("/backupJobs/") + elsewhere.id;

    c.estate.showJob(vaultId, jobId);
    JobsPanel *jobs = c.estate.vaultPage()->jobs();
    QTRY_VERIFY_WITH_TIMEOUT(jobs->selectedJobId().endsWith(elsewhere.id, Qt::CaseInsensitive), kWaitMs);
    auto *cancel = jobs->findChild<QPushButton *>(QStringLiteral("jobCancelButton"));
    auto *frame = jobs->findChild<QWidget *>(QStringLiteral("jobCancelFrame"));
    auto *reason = jobs->findChild<QLineEdit *>(QStringLiteral("jobCancelReasonEdit"));
    auto *confirm = jobs->findChild<QPushButton *>(QStringLiteral("jobConfirmCancelButton"));
    QVERIFY(cancel && frame && reason && confirm);
    if (user == QLatin1String("rita")) {
        QTRY_VERIFY_WITH_TIMEOUT(cancel->toolTip().contains(QStringLiteral("backupJobs/cancel/action")),
                                 kWaitMs);
        QVERIFY(!cancel->isEnabled());
        QVERIFY(auditRecords(auditPath, QStringLiteral("job-cancel")).isEmpty());
        return;
    }
    QTRY_VERIFY2_WITH_TIMEOUT(cancel->isEnabled(), qPrintable(cancel->toolTip()), kWaitMs);
    cancel->click();
    QVERIFY(!frame->isHidden());
    QVERIFY(!confirm->isEnabled()); // a reason first
    reason->setText(QStringLiteral("started on the wrong VM"));
    QVERIFY(confirm->isEnabled());
    confirm->click();
    QVERIFY(frame->isHidden());
    QVERIFY(!cancel->isEnabled()); // sent once
    QTRY_COMPARE_WITH_TIMEOUT(outcomes(auditRecords(auditPath, QStringLiteral("job-cancel"))),
                              QStringList({ "requested", "accepted" }), kWaitMs);
    const auto cancels = auditRecords(auditPath, QStringLiteral("job-cancel"));
    QCOMPARE(cancels.first().reason, QStringLiteral("started on the wrong VM"));
    QCOMPARE(cancels.first().target.toLower(), jobId.toLower());
    QVERIFY(vault->jobs.last().cancelRequestedAt.isValid()); // the service has it
}

void TestRestoreWizard::anUncheckedRestoreIsNotOffered()
{
    // The permissions cannot be read (every answer lost): Restore stays off and says why, until
    // a check that can be read allows it.
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")),
                     f.dir.filePath(QStringLiteral("audit.jsonl")), fast());
    const QString itemId = f.itemId(kVault, QStringLiteral("vm-web-01"));
    f.sandbox.server().loseAnswers("GET", QStringLiteral("/permissions"), 100000);
    c.estate.showRecoveryPoints(itemId);
    RecoveryPointsPage *points = c.estate.recoveryPointsPage();
    QPushButton *restore = points->findChild<QPushButton *>(QStringLiteral("restoreButton"));
    QTRY_VERIFY_WITH_TIMEOUT(points->model()->rowCount() > 0, kWaitMs);
    points->timeline()->selectionModel()->setCurrentIndex(points->model()->index(0, 0),
                                                          QItemSelectionModel::ClearAndSelect);
    QTRY_VERIFY_WITH_TIMEOUT(restore->toolTip().contains(QStringLiteral("Could not check")), kWaitMs * 2);
    QVERIFY(!restore->isEnabled());
    QVERIFY2(restore->toolTip().contains(QStringLiteral("check again")), qPrintable(restore->toolTip()));
    QSignalSpy opened(&c.restores, &RestoreController::wizardOpened);
    restore->click();
    QCOMPARE(opened.count(), 0);

    // Readable again: selecting the item again checks again, and Restore is offered.
    f.sandbox.server().loseAnswers({}, {}, 0);
    c.estate.showRecoveryPoints(itemId);
    QTRY_VERIFY_WITH_TIMEOUT(points->model()->rowCount() > 0, kWaitMs);
    points->timeline()->selectionModel()->setCurrentIndex(points->model()->index(0, 0),
                                                          QItemSelectionModel::ClearAndSelect);
    QTRY_VERIFY_WITH_TIMEOUT(restore->isEnabled(), kWaitMs);
}

void TestRestoreWizard::readerIsStoppedAndAForcedAttemptIsRefused()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("rita"), &error), qPrintable(error));
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")), auditPath, fast());
    const QString itemId = f.itemId(kVault, QStringLiteral("vm-web-01"));
    const QString pointId = f.newestPoint(itemId);

    // The Restore button: disabled, and its tooltip names the missing action.
    c.estate.showRecoveryPoints(itemId);
    RecoveryPointsPage *points = c.estate.recoveryPointsPage();
    QPushButton *restore = points->findChild<QPushButton *>(QStringLiteral("restoreButton"));
    QTRY_VERIFY_WITH_TIMEOUT(restore->toolTip().contains(QStringLiteral("recoveryPoints/restore/action")),
                             kWaitMs);
    QTRY_VERIFY_WITH_TIMEOUT(points->model()->rowCount() > 0, kWaitMs);
    points->timeline()->selectionModel()->setCurrentIndex(points->model()->index(0, 0),
                                                          QItemSelectionModel::ClearAndSelect);
    QVERIFY(!restore->isEnabled());
    QVERIFY2(restore->toolTip().contains(QStringLiteral("Backup Operator")), qPrintable(restore->toolTip()));
    QSignalSpy opened(&c.restores, &RestoreController::wizardOpened);
    restore->click();
    QCOMPARE(opened.count(), 0);

    // Forced: the wizard opened directly stops at Check with words to forward...
    RestoreWizard *w = c.restores.openWizard(itemId, pointId);
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
    QVERIFY(disksTargets(w));
    w->next();
    QCOMPARE(w->currentId(), int(RestoreWizard::CheckPageId));
    QTRY_VERIFY_WITH_TIMEOUT(w->checkPage()->verdict().has_value(), kWaitMs);
    QVERIFY(w->checkPage()->verdict()->denied());
    QVERIFY(!w->checkPage()->isComplete());
    QVERIFY(w->checkPage()->forwardText().contains(QStringLiteral("recoveryPoints/restore/action")));
    w->next();
    QCOMPARE(w->currentId(), int(RestoreWizard::CheckPageId)); // cannot go on

    // ...and a submit that bypasses every gate gets the service's 403, shown inline and audited.
    w->findChild<QLineEdit *>(QStringLiteral("reasonEdit"))->setText(QStringLiteral("forced"));
    RestoreSubmitPage *submit = w->submitPage();
    submit->submit();
    QTRY_COMPARE_WITH_TIMEOUT(submit->state(), RestoreSubmitPage::State::Refused, kWaitMs);
    const QString shown = submit->banner()->text();
    QVERIFY2(shown.contains(QStringLiteral("403")) && shown.contains(QStringLiteral("AuthorizationFailed")),
             qPrintable(shown));
    QVERIFY2(shown.contains(QStringLiteral("correlation")), qPrintable(shown));
    const auto restores = auditRecords(auditPath, QStringLiteral("restore"));
    QCOMPARE(outcomes(restores), QStringList({ "requested", "refused" }));
    QCOMPARE(restores.at(1).params.value(QStringLiteral("httpStatus")).toInt(), 403);
    QCOMPARE(restores.at(1).params.value(QStringLiteral("code")).toString(),
             QStringLiteral("AuthorizationFailed"));
    QVERIFY(QDir(f.dir.filePath(QStringLiteral("pending"))).entryList(QDir::Files).isEmpty());
}

void TestRestoreWizard::sqlTargetServerIsChecked_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<bool>("allowed");
    // Carla may restore in the vault but not write the SQL server's VM; Oscar may do both.
    QTest::newRow("carla") << "carla" << false;
    QTest::newRow("oscar") << "oscar" << true;
}

void TestRestoreWizard::sqlTargetServerIsChecked()
{
    QFETCH(QString, user);
    QFETCH(bool, allowed);
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), user, &error), qPrintable(error));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")),
                     f.dir.filePath(QStringLiteral("audit.jsonl")), fast());
    const QString itemId = f.itemId(kVault, QStringLiteral("sales"));
    RestoreWizard *w = c.restores.openWizard(itemId, f.newestPoint(itemId));
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::SqlAlternate));
    RestoreWherePage *where = w->wherePage();
    where->setLookupDelay(10);
    where->edit(Field::TargetDatabase)->setText(QStringLiteral("sales_gui"));
    QTRY_VERIFY_WITH_TIMEOUT(where->isChecked() && where->isComplete(), kWaitMs);
    w->next();
    QCOMPARE(w->currentId(), int(RestoreWizard::CheckPageId));
    QTRY_VERIFY_WITH_TIMEOUT(w->checkPage()->verdict().has_value(), kWaitMs);
    // The server's VM is one of the scopes checked, whoever asks.
    const QString server = kProd
        + QStringLiteral("/resourceGroups/rg-db-prod/providers/Microsoft.Compute/virtualMachines/vm-sql-01");
    bool serverChecked = false;
    for (const Access::RequirementCheck &need : w->checkPage()->verdict()->check.requirements)
        serverChecked = serverChecked
            || (need.scope.compare(server, Qt::CaseInsensitive) == 0
                && need.action == QLatin1String("Microsoft.Compute/virtualMachines/write"));
    QVERIFY(serverChecked);
    QCOMPARE(w->checkPage()->isComplete(), allowed);
    if (allowed) {
        QVERIFY(w->checkPage()->verdict()->allowed());
        return;
    }
    QVERIFY(w->checkPage()->verdict()->denied());
    const QString forward = w->checkPage()->forwardText();
    QVERIFY2(forward.contains(QStringLiteral("Microsoft.Compute/virtualMachines/write"))
                 && forward.contains(server),
             qPrintable(forward));
    QVERIFY2(forward.contains(QStringLiteral("Virtual Machine Contributor")), qPrintable(forward));
    w->next();
    QCOMPARE(w->currentId(), int(RestoreWizard::CheckPageId)); // cannot go on
}

void TestRestoreWizard::restartResumesAPendingRestore()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    const QString store = f.dir.filePath(QStringLiteral("pending"));
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    const QString itemId = f.itemId(kVault, QStringLiteral("vm-web-01"));
    QString clientRequestId;
    {
        // The clock runs slowly: the job cannot end before this console goes away.
        f.runClock(1, 200);
        auto first = std::make_unique<RestoreConsole>(f, store, auditPath, fast());
        RestoreWizard *w = openFromPointsPage(*first, itemId);
        QVERIFY(w);
        QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
        QVERIFY(disksTargets(w));
        QVERIFY(toSubmit(w, QStringLiteral("restart drill")));
        QSignalSpy pages(&first->restores, &RestoreController::jobPageOpened);
        w->findChild<QPushButton *>(QStringLiteral("submitButton"))->click();
        QTRY_COMPARE_WITH_TIMEOUT(pages.count(), 1, kWaitMs);
        RestoreJobPage *page = first->restores.jobPages().value(0);
        clientRequestId = page->clientRequestId();
        QTRY_VERIFY_WITH_TIMEOUT(!page->record().jobId.isEmpty(), kWaitMs);
        QVERIFY(!page->hasEnded());
    } // the console is gone mid-restore
    QCOMPARE(QDir(store).entryList({ QStringLiteral("*.json") }, QDir::Files).size(), 1);

    f.runClock(0, 0);
    RestoreConsole second(f, store, auditPath, fast());
    RestoreJobPage *page = second.restores.jobPage(clientRequestId);
    QVERIFY(page); // resumed at start
    QVERIFY2(second.console->banner()->text().contains(QStringLiteral("Following again 1 restore")),
             qPrintable(second.console->banner()->text()));
    f.runClock(5, 50);
    QTRY_VERIFY_WITH_TIMEOUT(page->hasEnded(), 90000);
    QCOMPARE(page->job()->status, Backup::Job::Status::Completed);
    QCOMPARE(outcomes(auditRecords(auditPath, QStringLiteral("restore"))),
             QStringList({ "requested", "accepted", "finished" }));
    QTRY_VERIFY(QDir(store).entryList({ QStringLiteral("*.json") }, QDir::Files).isEmpty());
}

void TestRestoreWizard::doubleSubmitMakesOneRestore()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(5, 50);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")), auditPath, fast());
    // The console in the background: the end is notified.
    c.window.show();
    QWidget elsewhere;
    elsewhere.show();
    elsewhere.activateWindow();
    QSignalSpy notified(c.restores.notifier(), &RestoreNotifier::notified);
    const QString itemId = f.itemId(kVault, QStringLiteral("vm-web-02"));
    const int jobsBefore = f.restoreJobs(RestoreFixture::vaultId(kVault), QStringLiteral("vm-web-02"));
    RestoreWizard *w = openFromPointsPage(c, itemId);
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
    QVERIFY(disksTargets(w));
    QVERIFY(toSubmit(w, QStringLiteral("double click")));
    QPushButton *button = w->findChild<QPushButton *>(QStringLiteral("submitButton"));
    QSignalSpy ended(&c.restores, &RestoreController::restoreEnded);
    // Two clicks reach the handler (a double click, or a click queued behind a slow repaint).
    Q_EMIT button->clicked();
    QVERIFY(!button->isEnabled());
    Q_EMIT button->clicked();
    w->submitPage()->submit();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 90000);
    QTest::qWait(300);
    QCOMPARE(ended.count(), 1);
    QCOMPARE(c.restores.jobPages().size(), 1);
    QCOMPARE(f.restoreJobs(RestoreFixture::vaultId(kVault), QStringLiteral("vm-web-02")), jobsBefore + 1);
    QCOMPARE(outcomes(auditRecords(auditPath, QStringLiteral("restore"))),
             QStringList({ "requested", "accepted", "finished" }));
    QCOMPARE(notified.count(), 1);
    QVERIFY(notified.first().first().toString().contains(QStringLiteral("vm-web-02")));
}

// Defect: a restore whose operation failed before any job existed was recorded and shown on its
// page, but neither notified nor announced as ended, unlike every other end.
void TestRestoreWizard::aRestoreThatFailsBeforeAJobIsNotified()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(5, 50);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")), auditPath, fast());
    c.window.show();
    QWidget elsewhere; // the console in the background: the end is notified
    elsewhere.show();
    elsewhere.activateWindow();
    QSignalSpy notified(c.restores.notifier(), &RestoreNotifier::notified);
    QSignalSpy ended(&c.restores, &RestoreController::restoreEnded);
    const QString itemId = f.itemId(kVault, QStringLiteral("vm-web-02"));
    Sandbox::SandboxVault *vault = f.sandbox.server().tenant().vault(RestoreFixture::vaultId(kVault));
    QVERIFY(vault);
    Sandbox::SandboxItem *item = f.sandbox.server().tenant().item(*vault, itemId);
    QVERIFY(item);
    item->restoreOperationFailure = QStringLiteral("UserErrorSnapshotNotFound");
    RestoreWizard *w = openFromPointsPage(c, itemId);
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
    QVERIFY(disksTargets(w));
    QVERIFY(toSubmit(w, QStringLiteral("fails before a job")));
    w->submitPage()->submit();
    QTRY_COMPARE_WITH_TIMEOUT(ended.count(), 1, 90000);
    const auto job = ended.first().at(1).value<Backup::Job>();
    QCOMPARE(job.status, Backup::Job::Status::Failed);
    QVERIFY(!job.errors.isEmpty());
    QCOMPARE(job.errors.first().code, QStringLiteral("UserErrorSnapshotNotFound"));
    QTRY_COMPARE(notified.count(), 1);
    QVERIFY(notified.first().first().toString().contains(QStringLiteral("vm-web-02")));
    QCOMPARE(outcomes(auditRecords(auditPath, QStringLiteral("restore"))),
             QStringList({ "requested", "accepted", "failed" }));
}

void TestRestoreWizard::whereSaysWhereItLandsWhenNothingIsChosen()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")),
                     f.dir.filePath(QStringLiteral("audit.jsonl")), fast());
    RestoreWizard *w = openFromPointsPage(c, f.itemId(kVault, QStringLiteral("hr-records")));
    QVERIFY(w);
    using Mode = Backup::RestoreRequest::Mode;
    // Back into the share it came from: nothing to type, but the page says where it writes.
    QVERIFY(throughWhatAndHow(w, Mode::FileShareOriginal));
    RestoreWherePage *where = w->wherePage();
    QVERIFY2(where->subTitle().contains(QStringLiteral("nothing to choose")), qPrintable(where->subTitle()));
    const QString lands = where->landsText();
    QVERIFY2(lands.contains(QStringLiteral("hr-records")) && lands.contains(QStringLiteral("stfabrikamfiles"))
                 && lands.contains(QStringLiteral("rg-files-prod")),
             qPrintable(lands));
    QVERIFY(!where->edit(Field::TargetStorageAccount)->isVisibleTo(where));

    // Back, another location: the page asks for it and no longer says there is nothing to choose.
    w->back();
    QCOMPARE(w->currentId(), int(RestoreWizard::HowPageId));
    w->findChild<QRadioButton *>(RestoreHowPage::objectNameOf(Mode::FileShareAlternate))->click();
    QCOMPARE(w->request().mode, Mode::FileShareAlternate);
    w->next();
    QCOMPARE(w->currentId(), int(RestoreWizard::WherePageId));
    QVERIFY2(!where->subTitle().contains(QStringLiteral("nothing to choose")), qPrintable(where->subTitle()));
    QVERIFY(where->landsText().isEmpty());
    QVERIFY(where->edit(Field::TargetStorageAccount)->isVisibleTo(where));
    w->reject();
}

void TestRestoreWizard::whereOffersTheSubscriptionsTheIdentitySees()
{
    using Mode = Backup::RestoreRequest::Mode;
    // Oscar sees one subscription: nothing to pick, a group's name is in the item's.
    {
        RestoreFixture f;
        QString error;
        QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
        RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")),
                         f.dir.filePath(QStringLiteral("audit.jsonl")), fast());
        RestoreWizard *w = openFromPointsPage(c, f.itemId(kVault, QStringLiteral("vm-web-01")));
        QVERIFY(w);
        QVERIFY(throughWhatAndHow(w, Mode::VmDisks));
        QVERIFY(disksTargets(w));
        QVERIFY(!w->wherePage()->subscriptionCombo()->isVisibleTo(w->wherePage()));
        QCOMPARE(w->request().targetResourceGroupId, kRestoreRg);
        w->reject();
    }
    // Carla sees two: the item's first; a group's name is taken in the one picked, and checked there.
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("carla"), &error), qPrintable(error));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")),
                     f.dir.filePath(QStringLiteral("audit.jsonl")), fast());
    RestoreWizard *w = openFromPointsPage(c, f.itemId(kVault, QStringLiteral("vm-web-01")));
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Mode::VmDisks));
    RestoreWherePage *where = w->wherePage();
    where->setLookupDelay(10);
    QComboBox *subs = where->subscriptionCombo();
    QTRY_COMPARE_WITH_TIMEOUT(subs->count(), 2, kWaitMs);
    QVERIFY(subs->isVisibleTo(where));
    QCOMPARE(subs->currentData().toString(), kProd);
    subs->setCurrentIndex(subs->findData(kDev));
    where->edit(Field::TargetResourceGroup)->setText(QStringLiteral("rg-nowhere"));
    where->edit(Field::StagingStorageAccount)->setText(kStaging);
    QVERIFY(QTest::qWaitFor([&] { return where->isChecked(); }, kWaitMs));
    QCOMPARE(w->request().targetResourceGroupId, kDev + QStringLiteral("/resourceGroups/rg-nowhere"));
    QVERIFY(!where->isComplete());
    QVERIFY2(where->problemText(Field::TargetResourceGroup).contains(QStringLiteral("does not exist")),
             qPrintable(where->problemText(Field::TargetResourceGroup)));
    where->edit(Field::TargetResourceGroup)->setText(QStringLiteral("rg-restored"));
    QVERIFY(QTest::qWaitFor([&] { return where->isChecked() && where->isComplete(); }, kWaitMs));
    QCOMPARE(w->request().targetResourceGroupId, kDev + QStringLiteral("/resourceGroups/rg-restored"));
    w->reject();
}

QTEST_MAIN(TestRestoreWizard)
#include "tst_restorewizard.moc"
