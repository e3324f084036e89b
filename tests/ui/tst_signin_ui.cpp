// The sign-in page as an operator uses it: pick the sandbox profile, press Sign in, finish in
// Chromium, see the identity and the expiry countdown; sign out from the Account menu and read
// exactly what happened; a locked keychain — at sign-in and when resuming at start — offers
// "retry after unlocking" or "this session only".
#include "audit/audittrail.h"
#include "audit/verifier.h"
#include "auth/keychainstore.h"
#include "auth/profilestore.h"
#include "auth/session.h"
#include "builtinsandbox.h"
#include "identitypage.h"
#include "mainwindow.h"
#include "messagebanner.h"
#include "profilecontroller.h"
#include "sandboxharness.h"
#include "sessioncontroller.h"
#include "signinpage.h"
#include "statusbarpresenter.h"
#include "testprocesses.h"

#include <QAction>
#include <QLabel>
#include <QMenu>
#include <QNetworkAccessManager>
#include <QProcess>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace RestoreDesk;
using namespace RestoreDesk::Test;

namespace {

// The built-in sandbox over an in-process harness already running, with the tenant's people.
class HarnessSandbox final : public BuiltInSandbox
{
public:
    explicit HarnessSandbox(SandboxHarness *h)
        : m_h(h)
    { }
    void start() override { ++starts; }
    bool isReady() const override { return true; }
    bool isStarting() const override { return false; }
    QString issuer() const override { return m_h->issuer(); }
    QString apiBase() const override { return m_h->api(); }
    QString apiAudience() const override { return Sandbox::SandboxServer::apiAudience(); }
    QList<SandboxPerson> people() const override
    {
        return {
            { QStringLiteral("rita"), QStringLiteral("Rita Reader"), { QStringLiteral("Backup Reader") } },
            { QStringLiteral("oscar"),
              QStringLiteral("Oscar Operator"),
              { QStringLiteral("Backup Operator") } }
        };
    }
    int starts = 0;

private:
    SandboxHarness *m_h;
};

// Everything the console's main() builds, for one test.
struct Console
{
    explicit Console(const QString &settings, SandboxHarness *harness, const QString &user)
        : keychain(QString::fromLatin1(Auth::Session::kKeychainService))
        , profiles(settings)
        , session(&nam, &keychain, &profiles)
        , sessions(&window, &session)
        , status(&window, &session)
        , sandbox(harness)
        , profileController(&window, &profiles, &sessions, &sandbox)
    {
        keychain.setTimeout(5000);
        sessions.setBrowserCommand({ nodeExecutable(), idpDirectory() + QStringLiteral("/browser.js"),
                                     QStringLiteral("--user"), user });
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

    SignInPage *page() { return window.findChild<SignInPage *>(QStringLiteral("signInPage")); }
    IdentityPage *identity() { return window.findChild<IdentityPage *>(QStringLiteral("identityPage")); }
    QPushButton *button(QWidget *in, const char *name)
    {
        return in->findChild<QPushButton *>(QLatin1String(name));
    }
    QString bannerText(QWidget *in)
    {
        return in->findChild<MessageBanner *>(QStringLiteral("pageBanner"))->text();
    }
};

} // namespace

class TestSignInUi : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void signInShowIdentityAndSignOut();
    void lockedKeychainOffersRetryOrSessionOnly(); // last: it locks the test keyring

private:
    static bool lockKeyring();
};

void TestSignInUi::signInShowIdentityAndSignOut()
{
    QTemporaryDir dir;
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    Console c(dir.filePath(QStringLiteral("settings.conf")), &sandbox, QStringLiteral("carla"));
    Audit::AuditTrail trail(std::make_unique<Audit::AuditLog>(dir.filePath(QStringLiteral("audit.jsonl"))));
    QVERIFY(trail.check().ok());
    c.sessions.setAuditTrail(&trail);
    c.profileController.useProfile(ProfileController::sandboxName());
    c.window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&c.window));

    auto page = c.page();
    auto button = c.button(page, "signInButton");
    QTRY_VERIFY(button->isEnabled()); // the silent resume found nothing
    QCOMPARE(c.window.currentPage(), page);
    // The people come from the sandbox's tenant, not from strings in the console.
    QVERIFY(page->findChild<QLabel *>(QStringLiteral("peopleLabel"))
                ->text()
                .contains(QStringLiteral("Oscar Operator")));
    QTest::mouseClick(button, Qt::LeftButton);
    QVERIFY(!button->isEnabled());
    QVERIFY(c.button(page, "cancelButton")->isVisible());
    QVERIFY(c.button(page, "copyLinkButton")->isVisible());

    auto identity = c.identity();
    QTRY_COMPARE_WITH_TIMEOUT(c.window.currentPage(), static_cast<QWidget *>(identity), 60000);
    QCOMPARE(identity->findChild<QLabel *>(QStringLiteral("nameValue"))->text(),
             QStringLiteral("Carla Contributor"));
    QVERIFY(identity->findChild<QLabel *>(QStringLiteral("verifiedValue"))
                ->text()
                .startsWith(QStringLiteral("verified")));
    const QString accessTokenText = identity->findChild<QLabel *>(QStringLiteral("accessTokenValue"))->text();
    QVERIFY2(accessTokenText.startsWith(QStringLiteral("Verified by this client")),
             qPrintable(accessTokenText));
    QTRY_VERIFY(c.window.identityLabel()->text().contains(QStringLiteral("token expires in")));
    QVERIFY(c.window.identityLabel()->text().startsWith(QStringLiteral("Carla Contributor")));

    auto signOut = c.window.findChild<QAction *>(QStringLiteral("signOutAction"));
    QVERIFY(signOut->isEnabled());
    signOut->trigger();
    QTRY_COMPARE(c.window.currentPage(), static_cast<QWidget *>(page));
    // Each part said as it happened: revoked at the issuer, removed from the keychain.
    QTRY_VERIFY(c.bannerText(page).contains(QStringLiteral("revoked at the issuer")));
    QVERIFY(c.bannerText(page).contains(QStringLiteral("keychain entry was removed")));
    QCOMPARE(c.window.identityLabel()->text(), QStringLiteral("Not signed in"));
    QVERIFY(!signOut->isEnabled());

    // Both actions are in the tamper-evident audit log, before and after, with the identity.
    const auto report = Audit::verifyLog(trail.log().path());
    QVERIFY(report.ok() && report->intact());
    QCOMPARE(report->records, 4); // sign-in requested/succeeded, sign-out requested/succeeded
    QFile log(trail.log().path());
    QVERIFY(log.open(QIODevice::ReadOnly));
    const QByteArray content = log.readAll();
    QVERIFY(content.contains("\"type\":\"sign-out\""));
    // The sign-in "requested" record precedes the identity; the others carry it.
    QCOMPARE(content.count("\"username\":\"carla@sandbox.restoredesk.invalid\""), 3);
    QVERIFY(!content.contains("eyJ")); // identity claims, never tokens
    QCOMPARE(c.sandbox.starts, 0); // ready already: not started twice
}

bool TestSignInUi::lockKeyring()
{
    // Lock the Secret Service's login collection (what a screen lock or a fresh login does).
    QProcess lock;
    lock.start(QStringLiteral("dbus-send"),
               { QStringLiteral("--session"), QStringLiteral("--print-reply"),
                 QStringLiteral("--dest=org.freedesktop.secrets"), QStringLiteral("/org/freedesktop/secrets"),
                 QStringLiteral("org.freedesktop.Secret.Service.Lock"),
                 QStringLiteral("array:objpath:/org/freedesktop/secrets/collection/login") });
    return lock.waitForFinished(10000) && lock.exitCode() == 0;
}

void TestSignInUi::lockedKeychainOffersRetryOrSessionOnly()
{
    QTemporaryDir dir;
    SandboxHarness sandbox;
    QString error;
    QVERIFY2(sandbox.start(Sandbox::SandboxOptions(), &error), qPrintable(error));
    const QString settings = dir.filePath(QStringLiteral("settings.conf"));

    // A saved session, made while the keychain was open.
    {
        Console c(settings, &sandbox, QStringLiteral("rita"));
        c.profileController.useProfile(ProfileController::sandboxName());
        QTRY_VERIFY(c.button(c.page(), "signInButton")->isEnabled());
        QTest::mouseClick(c.button(c.page(), "signInButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(c.window.currentPage(), static_cast<QWidget *>(c.identity()), 60000);
        QTRY_COMPARE(c.session.persistence(), Auth::Session::Persistence::Keychain);
    }
    QVERIFY(lockKeyring());

    // Defect: at start, resuming from a locked keychain only failed. Now the same choice.
    {
        Console c(settings, &sandbox, QStringLiteral("rita"));
        c.profileController.useProfile(ProfileController::sandboxName());
        c.window.show();
        QTRY_VERIFY_WITH_TIMEOUT(c.button(c.page(), "retryKeychainButton"), 15000);
        QVERIFY(c.button(c.page(), "sessionOnlyButton"));
        QVERIFY(c.bannerText(c.page()).contains(QStringLiteral("locked")));
        // Retry while still locked: the choice comes back.
        QTest::mouseClick(c.button(c.page(), "retryKeychainButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(c.button(c.page(), "sessionOnlyButton"), 15000);
        // This session only: signs in through the browser, keeps nothing.
        QTest::mouseClick(c.button(c.page(), "sessionOnlyButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(c.window.currentPage(), static_cast<QWidget *>(c.identity()), 60000);
        QCOMPARE(c.session.persistence(), Auth::Session::Persistence::MemoryOnly);
        QVERIFY(c.identity()
                    ->findChild<QLabel *>(QStringLiteral("persistenceValue"))
                    ->text()
                    .contains(QStringLiteral("by your choice")));
        QTRY_VERIFY(c.window.identityLabel()->text().contains(QStringLiteral("session only")));
    }

    // At sign-in: the keychain refuses to store the new session; the identity page offers it.
    {
        QTemporaryDir other;
        Console c(other.filePath(QStringLiteral("s.conf")), &sandbox, QStringLiteral("rita"));
        c.profileController.useProfile(ProfileController::sandboxName());
        QTRY_VERIFY(c.button(c.page(), "signInButton")->isEnabled());
        QTest::mouseClick(c.button(c.page(), "signInButton"), Qt::LeftButton);
        QTRY_COMPARE_WITH_TIMEOUT(c.window.currentPage(), static_cast<QWidget *>(c.identity()), 60000);
        QTRY_VERIFY(c.identity()->isKeychainChoiceShown());
        QVERIFY(c.window.identityLabel()->text().contains(QStringLiteral("session only")));
        QTest::mouseClick(c.button(c.identity(), "retryKeychainButton"), Qt::LeftButton);
        QTRY_VERIFY_WITH_TIMEOUT(c.button(c.identity(), "sessionOnlyButton"), 15000); // still locked
        QVERIFY(c.identity()->isKeychainChoiceShown());
        QTest::mouseClick(c.button(c.identity(), "sessionOnlyButton"), Qt::LeftButton);
        QTRY_VERIFY(!c.identity()->isKeychainChoiceShown());
        QVERIFY(c.identity()
                    ->findChild<QLabel *>(QStringLiteral("persistenceValue"))
                    ->text()
                    .contains(QStringLiteral("by your choice")));
        QCOMPARE(sandbox
                     .get(QStringLiteral("/subscriptions?api-version=2022-12-01"),
                          QString::fromLatin1(c.session.accessToken()))
                     .status,
                 200);
    }
}

QTEST_MAIN(TestSignInUi)
#include "tst_signin_ui.moc"
