// The submit step when the answer is lost, offscreen, against the sandbox (which, as the contract
// promises, does not recognise a repeated client request id): while the restore is being sent the
// wizard does not close and no other wizard opens; closing it anyway (as a sign-out does) does not
// cancel the sending, which RestoreActions owns; once reconciliation says no job started, Submit
// stays disabled until the pending record is dropped.
#include "access/accessservice.h"
#include "audit/audittrail.h"
#include "audit/record.h"
#include "backup/restoreactions.h"
#include "consolepage.h"
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
#include "restoresubmitpage.h"
#include "restorewherepage.h"
#include "restorewizard.h"

#include <QCheckBox>
#include <QDir>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSignalSpy>
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
    o.dedupClientRequestIds = false; // as the contract promises
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

private:
    // Submits with every API request throttled (429), so the POST never reaches the service and the
    // vault's jobs cannot be read: the submit stays in flight, reconciling.
    void submitIntoThrottling(RestoreFixture &f, RestoreWizard *w);
};

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
    w->findChild<QPushButton *>(QStringLiteral("discardButton"))->click();
    QCOMPARE(w->submitPage()->state(), RestoreSubmitPage::State::Ready);
    QVERIFY(button->isEnabled());
    QVERIFY(c.restores.actions()->tracker()->records().isEmpty());
    QCOMPARE(outcomes(auditRecords(auditPath, QStringLiteral("restore"))),
             QStringList({ "requested", "noted" }));
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
}

QTEST_MAIN(TestRestoreSubmit)
#include "tst_restoresubmit.moc"
