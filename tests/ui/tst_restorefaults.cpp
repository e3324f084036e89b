// A restore through the wizard, offscreen, against the sandbox over real sockets, while the
// service throttles (429 + Retry-After), fails (500/503) and drops connections on every API route,
// and access tokens live 60 seconds: the restore still reaches the service once, the job page
// follows it to its verdict, the session renews its tokens silently along the way, and the audit
// log says "requested" then "accepted" with a correlation id. Faults are transient per request
// (at most 3 in a row for one x-ms-client-request-id, inside the transport's tries): the drill is
// of riding them out. A POST the faults keep from the service is settled as an operator would:
// the submit page says no job of it appeared, and it is sent again as a new request. No renewal
// storm: each access token is renewed at most once, and the issuer is asked for tokens no more
// often than the clock and the tokens' lifetime imply.
#include "auth/session.h"
#include "backup/restoreactions.h"
#include "messagebanner.h"
#include "restoreconsole.h"
#include "restorecontroller.h"
#include "restorefixture.h"
#include "restorejobpage.h"
#include "restoresubmitpage.h"
#include "restorewizard.h"

#include <QDir>
#include <QPointer>
#include <QPushButton>
#include <QSignalSpy>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;
using namespace RestoreDesk::Test::WizardDriver;

class TestRestoreFaults : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void faultsAndShortTokensStillEndInAVerdict();
};

void TestRestoreFaults::faultsAndShortTokensStillEndInAVerdict()
{
    Sandbox::SandboxOptions o;
    o.tokenLifetimeSeconds = 60;
    o.clockSkewSeconds = 5; // the API refuses a token soon after its minute
    o.jobDurationSeconds = 150; // longer than two tokens live: the job outlives them
    o.retryAfterSeconds = 1;
    // As with Azure, nothing promises that a repeated client request id is recognised, so a POST the
    // transport sends twice would be two restores; "one job" is proven without the sandbox's help.
    o.dedupClientRequestIds = false;
    RestoreFixture f;
    QString error;
    QVERIFY2(f.start(o, QStringLiteral("oscar"), &error), qPrintable(error));
    const QString auditPath = f.dir.filePath(QStringLiteral("audit.jsonl"));
    const QString store = f.dir.filePath(QStringLiteral("pending"));
    const QString vaultId = RestoreFixture::vaultId(kVault);
    const QString itemId = f.itemId(kVault, QStringLiteral("vm-web-01"));
    const int jobsBefore = f.restoreJobs(vaultId, QStringLiteral("vm-web-01"));
    QVERIFY(!itemId.isEmpty());

    Backup::TrackingOptions tracking;
    tracking.operationPollMs = 100;
    tracking.jobPollMs = 150;
    tracking.retryBaseMs = 50;
    tracking.retryMaxMs = 500;
    tracking.reconcilePollMs = 200;
    // The console stamps and reconciles on the shared clock, which runs 20 times faster than real
    // time: a token's minute passes in 3 s, the job's two and a half minutes in 7.5 s.
    RestoreConsole c(f, store, auditPath, tracking, true);
    // What the issuer's token endpoint is asked from here on, on the shared clock.
    const QString tokenPath = QStringLiteral("/oidc/token");
    const quint64 tokenRequestsBefore = f.sandbox.server().requestCountsByPath().value(tokenPath);
    const QDateTime clockBefore = f.clock.now();
    f.runClock(1, 50);
    QSignalSpy refreshed(f.session.get(), &Auth::Session::refreshed);
    QSignalSpy signInNeeded(f.session.get(), &Auth::Session::interactiveSignInNeeded);
    f.sandbox.server().setMaxFaultsPerRequest(3);
    f.sandbox.server().setFaultRates(0.1, 0.1, 0.1);

    RestoreWizard *w = openFromPointsPage(c, itemId);
    QVERIFY(w);
    QVERIFY(throughWhatAndHow(w, Backup::RestoreRequest::Mode::VmDisks));
    QVERIFY(disksTargets(w));
    QVERIFY(toSubmit(w, QStringLiteral("fault drill")));
    // The wizard closes (and is deleted) once the restore is accepted: its page is looked at only
    // while it lives.
    QPointer<RestoreSubmitPage> submit = w->submitPage();
    auto unsettled = [&submit] {
        return submit
            && (submit->state() == RestoreSubmitPage::State::NotStarted
                || submit->state() == RestoreSubmitPage::State::Unknown);
    };
    auto said = [&submit] { return submit ? submit->banner()->text() : QString(); };
    QSignalSpy pages(&c.restores, &RestoreController::jobPageOpened);
    w->findChild<QPushButton *>(QStringLiteral("submitButton"))->click();

    // Either accepted (answered, or found among the vault's jobs), or — the POST never reached the
    // service — the page says no job of it appeared and offers to send it again, as a new request.
    int resends = 0;
    while (pages.count() == 0) {
        QTRY_VERIFY_WITH_TIMEOUT(pages.count() > 0 || unsettled(), kWaitMs);
        if (pages.count() > 0)
            break;
        QVERIFY2(++resends <= 5, qPrintable(said()));
        auto *next = submit->findChild<QPushButton *>(submit->state() == RestoreSubmitPage::State::NotStarted
                                                          ? QStringLiteral("resendButton")
                                                          : QStringLiteral("reconcileButton"));
        QVERIFY(next && next->isVisible());
        next->click();
    }
    RestoreJobPage *page = c.restores.jobPages().value(0);
    QVERIFY(page);
    const qsizetype refreshesBeforeTracking = refreshed.count();

    // Followed to its verdict through the faults and the expiring tokens.
    QTRY_VERIFY2_WITH_TIMEOUT(page->hasEnded(), qPrintable(page->verdictText()), 120000);
    QCOMPARE(page->job()->status, Backup::Job::Status::Completed);
    QCOMPARE(page->verdictText(), QStringLiteral("Restore completed"));
    f.sandbox.server().setFaultRates(0, 0, 0);
    // The tokens were renewed while the job was followed, silently: no sign-in was asked for.
    QVERIFY2(refreshed.count() > refreshesBeforeTracking, qPrintable(QString::number(refreshed.count())));
    QCOMPARE(signInNeeded.count(), 0);
    QVERIFY(f.session->isSignedIn());
    // No renewal storm: however many calls a token's expiry (or the API's refusal of it) turned
    // away at once, it was renewed once.
    const QHash<QString, int> renewed = f.renewals->renewalsPerToken();
    QVERIFY2(f.renewals->asks() > 0, "no call had its token refused: the drill did not drill");
    for (auto it = renewed.cbegin(); it != renewed.cend(); ++it)
        QVERIFY2(it.value() <= 1,
                 qPrintable(QStringLiteral("token %1 was renewed %2 times").arg(it.key()).arg(it.value())));
    // A token lives 60 s on the shared clock and the session renews at most once a minute unless
    // the token in hand has lived out: over the elapsed time that is one renewal a minute, plus
    // the one in flight at each end. The issuer saw no more than that (a storm would be many
    // times more).
    const qint64 elapsed = clockBefore.secsTo(f.clock.now());
    const quint64 tokenRequests
        = f.sandbox.server().requestCountsByPath().value(tokenPath) - tokenRequestsBefore;
    const quint64 allowed = quint64(elapsed / o.tokenLifetimeSeconds) + 2;
    QVERIFY2(tokenRequests >= 1 && tokenRequests <= allowed,
             qPrintable(QStringLiteral("%1 token requests in %2 s of the shared clock (at most %3)")
                            .arg(tokenRequests)
                            .arg(elapsed)
                            .arg(allowed)));
    QVERIFY2(quint64(refreshed.count()) <= tokenRequests, qPrintable(QString::number(refreshed.count())));

    // One job in the vault, whatever was sent again.
    QCOMPARE(f.restoreJobs(vaultId, QStringLiteral("vm-web-01")), jobsBefore + 1);
    const QList<Audit::Record> log = auditRecords(auditPath, QStringLiteral("restore"));
    QVERIFY(log.size() >= 3);
    QCOMPARE(log.first().outcome, QStringLiteral("requested"));
    QCOMPARE(log.last().outcome, QStringLiteral("finished"));
    int accepted = 0;
    for (int i = 0; i < log.size(); ++i) {
        if (log.at(i).outcome != QLatin1String("accepted"))
            continue;
        ++accepted;
        QVERIFY(!log.at(i).correlationIds.isEmpty());
        // It answers the last request: the one sent after every resend.
        qint64 lastRequested = 0;
        for (int j = 0; j < i; ++j) {
            if (log.at(j).outcome == QLatin1String("requested"))
                lastRequested = log.at(j).seq;
        }
        QCOMPARE(log.at(i).ref, lastRequested);
    }
    QCOMPARE(accepted, 1);
    QTRY_VERIFY(QDir(store).entryList({ QStringLiteral("*.json") }, QDir::Files).isEmpty());
}

QTEST_MAIN(TestRestoreFaults)
#include "tst_restorefaults.moc"
