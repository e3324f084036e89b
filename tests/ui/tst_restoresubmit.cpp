// The submit step when the answer is lost, offscreen, against the sandbox (which, as nothing in
// Azure's documentation promises otherwise, does not recognise a repeated client request id): while the
// restore is being sent the wizard does not close and no other wizard opens; closing it anyway (as a sign-out
// does) does not cancel the sending, which RestoreActions owns; once reconciliation says no job started,
// Submit stays disabled until the pending record is dropped.
#include "access/accessservice.h"
#include "adoptjobdialog.h"
#include "audit/auditlog.h"
#include "audit/audittrail.h"
#include "audit/record.h"
#include "backup/restoreactions.h"
#include "consolepage.h"
#include "discardrestoredialog.h"
#include "estatecontroller.h"
#include "mainwindow.h"
#include "messagebanner.h"
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
#include "restoresetup.h"
#include "restoresubmitpage.h"
#include "restorewherepage.h"
#include "restorewizard.h"
#include "unsettledrestoresstrip.h"

#include <QCheckBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
#include <QTest>
#include <QUuid>

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
    o.dedupClientRequestIds = false; // as Azure promises nothing more
    return o;
}

Backup::TrackingOptions fast()
{
    Backup::TrackingOptions o;
    o.operationPollMs = 40;
    o.jobPollMs = 60;
    o.retryBaseMs = 40;
    o.retryMaxMs = 300;
    o.reconcileGraceMs = 600000; // sandbox time: about 6 s here
    o.reconcilePollMs = 100;
    o.clockSkewMs = 1000;
    return o;
}

} // namespace

class TestRestoreSubmit : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void noClosingNoSecondSubmitUntilSettled();
    void closingTheWizardDoesNotCancelTheSubmit();
    void sendingAgainIsGatedByThePermissionCheck();
    void everyUnsettledRestoreStaysListedUntilSettled();
    void aJobThatMayBeTheRestoreIsAdoptedFromTheStrip();

private:
    // Submits with every API request throttled (429), so the POST never reaches the service and the
    // vault's jobs cannot be read: the submit stays in flight, reconciling.
    void submitIntoThrottling(RestoreFixture &f, RestoreWizard *w);
};

// Answers the discard dialog opened under `parent`: it names the restore (its client request id)
// and keeps OK off until a reason is typed; an empty `reason` cancels it. False when it is not
// there, names another restore, or lets OK go without a reason.
static bool answerDiscard(QWidget *parent, const QString &clientRequestId, const QString &reason,
                          const QString &candidate = {})
{
    DiscardRestoreDialog *d = nullptr;
    if (!QTest::qWaitFor([&] { return (d = parent->findChild<DiscardRestoreDialog *>()) && d->isVisible(); },
                         5000))
        return false;
    auto *id = d->findChild<QLabel *>(QStringLiteral("discardRequestIdLabel"));
    auto *buttons = d->findChild<QDialogButtonBox *>(QStringLiteral("discardButtons"));
    auto *edit = d->findChild<QLineEdit *>(QStringLiteral("discardReasonEdit"));
    if (!id || id->text() != clientRequestId || !buttons || !edit || d->windowModality() != Qt::WindowModal
        || buttons->button(QDialogButtonBox::Ok)->isEnabled())
        return false;
    if (!candidate.isEmpty()) {
        auto *jobs = d->findChild<QLabel *>(QStringLiteral("discardCandidatesLabel"));
        if (!jobs || !jobs->text().contains(candidate, Qt::CaseInsensitive))
            return false;
    }
    if (reason.isEmpty()) {
        buttons->button(QDialogButtonBox::Cancel)->click();
    } else {
        edit->setText(QStringLiteral("   "));
        if (buttons->button(QDialogButtonBox::Ok)->isEnabled())
            return false; // blanks are no reason
        edit->setText(reason);
        if (!buttons->button(QDialogButtonBox::Ok)->isEnabled())
            return false;
        buttons->button(QDialogButtonBox::Ok)->click();
    }
    // Deleted on close.
    return QTest::qWaitFor([parent] { return parent->findChild<DiscardRestoreDialog *>() == nullptr; }, 5000);
}

void TestRestoreSubmit::submitIntoThrottling(RestoreFixture &f, RestoreWizard *w)
{
    QPushButton *button = w->findChild<QPushButton *>(QStringLiteral("submitButton"));
    QVERIFY(button && button->isEnabled());
    f.sandbox.server().setFaultRates(0, 1.0, 0);
    QTest::qWait(100); // the sandbox applies it on its own thread
    button->click();
    QCOMPARE(w->submitPage()->state(), RestoreSubmitPage::State::Sending);
    QVERIFY(!button->isEnabled());
    // The transport gives up on the throttled POST (8 attempts), unsent; reconciliation begins.
    QTest::qWait(3000);
}

void TestRestoreSubmit::noClosingNoSecondSubmitUntilSettled()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(5, 50);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")), auditPath, fast(), true);
    c.window.show();
    const QString vault = RestoreFixture::vaultId(kVault);
    const int jobsBefore = f.restoreJobs(vault, QStringLiteral("vm-web-02"));
    RestoreWizard *w = openFromPointsPage(c, f.itemId(kVault, QStringLiteral("vm-web-02")));
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
    QVERIFY(disksTargets(w));
    QVERIFY(toSubmit(w, QStringLiteral("lost answer drill")));
    submitIntoThrottling(f, w);
    // Sending: the wizard stays, and no other wizard opens.
    QCOMPARE(w->submitPage()->state(), RestoreSubmitPage::State::Sending);
    QVERIFY(!w->button(QWizard::CancelButton)->isEnabled());
    w->reject();
    QVERIFY(w->isVisible());
    QVERIFY(!w->close());
    QVERIFY(w->isVisible());
    QVERIFY(!c.restores.openWizard(f.itemId(kVault, QStringLiteral("vm-web-01")), QString()));
    QCOMPARE(c.restores.wizard(), w);
    QVERIFY(c.console->banner()->text().contains(QStringLiteral("being sent")));
    // The service answers again: no restore job of it appears, so it did not start. Submit stays
    // disabled (a click sends nothing) until the pending record is dropped.
    f.sandbox.server().setFaultRates(0, 0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(w->submitPage()->state() != RestoreSubmitPage::State::Sending, kWaitMs);
    QCOMPARE(w->submitPage()->state(), RestoreSubmitPage::State::NotStarted);
    QVERIFY(w->submitPage()->unanswered().has_value());
    QVERIFY(w->submitPage()->unanswered()->noJobFound);
    QPushButton *button = w->findChild<QPushButton *>(QStringLiteral("submitButton"));
    QVERIFY(!button->isEnabled());
    w->submitPage()->submit();
    QCOMPARE(w->submitPage()->state(), RestoreSubmitPage::State::NotStarted);
    QCOMPARE(outcomes(auditRecords(auditPath, QStringLiteral("restore"))), QStringList({ "requested" }));
    QCOMPARE(f.restoreJobs(vault, QStringLiteral("vm-web-02")), jobsBefore);
    // "Drop it" asks first (the restore named, a reason required): cancelled, nothing is dropped.
    const QString id = w->submitPage()->unanswered()->clientRequestId;
    w->findChild<QPushButton *>(QStringLiteral("discardButton"))->click();
    QVERIFY(answerDiscard(w, id, QString()));
    QCOMPARE(w->submitPage()->state(), RestoreSubmitPage::State::NotStarted);
    QVERIFY(w->submitPage()->unanswered().has_value());
    QCOMPARE(c.restores.actions()->tracker()->records().size(), 1);
    QCOMPARE(outcomes(auditRecords(auditPath, QStringLiteral("restore"))), QStringList({ "requested" }));
    // Confirmed with a reason: dropped, and the log names the reason and who dropped it.
    w->findChild<QPushButton *>(QStringLiteral("discardButton"))->click();
    QVERIFY(answerDiscard(w, id, QStringLiteral("drill over: restore anew")));
    QCOMPARE(w->submitPage()->state(), RestoreSubmitPage::State::Ready);
    QVERIFY(button->isEnabled());
    QVERIFY(c.restores.actions()->tracker()->records().isEmpty());
    const QList<Audit::Record> log = auditRecords(auditPath, QStringLiteral("restore"));
    QCOMPARE(outcomes(log), QStringList({ "requested", "noted" }));
    QCOMPARE(log.last().params.value(QStringLiteral("reason")).toString(),
             QStringLiteral("drill over: restore anew"));
    QCOMPARE(log.last().params.value(QStringLiteral("discardedBy")).toObject(),
             log.first().identity.toJson());
}

void TestRestoreSubmit::closingTheWizardDoesNotCancelTheSubmit()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(5, 50);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    const QString storeDir = f.dir.filePath(QStringLiteral("pending"));
    RestoreConsole c(f, storeDir, auditPath, fast(), true);
    c.window.show();
    RestoreWizard *w = openFromPointsPage(c, f.itemId(kVault, QStringLiteral("vm-app-01")));
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
    QVERIFY(disksTargets(w));
    QVERIFY(toSubmit(w, QStringLiteral("closed mid-submit")));
    submitIntoThrottling(f, w);
    // The wizard goes (a sign-out deletes it): the sending goes on, owned by RestoreActions.
    delete w;
    QVERIFY(c.restores.actions()->isSubmitting());
    f.sandbox.server().setFaultRates(0, 0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(!c.restores.actions()->isSubmitting(), kWaitMs);
    // Settled, not orphaned: reconciliation found no job, and the record says so.
    const QList<Backup::PendingRestore> kept = c.restores.actions()->tracker()->records();
    QCOMPARE(kept.size(), 1);
    QCOMPARE(kept.first().state, Backup::PendingRestore::State::Submitting);
    QVERIFY(kept.first().auditSeq > 0);
    QVERIFY(kept.first().noJobFound);
    // And in sight: the strip lists it with its choices (a new restore of the item is refused,
    // pointing at the strip, until it is settled).
    UnsettledRestoresStrip *strip = c.console->unsettledRestores();
    QTRY_VERIFY_WITH_TIMEOUT(strip->contains(kept.first().clientRequestId), 5000);
    QVERIFY(strip->isVisible());
    QWidget *row = strip->findChild<QWidget *>(QStringLiteral("unsettled_") + kept.first().clientRequestId);
    QVERIFY(row && row->findChild<QPushButton *>(QStringLiteral("discardRestoreButton")));
}

// Defect: "Send it again" sent a new restore without the permission check the first one passed.
// The identity loses the staging account meanwhile: the resend is refused before anything is
// recorded or sent, naming what is missing.
void TestRestoreSubmit::sendingAgainIsGatedByThePermissionCheck()
{
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(5, 50);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    RestoreConsole c(f, f.dir.filePath(QStringLiteral("pending")), auditPath, fast(), true);
    c.window.show();
    const QString vault = RestoreFixture::vaultId(kVault);
    const int jobsBefore = f.restoreJobs(vault, QStringLiteral("vm-web-02"));
    RestoreWizard *w = openFromPointsPage(c, f.itemId(kVault, QStringLiteral("vm-web-02")));
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
    QVERIFY(disksTargets(w));
    QVERIFY(toSubmit(w, QStringLiteral("resend without the staging account")));
    submitIntoThrottling(f, w);
    f.sandbox.server().setFaultRates(0, 0, 0);
    QTRY_VERIFY_WITH_TIMEOUT(w->submitPage()->state() != RestoreSubmitPage::State::Sending, kWaitMs);
    QCOMPARE(w->submitPage()->state(), RestoreSubmitPage::State::NotStarted);
    QPushButton *resend = w->findChild<QPushButton *>(QStringLiteral("resendButton"));
    QVERIFY(resend && resend->isVisible());
    // Oscar's Storage Account Contributor on the staging group goes.
    const QString oscar = QStringLiteral("b2d5f9a3-4c6e-4f80-8b2c-3d4e5f6a7b02");
    const QString staging = kProd + QStringLiteral("/resourceGroups/rg-staging");
    QList<Access::RoleAssignment> &assignments = f.sandbox.server().tenant().roleAssignments;
    const auto removed = assignments.removeIf([&](const Access::RoleAssignment &a) {
        return a.principalId == oscar && a.scope.compare(staging, Qt::CaseInsensitive) == 0;
    });
    QCOMPARE(removed, 1);
    f.sandbox.server().reloadAccess();
    const QPointer<RestoreWizard> alive(w);
    resend->click();
    QTRY_VERIFY_WITH_TIMEOUT(!alive || w->submitPage()->state() != RestoreSubmitPage::State::Sending,
                             kWaitMs);
    QVERIFY2(alive, "the wizard closed: the restore was sent again");
    QCOMPARE(w->submitPage()->state(), RestoreSubmitPage::State::NotStarted);
    QVERIFY2(w->submitPage()->banner()->text().contains(QStringLiteral("Microsoft.Storage")),
             qPrintable(w->submitPage()->banner()->text()));
    QTest::qWait(500); // nothing is on its way either
    QCOMPARE(outcomes(auditRecords(auditPath, QStringLiteral("restore"))), QStringList({ "requested" }));
    QCOMPARE(f.restoreJobs(vault, QStringLiteral("vm-web-02")), jobsBefore);
    QVERIFY(w->submitPage()->unanswered().has_value()); // still kept, still offered
    QVERIFY(resend->isVisible());
    // The wizard closed with it unsettled: the strip lists it.
    const QString id = w->submitPage()->unanswered()->clientRequestId;
    QVERIFY(!c.console->unsettledRestores()->contains(id));
    w->close();
    QTRY_VERIFY_WITH_TIMEOUT(c.console->unsettledRestores()->contains(id), 5000);
}

void TestRestoreSubmit::everyUnsettledRestoreStaysListedUntilSettled()
{
    // An earlier run left two restores sent without an answer (the service never got them) and
    // one recorded but never sent. Each has its own row with its own choices, which other notices
    // do not wipe, until it is settled.
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(5, 50);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    const QString storeDir = f.dir.filePath(QStringLiteral("pending"));
    const Audit::Identity who = Audit::Identity::fromClaims(f.session->identity().jwt.claims);
    auto leftOver = [&](const QString &item, Audit::AuditTrail *trail) {
        Backup::PendingRestore p;
        p.clientRequestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
        p.itemId = f.itemId(kVault, item);
        p.itemName = item;
        p.vaultId = RestoreFixture::vaultId(kVault);
        p.pointId = f.newestPoint(p.itemId);
        p.path = p.pointId + QStringLiteral("/restore");
        p.mode = QStringLiteral("disks");
        p.kind = QStringLiteral("vm");
        p.requestedAt = f.clock.now();
        p.reason = QStringLiteral("left over");
        p.apiOrigin = Backup::PendingRestore::originOf(f.arm->baseUrl());
        if (trail)
            (void)recordRequested(*trail, who, p);
        return p;
    };
    Backup::PendingRestore web, app, never;
    {
        Audit::AuditTrail trail(std::make_unique<Audit::AuditLog>(auditPath));
        web = leftOver(QStringLiteral("vm-web-02"), &trail);
        app = leftOver(QStringLiteral("vm-app-01"), &trail);
        never = leftOver(QStringLiteral("vm-sql-01"), nullptr);
    }
    QVERIFY(web.auditSeq > 0 && app.auditSeq > 0);
    Backup::PendingRestoreStore store(storeDir);
    QVERIFY(store.save(web) && store.save(app) && store.save(never));

    const int appJobs = f.restoreJobs(RestoreFixture::vaultId(kVault), QStringLiteral("vm-app-01"));
    RestoreConsole c(f, storeDir, auditPath, fast(), true);
    c.window.show();
    UnsettledRestoresStrip *strip = c.console->unsettledRestores();
    QCOMPARE(strip->count(), 3);
    QVERIFY(strip->isVisible());
    auto row = [strip](const Backup::PendingRestore &r) {
        return strip->findChild<QWidget *>(QStringLiteral("unsettled_") + r.clientRequestId);
    };
    auto button = [&row](const Backup::PendingRestore &r, const char *name) {
        QWidget *w = row(r);
        return w ? w->findChild<QPushButton *>(QString::fromLatin1(name)) : nullptr;
    };
    // The sent ones are looked for at start; nothing is found, so each waits for the operator.
    QVERIFY(!button(web, "reconcileRestoreButton")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(button(web, "reconcileRestoreButton")->isEnabled()
                                 && button(app, "reconcileRestoreButton")->isEnabled(),
                             kWaitMs);
    QVERIFY(button(never, "reconcileRestoreButton")->isHidden()); // nothing to look for
    QVERIFY(button(never, "discardRestoreButton")->isEnabled());
    // Other notices come and go: every row keeps its choices.
    c.console->banner()->showMessage(MessageBanner::Level::Info, QStringLiteral("Something else."));
    c.console->banner()->showError(Error::make(Error::Kind::Network, QStringLiteral("network_error")));
    QCOMPARE(strip->count(), 3);
    for (const auto *r : { &web, &app, &never })
        QVERIFY(button(*r, "discardRestoreButton") && button(*r, "discardRestoreButton")->isVisible());
    // Dropping one leaves the others, and is noted in the audit log against its request.
    // It asks first: cancelled, the row and the record stay, nothing is logged.
    const qsizetype logged = auditRecords(auditPath, QStringLiteral("restore")).size();
    button(web, "discardRestoreButton")->click();
    QVERIFY(answerDiscard(&c.window, web.clientRequestId, QString()));
    QCOMPARE(strip->count(), 3);
    QVERIFY(store.find(web.clientRequestId).has_value());
    QCOMPARE(auditRecords(auditPath, QStringLiteral("restore")).size(), logged);
    button(web, "discardRestoreButton")->click();
    QVERIFY(answerDiscard(&c.window, web.clientRequestId, QStringLiteral("INC-7: not this restore")));
    QCOMPARE(strip->count(), 2);
    QVERIFY(!strip->contains(web.clientRequestId));
    QVERIFY(!store.find(web.clientRequestId).has_value());
    const QList<Audit::Record> log = auditRecords(auditPath, QStringLiteral("restore"));
    QCOMPARE(log.last().outcome, QStringLiteral("noted"));
    QCOMPARE(log.last().ref, web.auditSeq);
    QCOMPARE(log.last().params.value(QStringLiteral("reason")).toString(),
             QStringLiteral("INC-7: not this restore"));
    QVERIFY(!log.last().params.value(QStringLiteral("discardedBy")).toObject().isEmpty());
    button(never, "discardRestoreButton")->click();
    QVERIFY(answerDiscard(&c.window, never.clientRequestId, QStringLiteral("never sent")));
    QCOMPARE(strip->count(), 1);
    // Looked for again: busy meanwhile, then back with what was found (nothing), still listed.
    button(app, "reconcileRestoreButton")->click();
    QVERIFY(!button(app, "reconcileRestoreButton")->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(button(app, "reconcileRestoreButton")->isEnabled(), kWaitMs);
    QVERIFY(strip->contains(app.clientRequestId));
    QVERIFY(store.find(app.clientRequestId).has_value());
    QCOMPARE(f.restoreJobs(RestoreFixture::vaultId(kVault), QStringLiteral("vm-app-01")),
             appJobs); // none sent
}

void TestRestoreSubmit::aJobThatMayBeTheRestoreIsAdoptedFromTheStrip()
{
    // An earlier run left a restore sent without an answer; a restore job of its item that names
    // no request is listed (it may be it). Reconciled at start, its row offers to adopt that job;
    // adopting it is audited ("accepted", adopted) and the restore is followed, off the strip.
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(quick(), QStringLiteral("oscar"), &error), qPrintable(error));
    f.runClock(5, 50);
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    const QString storeDir = f.dir.filePath(QStringLiteral("pending"));
    const QString vault = RestoreFixture::vaultId(kVault);
    Backup::PendingRestore p;
    p.clientRequestId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.correlationId = QUuid::createUuid().toString(QUuid::WithoutBraces);
    p.itemId = f.itemId(kVault, QStringLiteral("vm-web-02"));
    p.itemName = QStringLiteral("vm-web-02");
    p.vaultId = vault;
    p.pointId = f.newestPoint(p.itemId);
    p.path = p.pointId + QStringLiteral("/restore");
    p.mode = QStringLiteral("disks");
    p.kind = QStringLiteral("vm");
    p.requestedAt = f.clock.now();
    p.reason = QStringLiteral("left over");
    p.apiOrigin = Backup::PendingRestore::originOf(f.arm->baseUrl());
    {
        Audit::AuditTrail trail(std::make_unique<Audit::AuditLog>(auditPath));
        (void)recordRequested(trail, Audit::Identity::fromClaims(f.session->identity().jwt.claims), p);
    }
    QVERIFY(p.auditSeq > 0);
    Backup::PendingRestoreStore store(storeDir);
    QVERIFY(store.save(p));
    Sandbox::SandboxVault *v = f.sandbox.server().tenant().vault(vault);
    QVERIFY(v);
    Sandbox::SandboxJob portal;
    portal.id = QUuid::createUuid().toString(QUuid::WithoutBraces);
    portal.vaultId = vault.toLower();
    portal.itemId = p.itemId.toLower();
    portal.operation = QStringLiteral("Restore");
    portal.itemName = p.itemName;
    portal.backupManagementType = QStringLiteral("AzureIaasVM");
    portal.jobType = QStringLiteral("AzureIaaSVMJob");
    portal.start = f.clock.now();
    portal.durationMs = 600 * 1000;
    portal.finalStatus = QStringLiteral("Completed");
    v->jobs << portal;

    RestoreConsole c(f, storeDir, auditPath, fast(), true);
    c.window.show();
    UnsettledRestoresStrip *strip = c.console->unsettledRestores();
    QTRY_VERIFY(strip->contains(p.clientRequestId));
    auto adopt = [&] {
        QWidget *w = strip->findChild<QWidget *>(QStringLiteral("unsettled_") + p.clientRequestId);
        return w ? w->findChild<QPushButton *>(QStringLiteral("adoptRestoreButton")) : nullptr;
    };
    QTRY_VERIFY_WITH_TIMEOUT(adopt() && adopt()->isVisible() && adopt()->isEnabled(), kWaitMs);
    QVERIFY2(adopt()->toolTip().contains(portal.id), qPrintable(adopt()->toolTip()));
    // Discard names the job that may be this restore, to check first; cancelled, it stays.
    strip->findChild<QWidget *>(QStringLiteral("unsettled_") + p.clientRequestId)
        ->findChild<QPushButton *>(QStringLiteral("discardRestoreButton"))
        ->click();
    QVERIFY(answerDiscard(&c.window, p.clientRequestId, QString(), portal.id));
    QVERIFY(strip->contains(p.clientRequestId));
    adopt()->click();
    // A dialog asks for the operator's reason first (as the CLI's --reason): the job and the item
    // shown, OK off until a reason is typed; nothing adopted meanwhile.
    AdoptJobDialog *dialog = nullptr;
    QTRY_VERIFY((dialog = c.window.findChild<AdoptJobDialog *>()) != nullptr);
    QVERIFY(dialog->isVisible());
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("adoptJobLabel"))->text().endsWith(portal.id));
    QVERIFY(dialog->findChild<QLabel *>(QStringLiteral("adoptItemLabel"))->text().contains(p.itemName));
    auto *buttons = dialog->findChild<QDialogButtonBox *>(QStringLiteral("adoptButtons"));
    auto *reason = dialog->findChild<QLineEdit *>(QStringLiteral("adoptReasonEdit"));
    QVERIFY(buttons && reason);
    QVERIFY(!buttons->button(QDialogButtonBox::Ok)->isEnabled());
    reason->setText(QStringLiteral("   "));
    QVERIFY(!buttons->button(QDialogButtonBox::Ok)->isEnabled()); // blanks are no reason
    QTest::qWait(200);
    QVERIFY(strip->contains(p.clientRequestId));
    QVERIFY(store.find(p.clientRequestId)->state == Backup::PendingRestore::State::Submitting);
    reason->setText(QStringLiteral("INC-12: the portal's job is this restore"));
    QVERIFY(buttons->button(QDialogButtonBox::Ok)->isEnabled());
    buttons->button(QDialogButtonBox::Ok)->click();
    QTRY_VERIFY_WITH_TIMEOUT(!strip->contains(p.clientRequestId), kWaitMs);
    // Adopted in the log against its request; then followed (kept as accepted, or already ended
    // and recorded: the job may run to its end meanwhile).
    const QList<Audit::Record> log = auditRecords(auditPath, QStringLiteral("restore"));
    bool adopted = false;
    for (const Audit::Record &rec : log)
        adopted = adopted
            || (rec.outcome == QLatin1String("accepted") && rec.ref == p.auditSeq
                && rec.params.value(QStringLiteral("adopted")).toBool()
                && rec.params.value(QStringLiteral("reason")).toString()
                    == QLatin1String("INC-12: the portal's job is this restore")
                && rec.params.value(QStringLiteral("jobId"))
                       .toString()
                       .endsWith(portal.id, Qt::CaseInsensitive));
    QVERIFY(adopted);
    const auto onDisk = store.find(p.clientRequestId);
    QVERIFY(!onDisk
            || (onDisk->state == Backup::PendingRestore::State::Accepted
                && onDisk->jobResourceId().endsWith(portal.id, Qt::CaseInsensitive)));
}

QTEST_MAIN(TestRestoreSubmit)
#include "tst_restoresubmit.moc"
