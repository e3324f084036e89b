// The console's session on record, as an operator produces it: sign in through Chromium, sign out,
// switch profile — then the audit page holds each step, request and outcome linked, under the
// identity the verified ID token names, and Verify calls the log intact with every MAC checked. A
// token that expires during work is refreshed when the API refuses it, and that refresh (and a
// refresh that fails because the session was ended elsewhere) is on record too.
#include "arm/armclient.h"
#include "arm/tokenprovider.h"
#include "audit/audittrail.h"
#include "auditalertpresenter.h"
#include "auditcontroller.h"
#include "auditpage.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "backup/backupservice.h"
#include "builtinsandbox.h"
#include "consolepage.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "models/auditrecordmodel.h"
#include "profilecontroller.h"
#include "sandboxharness.h"
#include "sandboxids.h"
#include "sessioncontroller.h"
#include "signinpage.h"
#include "statusbarpresenter.h"
#include "testprocesses.h"

#include <QAction>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

const QByteArray kKey = QByteArrayLiteral("audit-session-ui-key-0123456789abcdef");
// Carla as the sandbox's seed and its ID tokens name her.
const QString kCarlaOid = QStringLiteral("c3e6a0b4-5d7f-4091-9c3d-4e5f6a7b8c03");
const QString kCarlaUsername = QStringLiteral("carla@sandbox.restoredesk.invalid");
const QString kTenant = QStringLiteral("5f1c6a52-8d3e-4b0a-9c7e-2a4b6d8e0f11");

class HarnessSandbox final : public BuiltInSandbox
{
public:
    explicit HarnessSandbox(SandboxHarness *h)
        : m_h(h)
    { }
    void start() override { }
    bool isReady() const override { return true; }
    bool isStarting() const override { return false; }
    QString issuer() const override { return m_h->issuer(); }
    QString apiBase() const override { return m_h->api(); }
    QString apiAudience() const override { return Sandbox::SandboxServer::apiAudience(); }
    QList<SandboxPerson> people() const override { return {}; }

private:
    SandboxHarness *m_h;
};

// Everything main() builds for the session and the audit log, for one test.
struct Console
{
    Console(const QString &folder, SandboxHarness *harness, const QString &user, Clock clock)
        : keychain(QString::fromLatin1(Auth::Session::kKeychainService))
        , profiles(folder + QStringLiteral("/settings.conf"))
        , session(&nam, &keychain, &profiles)
        , sessions(&window, &session)
        , status(&window, &session)
        , sandbox(harness)
        , profileController(&window, &profiles, &sessions, &sandbox)
        , console(new ConsolePage)
        , trail(std::make_unique<Audit::AuditLog>(folder + QStringLiteral("/audit.jsonl")))
        , audit(console, &trail)
        , alert(&window, console, &trail)
        , tokens(&session)
    {
        keychain.setTimeout(5000);
        session.setClock(std::move(clock));
        sessions.setBrowserCommand({ nodeExecutable(), idpDirectory() + QStringLiteral("/browser.js"),
                                     QStringLiteral("--user"), user });
        window.addPage(console);
        sessions.setHomePage(console);
        sessions.setAuditTrail(&trail);
        profileController.setAuditTrail(&trail);
        trail.log().setKey(kKey);
        QObject::connect(&sessions, &SessionController::signedIn, &window, [this] {
            audit.setService(nullptr);
            Net::Transport t;
            t.nam = &nam;
            arm = std::make_unique<Arm::ArmClient>(t, &tokens, QUrl(session.profile().apiBase));
            backup = std::make_unique<Backup::BackupService>(arm.get());
            audit.setService(backup.get());
        });
        QObject::connect(&sessions, &SessionController::signedOut, &window,
                         [this] { audit.setService(nullptr); });
    }

    bool open()
    {
        QSignalSpy loaded(audit.page(), &AuditPage::loaded);
        if (!trail.check().ok())
            return false;
        audit.open(kKey);
        return loaded.wait(10000);
    }
    bool signIn()
    {
        auto button = sessions.signInPage()->findChild<QPushButton *>(QStringLiteral("signInButton"));
        if (!QTest::qWaitFor([&] { return button->isEnabled(); }, 10000))
            return false;
        QTest::mouseClick(button, Qt::LeftButton);
        return QTest::qWaitFor([&] { return window.currentPage() == console; }, 60000);
    }
    QList<Audit::Record> records() const // oldest first
    {
        QList<Audit::Record> out;
        const Models::AuditRecordModel *m = audit.page()->recordModel();
        for (int i = m->totalCount() - 1; i >= 0; --i)
            out << *m->record(i);
        return out;
    }
    static QStringList steps(const QList<Audit::Record> &records)
    {
        QStringList out;
        for (const Audit::Record &r : records)
            out << r.type + QLatin1Char('/') + r.outcome;
        return out;
    }
    void askTimeline()
    {
        audit.page()->findChild<QLineEdit *>(QStringLiteral("timelineScopeEdit"))->setText(kProdWeu);
        audit.page()->findChild<QPushButton *>(QStringLiteral("timelineFetchButton"))->click();
    }
    QString timelineState() const
    {
        return audit.page()
            ->findChild<QLabel *>(QStringLiteral("timelineStatusLabel"))
            ->property("state")
            .toString();
    }

    MainWindow window;
    QNetworkAccessManager nam;
    Auth::KeychainStore keychain;
    Auth::ProfileStore profiles;
    Auth::Session session;
    SessionController sessions;
    StatusBarPresenter status;
    HarnessSandbox sandbox;
    ProfileController profileController;
    ConsolePage *console; // owned by the window
    Audit::AuditTrail trail;
    AuditController audit;
    AuditAlertPresenter alert;
    Arm::SessionTokenProvider tokens;
    std::unique_ptr<Arm::ArmClient> arm;
    std::unique_ptr<Backup::BackupService> backup;
};

void verifyCarla(const Audit::Identity &id, const QString &issuer)
{
    QCOMPARE(id.issuer, issuer);
    QCOMPARE(id.subject, kCarlaOid); // the sandbox's sub is the object id
    QCOMPARE(id.objectId, kCarlaOid);
    QCOMPARE(id.username, kCarlaUsername);
    QCOMPARE(id.tenant, kTenant);
}

} // namespace

class TestAuditSessionUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signInOutAndSwitchAreOnRecord();
    void refreshesAreOnRecord();
    void resumeIsOneRecord();
};

void TestAuditSessionUi::signInOutAndSwitchAreOnRecord()
{
    QTemporaryDir dir;
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    Console c(dir.path(), &sandbox, QStringLiteral("carla"), systemClock());
    Auth::Profile copy
        = Auth::Profile::sandbox(sandbox.issuer(), sandbox.api(), Sandbox::SandboxServer::apiAudience());
    copy.name = QStringLiteral("Sandbox copy");
    QVERIFY(c.profiles.save(copy).ok());
    QVERIFY(c.open());
    c.profileController.useProfile(ProfileController::sandboxName()); // the start: not a change
    c.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c.window));

    QVERIFY(c.signIn());
    c.audit.show();
    QCOMPARE(c.console->currentContent(), static_cast<QWidget *>(c.audit.page()));
    QTRY_COMPARE(Console::steps(c.records()), QStringList({ "sign-in/requested", "sign-in/succeeded" }));

    c.window.findChild<QAction *>(QStringLiteral("signOutAction"))->trigger();
    QTRY_COMPARE(c.window.currentPage(), static_cast<QWidget *>(c.sessions.signInPage()));
    QTRY_VERIFY(c.sessions.signInPage()
                    ->findChild<MessageBanner *>(QStringLiteral("pageBanner"))
                    ->text()
                    .contains(QStringLiteral("revoked")));
    c.profileController.useProfile(copy.name);

    // All on the page, live: nothing was reloaded since it opened.
    const QList<Audit::Record> r = c.records();
    QCOMPARE(Console::steps(r),
             QStringList({ "sign-in/requested", "sign-in/succeeded", "sign-out/requested",
                           "sign-out/succeeded", "profile-change/succeeded" }));
    // Signing in is asked for by nobody yet: the issuer only. The outcome names who signed in.
    QCOMPARE(r.at(0).identity.issuer, sandbox.issuer());
    QVERIFY(r.at(0).identity.subject.isEmpty());
    verifyCarla(r.at(1).identity, sandbox.issuer());
    QCOMPARE(r.at(1).ref, r.at(0).seq);
    QCOMPARE(r.at(1).params.value(QStringLiteral("identityVerified")).toBool(), true);
    QCOMPARE(r.at(1).params.value(QStringLiteral("profile")).toString(), ProfileController::sandboxName());
    QCOMPARE(r.at(1).target, sandbox.issuer());
    verifyCarla(r.at(2).identity, sandbox.issuer());
    verifyCarla(r.at(3).identity, sandbox.issuer()); // the session had forgotten her by then
    QCOMPARE(r.at(3).ref, r.at(2).seq);
    QCOMPARE(r.at(3).params.value(QStringLiteral("revocation")).toString(), QStringLiteral("revoked"));
    QCOMPARE(r.at(3).params.value(QStringLiteral("keychain")).toString(), QStringLiteral("removed"));
    QVERIFY(QDateTime::fromString(r.at(3).params.value(QStringLiteral("accessValidUntil")).toString(),
                                  Qt::ISODate)
                .isValid());
    // Switched while nobody was signed in: no identity to name.
    QVERIFY(r.at(4).identity.isEmpty());
    QCOMPARE(r.at(4).params.value(QStringLiteral("action")).toString(), QStringLiteral("switch"));
    QCOMPARE(r.at(4).params.value(QStringLiteral("from")).toString(), ProfileController::sandboxName());
    QCOMPARE(r.at(4).params.value(QStringLiteral("profile")).toString(), copy.name);

    // The page's Verify: intact, every record authenticated with the installation's key.
    QSignalSpy verified(c.audit.page(), &AuditPage::verified);
    c.audit.page()->findChild<QPushButton *>(QStringLiteral("verifyButton"))->click();
    QTRY_COMPARE(verified.count(), 1);
    const auto verdict = verified.first().first().value<Audit::Verdict>();
    QVERIFY(verdict.intact());
    QCOMPARE(verdict.records, 5);
    QCOMPARE(verdict.authenticated, 5);

    QFile log(c.trail.log().path());
    QVERIFY(log.open(QIODevice::ReadOnly));
    QVERIFY(!log.readAll().contains("eyJ")); // claims, never tokens
}

void TestAuditSessionUi::refreshesAreOnRecord()
{
    QTemporaryDir dir;
    ManualClock clock; // the sandbox's and the session's: the test moves time instead of waiting
    SandboxHarness sandbox(clock.clock());
    Sandbox::SandboxOptions options;
    options.tokenLifetimeSeconds = 300;
    options.clockSkewSeconds = 0;
    QString error;
    QVERIFY2(sandbox.start(options, &error), qPrintable(error));
    Console c(dir.path(), &sandbox, QStringLiteral("carla"), clock.clock());
    QVERIFY(c.open());
    c.profileController.useProfile(ProfileController::sandboxName());
    c.window.show();
    QVERIFY(c.signIn());
    QTRY_COMPARE(c.session.persistence(), Auth::Session::Persistence::Keychain);
    QCOMPARE(Console::steps(c.records()), QStringList({ "sign-in/requested", "sign-in/succeeded" }));

    // The access token expires during work: the API refuses it, the session refreshes once, and
    // the refresh is on record under her identity.
    clock.advance(301);
    c.askTimeline();
    QTRY_COMPARE_WITH_TIMEOUT(c.timelineState(), QStringLiteral("loaded"), 20000);
    QCOMPARE(c.session.refreshCount(), 1);
    QList<Audit::Record> r = c.records();
    QCOMPARE(Console::steps(r),
             QStringList({ "sign-in/requested", "sign-in/succeeded", "token-refresh/succeeded" }));
    verifyCarla(r.at(2).identity, sandbox.issuer());
    const QDateTime expires = QDateTime::fromString(
        r.at(2).params.value(QStringLiteral("accessExpiresAt")).toString(), Qt::ISODate);
    QCOMPARE(expires.toSecsSinceEpoch(), c.session.accessTokenExpiresAt().toSecsSinceEpoch());

    // Signed out elsewhere (another process removed the saved session): the next refresh fails,
    // and that is on record under the identity that was signed in.
    std::optional<Result<void>> removed;
    c.keychain.remove(Auth::Session::keychainKey(c.session.profile().issuer, c.session.profile().clientId,
                                                 c.session.identity().subject),
                      [&](Result<void> x) { removed = x; });
    QTRY_VERIFY(removed.has_value());
    QVERIFY(removed->ok());
    clock.advance(301);
    c.askTimeline();
    QTRY_COMPARE_WITH_TIMEOUT(c.timelineState(), QStringLiteral("failed"), 20000);
    r = c.records();
    QCOMPARE(Console::steps(r),
             QStringList({ "sign-in/requested", "sign-in/succeeded", "token-refresh/succeeded",
                           "token-refresh/failed" }));
    verifyCarla(r.at(3).identity, sandbox.issuer());
    QCOMPARE(r.at(3).params.value(QStringLiteral("error")).toString(), QStringLiteral("not_signed_in"));
    QVERIFY(!c.session.isSignedIn());
}

// Resuming a saved session redeems its refresh token: one session-resumed record says so, not a
// token-refresh beside it.
void TestAuditSessionUi::resumeIsOneRecord()
{
    QTemporaryDir dir;
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    {
        Console first(dir.path(), &sandbox, QStringLiteral("carla"), systemClock());
        QVERIFY(first.open());
        first.profileController.useProfile(ProfileController::sandboxName());
        QVERIFY(first.signIn());
        QTRY_COMPARE(first.session.persistence(), Auth::Session::Persistence::Keychain);
    }
    Console next(dir.path(), &sandbox, QStringLiteral("carla"), systemClock());
    QVERIFY(next.open());
    next.profileController.useProfile(ProfileController::sandboxName());
    QTRY_COMPARE_WITH_TIMEOUT(next.window.currentPage(), static_cast<QWidget *>(next.console), 15000);
    QCOMPARE(next.session.refreshCount(), 1);
    const QList<Audit::Record> r = next.records();
    QCOMPARE(Console::steps(r),
             QStringList({ "sign-in/requested", "sign-in/succeeded", "session-resumed/succeeded" }));
    verifyCarla(r.at(2).identity, sandbox.issuer());
    QCOMPARE(r.at(2).params.value(QStringLiteral("identityVerified")).toBool(), true);
    next.window.findChild<QAction *>(QStringLiteral("signOutAction"))->trigger(); // leave the keyring clean
    QTRY_COMPARE(Console::steps(next.records()).size(), 5);
}

QTEST_MAIN(TestAuditSessionUi)
#include "tst_auditsession_ui.moc"
